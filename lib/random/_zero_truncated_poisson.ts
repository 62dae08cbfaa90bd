/**
 * Zero-truncated Poisson draws for the samplers' write counts. Internal: not
 * re-exported from `mod.ts`.
 *
 * A page written as a Poisson process with `mean` expected writes in a window, given
 * that it was written at least once there, received X ~ Poisson(mean) conditioned on
 * X >= 1: the zero-truncated Poisson law, P(X = x) = meanˣ / (x!·(e^mean - 1)) for
 * x >= 1. The per-page and counts samplers draw which (or how many) pages a window
 * dirtied first; the window's writes are then the sum of one such draw per dirtied
 * page, which makes the pair (pages dirtied, writes) exact jointly, as the per-write
 * engine produces it.
 *
 * The sum of `count` independent draws of one mean is drawn at a cost that does not
 * grow with `count`, in one of two exact ways:
 *
 * - Level by level. Of the N_i pages with X >= i, those with X >= i + 1 are
 *   Binomial(N_i, P(X >= i + 1 | X >= i)), independently of everything drawn before
 *   (the pages are independent); N₁ = count, and the sum is N₁ + N₂ + ... (a page with
 *   X = x is counted at levels 1..x). One binomial per level, about
 *   `mean + √(2·mean·ln count)` levels. The conditional probabilities come from
 *   `T_i = P(X >= i) / P(X = i) = 1 + mean·T_{i+1} / (i + 1)`, run downwards from a
 *   level far in the tail (where its series converges in a few terms): the recurrence
 *   shrinks relative errors in that direction. Above that level, and at every level
 *   below mean 1, the series itself. The last few pages go on one by one (one uniform
 *   per page and level).
 * - By rejection from Poisson(count·mean) (the sum of `count` untruncated draws):
 *   P(sum = w) / P(Poisson(count·mean) = w) is `(1 - e^-mean)^-count` times the
 *   probability that `w` balls thrown into `count` boxes leave none empty,
 *   `A(w) = Σᵢ (-1)ⁱ·C(count, i)·(1 - i/count)^w` (inclusion and exclusion; the
 *   zero-truncated sum's pmf through Stirling numbers of the second kind). So `w` is
 *   accepted with probability A(w), decided by Devroye's alternating series method
 *   (L. Devroye, 1986, *Non-Uniform Random Variate Generation*, section IV.5): once
 *   the terms decrease, each partial sum is alternately an upper and a lower bound,
 *   and summing stops as soon as the uniform falls outside the bracket. The terms
 *   decrease from the first `i` with `i + 1 >= count·e^(-w/count)`. It accepts with
 *   probability (1 - e^-mean)^count, so it serves where `count·e^-mean` is small:
 *   exactly where the level-by-level way would need many levels.
 *
 * @module
 */
import { binomialUnchecked } from "./_binomial.ts";
import { poissonUnchecked } from "./_poisson.ts";
import type { Prng } from "./prng.ts";

/** Below this mean, one draw by inversion; at or above it, Poisson draws until >= 1. */
const INVERSION_LIMIT = 10;

/** Up to this count, a sum is drawn as that many single draws. */
const SINGLE_DRAWS = 4;

/**
 * One zero-truncated Poisson draw (`mean > 0`; the limit 1 at `mean` 0).
 * Inversion by sequential search from x = 1 below mean 10 (expected steps about
 * 1 + mean/2); else Poisson draws until one is >= 1 (accepted with probability
 * 1 - e^-mean > 0.9999).
 */
export function zeroTruncatedPoisson(prng: Prng, mean: number): number {
  if (!(mean > 0)) return 1;
  if (mean >= INVERSION_LIMIT) {
    for (;;) {
      const x = poissonUnchecked(prng, mean);
      if (x > 0) return x;
    }
  }
  const u = prng();
  let x = 1;
  let p = mean / Math.expm1(mean);
  let cdf = p;
  // As the Poisson inversion, it ends where the terms no longer change the sum.
  while (u >= cdf) {
    x++;
    p *= mean / x;
    const next = cdf + p;
    if (next === cdf) break;
    cdf = next;
  }
  return x;
}

/**
 * The sum of `count` independent zero-truncated Poisson draws of `mean` (0 for
 * `count` 0), exact in distribution; see the module documentation for the two ways.
 */
export function zeroTruncatedPoissonSum(prng: Prng, count: number, mean: number): number {
  if (count === 0) return 0;
  if (!(mean > 0)) return count;
  if (count <= SINGLE_DRAWS) {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += zeroTruncatedPoisson(prng, mean);
    return sum;
  }
  // Below mean 1 rejection would take over 10 attempts, and there are few levels.
  if (mean < 1) return zeroTruncatedPoissonSumByLevels(prng, count, mean);
  // Expected attempts of the rejection way, against the levels of the other (both
  // cost about one binomial or Poisson draw per attempt or level).
  const logAccept = count * Math.log(-Math.expm1(-mean));
  const levels = mean + 2 * Math.sqrt(mean) + 2;
  return -logAccept < Math.log(levels)
    ? zeroTruncatedPoissonSumByRejection(prng, count, mean)
    : zeroTruncatedPoissonSumByLevels(prng, count, mean);
}

/** Scratch for `T_i - 1` by level (grown on demand; one thread). */
let rest = new Float64Array(64);

/**
 * `T_i - 1` by its series `Σ_{m>=1} Π_{l=1..m} mean / (i + l)`, for `i + 1 > mean`
 * (ratios below 1, decreasing).
 */
function restBySeries(mean: number, i: number): number {
  let term = 1;
  let sum = 0;
  for (let l = 1;; l++) {
    term *= mean / (i + l);
    sum += term;
    if (term <= 1e-17 * sum) return sum;
  }
}

/**
 * Fills `rest[i] = T_i - 1` for levels `1..top - 1`, with
 * `T_i = P(X >= i) / P(X = i)` of X ~ Poisson(mean), `top > mean + 1`.
 */
function fillLevels(mean: number, top: number): void {
  if (rest.length <= top) rest = new Float64Array(2 * top);
  let t = 1 + restBySeries(mean, top);
  for (let i = top - 1; i >= 1; i--) {
    const r = (mean * t) / (i + 1); // T_i - 1
    rest[i] = r;
    t = 1 + r;
  }
}

/** `T_i - 1`: from the table below `top`, else by its series (`top > mean + 1`). */
function restAt(mean: number, i: number, top: number): number {
  return i < top ? rest[i]! : restBySeries(mean, i);
}

/** Below this many pages left at a level, they go on level by level one at a time. */
const FEW_PAGES = 8;

/**
 * The level-by-level way: one binomial per level (`count >= 1`, `0 < mean < 700`).
 * Below mean 1 every level's probability comes from its series (no table).
 */
export function zeroTruncatedPoissonSumByLevels(prng: Prng, count: number, mean: number): number {
  const top = mean < 1 ? 0 : Math.ceil(mean + 6 * Math.sqrt(mean) + 10);
  if (top > 0) fillLevels(mean, top);
  let n = count;
  let sum = 0;
  for (let i = 1; n > 0; i++) {
    sum += n;
    if (n < FEW_PAGES) {
      // The last pages one by one: each goes on to the next level with probability
      // P(X >= j + 1 | X >= j) = (T_j - 1) / T_j.
      for (let page = 0; page < n; page++) {
        for (let j = i;; j++) {
          const r = restAt(mean, j, top);
          if (!(prng() * (1 + r) < r)) break;
          sum++;
        }
      }
      return sum;
    }
    // P(X >= i + 1 | X >= i) = (T_i - 1) / T_i; the smaller side is passed to the
    // binomial so that neither probability is formed as 1 minus the other.
    const r = restAt(mean, i, top);
    const stay = r / (1 + r);
    n = stay <= 0.5
      ? binomialUnchecked(prng, n, stay)
      : n - binomialUnchecked(prng, n, 1 / (1 + r));
  }
  return sum;
}

/**
 * The rejection way: Poisson(count·mean) accepted when no box is left empty
 * (`count >= 1`, `mean > 0`; expected attempts (1 - e^-mean)^-count).
 */
export function zeroTruncatedPoissonSumByRejection(
  prng: Prng,
  count: number,
  mean: number,
): number {
  for (;;) {
    const w = poissonUnchecked(prng, count * mean);
    if (w < count) continue; // some page would have no write
    const u = prng();
    // From index `from` on, the terms of A(w) do not increase.
    const from = count * Math.exp(-w / count) - 1;
    let logChoose = 0;
    let partial = 1; // the partial sum up to the previous term
    let accepted: boolean | undefined;
    for (let i = 1; i <= count; i++) {
      logChoose += Math.log((count - i + 1) / i);
      const term = Math.exp(logChoose + w * Math.log1p(-i / count));
      const next = i % 2 === 1 ? partial - term : partial + term;
      if (i >= from) {
        // A(w) lies between the last two partial sums.
        if (u < Math.min(partial, next)) {
          accepted = true;
          break;
        }
        if (u >= Math.max(partial, next)) {
          accepted = false;
          break;
        }
      }
      partial = next;
    }
    // All `count` terms summed: A(w) is `partial` itself.
    if (accepted ?? u < partial) return w;
  }
}
