import { object, optionNames, requiredOptions, show } from "../_validate.ts";
import type { LinkSpec } from "../migration/link_spec.ts";
import type { Fidelity } from "../migration/result.ts";
import type { Seed } from "../random/prng.ts";
import {
  RESTORATION_TECHNIQUES,
  type RestorationTechnique,
} from "../realtime/fault_restoration.ts";
import type { MigrationFeasibilityRow } from "../realtime/migration_feasibility.ts";
import type { SweepSpec } from "./expand_sweep.ts";
import { RT_FEASIBILITY_RUNS } from "./rt_feasibility_runs.ts";
import { runSweep, type RunSweepOptions } from "./run_sweep.ts";

/**
 * A feasibility map as a sweep: every combination of the lists is one point, crossed with
 * the techniques (the sweep's variants). Template defaults are those of
 * `migrationFeasibility` (and of the `rt-feasibility` run kind).
 */
export interface SweepMigrationFeasibilityConfig {
  /** VM memory sizes, in pages (integers >= 1). */
  pageCounts: readonly number[];
  /** Dirty rates: page writes per second, spread uniformly over the memory (>= 0). */
  writesPerSecond: readonly number[];
  /** Periods T of the VM's task in seconds (> 0). */
  periodsSeconds: readonly number[];
  /**
   * Relative deadlines as fractions of the period, D = ratio·T, each in (0, 1].
   * @default {[1]}
   */
  deadlineRatios?: readonly number[];
  /**
   * Server bandwidths Θ/Π (the budget per server period), each in [utilization, 1].
   * @default {[0.4]}
   */
  serverBandwidths?: readonly number[];
  /** The link the VM migrates over. */
  link: LinkSpec;
  /** The sweep seed; each point's seed derives from it and the point's parameters. */
  seed: Seed;
  /**
   * Utilization u of the VM's one task: C = u·T.
   * @default {0.2}
   */
  utilization?: number;
  /**
   * Server period Π as a fraction of the task period T.
   * @default {0.1}
   */
  serverPeriodRatio?: number;
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
   * The techniques reported (the policy always compares all three).
   * @default {["offline", "pre-copy", "post-copy"]}
   */
  techniques?: readonly RestorationTechnique[];
  /**
   * Fidelity of the engine.
   * @default {"closed-form"}
   */
  fidelity?: Fidelity;
}

/** One row of {@link sweepMigrationFeasibility}: a `migrationFeasibility` row and its timing point. */
export interface SweepMigrationFeasibilityRow extends MigrationFeasibilityRow {
  /** The sweep's run id. */
  run: number;
  /** Whether the VM's task is schedulable in its server at all (else no row of `migrationFeasibility`). */
  schedulable: boolean;
  /** D / T of the VM's task. */
  deadlineRatio: number;
  /** Θ / Π of the VM's server. */
  serverBandwidth: number;
  /** The seed of the point's migrations (the sweep's run seed). */
  seed: number;
}

/**
 * The sweep spec (kind `rt-feasibility`) of a feasibility map: the grid is pageCount ×
 * writesPerSecond × periodSeconds × deadlineRatio × serverBandwidth (outermost first),
 * the variants are the techniques.
 *
 * @param config The parameter lists, link, seed and VM template.
 * @returns A spec for `runSweep`, `expandSweep` or the `sweep` task.
 * @throws {TypeError} If config is not an object (values are checked by `expandSweep`).
 * @throws {RangeError} If `config.link.maxBandwidthBytesPerSecond` is below its bandwidth:
 *   the run kind has no cap, and would drop it.
 *
 * @example Two sizes × two periods × three techniques is twelve runs
 * ```ts
 * import { expandSweep, migrationFeasibilitySpec } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const spec = migrationFeasibilitySpec({
 *   pageCounts: [256, 4096], writesPerSecond: [0], periodsSeconds: [0.01, 1],
 *   link: { bandwidthBytesPerSecond: 125e6 }, seed: 1,
 * });
 * assert.equal(expandSweep(spec).runs.length, 12);
 * ```
 */
export function migrationFeasibilitySpec(config: SweepMigrationFeasibilityConfig): SweepSpec {
  requiredOptions(
    "sweep migration feasibility",
    "config",
    config,
    optionNames<SweepMigrationFeasibilityConfig>({
      pageCounts: 0,
      writesPerSecond: 0,
      periodsSeconds: 0,
      deadlineRatios: 0,
      serverBandwidths: 0,
      link: 0,
      seed: 0,
      utilization: 0,
      serverPeriodRatio: 0,
      pageSizeBytes: 0,
      stateBytes: 0,
      techniques: 0,
      fidelity: 0,
    }),
  );
  const defaults = RT_FEASIBILITY_RUNS.parameters;
  const {
    pageCounts,
    writesPerSecond,
    periodsSeconds,
    deadlineRatios = [defaults.deadlineRatio!.default as number],
    serverBandwidths = [defaults.serverBandwidth!.default as number],
    link,
    seed,
    utilization = defaults.utilization!.default as number,
    serverPeriodRatio = defaults.serverPeriodRatio!.default as number,
    pageSizeBytes = defaults.pageSizeBytes!.default as number,
    stateBytes = defaults.stateBytes!.default as number,
    techniques = RESTORATION_TECHNIQUES,
    fidelity = "closed-form",
  } = config;
  object("sweep migration feasibility", "config.link", link);
  // the run kind's link has a bandwidth, a latency and a page overhead, no cap: refuse a cap
  // that would bind rather than drop it (migrationFeasibility honours it)
  const cap = link.maxBandwidthBytesPerSecond;
  if (cap !== undefined && !(cap >= link.bandwidthBytesPerSecond)) {
    throw new RangeError(
      `Cannot sweep migration feasibility as config.link.maxBandwidthBytesPerSecond must be absent or >= config.link.bandwidthBytesPerSecond (${
        show(link.bandwidthBytesPerSecond)
      }), since the rt-feasibility run kind has no rate cap (give the capped rate as bandwidthBytesPerSecond): current value is ${
        show(cap)
      }`,
    );
  }
  return {
    kind: RT_FEASIBILITY_RUNS.name,
    seed,
    name: "migration feasibility",
    fixed: {
      utilization,
      serverPeriodRatio,
      pageSizeBytes,
      stateBytes,
      fidelity,
      bandwidthBytesPerSecond: link.bandwidthBytesPerSecond,
      latencySeconds: link.latencySeconds ?? 0,
      pageOverheadBytes: link.pageOverheadBytes ?? 0,
    },
    grid: {
      pageCount: pageCounts,
      writesPerSecond,
      periodSeconds: periodsSeconds,
      deadlineRatio: deadlineRatios,
      serverBandwidth: serverBandwidths,
    },
    variants: techniques.map((technique) => ({ label: technique, parameters: { technique } })),
  };
}

/**
 * Maps where restoration by migration keeps every deadline, through `runSweep`: the
 * points of `migrationFeasibility` over memory size, dirty rate and the timing
 * parameters (task period, relative deadline, server budget), spread over workers.
 * Rows are identical whatever the runner and worker count, and each equals the row
 * `migrationFeasibility` gives for its point with the run's seed.
 *
 * @param config The parameter lists, link, seed and VM template.
 * @param options `runSweep` options (workers, runner, out, progress).
 * @returns One row per point and technique, in the order of {@link migrationFeasibilitySpec}.
 * @throws {RangeError} If a list is empty or a value is out of range (errors name the grid field),
 *   or the link has a binding cap (see {@link migrationFeasibilitySpec}).
 *
 * @example Halving the deadline of a 16 MiB VM with a 100 ms task
 * ```ts
 * import { sweepMigrationFeasibility } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const rows = await sweepMigrationFeasibility({
 *   pageCounts: [4096], writesPerSecond: [0], periodsSeconds: [0.1],
 *   deadlineRatios: [1, 0.5], link: { bandwidthBytesPerSecond: 125e6 }, seed: 1,
 *   techniques: ["pre-copy"],
 * }, { runner: "inline" });
 * assert.equal(rows.length, 2);
 * // With D = T/2 the task no longer fits its server (Θ/Π = 0.4, Π = T/10): nothing is affordable.
 * assert.deepEqual(rows.map((r) => r.schedulable), [true, false]);
 * assert.equal(rows[1]!.feasible, false);
 * ```
 */
export async function sweepMigrationFeasibility(
  config: SweepMigrationFeasibilityConfig,
  options: RunSweepOptions = {},
): Promise<SweepMigrationFeasibilityRow[]> {
  const { rows } = await runSweep(migrationFeasibilitySpec(config), options);
  return rows.map((r) => ({
    run: r.run as number,
    schedulable: r.schedulable as boolean,
    pageCount: r.pageCount as number,
    memoryBytes: r.memoryBytes as number,
    writesPerSecond: r.writesPerSecond as number,
    periodSeconds: r.periodSeconds as number,
    deadlineRatio: r.deadlineRatio as number,
    serverBandwidth: r.serverBandwidth as number,
    affordableDowntimeSeconds: r.affordableDowntimeSeconds as number,
    technique: r.technique as RestorationTechnique,
    outageSeconds: r.outageSeconds as number,
    migrationSeconds: r.migrationSeconds as number,
    feasible: r.feasible as boolean,
    chosen: r.chosen as boolean,
    seed: r.seed as number,
  }));
}
