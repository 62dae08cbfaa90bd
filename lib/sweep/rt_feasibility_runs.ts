import { migrate } from "../migration/migrate.ts";
import {
  RESTORATION_TECHNIQUES,
  type RestorationTechnique,
} from "../realtime/fault_restoration.ts";
import { migrationFeasibility } from "../realtime/migration_feasibility.ts";
import type { RunKind, SweepParameter, SweepRecord } from "./run_kind.ts";

const positive = { type: "number", min: 0, minExclusive: true } as const;
const nonNegative = { type: "number", min: 0 } as const;
const fraction = { type: "number", min: 0, minExclusive: true, max: 1 } as const;

/**
 * Sweeps of real-time restoration feasibility (Groesbrink 2014's "ranges for virtual
 * machine size and timing characteristics"): one run is one point of
 * `migrationFeasibility` (a VM of `pageCount` pages dirtying `writesPerSecond`, with
 * one task of period `periodSeconds`, C = utilization·T and D = deadlineRatio·T, in a
 * server of period serverPeriodRatio·T and budget serverBandwidth·Π, restored from a
 * failing processor onto a spare one) and one `technique`. The policy compares every
 * restoration technique at that point, so `chosen` and `chosenTechnique` are the same
 * whichever technique the run reports. A run's metrics equal the row of
 * `migrationFeasibility` for that point, technique and the run's seed. Where the VM's
 * task is not schedulable in its server at all (no outage is affordable, and
 * `migrationFeasibility` gives no row), the run reports `schedulable: false`, an
 * affordable downtime of 0, the technique's outage and migration time from `migrate()`,
 * `feasible: false` and `chosenTechnique: "none"`. Defaults (those
 * of `migrationFeasibility`, a 1 Gbit/s link with 100 µs latency) are in `parameters`.
 *
 * @example A 1 MiB idle VM restores within a 1 s deadline by offline migration, not within 1 ms
 * ```ts
 * import { RT_FEASIBILITY_RUNS } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const defaults = Object.fromEntries(
 *   Object.entries(RT_FEASIBILITY_RUNS.parameters).map(([k, p]) => [k, p.default]),
 * );
 * const vm = { ...defaults, pageCount: 256, writesPerSecond: 0, technique: "offline" };
 * assert.equal(RT_FEASIBILITY_RUNS.run({ ...vm, periodSeconds: 1 }, 1).feasible, true);
 * assert.equal(RT_FEASIBILITY_RUNS.run({ ...vm, periodSeconds: 0.001 }, 1).feasible, false);
 * ```
 */
export const RT_FEASIBILITY_RUNS: RunKind = Object.freeze<RunKind>({
  name: "rt-feasibility",
  description:
    "one VM restored by migration under real-time constraints: affordable downtime, outage, feasible, policy's choice",
  parameters: Object.freeze<Record<string, SweepParameter>>({
    pageCount: {
      description: "VM memory in pages",
      default: 16_384,
      check: { type: "number", min: 1, integer: true },
    },
    pageSizeBytes: {
      description: "bytes per page",
      default: 4096,
      check: { type: "number", min: 1, integer: true },
    },
    stateBytes: {
      description: "vCPU and device state in bytes",
      default: 16_384,
      check: nonNegative,
    },
    writesPerSecond: {
      description: "page writes per second, uniform over the memory",
      default: 0,
      check: nonNegative,
    },
    periodSeconds: {
      description: "period T of the VM's task in seconds",
      default: 0.1,
      check: positive,
    },
    deadlineRatio: { description: "relative deadline D / T", default: 1, check: fraction },
    utilization: { description: "utilization C / T of the task", default: 0.2, check: fraction },
    serverBandwidth: {
      description: "server bandwidth Θ / Π (>= utilization)",
      default: 0.4,
      check: fraction,
    },
    serverPeriodRatio: { description: "server period Π / T", default: 0.1, check: fraction },
    bandwidthBytesPerSecond: {
      description: "link bandwidth in bytes per second",
      default: 125e6,
      check: positive,
    },
    latencySeconds: {
      description: "one-way link latency in seconds",
      default: 1e-4,
      check: nonNegative,
    },
    pageOverheadBytes: {
      description: "protocol bytes per page sent",
      default: 0,
      check: nonNegative,
    },
    technique: {
      description: "restoration technique reported by the run",
      default: "pre-copy",
      check: { type: "choice", values: RESTORATION_TECHNIQUES },
    },
    fidelity: {
      description: "engine fidelity",
      default: "closed-form",
      check: { type: "choice", values: ["page", "closed-form"] },
    },
  }),
  metrics: Object.freeze([
    "schedulable",
    "memoryBytes",
    "affordableDowntimeSeconds",
    "outageSeconds",
    "migrationSeconds",
    "feasible",
    "chosen",
    "chosenTechnique",
  ]),
  check(p: Readonly<SweepRecord>): void {
    if (!((p.serverBandwidth as number) >= (p.utilization as number))) {
      throw new RangeError(
        `Cannot run a sweep as serverBandwidth must be >= utilization (${p.utilization}): current value is ${p.serverBandwidth}`,
      );
    }
  },
  run(p: Readonly<SweepRecord>, seed: number): SweepRecord {
    const rows = migrationFeasibility({
      pageCounts: [p.pageCount as number],
      writesPerSecond: [p.writesPerSecond as number],
      periodsSeconds: [p.periodSeconds as number],
      link: {
        bandwidthBytesPerSecond: p.bandwidthBytesPerSecond as number,
        latencySeconds: p.latencySeconds as number,
        pageOverheadBytes: p.pageOverheadBytes as number,
      },
      seed,
      utilization: p.utilization as number,
      serverBandwidth: p.serverBandwidth as number,
      serverPeriodRatio: p.serverPeriodRatio as number,
      deadlineRatio: p.deadlineRatio as number,
      pageSizeBytes: p.pageSizeBytes as number,
      stateBytes: p.stateBytes as number,
      fidelity: p.fidelity as "page" | "closed-form",
    });
    const row = rows.find((r) => r.technique === p.technique);
    if (row === undefined) return unschedulable(p, seed);
    return {
      schedulable: true,
      memoryBytes: row.memoryBytes,
      affordableDowntimeSeconds: row.affordableDowntimeSeconds,
      outageSeconds: row.outageSeconds,
      migrationSeconds: row.migrationSeconds,
      feasible: row.feasible,
      chosen: row.chosen,
      chosenTechnique: rows.find((r) => r.chosen)?.technique ?? "none",
    };
  },
});

/** A point whose VM is not schedulable in its server: no downtime is affordable. */
function unschedulable(p: Readonly<SweepRecord>, seed: number): SweepRecord {
  const pageCount = p.pageCount as number;
  const pageSizeBytes = p.pageSizeBytes as number;
  const writes = p.writesPerSecond as number;
  const result = migrate({
    pageCount,
    pageSizeBytes,
    stateBytes: p.stateBytes as number,
    workload: writes === 0 ? { kind: "idle" } : { kind: "uniform", writesPerSecond: writes },
  }, {
    bandwidthBytesPerSecond: p.bandwidthBytesPerSecond as number,
    latencySeconds: p.latencySeconds as number,
    pageOverheadBytes: p.pageOverheadBytes as number,
  }, {
    technique: p.technique as RestorationTechnique,
    seed,
    fidelity: p.fidelity as "page" | "closed-form",
  });
  // As in planRealTimeMigrations with a source that serves its guests: suspend to resume, plus stalls.
  const suspend = result.timeline.find((e) => e.kind === "suspend")?.timeSeconds ?? 0;
  const resume = result.timeline.find((e) => e.kind === "resume")?.timeSeconds ??
    result.totalSeconds;
  return {
    schedulable: false,
    memoryBytes: pageCount * pageSizeBytes,
    affordableDowntimeSeconds: 0,
    outageSeconds: resume - suspend + result.stallSeconds,
    migrationSeconds: result.totalSeconds,
    feasible: false,
    chosen: false,
    chosenTechnique: "none",
  };
}
