import { within } from "../_validate.ts";
import { source } from "./_finite.ts";
import { poissonUnchecked } from "./_poisson.ts";
import type { Prng } from "./prng.ts";

/** Largest accepted mean: beyond it draws are no longer exact integers in a double. */
const MAX_MEAN = 1e15;

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
  return poissonUnchecked(next, mean);
}
