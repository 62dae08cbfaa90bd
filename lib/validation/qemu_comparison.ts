/**
 * A simulated migration against the recorded real-QEMU runs of the same grid point:
 * relative errors of total time, downtime and bytes against the mean of the repeats,
 * the repeats' own spread, and whether convergence agrees.
 *
 * @module
 */
import type { MigrationResult } from "../migration/result.ts";
import { type QemuRun, type RepeatStats, repeatStats } from "./qemu_record.ts";
import { checkSimulatedFigures } from "./_simulated_figures.ts";
import { array, label } from "../_validate.ts";
import { completedFigures, convergedOf, record } from "./_qemu_run.ts";

/** The simulated figures compared (a subset of `MigrationResult`). */
export type SimulatedFigures = Pick<
  MigrationResult,
  "totalSeconds" | "downtimeSeconds" | "bytesSent" | "converged"
>;

/** Whether the repeats of a point completed: all, none, or some. */
export type RecordedConvergence = "all" | "none" | "mixed";

/** One point's comparison. */
export interface QemuComparison {
  /** The point id. */
  pointId: string;
  /** Repeats recorded. */
  runs: number;
  /** Completed repeats. */
  convergedRuns: number;
  /** Convergence of the repeats. */
  recordedConvergence: RecordedConvergence;
  /** Whether the simulation's `converged` matches (mixed points never match). */
  convergenceAgrees: boolean;
  /**
   * Statistics of the completed repeats (null if none completed); downtime over the
   * repeats with a plausible downtime (null if none).
   */
  recorded: {
    totalSeconds: RepeatStats;
    downtimeSeconds: RepeatStats | null;
    bytes: RepeatStats;
  } | null;
  /** The simulated figures. */
  simulated: SimulatedFigures;
  /**
   * (simulated - mean) / mean per figure, when both the simulation and some repeats
   * converged; a figure whose recorded mean is 0 gets null.
   */
  relativeError: {
    totalSeconds: number | null;
    downtimeSeconds: number | null;
    bytes: number | null;
  } | null;
}

/**
 * Compares a simulated result with the recorded runs of one point. Bytes compare the
 * simulated `bytesSent` with QEMU's `ram.transferred`.
 *
 * @param pointId The point id (for the report).
 * @param simulated The simulated figures (finite, >= 0; else an error names the field).
 * @param runs The point's recorded runs (at least one).
 * @returns Errors against the mean of the completed repeats, and their spread.
 *
 * @example 10 % slower than the mean of two repeats
 * ```ts
 * import { compareWithQemuRuns, type QemuRun } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const run = (t: number) => ({ converged: true, totalSeconds: t, downtimeSeconds: 0.1,
 *   transferredBytes: 1e6 }) as QemuRun;
 * const c = compareWithQemuRuns("p", { totalSeconds: 2.2, downtimeSeconds: 0.1,
 *   bytesSent: 1e6, converged: true }, [run(1.9), run(2.1)]);
 * assert.ok(Math.abs(c.relativeError!.totalSeconds! - 0.1) < 1e-12);
 * assert.equal(c.recordedConvergence, "all");
 * ```
 */
export function compareWithQemuRuns(
  pointId: string,
  simulated: SimulatedFigures,
  runs: readonly QemuRun[],
): QemuComparison {
  // runs that were not an array failed inside ("Cannot read properties of undefined
  // (reading 'length')"), and an empty one with "Cannot compare point p as it has no
  // recorded runs", outside the grammar; a run's figures went unchecked into the means
  label("compare a point with its QEMU runs", "pointId", pointId);
  const action = `compare point ${pointId}`;
  array(action, "runs", runs, 1);
  for (let i = 0; i < runs.length; i++) {
    const r = record(action, `runs[${i}]`, runs[i]);
    if (convergedOf(action, `runs[${i}]`, r)) completedFigures(action, `runs[${i}]`, r);
  }
  checkSimulatedFigures(action, "simulated", simulated);
  // Completed runs whose figures QEMU reported impossibly are left out of the total time.
  const done = runs.filter((r) => r.converged);
  const timed = done.filter((r) => !r.anomalies?.some((a) => a.startsWith("total-time")));
  const recordedConvergence: RecordedConvergence = done.length === runs.length
    ? "all"
    : done.length === 0
    ? "none"
    : "mixed";
  const downtimes = done.map((r) => r.downtimeSeconds).filter((x): x is number => x !== null);
  const recorded = done.length === 0 ? null : {
    totalSeconds: repeatStats((timed.length > 0 ? timed : done).map((r) => r.totalSeconds)),
    downtimeSeconds: downtimes.length === 0 ? null : repeatStats(downtimes),
    bytes: repeatStats(done.map((r) => r.transferredBytes)),
  };
  const rel = (sim: number, stats: RepeatStats) =>
    stats.mean === 0 ? null : (sim - stats.mean) / stats.mean;
  return {
    pointId,
    runs: runs.length,
    convergedRuns: done.length,
    recordedConvergence,
    convergenceAgrees: recordedConvergence === "all"
      ? simulated.converged
      : recordedConvergence === "none"
      ? !simulated.converged
      : false,
    recorded,
    simulated: {
      totalSeconds: simulated.totalSeconds,
      downtimeSeconds: simulated.downtimeSeconds,
      bytesSent: simulated.bytesSent,
      converged: simulated.converged,
    },
    relativeError: recorded !== null && simulated.converged
      ? {
        totalSeconds: rel(simulated.totalSeconds, recorded.totalSeconds),
        downtimeSeconds: recorded.downtimeSeconds === null
          ? null
          : rel(simulated.downtimeSeconds, recorded.downtimeSeconds),
        bytes: rel(simulated.bytesSent, recorded.bytes),
      }
      : null,
  };
}
