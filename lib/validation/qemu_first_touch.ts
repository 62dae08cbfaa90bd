/**
 * The destination's first touch of guest RAM: a cost of the recording machine that sets
 * the rate of QEMU's final copy (and of the uncapped live stream) on this host.
 *
 * What was measured (`data/validation/qemu/first_touch.jsonl`, made by
 * `validation/qemu/first_touch.ts`): the same grid points migrated to a destination as in
 * the grid (guest RAM anonymous, in 2 MiB transparent huge pages: the destination's
 * `AnonHugePages` reaches the guest's size), to one whose RAM is preallocated
 * (`memory-backend-ram,prealloc=on`: touched at start-up, before `migrate`) and to one on
 * a `memory-backend-memfd` (4 KiB pages). The idle 256 MiB guest's final copy (38.9 MB,
 * pages the destination has never received) ran at 0.34-0.40 GB/s to the default
 * destination in 4 of 5 repeats (1.25 GB/s in one) and at 1.39-1.56 GB/s to the
 * preallocated one; the uncapped 256 MiB migration took 0.78-0.93 s against 0.16-0.19 s. A page QEMU sends for the first time
 * lands on destination memory nobody has touched: a page fault, and for a huge page the
 * kernel clears 2 MiB. This machine is itself a virtual machine whose kernel reports free
 * 2 MiB blocks to its host (`/sys/module/page_reporting`, order 9), after which the host may
 * drop their backing, so the first touch of such memory faults in the host too (the
 * explanation the evidence supports; the host cannot be seen from here): the cost depends
 * on how long ago the memory was freed, i.e. on the machine's history, not on QEMU. A page
 * re-sent (the guest wrote it after it was sent) lands on memory the destination already
 * holds; those final copies ran at 1.4-2.1 GB/s in the grid, as the preallocated ones did.
 *
 * The model (validation layer, never fitted per point): the final copy's bytes leave at
 * the rate of a warm destination ({@link calibrateQemuWarmFinalCopyBytesPerSecond}, the
 * preallocated runs of the idle points), and each page of the final copy that the
 * destination receives for the first time ({@link qemuFirstTouchPages}) costs
 * `firstTouchSecondsPerPage` more ({@link calibrateQemuFirstTouchSeconds}, the grid's idle
 * calibration points, whose final copies are all first touches).
 *
 * @module
 */
import { array, nonNegative, object, positive } from "../_validate.ts";
import {
  isQemuCalibrationPoint,
  QEMU_FINAL_COPY_MIN_BYTES,
  type QemuHostProfile,
} from "./qemu_host_profile.ts";
import { pooledFinalCopy } from "./_pooled_final_copy.ts";
import { calibrationRuns, optionalRunFigure, reportedRunDowntimeBytes } from "./_qemu_run.ts";
import { QEMU_PAGE_HEADER_BYTES, QEMU_X86_PAGE_SIZE_BYTES } from "./qemu_engine_inputs.ts";
import type { QemuRun } from "./qemu_record.ts";
import type { MigrationResult } from "../migration/result.ts";

/** Wire bytes of a normal page in QEMU's stream: 4 KiB and the 8-byte page header. */
const QEMU_PAGE_WIRE_BYTES = QEMU_X86_PAGE_SIZE_BYTES + QEMU_PAGE_HEADER_BYTES;

/** The warm final-copy rate and what it was measured on. */
export interface QemuWarmFinalCopy {
  /** Bytes per second of a final copy onto destination memory already touched. */
  bytesPerSecond: number;
  /** Runs it was pooled over. */
  runs: number;
}

/**
 * The final-copy rate onto a destination whose RAM is already touched: pooled over the
 * completed runs with destination variant `prealloc` (`first_touch.jsonl`) of the idle
 * calibration points whose final copy held at least 1 MiB: `ram.downtime-bytes` summed
 * over (downtime - fixed) summed, as `calibrateQemuHostProfile` pools the grid's.
 *
 * @param runs The runs of `first_touch.jsonl` (others are ignored).
 * @param downtimeFixedSeconds The host profile's fixed downtime costs.
 * @returns The rate and the run count.
 *
 * @example
 * ```ts
 * import { calibrateQemuWarmFinalCopyBytesPerSecond, type QemuRun } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const run = { destinationVariant: "prealloc", converged: true, downtimeSeconds: 0.021,
 *   point: { technique: "pre-copy", workload: { writesPerSecond: 0, fill: true } },
 *   queryMigrate: { ram: { "downtime-bytes": 3e7 } } } as unknown as QemuRun;
 * const warm = calibrateQemuWarmFinalCopyBytesPerSecond([run], 0.001);
 * assert.equal(Math.round(warm.bytesPerSecond), 1.5e9);
 * ```
 */
export function calibrateQemuWarmFinalCopyBytesPerSecond(
  runs: readonly QemuRun[],
  downtimeFixedSeconds: number,
): QemuWarmFinalCopy {
  const action = "calibrate QEMU warm final-copy rate";
  array(action, "runs", runs);
  // a run that was not an object, or a completed one without a point, failed inside
  // ("Cannot read properties of undefined (reading 'converged')")
  calibrationRuns(action, runs);
  const fixed = nonNegative(action, "downtimeFixedSeconds", downtimeFixedSeconds);
  // a downtime or downtime-bytes figure that was a string or NaN gave NaN and the run was
  // dropped silently; pooledFinalCopy checks each where it reads it
  const warm = pooledFinalCopy(
    action,
    runs,
    runs.filter((r) =>
      r.destinationVariant === "prealloc" && r.converged && isQemuCalibrationPoint(r.point)
    ),
    fixed,
  );
  if (warm.runs === 0) {
    throw new RangeError(
      `Cannot ${action} as runs must hold a completed idle run to a preallocated destination with at least ${QEMU_FINAL_COPY_MIN_BYTES} bytes in its downtime: current value is ${runs.length} runs without one`,
    );
  }
  return { bytesPerSecond: warm.bytes / warm.seconds, runs: warm.runs };
}

/** The first-touch cost and what it was measured on. */
export interface QemuFirstTouchCalibration {
  /** Seconds per page the destination receives for the first time, beyond its bytes. */
  secondsPerPage: number;
  /** Runs it was pooled over. */
  runs: number;
}

/**
 * The destination's cost per page received for the first time, pooled over the idle
 * calibration points of a grid recording (their final copy is the unsent rest of the
 * first pass: every page a first touch): per completed run with at least 1 MiB in its
 * final copy, the downtime less the fixed costs and less its bytes at the warm rate,
 * summed, over its pages (`ram.downtime-bytes` / 4,104 wire bytes per page) summed;
 * never below 0.
 *
 * @param runs Every run of the grid recording (only calibration points' runs are used).
 * @param profile The grid's host profile (for `downtimeFixedSeconds`).
 * @param warmBytesPerSecond The warm final-copy rate.
 * @returns Seconds per page, and the run count.
 *
 * @example 4,104 pages in 10 ms, of which 2.8 ms at the warm rate
 * ```ts
 * import { calibrateQemuFirstTouchSeconds, type QemuHostProfile, type QemuRun } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const run = { converged: true, downtimeSeconds: 0.011,
 *   point: { technique: "pre-copy", workload: { writesPerSecond: 0, fill: true } },
 *   queryMigrate: { ram: { "downtime-bytes": 4104 * 4104 } } } as unknown as QemuRun;
 * const profile = { downtimeFixedSeconds: 0.001 } as QemuHostProfile;
 * const c = calibrateQemuFirstTouchSeconds([run], profile, 4104 * 4104 / 0.0028);
 * assert.equal(c.secondsPerPage.toFixed(10), (0.0072 / 4104).toFixed(10));
 * ```
 */
export function calibrateQemuFirstTouchSeconds(
  runs: readonly QemuRun[],
  profile: QemuHostProfile,
  warmBytesPerSecond: number,
): QemuFirstTouchCalibration {
  const action = "calibrate QEMU first-touch seconds";
  array(action, "runs", runs);
  // a run that was not an object, or a completed one without a point, failed inside
  // ("Cannot read properties of undefined (reading 'converged')")
  calibrationRuns(action, runs);
  const warm = positive(action, "warmBytesPerSecond", warmBytesPerSecond);
  const fixed = nonNegative(
    action,
    "profile.downtimeFixedSeconds",
    object(action, "profile", profile).downtimeFixedSeconds,
  );
  let seconds = 0;
  let pages = 0;
  let n = 0;
  for (const r of runs) {
    if (r.destinationVariant !== undefined || !r.converged || !isQemuCalibrationPoint(r.point)) {
      continue;
    }
    // a downtime or downtime-bytes figure that was a string or NaN gave NaN, which reached
    // the result
    const b = reportedRunDowntimeBytes(action, runs, r) ?? 0;
    const downtime = optionalRunFigure(action, runs, r, "downtimeSeconds");
    if (downtime === null || b < QEMU_FINAL_COPY_MIN_BYTES) continue;
    seconds += downtime - fixed - b / warm;
    pages += b / QEMU_PAGE_WIRE_BYTES;
    n++;
  }
  if (n === 0) {
    throw new RangeError(
      `Cannot ${action} as runs must hold a completed calibration run with at least ${QEMU_FINAL_COPY_MIN_BYTES} bytes in its downtime: current value is ${runs.length} runs without one`,
    );
  }
  return { secondsPerPage: Math.max(0, seconds / pages), runs: n };
}

/**
 * Non-zero pages of the engine's final copy that the destination receives for the first
 * time: under QEMU's one cursor, the first pass sends every page once in page order
 * before the cursor wraps, so the live rows' pages are all distinct until `pageCount`
 * have been sent, and the final copy's first touches are the rest of the first pass,
 * `pageCount` less the live pages sent, less the final copy's zero pages (a zero page is
 * only checked at the destination, not written), never below 0 nor above the final
 * copy's non-zero pages.
 *
 * @param result An engine result under `preset: "qemu"`.
 * @param pageCount The VM's pages.
 * @returns Pages.
 *
 * @example
 * ```ts
 * import { qemuFirstTouchPages } from "./mod.ts";
 * import type { MigrationResult } from "../migration/result.ts";
 * import assert from "node:assert/strict";
 *
 * const result = { roundRows: [
 *   { phase: "push", pagesSent: 700, zeroPagesSent: 10 },
 *   { phase: "stop-and-copy", pagesSent: 320, zeroPagesSent: 5 },
 * ] } as unknown as MigrationResult;
 * assert.equal(qemuFirstTouchPages(result, 1000), 295); // 1000 - 700 - 5
 * ```
 */
export function qemuFirstTouchPages(result: MigrationResult, pageCount: number): number {
  // a result without roundRows failed inside ("result.roundRows is not iterable"); a row
  // or a page count that was not a number gave NaN
  const action = "count the first-touch pages";
  const rows = array(action, "result.roundRows", object(action, "result", result).roundRows);
  nonNegative(action, "pageCount", pageCount);
  for (let i = 0; i < rows.length; i++) {
    const row = object(action, `result.roundRows[${i}]`, rows[i]);
    nonNegative(action, `result.roundRows[${i}].pagesSent`, row.pagesSent);
    if (row.zeroPagesSent !== undefined) {
      nonNegative(action, `result.roundRows[${i}].zeroPagesSent`, row.zeroPagesSent);
    }
  }
  let live = 0;
  let finalPages = 0;
  let finalZeros = 0;
  for (const r of result.roundRows) {
    if (r.phase === "stop-and-copy") {
      finalPages += r.pagesSent;
      finalZeros += r.zeroPagesSent ?? 0;
    } else live += r.pagesSent;
  }
  return Math.min(finalPages - finalZeros, Math.max(0, pageCount - live - finalZeros));
}
