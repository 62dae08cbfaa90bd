import type { AdmissionLimits, AdmissionPresetName } from "../fleet/admission_limits.ts";
import type { Fidelity, TechniqueName } from "../migration/result.ts";
import type { SwitchPower } from "../placement/obfdf.ts";
import type { Seed } from "../random/prng.ts";
import type { DoubleThresholdSelection } from "./double_threshold.ts";
import type { Placer, PlacerName } from "./placers.ts";
import type { DailyUsageProfile } from "./daily_usage_patterns.ts";
import type { VmSelectionPolicy } from "./vm_selection.ts";
import type { ConsolidationDecision } from "./consolidation_decisions.ts";
import type { EnergyIntegrator } from "./energy_integrators.ts";
import type { MigrationCostModel } from "./migration_cost_models.ts";
import type { MigrationEnergyModel } from "./migration_energy_models.ts";
import type { OverloadDetector } from "./overload_detectors.ts";
import type { VmSelector } from "./vm_selectors.ts";

/**
 * Allocation policies: `"npa"` (no power awareness: every host at peak power all the time),
 * `"dvfs"` (power follows utilisation, no migrations), and dynamic consolidation with overload
 * detection by a static threshold (`"thr"`), MAD (`"mad"`), IQR (`"iqr"`), local regression
 * (`"lr"`) or robust local regression (`"lrr"`); and the double thresholds of Beloglazov and
 * Buyya (CCGrid 2010, `"dt"`): a host over the upper threshold (`parameter`) is overloaded,
 * and every host under the lower threshold (`lowerThreshold`) is emptied when its VMs fit
 * elsewhere. A target must stay at or under the upper threshold with the VM, as CloudSim 2's
 * double-threshold policies require (`PowerVmAllocationPolicyDoubleThresholdAbstract.
 * findHostForVm`, there of the busiest core the VM is given). Unlike them, which move each
 * VM of an under-threshold host on its own whenever it finds a target (so a host can lose
 * some VMs and stay on), a host is emptied only when all its VMs find targets, as in the
 * 2012 loop (so that no migration of the lower threshold leaves its host on); the increase
 * compared is the 2012 host-level one, not CloudSim 2's sum over cores of each core's model
 * at its allocated share.
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

/** Options of `simulateDatacenter`. */
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
   * Given with another allocation and central decisions (which do not read it) it is an error,
   * unless a plugged `strategies.decision` may read it.
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
   * Length of a scheduling interval in seconds.
   * @default {300}
   */
  intervalSeconds?: number;
  /**
   * Number of intervals simulated (at most the shortest trace). Given, it cuts traces of
   * unequal length to it; without it such traces are an error (never cut silently).
   * @default {the traces' length, which must then be equal (1 with no VMs)}
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
   * How migrations use the network. `"shared"` (the default wherever it applies): each
   * host's bandwidth times `migrationBandwidthShare` is a link (its NIC), and the
   * migrations that start at one update share the NICs they cross max-min fairly,
   * re-shared as each ends (`simulateMigrations`, event-driven), under the admission
   * limits `migrationAdmission`; a migration held back by them waits at its source (the
   * VM runs there as before; its target, whose capacity the decision reserved, neither
   * grants it a share nor counts it, and stays off if nothing else runs there) until its
   * transfer starts, and its end counts from the update. Migrations still running from an
   * earlier update (carried, `DatacenterResult.carriedMigrations`) are on the links too:
   * each sends the bytes it had left at the interval's end (read off the flows there) as one
   * flow from the update on, holding its admission slots, and ends when that flow does (its
   * downtime left stretches with its time left); one still waiting for admission at the
   * interval's end has not started, and waits again, ahead of the update's migrations, then
   * runs as a migration of its own (its downtime that migration's). Their bytes and
   * degradation share stay those their own update booked.
   * `"fixed-share"`: each migration gets `migrationBandwidthShare` of the slower host's
   * bandwidth, whatever else runs: CloudSim's convention (and this simulator's default
   * before shared links), the only choice with `migrationModel: "cloudsim"`. A lone
   * migration costs the same under both, dirty logging included (see
   * `dirtyLoggingSlowdown`: on the shared links a pre-copy guest dirties at `1 - s` of its
   * rate and loses `s` of its live phase, as the engine's `mechanisms.dirtyLogging` does).
   *
   * `"shared"` needs `migrationModel: "engine"`, technique offline, pre-copy or
   * post-copy, and no `strategies.migrationCostModel`; when any of these does not hold,
   * the default is `"fixed-share"`.
   * @default {"shared" with the engine model, else "fixed-share"}
   */
  migrationNetwork?: "fixed-share" | "shared";
  /**
   * Admission limits of the shared network (`migrationNetwork: "shared"`): a preset name
   * of `ADMISSION_LIMITS`, limits as an object, or `"vsphere"`: vCenter's limits on
   * simultaneous vMotions for the hosts' NICs ("Limits on Simultaneous Migrations",
   * vSphere 6.5/6.7 vCenter Server and Host Management; `ADMISSION_LIMITS`): at most 4
   * migrations per NIC below 10 Gbit/s and 8 per NIC of 10 Gbit/s or more (the slowest
   * host's NIC decides, `"vsphere-1gbe"` or `"vsphere-10gbe"`), and 8 per host. The
   * Beloglazov-Buyya hosts have 1 Gbit/s NICs: 4 per host NIC.
   * @default {"vsphere"}
   */
  migrationAdmission?: "vsphere" | AdmissionPresetName | AdmissionLimits;
  /**
   * Page writes per second of a VM at 100 % CPU; a VM at utilisation u writes u times that
   * (uniformly over its pages). An assumption of this model: the traces carry CPU only.
   * @default {5000}
   */
  writesPerSecondAtFullLoad?: number;
  /**
   * Share of a migrating VM's MIPS withheld while it migrates: its source host grants it
   * 1 - this share and its target host this share. A number is a fixed share, CloudSim
   * 3.0.3's `VmSchedulerTimeSharedOverSubscription` with 0.1 (90 % and 10 %), the default
   * with `migrationModel: "cloudsim"`. The shortfall on the
   * source is the PDM. With the engine's costs a fixed share is withheld while the pre-copy
   * runs (not during an admission wait) and the downtime counts as a 100 % loss.
   *
   * `"engine"` (engine model only; its default): the performance degradation during
   * migration that Ye et al. measured (GreenCom 2010; IEEE CLOUD 2011), from the engine
   * instead of a fixed 10 %. Each migration loses the guest time the engine reports
   * (`result.mechanisms.guestSlowdownSeconds`): dirty logging costs `dirtyLoggingSlowdown`
   * (s) of the guest's time while pre-copy's live phase runs, so the guest also dirties at
   * `1 - s` of its rate (the engine's `mechanisms.dirtyLogging`, on the fixed share and on
   * the shared network alike). The share is that loss over the migration's time from the
   * start of its transfer (after any admission wait) to its end, so the VM loses s x its
   * live phase plus its downtime: the degradation follows the VM's load and the link. Give
   * `0.1` for CloudSim's fixed share with the engine's costs.
   * @default {"engine" with migrationModel "engine", else 0.1}
   */
  migrationDegradation?: number | "engine";
  /**
   * With `migrationDegradation: "engine"`: the fraction of guest time dirty logging costs
   * while pre-copy's live phase runs (the engine's `mechanisms.dirtyLogging.slowdownFraction`;
   * ignored with a fixed share). The default is this project's own measurement on real QEMU,
   * `QEMU_DIRTY_LOGGING_SLOWDOWN` (3.55 %, `guestSlowdown.slowdownFraction` in
   * `data/validation/qemu/mechanisms_engine.json`), made under TCG on 2 shared cores, not
   * KVM: give your own figure for other hypervisors. The works the review and issue 11 cite
   * (Ye et al., GreenCom 2010 and IEEE CLOUD 2011; see
   * `MigrationCostSettings.dirtyLoggingSlowdown`) measured the overhead but give no figure
   * this project could reach. 0 leaves the downtime only.
   * @default {QEMU_DIRTY_LOGGING_SLOWDOWN}
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
   * Target-host search for migrated and created VMs, a strategy of `PLACERS`: CloudSim's
   * power-aware best fit (`"pabfd"`: the least power increase, an empty host charged its
   * increase over idle), OBFDF's (`"obfdf"`, Esfandiarpour, Pahlavan and Goudarzi 2013, see
   * `placeObfdf`: an empty host is charged its whole draw, plus the top-of-rack and
   * aggregation switches it would switch on when `switchPower` is given), First Fit
   * (`"first-fit"`), or PBA (`"pba"`, Man and Kayashima 2011 and 2012: the active host whose
   * VMs' usage history correlates least with the VM's), applied online, VM by VM, at each
   * update (NPA and DVFS create VMs first fit whatever this is).
   * @default {"pabfd"}
   */
  placement?: PlacerName;
  /**
   * PBA's daily patterns (with `placement: "pba"` only): per-VM usage per time-of-day slot
   * learned from earlier days (`learnDailyUsagePatterns`), matched to the scenario's VMs by
   * name. Given, PBA correlates these patterns, as Man and Kayashima do (2011: the pattern
   * the desktop's use repeats; 2012: every workday), instead of the histories kept so far: a
   * host's pattern is the sum of its VMs' patterns as shares of its MIPS, and a VM without a
   * pattern (not seen on an earlier day) counts as uncorrelated with every host, so it goes to
   * the first active host that takes it. Without it, PBA correlates the histories the
   * simulation keeps (the last `historyLength` updates; at creation, before any update, every
   * correlation is 0 and the VM goes to the first active host that takes it).
   * @default {undefined} (history mode)
   */
  pbaPatterns?: DailyUsageProfile;
  /**
   * Who decides the migrations at each update, a strategy of `CONSOLIDATION_DECISIONS`: the
   * central loop of Beloglazov and Buyya (`"central"`, steps 2 and 3 below), or host agents negotiating by the contract net
   * (`"contract-net"`, after Gutierrez-Garcia and Ramirez-Nafarrate 2013, as
   * `runContractNetAgents` does): each host agent, with only its own VMs, load and detector,
   * pushes VMs out while its detector finds it overloaded (the smallest VM covering the
   * excess over the threshold `parameter`, else its largest; for MAD, IQR, LR and LRR the
   * excess over `fallbackThreshold`) by a call for proposals to the other active agents,
   * which propose when the VM fits and leaves them not overloaded (switched-off agents are
   * asked when none does), the award by `contractNetAward` (by default the highest
   * utilisation after winning); then each agent under `lowerThreshold` that received
   * nothing offers all its VMs and migrates them only if every one finds a taker (else it
   * cancels). Messages are counted in `messages`.
   * @default {"central"}
   */
  decisions?: "central" | "contract-net";
  /**
   * The contract-net agents' award rule (with `decisions: "contract-net"` only), as in
   * `runContractNetAgents`: an initiator gives the VM to the bidder left most utilised
   * (`"best-fit"`, consolidating), least utilised (`"least-loaded"`, balancing) or with the
   * lowest index (`"first-fit"`). Gutierrez-Garcia and Ramirez-Nafarrate (2013) let each agent
   * act under its migration policy; this is the policy's choice of taker.
   * @default {"best-fit"}
   */
  contractNetAward?: "best-fit" | "least-loaded" | "first-fit";
  /**
   * The contract-net agents' memory migration policy (with `decisions: "contract-net"` only),
   * as `runContractNetAgents`'s `ramUpperThreshold`: an agent whose VMs' RAM (their
   * `ramBytes`, whatever `capacityChecks` books) is over this share of its host's RAM pushes
   * VMs out, the VM chosen by RAM (the CPU's excess first), and a bidder must stay at or under
   * it with the VM. Gutierrez-Garcia and Ramirez-Nafarrate (2013) balance memory workload
   * beside CPU workload by resource usage migration thresholds (their abstract). Unset, the
   * agents' policy is on CPU only.
   * @default {undefined}
   */
  contractNetRamThreshold?: number;
  /**
   * Switch power: when given, the energy (`switchEnergyKwh`) adds the draw of the
   * top-of-rack switches of racks with an active host and of the aggregation switches over
   * them (racks in increasing rack number, `racksPerAggregation` per switch), over the same
   * stretches as host power: between updates and migration ends, the switches held on by the
   * hosts active then (drawing power, as for host energy: a VM allocated, or a migration's
   * source or target while it lasts), so a rack emptied when its last migration ends stops
   * drawing then. Time not charged to hosts (the first interval unless
   * `countFirstInterval`, the time after the last event with `stopAtLastEvent`) is not
   * charged to switches either; OBFDF's placement cost counts a switch as on while a host
   * under it holds a VM, whatever that VM's demand now.
   * @default {undefined} (no switches)
   */
  switchPower?: SwitchPower;
  /**
   * OBFDF rack by rack (with `placement: "obfdf"` only; Esfandiarpour, Pahlavan and Goudarzi
   * 2013): racks are taken in increasing rack number, the open racks being those up to the
   * highest-numbered rack holding a VM now; a VM goes to the host of least OBFDF cost among the
   * open racks' hosts that can take it, and the next rack is opened only when none can. Unlike
   * `placeObfdf`'s `rackByRack` (one batch, where a rack once opened stays open), the open racks
   * are found afresh at each placement: when the consolidation empties the highest-numbered
   * racks, they close again.
   * `false`: every host is a candidate (switch power, when given, still makes racks already on
   * cheaper).
   * @default {false}
   */
  rackByRack?: boolean;
  /**
   * Energy of migrations, a model of `MIGRATION_ENERGY_MODELS`: `"host-power"` (CloudSim's: no
   * energy of their own; the source host keeps drawing power for the migrating VM until the
   * migration ends, see `cloudsim.countMigrationEnergy`), or `"liu2011"`: Liu et al. (2011)'s transfer
   * energy, 0.512 J per MiB sent plus 20.165 J per migration (source and destination
   * together; coefficients and where they come from at `LIU2011_MIGRATION_ENERGY`), added to the interval in which the migration starts, with the bytes the
   * migration model reports sent (the engine's, or the RAM under CloudSim's model).
   * @default {"host-power"}
   */
  migrationEnergy?: "host-power" | "liu2011";
  /**
   * CloudSim's quirks, the only place they are given (see {@link CloudSimQuirks}); pass
   * {@link CLOUDSIM_3_0_3_QUIRKS} to take all of CloudSim 3.0.3's, or spread it and override
   * some. A quirk's name given as a top-level option is an error.
   * @default {undefined} (each quirk at its own default)
   */
  cloudsim?: CloudSimQuirks;
  /**
   * Strategies of one's own, as plain values (see {@link DatacenterStrategies}): each one given
   * replaces the strategy its named option chooses from the registries, and is called exactly
   * where that one would be.
   * @default {undefined} (every strategy chosen by name)
   */
  strategies?: DatacenterStrategies;
}

/**
 * Strategies given as plain values instead of by name, each replacing the one the named option
 * chooses: the result still reports the names (`allocation`, `selection`, `placement`, ...),
 * and lists the replaced strategies in `pluggedStrategies`. An overload detector, VM selector
 * and placer act only under a migrating allocation (not `"npa"` or `"dvfs"`). Their answers
 * are checked where the run reads them, and an impossible one stops the run with an error that
 * names the strategy and the value: a detector's boolean, a selector's VMs (candidates of the
 * host), a placer's host index, a decision's count of overloaded hosts (an integer up to the
 * hosts) and its calls of the view (indices in range, `detach` and `migrate` of a VM booked on
 * the host, no migration to the VM's own host, each VM left booked once on its own host), an
 * integrator's and a migration energy model's joules (finite, >= 0), and a cost
 * model's seconds and bytes (finite, >= 0) and downtime and slowdown (within the seconds).
 */
export interface DatacenterStrategies {
  /** Replaces `OVERLOAD_DETECTORS[allocation]` (every overload check: detection and placement). */
  overloadDetector?: OverloadDetector;
  /** Replaces `VM_SELECTORS[selection]` (the VMs an overloaded host gives up). */
  vmSelector?: VmSelector;
  /**
   * Replaces `PLACERS[placement]` (the target of created and migrated VMs). Its
   * `hosts.increase` and `hosts.leastCost` stay those of `placement`'s rule (`PLACEMENT_RULES`).
   */
  placer?: Placer;
  /** Replaces `CONSOLIDATION_DECISIONS[decisions]` (one update's migrations). */
  decision?: ConsolidationDecision;
  /** Replaces `MIGRATION_COST_MODELS[migrationModel]` (with `migrationNetwork: "fixed-share"`). */
  migrationCostModel?: MigrationCostModel;
  /** Replaces `ENERGY_INTEGRATORS[energyIntegration]`. */
  energyIntegrator?: EnergyIntegrator;
  /** Replaces `MIGRATION_ENERGY_MODELS[migrationEnergy]`: joules added per migration. */
  migrationEnergyModel?: MigrationEnergyModel;
}

/**
 * CloudSim 3.0.3's quirks: what CloudSim computes in a way of its own (its event times, its
 * floating-point order, its VM lists and maps, its SLA bookkeeping, its bugs), each a field of
 * `simulateDatacenter`'s `cloudsim` option and nowhere else. Each field absent takes its
 * default, which is this simulator's own choice; {@link CLOUDSIM_3_0_3_QUIRKS} sets every one as
 * CloudSim 3.0.3 does. General modelling choices that CloudSim also makes (`capacityChecks`,
 * `initialDemand`, `energyIntegration`, `countFirstInterval`, `migrationDegradation`) are
 * top-level options of {@link SimulateDatacenterOptions}, whose defaults are CloudSim's
 * (`migrationDegradation`'s only with CloudSim's migration model: the engine's own otherwise).
 */
export interface CloudSimQuirks {
  /**
   * `"tricube"` (the paper's Loess weights) or `"cloudsim"` (plain least squares, what
   * CloudSim 3.0.3 computes in effect: it applies weights only when 40 % of them are <= 0,
   * which its tricube and bisquare weights never are, so its LRR is its LR line too).
   * @default {"tricube"}
   */
  regressionWeighting?: "tricube" | "cloudsim";

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
   * Count a migration's target host as violating the SLA while the migration lasts. CloudSim
   * books the incoming VM's full request on its target but grants it only
   * `migrationDegradation` of it, so the target's allocated MIPS fall short of its requested
   * MIPS (`HostDynamicWorkload.updateVmsProcessing`, `Helper.getSlaTimePerActiveHost`).
   * Beloglazov and Buyya (2012) define SLATAH by hosts at 100 % utilisation; `false` leaves
   * the targets out. With the engine's costs a target counts from its migration's transfer
   * start (not during a wait for admission) to its end, and this convention is most of
   * SLATAH (notebook 04, section (e), computes how much on a real day, with and without the
   * targets).
   * @default {true}
   */
  slatahCountsMigrationTargets?: boolean;

  /**
   * Keep hosts that received VMs from overloaded hosts out of the underload search of the same
   * interval. CloudSim 3.0.3 means to (`getMigrationMapFromUnderUtilizedHosts`) but reads an
   * empty list, so such a host can be emptied again and its new VMs moved twice (migrated
   * twice under `migratesEachMove`, else once, to their last target).
   * @default {false}
   */
  underloadSkipsOverloadTargets?: boolean;

  /**
   * Migrate a VM moved more than once at one update at each move, as CloudSim 3.0.3 does: each
   * move of the update's migration map is a migration of its own, from the VM's host at the
   * update, counted, charged and sent on the links. `false` carries out the plan the update
   * leaves: such a VM migrates once, from its host at the update to its last target, and not
   * at all when that is its host at the update (`DatacenterResult.mergedMoves` counts the
   * moves merged away). A 2012 update moves VMs twice when its underload phase empties a host
   * that received VMs in its overload phase (see `underloadSkipsOverloadTargets`).
   * @default {false}
   */
  migratesEachMove?: boolean;

  /**
   * Keep a migrating VM's load on its source host until the migration ends (CloudSim: the
   * source books the VM's full MIPS, of which it grants 90 %). `false` frees the source at once.
   * @default {true}
   */
  countMigrationEnergy?: boolean;

  /**
   * Take a migration's source or target host as switched off while nothing is allocated on it,
   * as CloudSim 3.0.3 takes any host at utilisation 0: no energy
   * (`PowerHost.getEnergyLinearInterpolation` returns 0 from utilisation 0), not active, not
   * violating. Without it a host sending or receiving a VM is on and draws at least its idle
   * power: the engine's degradation gives a migration's target nothing under post-copy,
   * offline or pre-copy without dirty logging, and a VM whose demand is 0 leaves both hosts
   * with nothing of it, yet both move the VM's memory.
   * @default {false}
   */
  migrationHostsOffWhenIdle?: boolean;

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
   * With `cloudsimArithmetic`, the order in which a host's available MIPS are recomputed after
   * a VM leaves it. CloudSim 3.0.3's `VmSchedulerTimeShared.deallocatePesForVm` re-allocates the
   * remaining VMs by iterating its `mipsMapRequested`, a `HashMap` keyed by the VM's UID
   * (`Vm.getUid`: broker id, `-`, VM id), and `VmSchedulerTimeSharedOverSubscription.
   * allocatePesForVm` subtracts each request from the available MIPS in that order (or, when one
   * does not fit, scales every VM down to whole MIPS and leaves none available). A VM leaves a
   * host not only when it is selected for migration but also each time the host is tried as a
   * target: `PowerVmAllocationPolicyMigrationAbstract.isHostOverUtilizedAfterAllocation` creates
   * the VM on the host and destroys it again, for every non-excluded host that is suitable and
   * not idle, so after the first VM placed at an update most hosts' available MIPS are the
   * hash-map order's difference. On a host filled to exactly 100 % the order decides, in the last
   * bit, whether a VM fits. `"list"`: the VM list's order (as the update computes it).
   * `"java-hash-map"`: the map's order (`_java_hash_map_order.ts`; UIDs with broker id 2, the
   * examples' broker being the third CloudSim entity), re-applied where CloudSim destroys a VM.
   * @default {"list"}
   */
  schedulerMapOrder?: "list" | "java-hash-map";
}

/**
 * CloudSim 3.0.3's quirks, every field of {@link CloudSimQuirks} set as CloudSim 3.0.3 does
 * (what `runBeloglazov2012`'s CloudSim mode passes as `cloudsim`, with
 * `migrationModel: "cloudsim"`): VMs removed once idle, updates at k x 300 + 0.1 s, the day
 * ending at its last event, plain least squares for LR and LRR, CloudSim's SLA bookkeeping, hosts off at
 * utilisation 0 even while migrating, VM-list order, floating-point operations and scheduler map
 * order.
 *
 * @example CloudSim's quirks, one of them overridden; a quirk is not a top-level option
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
 * const cloudsim = { ...CLOUDSIM_3_0_3_QUIRKS, stopAtLastEvent: false };
 * const r = simulateDatacenter(s, { seed: 1, migrationModel: "cloudsim", cloudsim });
 * assert.equal(r.intervals, 12);
 * assert.throws(
 *   () => simulateDatacenter(s, { seed: 1, removeIdleVms: true } as never),
 *   /options\.removeIdleVms must be given as options\.cloudsim\.removeIdleVms/,
 * );
 * ```
 */
export const CLOUDSIM_3_0_3_QUIRKS: Readonly<Required<CloudSimQuirks>> = Object.freeze({
  regressionWeighting: "cloudsim",
  removeIdleVms: true,
  stopAtLastEvent: true,
  updateOffsetSeconds: 0.1,
  slatahCountsMigrationTargets: true,
  underloadSkipsOverloadTargets: false,
  migratesEachMove: true,
  countMigrationEnergy: true,
  migrationHostsOffWhenIdle: true,
  incomingVmOrder: "completion",
  cloudsimArithmetic: true,
  schedulerMapOrder: "java-hash-map",
});
