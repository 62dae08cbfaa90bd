/**
 * Binomial and Poisson-binomial tails for k-out-of-n structures, shared by the public
 * k-out-of-n functions and the block-diagram evaluator.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { logGamma } from "./_log_gamma.ts";

/**
 * Most identical components of the binomial tails (`kOutOfNIdentical`, coverage, block
 * copies, processors): two arrays of n + 1 doubles each, 160 MB at the limit.
 */
export const MAX_COMPONENTS = 10_000_000;

/** ln(Σ e^(x_i)) over `terms[from..to]` (inclusive), -Infinity when empty. */
export function logSumExp(terms: Float64Array, from: number, to: number): number {
  let max = -Infinity;
  for (let i = from; i <= to; i++) if (terms[i]! > max) max = terms[i]!;
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = from; i <= to; i++) sum += Math.exp(terms[i]! - max);
  return max + Math.log(sum);
}

/** a · ln(x) with the convention 0 · ln(0) = 0 (0^0 = 1). */
function times(a: number, logX: number): number {
  return a === 0 ? 0 : a * logX;
}

/**
 * The log-space terms ln[C(n, j) R^(n-j) U^j (c)^j], j = 0..n, of the binomial law of
 * the number j of failed components, each failed with probability U = 1 - R, times
 * c^j when a coverage c is given (ln c = 0 for no coverage factor).
 */
export function logBinomialTerms(
  n: number,
  logR: number,
  logU: number,
  logC = 0,
): Float64Array {
  const logFactorial = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) logFactorial[i] = logGamma(i + 1);
  const terms = new Float64Array(n + 1);
  const lnN = logFactorial[n]!;
  for (let j = 0; j <= n; j++) {
    terms[j] = lnN - logFactorial[j]! - logFactorial[n - j]! + times(n - j, logR) +
      times(j, logU + logC);
  }
  return terms;
}

/** Both tails, in logs, of an identical k-out-of-n structure. */
export interface LogTails {
  /** ln P(at least k of n work). */
  logReliability: number;
  /** ln P(fewer than k of n work). */
  logUnreliability: number;
}

/**
 * Both tails of the binomial law, each summed directly in log space so that the
 * smaller one keeps its relative precision: reliability sums j = 0..n-k failures,
 * unreliability sums j = n-k+1..n.
 */
export function identicalTails(k: number, n: number, logR: number, logU: number): LogTails {
  if (k <= 0) return { logReliability: 0, logUnreliability: -Infinity };
  if (k > n) return { logReliability: -Infinity, logUnreliability: 0 };
  const terms = logBinomialTerms(n, logR, logU);
  // The two tails add up to 1 in exact arithmetic; dividing by their computed sum
  // removes the error shared by every term (mostly that of ln Γ(n+1)) and keeps both in [0, 1].
  const rel = logSumExp(terms, 0, n - k);
  const unrel = logSumExp(terms, n - k + 1, n);
  const total = Math.max(rel, unrel) + Math.log1p(Math.exp(-Math.abs(rel - unrel)));
  return {
    logReliability: Math.min(0, rel - total),
    logUnreliability: Math.min(0, unrel - total),
  };
}

/**
 * P(at least k successes) among independent trials with success probabilities `p`,
 * by the O(n·k) dynamic programme of Barlow & Heidtmann (1984) / Rushdi (1986):
 * a[j] = P(exactly j successes so far) for j < k and a[k] = P(at least k so far).
 */
export function atLeast(k: number, p: ArrayLike<number>): number {
  const n = p.length;
  if (k <= 0) return 1;
  if (k > n) return 0;
  const a = new Float64Array(k + 1);
  a[0] = 1;
  for (let i = 0; i < n; i++) {
    const pi = p[i]!;
    const qi = 1 - pi;
    a[k] = a[k]! + a[k - 1]! * pi;
    for (let j = Math.min(k - 1, i + 1); j >= 1; j--) a[j] = a[j]! * qi + a[j - 1]! * pi;
    a[0] = a[0]! * qi;
  }
  return a[k]!;
}

/**
 * Both tails from one run of the programme above, with the failure probabilities `q`
 * given on their own: `atLeastK` = P(at least k successes) = a[k] and `fewer` = P(fewer
 * than k) = Σ_{j<k} a[j], a sum of the exact-count probabilities (no 1 - x).
 */
function bothTails(
  k: number,
  p: ArrayLike<number>,
  q: ArrayLike<number>,
): { atLeastK: number; fewer: number } {
  const n = p.length;
  if (k <= 0) return { atLeastK: 1, fewer: 0 };
  if (k > n) return { atLeastK: 0, fewer: 1 };
  const a = new Float64Array(k + 1);
  a[0] = 1;
  for (let i = 0; i < n; i++) {
    const pi = p[i]!;
    const qi = q[i]!;
    a[k] = a[k]! + a[k - 1]! * pi;
    for (let j = Math.min(k - 1, i + 1); j >= 1; j--) a[j] = a[j]! * qi + a[j - 1]! * pi;
    a[0] = a[0]! * qi;
  }
  let fewer = 0;
  for (let j = 0; j < k; j++) fewer += a[j]!;
  return { atLeastK: a[k]!, fewer };
}

/** Work budget (n · (n + 1)) under which both tails get their own programme. */
const BOTH_TAILS_BUDGET = 4e6;

/**
 * Reliability and unreliability of a k-out-of-n structure of non-identical
 * components given their reliabilities `r` and unreliabilities `u` (each accurate on
 * its own). The structure works iff at least k components work, and fails iff at
 * least n - k + 1 fail; each tail is computed by its own programme when
 * n·(n + 1) <= 4e6, otherwise both come from the one programme with the smaller state
 * (the other tail as the sum of its exact-count probabilities, never as 1 - x, which
 * gave 2e-15 for a series of 5000 components of reliability 0.99, not 0.99^5000).
 */
export function nonIdenticalTails(
  k: number,
  r: ArrayLike<number>,
  u: ArrayLike<number>,
): { reliability: number; unreliability: number } {
  const n = r.length;
  if (n * (n + 1) <= BOTH_TAILS_BUDGET) {
    return { reliability: atLeast(k, r), unreliability: atLeast(n - k + 1, u) };
  }
  if (k <= n - k + 1) {
    const { atLeastK, fewer } = bothTails(k, r, u);
    return { reliability: atLeastK, unreliability: fewer };
  }
  const { atLeastK, fewer } = bothTails(n - k + 1, u, r);
  return { reliability: fewer, unreliability: atLeastK };
}
