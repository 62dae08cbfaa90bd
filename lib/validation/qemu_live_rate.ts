/**
 * The rate of QEMU's uncapped live phase on the recording host, its final copy left out.
 *
 * `calibrateQemuHostProfile`'s `unlimitedBytesPerSecond` pools whole uncapped migrations
 * (the stream's bytes over `total-time - setup-time - fixed`), so it includes each run's
 * final copy at the final copy's own rate. Since the final copy has a model of its own
 * (the warm rate plus the destination's first touch, `qemu_first_touch.ts`), the link's
 * rate for the live phase should hold the live phase alone: the stream's bytes less
 * `ram.downtime-bytes` and the device state (both sent while the guest is stopped), over
 * `total-time - setup-time - downtime`. Both times are QEMU's: `downtime` runs from
 * `downtime_start`, taken in `migration_completion` just before the guest stops, to the
 * end (`migration_calculate_complete`, `migration/migration.c`, QEMU 7.2); the stream's
 * bytes come back from `ram.mbps` as in `measuredQemuDeviceStateBytes`.
 *
 * Same runs as the profile's throughput (the idle calibration points without
 * `max-bandwidth`), pooled the same way (bytes summed over seconds summed).
 *
 * @module
 */
import { array, nonNegative } from "../_validate.ts";
import { isQemuCalibrationPoint } from "./qemu_host_profile.ts";
import {
  bandwidthCapOf,
  calibrationRuns,
  optionalRunFigure,
  reportedRunDowntimeBytes,
  runFigure,
  sendingMilliseconds,
} from "./_qemu_run.ts";
import type { QemuPoint, QemuRun } from "./qemu_record.ts";

/** The uncapped live rate and what it was pooled over. */
export interface QemuLiveRate {
  /** Bytes per second of the uncapped live phase (the final copy left out). */
  bytesPerSecond: number;
  /** Runs it was pooled over. */
  runs: number;
}

/**
 * Pools the live phase of the completed uncapped runs of the calibration points that
 * reported `ram.downtime-bytes`: per run, the stream's bytes (`ram.mbps x (total-time - setup-time) / 8`) less
 * `ram.downtime-bytes` and `stateBytes`, over `total-time - setup-time - downtime`;
 * summed, then divided.
 *
 * @param runs Recorded runs (only calibration points' uncapped completed runs count).
 * @param stateBytes The device state sent in the downtime (the host profile's `stateBytes`).
 * @param isCalibration Which points calibrate.
 * @returns The rate and the run count.
 *
 * @example 1.01 MB in 100 ms, of which the 20 ms downtime carried 0.9 MB and 10 kB of state
 * ```ts
 * import { calibrateQemuLiveBytesPerSecond, type QemuRun } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const run = { converged: true, totalSeconds: 0.101, setupSeconds: 0.001,
 *   downtimeSeconds: 0.02, mbps: 80.8,
 *   point: { technique: "pre-copy", maxBandwidthBytesPerSecond: null,
 *     workload: { writesPerSecond: 0, fill: true } },
 *   queryMigrate: { ram: { "downtime-bytes": 9e5 } } } as unknown as QemuRun;
 * const live = calibrateQemuLiveBytesPerSecond([run], 1e4);
 * assert.equal(live.runs, 1);
 * assert.equal(Math.round(live.bytesPerSecond), 1_250_000); // (1.01e6 - 9e5 - 1e4) / 0.08
 * ```
 */
export function calibrateQemuLiveBytesPerSecond(
  runs: readonly QemuRun[],
  stateBytes: number,
  isCalibration: (point: QemuPoint) => boolean = isQemuCalibrationPoint,
): QemuLiveRate {
  const action = "calibrate QEMU uncapped live rate";
  array(action, "runs", runs);
  // a run that was not an object, or a completed one without a point, failed inside
  // ("Cannot read properties of undefined (reading 'converged')")
  calibrationRuns(action, runs);
  nonNegative(action, "stateBytes", stateBytes);
  let bytes = 0;
  let seconds = 0;
  let n = 0;
  for (const r of runs) {
    // a cap that was a string (or absent) took the run as capped and left it out silently
    if (!r.converged || !isCalibration(r.point) || bandwidthCapOf(action, runs, r) !== null) {
      continue;
    }
    // a downtime, downtime-bytes, total, setup or mbps figure that was a string or NaN gave
    // NaN and the run was dropped silently; each is checked where read
    const downtime = optionalRunFigure(action, runs, r, "downtimeSeconds");
    if (downtime === null) continue;
    // the final copy's bytes are subtracted: a run that did not report them is left out
    const downtimeBytes = reportedRunDowntimeBytes(action, runs, r);
    if (downtimeBytes === undefined) continue;
    const ms = sendingMilliseconds(action, runs, r);
    const b = runFigure(action, runs, r, "mbps") * ms * 125 - downtimeBytes - stateBytes;
    const s = ms / 1000 - downtime;
    if (!(Number.isFinite(b) && b > 0 && s > 0)) continue;
    bytes += b;
    seconds += s;
    n++;
  }
  if (n === 0) {
    throw new RangeError(
      `Cannot ${action} as runs must hold a completed uncapped calibration run with a live phase: current value is ${runs.length} runs without one`,
    );
  }
  return { bytesPerSecond: bytes / seconds, runs: n };
}
