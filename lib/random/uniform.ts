import { above, finite, source } from "./_finite.ts";
import type { Prng } from "./prng.ts";

/**
 * Draws a uniform random number in `[min, max)`.
 *
 * Algorithm: the affine map `min + (max - min) * u` of one uniform `u` in [0, 1), as
 * in d3-random's `randomUniform` (`src/uniform.js`). The mean is `(min + max) / 2` and
 * the variance `(max - min)² / 12`. For `u` within a few ulps of 1 (only reachable
 * with generators of more than 32 bits), rounding can make the sum exactly `max`; that
 * result is replaced by `min`, so the half-open contract always holds.
 *
 * @param prng The source of uniform numbers in [0, 1).
 * @param min The inclusive lower end, a finite number.
 * @param max The exclusive upper end, a finite number > `min`.
 * @returns A number `x` with `min <= x < max`.
 * @throws {RangeError} If an end is not finite or `max <= min`.
 *
 * @example A random start offset in [2, 5) seconds
 * ```ts
 * import { createPrng, uniform } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const x = uniform(createPrng(1, "example"), 2, 5);
 * assert.ok(x >= 2 && x < 5);
 * ```
 */
export function uniform(prng: Prng, min: number, max: number): number {
  const next = source("sample uniform", prng);
  finite("sample uniform", "min", min);
  finite("sample uniform", "max", max);
  above("sample uniform", "max", max, "min", min);
  const x = min + (max - min) * next();
  return x < max ? x : min;
}
