import {
  integer,
  knownKeys,
  nonNegative,
  object,
  optionNames,
  positive,
  requiredOptions,
  show,
} from "../_validate.ts";
import type { LinkSpec } from "../migration/link_spec.ts";
import { createPrng, type Seed } from "../random/prng.ts";
import { checkPlacement } from "./check_placement.ts";
import { minimumBudget } from "./minimum_budget.ts";
import type { GuestScheduler, Platform, RealTimeVm } from "./model.ts";
import { randomTaskSet } from "./random_task_set.ts";
import { MAX_PROCESSORS, validateScheduler } from "./_analysis.ts";

/** One VM of a {@link MissionPlatformConfig}. */
export interface MissionPlatformVm {
  /** Name, unique on the platform. */
  name: string;
  /** Number of periodic tasks (integer >= 1). */
  taskCount: number;
  /** Total utilization of its tasks, split by UUniFast (in (0, 1]). */
  utilization: number;
  /** Memory pages of its image (integer >= 1). */
  pageCount: number;
  /**
   * Page writes per second, uniform over its pages (0: idle).
   * @default {0}
   */
  writesPerSecond?: number;
  /**
   * Guest scheduler.
   * @default {"edf"}
   */
  scheduler?: GuestScheduler;
}

/** Configuration of {@link createMissionPlatform}. */
export interface MissionPlatformConfig {
  /** Number of identical processors (integer >= 1). */
  processorCount: number;
  /** The VMs. */
  vms: readonly MissionPlatformVm[];
  /** Link of every processor. */
  link: LinkSpec;
  /** Seed of the task sets. */
  seed: Seed;
  /**
   * Period Π of every VM's server in seconds.
   * @default {0.005}
   */
  serverPeriodSeconds?: number;
  /**
   * Each server's budget is this factor times the least schedulable budget (capped at
   * the server period): above 1 it leaves slack, that is, an affordable downtime.
   * @default {1}
   */
  budgetFactor?: number;
  /**
   * RAM of every processor in bytes.
   * @default {4 GiB}
   */
  ramBytes?: number;
  /**
   * Page size of the images in bytes.
   * @default {4096}
   */
  pageSizeBytes?: number;
  /**
   * vCPU and device state of each image in bytes.
   * @default {262144}
   */
  stateBytes?: number;
}

/** The fields of a {@link MissionPlatformVm} (a misspelt optional one would run its default). */
const VM_FIELDS = optionNames<MissionPlatformVm>({
  name: 0,
  taskCount: 0,
  utilization: 0,
  pageCount: 0,
  writesPerSecond: 0,
  scheduler: 0,
});

/**
 * Builds a real-time platform for fault-injection studies: identical processors, VMs
 * with random task sets, servers with the least budget that keeps each VM
 * schedulable, and a feasible placement that spreads the load.
 *
 * VM i's tasks come from `randomTaskSet(createPrng(seed, "tasks", i), { taskCount,
 * utilization, namePrefix: "<vm name>.t" })` (UUniFast utilizations, log-uniform
 * periods in [10 ms, 100 ms]). Its server is (Π, Θ) with Θ from `minimumBudget`, times
 * `budgetFactor` (at most Π).
 * Placement: worst-fit decreasing on server bandwidth Θ/Π (each VM, largest first,
 * goes to the processor with the least bandwidth used that stays feasible), checked
 * with `checkPlacement`.
 *
 * @param config Processors, VMs, link, seed and sizes.
 * @returns The platform.
 * @throws {RangeError} If a count or size is out of range, a VM cannot be served, or
 *   the VMs do not fit on the processors.
 *
 * @example Four processors, six VMs
 * ```ts
 * import { checkPlacement, createMissionPlatform } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const platform = createMissionPlatform({
 *   processorCount: 4,
 *   vms: Array.from({ length: 6 }, (_, i) => ({
 *     name: `vm${i}`, taskCount: 3, utilization: 0.3, pageCount: 4096,
 *   })),
 *   link: { bandwidthBytesPerSecond: 125e6 },
 *   seed: 1,
 * });
 * assert.equal(platform.vms.length, 6);
 * assert.equal(checkPlacement(platform).feasible, true);
 * ```
 */
export function createMissionPlatform(config: MissionPlatformConfig): Platform {
  requiredOptions("run createMissionPlatform()", "config", config, [
    "budgetFactor",
    "link",
    "pageSizeBytes",
    "processorCount",
    "ramBytes",
    "seed",
    "serverPeriodSeconds",
    "stateBytes",
    "vms",
  ]);
  const action = "create a mission platform";
  object(action, "config", config);
  const {
    processorCount,
    vms: specs,
    link,
    seed,
    serverPeriodSeconds = 0.005,
    ramBytes = 4 * 2 ** 30,
    pageSizeBytes = 4096,
    stateBytes = 262144,
    budgetFactor = 1,
  } = config;
  integer(action, "config.processorCount", processorCount, 1, MAX_PROCESSORS);
  const linkRecord = object(action, "config.link", link);
  positive(action, "config.link.bandwidthBytesPerSecond", linkRecord.bandwidthBytesPerSecond);
  // The link is copied to every processor: only the LinkSpec fields, all checked.
  knownKeys(action, "config.link", linkRecord, [
    "bandwidthBytesPerSecond",
    "latencySeconds",
    "pageOverheadBytes",
    "maxBandwidthBytesPerSecond",
  ]);
  for (const field of ["latencySeconds", "pageOverheadBytes"] as const) {
    if (linkRecord[field] !== undefined) {
      nonNegative(action, `config.link.${field}`, linkRecord[field]);
    }
  }
  const cap = linkRecord.maxBandwidthBytesPerSecond;
  if (cap !== undefined && cap !== Infinity) {
    positive(action, "config.link.maxBandwidthBytesPerSecond", cap);
  }
  integer(action, "config.pageSizeBytes", pageSizeBytes, 1);
  positive(action, "config.serverPeriodSeconds", serverPeriodSeconds);
  positive(action, "config.ramBytes", ramBytes);
  positive(action, "config.budgetFactor", budgetFactor);
  nonNegative(action, "config.stateBytes", stateBytes);
  if (!Array.isArray(specs)) {
    throw new TypeError(
      `Cannot ${action} as config.vms must be an array: current value is ${show(specs)}`,
    );
  }
  const vms: RealTimeVm[] = (specs as readonly MissionPlatformVm[]).map((spec, i) => {
    const field = `config.vms[${i}]`;
    knownKeys(action, field, object(action, field, spec), VM_FIELDS);
    const { name, taskCount, utilization, pageCount, writesPerSecond = 0, scheduler = "edf" } =
      spec;
    integer(action, `${field}.taskCount`, taskCount, 1);
    nonNegative(action, `${field}.utilization`, utilization);
    nonNegative(action, `${field}.writesPerSecond`, writesPerSecond);
    validateScheduler(action, `${field}.scheduler`, scheduler);
    if (typeof name !== "string") {
      throw new TypeError(
        `Cannot ${action} as config.vms[${i}].name must be a string: current value is ${
          show(name)
        }`,
      );
    }
    const tasks = randomTaskSet(createPrng(seed, "tasks", i), {
      taskCount,
      utilization,
      namePrefix: `${name}.t`,
    });
    const least = minimumBudget(tasks, scheduler, serverPeriodSeconds);
    const budget = least === null
      ? null
      : Math.min(serverPeriodSeconds, Math.max(least, least * budgetFactor));
    if (budget === null || budget > serverPeriodSeconds) {
      throw new RangeError(
        `Cannot ${action} as config.vms[${i}] must be schedulable in a server of period ${serverPeriodSeconds}: current value is ${
          show(spec)
        }`,
      );
    }
    return {
      name,
      tasks,
      scheduler,
      server: { periodSeconds: serverPeriodSeconds, budgetSeconds: budget },
      image: {
        pageCount: integer(action, `config.vms[${i}].pageCount`, pageCount, 1),
        pageSizeBytes,
        stateBytes,
        workload: writesPerSecond > 0 ? { kind: "uniform", writesPerSecond } : { kind: "idle" },
      },
    };
  });
  const processors = Array.from({ length: processorCount }, (_, p) => ({
    name: `p${p}`,
    capacity: 1,
    ramBytes,
    link,
  }));
  const bandwidth = (vm: RealTimeVm) => vm.server.budgetSeconds / vm.server.periodSeconds;
  const order = vms.map((_, i) => i).sort((a, b) =>
    bandwidth(vms[b]!) - bandwidth(vms[a]!) || a - b
  );
  const placement = vms.map(() => -1);
  for (const i of order) {
    const byLoad = processors.map((_, p) => ({
      p,
      load: placement.reduce((sum, host, j) => host === p ? sum + bandwidth(vms[j]!) : sum, 0),
    })).sort((a, b) => a.load - b.load || a.p - b.p);
    const fit = byLoad.find(({ p }) => {
      const trial = [...placement];
      trial[i] = p;
      return checkPlacement({ processors, vms, placement: trial }).processors[p]!.feasible;
    });
    if (fit === undefined) {
      throw new RangeError(
        `Cannot ${action} as config.vms must fit on ${processorCount} processors: current value is ${
          show(specs.map((s) => s.name))
        }`,
      );
    }
    placement[i] = fit.p;
  }
  return { processors, vms, placement };
}
