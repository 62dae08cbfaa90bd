import type { Fidelity, TechniqueName } from "../migration/result.ts";
import type { ContractNetMessageKind } from "../placement/contract_net_agents.ts";
import type { Seed } from "../random/prng.ts";
import type { DoubleThresholdSelection } from "./double_threshold.ts";
import type { PlacerName } from "./placers.ts";
import type { ConsolidationAllocation } from "./simulate_options.ts";
import type { VmSelectionPolicy } from "./vm_selection.ts";

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
  /**
   * Contract-net messages sent during the interval's update, by performative (Gutierrez-Garcia
   * and Ramirez-Nafarrate 2013 count the agents' messages as the simulation runs): present
   * under `decisions: "contract-net"` only (absent under central decisions, which send none,
   * and with a decision strategy plugged in, whose messages only the result's total counts).
   * The rows add up to the result's `messages`.
   */
  messages?: Record<ContractNetMessageKind, number>;
}

/** Result of `simulateDatacenter`: plain data. */
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
  /**
   * How migrations used the network (`options.migrationNetwork`, or its default: `"shared"`
   * with the engine model and a technique it can share, else `"fixed-share"`), so that runs
   * compared across techniques say when they differ in it.
   */
  migrationNetwork: "fixed-share" | "shared";
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
  /** Target-host search used. */
  placement: PlacerName;
  /** Who decided the migrations. */
  decisions: "central" | "contract-net";
  /** Contract-net messages sent, by performative (all 0 under central decisions). */
  messages: Record<ContractNetMessageKind, number>;
  /** Number of VM migrations. */
  migrations: number;
  /**
   * Migrations still running at a later update, carried into the next intervals (the VM on
   * both hosts, not moved again, its target not emptied, until it ends; on the shared network
   * sharing the NICs with the later updates' migrations). With the engine on the shared
   * network, admission waits and that sharing make these common: 3,728 of MAD-MMT's 35,765 on
   * 20110303; none with CloudSim's delay at the defaults.
   */
  carriedMigrations: number;
  /**
   * Moves merged away: a VM moved more than once at one update migrates once, from its host at
   * the update to its last target (not at all when that is its host), so its other moves are
   * not migrations (`migrations` leaves them out). 0 with CloudSim's `migratesEachMove`, under
   * which every move migrates. Engine mode, MAD-MMT on 20110303: 5,120 moves merged away,
   * 35,765 migrations.
   */
  mergedMoves: number;
  /**
   * SLA violation time per active host: time hosts' allocated MIPS fall short of their
   * requested MIPS over the time hosts are active (CloudSim's `getSlaTimePerActiveHost`).
   */
  slatah: number;
  /**
   * Performance degradation due to migration: MIPS-seconds requested but not allocated to VMs
   * while they migrate, over all MIPS-seconds requested (CloudSim's `getSlaMetrics`). In engine
   * mode a migration's downtime, its last seconds, counts in full as lost (at the VM's demand
   * when it starts) in the intervals it falls in, up to the run's end or until the VM leaves:
   * a 430 s downtime in 300 s intervals loses 430 s of the VM's request.
   */
  pdm: number;
  /**
   * The paper's PDM: the mean over VMs of each VM's lost over requested MIPS-seconds (a VM that
   * requested nothing counts as 0; VMs not placed, or removed, at the end are left out).
   */
  pdmPerVmMean: number;
  /** SLAV = SLATAH x PDM. */
  slav: number;
  /** ESV = energy (kWh) x SLAV. */
  esv: number;
  /** Mean number of active hosts per interval. */
  meanActiveHosts: number;
  /** Active hosts per interval. */
  activeHosts: number[];
  /**
   * Sum of the migrations' durations under the model used, in seconds: their transfers, from
   * start to end (a wait for admission is not part of it, see `migrationWaitSeconds`); a
   * migration that waited through its interval counts the run it had when admitted.
   */
  migrationSeconds: number;
  /**
   * Sum of the migrations' waits for admission, in seconds: from the update that decided each
   * to the start of its transfer (a migration still waiting at an interval's end waits again
   * from the next update), within the run. Only the shared network's admission limits make
   * migrations wait (`migrationNetwork: "shared"`, `migrationAdmission`); 0 otherwise. While a
   * migration waits its VM runs on its source and its target does not count it.
   */
  migrationWaitSeconds: number;
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
  /**
   * The strategies given as values (`options.strategies`) that replaced the named ones, e.g.
   * `["placer"]`; absent when every strategy was chosen by name.
   */
  pluggedStrategies?: string[];
}
