/**
 * How much slower the validation guest writes while it is being migrated than in its
 * warm-up, for a guest that does not catch up missed milliseconds (`catchup=0`), measured
 * from the recorded runs: the engine's `mechanisms.dirtyLogging.slowdownFraction` for such
 * guests (`simulateQemuMechanismPoint`'s `dirtyLoggingSlowdownFraction`).
 *
 * Why a guest slows down: under TCG, QEMU's dirty logging makes the first write to a page
 * after each bitmap sync take the slow path (the page's TLB entry is marked not-dirty,
 * `cpu_physical_memory_set_dirty_range` and the notdirty write path of `accel/tcg` in
 * QEMU 7.2), and the migration threads compete with the vCPU for the host's cores. A
 * `catchup=0` guest (`validation/qemu/guest.S`) drops the milliseconds its vCPU misses,
 * so its writes follow the CPU time it gets.
 *
 * How it is measured, per completed run of a `catchup=0` point: the guest makes exactly
 * `rate / 1000` writes per guest millisecond it handles, and the harness sends `migrate`
 * after the progress line of guest time `T0` (`qemuGuestSecondsAtMigrate`), so it had made
 * `rate x T0` writes then; its last progress line before the stop reported
 * `lastSourceWrites`, printed up to one report interval before the stop (counted at half
 * an interval: `rate x report / 2` more writes). Over the live time (`total-time -
 * downtime`), the guest ran `1 - throttle` of the time (auto-converge's
 * `cpu-throttle-percentage` as polled every 100 ms, held until the next poll). The
 * migration rate is the writes over that run time; the ratio to the run's warm-up rate
 * (`measuredWritesPerSecond`) is the run's speed, and `1 - median` of the ratios is the
 * slowdown fraction.
 *
 * @module
 */
import { array, nonNegative, positive, show } from "../_validate.ts";
import { optionalNonNegative, pointOf, record, workloadOf } from "./_qemu_run.ts";
import { median } from "../datacenter/_stats.ts";
import type { QemuMechanismRun } from "./qemu_mechanisms_record.ts";

/** One run's measured speed during its migration. */
export interface QemuGuestSlowdownRun {
  /** The run's point. */
  pointId: string;
  /** Repeat index. */
  repeat: number;
  /** Its warm-up rate before `migrate` (writes/s, host clock). */
  warmupWritesPerSecond: number;
  /** Seconds the guest ran during the live phase (live time less the throttled time). */
  runSeconds: number;
  /** Writes per second of run time during the live phase. */
  migrationWritesPerSecond: number;
  /** `migrationWritesPerSecond / warmupWritesPerSecond`. */
  ratio: number;
}

/** What {@link calibrateQemuGuestSlowdown} measured. */
export interface QemuGuestSlowdown {
  /** `1 - median ratio`, within [0, 0.99]: the engine's `dirtyLogging.slowdownFraction`. */
  slowdownFraction: number;
  /** The median of the runs' ratios. */
  medianRatio: number;
  /** Every run used. */
  runs: QemuGuestSlowdownRun[];
}

/**
 * Measures the slowdown of `catchup=0` guests during their migrations (see the module
 * note) on the given runs; only completed runs of `catchup=0` points with a warm-up rate
 * and a last progress line are used. Pass the runs of the points to calibrate on (for
 * the mechanisms grid: the auto-converge points, never the point the calibration is
 * applied to).
 *
 * @param runs Candidate runs.
 * @param guestSecondsAtMigrate Guest seconds at `migrate` (`qemuGuestSecondsAtMigrate`).
 * @param reportSeconds The guest's progress-line interval (`meta.guest.reportMs / 1000`).
 * @returns The slowdown fraction, the median ratio and the runs.
 *
 * @example A guest that wrote 95 % of its warm-up rate
 * ```ts
 * import { calibrateQemuGuestSlowdown, type QemuMechanismRun } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * // 8000/s set, 8000/s warm-up; 10 s live, unthrottled: 8000 x 0.8 + 0.95 x 80,000
 * // writes by the stop, the last line half an interval (800 writes) before it.
 * const run = {
 *   point: { id: "p", workload: { writesPerSecond: 8000 } }, repeat: 0, catchup: false,
 *   converged: true, totalSeconds: 10.001, downtimeSeconds: 0.001,
 *   measuredWritesPerSecond: 8000, lastSourceWrites: 6400 + 76000 - 800, throttleSamples: [],
 * } as unknown as QemuMechanismRun;
 * const s = calibrateQemuGuestSlowdown([run], 0.8, 0.2);
 * assert.ok(Math.abs(s.slowdownFraction - 0.05) < 1e-9);
 * ```
 */
export function calibrateQemuGuestSlowdown(
  runs: readonly QemuMechanismRun[],
  guestSecondsAtMigrate: number,
  reportSeconds: number,
): QemuGuestSlowdown {
  const action = "calibrate the guest's slowdown during migration";
  if (!Array.isArray(runs)) {
    throw new TypeError(
      `Cannot ${action} as runs must be an array: current value is ${show(runs)}`,
    );
  }
  nonNegative(action, "guestSecondsAtMigrate", guestSecondsAtMigrate);
  positive(action, "reportSeconds", reportSeconds);
  const out: QemuGuestSlowdownRun[] = [];
  // A run that was not an object failed inside ("Cannot read properties of null (reading
  // 'catchup')"); a downtime, warm-up rate, last progress line, write rate, total or
  // throttle sample of a chosen run that was a string or NaN gave NaN and the run was
  // dropped silently (or a string was concatenated into the writes). Each is checked where
  // read; null (or absent) where the record allows it leaves the run out, as before.
  for (let i = 0; i < runs.length; i++) {
    const field = `runs[${i}]`;
    const run = record(action, field, runs[i]);
    const r = runs[i]!;
    if (run.catchup || !run.converged) continue;
    const downtime = optionalNonNegative(action, `${field}.downtimeSeconds`, run.downtimeSeconds);
    if (downtime === null) continue;
    const warmup = optionalNonNegative(
      action,
      `${field}.measuredWritesPerSecond`,
      run.measuredWritesPerSecond,
    );
    if (warmup === null || !(warmup > 0)) continue;
    const lastWrites = optionalNonNegative(
      action,
      `${field}.lastSourceWrites`,
      run.lastSourceWrites,
    );
    if (lastWrites === null) continue;
    const rate = nonNegative(
      action,
      `${field}.point.workload.writesPerSecond`,
      workloadOf(action, `${field}.point`, pointOf(action, field, run)).writesPerSecond,
    );
    const live = nonNegative(action, `${field}.totalSeconds`, run.totalSeconds) - downtime;
    const samples = array(action, `${field}.throttleSamples`, run.throttleSamples);
    for (let j = 0; j < samples.length; j++) {
      const sample = array(action, `${field}.throttleSamples[${j}]`, samples[j]);
      nonNegative(action, `${field}.throttleSamples[${j}][0]`, sample[0]);
      optionalNonNegative(action, `${field}.throttleSamples[${j}][1]`, sample[1]);
    }
    // Run time: 1 - throttle, the throttle held from each poll to the next.
    let runSeconds = 0;
    let at = 0;
    let throttle = 0;
    for (const [t, p] of r.throttleSamples) {
      const until = Math.min(t, live);
      if (until > at) runSeconds += (until - at) * (1 - throttle / 100);
      at = Math.max(at, until);
      if (t >= live) break;
      throttle = p ?? 0;
    }
    if (live > at) runSeconds += (live - at) * (1 - throttle / 100);
    if (!(runSeconds > 0)) continue;
    const writes = lastWrites + (rate * reportSeconds) / 2 - rate * guestSecondsAtMigrate;
    const migrationWritesPerSecond = writes / runSeconds;
    out.push({
      pointId: r.point.id,
      repeat: r.repeat,
      warmupWritesPerSecond: warmup,
      runSeconds,
      migrationWritesPerSecond,
      ratio: migrationWritesPerSecond / warmup,
    });
  }
  if (out.length === 0) {
    throw new RangeError(
      `Cannot ${action} as runs must hold a completed catchup=0 run with its warm-up rate ` +
        `and last progress line: current value is ${runs.length} runs without one`,
    );
  }
  const medianRatio = median(out.map((r) => r.ratio));
  return {
    slowdownFraction: Math.min(0.99, Math.max(0, 1 - medianRatio)),
    medianRatio,
    runs: out,
  };
}
