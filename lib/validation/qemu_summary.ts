/**
 * One line of figures for a set of point comparisons against the recorded QEMU runs:
 * how many points agree on convergence, how many are within a tolerance on total time,
 * downtime and bytes, and the median and largest errors. A preset is held to the data
 * through it.
 *
 * @module
 */
import { array, finiteNumber, object, within } from "../_validate.ts";
import type { QemuComparison } from "./qemu_comparison.ts";
import { median } from "../datacenter/_stats.ts";

/** Median and largest absolute relative error of one figure. */
export interface ErrorSpread {
  /** Points with an error for this figure. */
  count: number;
  /** Median of |error| (NaN when count is 0). */
  medianAbs: number;
  /** Largest |error| (NaN when count is 0). */
  maxAbs: number;
}

/** The summary of {@link summarizeQemuComparisons}. */
export interface QemuComparisonSummary {
  /** Points compared. */
  points: number;
  /** Points whose convergence agrees (mixed recorded points never agree). */
  convergenceAgrees: number;
  /** Points where every repeat and the simulation converged. */
  bothConverged: number;
  /**
   * Of those, points within the tolerance on total time, downtime and bytes (a figure
   * whose recorded mean is 0, or whose recorded downtime is missing, counts as outside).
   */
  withinTolerance: number;
  /** The tolerance used (relative). */
  tolerance: number;
  /** Error spreads per figure over the points where both converged. */
  totalSeconds: ErrorSpread;
  /** Downtime. */
  downtimeSeconds: ErrorSpread;
  /** Bytes. */
  bytes: ErrorSpread;
}

/**
 * Summarizes point comparisons.
 *
 * @param rows Comparisons from `compareWithQemuRuns`, one per point.
 * @param tolerance Relative tolerance in [0, 1], e.g. 0.15.
 * @returns Counts and error spreads.
 * @throws {TypeError} If `rows` is not an array of objects or a row's `relativeError` is
 *   neither null nor an object of numbers or nulls (the error names the row).
 * @throws {RangeError} If `tolerance` is not in [0, 1] or a relative error not finite.
 *
 * @example One point 10 % off on time, exact elsewhere: within 15 %
 * ```ts
 * import { compareWithQemuRuns, type QemuRun, summarizeQemuComparisons } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const run = { converged: true, totalSeconds: 2, downtimeSeconds: 0.1,
 *   transferredBytes: 1e6 } as QemuRun;
 * const row = compareWithQemuRuns("p", { totalSeconds: 2.2, downtimeSeconds: 0.1,
 *   bytesSent: 1e6, converged: true }, [run]);
 * const summary = summarizeQemuComparisons([row], 0.15);
 * assert.equal(summary.withinTolerance, 1);
 * assert.ok(Math.abs(summary.totalSeconds.maxAbs - 0.1) < 1e-12);
 * ```
 */
export function summarizeQemuComparisons(
  rows: readonly QemuComparison[],
  tolerance: number,
): QemuComparisonSummary {
  const action = "summarize QEMU comparisons";
  within(action, "tolerance", tolerance, 0, 1);
  array(action, "rows", rows).forEach((r, i) => {
    const error = object(action, `rows[${i}]`, r).relativeError;
    if (error === null) return;
    const fields = object(action, `rows[${i}].relativeError`, error);
    for (const key of ["totalSeconds", "downtimeSeconds", "bytes"]) {
      if (fields[key] !== null) {
        finiteNumber(action, `rows[${i}].relativeError.${key}`, fields[key]);
      }
    }
  });
  const both = rows.filter((r) => r.relativeError !== null && r.recordedConvergence === "all");
  const ok = (x: number | null) => x !== null && Math.abs(x) <= tolerance;
  const spread = (key: "totalSeconds" | "downtimeSeconds" | "bytes"): ErrorSpread => {
    const errors = both.map((r) => r.relativeError![key]).filter((x): x is number => x !== null)
      .map(Math.abs).sort((a, b) => a - b);
    return {
      count: errors.length,
      medianAbs: median(errors),
      maxAbs: errors.length === 0 ? NaN : errors[errors.length - 1]!,
    };
  };
  return {
    points: rows.length,
    convergenceAgrees: rows.filter((r) => r.convergenceAgrees).length,
    bothConverged: both.length,
    withinTolerance:
      both.filter((r) =>
        ok(r.relativeError!.totalSeconds) && ok(r.relativeError!.downtimeSeconds) &&
        ok(r.relativeError!.bytes)
      ).length,
    tolerance,
    totalSeconds: spread("totalSeconds"),
    downtimeSeconds: spread("downtimeSeconds"),
    bytes: spread("bytes"),
  };
}
