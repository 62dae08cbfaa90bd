import { positive } from "../_validate.ts";
import { finiteSample, source } from "./_finite.ts";
import type { Prng } from "./prng.ts";

/**
 * Draws an exponential random number: the waiting time, in seconds, until the next
 * event of a Poisson process with the given rate.
 *
 * Algorithm: inversion, `-log1p(-u) / rate` for one uniform `u` in [0, 1), as in
 * d3-random's `randomExponential` (`src/exponential.js`). Using `log1p(-u)` rather
 * than `log(1 - u)` keeps `u = 0` finite (it gives 0) and keeps precision for small `u`.
 * The mean is `1 / rate` and the variance `1 / rate²`.
 *
 * @param prng The source of uniform numbers in [0, 1).
 * @param ratePerSecond Events per second, a finite number > 0.
 * @returns A number of seconds >= 0.
 * @throws {RangeError} If `ratePerSecond` is not a finite number > 0.
 *
 * @example Mean waiting time at 4 events per second
 * ```ts
 * import { createPrng, exponential } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const prng = createPrng(1, "example");
 * let sum = 0;
 * for (let i = 0; i < 10_000; i++) sum += exponential(prng, 4);
 * assert.ok(Math.abs(sum / 10_000 - 0.25) < 0.01);
 * ```
 */
export function exponential(prng: Prng, ratePerSecond: number): number {
  const next = source("sample exponential", prng);
  positive("sample exponential", "ratePerSecond", ratePerSecond);
  return finiteSample(
    "sample exponential",
    -Math.log1p(-next()) / ratePerSecond,
    "ratePerSecond",
  );
}
