import { within } from "../_validate.ts";
import { source } from "./_finite.ts";
import type { Prng } from "./prng.ts";

/** Largest accepted mean: beyond it draws are no longer exact integers in a double. */
const MAX_MEAN = 1e15;

/** Below this mean, inversion by sequential search; at or above it, PTRS. */
const INVERSION_LIMIT = 10;

/**
 * Draws a Poisson random number: how many events of a Poisson process with the given
 * mean fall in one interval.
 *
 * Exact in distribution (up to double rounding) for every mean from 0 to 1e15, at
 * constant expected cost:
 *
 * - mean 0 gives 0 without drawing;
 * - mean < 10: inversion by sequential search (Devroye 1986, *Non-Uniform Random
 *   Variate Generation*, section X.3.2): one uniform `u`, then the smallest `k` with
 *   `F(k) > u`, building the pmf by the recurrence `p(k) = p(k - 1) * mean / k`;
 * - mean >= 10: Hörmann's PTRS transformed rejection with squeeze (W. Hörmann, 1993,
 *   "The transformed rejection method for generating Poisson random variables",
 *   *Insurance: Mathematics and Economics* 12(1):39-45), about 2.3 uniforms per draw,
 *   with the constants of the paper as also used by NumPy's `random_poisson_ptrs`.
 *   The acceptance test compares with `log p(k)` computed as
 *   `(k - mean) - k·log1p((k - mean) / mean) - ½·log(2πk) - stirling(k)`, which keeps
 *   full precision even for means near 1e9 (a plain `k·log(mean) - log k!` loses
 *   about 6 digits there).
 *
 * The mean and the variance are both `mean`.
 *
 * @param prng The source of uniform numbers in [0, 1).
 * @param mean The expected count, a finite number in [0, 1e15].
 * @returns A non-negative integer.
 * @throws {RangeError} If `mean` is negative, NaN or above 1e15.
 *
 * @example Counts of a process with mean 50 per interval
 * ```ts
 * import { createPrng, poisson } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const prng = createPrng(7, "example");
 * const k = poisson(prng, 50);
 * assert.ok(Number.isInteger(k) && k >= 0);
 * assert.equal(poisson(prng, 0), 0);
 * ```
 */
export function poisson(prng: Prng, mean: number): number {
  const next = source("sample Poisson", prng);
  within("sample Poisson", "mean", mean, 0, MAX_MEAN);
  if (mean === 0) return 0;
  return mean < INVERSION_LIMIT ? inversion(next, mean) : ptrs(next, mean);
}

/** Sequential-search inversion; the `p > 0` guard ends the search if the tail underflows. */
function inversion(prng: () => number, mean: number): number {
  const u = prng();
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  while (u >= cdf && p > 0) {
    k++;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

/** Hörmann's PTRS (transformed rejection with squeeze), for mean >= 10. */
function ptrs(prng: () => number, mean: number): number {
  const b = 0.931 + 2.53 * Math.sqrt(mean);
  const a = -0.059 + 0.02483 * b;
  const logInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
  const vr = 0.9277 - 3.6224 / (b - 2);
  while (true) {
    const u = prng() - 0.5;
    const v = prng();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor((2 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (
      Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <= logPmf(k, mean)
    ) return k;
  }
}

/** `log k!` for k < 16, summed exactly once at load. */
const LOG_FACTORIAL: Float64Array = (() => {
  const table = new Float64Array(16);
  for (let k = 2; k < 16; k++) table[k] = table[k - 1]! + Math.log(k);
  return table;
})();

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** Log of the Poisson pmf at integer k >= 0, accurate to a few ulps for any mean. */
function logPmf(k: number, mean: number): number {
  if (k < 16) return k * Math.log(mean) - mean - LOG_FACTORIAL[k]!;
  const inv = 1 / k;
  const inv2 = inv * inv;
  // Stirling's series for log k! - (k log k - k + ½ log 2πk); next term < 2e-16 at k = 16.
  const stirling = inv *
    (1 / 12 -
      inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
  const d = k - mean;
  return d - k * Math.log1p(d / mean) - HALF_LOG_TWO_PI - 0.5 * Math.log(k) -
    stirling;
}
