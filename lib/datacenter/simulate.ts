import { CandidateQueue } from "./_candidate_queue.ts";
import { HostOrder, type HostOrderEntry } from "./_host_order.ts";
import { madOverloaded } from "./_mad_decision.ts";
import { madUpperThreshold } from "./mad_threshold.ts";
import {
  integer,
  knownKeys,
  nonNegative,
  object,
  oneOf,
  positive,
  show,
  within,
} from "../_validate.ts";
import {
  type MigrationRequest,
  type SharedTechnique,
  simulateMigrations,
} from "../fleet/simulate_migrations.ts";
import type { Fidelity, TechniqueName } from "../migration/result.ts";
import type { Host, VmDemand } from "../placement/model.ts";
import type { SwitchPower } from "../placement/obfdf.ts";
import type { ContractNetMessageKind } from "../placement/contract_net_agents.ts";
import { noContractNetMessages } from "../placement/_contract_net_messages.ts";
import { createPrng, type Seed } from "../random/prng.ts";
import {
  cloudsimMigrationDelaySeconds as cloudsimDelaySeconds,
  MIGRATION_COST_MODELS,
  type MigrationCost,
  type MigrationCostSettings,
} from "./migration_cost_models.ts";
import { PLACEMENT_RULES, type PlacementCandidate } from "./placement_rules.ts";
import {
  CONSOLIDATION_DECISIONS,
  type ConsolidationSettings,
  type ConsolidationView,
} from "./consolidation_decisions.ts";
import { MIGRATION_ENERGY_MODELS } from "./migration_energy_models.ts";
import {
  OVERLOAD_DETECTORS,
  type OverloadDetectorSettings,
  type OverloadHostView,
} from "./overload_detectors.ts";
import { powerAt, type PowerModel } from "./power_model.ts";
import { checkTraces, MAX_TRACE_VALUES } from "./_check_traces.ts";
import type { UtilizationTraces } from "./traces.ts";
import type { VmSelectionPolicy } from "./vm_selection.ts";
import { DOUBLE_THRESHOLD_SELECTIONS, type DoubleThresholdSelection } from "./double_threshold.ts";
import { VM_SELECTORS, type VmSelectorHost, type VmSelectorSettings } from "./vm_selectors.ts";
import { ENERGY_INTEGRATORS } from "./energy_integrators.ts";

/** A data centre over time: hosts, VMs, their power models and one CPU trace per VM. */
export interface DatacenterScenario {
  /** Hosts; `powerModel` names a key of `powerModels`. */
  hosts: Host[];
  /** VMs; `cpuMips` is the VM's full MIPS, and `traces.percent[i]` drives `vms[i]`. */
  vms: VmDemand[];
  /** Power models by name. */
  powerModels: Record<string, PowerModel>;
  /** CPU utilisation traces in percent, one per VM. */
  traces: UtilizationTraces;
}

/**
 * Allocation policies: `"npa"` (no power awareness: every host at peak power all the time),
 * `"dvfs"` (power follows utilisation, no migrations), and dynamic consolidation with overload
 * detection by a static threshold (`"thr"`), MAD (`"mad"`), IQR (`"iqr"`), local regression
 * (`"lr"`) or robust local regression (`"lrr"`); and the double thresholds of Beloglazov and
 * Buyya (CCGrid 2010, `"dt"`): a host over the upper threshold (`parameter`) is overloaded,
 * and every host under the lower threshold (`lowerThreshold`) is emptied when its VMs fit
 * elsewhere.
 */
export type ConsolidationAllocation =
  | "npa"
  | "dvfs"
  | "thr"
  | "mad"
  | "iqr"
  | "lr"
  | "lrr"
  | "dt";

/** Every allocation policy, in the order of Beloglazov and Buyya (2012), then 2010's `"dt"`. */
export const CONSOLIDATION_ALLOCATIONS: readonly ConsolidationAllocation[] = Object.freeze([
  "npa",
  "dvfs",
  "thr",
  "iqr",
  "mad",
  "lr",
  "lrr",
  "dt",
]);

/** The paper's parameter for each allocation policy (threshold or safety parameter). */
export const DEFAULT_ALLOCATION_PARAMETERS: Readonly<Record<ConsolidationAllocation, number>> =
  Object.freeze({ npa: 0, dvfs: 0, thr: 0.8, mad: 2.5, iqr: 1.5, lr: 1.2, lrr: 1.2, dt: 0.8 });

/** Options of {@link simulateDatacenter}. */
export interface SimulateDatacenterOptions {
  /** Seed: random VM selection and engine migrations draw from streams of it. */
  seed: Seed;
  /**
   * Allocation (overload detection) policy.
   * @default {"mad"}
   */
  allocation?: ConsolidationAllocation;
  /**
   * VM selection policy: one of 2012's (`"mmt"`, `"rs"`, `"mc"`, `"mu"`: one VM at a time
   * until the host is not overloaded), or one of 2010's (`"mm"`, `"hpg"`, `"rc"`: the set of
   * VMs that brings the host to its upper threshold, `selectVmsOverThreshold`), the latter
   * only with a threshold allocation (`"dt"` or `"thr"`).
   * @default {"mmt"}
   */
  selection?: VmSelectionPolicy | DoubleThresholdSelection;
  /**
   * Lower utilisation threshold of the `"dt"` allocation and of contract-net agents
   * (`decisions`): hosts under it are emptied when all their VMs fit elsewhere. The paper sweeps it; 0.3 is our default, not the paper's.
   * @default {0.3}
   */
  lowerThreshold?: number;
  /**
   * THR threshold or MAD/IQR/LR/LRR safety parameter.
   * @default {DEFAULT_ALLOCATION_PARAMETERS[allocation]}
   */
  parameter?: number;
  /**
   * Static threshold used while the history is too short for MAD/IQR/LR/LRR (CloudSim: 0.7).
   * @default {0.7}
   */
  fallbackThreshold?: number;
  /**
   * History values MAD and IQR need (CloudSim: 12).
   * @default {12}
   */
  minHistory?: number;
  /**
   * Utilisation values kept per VM (CloudSim's `PowerVm.HISTORY_LENGTH`).
   * @default {30}
   */
  historyLength?: number;
  /**
   * Window of LR and LRR (CloudSim: 10).
   * @default {10}
   */
  regressionWindow?: number;
  /**
   * `"tricube"` (the paper's Loess weights) or `"cloudsim"` (plain least squares, what
   * CloudSim 3.0.3 computes in effect: it applies weights only when 40 % of them are <= 0,
   * which its tricube and bisquare weights never are, so its LRR is its LR line too).
   * @default {"tricube"}
   */
  regressionWeighting?: "tricube" | "cloudsim";
  /**
   * Length of a scheduling interval in seconds.
   * @default {300}
   */
  intervalSeconds?: number;
  /**
   * Number of intervals simulated (at most the shortest trace).
   * @default {the shortest trace's length}
   */
  intervals?: number;
  /**
   * `"engine"`: each migration's duration, downtime and traffic come from `migrate()`.
   * `"cloudsim"`: CloudSim's fixed delay RAM / (bandwidth / 2), no downtime.
   * @default {"engine"}
   */
  migrationModel?: "engine" | "cloudsim";
  /**
   * Technique given to the engine.
   * @default {"pre-copy"}
   */
  migrationTechnique?: TechniqueName;
  /**
   * Fidelity given to the engine (`"page"` is far slower).
   * @default {"closed-form"}
   */
  migrationFidelity?: Fidelity;
  /**
   * Share of the slower host's bandwidth a migration gets (CloudSim assumes half).
   * @default {0.5}
   */
  migrationBandwidthShare?: number;
  /**
   * How migrations use the network (engine model only). `"fixed-share"`: each migration
   * gets `migrationBandwidthShare` of the slower host's bandwidth, whatever else runs.
   * `"shared"`: each host's bandwidth times `migrationBandwidthShare` is a link (its
   * NIC), and the migrations that start at one update share the NICs they cross max-min
   * fairly, re-shared as each ends (`simulateMigrations`); technique offline, pre-copy
   * or post-copy. A lone migration costs the same under both.
   * @default {"fixed-share"}
   */
  migrationNetwork?: "fixed-share" | "shared";
  /**
   * Page writes per second of a VM at 100 % CPU; a VM at utilisation u writes u times that
   * (uniformly over its pages). An assumption of this model: the traces carry CPU only.
   * @default {5000}
   */
  writesPerSecondAtFullLoad?: number;
  /**
   * Share of a migrating VM's MIPS withheld while it migrates: its source host grants it
   * 1 - this share and its target host this share (CloudSim 3.0.3's
   * `VmSchedulerTimeSharedOverSubscription`: 90 % and 10 %). The shortfall on the source is the
   * PDM; with the engine, the downtime also counts as a 100 % loss. `"engine"` (engine model
   * only): each migration's share is the guest time the engine reports lost while it migrates
   * (dirty logging, auto-converge throttling: `result.mechanisms.guestSlowdownSeconds`) over
   * its duration, with dirty logging costing `dirtyLoggingSlowdown` of the guest's time, so
   * the degradation follows the VM's load and the link instead of a fixed 10 %.
   * @default {0.1}
   */
  migrationDegradation?: number | "engine";
  /**
   * With `migrationDegradation: "engine"`: the fraction of guest time dirty logging costs
   * while pre-copy runs (the engine's `mechanisms.dirtyLogging.slowdownFraction`). Ye et al.
   * (2010) measured that live migration slows the migrating VM's workload; the engine has no
   * default for this cost, so give a measured value (0 leaves only throttling and downtime).
   * @default {0}
   */
  dirtyLoggingSlowdown?: number;
  /**
   * CPU demand used for the initial placement: `"full"` the VM's whole MIPS (CloudSim: a VM
   * being created requests all of its MIPS, `Vm.getCurrentRequestedMips`), `"trace"` the first
   * trace value.
   * @default {"full"}
   */
  initialDemand?: "full" | "trace";
  /**
   * `"cloudsim"`: as CloudSim 3.0.3. At creation a VM needs its demand on one core
   * (`Host.isSuitableForVm`: core MIPS >= the VM's MIPS), in the host's unallocated MIPS, RAM
   * and bandwidth; VMs already created request nothing yet (their cloudlets have not started),
   * so only the new VM counts against the overload threshold. Afterwards only CPU is checked:
   * CloudSim's running VMs request no RAM or bandwidth (their cloudlets' RAM and bandwidth
   * models are null), so RAM never limits consolidation. `"strict"`: RAM and bandwidth are
   * checked at every placement and every VM's current demand counts against the threshold.
   * @default {"cloudsim"}
   */
  capacityChecks?: "cloudsim" | "strict";
  /**
   * `"trapezoid"`: as CloudSim's `PowerHost.getEnergyLinearInterpolation`, a host's energy
   * between two updates (interval starts and migration ends) is the mean of its power at the
   * two utilisations times the time, and nothing when the first utilisation is 0; utilisation
   * within an interval follows the traces linearly, as `UtilizationModelPlanetLabInMemory`
   * interpolates. `"hold"`: the power at the update's utilisation is held until the next one.
   * @default {"trapezoid"}
   */
  energyIntegration?: "trapezoid" | "hold";
  /**
   * Count interval 0 (creation until the first update) in energy, SLA and history. CloudSim
   * does not: hosts' utilisation is first computed at the first scheduling update, so that
   * interval costs no energy and has no SLA record, and the VM histories start at interval 1.
   * NPA always counts every interval, as `PowerDatacenterNonPowerAware` does.
   * @default {false}
   */
  countFirstInterval?: boolean;
  /**
   * Count a migration's target host as violating the SLA while the migration lasts. CloudSim
   * books the incoming VM's full request on its target but grants it only
   * `migrationDegradation` of it, so the target's allocated MIPS fall short of its requested
   * MIPS (`HostDynamicWorkload.updateVmsProcessing`, `Helper.getSlaTimePerActiveHost`).
   * @default {true}
   */
  slatahCountsMigrationTargets?: boolean;
  /**
   * Keep hosts that received VMs from overloaded hosts out of the underload search of the same
   * interval. CloudSim 3.0.3 means to (`getMigrationMapFromUnderUtilizedHosts`) but reads an
   * empty list, so such a host can be emptied again and its new VMs migrate twice.
   * @default {false}
   */
  underloadSkipsOverloadTargets?: boolean;
  /**
   * Keep a migrating VM's load on its source host until the migration ends (CloudSim: the
   * source books the VM's full MIPS, of which it grants 90 %). `false` frees the source at once.
   * @default {true}
   */
  countMigrationEnergy?: boolean;
  /**
   * Target-host rule for migrated and created VMs: CloudSim's power-aware best fit
   * (`"pabfd"`: the least power increase, an empty host charged its increase over idle), or
   * OBFDF's (`"obfdf"`, Esfandiarpour and Pahlavan 2013, see `placeObfdf`: an empty host is
   * charged its whole draw, plus the top-of-rack and aggregation switches it would switch on
   * when `switchPower` is given), applied online, VM by VM, at each update.
   * @default {"pabfd"}
   */
  placement?: "pabfd" | "obfdf";
  /**
   * Who decides the migrations at each update, a strategy of `CONSOLIDATION_DECISIONS`: the
   * central loop of Beloglazov and Buyya (`"central"`, steps 2 and 3 below), or host agents negotiating by the contract net
   * (`"contract-net"`, after Gutierrez-Garcia and Ramirez-Nafarrate 2013, as
   * `runContractNetAgents` does): each host agent, with only its own VMs, load and detector,
   * pushes VMs out while its detector finds it overloaded (the smallest VM covering the
   * excess over the threshold `parameter`, else its largest; for MAD, IQR, LR and LRR the
   * excess over `fallbackThreshold`) by a call for proposals to the other active agents,
   * which propose when the VM fits and leaves them not overloaded (switched-off agents are
   * asked when none does), the highest utilisation after winning; then each agent under
   * `lowerThreshold` that received nothing offers all its VMs and migrates them only if every
   * one finds a taker (else it cancels). Messages are counted in `messages`.
   * @default {"central"}
   */
  decisions?: "central" | "contract-net";
  /**
   * Switch power: when given, each interval adds the draw of the top-of-rack switches of
   * racks with an active host and of the aggregation switches over them (racks in increasing
   * rack number, `racksPerAggregation` per switch) to the energy (`switchEnergyKwh`).
   * @default {undefined} (no switches)
   */
  switchPower?: SwitchPower;
  /**
   * Remove a VM for good once its demand is exactly 0 at a scheduling update, as CloudSim 3.0.3
   * does: `PowerDatacenter` deallocates every VM that is not migrating and whose current
   * requested MIPS are 0 (`HostDynamicWorkload.getCompletedVms`), taking it for finished. Here that is a VM whose demand at the update of
   * interval k >= 1 is 0; with `updateOffsetSeconds` > 0, a trace that is 0 at k and at
   * k + 1 (the last sample repeats past the end). On the real day of 20110303 this
   * removes about half of the VMs over the day, which is why CloudSim's DVFS needs far less
   * energy than a run that keeps every VM.
   * @default {false}
   */
  removeIdleVms?: boolean;
  /**
   * End the run at the last event before the end of the day, as CloudSim does (the simulation
   * stops at 86,400 s, just before the update that would close the last interval): the last
   * interval counts only until its last migration ends, and NPA counts K - 1 intervals.
   * @default {false}
   */
  stopAtLastEvent?: boolean;
  /**
   * Seconds after each interval start at which the scheduling update happens; demands are the
   * traces interpolated linearly at that time (`UtilizationModelPlanetLabInMemory`). CloudSim's
   * broker submits the cloudlets 0.1 s after creating the VMs, so its updates fall at
   * k x 300 + 0.1 s: a VM whose trace is 0 at k but not at k + 1 then asks a tiny positive
   * demand, which keeps its host switched on for the whole interval.
   * @default {0}
   */
  updateOffsetSeconds?: number;
  /**
   * Energy of migrations, a model of `MIGRATION_ENERGY_MODELS`: `"host-power"` (CloudSim's: no
   * energy of their own; the source host keeps drawing power for the migrating VM until the
   * migration ends, see `countMigrationEnergy`), or `"liu2011"`: Liu et al. (2011)'s transfer
   * energy, 0.512 J per MiB sent plus 20.165 J per migration (source and destination
   * together), added to the interval in which the migration starts, with the bytes the
   * migration model reports sent (the engine's, or the RAM under CloudSim's model).
   * @default {"host-power"}
   */
  migrationEnergy?: "host-power" | "liu2011";
  /**
   * Where a migrated VM joins its new host's VM list, which decides ties of the VM selection
   * policies (MMT takes the first VM of least RAM) and the order of equal demands at later
   * updates. `"decision"`: at the end, in the order the migrations were decided.
   * `"completion"`: at the end, in the order the migrations complete, as CloudSim 3.0.3 does:
   * `optimizeAllocation` restores the allocation it saved before deciding
   * (`PowerVmAllocationPolicyMigrationAbstract.restoreAllocation`), and each VM joins its
   * target's list for good only when its migration completes (`Datacenter.processVmMigrate`
   * removes it, then `Host.vmCreate` appends it), so by RAM over bandwidth, then in decision
   * order for equal delays (CloudSim's event queue orders equal times by sending order).
   * @default {"decision"}
   */
  incomingVmOrder?: "decision" | "completion";
  /**
   * Compute what decides ties between target hosts as CloudSim 3.0.3 does, operation by
   * operation, so that floating-point rounding breaks them the same way: the update times as
   * its clock reaches them (the offset plus the interval, added once per update), demands by
   * `UtilizationModelPlanetLabInMemory.getUtilization`'s formula, a host's utilisation before
   * and after a placement as sums of its VMs' allocated MIPS in the order of its VM list
   * (`HostDynamicWorkload.updateVmsProcessing`,
   * `PowerVmAllocationPolicyMigrationAbstract.getUtilizationOfCpuMips`), and power by
   * `PowerModelSpecPower.getPower`'s interpolation (for 11-point tables). Mathematically the
   * same as the plain arithmetic; two hosts of one model in one segment of its power table
   * give a VM the same power increase, and only the rounding decides which comes first.
   * @default {false}
   */
  cloudsimArithmetic?: boolean;
  /**
   * CloudSim's modelling choices and quirks as one object (see {@link CloudSimQuirks}); pass
   * {@link CLOUDSIM_3_0_3_QUIRKS} to take all of CloudSim 3.0.3's. The same choices given as
   * top-level options (the older spelling, still accepted) win over this object.
   * @default {undefined} (each choice at its own default)
   */
  cloudsim?: CloudSimQuirks;
}

/**
 * CloudSim's modelling choices and quirks, grouped: each field is the top-level option of
 * {@link SimulateDatacenterOptions} with the same name and means the same.
 */
export type CloudSimQuirks = Partial<
  Pick<
    SimulateDatacenterOptions,
    | "removeIdleVms"
    | "updateOffsetSeconds"
    | "stopAtLastEvent"
    | "regressionWeighting"
    | "capacityChecks"
    | "initialDemand"
    | "energyIntegration"
    | "countFirstInterval"
    | "slatahCountsMigrationTargets"
    | "underloadSkipsOverloadTargets"
    | "countMigrationEnergy"
    | "migrationDegradation"
    | "incomingVmOrder"
    | "cloudsimArithmetic"
  >
>;

/**
 * CloudSim 3.0.3's choices (what `runBeloglazov2012`'s CloudSim mode uses, with
 * `migrationModel: "cloudsim"`): VMs removed once idle, updates at k x 300 + 0.1 s, the day
 * ending at its last event, plain least squares for LR and LRR, and the defaults of the rest.
 *
 * @example Same result as the flat options
 * ```ts
 * import {
 *   beloglazov2012Scenario,
 *   CLOUDSIM_3_0_3_QUIRKS,
 *   generateSyntheticTraces,
 *   simulateDatacenter,
 * } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const s = beloglazov2012Scenario(generateSyntheticTraces(20, { seed: 1, intervals: 12 }), { hosts: 10 });
 * const a = simulateDatacenter(s, { seed: 1, migrationModel: "cloudsim", cloudsim: CLOUDSIM_3_0_3_QUIRKS });
 * const b = simulateDatacenter(s, { seed: 1, migrationModel: "cloudsim", removeIdleVms: true,
 *   updateOffsetSeconds: 0.1, stopAtLastEvent: true, regressionWeighting: "cloudsim",
 *   incomingVmOrder: "completion", cloudsimArithmetic: true });
 * assert.deepEqual(a, b);
 * ```
 */
export const CLOUDSIM_3_0_3_QUIRKS: Readonly<CloudSimQuirks> = Object.freeze({
  removeIdleVms: true,
  updateOffsetSeconds: 0.1,
  stopAtLastEvent: true,
  regressionWeighting: "cloudsim",
  capacityChecks: "cloudsim",
  initialDemand: "full",
  energyIntegration: "trapezoid",
  countFirstInterval: false,
  slatahCountsMigrationTargets: true,
  underloadSkipsOverloadTargets: false,
  countMigrationEnergy: true,
  migrationDegradation: 0.1,
  incomingVmOrder: "completion",
  cloudsimArithmetic: true,
});

const QUIRK_NAMES = Object.keys(CLOUDSIM_3_0_3_QUIRKS) as (keyof CloudSimQuirks)[];

/** The options with `cloudsim`'s fields filled in where the top-level option is absent. */
function withQuirks(options: SimulateDatacenterOptions): SimulateDatacenterOptions {
  const quirks = options.cloudsim;
  if (quirks === undefined) return options;
  object(ACTION, "options.cloudsim", quirks);
  const out: Record<string, unknown> = { ...options };
  knownKeys(ACTION, "options.cloudsim", quirks as Record<string, unknown>, QUIRK_NAMES);
  for (const key of Object.keys(quirks)) {
    if (out[key] === undefined) out[key] = (quirks as Record<string, unknown>)[key];
  }
  return out as unknown as SimulateDatacenterOptions;
}

/** One row per scheduling interval. */
export interface DatacenterIntervalRow {
  /** Interval index (0-based). */
  interval: number;
  /** Start of the interval in seconds. */
  startSeconds: number;
  /** Hosts with allocated MIPS > 0 just after the interval's decisions. */
  activeHosts: number;
  /** Hosts found overloaded at the interval's start. */
  overloadedHosts: number;
  /**
   * Active hosts whose allocated MIPS fall short of their requested MIPS just after the
   * interval's decisions: demand above capacity, a VM asking more than one core's MIPS (VMs
   * have one core, as in CloudSim), or an incoming migration (see
   * `slatahCountsMigrationTargets`).
   */
  slaViolationHosts: number;
  /** Migrations started at the interval's start. */
  migrations: number;
  /** Energy of the interval in kWh (migration energy included when counted). */
  energyKwh: number;
  /** Mean CPU utilisation of the active hosts (capped at 1). */
  meanUtilization: number;
}

/** Result of {@link simulateDatacenter}: plain data. */
export interface DatacenterResult {
  /** The seed, as given. */
  seed: Seed;
  /** Allocation policy. */
  allocation: ConsolidationAllocation;
  /** Selection policy (`""` for NPA and DVFS). */
  selection: VmSelectionPolicy | DoubleThresholdSelection | "";
  /** The policy parameter used. */
  parameter: number;
  /** Migration cost model. */
  migrationModel: "engine" | "cloudsim";
  /** Engine technique (recorded even under the CloudSim model). */
  migrationTechnique: TechniqueName;
  /** Engine fidelity. */
  migrationFidelity: Fidelity;
  /** Number of hosts. */
  hosts: number;
  /** Number of VMs. */
  vms: number;
  /** Intervals simulated. */
  intervals: number;
  /** Interval length in seconds. */
  intervalSeconds: number;
  /** Total energy in kWh. */
  energyKwh: number;
  /**
   * Estimate of the part of the energy due to migrations, in kWh: each source host's extra
   * power for running its outgoing VM, at the decision's utilisation, for the migration's length
   * (`migrationEnergy: "host-power"`), or the transfer energy the model added to the energy
   * (`"liu2011"`).
   */
  migrationEnergyKwh: number;
  /** Migration energy model used. */
  migrationEnergy: "host-power" | "liu2011";
  /** Part of the energy drawn by top-of-rack and aggregation switches, in kWh (0 without `switchPower`). */
  switchEnergyKwh: number;
  /** Target-host rule used. */
  placement: "pabfd" | "obfdf";
  /** Who decided the migrations. */
  decisions: "central" | "contract-net";
  /** Contract-net messages sent, by performative (all 0 under central decisions). */
  messages: Record<ContractNetMessageKind, number>;
  /** Number of VM migrations. */
  migrations: number;
  /**
   * SLA violation time per active host: time hosts' allocated MIPS fall short of their
   * requested MIPS over the time hosts are active (CloudSim's `getSlaTimePerActiveHost`).
   */
  slatah: number;
  /**
   * Performance degradation due to migration: MIPS-seconds requested but not allocated to VMs
   * while they migrate, over all MIPS-seconds requested (CloudSim's `getSlaMetrics`).
   */
  pdm: number;
  /** The paper's PDM: the mean over VMs of each VM's lost over requested MIPS-seconds. */
  pdmPerVmMean: number;
  /** SLAV = SLATAH x PDM. */
  slav: number;
  /** ESV = energy (kWh) x SLAV. */
  esv: number;
  /** Mean number of active hosts per interval. */
  meanActiveHosts: number;
  /** Active hosts per interval. */
  activeHosts: number[];
  /** Sum of the migrations' durations under the model used, in seconds. */
  migrationSeconds: number;
  /** What CloudSim's fixed delay (RAM / (bandwidth / 2)) would charge for the same migrations. */
  cloudsimMigrationSeconds: number;
  /** Bytes sent by the migrations (engine), or RAM bytes (CloudSim model). */
  migrationBytes: number;
  /** Sum of the migrations' downtimes (engine; 0 under the CloudSim model). */
  migrationDowntimeSeconds: number;
  /** VMs that could not be placed initially (not simulated). */
  unplacedVms: number[];
  /** VMs removed because their demand was 0 (see `removeIdleVms`), in removal order. */
  removedVms: number[];
  /** One row per interval. */
  rows: DatacenterIntervalRow[];
}

const ACTION = "simulate datacenter";
const MIGRATING = ["thr", "mad", "iqr", "lr", "lrr", "dt"] as const;

/** Techniques the shared network runs (see `simulateMigrations`). */
const SHARED_TECHNIQUES = ["offline", "pre-copy", "post-copy"] as const;

/** A power model compiled to a table of watts at equal utilisation steps. */
function compile(model: PowerModel): Float64Array {
  return model.kind === "linear"
    ? Float64Array.of(model.idleWatts, model.peakWatts)
    : Float64Array.from(model.watts);
}

/** Piecewise-linear power at utilisation u (clamped to [0, 1]). */
function power(table: Float64Array, u: number): number {
  const steps = table.length - 1;
  const x = (u <= 0 ? 0 : u >= 1 ? 1 : u) * steps;
  const i = Math.floor(x);
  if (i >= steps) return table[steps]!;
  return table[i]! + (table[i + 1]! - table[i]!) * (x - i);
}

/**
 * `PowerModelSpecPower.getPower` of CloudSim 3.0.3, operation by operation, on an 11-point
 * table (see `cloudsimArithmetic`).
 */
function cloudsimPower(table: Float64Array, u: number): number {
  // u % 0.1 (a slow fmod) is 0 only for exact multiples of the double 0.1, whose u x 10 lies
  // within rounding of a whole number: test that first
  const x = u * 10;
  if (Math.abs(x - Math.round(x)) < 1e-9 && u % 0.1 === 0) return table[Math.trunc(x)]!;
  const u1 = Math.floor(u * 10), u2 = Math.ceil(u * 10);
  const p1 = table[u1]!, p2 = table[u2]!;
  const delta = (p2 - p1) / 10;
  return p1 + delta * (u - u1 / 10) * 100;
}

/**
 * Simulates a data centre over time under the dynamic VM consolidation of Beloglazov and Buyya
 * (2012), step by step as CloudSim 3.0.3's power package does it (class names cite where):
 *
 * 1. Creation (interval 0): VMs in index order, each asking its full MIPS
 *    (`Vm.getCurrentRequestedMips` while being instantiated), go to the host whose power rises
 *    least (`PowerVmAllocationPolicyMigrationAbstract.findHostForVm`) and that is not
 *    overloaded afterwards; NPA and DVFS take the first suitable host
 *    (`PowerVmAllocationPolicySimple`). What "suitable" means is the option `capacityChecks`.
 *    VMs that fit nowhere are listed in `unplacedVms` and left out.
 * 2. At each later interval start (a scheduling update) VM demands follow the traces and are
 *    appended to the VM histories. Hosts the detector finds overloaded give up VMs (chosen by
 *    the selection policy) until they are not; those VMs, by demand decreasing, go to the host
 *    with the least power increase that is not overloaded afterwards (overloaded hosts
 *    excluded); a VM that fits nowhere stays.
 * 3. Underload: hosts other than overloaded and switched-off ones (allocated utilisation 0) are
 *    tried from the least utilised up; a host all of whose VMs can be placed elsewhere (never
 *    on a switched-off host, nor on a host tried before) is emptied. Under `"dt"` only hosts
 *    below `lowerThreshold` are tried (Beloglazov and Buyya 2010's lower threshold), and the
 *    2010 selections (`"mm"`, `"hpg"`, `"rc"`) pick an overloaded host's whole set of VMs at
 *    once (`selectVmsOverThreshold`).
 * 4. Hosts share their cores as `VmSchedulerTimeSharedOverSubscription` does: a VM gets at
 *    most one core's MIPS; when the VMs ask more than the host has, all are scaled down (and
 *    rounded down to whole MIPS); a migrating VM gets 1 - `migrationDegradation` of its share on
 *    its source and `migrationDegradation` on its target until the migration ends. Energy,
 *    SLATAH and PDM are then integrated between updates (interval starts and migration ends)
 *    from hosts' allocated and requested MIPS, as `PowerDatacenter` and the examples' `Helper`
 *    do (options `energyIntegration`, `countFirstInterval`, `slatahCountsMigrationTargets`).
 *
 * 5. CloudSim's own quirks are options, off by default and on in `runBeloglazov2012`'s CloudSim
 *    mode: VMs whose demand drops to exactly 0 are removed for good (`removeIdleVms`), updates
 *    fall 0.1 s after interval starts (`updateOffsetSeconds`), and the day ends at the last
 *    event before 24 h (`stopAtLastEvent`).
 *
 * Deviations: migrations end within the interval they start in (longer ones are cut there),
 * so no VM is migrating at a decision; sums of allocated MIPS are compared with requested MIPS
 * with a relative tolerance of 1e-9 (CloudSim compares exactly, so rounding can flag a host);
 * no migrations start at the very end of the day. Ties between equally good target hosts are
 * decided by floating-point rounding in CloudSim (e.g. two hosts in the same linear segment of
 * a power table): with `cloudsimArithmetic` and `incomingVmOrder: "completion"` this
 * simulation computes them operation by operation as CloudSim does and, on the recorded
 * PlanetLab days, makes exactly CloudSim 3.0.3's migrations in most experiments; without them
 * the runs drift apart slowly (migrations up to about 3 %, energy about 1 %; `data/cloudsim/`).
 * Engine results are cached by (RAM, utilisation percent, bandwidth). Deterministic for a seed.
 *
 * @param scenario Hosts, VMs, power models and traces.
 * @param options Policies, migration model and CloudSim modelling choices.
 * @returns Energy, SLA metrics, migrations and per-interval rows.
 *
 * @example Two hosts, three VMs, MAD + MMT with CloudSim's migration delay
 * ```ts
 * import { simulateDatacenter } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = (name: string) => ({ name, cpuMips: 2000, cores: 2, ramBytes: 4 * 2 ** 30,
 *   bandwidthBytesPerSecond: 125e6, rack: 0, powerModel: "linear" });
 * const vm = (name: string) => ({ name, cpuMips: 1000, ramBytes: 2 ** 29,
 *   bandwidthBytesPerSecond: 12.5e6 });
 * const result = simulateDatacenter({
 *   hosts: [host("h0"), host("h1")],
 *   vms: [vm("a"), vm("b"), vm("c")],
 *   powerModels: { linear: { kind: "linear", idleWatts: 100, peakWatts: 200 } },
 *   traces: { names: ["a", "b", "c"], percent: [[20, 20, 20], [30, 30, 30], [10, 10, 10]] },
 * }, { seed: 1, migrationModel: "cloudsim" });
 * assert.equal(result.intervals, 3);
 * assert.equal(result.activeHosts.length, 3);
 * assert.ok(result.energyKwh > 0);
 * ```
 */
export function simulateDatacenter(
  scenario: DatacenterScenario,
  options: SimulateDatacenterOptions,
): DatacenterResult {
  object(ACTION, "options", options);
  const {
    seed,
    allocation = "mad",
    selection = "mmt",
    lowerThreshold = 0.3,
    fallbackThreshold = 0.7,
    minHistory = 12,
    historyLength = 30,
    regressionWindow = 10,
    regressionWeighting = "tricube",
    intervalSeconds = 300,
    migrationModel = "engine",
    migrationTechnique = "pre-copy",
    migrationFidelity = "closed-form",
    migrationBandwidthShare = 0.5,
    migrationNetwork = "fixed-share",
    writesPerSecondAtFullLoad = 5000,
    migrationDegradation = 0.1,
    dirtyLoggingSlowdown = 0,
    initialDemand = "full",
    capacityChecks = "cloudsim",
    energyIntegration = "trapezoid",
    countFirstInterval = false,
    slatahCountsMigrationTargets = true,
    underloadSkipsOverloadTargets = false,
    countMigrationEnergy = true,
    removeIdleVms = false,
    stopAtLastEvent = false,
    updateOffsetSeconds = 0,
    placement = "pabfd",
    switchPower,
    decisions = "central",
    incomingVmOrder = "decision",
    cloudsimArithmetic = false,
    migrationEnergy = "host-power",
  } = withQuirks(options);
  if (typeof seed === "number" ? !Number.isFinite(seed) : typeof seed !== "string") {
    throw new TypeError(
      `Cannot ${ACTION} as options.seed must be a string or a finite number: current value is ${
        show(seed)
      }`,
    );
  }
  oneOf(ACTION, "options.allocation", allocation, CONSOLIDATION_ALLOCATIONS);
  oneOf(
    ACTION,
    "options.selection",
    selection,
    [
      "mmt",
      "rs",
      "mc",
      "mu",
      ...DOUBLE_THRESHOLD_SELECTIONS,
    ] as const,
  );
  const setSelection = (DOUBLE_THRESHOLD_SELECTIONS as readonly string[]).includes(selection);
  if (setSelection && allocation !== "dt" && allocation !== "thr") {
    throw new RangeError(
      `Cannot ${ACTION} as options.selection ${
        show(selection)
      } needs a threshold allocation ("dt" or "thr"): current value is ${show(allocation)}`,
    );
  }
  within(ACTION, "options.lowerThreshold", lowerThreshold, 0, 1);
  oneOf(ACTION, "options.placement", placement, ["pabfd", "obfdf"] as const);
  oneOf(ACTION, "options.decisions", decisions, ["central", "contract-net"] as const);
  if (switchPower !== undefined) {
    object(ACTION, "options.switchPower", switchPower);
    nonNegative(ACTION, "options.switchPower.topOfRackWatts", switchPower.topOfRackWatts);
    nonNegative(ACTION, "options.switchPower.aggregationWatts", switchPower.aggregationWatts);
    integer(
      ACTION,
      "options.switchPower.racksPerAggregation",
      switchPower.racksPerAggregation,
      1,
    );
  }
  oneOf(ACTION, "options.migrationModel", migrationModel, ["engine", "cloudsim"] as const);
  oneOf(ACTION, "options.migrationNetwork", migrationNetwork, ["fixed-share", "shared"] as const);
  if (migrationNetwork === "shared") {
    if (migrationModel !== "engine") {
      throw new TypeError(
        `Cannot ${ACTION} as options.migrationNetwork "shared" needs migrationModel "engine": current value is ${
          show(migrationModel)
        }`,
      );
    }
    oneOf(ACTION, "options.migrationTechnique", migrationTechnique, SHARED_TECHNIQUES);
  }
  oneOf(ACTION, "options.initialDemand", initialDemand, ["full", "trace"] as const);
  oneOf(ACTION, "options.capacityChecks", capacityChecks, ["cloudsim", "strict"] as const);
  oneOf(ACTION, "options.energyIntegration", energyIntegration, ["trapezoid", "hold"] as const);
  oneOf(ACTION, "options.incomingVmOrder", incomingVmOrder, ["decision", "completion"] as const);
  oneOf(ACTION, "options.migrationEnergy", migrationEnergy, ["host-power", "liu2011"] as const);
  const transferEnergy = migrationEnergy === "host-power"
    ? undefined
    : MIGRATION_ENERGY_MODELS[migrationEnergy];
  const parameter = options.parameter ?? DEFAULT_ALLOCATION_PARAMETERS[allocation];
  nonNegative(ACTION, "options.parameter", parameter);
  within(ACTION, "options.fallbackThreshold", fallbackThreshold, 0, 1);
  integer(ACTION, "options.historyLength", historyLength, 1);
  positive(ACTION, "options.intervalSeconds", intervalSeconds);
  within(ACTION, "options.migrationBandwidthShare", migrationBandwidthShare, 0, 1);
  positive(ACTION, "options.migrationBandwidthShare", migrationBandwidthShare);
  nonNegative(ACTION, "options.writesPerSecondAtFullLoad", writesPerSecondAtFullLoad);
  const engineDegradation = migrationDegradation === "engine";
  if (engineDegradation) {
    if (migrationModel !== "engine") {
      throw new TypeError(
        `Cannot ${ACTION} as options.migrationDegradation "engine" needs migrationModel "engine": current value is ${
          show(migrationModel)
        }`,
      );
    }
  } else within(ACTION, "options.migrationDegradation", migrationDegradation, 0, 1);
  within(ACTION, "options.dirtyLoggingSlowdown", dirtyLoggingSlowdown, 0, 0.99);
  nonNegative(ACTION, "options.updateOffsetSeconds", updateOffsetSeconds);

  object(ACTION, "scenario", scenario);
  const { hosts, vms, powerModels, traces } = scenario;
  if (!Array.isArray(hosts) || hosts.length === 0) {
    throw new RangeError(
      `Cannot ${ACTION} as scenario.hosts must be a non-empty array: current value is ${
        show(hosts)
      }`,
    );
  }
  if (!Array.isArray(vms)) {
    throw new TypeError(
      `Cannot ${ACTION} as scenario.vms must be an array: current value is ${show(vms)}`,
    );
  }
  if (traces?.percent?.length !== vms.length) {
    throw new RangeError(
      `Cannot ${ACTION} as scenario.traces.percent.length must equal the number of VMs (${vms.length}): current value is ${
        show(traces?.percent?.length)
      }`,
    );
  }
  if (options.intervals !== undefined) {
    // An explicit count may cut traces of unequal length, to at most the shortest.
    let shortest = MAX_TRACE_VALUES;
    for (const row of traces.percent) {
      if (Array.isArray(row) && vms.length > 0) shortest = Math.min(shortest, row.length);
    }
    integer(ACTION, "options.intervals", options.intervals, 1, shortest);
  }
  const length = checkTraces(ACTION, "scenario.traces", traces, options.intervals);
  const K = vms.length === 0 ? options.intervals ?? 1 : length;

  const H = hosts.length, V = vms.length, T = intervalSeconds;
  const migrating = (MIGRATING as readonly string[]).includes(allocation);
  const cloudsimChecks = capacityChecks === "cloudsim";
  // share of a migrating VM's MIPS withheld (vmShare) and kept on its source (vmKeep)
  const fixedShare = engineDegradation ? 0 : migrationDegradation as number;
  const vmShare = new Float64Array(V).fill(fixedShare);
  const vmKeep = new Float64Array(V).fill(1 - fixedShare);
  const cap = new Float64Array(H), pe = new Float64Array(H), ramCap = new Float64Array(H);
  const bwCap = new Float64Array(H);
  const tables: Float64Array[] = [];
  const compiled = new Map<PowerModel, Float64Array>();
  for (let h = 0; h < H; h++) {
    const host = hosts[h]!;
    cap[h] = positive(ACTION, `scenario.hosts[${h}].cpuMips`, host.cpuMips);
    pe[h] = host.cpuMips / integer(ACTION, `scenario.hosts[${h}].cores`, host.cores, 1);
    ramCap[h] = nonNegative(ACTION, `scenario.hosts[${h}].ramBytes`, host.ramBytes);
    bwCap[h] = nonNegative(
      ACTION,
      `scenario.hosts[${h}].bandwidthBytesPerSecond`,
      host.bandwidthBytesPerSecond,
    );
    const model = host.powerModel === undefined ? undefined : powerModels[host.powerModel];
    if (model === undefined) {
      throw new TypeError(
        `Cannot ${ACTION} as scenario.hosts[${h}].powerModel must name a key of scenario.powerModels: current value is ${
          show(host.powerModel)
        }`,
      );
    }
    // Validates the model (kind, fields, finite watts) before it is compiled, naming it.
    try {
      powerAt(model, 0);
    } catch (error) {
      if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
      const Kind = error instanceof TypeError ? TypeError : RangeError;
      throw new Kind(
        error.message.replace(
          /^Cannot compute power as model/,
          `Cannot ${ACTION} as scenario.powerModels[${show(host.powerModel)}]`,
        ),
      );
    }
    let table = compiled.get(model);
    if (table === undefined) compiled.set(model, table = compile(model));
    tables.push(table); // shared by the hosts of one model (HostOrder groups them so)
  }
  const mips = new Float64Array(V), ram = new Float64Array(V), bw = new Float64Array(V);
  const util = new Float64Array(V * K);
  for (let v = 0; v < V; v++) {
    const vm = vms[v]!;
    mips[v] = positive(ACTION, `scenario.vms[${v}].cpuMips`, vm.cpuMips);
    ram[v] = nonNegative(ACTION, `scenario.vms[${v}].ramBytes`, vm.ramBytes);
    bw[v] = nonNegative(
      ACTION,
      `scenario.vms[${v}].bandwidthBytesPerSecond`,
      vm.bandwidthBytesPerSecond,
    );
    const row = traces.percent[v]!;
    for (let k = 0; k < K; k++) util[v * K + k] = row[k]! / 100;
  }

  /** Demand fraction of VM v at `tau` seconds after the update of interval k. */
  function demandAt(v: number, k: number, tau: number): number {
    let t = tau + updateOffsetSeconds;
    while (t > T && k < K - 1) {
      t -= T;
      k++;
    }
    const u0 = util[v * K + k]!;
    if (t === 0) return u0;
    const u1 = util[v * K + Math.min(k + 1, K - 1)]!;
    return u0 + (u1 - u0) * (t / T);
  }
  const atUpdate = new Float64Array(V * K); // demand fraction at each update
  if (cloudsimArithmetic) {
    // CloudSim's clock at each update: the offset, then the interval added once per update.
    const clock = new Float64Array(K);
    clock[0] = updateOffsetSeconds;
    for (let k = 1; k < K; k++) clock[k] = clock[k - 1]! + T;
    for (let v = 0; v < V; v++) {
      for (let k = 0; k < K; k++) atUpdate[v * K + k] = cloudsimDemandAt(v, clock[k]!);
    }
  } else {
    for (let v = 0; v < V; v++) {
      for (let k = 0; k < K; k++) atUpdate[v * K + k] = demandAt(v, k, 0);
    }
  }
  /** `UtilizationModelPlanetLabInMemory.getUtilization(time)`, the last sample repeated. */
  function cloudsimDemandAt(v: number, time: number): number {
    const at = (i: number) => util[v * K + Math.min(i, K - 1)]!;
    if (time % T === 0) return at(Math.trunc(time / T));
    const time1 = Math.floor(time / T), time2 = Math.ceil(time / T);
    const u1 = at(time1), u2 = at(time2);
    const delta = (u2 - u1) / ((time2 - time1) * T);
    return u1 + delta * (time - time1 * T);
  }

  // ---- placement state (the allocation policy's view) ----
  const req = new Float64Array(V);
  const vmHost = new Int32Array(V).fill(-1);
  const vmOrigin = new Int32Array(V).fill(-1);
  // used: requested MIPS; capped: MIPS the scheduler would allocate (a core at most per VM)
  const used = new Float64Array(H), capped = new Float64Array(H);
  const usedRam = new Float64Array(H), usedBw = new Float64Array(H);
  // cloudsimArithmetic: VmSchedulerTimeShared's available MIPS, subtracted VM by VM
  const avail = Float64Array.from(cap);
  // cloudsimArithmetic: the host's allocated MIPS (as getUtilizationOfCpuMips counts them) and
  // requested MIPS, summed in VM-list order
  const listAlloc = new Float64Array(H), listReq = new Float64Array(H);
  const staleUtil = new Float64Array(H); // allocated utilisation at the last update
  // Racks (by increasing rack number) and aggregation groups, for OBFDF and switch power.
  const rackNumbers = [...new Set(hosts.map((host) => host.rack))].sort((a, b) => a - b);
  const rackIndex = new Map(rackNumbers.map((rack, r) => [rack, r]));
  const rackOf = Int32Array.from(hosts, (host) => rackIndex.get(host.rack) ?? 0);
  const perAggregation = switchPower?.racksPerAggregation ?? 1;
  const aggregationOf = rackOf.map((r) => Math.floor(r / perAggregation));
  const rackOn = new Uint8Array(rackNumbers.length);
  const aggregationOn = new Uint8Array(Math.ceil(rackNumbers.length / perAggregation) + 1);
  let switchEnergyWs = 0;
  const messageCounts = noContractNetMessages();
  const hostVms: number[][] = Array.from({ length: H }, () => []);
  const L = historyLength;
  const hist = new Float64Array(V * L);
  let histCount = 0;
  let histHead = -1; // slot of the newest value
  const scratch = new Float64Array(L);
  let scratchView = scratch.subarray(0, 0); // scratch's first histCount values
  const candHost = new Int32Array(H), candDiff = new Float64Array(H);
  const candQueue = new CandidateQueue(H);
  const prng = createPrng(seed, "selection");
  let creating = false;

  // Each host's utilisation history without an extra VM, kept until its VM list or the
  // histories change (hostHistory adds the extra VM last, in the same order of additions).
  const baseHistory = new Float64Array(H * L);
  const baseStamp = new Float64Array(H).fill(-1);
  let historyStamp = 0;
  function attach(v: number, h: number): void {
    hostVms[h]!.push(v);
    baseStamp[h] = -1;
    // CloudSim: VMs already created request nothing until their cloudlets start
    if (!(creating && cloudsimChecks)) used[h]! += req[v]!;
    capped[h]! += Math.min(req[v]!, pe[h]!);
    if (cloudsimArithmetic) {
      // appending to the list adds its term last, as the in-order sums would
      avail[h]! -= Math.min(req[v]!, pe[h]!);
      listAlloc[h]! += vmOrigin[v] === h ? vmAlloc[v]! : req[v]!;
      listReq[h]! += req[v]!;
    }
    usedRam[h]! += ram[v]!;
    usedBw[h]! += bw[v]!;
    touch(h);
  }
  /**
   * `VmSchedulerTimeShared`'s available MIPS of host h: its MIPS less each VM's request (a core
   * at most), subtracted in VM-list order (CloudSim re-allocates a host's remaining VMs after a
   * removal in its hash map's order; the list order stands in for it), never below 0.
   */
  function resetAvailable(h: number): void {
    let a = cap[h]!, allocated = 0, requested = 0;
    for (const w of hostVms[h]!) {
      a -= Math.min(req[w]!, pe[h]!);
      allocated += vmOrigin[w] === h ? vmAlloc[w]! : req[w]!;
      requested += req[w]!;
    }
    avail[h] = a > 0 ? a : 0;
    listAlloc[h] = allocated;
    listReq[h] = requested;
    touch(h);
  }
  function detach(v: number, h: number): void {
    const list = hostVms[h]!;
    list.splice(list.indexOf(v), 1);
    baseStamp[h] = -1;
    used[h]! -= req[v]!;
    capped[h]! -= Math.min(req[v]!, pe[h]!);
    usedRam[h]! -= ram[v]!;
    usedBw[h]! -= bw[v]!;
    if (cloudsimArithmetic) resetAvailable(h);
    if (list.length === 0) {
      used[h] =
        capped[h] =
        usedRam[h] =
        usedBw[h] =
          0;
    }
    touch(h);
  }
  /** Host utilisation history (oldest first) of its VMs plus `extra`. */
  function hostHistory(h: number, extra: number): Float64Array {
    const n = histCount, offset = h * L;
    if (baseStamp[h] !== historyStamp) {
      const base = baseHistory.subarray(offset, offset + n);
      base.fill(0);
      for (const v of hostVms[h]!) addHistory(base, v, h);
      baseStamp[h] = historyStamp;
    }
    if (scratchView.length !== n) scratchView = scratch.subarray(0, n);
    const out = scratchView;
    if (extra < 0) {
      for (let j = 0; j < n; j++) out[j] = baseHistory[offset + j]!;
      return out;
    }
    // the base plus the extra VM's share, in one pass: the same operations as copying the
    // base and adding the share (addHistory) to it
    const row = extra * L, mipsV = mips[extra]!, capH = cap[h]!, f = mipsV / capH;
    let slot = (histHead - (n - 1) + L) % L;
    for (let j = 0; j < n; j++) {
      out[j] = cloudsimArithmetic
        ? baseHistory[offset + j]! + hist[row + slot]! * mipsV / capH
        : baseHistory[offset + j]! + hist[row + slot]! * f;
      if (++slot === L) slot = 0;
    }
    return out;
  }
  /** Adds VM v's history, as a share of host h, to `out` (oldest first). */
  function addHistory(out: Float64Array, v: number, h: number): void {
    const n = out.length;
    const row = v * L;
    let slot = (histHead - (n - 1) + L) % L;
    if (cloudsimArithmetic) {
      // PowerHostUtilizationHistory.getUtilizationHistory: value x MIPS / host MIPS
      const mipsV = mips[v]!, capH = cap[h]!;
      for (let j = 0; j < n; j++) {
        out[j]! += hist[row + slot]! * mipsV / capH;
        if (++slot === L) slot = 0;
      }
      return;
    }
    const f = mips[v]! / cap[h]!;
    for (let j = 0; j < n; j++) {
      out[j]! += hist[row + slot]! * f;
      if (++slot === L) slot = 0;
    }
  }
  // ---- overload detection: a strategy chosen by name (OVERLOAD_DETECTORS) ----
  const detector = migrating
    ? OVERLOAD_DETECTORS[allocation as keyof typeof OVERLOAD_DETECTORS]
    : undefined;
  const detectorSettings: OverloadDetectorSettings = {
    parameter,
    fallbackThreshold,
    minHistory,
    regressionWindow,
    regressionWeighting,
    intervalSeconds,
  };
  // MAD's decision without sorting (the same booleans as OVERLOAD_DETECTORS.mad on the
  // histories built here); its options are checked as the detector's first call would
  const madFast = allocation === "mad";
  if (madFast) madUpperThreshold([], { safetyParameter: parameter, minHistory });
  let viewHost = 0, viewExtra = -1;
  const hostView: OverloadHostView = {
    utilization: 0,
    history: () => hostHistory(viewHost, viewExtra),
    largestMigrationSeconds() {
      let maxRam = 0;
      for (const v of hostVms[viewHost]!) maxRam = Math.max(maxRam, ram[v]!);
      if (viewExtra >= 0) maxRam = Math.max(maxRam, ram[viewExtra]!);
      return cloudsimDelaySeconds(maxRam, bwCap[viewHost]!);
    },
  };
  /** Whether host h (plus VM `extra`, -1 for none) is overloaded by the allocation policy. */
  function overloaded(h: number, extra: number): boolean {
    viewHost = h;
    viewExtra = extra;
    if (cloudsimArithmetic && !creating) {
      // isHostOverUtilized: the requests of the host's VM list summed in order, a VM being
      // tried appended at the end (isHostOverUtilizedAfterAllocation creates it first)
      const mipsSum = listReq[h]!;
      hostView.utilization = (extra >= 0 ? mipsSum + req[extra]! : mipsSum) / cap[h]!;
    } else hostView.utilization = (used[h]! + (extra >= 0 ? req[extra]! : 0)) / cap[h]!;
    if (madFast) {
      const u = hostView.utilization;
      return madOverloaded(hostHistory(h, extra), u, parameter, minHistory, fallbackThreshold);
    }
    return detector!(hostView, detectorSettings);
  }
  /** `Host.isSuitableForVm` (cloudsim) or every capacity (strict). */
  function fits(v: number, h: number): boolean {
    const r = req[v]!;
    if (r > pe[h]!) return false;
    if (cloudsimChecks) {
      const available = cloudsimArithmetic
        ? avail[h]!
        : capped[h]! <= cap[h]!
        ? cap[h]! - capped[h]!
        : 0;
      if (available < r) return false;
      return !creating || (usedRam[h]! + ram[v]! <= ramCap[h]! && usedBw[h]! + bw[v]! <= bwCap[h]!);
    }
    return used[h]! + r <= cap[h]! + 1e-9 && usedRam[h]! + ram[v]! <= ramCap[h]! &&
      usedBw[h]! + bw[v]! <= bwCap[h]!;
  }
  // ---- target-host rule: a strategy chosen by name (PLACEMENT_RULES) ----
  const placementRule = PLACEMENT_RULES[placement];
  let placeTable = tables[0]!;
  const hostWatts = cloudsimArithmetic
    ? (t: Float64Array, u: number) => t.length === 11 ? cloudsimPower(t, u) : power(t, u)
    : power;
  // the power at each host's last-update utilisation (CloudSim's PowerHost.getPower), per update
  const staleWatts = new Float64Array(H);
  for (let h = 0; h < H; h++) staleWatts[h] = hostWatts(tables[h]!, 0);
  let placeBeforeWatts = NaN;
  const candidate: PlacementCandidate = {
    before: 0,
    after: 0,
    empty: false,
    watts: (u) => u === candidate.before ? placeBeforeWatts : hostWatts(placeTable, u),
    switchOnWatts: 0,
  };
  /**
   * `getMaxUtilizationAfterAllocation` as CloudSim sums it: the allocated MIPS of the host's
   * VMs in list order (those there at the update as allocated then, those placed since at
   * their request), plus VM v's request, over the host's MIPS.
   */
  function listUtilizationAfter(h: number, v: number): number {
    return (listAlloc[h]! + req[v]!) / cap[h]!;
  }
  /**
   * The cost the placement rule gives host h for VM v (rackOn and aggregationOn set for OBFDF
   * with switches), or Infinity when v does not fit on h.
   */
  function increase(v: number, h: number): number {
    if (!fits(v, h)) return Infinity;
    const booked = cloudsimChecks ? capped[h]! : used[h]!;
    const after = cloudsimArithmetic ? listUtilizationAfter(h, v) : (booked + req[v]!) / cap[h]!;
    // CloudSim: getPowerAfterAllocation - PowerHost.getPower (at the last update's
    // utilisation); the power model rejects a utilisation over 1, and CloudSim skips the host
    if (cloudsimChecks && after > 1) return Infinity;
    placeTable = tables[h]!;
    candidate.before = cloudsimChecks ? staleUtil[h]! : used[h]! / cap[h]!;
    placeBeforeWatts = cloudsimChecks ? staleWatts[h]! : hostWatts(placeTable, candidate.before);
    candidate.after = after;
    candidate.empty = booked === 0;
    candidate.switchOnWatts = 0;
    if (switchesMatter && rackOn[rackOf[h]!] === 0) {
      candidate.switchOnWatts = switchPower!.topOfRackWatts +
        (aggregationOn[aggregationOf[h]!] === 0 ? switchPower!.aggregationWatts : 0);
    }
    return placementRule(candidate);
  }
  const switchesMatter = placement === "obfdf" && switchPower !== undefined;
  // ---- the hosts indexed by power increase (HostOrder), rebuilt at each update ----
  const roomCaps = [cap, ramCap, bwCap, pe];
  const hostOrder = new HostOrder(
    tables,
    cap,
    (h) => `${pe[h]}|${ramCap[h]}|${bwCap[h]}`,
    Float64Array.from(roomCaps, (caps) => 1e-9 * Math.max(0, ...caps) + 1e-9),
    7,
  );
  // a tree per class and load bucket: with many classes a scan is cheaper
  const indexed = hostOrder.classCount <= 32;
  let orderStale = true;
  let orderExcluded: Uint8Array | undefined;
  const orderEntry: HostOrderEntry = {
    x: 0,
    d: 0,
    room: new Float64Array(4),
    signature: new Float64Array(7),
  };
  /**
   * Fills `orderEntry` for host h: the load its increase adds to, the rest of the increase,
   * its room, and everything `increase` reads of it besides its constants.
   */
  function fillEntry(h: number): HostOrderEntry {
    const booked = cloudsimChecks ? capped[h]! : used[h]!;
    const x = cloudsimArithmetic ? listAlloc[h]! : booked;
    const beforeWatts = cloudsimChecks ? staleWatts[h]! : hostWatts(tables[h]!, used[h]! / cap[h]!);
    orderEntry.x = x;
    // OBFDF charges an empty host its whole draw (plus switches, >= 0)
    orderEntry.d = power(tables[h]!, x / cap[h]!) -
      (placement === "obfdf" && booked === 0 ? 0 : beforeWatts);
    const room = orderEntry.room;
    room[0] = cloudsimChecks
      ? cloudsimArithmetic ? avail[h]! : capped[h]! <= cap[h]! ? cap[h]! - capped[h]! : 0
      : cap[h]! + 1e-9 - used[h]!;
    room[1] = ramCap[h]! - usedRam[h]!;
    room[2] = bwCap[h]! - usedBw[h]!;
    room[3] = pe[h]!;
    const sig = orderEntry.signature;
    sig[0] = capped[h]!;
    sig[1] = used[h]!;
    sig[2] = avail[h]!;
    sig[3] = listAlloc[h]!;
    sig[4] = usedRam[h]!;
    sig[5] = usedBw[h]!;
    sig[6] = staleUtil[h]!;
    return orderEntry;
  }
  /** Brings host h's entry up to date after a change (when the index is in use). */
  function touch(h: number): void {
    if (orderStale) return;
    if (orderExcluded !== undefined && orderExcluded[h] === 1) hostOrder.remove(h);
    else hostOrder.set(h, fillEntry(h));
  }
  /** Marks host h as no target for the rest of the update. */
  function exclude(h: number): void {
    exclPlace[h] = 1;
    if (!orderStale && orderExcluded === exclPlace) hostOrder.remove(h);
  }
  const orderDemand = new Float64Array(4);
  const evaluateFor = { v: 0 };
  const evaluate = (h: number) => increase(evaluateFor.v, h);
  /** Power-aware best fit: the host with the least power increase that is not overloaded. */
  function findHost(v: number, excluded: Uint8Array | undefined): number {
    if (switchesMatter) {
      rackOn.fill(0);
      aggregationOn.fill(0);
      for (let h = 0; h < H; h++) {
        if (cloudsimChecks ? capped[h] === 0 : used[h] === 0) continue;
        rackOn[rackOf[h]!] = 1;
        aggregationOn[aggregationOf[h]!] = 1;
      }
    }
    if (indexed) {
      if (orderStale || orderExcluded !== excluded) {
        hostOrder.clear();
        for (let h = 0; h < H; h++) {
          if (excluded !== undefined && excluded[h] === 1) continue;
          hostOrder.load(h, fillEntry(h));
        }
        hostOrder.finish();
        orderStale = false;
        orderExcluded = excluded;
      }
      const r = req[v]!;
      const resources = creating || !cloudsimChecks;
      orderDemand[0] = r;
      orderDemand[1] = resources ? ram[v]! : -Infinity;
      orderDemand[2] = resources ? bw[v]! : -Infinity;
      orderDemand[3] = r;
      evaluateFor.v = v;
      // By increasing increase, ties to the lower host index.
      hostOrder.begin(r, orderDemand, evaluate, !switchesMatter);
      for (let h = hostOrder.next(); h >= 0; h = hostOrder.next()) {
        if ((cloudsimChecks ? capped[h] === 0 : used[h] === 0) || !overloaded(h, v)) return h;
      }
      return -1;
    }
    let n = 0;
    for (let h = 0; h < H; h++) {
      if (excluded !== undefined && excluded[h] === 1) continue;
      const diff = increase(v, h);
      if (diff === Infinity) continue;
      candHost[n] = h;
      candDiff[n++] = diff;
    }
    // By increasing increase, ties to the lower host index (CandidateQueue).
    candQueue.reset(candDiff, n);
    for (let best = candQueue.pop(); best >= 0; best = candQueue.pop()) {
      const h = candHost[best]!;
      if ((cloudsimChecks ? capped[h] === 0 : used[h] === 0) || !overloaded(h, v)) return h;
    }
    return -1;
  }
  function firstFit(v: number): number {
    for (let h = 0; h < H; h++) if (fits(v, h)) return h;
    return -1;
  }
  function pushHistory(k: number): void {
    histHead = (histHead + 1) % L;
    histCount = Math.min(histCount + 1, L);
    historyStamp++;
    for (let v = 0; v < V; v++) hist[v * L + histHead] = atUpdate[v * K + k]!;
  }
  function vmHistory(v: number): number[] {
    const out = new Array<number>(histCount);
    for (let j = 0; j < histCount; j++) {
      out[j] = hist[v * L + (histHead - (histCount - 1 - j) + L) % L]!;
    }
    return out;
  }

  // ---- VM selection: a strategy chosen by name (VM_SELECTORS) ----
  const vmSelector = VM_SELECTORS[selection];
  const selectorSettings: VmSelectorSettings = { threshold: parameter, prng };
  let selectorHostIndex = 0;
  let selectorSelected: number[] = [];
  const selectorHost: VmSelectorHost = {
    candidates(withHistory) {
      const h = selectorHostIndex;
      return hostVms[h]!.map((v) => ({
        vm: v,
        ramBytes: ram[v]!,
        utilization: req[v]! / mips[v]!,
        hostShare: req[v]! / cap[h]!,
        history: withHistory ? vmHistory(v) : undefined,
      }));
    },
    remove(v) {
      detach(v, selectorHostIndex);
      selectorSelected.push(v);
    },
    overloaded: () => overloaded(selectorHostIndex, -1),
  };
  // ---- energy between updates: a strategy chosen by name (ENERGY_INTEGRATORS) ----
  const integrator = ENERGY_INTEGRATORS[energyIntegration];

  // ---- migration costs: a strategy chosen by name (MIGRATION_COST_MODELS) ----
  const costModel = MIGRATION_COST_MODELS[migrationModel];
  const costSettings: MigrationCostSettings = {
    bandwidthShare: migrationBandwidthShare,
    writesPerSecondAtFullLoad,
    technique: migrationTechnique,
    fidelity: migrationFidelity,
    dirtyLoggingSlowdown: engineDegradation ? dirtyLoggingSlowdown : 0,
  };
  const cache = new Map<string, MigrationCost>();
  function migrationCost(v: number, src: number, dst: number) {
    const link = Math.min(bwCap[src]!, bwCap[dst]!);
    const cloud = cloudsimDelaySeconds(ram[v]!, link);
    const u = Math.round(req[v]! / mips[v]! * 100);
    const key = `${ram[v]}|${u}|${link}`;
    let cost = cache.get(key);
    if (cost === undefined) {
      cost = costModel(
        {
          ramBytes: ram[v]!,
          utilizationPercent: u,
          linkBytesPerSecond: link,
          seed: `${seed}/migration/${key}`,
        },
        costSettings,
      );
      cache.set(key, cost);
    }
    return {
      seconds: cost.seconds,
      downtime: cost.downtimeSeconds,
      bytes: cost.bytes,
      slowdown: cost.slowdownSeconds ?? 0,
      cloud,
    };
  }

  /**
   * Costs of the migrations started at one update when they share the hosts' NICs
   * (`migrationNetwork: "shared"`), in move order.
   */
  function sharedCosts(k: number) {
    const involved = [...new Set([...moveSrc, ...moveDst])].sort((a, b) => a - b);
    const network = {
      links: involved.map((h) => ({
        id: `nic-${h}`,
        bandwidthBytesPerSecond: bwCap[h]! * migrationBandwidthShare,
      })),
    };
    const requests: MigrationRequest[] = moveVm.map((v, i) => {
      const u = Math.round(req[v]! / mips[v]! * 100);
      const writes = writesPerSecondAtFullLoad * u / 100;
      return {
        id: `move-${i}`,
        vm: {
          pageCount: Math.max(1, Math.ceil(ram[v]! / 4096)),
          pageSizeBytes: 4096,
          stateBytes: 262144,
          workload: writes > 0 ? { kind: "uniform", writesPerSecond: writes } : { kind: "idle" },
        },
        sourceHost: `h${moveSrc[i]}`,
        destinationHost: `h${moveDst[i]}`,
        route: [`nic-${moveSrc[i]}`, `nic-${moveDst[i]}`],
        technique: migrationTechnique as SharedTechnique,
      };
    });
    const r = simulateMigrations(network, requests, {
      fidelity: migrationFidelity,
      seed: `${seed}/migration/interval-${k}`,
    });
    return r.migrations.map((m, i) => ({
      seconds: m.totalSeconds,
      downtime: m.downtimeSeconds,
      bytes: m.bytesSent,
      slowdown: 0,
      cloud: cloudsimDelaySeconds(
        ram[moveVm[i]!]!,
        Math.min(bwCap[moveSrc[i]!]!, bwCap[moveDst[i]!]!),
      ),
    }));
  }

  /**
   * `incomingVmOrder: "completion"`: each target host's incoming VMs move to the end of its VM
   * list in the order their (last) migrations complete, equal ends in decision order.
   */
  function joinAtCompletion(): void {
    const lastMove = new Map<number, number>();
    for (let i = 0; i < moveVm.length; i++) lastMove.set(moveVm[i]!, i);
    const incoming = new Map<number, number[]>();
    for (const [v, i] of lastMove) {
      const h = vmHost[v]!;
      if (h !== moveDst[i]) continue; // removed or moved back: not an arrival
      const list = incoming.get(h) ?? [];
      list.push(i);
      incoming.set(h, list);
    }
    for (const [h, moves] of incoming) {
      moves.sort((a, b) => moveEnd[a]! - moveEnd[b]! || a - b);
      const arriving = new Set(moves.map((i) => moveVm[i]!));
      const list = hostVms[h]!;
      let n = 0;
      for (const v of list) if (!arriving.has(v)) list[n++] = v;
      list.length = n;
      for (const i of moves) list.push(moveVm[i]!);
      baseStamp[h] = -1; // the order of the history sums changed
    }
  }

  // ---- allocation state at one update (VmSchedulerTimeSharedOverSubscription) ----
  const moveVm: number[] = [], moveSrc: number[] = [], moveDst: number[] = [];
  const moveEnd: number[] = [];
  const vmEnd = new Float64Array(V).fill(-1); // end of the VM's migration in this interval
  const hReq = new Float64Array(H), hNeed = new Float64Array(H), hAlloc = new Float64Array(H);
  const hUtil = new Float64Array(H), hViolating = new Uint8Array(H);
  const vmR = new Float64Array(V), vmAlloc = new Float64Array(V), vmMig = new Uint8Array(V);
  /**
   * Fills hUtil, hViolating and the VM arrays for time `tau` of interval k. A migration ending
   * at `until` or later is in progress (`inclusive`: ending exactly then still counts).
   */
  function allocate(k: number, tau: number, until: number, inclusive: boolean): void {
    hReq.fill(0);
    hNeed.fill(0);
    hAlloc.fill(0);
    for (let v = 0; v < V; v++) {
      const home = vmHost[v]!;
      if (home < 0) continue;
      const r = mips[v]! * (tau === 0 ? atUpdate[v * K + k]! : demandAt(v, k, tau));
      vmR[v] = r;
      const end = vmEnd[v]!;
      const inMigration = end >= 0 && (inclusive ? end >= until : end > until);
      vmMig[v] = inMigration ? 1 : 0;
      const h = inMigration ? vmOrigin[v]! : home;
      hReq[h]! += r;
      hNeed[h]! += Math.min(r, pe[h]!);
    }
    for (let i = 0; i < moveVm.length; i++) {
      const v = moveVm[i]!;
      if (vmMig[v] === 0) continue;
      const h = moveDst[i]!;
      if (slatahCountsMigrationTargets) hReq[h]! += vmR[v]!;
      hNeed[h]! += Math.min(vmR[v]!, pe[h]!) * vmShare[v]!;
    }
    for (let v = 0; v < V; v++) {
      const home = vmHost[v]!;
      if (home < 0) continue;
      const h = vmMig[v] === 1 ? vmOrigin[v]! : home;
      const c = Math.min(vmR[v]!, pe[h]!);
      const need = hNeed[h]!;
      let x: number;
      const keep = vmKeep[v]!;
      if (need <= cap[h]!) x = vmMig[v] === 1 ? c * keep : c;
      else x = Math.floor(c * (cap[h]! / need) * (vmMig[v] === 1 ? keep : 1));
      vmAlloc[v] = x;
      if (vmMig[v] === 1) {
        if (countMigrationEnergy) hAlloc[h]! += keep > 0 ? x / keep : c;
      } else hAlloc[h]! += x;
    }
    for (let i = 0; i < moveVm.length; i++) {
      const v = moveVm[i]!;
      if (vmMig[v] === 0) continue;
      const h = moveDst[i]!;
      const c = Math.min(vmR[v]!, pe[h]!) * vmShare[v]!;
      const need = hNeed[h]!;
      hAlloc[h]! += need <= cap[h]! ? c : Math.floor(c * (cap[h]! / need));
    }
    for (let h = 0; h < H; h++) {
      const u = hAlloc[h]! / cap[h]!;
      hUtil[h] = u > 1 ? 1 : u;
      hViolating[h] = hAlloc[h]! > 0 && hAlloc[h]! < hReq[h]! * (cloudsimArithmetic ? 1 : 1 - 1e-9)
        ? 1
        : 0;
    }
  }

  // ---- what the decision strategies see and do (ConsolidationView) ----
  const decide = CONSOLIDATION_DECISIONS[decisions];
  const decisionSettings: ConsolidationSettings = {
    allocation,
    parameter,
    fallbackThreshold,
    lowerThreshold,
    underloadSkipsOverloadTargets,
  };
  const view: ConsolidationView = {
    hostCount: H,
    vms: (h) => hostVms[h]!,
    demandMips: (v) => req[v]!,
    requestedMips: (h) => used[h]!,
    cpuMips: (h) => cap[h]!,
    startUtilization: (h) => staleUtil[h]!,
    hostOf: (v) => vmHost[v]!,
    overloaded: (h, v = -1) => overloaded(h, v),
    fits,
    selectVms(h, out) {
      selectorHostIndex = h;
      selectorSelected = out;
      vmSelector(selectorHost, selectorSettings);
    },
    place: (v) => findHost(v, exclPlace),
    excludeTarget: exclude,
    resetTargets() {
      exclPlace.fill(0);
      orderStale = true;
    },
    attach,
    detach,
    migrate(v, h) {
      vmHost[v] = h;
      moveVm.push(v);
      moveSrc.push(vmOrigin[v]!);
      moveDst.push(h);
    },
    messages: messageCounts,
  };

  // ---- results ----
  let energyWs = 0, migrationEnergyWs = 0, activeTime = 0, violationTime = 0;
  let requestedTotal = 0, degradedTotal = 0, migrationCount = 0;
  let migrationSeconds = 0, cloudsimSeconds = 0, migrationBytes = 0, downtimeTotal = 0;
  const vmRequested = new Float64Array(V), vmDegraded = new Float64Array(V);
  const activeHosts: number[] = [];
  const rows: DatacenterIntervalRow[] = [];
  const unplaced: number[] = [];
  const removed: number[] = [];
  const exclPlace = new Uint8Array(H);
  const fromUtil = new Float64Array(H);
  const ends: number[] = [];
  let peakWatts = 0;
  for (const t of tables) peakWatts += t[t.length - 1]!;

  for (let k = 0; k < K; k++) {
    const counted = k > 0 || countFirstInterval;
    if (counted) pushHistory(k);
    let overloadedCount = 0;
    moveVm.length =
      moveSrc.length =
      moveDst.length =
      moveEnd.length =
        0;
    vmEnd.fill(-1);
    if (k === 0) {
      creating = true;
      for (let v = 0; v < V; v++) {
        req[v] = initialDemand === "full" ? mips[v]! : util[v * K]! * mips[v]!;
        const h = migrating ? findHost(v, undefined) : firstFit(v);
        if (h < 0) unplaced.push(v);
        else {
          attach(v, h);
          vmHost[v] = h;
        }
      }
      creating = false;
    }
    if (removeIdleVms && k > 0) {
      for (let v = 0; v < V; v++) {
        const h = vmHost[v]!;
        if (h < 0 || atUpdate[v * K + k]! !== 0) continue;
        detach(v, h);
        vmHost[v] = -1;
        removed.push(v);
      }
    }
    // demands of this interval, and the allocation the update at its start computes
    used.fill(0);
    capped.fill(0);
    for (let v = 0; v < V; v++) {
      req[v] = atUpdate[v * K + k]! * mips[v]!;
      const h = vmHost[v]!;
      vmOrigin[v] = h;
      if (h >= 0) {
        used[h]! += req[v]!;
        capped[h]! += Math.min(req[v]!, pe[h]!);
      }
    }
    allocate(k, 0, 0, false);
    staleUtil.set(hUtil);
    if (cloudsimArithmetic) {
      for (let h = 0; h < H; h++) resetAvailable(h);
      // HostDynamicWorkload.updateVmsProcessing: allocated MIPS summed in VM-list order
      for (let h = 0; h < H; h++) {
        if (hUtil[h] === 0) continue;
        let mipsSum = 0;
        for (const v of hostVms[h]!) mipsSum += vmAlloc[v]!;
        const u = mipsSum / cap[h]!;
        staleUtil[h] = u > 1 ? 1 : u;
      }
    }
    for (let h = 0; h < H; h++) staleWatts[h] = hostWatts(tables[h]!, staleUtil[h]!);
    orderStale = true;
    // ---- the update's migrations: a strategy chosen by name (CONSOLIDATION_DECISIONS) ----
    if (migrating && k > 0) overloadedCount = decide(view, decisionSettings);

    // ---- migrations started now ----
    ends.length = 0;
    let transferWs = 0;
    const shared = migrationNetwork === "shared" && moveVm.length > 0 ? sharedCosts(k) : undefined;
    for (let i = 0; i < moveVm.length; i++) {
      const v = moveVm[i]!, src = moveSrc[i]!, dst = moveDst[i]!;
      const cost = shared?.[i] ?? migrationCost(v, src, dst);
      if (engineDegradation) {
        // the engine's guest slowdown spread over the migration (Ye et al. 2010: migration
        // slows the migrating VM down)
        const share = cost.seconds > 0 ? Math.min(1, cost.slowdown / cost.seconds) : 0;
        vmShare[v] = share;
        vmKeep[v] = 1 - share;
      }
      const end = Math.min(cost.seconds, T);
      moveEnd.push(end);
      vmEnd[v] = Math.max(vmEnd[v]!, end);
      if (!ends.includes(end)) ends.push(end);
      migrationCount++;
      migrationSeconds += cost.seconds;
      cloudsimSeconds += cost.cloud;
      migrationBytes += cost.bytes;
      downtimeTotal += cost.downtime;
      const lost = req[v]! * Math.min(cost.downtime, T);
      vmDegraded[v]! += lost;
      degradedTotal += lost;
      if (transferEnergy !== undefined) {
        const joules = transferEnergy({ bytes: cost.bytes });
        transferWs += joules;
        migrationEnergyWs += joules;
      } else if (countMigrationEnergy && allocation !== "npa") {
        const t = tables[src]!, u = staleUtil[src]!;
        const without = Math.max(0, u - Math.min(req[v]!, pe[src]!) / cap[src]!);
        migrationEnergyWs += (power(t, u) - power(t, without)) * end;
      }
    }
    if (incomingVmOrder === "completion" && moveVm.length > 0) joinAtCompletion();
    ends.sort((a, b) => a - b);
    const last = stopAtLastEvent && k === K - 1;
    if (!last && (ends.length === 0 || ends[ends.length - 1]! < T)) ends.push(T);

    // ---- accounting: segments between updates ----
    allocate(k, 0, 0, false);
    let intervalWs = transferWs, active = 0, violating = 0, utilSum = 0;
    for (let h = 0; h < H; h++) {
      if (hUtil[h]! > 0) {
        active++;
        utilSum += hUtil[h]!;
        if (hViolating[h] === 1) violating++;
      }
    }
    if (allocation === "npa" && !last) intervalWs = peakWatts * T;
    if (switchPower !== undefined && counted && !last) {
      // Switches held on for the interval by the hosts active after its update.
      rackOn.fill(0);
      aggregationOn.fill(0);
      for (let h = 0; h < H; h++) {
        if (!(hUtil[h]! > 0)) continue;
        rackOn[rackOf[h]!] = 1;
        aggregationOn[aggregationOf[h]!] = 1;
      }
      let watts = 0;
      for (const on of rackOn) watts += on * switchPower.topOfRackWatts;
      for (const on of aggregationOn) watts += on * switchPower.aggregationWatts;
      intervalWs += watts * T;
      switchEnergyWs += watts * T;
    }
    if (counted) {
      let start = 0;
      for (const end of ends) {
        const dt = end - start;
        // the post-update state at `start` holds until `end`
        fromUtil.set(hUtil);
        for (let h = 0; h < H; h++) {
          if (hUtil[h]! > 0) {
            activeTime += dt;
            if (hViolating[h] === 1) violationTime += dt;
          }
        }
        for (let v = 0; v < V; v++) {
          if (vmHost[v]! < 0) continue;
          const r = vmR[v]! * dt;
          vmRequested[v]! += r;
          requestedTotal += r;
          if (vmMig[v] === 1 && vmAlloc[v]! < vmR[v]!) {
            const lost = (vmR[v]! - vmAlloc[v]!) * dt;
            vmDegraded[v]! += lost;
            degradedTotal += lost;
          }
        }
        // the update at `end`, before the migrations ending then complete
        if (integrator.readsEnd) allocate(k, end, end, true);
        if (allocation !== "npa") {
          for (let h = 0; h < H; h++) {
            const from = fromUtil[h]!;
            if (from === 0) continue;
            const t = tables[h]!;
            const p = power(t, from);
            intervalWs += integrator.joules(p, integrator.readsEnd ? power(t, hUtil[h]!) : p, dt);
          }
        }
        if (end < T) allocate(k, end, end, false);
        start = end;
      }
    }
    energyWs += intervalWs;
    activeHosts.push(active);
    rows.push({
      interval: k,
      startSeconds: k * T,
      activeHosts: active,
      overloadedHosts: overloadedCount,
      slaViolationHosts: violating,
      migrations: moveVm.length,
      energyKwh: intervalWs / 3.6e6,
      meanUtilization: active > 0 ? utilSum / active : 0,
    });
  }

  let pdmSum = 0, pdmCount = 0;
  for (let v = 0; v < V; v++) {
    if (vmHost[v]! < 0) continue;
    pdmCount++;
    if (vmRequested[v]! > 0) pdmSum += vmDegraded[v]! / vmRequested[v]!;
  }
  const energyKwh = energyWs / 3.6e6;
  const slatah = activeTime > 0 ? violationTime / activeTime : 0;
  const pdm = requestedTotal > 0 ? degradedTotal / requestedTotal : 0;
  const slav = slatah * pdm;
  return {
    seed,
    allocation,
    selection: migrating ? selection : "",
    parameter,
    migrationModel,
    migrationTechnique,
    migrationFidelity,
    hosts: H,
    vms: V,
    intervals: K,
    intervalSeconds,
    energyKwh,
    migrationEnergyKwh: migrationEnergyWs / 3.6e6,
    migrationEnergy,
    switchEnergyKwh: switchEnergyWs / 3.6e6,
    placement,
    decisions,
    messages: messageCounts,
    migrations: migrationCount,
    slatah,
    pdm,
    pdmPerVmMean: pdmCount > 0 ? pdmSum / pdmCount : 0,
    slav,
    esv: energyKwh * slav,
    meanActiveHosts: activeHosts.reduce((a, b) => a + b, 0) / K,
    activeHosts,
    migrationSeconds,
    cloudsimMigrationSeconds: cloudsimSeconds,
    migrationBytes,
    migrationDowntimeSeconds: downtimeTotal,
    unplacedVms: unplaced,
    removedVms: removed,
    rows,
  };
}
