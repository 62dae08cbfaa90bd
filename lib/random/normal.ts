import { nonNegative } from "../_validate.ts";
import { finite, finiteSample, source } from "./_finite.ts";
import type { Prng } from "./prng.ts";

/**
 * Draws a normal (Gaussian) random number with the given mean and standard deviation.
 *
 * Algorithm: Marsaglia's polar method (G. Marsaglia and T. A. Bray, 1964, "A convenient
 * method for generating normal variables", *SIAM Review* 6(3):260-264), as in
 * d3-random's `randomNormal` (`src/normal.js`): draw `(x, y)` uniform in the square
 * `[-1, 1)²` until `0 < r = x² + y² < 1` (probability π/4), then return
 * `mean + sd · y · sqrt(-2 ln(r) / r)`. The method yields two independent normals per
 * accepted pair; this function is stateless, so the second one is discarded (about 2.5
 * uniforms per draw) and the result depends only on the `prng` state.
 *
 * @param prng The source of uniform numbers in [0, 1).
 * @param mean The mean, a finite number.
 * @param standardDeviation The standard deviation, a finite number >= 0 (0 returns `mean`).
 * @returns A finite number.
 * @throws {RangeError} If `mean` is not finite or `standardDeviation` is negative or not finite.
 *
 * @example A jittered delay around 5 ms
 * ```ts
 * import { createPrng, normal } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const prng = createPrng(1, "example");
 * let sum = 0;
 * for (let i = 0; i < 10_000; i++) sum += normal(prng, 0.005, 0.001);
 * assert.ok(Math.abs(sum / 10_000 - 0.005) < 0.0001);
 * ```
 */
export function normal(
  prng: Prng,
  mean: number,
  standardDeviation: number,
): number {
  const next = source("sample normal", prng);
  finite("sample normal", "mean", mean);
  nonNegative("sample normal", "standardDeviation", standardDeviation);
  let x: number;
  let y: number;
  let r: number;
  do {
    x = next() * 2 - 1;
    y = next() * 2 - 1;
    r = x * x + y * y;
  } while (r === 0 || r >= 1);
  return finiteSample(
    "sample normal",
    mean + standardDeviation * y * Math.sqrt(-2 * Math.log(r) / r),
    "mean and standardDeviation",
  );
}
