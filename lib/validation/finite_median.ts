/**
 * The median of the values a set of runs or points has, with a count of those that have
 * none, for summaries that must say what they left out.
 *
 * A QEMU run may lack a figure (a `downtime` QEMU reported impossibly is null in the
 * record; `ram.downtime-bytes` may be absent), and a point whose completed runs all lack
 * it has NaN statistics (`qemuAcceptance`). The library's calibrations leave such runs out
 * rather than take them as 0; a plain median over them is NaN, or, sorted with NaN among
 * numbers, any value at all. This one leaves them out and counts them.
 *
 * @module
 */
import { array, show } from "../_validate.ts";
import { median } from "../datacenter/_stats.ts";

/** The result of {@link finiteMedian}. */
export interface FiniteMedian {
  /**
   * Median of the finite values (the mean of the middle two for an even count); NaN when
   * there are none.
   */
  median: number;
  /** Finite values the median is taken over. */
  count: number;
  /** Values left out: null, undefined, NaN or infinite (a run or point without the figure). */
  skipped: number;
}

/**
 * Takes the median of the finite numbers of `values` and counts the other entries (null,
 * undefined, NaN, infinite) as skipped, so that a summary can say how many runs or points
 * it left out instead of printing NaN.
 *
 * @param values Numbers, null or undefined.
 * @returns The median of the finite values, their count and the count of the others.
 * @throws {TypeError} If `values` is not an array, or holds an entry that is neither a
 *   number, null nor undefined (the error names the entry).
 *
 * @example A point without a recorded downtime is left out and counted
 * ```ts
 * import { finiteMedian } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(finiteMedian([0.3, NaN, 0.1, null, 0.2]), { median: 0.2, count: 3, skipped: 2 });
 * assert.ok(Number.isNaN(finiteMedian([null]).median));
 * ```
 */
export function finiteMedian(values: readonly (number | null | undefined)[]): FiniteMedian {
  const action = "take the median of finite values";
  array(action, "values", values);
  const finite: number[] = [];
  values.forEach((x, i) => {
    if (typeof x === "number") {
      if (Number.isFinite(x)) finite.push(x);
    } else if (x !== null && x !== undefined) {
      throw new TypeError(
        `Cannot ${action} as values[${i}] must be a number, null or undefined: current value is ${
          show(x)
        }`,
      );
    }
  });
  return { median: median(finite), count: finite.length, skipped: values.length - finite.length };
}
