import { integer, within } from "../_validate.ts";
import { binomialUnchecked } from "./_binomial.ts";
import { source } from "./_finite.ts";
import type { Prng } from "./prng.ts";

/** Largest accepted count (see the doc). */
const MAX_COUNT = 2 ** 32;

/**
 * Draws a binomial random number: how many of `trials` independent trials succeed,
 * each with probability `probability`.
 *
 * Exact in distribution (up to double rounding) for `trials` up to 2^32 (16 TiB of
 * 4 KiB pages; beyond it the log-factorials of the acceptance test lose the digits
 * it needs), at constant expected cost. With `p' = min(p, 1 - p)` (the count is mirrored when
 * `p > ½`):
 *
 * - `trials = 0`, `p = 0` or `p = 1` give 0 or `trials` without drawing;
 * - `trials·p' < 10`: inversion by sequential search (Devroye 1986, *Non-Uniform
 *   Random Variate Generation*, section X.4.3): one uniform `u`, then the smallest
 *   `k` with `F(k) > u`, the pmf built by `p(k + 1) = p(k)·(n - k)/(k + 1)·p'/(1 - p')`
 *   from `p(0) = exp(n·log1p(-p'))`;
 * - otherwise Hörmann's BTRS transformed rejection with squeeze (W. Hörmann, 1993,
 *   "The generation of binomial random variates", *Journal of Statistical
 *   Computation and Simulation* 46:101-110), with the constants of the paper; its
 *   acceptance test compares with `log p(k) - log p(m)` from exact log-factorials.
 *
 * The mean is `n·p` and the variance `n·p·(1 - p)`.
 *
 * @param prng The source of uniform numbers in [0, 1).
 * @param trials The number of trials, an integer in [0, 2^32].
 * @param probability The success probability of each trial, in [0, 1].
 * @returns An integer in `[0, trials]`.
 * @throws {RangeError} If `trials` is not an integer in [0, 2^32] or `probability` is
 * outside [0, 1] or NaN.
 *
 * @example Pages of a 1,000-page run written in a round, each with probability 0.3
 * ```ts
 * import { binomial, createPrng } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const prng = createPrng(7, "example");
 * const k = binomial(prng, 1000, 0.3);
 * assert.ok(Number.isInteger(k) && k >= 0 && k <= 1000);
 * assert.equal(binomial(prng, 1000, 1), 1000);
 * assert.equal(binomial(prng, 0, 0.5), 0);
 * ```
 */
export function binomial(prng: Prng, trials: number, probability: number): number {
  const next = source("sample binomial", prng);
  integer("sample binomial", "trials", trials, 0, MAX_COUNT);
  within("sample binomial", "probability", probability, 0, 1);
  return binomialUnchecked(next, trials, probability);
}
