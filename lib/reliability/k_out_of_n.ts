import { integer, show, within } from "../_validate.ts";
import { nonIdenticalTails } from "./_tails.ts";

/**
 * Largest work accepted, n · min(k, n - k + 1) multiply-adds (about 0.5 s): the exact
 * recursion over non-identical components is quadratic in the worst case.
 */
const MAX_WORK = 2e8;

/**
 * Computes the reliability of a k-out-of-n:G structure of independent,
 * non-identical components: the probability that at least `k` of them work.
 *
 * Algorithm: the O(n·k) dynamic programme of Barlow & Heidtmann (1984, IEEE Trans.
 * Reliability R-33(4)) and Rushdi (1986): after adding component i with
 * reliability p_i, a[j] ← a[j](1 - p_i) + a[j-1] p_i for the probability of exactly
 * j working (j < k) and a[k] ← a[k] + a[k-1] p_i for at least k. All terms are
 * non-negative, so there is no cancellation. k = n is a series system
 * (Π p_i), k = 1 a parallel one (1 - Π(1 - p_i)).
 *
 * @param k The least number of working components for the system to work, 0..n.
 * @param reliabilities The reliability of each component, each in [0, 1] (n >= 1 items).
 * @returns The system reliability in [0, 1].
 * @throws {RangeError} If `k` is not an integer in [0, n], a reliability is outside [0, 1], or
 *   n · min(k, n - k + 1) exceeds 2e8 (the exact recursion's work).
 * @throws {TypeError} If `reliabilities` is not a non-empty array.
 *
 * @example 2-out-of-3 with reliabilities 0.9, 0.8, 0.7
 * ```ts
 * import { kOutOfN } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * // P(all 3) + P(exactly 2) = 0.504 + (0.9·0.8·0.3 + 0.9·0.2·0.7 + 0.1·0.8·0.7)
 * assert.ok(Math.abs(kOutOfN(2, [0.9, 0.8, 0.7]) - 0.902) < 1e-15);
 * ```
 */
export function kOutOfN(k: number, reliabilities: readonly number[]): number {
  const action = "compute k-out-of-n reliability";
  if (!Array.isArray(reliabilities) || reliabilities.length === 0) {
    throw new TypeError(
      `Cannot ${action} as reliabilities must be a non-empty array: current value is ${
        show(reliabilities)
      }`,
    );
  }
  const n = reliabilities.length;
  integer(action, "k", k, 0, n);
  const work = n * Math.min(k, n - k + 1);
  if (work > MAX_WORK) {
    throw new RangeError(
      `Cannot ${action} as n · min(k, n - k + 1) must be <= ${MAX_WORK}: current value is ${work} (n = ${n}, k = ${k})`,
    );
  }
  const r = new Float64Array(n);
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    r[i] = within(action, `reliabilities[${i}]`, reliabilities[i], 0, 1);
    u[i] = 1 - r[i]!;
  }
  return nonIdenticalTails(k, r, u).reliability;
}
