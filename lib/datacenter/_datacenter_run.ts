import { show } from "../_validate.ts";
import { MAX_PAGE_COUNT } from "../migration/validate.ts";
import { migrationVmSpec } from "./_migration_vm_spec.ts";
import { noContractNetMessages } from "../placement/_contract_net_messages.ts";
import type { ContractNetMessageKind } from "../placement/contract_net_agents.ts";
import type { ConsolidationSettings, ConsolidationView } from "./consolidation_decisions.ts";
import type { DatacenterIntervalRow } from "./datacenter_result.ts";
import type { SimulateDatacenterOptions } from "./simulate_options.ts";
import type { DatacenterScenario } from "./simulate.ts";
import { type ScenarioArrays, scenarioArrays } from "./_scenario_arrays.ts";
import { updateDemands } from "./_vm_demands.ts";
import { type HostAllocation, hostAllocation } from "./_host_allocation.ts";
import { type SwitchLayout, switchLayout } from "./_switch_layout.ts";
import { noSlaTotals, type SlaTotals } from "./_sla_metrics.ts";
import type { SegmentAccounting } from "./_segment_accounting.ts";
import {
  type MigrationStart,
  type MigrationTotals,
  noMigrationTotals,
} from "./_start_migrations.ts";
import { migrationCosts } from "./_migration_costs.ts";
import type { BookedMigrationCost, ResumedTransfer } from "./_shared_migration_costs.ts";
import { createHostState, type HostState } from "./_host_state.ts";
import { vmPatternRows } from "./_daily_usage_profile.ts";
import { type CarriedMigrations, noCarriedMigrations } from "./_carried_migrations.ts";
import { type DatacenterSettings, datacenterSettings } from "./_simulate_settings.ts";
import type { DatacenterStrategyValues } from "./_datacenter_strategies.ts";

/** Allocations that migrate VMs (all but NPA and DVFS). */
const MIGRATING = ["thr", "mad", "iqr", "lr", "lrr", "dt"] as const;

/** The migrations decided at one update, in decision order (parallel arrays). */
export interface UpdateMoves {
  /** Migrating VM. */
  vm: number[];
  /** Its host at the update. */
  source: number[];
  /** Its target. */
  destination: number[];
  /** Seconds after the update at which it ends in this interval (at most its end). */
  end: number[];
  /**
   * The first `carried` moves are migrations started at an earlier update and still running
   * (`resumeCarriedMigrations`); the others start at this update.
   */
  carried: number;
}

/** What a run adds up over its intervals, besides the SLA totals. */
export interface RunTotals {
  /** Energy in joules (watt-seconds), switches and migration energy included. */
  energyWs: number;
  /** Active hosts after each interval's update. */
  activeHosts: number[];
  /** One row per interval. */
  rows: DatacenterIntervalRow[];
  /** VMs that fit nowhere at creation. */
  unplaced: number[];
  /** VMs removed once idle (`removeIdleVms`). */
  removed: number[];
  /** Migrations: count, seconds, bytes, downtime, energy. */
  migrations: MigrationTotals;
  /** SLA totals (SLATAH, PDM). */
  sla: SlaTotals;
  /** Contract-net messages sent, by performative. */
  messages: Record<ContractNetMessageKind, number>;
  /** `messages` as they stood at the last row, for the rows' per-interval counts. */
  messagesAtLastRow: Record<ContractNetMessageKind, number>;
}

/**
 * One run of `simulateDatacenter` set up: its settings and strategies, the scenario's arrays,
 * the state the interval steps share (read and written live), and what it adds up.
 */
export interface DatacenterRun {
  /** The options with every default filled in. */
  settings: DatacenterSettings;
  /** The strategies the settings chose (or that were plugged in). */
  strategies: DatacenterStrategyValues;
  /** The decision strategy's settings. */
  decisionSettings: ConsolidationSettings;
  /** The scenario in typed arrays. */
  arrays: ScenarioArrays;
  /** Whether the allocation migrates VMs (not NPA or DVFS). */
  migrating: boolean;
  /** Sum of the hosts' peak power in watts (NPA's draw). */
  peakWatts: number;
  /** Racks and aggregation groups, for OBFDF and switch power. */
  racks: SwitchLayout;
  /** The allocation at one moment (`VmSchedulerTimeSharedOverSubscription`). */
  allocation: HostAllocation;
  /** The hosts as the allocation policy sees them. */
  state: HostState;
  /** What the decision strategy sees and does. */
  view: ConsolidationView;
  /** The update's migrations. */
  moves: UpdateMoves;
  /** Each VM's host (its target while it migrates), -1 when not placed. */
  vmHost: Int32Array;
  /** Each VM's host at the update (a migrating VM's source). */
  vmOrigin: Int32Array;
  /** End of each VM's migration in the interval, -1 when none. */
  vmEnd: Float64Array;
  /** Start of each migrating VM's transfer in the interval (after its admission wait). */
  vmStart: Float64Array;
  /** Migrations that run past their interval's end, carried into the next ones. */
  carried: CarriedMigrations;
  /**
   * Times after the update at which the interval's segments end (migration ends, transfers'
   * starts after an admission wait, T).
   */
  ends: number[];
  /**
   * The costs of the migrations interval k's update starts (moves `first` on), by index into
   * `moves`; on the shared network the `resumed` migrations share the links and their ends
   * are filled in.
   */
  costsAt: (
    k: number,
    first: number,
    resumed: readonly ResumedTransfer[],
  ) => (i: number) => BookedMigrationCost;
  /** What `startMigrations` reads and writes. */
  migrationStart: MigrationStart;
  /** What `integrateSegments` reads and writes. */
  accounting: SegmentAccounting;
  /** Totals over the run. */
  totals: RunTotals;
}

/**
 * Sets up a run: validates the options and the scenario, lays the scenario out in arrays,
 * chooses the strategies, and wires the allocation, the host state, the decision view, the
 * migration costs and the accounting over shared arrays.
 */
export function createDatacenterRun(
  scenario: DatacenterScenario,
  options: SimulateDatacenterOptions,
): DatacenterRun {
  const settings = datacenterSettings(options);
  const strategies = settings.strategies;
  const {
    allocation,
    intervalSeconds: T,
    migrationDegradation,
    engineDegradation,
    updateOffsetSeconds,
    cloudsimArithmetic,
  } = settings;
  const arrays = scenarioArrays(scenario, options.intervals);
  const { H, V, K, cap, pe, tables, mips, ram, bwCap, util } = arrays;
  if (!(K * T <= Number.MAX_SAFE_INTEGER)) {
    // every time of the run (and every energy, a power times a time) must stay finite
    throw new RangeError(
      `Cannot simulate datacenter as options.intervalSeconds must keep the run's ${K} intervals within ${Number.MAX_SAFE_INTEGER} seconds: current value is ${
        show(T)
      }`,
    );
  }
  if (settings.migrationModel === "engine") {
    // the engine moves each VM's RAM as 4 KiB pages (migrationVmSpec): at most MAX_PAGE_COUNT
    for (let v = 0; v < V; v++) {
      const spec = migrationVmSpec(ram[v]!, 0, 0);
      if (spec.pageCount > MAX_PAGE_COUNT) {
        throw new RangeError(
          `Cannot simulate datacenter as scenario.vms[${v}].ramBytes must be at most ${
            MAX_PAGE_COUNT * spec.pageSizeBytes
          } (${MAX_PAGE_COUNT} pages of ${
            spec.pageSizeBytes / 1024
          } KiB) for the engine's migrations: current value is ${show(ram[v])}`,
        );
      }
    }
  }
  const migrating = (MIGRATING as readonly string[]).includes(allocation);
  const npa = allocation === "npa";
  // share of a migrating VM's MIPS withheld (vmShare) and kept on its source (vmKeep)
  const fixedShare = engineDegradation ? 0 : migrationDegradation as number;
  const vmShare = new Float64Array(V).fill(fixedShare);
  const vmKeep = new Float64Array(V).fill(1 - fixedShare);
  // demand fraction at each update
  const atUpdate = updateDemands(util, K, T, updateOffsetSeconds, cloudsimArithmetic);
  const req = new Float64Array(V); // requested MIPS
  const vmHost = new Int32Array(V).fill(-1);
  const vmOrigin = new Int32Array(V).fill(-1);
  const racks = switchLayout(scenario.hosts, settings.switchPower);
  const moves: UpdateMoves = { vm: [], source: [], destination: [], end: [], carried: 0 };
  // migration costs: the cost model's, cached, or the shared network's
  const costsAt = migrationCosts(
    settings,
    { ramBytes: ram, demandMips: req, cpuMips: mips, hostBandwidth: bwCap },
    moves,
  );
  const vmEnd = new Float64Array(V).fill(-1);
  const vmStart = new Float64Array(V);
  const carried = noCarriedMigrations();
  // each VM's requested MIPS-seconds (the SLA totals'), booked by the segments and the allocation
  const vmRequested = new Float64Array(V);
  const hostShares = hostAllocation({
    H,
    V,
    K,
    cap,
    pe,
    mips,
    atUpdate,
    util,
    intervalSeconds: T,
    updateOffsetSeconds,
    vmHost,
    vmOrigin,
    vmEnd,
    vmStart,
    vmShare,
    vmKeep,
    moveVm: moves.vm,
    moveDst: moves.destination,
    slatahCountsMigrationTargets: settings.slatahCountsMigrationTargets,
    countMigrationEnergy: settings.countMigrationEnergy,
    cloudsimArithmetic,
    migrationHostsOn: !settings.migrationHostsOffWhenIdle,
    vmRequested,
  });
  const state = createHostState({
    arrays,
    settings,
    migrating,
    racks,
    atUpdate,
    req,
    vmHost,
    vmOrigin,
    vmEnd,
    allocation: hostShares,
    vmPatterns: settings.pbaPatterns === undefined ? undefined : vmPatternRows(
      "simulate datacenter",
      "options.pbaPatterns",
      settings.pbaPatterns,
      scenario.vms.map((vm) => vm.name),
    ),
  });
  const messages = noContractNetMessages();
  const view = state.consolidationView((v, h) => {
    vmHost[v] = h;
    moves.vm.push(v);
    moves.source.push(vmOrigin[v]!);
    moves.destination.push(h);
  }, messages);
  const migrationTotals = noMigrationTotals();
  const sla = noSlaTotals(vmHost, vmRequested);
  let peakWatts = 0;
  for (const t of tables) peakWatts += t[t.length - 1]!;
  const ends: number[] = [];
  return {
    settings,
    strategies,
    decisionSettings: {
      allocation,
      parameter: settings.parameter,
      fallbackThreshold: settings.fallbackThreshold,
      lowerThreshold: settings.lowerThreshold,
      underloadSkipsOverloadTargets: settings.underloadSkipsOverloadTargets,
      award: settings.contractNetAward,
      ...(settings.contractNetRamThreshold === undefined
        ? {}
        : { ramThreshold: settings.contractNetRamThreshold }),
    },
    arrays,
    migrating,
    peakWatts,
    racks,
    allocation: hostShares,
    state,
    view,
    moves,
    vmHost,
    vmOrigin,
    vmEnd,
    vmStart,
    carried,
    ends,
    costsAt,
    migrationStart: {
      moveVm: moves.vm,
      moveSrc: moves.source,
      moveDst: moves.destination,
      moveEnd: moves.end,
      vmEnd,
      vmStart,
      carried,
      ends,
      vmShare,
      vmKeep,
      engineDegradation,
      fixedShare,
      intervalSeconds: T,
      demandMips: req,
      pe,
      cap,
      tables,
      startUtilization: state.staleUtil,
      transferEnergy: strategies.migrationEnergyModel,
      countMigrationEnergy: settings.countMigrationEnergy,
      npa,
      totals: migrationTotals,
      sla,
    },
    accounting: {
      allocation: hostShares,
      tables,
      integrator: strategies.energyIntegrator,
      npa,
      totals: sla,
      fromHost: new Int32Array(H),
      fromUtil: new Float64Array(H),
      endUtil: new Float64Array(H).fill(NaN),
      endWatts: new Float64Array(H),
      intervalSeconds: T,
      switches: settings.switchPower === undefined
        ? undefined
        : { layout: racks, power: settings.switchPower },
      switchWs: 0,
    },
    totals: {
      energyWs: 0,
      activeHosts: [],
      rows: [],
      unplaced: [],
      removed: [],
      migrations: migrationTotals,
      sla,
      messages,
      messagesAtLastRow: noContractNetMessages(),
    },
  };
}
