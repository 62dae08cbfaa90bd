import { integer, object, oneOf, options as checkOptions, show } from "../_validate.ts";
import type { Host, VmDemand } from "../placement/model.ts";
import { resolvePlanetLabFolder } from "./planetlab_folder.ts";
import { readPlanetLabFolder } from "./read_planetlab_folder.ts";
import { type DatacenterScenario, simulateDatacenter } from "./simulate.ts";
import {
  CLOUDSIM_3_0_3_QUIRKS,
  type CloudSimQuirks,
  type SimulateDatacenterOptions,
} from "./simulate_options.ts";
import type { DatacenterResult } from "./datacenter_result.ts";
import { SPECPOWER_HP_ML110_G4, SPECPOWER_HP_ML110_G5 } from "./specpower_tables.ts";
import type { UtilizationTraces } from "./traces.ts";
import { checkTraces } from "./_check_traces.ts";

/** CloudSim 3.0.3's VM types (Constants): MIPS, RAM in MiB; one core, 100 Mbit/s each. */
export const BELOGLAZOV2012_VM_TYPES: readonly { cpuMips: number; ramMiB: number }[] = Object
  .freeze([
    { cpuMips: 2500, ramMiB: 870 },
    { cpuMips: 2000, ramMiB: 1740 },
    { cpuMips: 1000, ramMiB: 1740 },
    { cpuMips: 500, ramMiB: 613 },
  ]);

/** Options of {@link beloglazov2012Scenario}. */
export interface Beloglazov2012ScenarioOptions {
  /**
   * Number of hosts, alternating HP ProLiant ML110 G4 (2 x 1860 MIPS) and G5 (2 x 2660 MIPS),
   * 4 GiB RAM and 1 Gbit/s each.
   * @default {800}
   */
  hosts?: number;
  /**
   * How VM i gets one of the 4 types: `"block"` as CloudSim does (type = floor(i /
   * ceil(n / 4)): the first quarter of the traces get type 0, and so on), or `"modulo"` (i mod 4).
   * @default {"block"}
   */
  vmTypeAssignment?: "block" | "modulo";
}

/**
 * Builds the data centre of Beloglazov and Buyya (2012) as CloudSim 3.0.3's PlanetLab examples
 * set it up, around given traces: one VM per trace in the four VM types (2500/2000/1000/500
 * MIPS; 870/1740/1740/613 MiB; 100 Mbit/s; one core), hosts alternating G4 and G5 with their
 * SPECpower tables.
 *
 * @param traces One trace per VM.
 * @param options Host count and VM type assignment.
 * @returns The scenario for {@link simulateDatacenter}.
 *
 * @example Eight synthetic VMs on four hosts
 * ```ts
 * import { beloglazov2012Scenario, generateSyntheticTraces } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const s = beloglazov2012Scenario(generateSyntheticTraces(8, { seed: 1 }), { hosts: 4 });
 * assert.deepEqual(s.vms.map((vm) => vm.cpuMips), [2500, 2500, 2000, 2000, 1000, 1000, 500, 500]);
 * assert.equal(s.hosts[1]!.powerModel, "hp-ml110-g5");
 * ```
 */
export function beloglazov2012Scenario(
  traces: UtilizationTraces,
  options: Beloglazov2012ScenarioOptions = {},
): DatacenterScenario {
  checkOptions("build the beloglazov2012 scenario", "options", options, [
    "hosts",
    "vmTypeAssignment",
  ]);
  const { hosts: hostCount = 800, vmTypeAssignment = "block" } = options;
  integer("build the beloglazov2012 scenario", "options.hosts", hostCount, 1);
  oneOf(
    "build the beloglazov2012 scenario",
    "options.vmTypeAssignment",
    vmTypeAssignment,
    [
      "block",
      "modulo",
    ] as const,
  );
  const hosts: Host[] = [];
  for (let i = 0; i < hostCount; i++) {
    const g5 = i % 2 === 1;
    hosts.push({
      name: `${g5 ? "g5" : "g4"}-${i}`,
      cpuMips: 2 * (g5 ? 2660 : 1860),
      cores: 2,
      ramBytes: 4096 * 2 ** 20,
      bandwidthBytesPerSecond: 125e6,
      rack: 0,
      powerModel: g5 ? "hp-ml110-g5" : "hp-ml110-g4",
    });
  }
  checkTraces("build the beloglazov2012 scenario", "traces", traces);
  const n = traces.percent.length;
  const block = Math.ceil(n / 4);
  const vms: VmDemand[] = traces.percent.map((_, i) => {
    const type = vmTypeAssignment === "block" ? Math.floor(i / block) : i % 4;
    const t = BELOGLAZOV2012_VM_TYPES[type]!;
    return {
      name: traces.names[i] ?? `vm-${i}`,
      cpuMips: t.cpuMips,
      ramBytes: t.ramMiB * 2 ** 20,
      bandwidthBytesPerSecond: 12.5e6,
      type: `type-${type}`,
    };
  });
  return {
    hosts,
    vms,
    powerModels: {
      "hp-ml110-g4": { kind: "table", watts: [...SPECPOWER_HP_ML110_G4.watts] },
      "hp-ml110-g5": { kind: "table", watts: [...SPECPOWER_HP_ML110_G5.watts] },
    },
    traces,
  };
}

/** Options of {@link runBeloglazov2012}. */
export interface RunBeloglazov2012Options
  extends Omit<SimulateDatacenterOptions, "seed" | "cloudsim">, Beloglazov2012ScenarioOptions {
  /**
   * The PlanetLab day folder to read (sorted file names). Without it (and without
   * `traces`), the folder is `$MIGRATE_LAB_PLANETLAB/<day>`; it is never resolved against
   * the current directory (see {@link resolvePlanetLabFolder}).
   */
  folder?: string;
  /**
   * The day to read from `$MIGRATE_LAB_PLANETLAB` when `folder` is not given.
   * @default {"20110303"}
   */
  day?: string;
  /** Traces to use instead of reading `folder`. */
  traces?: UtilizationTraces;
  /**
   * Use only the first this many traces.
   * @default {Infinity}
   */
  maxVms?: number;
  /**
   * Seed (only random selection and engine migrations draw from it).
   * @default {1}
   */
  seed?: SimulateDatacenterOptions["seed"];
  /**
   * Migration costs (see `SimulateDatacenterOptions.migrationModel`): CloudSim's fixed delay
   * unless `cloudsim` is `false`.
   * @default {"cloudsim", or "engine" with `cloudsim: false`}
   */
  migrationModel?: "engine" | "cloudsim";
  /**
   * `true` takes CloudSim's own migration model, regression and quirks: CloudSim's fixed
   * migration delay, RAM / (bandwidth / 2) (`migrationModel: "cloudsim"`), plain least squares
   * for LR/LRR (`regressionWeighting: "cloudsim"`), VMs removed once their demand is 0
   * (`removeIdleVms`), updates 0.1 s after interval starts (`updateOffsetSeconds: 0.1`), the
   * day ending at its last event (`stopAtLastEvent`), a VM moved twice at one update migrated
   * at each move (`migratesEachMove`), CloudSim's VM-list order, floating-point operations and
   * scheduler hash-map order (`incomingVmOrder`, `cloudsimArithmetic`, `schedulerMapOrder`):
   * `simulateDatacenter`'s `cloudsim: CLOUDSIM_3_0_3_QUIRKS`. An object of quirks also takes
   * CloudSim's mode, with these quirks over CloudSim 3.0.3's. With these, most experiments on
   * the recorded PlanetLab days make exactly CloudSim 3.0.3's migrations
   * (`data/cloudsim/results-<day>.json`). `false` takes migration costs from the engine (each
   * update's migrations sharing the hosts' NICs, `migrationNetwork`), migrates a VM moved twice
   * at one update once, to its last target, and takes the paper's tricube weights. CloudSim's
   * other choices (VM creation, over-subscription, energy, SLATAH, PDM) are
   * {@link simulateDatacenter}'s defaults either way.
   * @default {true}
   */
  cloudsim?: boolean | CloudSimQuirks;
}

/**
 * Runs one experiment of Beloglazov and Buyya (2012) as CloudSim 3.0.3 sets it up: 800 hosts,
 * one VM per PlanetLab trace, 5-minute intervals over 24 hours, an allocation policy (`"npa"`,
 * `"dvfs"`, `"thr"` 0.8, `"iqr"` 1.5, `"mad"` 2.5, `"lr"` 1.2, `"lrr"` 1.2; MAD and the others
 * fall back to THR 0.7 while the history is short) and a selection policy (`"mmt"`, `"rs"`,
 * `"mc"`, `"mu"`). By default every CloudSim modelling choice is made as CloudSim 3.0.3 makes
 * it; each is an option of {@link simulateDatacenter} (and `cloudsim: false` takes migration
 * costs from the engine).
 *
 * @param options Policies, data and modelling choices.
 * @returns The simulation result.
 *
 * @example MAD + MMT on synthetic traces (the real day needs read permission)
 * ```ts
 * import { generateSyntheticTraces, runBeloglazov2012 } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const traces = generateSyntheticTraces(40, { seed: 3, intervals: 24 });
 * const r = runBeloglazov2012({ traces, hosts: 40, allocation: "mad", selection: "mmt" });
 * assert.equal(r.intervals, 24);
 * assert.equal(r.unplacedVms.length, 0);
 * ```
 */
export function runBeloglazov2012(options: RunBeloglazov2012Options = {}): DatacenterResult {
  object("run beloglazov2012", "options", options);
  const {
    folder,
    day,
    traces: given,
    maxVms = Infinity,
    hosts,
    vmTypeAssignment,
    seed = 1,
    cloudsim = true,
    ...rest
  } = options;
  if (maxVms !== Infinity) integer("run beloglazov2012", "options.maxVms", maxVms, 1);
  if (typeof cloudsim !== "boolean") object("run beloglazov2012", "options.cloudsim", cloudsim);
  if (given !== undefined) {
    if (folder !== undefined || day !== undefined) {
      throw new TypeError(
        `Cannot run beloglazov2012 as options.traces and options.${
          folder !== undefined ? "folder" : "day"
        } must not both be given (the traces are used as given): current value is ${
          show(folder ?? day)
        }`,
      );
    }
    checkTraces("run beloglazov2012", "options.traces", given);
    // the experiments need VMs: an empty set would report a data centre that never ran
    if (given.percent.length === 0) {
      throw new RangeError(
        'Cannot run beloglazov2012 as options.traces must hold at least one trace: current value is "no traces"',
      );
    }
  }
  const all = given ?? readPlanetLabFolder(
    resolvePlanetLabFolder({
      ...(folder === undefined ? {} : { folder }),
      ...(day === undefined ? {} : { day }),
    }),
    { maxFiles: maxVms },
  );
  const traces = all.percent.length > maxVms
    ? { names: all.names.slice(0, maxVms), percent: all.percent.slice(0, maxVms) }
    : all;
  const scenario = beloglazov2012Scenario(traces, {
    ...(hosts === undefined ? {} : { hosts }),
    ...(vmTypeAssignment === undefined ? {} : { vmTypeAssignment }),
  });
  const simulation: SimulateDatacenterOptions = {
    ...(cloudsim === false ? {} : {
      migrationModel: "cloudsim",
      cloudsim: cloudsim === true
        ? CLOUDSIM_3_0_3_QUIRKS
        : { ...CLOUDSIM_3_0_3_QUIRKS, ...cloudsim },
    }),
    ...rest,
    seed,
  };
  return simulateDatacenter(scenario, simulation);
}
