/**
 * One recorded QEMU grid point through the engine under `preset: "qemu"`, with the
 * point's own setup time, the device state measured from the recording, and
 * convergence judged as the harness judged it (completed within the wait bound).
 *
 * @module
 */
import { migrate } from "../migration/migrate.ts";
import { type MigrationPreset, QEMU_PRESET } from "../migration/presets.ts";
import type { MigrationResult } from "../migration/result.ts";
import {
  array,
  nonNegative,
  object,
  optionNames,
  positive,
  requiredOptions,
  show,
} from "../_validate.ts";
import {
  convergedOf,
  optionalNonNegative,
  pointOf,
  record,
  runList,
  techniqueOf,
  workloadOf,
} from "./_qemu_run.ts";
import { finalCopySettings } from "./_final_copy_settings.ts";
import type { SimulatedFigures } from "./qemu_comparison.ts";
import { QEMU_GRID_WALK_START_SECONDS, qemuPointToEngineInputs } from "./qemu_engine_inputs.ts";
import type { QemuPoint, QemuRun } from "./qemu_record.ts";
import { qemuFirstTouchPages } from "./qemu_first_touch.ts";

/**
 * Bytes of QEMU's migration stream that are not RAM pages (vCPU and device state,
 * section headers, the RAM block list), measured from the recording: the median,
 * over completed pre-copy runs of idle guests, of the stream's bytes minus
 * `ram.transferred`. The stream's bytes come back exactly from `ram.mbps`, which
 * QEMU computes from them: `mbps = bytes x 8 / (total-time - setup-time) / 1000`
 * (`migration_calculate_complete` in `migration/migration.c` of github.com/qemu/qemu,
 * 7.2). Idle guests have the fewest iteration markers: the recorded grid
 * (`runs.jsonl`) gives 112,585 bytes on each idle run that synced the dirty bitmap twice
 * (7 of 42), 112,595-113,375 on the idle runs with a third sync, and up to 113,655 on
 * the other pre-copy runs; the median over the idle runs is 112,655. (`ram.downtime-bytes`
 * counts RAM pages only, so it cannot give this.)
 *
 * @param runs Recorded runs.
 * @returns Bytes.
 *
 * @example
 * ```ts
 * import { measuredQemuDeviceStateBytes, type QemuRun } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const run = { converged: true, point: { technique: "pre-copy", workload: { writesPerSecond: 0 } },
 *   totalSeconds: 1, setupSeconds: 0, mbps: 8.9, transferredBytes: 1e6 } as QemuRun;
 * assert.equal(measuredQemuDeviceStateBytes([run]), 112500);
 * ```
 */
export function measuredQemuDeviceStateBytes(runs: readonly QemuRun[]): number {
  // runs that were not an array, or a run without a point, failed inside ("runs.filter is
  // not a function", "Cannot read properties of null (reading 'converged')")
  const action = "measure the device state";
  runList(action, runs);
  const xs: number[] = [];
  for (let i = 0; i < runs.length; i++) {
    const field = `runs[${i}]`;
    const r = record(action, field, runs[i]);
    if (!convergedOf(action, field, r)) continue;
    const p = pointOf(action, field, r);
    if (techniqueOf(action, `${field}.point`, p) !== "pre-copy") continue;
    const w = workloadOf(action, `${field}.point`, p);
    const writes = nonNegative(
      action,
      `${field}.point.workload.writesPerSecond`,
      w.writesPerSecond,
    );
    if (writes !== 0) continue;
    const total = nonNegative(action, `${field}.totalSeconds`, r.totalSeconds);
    const setup = optionalNonNegative(action, `${field}.setupSeconds`, r.setupSeconds) ?? 0;
    const mbps = nonNegative(action, `${field}.mbps`, r.mbps);
    const bytes = nonNegative(action, `${field}.transferredBytes`, r.transferredBytes);
    const ms = Math.round((total - setup) * 1000);
    const x = Math.round(mbps * ms * 125) - bytes;
    if (Number.isFinite(x) && x > 0) xs.push(x);
  }
  xs.sort((a, b) => a - b);
  if (xs.length === 0) {
    throw new RangeError(
      `Cannot ${action} as runs must hold a completed idle pre-copy run with device-state ` +
        `bytes > 0: current value is ${show(`an array of ${runs.length} with none`)}`,
    );
  }
  const mid = xs.length >> 1;
  return xs.length % 2 === 1 ? xs[mid]! : Math.round((xs[mid - 1]! + xs[mid]!) / 2);
}

/**
 * The `qemu` preset for a recorded point: its `downtime-limit` as the one
 * `max-downtime` rule, and the mean recorded `setup-time` of its completed runs (of
 * all runs if none completed; runs without a `setup-time` left out, 0 if none has one)
 * as `setupSeconds`. `resumeSeconds` stays 0: QEMU's
 * `downtime` and `total-time` end on the source, when the last byte is written
 * (`migration_calculate_complete` takes `end_time` there, `migration/migration.c`),
 * so the destination's resume is in neither.
 *
 * @param point The grid point.
 * @param runs Its runs (at least one).
 * @returns A preset object.
 * @throws {RangeError} If `point.downtimeLimitMs` is not a finite number > 0, `runs` is
 *   empty or a run's `setupSeconds` is neither null nor a finite number >= 0.
 * @throws {TypeError} If `point` or a run is not an object or `runs` not an array.
 *
 * @example
 * ```ts
 * import { type QemuPoint, qemuPointPreset, type QemuRun } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const point = { downtimeLimitMs: 50 } as QemuPoint;
 * const runs = [0.001, 0.003].map((s) => ({ converged: true, setupSeconds: s }) as QemuRun);
 * const p = qemuPointPreset(point, runs);
 * assert.deepEqual(p.stopRules, [{ kind: "max-downtime", seconds: 0.05 }]);
 * assert.equal(p.setupSeconds, 0.002);
 * ```
 */
export function qemuPointPreset(point: QemuPoint, runs: readonly QemuRun[]): MigrationPreset {
  const action = "build a QEMU point's preset";
  const limitMs = positive(
    action,
    "point.downtimeLimitMs",
    object(action, "point", point).downtimeLimitMs,
  );
  array(action, "runs", runs, 1);
  runs.forEach((r, i) => {
    object(action, `runs[${i}]`, r);
    if (r.setupSeconds !== null) nonNegative(action, `runs[${i}].setupSeconds`, r.setupSeconds);
  });
  const done = runs.filter((r) => r.converged);
  const from = done.length > 0 ? done : runs;
  // A run whose setup-time QEMU did not report has none to average (not one of 0 s).
  const setups = from.map((r) => r.setupSeconds).filter((x): x is number => x !== null);
  const setup = setups.length === 0 ? 0 : setups.reduce((a, x) => a + x, 0) / setups.length;
  return {
    ...QEMU_PRESET,
    stopRules: [{ kind: "max-downtime", seconds: limitMs / 1000 }],
    setupSeconds: setup,
  };
}

/** Options of {@link simulateQemuPoint}. */
export interface SimulateQemuPointOptions {
  /** The link's rate (bytes/s, > 0): e.g. `measuredLoopbackBytesPerSecond(runs)`. */
  bandwidthBytesPerSecond: number;
  /** Non-RAM stream bytes sent in the downtime (e.g. `measuredQemuDeviceStateBytes(runs)`). */
  stateBytes: number;
  /**
   * Seconds of QEMU's downtime spent other than sending (stopping the vCPUs, the last
   * bitmap sync, saving device state, flushing: `calibrateQemuHostProfile`), added to
   * the simulated downtime and total time.
   * @default {0}
   */
  downtimeFixedSeconds?: number;
  /**
   * Rate of the final copy (bytes/s, > 0), when it differs from the link's rate: the
   * engine's stop-and-copy (its bytes over the link's rate, latency 0) is re-timed at
   * this rate, and the total time with it.
   * @default {the link's rate}
   */
  finalCopyBytesPerSecond?: number;
  /**
   * Guest seconds of writing before `migrate` (where the guest's walk stands when the
   * migration starts: `qemuPointToEngineInputs`).
   * @default {QEMU_GRID_WALK_START_SECONDS (0.8 s, the recording harness's warm-up)}
   */
  walkStartSeconds?: number;
  /**
   * Seconds of QEMU's migration thread per zero page (`calibrateQemuZeroPageSeconds`),
   * in the live phase and the final copy.
   * @default {0}
   */
  zeroPageSeconds?: number;
  /**
   * Seconds the destination adds per page of the final copy it receives for the first
   * time (`calibrateQemuFirstTouchSeconds`; the pages: `qemuFirstTouchPages`), on top of
   * the final copy's bytes at `finalCopyBytesPerSecond` (then the warm rate,
   * `calibrateQemuWarmFinalCopyBytesPerSecond`). Only with `finalCopyBytesPerSecond`.
   * @default {0}
   */
  firstTouchSecondsPerPage?: number;
}

/** A simulated point, and its figures as the recording states them. */
export interface SimulatedQemuPoint {
  /** The engine's result (bytes include the device state; times exclude the fixed downtime costs). */
  result: MigrationResult;
  /**
   * The figures to compare: `bytesSent` is RAM bytes only (`ram.transferred` excludes
   * the device state), and `converged` holds only if the migration also ended within
   * the point's wait bound (the harness cancelled QEMU there).
   */
  figures: SimulatedFigures;
}

/**
 * Simulates a recorded pre-copy point with `preset: "qemu"` (see
 * {@link qemuPointPreset}) on the guest's workload ({@link qemuPointToEngineInputs}),
 * seed 1. With a host profile (`calibrateQemuHostProfile`), pass its
 * `unlimitedBytesPerSecond` as the link's rate (the uncapped live phase and the final
 * copy, the cap lifted), its `stateBytes`, and its `downtimeFixedSeconds`, which QEMU's
 * `downtime` and `total-time` include and the engine's stop-and-copy does not.
 *
 * @param point A pre-copy grid point.
 * @param runs Its recorded runs.
 * @param options Link rate and device state.
 * @returns The result and the comparable figures.
 *
 * @example A 64 MiB idle guest at 32 MiB/s
 * ```ts
 * import { type QemuPoint, type QemuRun, simulateQemuPoint } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const point = { id: "p", technique: "pre-copy", ramMiB: 64, downtimeLimitMs: 300,
 *   maxBandwidthBytesPerSecond: 33554432, waitLimitSeconds: 10,
 *   workload: { writesPerSecond: 0, regionStartPage: 512, regionPages: 0, stridePages: 1,
 *     fill: true } } as QemuPoint;
 * const runs = [{ ramTotalBytes: 67641344, zeroPages: 585, converged: true, setupSeconds: 0 } as QemuRun];
 * const { figures } = simulateQemuPoint(point, runs, { bandwidthBytesPerSecond: 4e8, stateBytes: 112585 });
 * assert.equal(figures.converged, true);
 * assert.equal(figures.bytesSent, (16514 - 585) * 4104 + 585 * 9);
 * ```
 */
export function simulateQemuPoint(
  point: QemuPoint,
  runs: readonly QemuRun[],
  options: SimulateQemuPointOptions,
): SimulatedQemuPoint {
  const action = "simulate QEMU point";
  requiredOptions(
    action,
    "options",
    options,
    optionNames<SimulateQemuPointOptions>({
      bandwidthBytesPerSecond: 0,
      stateBytes: 0,
      downtimeFixedSeconds: 0,
      finalCopyBytesPerSecond: 0,
      walkStartSeconds: 0,
      zeroPageSeconds: 0,
      firstTouchSecondsPerPage: 0,
    }),
  );
  positive(action, "bandwidthBytesPerSecond", options.bandwidthBytesPerSecond);
  const { stateBytes, fixedSeconds: fixed, finalRate, firstTouchSeconds: firstTouch } =
    finalCopySettings(action, options);
  if (point.technique !== "pre-copy") {
    throw new TypeError(
      `Cannot ${action} as point.technique must be "pre-copy": current value is "${point.technique}"`,
    );
  }
  const { vm, link } = qemuPointToEngineInputs(point, runs, {
    bandwidthBytesPerSecond: options.bandwidthBytesPerSecond,
    stateBytes,
    walkStartSeconds: options.walkStartSeconds ?? QEMU_GRID_WALK_START_SECONDS,
    zeroPageSeconds: options.zeroPageSeconds ?? 0,
  });
  const result = migrate(vm, link, {
    technique: "pre-copy",
    seed: 1,
    preset: qemuPointPreset(point, runs),
  });
  // The final copy's zero pages cost the scan as well (link.zeroPageSeconds).
  const finalZeros = result.roundRows.filter((r) => r.phase === "stop-and-copy")
    .reduce((a, r) => a + (r.zeroPagesSent ?? 0), 0);
  const downtime = finalRate === undefined
    ? result.downtimeSeconds
    : result.stopAndCopyBytesSent / finalRate + finalZeros * (options.zeroPageSeconds ?? 0) +
      (firstTouch > 0 ? qemuFirstTouchPages(result, vm.pageCount) * firstTouch : 0);
  const total = result.totalSeconds - result.downtimeSeconds + downtime + fixed;
  return {
    result,
    figures: {
      totalSeconds: total,
      downtimeSeconds: downtime + fixed,
      bytesSent: result.bytesSent - stateBytes,
      converged: result.converged && total <= point.waitLimitSeconds,
    },
  };
}
