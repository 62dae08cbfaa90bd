import {
  integer,
  nonNegative,
  object,
  positive,
  requiredOptions,
  show,
  within,
} from "../_validate.ts";
import type { LinkSpec } from "../migration/link_spec.ts";
import type { Fidelity } from "../migration/result.ts";
import type { Seed } from "../random/prng.ts";
import { MAX_PAGE_COUNT } from "../workload/page_limit.ts";
import { RESTORATION_TECHNIQUES, type RestorationTechnique } from "./fault_restoration.ts";
import type { Platform } from "./model.ts";
import { planRealTimeMigrations } from "./plan_real_time_migrations.ts";

/** A sweep of {@link migrationFeasibility}: every combination of the three lists is one point. */
export interface MigrationFeasibilityConfig {
  /** VM memory sizes, in pages (integers >= 1). */
  pageCounts: readonly number[];
  /** Dirty rates: page writes per second, spread uniformly over the memory (>= 0). */
  writesPerSecond: readonly number[];
  /** The timing parameter: the period T of the VM's task in seconds (> 0). */
  periodsSeconds: readonly number[];
  /** The link the VM migrates over. */
  link: LinkSpec;
  /** Seed of the migrations (recorded in every row). */
  seed: Seed;
  /**
   * Utilization u of the VM's one task: C = u·T.
   * @default {0.2}
   */
  utilization?: number;
  /**
   * Bandwidth Θ/Π of the VM's server (>= utilization).
   * @default {0.4}
   */
  serverBandwidth?: number;
  /**
   * Server period Π as a fraction of the task period T.
   * @default {0.1}
   */
  serverPeriodRatio?: number;
  /**
   * Relative deadline of the VM's task as a fraction of its period: D = ratio·T, in (0, 1].
   * @default {1}
   */
  deadlineRatio?: number;
  /**
   * Page size in bytes.
   * @default {4096}
   */
  pageSizeBytes?: number;
  /**
   * vCPU and device state in bytes.
   * @default {16_384}
   */
  stateBytes?: number;
  /**
   * The techniques compared.
   * @default {["offline", "pre-copy", "post-copy"]}
   */
  techniques?: readonly RestorationTechnique[];
  /**
   * Fidelity of the engine (the closed forms make sweeps fast).
   * @default {"closed-form"}
   */
  fidelity?: Fidelity;
  /**
   * As in `planRealTimeMigrations`: the source serves the VM until it stops there.
   * @default {true}
   */
  sourceServesGuests?: boolean;
}

/** One row of {@link migrationFeasibility}: one point of the sweep and one technique. */
export interface MigrationFeasibilityRow {
  /** Memory pages. */
  pageCount: number;
  /** Memory in bytes (pages × page size). */
  memoryBytes: number;
  /** Page writes per second. */
  writesPerSecond: number;
  /** Task period in seconds. */
  periodSeconds: number;
  /** The VM's affordable downtime in seconds. */
  affordableDowntimeSeconds: number;
  /** The technique. */
  technique: RestorationTechnique;
  /** Its outage in seconds (downtime plus post-copy stalls). */
  outageSeconds: number;
  /** Its migration time in seconds. */
  migrationSeconds: number;
  /** Whether the outage fits the affordable downtime: restoration keeps every deadline. */
  feasible: boolean;
  /** Whether the policy picks this technique at this point. */
  chosen: boolean;
  /** The seed of the migration. */
  seed: Seed;
}

/**
 * Maps where restoration by migration keeps every deadline (Groesbrink 2014 identifies
 * such "ranges for virtual machine size and timing characteristics"): for every
 * combination of memory size, dirty rate and task period, a VM with one task (C = u·T,
 * D = deadlineRatio·T) in a server (Π = ratio·T, Θ = bandwidth·Π) on a failing processor is planned
 * with `planRealTimeMigrations` onto a spare processor, and each technique's outage is
 * compared with the VM's affordable downtime. A plain loop; rows are in the order
 * pageCounts × writesPerSecond × periodsSeconds × techniques.
 *
 * @param config The three parameter lists, the link, the seed and the VM template.
 * @returns One row per point and technique; none for a point whose VM misses deadlines in
 *   its server even without an outage (it has no affordable downtime to spend).
 * @throws {RangeError} If a list is empty or a value is out of range (page counts are
 *   integers from 1 to `MAX_PAGE_COUNT`).
 *
 * @example Small VMs restore within the deadlines of slow tasks only
 * ```ts
 * import { migrationFeasibility } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const rows = migrationFeasibility({
 *   pageCounts: [256], writesPerSecond: [0], periodsSeconds: [0.001, 1],
 *   link: { bandwidthBytesPerSecond: 1e8 }, seed: 1, techniques: ["offline"],
 * });
 * assert.deepEqual(rows.map((r) => r.feasible), [false, true]); // 10.5 ms of downtime
 * ```
 */
export function migrationFeasibility(
  config: MigrationFeasibilityConfig,
): MigrationFeasibilityRow[] {
  requiredOptions("run migrationFeasibility()", "config", config, [
    "deadlineRatio",
    "fidelity",
    "link",
    "pageCounts",
    "pageSizeBytes",
    "periodsSeconds",
    "seed",
    "serverBandwidth",
    "serverPeriodRatio",
    "sourceServesGuests",
    "stateBytes",
    "techniques",
    "utilization",
    "writesPerSecond",
  ]);
  const action = "map migration feasibility";
  object(action, "config", config);
  const {
    pageCounts,
    writesPerSecond,
    periodsSeconds,
    link,
    seed,
    utilization = 0.2,
    serverBandwidth = 0.4,
    serverPeriodRatio = 0.1,
    pageSizeBytes = 4096,
    stateBytes = 16_384,
    techniques = RESTORATION_TECHNIQUES,
    fidelity = "closed-form",
    sourceServesGuests = true,
    deadlineRatio = 1,
  } = config;
  for (
    const [field, list] of [
      ["pageCounts", pageCounts],
      ["writesPerSecond", writesPerSecond],
      ["periodsSeconds", periodsSeconds],
    ] as const
  ) {
    if (!Array.isArray(list) || list.length === 0) {
      throw new RangeError(
        `Cannot ${action} as config.${field} must be a non-empty array: current value is ${
          show(list)
        }`,
      );
    }
  }
  // whole pages the engine can hold: else a migration refused them under its own names, or
  // a VM too large for any processor left its point without rows
  pageCounts.forEach((v, i) => integer(action, `config.pageCounts[${i}]`, v, 1, MAX_PAGE_COUNT));
  writesPerSecond.forEach((v, i) => nonNegative(action, `config.writesPerSecond[${i}]`, v));
  periodsSeconds.forEach((v, i) => positive(action, `config.periodsSeconds[${i}]`, v));
  positive(action, "config.utilization", utilization);
  within(action, "config.utilization", utilization, 0, 1);
  positive(action, "config.serverPeriodRatio", serverPeriodRatio);
  within(action, "config.serverBandwidth", serverBandwidth, utilization, 1);
  within(action, "config.serverPeriodRatio", serverPeriodRatio, 0, 1);
  positive(action, "config.deadlineRatio", deadlineRatio);
  within(action, "config.deadlineRatio", deadlineRatio, 0, 1);
  const rows: MigrationFeasibilityRow[] = [];
  for (const pageCount of pageCounts) {
    for (const writes of writesPerSecond) {
      for (const period of periodsSeconds) {
        const serverPeriod = serverPeriodRatio * period;
        const platform: Platform = {
          processors: [0, 1].map((p) => ({
            name: `p${p}`,
            capacity: 1,
            ramBytes: Number.MAX_SAFE_INTEGER,
            link,
          })),
          vms: [{
            name: "vm",
            scheduler: "edf",
            server: { periodSeconds: serverPeriod, budgetSeconds: serverBandwidth * serverPeriod },
            tasks: [{
              name: "t",
              periodSeconds: period,
              wcetSeconds: utilization * period,
              deadlineSeconds: deadlineRatio * period,
            }],
            image: {
              pageCount,
              pageSizeBytes,
              stateBytes,
              workload: writes === 0
                ? { kind: "idle" }
                : { kind: "uniform", writesPerSecond: writes },
            },
          }],
          placement: [0],
        };
        const plan = planRealTimeMigrations(platform, [0], {
          seed,
          techniques,
          fidelity,
          sourceServesGuests,
        });
        const v = plan.vms[0]!;
        for (const c of v.candidates) {
          rows.push({
            pageCount,
            memoryBytes: pageCount * pageSizeBytes,
            writesPerSecond: writes,
            periodSeconds: period,
            affordableDowntimeSeconds: v.affordableDowntimeSeconds ?? 0,
            technique: c.technique,
            outageSeconds: c.outageSeconds,
            migrationSeconds: c.migrationSeconds,
            feasible: c.keepsDeadlines,
            chosen: c.technique === v.technique,
            seed,
          });
        }
      }
    }
  }
  return rows;
}
