import type { Host, VmDemand } from "../placement/model.ts";
import { noContractNetMessages } from "../placement/_contract_net_messages.ts";
import { CONSOLIDATION_DECISIONS, type ConsolidationSettings } from "./consolidation_decisions.ts";
import type { PowerModel } from "./power_model.ts";
import { scenarioArrays } from "./_scenario_arrays.ts";
import { demandFraction, updateDemands } from "./_vm_demands.ts";
import { hostAllocation } from "./_host_allocation.ts";
import { activeSwitchWatts, switchLayout } from "./_switch_layout.ts";
import { slaMetrics, type SlaTotals } from "./_sla_metrics.ts";
import { integrateSegments, type SegmentAccounting } from "./_segment_accounting.ts";
import { type MigrationStart, type MigrationTotals, startMigrations } from "./_start_migrations.ts";
import { migrationCosts } from "./_migration_costs.ts";
import { joinAtCompletion } from "./_join_at_completion.ts";
import type { UtilizationTraces } from "./traces.ts";
import { createHostState } from "./_host_state.ts";
import { ENERGY_INTEGRATORS } from "./energy_integrators.ts";
import type { SimulateDatacenterOptions } from "./simulate_options.ts";
import type { DatacenterIntervalRow, DatacenterResult } from "./datacenter_result.ts";
import { datacenterSettings } from "./_simulate_settings.ts";
import { vmPatternRows } from "./_daily_usage_profile.ts";

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

const MIGRATING = ["thr", "mad", "iqr", "lr", "lrr", "dt"] as const;

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
 * a power table): with `cloudsimArithmetic`, `incomingVmOrder: "completion"` and
 * `schedulerMapOrder: "java-hash-map"` this simulation computes them operation by operation as
 * CloudSim does and, on the recorded PlanetLab days, makes exactly CloudSim 3.0.3's migrations in
 * every experiment but random selection's (CloudSim's is unseeded) and maximum correlation's
 * (within 2 %); without them the runs drift apart slowly (migrations up to about 3 %, energy
 * about 1 %; `data/cloudsim/`).
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
  const settings = datacenterSettings(options);
  const {
    seed,
    allocation,
    selection,
    lowerThreshold,
    fallbackThreshold,
    intervalSeconds,
    migrationModel,
    migrationTechnique,
    migrationFidelity,
    migrationDegradation,
    energyIntegration,
    countFirstInterval,
    slatahCountsMigrationTargets,
    underloadSkipsOverloadTargets,
    countMigrationEnergy,
    removeIdleVms,
    stopAtLastEvent,
    updateOffsetSeconds,
    placement,
    switchPower,
    decisions,
    incomingVmOrder,
    cloudsimArithmetic,
    migrationEnergy,
    parameter,
    transferEnergy,
    engineDegradation,
  } = settings;

  const { H, V, K, cap, pe, ramCap, bwCap, tables, mips, ram, bw, util } = scenarioArrays(
    scenario,
    options.intervals,
  );
  const T = intervalSeconds;
  const migrating = (MIGRATING as readonly string[]).includes(allocation);
  // share of a migrating VM's MIPS withheld (vmShare) and kept on its source (vmKeep)
  const fixedShare = engineDegradation ? 0 : migrationDegradation as number;
  const vmShare = new Float64Array(V).fill(fixedShare);
  const vmKeep = new Float64Array(V).fill(1 - fixedShare);
  /** Demand fraction of VM v at `tau` seconds after the update of interval k. */
  function demandAt(v: number, k: number, tau: number): number {
    return demandFraction(util, K, T, updateOffsetSeconds, v, k, tau);
  }
  // demand fraction at each update
  const atUpdate = updateDemands(util, K, T, updateOffsetSeconds, cloudsimArithmetic);
  const req = new Float64Array(V); // requested MIPS
  const vmHost = new Int32Array(V).fill(-1);
  const vmOrigin = new Int32Array(V).fill(-1);
  // Racks (by increasing rack number) and aggregation groups, for OBFDF and switch power.
  const racks = switchLayout(scenario.hosts, switchPower);
  let switchEnergyWs = 0;
  const messageCounts = noContractNetMessages();

  // ---- energy between updates: a strategy chosen by name (ENERGY_INTEGRATORS) ----
  const integrator = ENERGY_INTEGRATORS[energyIntegration];

  // ---- migration costs: a strategy chosen by name (MIGRATION_COST_MODELS) ----
  // the update's migrations in decision order: VM, source, target, end
  const moveVm: number[] = [], moveSrc: number[] = [], moveDst: number[] = [];
  const moveEnd: number[] = [];
  const costsAt = migrationCosts(
    settings,
    { ramBytes: ram, demandMips: req, cpuMips: mips, hostBandwidth: bwCap },
    { vm: moveVm, source: moveSrc, destination: moveDst },
  );

  // ---- allocation state at one update (VmSchedulerTimeSharedOverSubscription) ----
  const vmEnd = new Float64Array(V).fill(-1); // end of the VM's migration in this interval
  const hostShares = hostAllocation({
    H,
    V,
    K,
    cap,
    pe,
    mips,
    atUpdate,
    demandAt,
    vmHost,
    vmOrigin,
    vmEnd,
    vmShare,
    vmKeep,
    moveVm,
    moveDst,
    slatahCountsMigrationTargets,
    countMigrationEnergy,
    cloudsimArithmetic,
  });
  const { hUtil, hViolating, allocate } = hostShares;

  // ---- the hosts as the allocation policy sees them, and its strategies' views of them ----
  const state = createHostState({
    arrays: { H, V, K, cap, pe, ramCap, bwCap, tables, mips, ram, bw, util },
    settings,
    migrating,
    racks,
    atUpdate,
    req,
    vmHost,
    vmOrigin,
    allocation: hostShares,
    vmPatterns: settings.pbaPatterns === undefined ? undefined : vmPatternRows(
      "simulate datacenter",
      "options.pbaPatterns",
      settings.pbaPatterns,
      scenario.vms.map((vm) => vm.name),
    ),
  });
  const { hostVms, staleUtil } = state;

  // ---- what the decision strategies see and do (ConsolidationView) ----
  const decide = CONSOLIDATION_DECISIONS[decisions];
  const decisionSettings: ConsolidationSettings = {
    allocation,
    parameter,
    fallbackThreshold,
    lowerThreshold,
    underloadSkipsOverloadTargets,
  };
  const view = state.consolidationView((v, h) => {
    vmHost[v] = h;
    moveVm.push(v);
    moveSrc.push(vmOrigin[v]!);
    moveDst.push(h);
  }, messageCounts);

  // ---- results ----
  let energyWs = 0;
  const migrationTotals: MigrationTotals = {
    count: 0,
    seconds: 0,
    cloudsimSeconds: 0,
    bytes: 0,
    downtimeSeconds: 0,
    energyWs: 0,
  };
  const vmDegraded = new Float64Array(V);
  const totals: SlaTotals = {
    activeSeconds: 0,
    violationSeconds: 0,
    requestedMipsSeconds: 0,
    degradedMipsSeconds: 0,
    vmRequested: new Float64Array(V),
    vmDegraded,
    vmHost,
  };
  const activeHosts: number[] = [];
  const rows: DatacenterIntervalRow[] = [];
  const unplaced: number[] = [];
  const removed: number[] = [];
  const fromUtil = new Float64Array(H);
  const ends: number[] = [];
  let peakWatts = 0;
  for (const t of tables) peakWatts += t[t.length - 1]!;
  const accounting: SegmentAccounting = {
    allocation: hostShares,
    vmHost,
    tables,
    integrator,
    npa: allocation === "npa",
    totals,
    fromUtil,
    intervalSeconds: T,
  };
  const migrationStart: MigrationStart = {
    moveVm,
    moveSrc,
    moveEnd,
    vmEnd,
    ends,
    vmShare,
    vmKeep,
    engineDegradation,
    intervalSeconds: T,
    demandMips: req,
    pe,
    cap,
    tables,
    startUtilization: staleUtil,
    transferEnergy,
    countMigrationEnergy,
    npa: allocation === "npa",
    totals: migrationTotals,
    sla: totals,
  };

  for (let k = 0; k < K; k++) {
    const counted = k > 0 || countFirstInterval;
    if (counted) state.pushHistory(k);
    let overloadedCount = 0;
    moveVm.length =
      moveSrc.length =
      moveDst.length =
      moveEnd.length =
        0;
    vmEnd.fill(-1);
    if (k === 0) state.createVms(unplaced);
    if (removeIdleVms && k > 0) state.removeIdleVms(k, removed);
    state.update(k);
    // ---- the update's migrations: a strategy chosen by name (CONSOLIDATION_DECISIONS) ----
    if (migrating && k > 0) overloadedCount = decide(view, decisionSettings);

    // ---- migrations started now ----
    ends.length = 0;
    const transferWs = startMigrations(costsAt(k), migrationStart);
    if (incomingVmOrder === "completion" && moveVm.length > 0) {
      joinAtCompletion(moveVm, moveDst, moveEnd, vmHost, hostVms, state.reordered);
    }
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
      const watts = activeSwitchWatts(racks, hUtil, switchPower);
      intervalWs += watts * T;
      switchEnergyWs += watts * T;
    }
    if (counted) intervalWs = integrateSegments(k, ends, intervalWs, accounting);
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

  const energyKwh = energyWs / 3.6e6;
  const { slatah, pdm, pdmPerVmMean, slav } = slaMetrics(totals);
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
    migrationEnergyKwh: migrationTotals.energyWs / 3.6e6,
    migrationEnergy,
    switchEnergyKwh: switchEnergyWs / 3.6e6,
    placement,
    decisions,
    messages: messageCounts,
    migrations: migrationTotals.count,
    slatah,
    pdm,
    pdmPerVmMean,
    slav,
    esv: energyKwh * slav,
    meanActiveHosts: activeHosts.reduce((a, b) => a + b, 0) / K,
    activeHosts,
    migrationSeconds: migrationTotals.seconds,
    cloudsimMigrationSeconds: migrationTotals.cloudsimSeconds,
    migrationBytes: migrationTotals.bytes,
    migrationDowntimeSeconds: migrationTotals.downtimeSeconds,
    unplacedVms: unplaced,
    removedVms: removed,
    rows,
  };
}
