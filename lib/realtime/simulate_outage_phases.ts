import { integer, nonNegative, object, positive, requiredOptions } from "../_validate.ts";
import type { Platform } from "./model.ts";
import { simulateSchedule } from "./simulate_schedule.ts";

/** Options of {@link simulateOutagePhases}. */
export interface SimulateOutagePhasesOptions {
  /** Index of the VM that is out of service. */
  vm: number;
  /** Length of its outage in seconds (> 0). */
  outageSeconds: number;
  /** Earliest start of the outage in seconds (>= 0). */
  fromSeconds: number;
  /** The outage starts at `steps` evenly spaced times in [fromSeconds, fromSeconds + spanSeconds). */
  spanSeconds: number;
  /** Number of start times (integer >= 1). */
  steps: number;
  /** Each run simulates until the outage's end plus this many seconds (> 0). */
  afterSeconds: number;
}

/** One start time of {@link simulateOutagePhases}. */
export interface OutagePhaseRow {
  /** When the outage started, in seconds. */
  startSeconds: number;
  /** Deadlines the VM's tasks missed in the run. */
  missed: number;
  /** Jobs the VM's tasks released in the run. */
  released: number;
}

/** What {@link simulateOutagePhases} returns. */
export interface OutagePhases {
  /** One row per start time, in time order. */
  rows: OutagePhaseRow[];
  /** Start times at which the VM missed a deadline. */
  phasesWithMisses: number;
  /** The most deadlines missed at one start time. */
  worstMissed: number;
}

/**
 * Simulates one VM's outage of a given length starting at many times, to see whether
 * some placement of the outage against the server's supply and the task releases
 * makes it miss a deadline: the simulator's counterpart of the worst case that
 * {@link affordableDowntime} assumes. Each run is `simulateSchedule` of the whole
 * platform from 0 to the outage's end plus `afterSeconds`.
 *
 * @param platform The platform (the VM stays on its `placement` processor).
 * @param options The VM, the outage length and the start times.
 * @returns Per start time the VM's misses, and how many start times had misses.
 * @throws {RangeError} If an index, length or count is out of range.
 *
 * @example A task of C = 1, T = D = 4 on its own processor absorbs 3 s, not 3.5 s
 * ```ts
 * import { simulateOutagePhases } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const platform = {
 *   processors: [{ name: "p0", capacity: 1, ramBytes: 2 ** 30, link: { bandwidthBytesPerSecond: 1e8 } }],
 *   vms: [{
 *     name: "a", scheduler: "edf" as const, server: { periodSeconds: 1, budgetSeconds: 1 },
 *     tasks: [{ name: "t", periodSeconds: 4, wcetSeconds: 1, deadlineSeconds: 4 }],
 *     image: { pageCount: 1, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" as const } },
 *   }],
 *   placement: [0],
 * };
 * const phases = { vm: 0, fromSeconds: 0, spanSeconds: 4, steps: 8, afterSeconds: 8 };
 * assert.equal(simulateOutagePhases(platform, { ...phases, outageSeconds: 3 }).phasesWithMisses, 0);
 * // 3.5 s starting at 0 or 0.5 s leaves the first job less than 1 s before its deadline.
 * assert.equal(simulateOutagePhases(platform, { ...phases, outageSeconds: 3.5 }).phasesWithMisses, 2);
 * ```
 */
export function simulateOutagePhases(
  platform: Platform,
  options: SimulateOutagePhasesOptions,
): OutagePhases {
  requiredOptions("run simulateOutagePhases()", "options", options, [
    "afterSeconds",
    "fromSeconds",
    "outageSeconds",
    "spanSeconds",
    "steps",
    "vm",
  ]);
  const action = "simulate outage phases";
  object(action, "options", options);
  const { vm, outageSeconds, fromSeconds, spanSeconds, steps, afterSeconds } = options;
  integer(action, "options.vm", vm, 0, Array.isArray(platform?.vms) ? platform.vms.length - 1 : -1);
  positive(action, "options.outageSeconds", outageSeconds);
  nonNegative(action, "options.fromSeconds", fromSeconds);
  nonNegative(action, "options.spanSeconds", spanSeconds);
  integer(action, "options.steps", steps, 1);
  positive(action, "options.afterSeconds", afterSeconds);
  const rows: OutagePhaseRow[] = [];
  for (let k = 0; k < steps; k++) {
    const start = fromSeconds + (spanSeconds * k) / steps;
    const result = simulateSchedule(platform, {
      horizonSeconds: start + outageSeconds + afterSeconds,
      outages: [{ vm, fromSeconds: start, toSeconds: start + outageSeconds }],
    });
    const mine = result.tasks.filter((t) => t.vm === vm);
    rows.push({
      startSeconds: start,
      missed: mine.reduce((sum, t) => sum + t.missed, 0),
      released: mine.reduce((sum, t) => sum + t.released, 0),
    });
  }
  return {
    rows,
    phasesWithMisses: rows.filter((r) => r.missed > 0).length,
    worstMissed: Math.max(0, ...rows.map((r) => r.missed)),
  };
}
