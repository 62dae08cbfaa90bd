import { positive } from "../_validate.ts";
import { finiteSample, source } from "./_finite.ts";
import type { Prng } from "./prng.ts";

/**
 * Draws a Weibull random number with the given shape `k` and scale `λ`, e.g. a time to
 * failure in seconds.
 *
 * Algorithm: inversion of the CDF `F(x) = 1 - exp(-(x/λ)^k)`, that is
 * `λ · (-log1p(-u))^(1/k)` for one uniform `u` in [0, 1), as in d3-random's
 * `randomWeibull` (`src/weibull.js`); `log1p(-u)` keeps `u = 0` finite. The mean is
 * `λ Γ(1 + 1/k)` and the variance `λ² (Γ(1 + 2/k) - Γ(1 + 1/k)²)`; shape 1 is the
 * exponential distribution with rate `1/λ`.
 *
 * @param prng The source of uniform numbers in [0, 1).
 * @param shape The shape `k`, a finite number > 0 (< 1: decreasing hazard, > 1: wear-out).
 * @param scale The scale `λ`, a finite number > 0, in the unit of the result.
 * @returns A number >= 0.
 * @throws {RangeError} If `shape` or `scale` is not a finite number > 0.
 *
 * @example Shape 2, scale 10: mean 10·Γ(1.5) ≈ 8.86
 * ```ts
 * import { createPrng, weibull } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const prng = createPrng(1, "example");
 * let sum = 0;
 * for (let i = 0; i < 10_000; i++) sum += weibull(prng, 2, 10);
 * assert.ok(Math.abs(sum / 10_000 - 5 * Math.sqrt(Math.PI)) < 0.2);
 * ```
 */
export function weibull(prng: Prng, shape: number, scale: number): number {
  const next = source("sample Weibull", prng);
  positive("sample Weibull", "shape", shape);
  positive("sample Weibull", "scale", scale);
  return finiteSample(
    "sample Weibull",
    scale * Math.pow(-Math.log1p(-next()), 1 / shape),
    "shape and scale",
  );
}
