import { integer, nonNegative, show } from "../_validate.ts";
import type { Prng } from "../random/prng.ts";
import { source } from "../random/_finite.ts";

/** Most utilizations drawn in one call (the result holds them all). */
const MAX_TASKS = 10_000_000;

/**
 * Draws `n` task utilizations that sum to `totalUtilization`, uniformly distributed
 * over that simplex: the UUniFast algorithm of Bini and Buttazzo (2005).
 *
 * Algorithm: `sum = U`; for i = 1 … n − 1, `next = sum · r^(1/(n − i))` with r uniform
 * in [0, 1), `u_i = sum − next`, `sum = next`; finally `u_n = sum`. It draws n − 1
 * numbers from `prng`. Each u_i / U then has the Beta(1, n − 1) marginal (mean 1/n).
 * With U > 1 a single value can exceed 1 (a task that fits no processor).
 *
 * @param prng The source of uniform numbers in [0, 1).
 * @param n The number of tasks, an integer >= 1.
 * @param totalUtilization The sum U, a finite number >= 0.
 * @returns `n` utilizations >= 0 summing to `totalUtilization` (up to rounding).
 * @throws {RangeError} If `n` is not an integer in [1, 1e7], `totalUtilization` is out of range,
 *   or `prng` returns a number outside [0, 1).
 * @throws {TypeError} If `prng` is not a function.
 *
 * @example Five utilizations summing to 0.8
 * ```ts
 * import { createPrng } from "../../mod.ts";
 * import { uunifast } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const u = uunifast(createPrng(1, "uunifast"), 5, 0.8);
 * assert.equal(u.length, 5);
 * assert.ok(Math.abs(u.reduce((a, b) => a + b, 0) - 0.8) < 1e-12);
 * assert.ok(u.every((x) => x >= 0));
 * ```
 */
export function uunifast(prng: Prng, n: number, totalUtilization: number): number[] {
  const action = "draw utilizations";
  if (typeof prng !== "function") {
    throw new TypeError(
      `Cannot ${action} as prng must be a function: current value is ${show(prng)}`,
    );
  }
  integer(action, "n", n, 1, MAX_TASKS);
  nonNegative(action, "totalUtilization", totalUtilization);
  const draw = source(action, prng, Infinity);
  const result: number[] = [];
  let sum = totalUtilization;
  for (let i = 1; i < n; i++) {
    const next = sum * draw() ** (1 / (n - i));
    result.push(sum - next);
    sum = next;
  }
  result.push(sum);
  return result;
}
