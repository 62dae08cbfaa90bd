/**
 * The host profile of a QEMU recording: what the recording machine, not QEMU's rules,
 * sets in the figures QEMU reports, measured from a calibration subset of the
 * recording and then held fixed for every other point.
 *
 * On loopback there is no network to speak of: with no `max-bandwidth` (or once QEMU
 * lifts it for the final copy: `migration_completion` sets the rate limit to
 * `INT64_MAX` before `qemu_savevm_state_complete_precopy`, `migration/migration.c`
 * of github.com/qemu/qemu, 7.2), the stream runs as fast as the source's migration
 * thread can find, copy and write pages and the destination's thread can read and
 * place them: a CPU-bound throughput of this machine. And QEMU's `downtime` is not only
 * the final copy: it runs from `downtime_start`, taken in `migration_completion`
 * before `vm_stop_force_state` pauses the vCPUs, to `end_time` in
 * `migration_calculate_complete`, so it also holds stopping the guest, the last
 * dirty-bitmap sync (`ram_save_complete` calls `migration_bitmap_sync_precopy`,
 * `migration/ram.c`), saving the device state and flushing the stream: fixed costs that
 * the page model does not have.
 *
 * Calibration split (never fitted per point): the **calibration points** are the
 * idle filled guests (`writesPerSecond` 0, `fill`), every cap and downtime limit, 12
 * of the grid's 50 pre-copy points; every other point (the guests that write, and the
 * fresh guests) is held out and only predicted. From the calibration points'
 * completed runs:
 *
 * 1. `downtimeFixedSeconds`: the median `downtime` of the runs that sent (almost)
 *    nothing in it (`ram.downtime-bytes` reported and under {@link QEMU_FIXED_COST_MAX_BYTES}):
 *    there the downtime is the fixed costs alone. The median, as a few of these runs
 *    stall for several milliseconds (the host descheduled a thread) and QEMU reports
 *    whole milliseconds.
 * 2. `unlimitedBytesPerSecond`: over the runs with no `max-bandwidth`, the stream's
 *    bytes summed over their sending seconds summed. A run's stream bytes are
 *    `ram.mbps` x (total - setup) / 8 (QEMU computes `mbps` from them over
 *    total - setup: `migration_calculate_complete`), its sending seconds total - setup
 *    - fixed. Pooling (rather than a median of per-run rates) makes the rate the one
 *    whose transfer times average the runs' times: the comparison is with the mean of
 *    the repeats, and on this machine a run's rate varies by up to 4x with the load.
 * 3. `finalCopyBytesPerSecond`: likewise pooled over the runs whose final copy held at
 *    least {@link QEMU_FINAL_COPY_MIN_BYTES}: `ram.downtime-bytes` summed over
 *    (downtime - fixed) summed. It differs from the live rate: the final copy starts
 *    with whatever the destination has not yet read and runs with the vCPUs stopped.
 * 4. `stateBytes`: the device state, `measuredQemuDeviceStateBytes` of the calibration
 *    runs.
 *
 * @module
 */
import { array, boolean, func, integer, nonNegative, object, positive } from "../_validate.ts";
import {
  bandwidthCapOf,
  calibrationRuns,
  downtimeBytesOf,
  optionalRunFigure,
  record,
  reportedRunDowntimeBytes,
  runFigure,
  sendingMilliseconds,
  techniqueOf,
  workloadOf,
} from "./_qemu_run.ts";
import { measuredQemuDeviceStateBytes } from "./qemu_simulate_point.ts";
import type { QemuPoint, QemuRun } from "./qemu_record.ts";
import { median } from "../datacenter/_stats.ts";
import { pooledFinalCopy } from "./_pooled_final_copy.ts";

/** A final copy under this many RAM bytes counts as "nothing sent" for the fixed costs (64 KiB). */
export const QEMU_FIXED_COST_MAX_BYTES = 65_536;

/** A final copy of at least this many RAM bytes (1 MiB) counts for the final-copy rate. */
export const QEMU_FINAL_COPY_MIN_BYTES = 1_048_576;

/** What the recording machine sets in QEMU's figures (see the module doc). */
export interface QemuHostProfile {
  /**
   * Bytes per second of QEMU's stream with no rate limit: the uncapped live phase and
   * every final copy (the cap is lifted at completion).
   */
  unlimitedBytesPerSecond: number;
  /**
   * Bytes per second of the final copy (RAM pages sent while the guest is stopped, the
   * cap lifted).
   */
  finalCopyBytesPerSecond: number;
  /** Seconds of QEMU's downtime that are not sending pages: stop, last sync, device state, flush. */
  downtimeFixedSeconds: number;
  /** Non-RAM stream bytes (vCPU and device state) sent in the downtime. */
  stateBytes: number;
  /** The calibration points' ids, in record order. */
  calibrationPointIds: string[];
  /** Completed runs the fixed costs were measured on. */
  fixedCostRuns: number;
  /** Completed uncapped runs the throughput was measured on. */
  throughputRuns: number;
  /** Completed runs the final-copy rate was measured on. */
  finalCopyRuns: number;
}

/**
 * Whether a point belongs to the calibration subset: a pre-copy point of an idle,
 * filled guest (it writes nothing, every region page non-zero). All other points
 * are held out.
 *
 * @param point A grid point.
 * @returns True for calibration points.
 *
 * @example
 * ```ts
 * import { isQemuCalibrationPoint, type QemuPoint } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const p = (writesPerSecond: number, fill: boolean) =>
 *   ({ technique: "pre-copy", workload: { writesPerSecond, fill } }) as QemuPoint;
 * assert.equal(isQemuCalibrationPoint(p(0, true)), true);
 * assert.equal(isQemuCalibrationPoint(p(2000, true)), false);
 * assert.equal(isQemuCalibrationPoint(p(0, false)), false);
 * ```
 */
export function isQemuCalibrationPoint(point: QemuPoint): boolean {
  const action = "classify a QEMU calibration point";
  const idle = idlePreCopy(action, point);
  return idle !== undefined && boolean(action, "point.workload.fill", idle.workload.fill);
}

/**
 * A point's checked fields when it is a pre-copy of a guest that writes nothing (both
 * calibration point tests start there), else undefined. A point that was not an object
 * failed inside ("Cannot read properties of undefined (reading 'technique')"); the fields
 * are checked in the order the tests read them.
 */
function idlePreCopy(
  action: string,
  point: unknown,
): { point: Record<string, unknown>; workload: Record<string, unknown> } | undefined {
  const p = record(action, "point", point);
  if (techniqueOf(action, "point", p) !== "pre-copy") return undefined;
  const w = workloadOf(action, "point", p);
  if (nonNegative(action, "point.workload.writesPerSecond", w.writesPerSecond) !== 0) {
    return undefined;
  }
  return { point: p, workload: w };
}

/**
 * `ram.downtime-bytes` of a run: RAM bytes sent while the guest was stopped (0 when
 * QEMU did not report it, the field absent or null; the calibrations that classify runs by
 * it, or subtract it, leave such a run out instead).
 *
 * @param run A recorded run.
 * @returns Bytes.
 * @throws {TypeError} `run` or `run.queryMigrate` is not an object, `ram` is present and
 * not one, or `ram["downtime-bytes"]` is present and not a number.
 * @throws {RangeError} `ram["downtime-bytes"]` is NaN, infinite or negative.
 *
 * @example
 * ```ts
 * import { qemuDowntimeBytes, type QemuRun } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const run = { queryMigrate: { ram: { "downtime-bytes": 8307563 } } } as unknown as QemuRun;
 * assert.equal(qemuDowntimeBytes(run), 8307563);
 * ```
 */
export function qemuDowntimeBytes(run: QemuRun): number {
  // a run without a queryMigrate failed inside ("Cannot read properties of undefined
  // (reading 'queryMigrate')"); ram, when present, must be an object
  const action = "read a run's downtime bytes";
  // absent (or null): QEMU did not report it; a string, NaN, Infinity or a negative
  // figure was read as 0 silently
  return downtimeBytesOf(action, record(action, "run", run), () => "run") ?? 0;
}

/**
 * Measures the host profile on the calibration points of a recording (see the module
 * doc for the split and the estimators).
 *
 * @param runs Every run of the recording (only calibration points' runs are used).
 * @param isCalibration Which points calibrate (default {@link isQemuCalibrationPoint}).
 * @returns The profile.
 *
 * @example Two idle runs: one with nothing in its downtime, one uncapped
 * ```ts
 * import { calibrateQemuHostProfile, type QemuRun } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const point = (cap: number | null) => ({ id: `idle-${cap}`, technique: "pre-copy",
 *   maxBandwidthBytesPerSecond: cap, workload: { writesPerSecond: 0, fill: true } });
 * const run = (cap: number | null, downtime: number, downtimeBytes: number, mbps: number) =>
 *   ({ point: point(cap), converged: true, totalSeconds: 0.101, setupSeconds: 0.001,
 *     downtimeSeconds: downtime, mbps, transferredBytes: 1e6,
 *     queryMigrate: { ram: { "downtime-bytes": downtimeBytes } } }) as unknown as QemuRun;
 * const p = calibrateQemuHostProfile([run(1e8, 0.001, 0, 90), run(null, 0.02, 9e6, 80.8)]);
 * assert.equal(p.downtimeFixedSeconds, 0.001);
 * assert.equal(Math.round(p.finalCopyBytesPerSecond), Math.round(9e6 / 0.019));
 * assert.equal(Math.round(p.unlimitedBytesPerSecond), 10_202_020); // 80.8e6/8 x 0.1 / 0.099
 * ```
 */
export function calibrateQemuHostProfile(
  runs: readonly QemuRun[],
  isCalibration: (point: QemuPoint) => boolean = isQemuCalibrationPoint,
): QemuHostProfile {
  const action = "calibrate QEMU host profile";
  array(action, "runs", runs);
  // a run that was not an object, or a completed one without a point, failed inside
  // ("Cannot read properties of undefined (reading 'converged')")
  calibrationRuns(action, runs);
  func(action, "isCalibration", isCalibration);
  const cal = runs.filter((r) => r.converged && isCalibration(r.point));
  // a downtime, downtime-bytes, total, setup or mbps figure of a calibration run that was
  // a string or NaN gave NaN and the run was dropped silently; each is checked where read
  // (a run that did not report its downtime bytes is not known to have sent nothing then)
  const empty: number[] = [];
  for (const r of cal) {
    const downtime = optionalRunFigure(action, runs, r, "downtimeSeconds");
    if (downtime === null) continue;
    const b = reportedRunDowntimeBytes(action, runs, r);
    if ((b ?? Infinity) < QEMU_FIXED_COST_MAX_BYTES) empty.push(downtime);
  }
  if (empty.length === 0) {
    throw new RangeError(
      `Cannot ${action} as runs must hold a completed idle pre-copy run with under ${QEMU_FIXED_COST_MAX_BYTES} bytes in its downtime: current value is ${runs.length} runs without one`,
    );
  }
  const fixed = median(empty);
  let bytes = 0;
  let seconds = 0;
  let throughputRuns = 0;
  for (const r of cal) {
    // a cap that was a string (or absent) took the run as capped and left it out silently
    if (bandwidthCapOf(action, runs, r) !== null) continue;
    const ms = sendingMilliseconds(action, runs, r);
    const b = runFigure(action, runs, r, "mbps") * ms * 125;
    const s = ms / 1000 - fixed;
    if (!(Number.isFinite(b) && b > 0 && s > 0)) continue;
    bytes += b;
    seconds += s;
    throughputRuns++;
  }
  if (throughputRuns === 0) {
    throw new RangeError(
      `Cannot ${action} as runs must hold a completed idle pre-copy run without max-bandwidth: current value is ${runs.length} runs without one`,
    );
  }
  const final = pooledFinalCopy(action, runs, cal, fixed);
  if (final.runs === 0) {
    throw new RangeError(
      `Cannot ${action} as runs must hold a completed calibration run with at least ${QEMU_FINAL_COPY_MIN_BYTES} bytes in its downtime: current value is ${runs.length} runs without one`,
    );
  }
  const ids: string[] = [];
  for (const r of runs) {
    if (isCalibration(r.point) && !ids.includes(r.point.id)) ids.push(r.point.id);
  }
  return {
    unlimitedBytesPerSecond: bytes / seconds,
    finalCopyBytesPerSecond: final.bytes / final.seconds,
    downtimeFixedSeconds: fixed,
    stateBytes: measuredQemuDeviceStateBytes(cal),
    calibrationPointIds: ids,
    fixedCostRuns: empty.length,
    throughputRuns,
    finalCopyRuns: final.runs,
  };
}

/**
 * Whether a point calibrates the zero-page scan ({@link calibrateQemuZeroPageSeconds}):
 * the fresh idle 64 MiB guest (0 writes/s, no `fill`: 16,398 of its 16,514 pages are
 * zero pages). The fresh 256 MiB guest (65,550 zero pages) is held out.
 *
 * @param point A grid point.
 * @returns True for the zero-page calibration point.
 *
 * @example
 * ```ts
 * import { isQemuZeroPageCalibrationPoint, type QemuPoint } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const p = (ramMiB: number, fill: boolean) =>
 *   ({ technique: "pre-copy", ramMiB, workload: { writesPerSecond: 0, fill } }) as QemuPoint;
 * assert.equal(isQemuZeroPageCalibrationPoint(p(64, false)), true);
 * assert.equal(isQemuZeroPageCalibrationPoint(p(256, false)), false);
 * assert.equal(isQemuZeroPageCalibrationPoint(p(64, true)), false);
 * ```
 */
export function isQemuZeroPageCalibrationPoint(point: QemuPoint): boolean {
  const action = "classify a QEMU zero-page calibration point";
  const idle = idlePreCopy(action, point);
  if (idle === undefined || boolean(action, "point.workload.fill", idle.workload.fill)) {
    return false;
  }
  return integer(action, "point.ramMiB", idle.point.ramMiB, 1) === 64;
}

/** The zero-page scan cost measured by {@link calibrateQemuZeroPageSeconds}. */
export interface QemuZeroPageCalibration {
  /** Seconds of the migration thread per zero page (`LinkSpec.zeroPageSeconds`). */
  zeroPageSeconds: number;
  /** The calibration points' ids, in record order. */
  calibrationPointIds: string[];
  /** Completed runs it was measured on. */
  runs: number;
}

/**
 * Measures the seconds QEMU's migration thread spends per zero page, on a memory
 * almost all zero (see {@link isQemuZeroPageCalibrationPoint}). Before a zero page
 * goes out as a header and one byte, `save_zero_page_to_file` reads it whole with
 * `buffer_is_zero` (`migration/ram.c`, `util/bufferiszero.c` of QEMU 7.2), a cost the
 * wire bytes do not have. Per completed run of the calibration points (with a sending
 * time, `total - setup`, above 0: a run whose `total-time` QEMU reported as 0 ms is left
 * out), the scan time is what the profile does not already explain: `total - setup - downtimeFixedSeconds`
 * less the stream's bytes (`ram.mbps x (total - setup) / 8`) at
 * `unlimitedBytesPerSecond` (the whole transfer of these runs fits in the first
 * window's budget, so it is not rate-limited); the estimate is the sum of these times
 * over the sum of the zero pages sent (`ram.duplicate`), never below 0.
 *
 * @param runs Every run of the recording (only calibration points' runs are used).
 * @param profile The host profile (`calibrateQemuHostProfile`).
 * @param isCalibration Which points calibrate (default {@link isQemuZeroPageCalibrationPoint}).
 * @returns Seconds per zero page, and what they were measured on.
 *
 * @example Two fresh runs: 10 ms for 1,000 zero pages, of which 2 ms are explained
 * ```ts
 * import { calibrateQemuZeroPageSeconds, type QemuHostProfile, type QemuRun } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const run = { point: { id: "fresh", technique: "pre-copy", ramMiB: 64,
 *   workload: { writesPerSecond: 0, fill: false } }, converged: true, totalSeconds: 0.01,
 *   setupSeconds: 0, mbps: 8, zeroPages: 1000 } as unknown as QemuRun;
 * const profile = { unlimitedBytesPerSecond: 1e7, downtimeFixedSeconds: 0.001 } as QemuHostProfile;
 * // stream: 8 Mbit/s x 10 ms = 10 kB, 1 ms at 10 MB/s; 10 - 1 - 1 = 8 ms for 1,000 pages
 * const c = calibrateQemuZeroPageSeconds([run, run], profile);
 * assert.equal(c.zeroPageSeconds.toFixed(9), "0.000008000");
 * assert.deepEqual([c.runs, c.calibrationPointIds], [2, ["fresh"]]);
 * ```
 */
export function calibrateQemuZeroPageSeconds(
  runs: readonly QemuRun[],
  profile: QemuHostProfile,
  isCalibration: (point: QemuPoint) => boolean = isQemuZeroPageCalibrationPoint,
): QemuZeroPageCalibration {
  const action = "calibrate QEMU zero-page seconds";
  array(action, "runs", runs);
  // a run that was not an object, or a completed one without a point, failed inside
  // ("Cannot read properties of undefined (reading 'converged')")
  calibrationRuns(action, runs, false);
  func(action, "isCalibration", isCalibration);
  const p = object(action, "profile", profile);
  const rate = positive(action, "profile.unlimitedBytesPerSecond", p.unlimitedBytesPerSecond);
  const fixed = nonNegative(action, "profile.downtimeFixedSeconds", p.downtimeFixedSeconds);
  // Sending milliseconds as QEMU computes `mbps` over them; a run without any (QEMU's
  // total-time 0 ms after seconds of wall time) has no scan time to measure.
  // A zero-page, total, setup or mbps figure of a calibration run that was a string or NaN
  // gave NaN and the run was dropped silently (or NaN reached the result); each is checked
  // where read.
  const sendingMs = (r: QemuRun) => sendingMilliseconds(action, runs, r);
  const cal = runs.filter((r) =>
    r.converged && isCalibration(r.point) && runFigure(action, runs, r, "zeroPages") > 0 &&
    sendingMs(r) > 0
  );
  if (cal.length === 0) {
    throw new RangeError(
      `Cannot ${action} as runs must hold a completed zero-page calibration run: current value is ${runs.length} runs without one`,
    );
  }
  let seconds = 0;
  let pages = 0;
  for (const r of cal) {
    const ms = sendingMs(r);
    const bytes = runFigure(action, runs, r, "mbps") * ms * 125;
    seconds += ms / 1000 - fixed - bytes / rate;
    pages += r.zeroPages;
  }
  const ids: string[] = [];
  for (const r of runs) {
    if (isCalibration(r.point) && !ids.includes(r.point.id)) ids.push(r.point.id);
  }
  return {
    zeroPageSeconds: Math.max(0, seconds / pages),
    calibrationPointIds: ids,
    runs: cal.length,
  };
}
