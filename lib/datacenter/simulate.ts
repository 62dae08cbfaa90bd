import type { Host, VmDemand } from "../placement/model.ts";
import type { PowerModel } from "./power_model.ts";
import type { UtilizationTraces } from "./traces.ts";
import type { SimulateDatacenterOptions } from "./simulate_options.ts";
import type { DatacenterResult } from "./datacenter_result.ts";
import { createDatacenterRun } from "./_datacenter_run.ts";
import { beginInterval } from "./_begin_interval.ts";
import { startIntervalMigrations } from "./_interval_migrations.ts";
import { accountInterval } from "./_account_interval.ts";
import { buildResult } from "./_build_result.ts";

/** A data centre over time: hosts, VMs, their power models and one CPU trace per VM. */
export interface DatacenterScenario {
  /**
   * Hosts; `powerModel` names a key of `powerModels`, and `bandwidthBytesPerSecond` (> 0) is
   * the host's NIC, which its VMs' bandwidth and its migrations share.
   */
  hosts: Host[];
  /** VMs; `cpuMips` is the VM's full MIPS, and `traces.percent[i]` drives `vms[i]`. */
  vms: VmDemand[];
  /** Power models by name. */
  powerModels: Record<string, PowerModel>;
  /** CPU utilisation traces in percent, one per VM. */
  traces: UtilizationTraces;
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
 *    its source and `migrationDegradation` on its target until the migration ends (CloudSim's
 *    0.1; in engine mode by default the engine's guest slowdown over the migration). Energy,
 *    SLATAH and PDM are then integrated between updates (interval starts and migration ends)
 *    from hosts' allocated and requested MIPS, as `PowerDatacenter` and the examples' `Helper`
 *    do (options `energyIntegration`, `countFirstInterval`, `cloudsim.slatahCountsMigrationTargets`).
 *    Without `cloudsim.cloudsimArithmetic` a host is over-subscribed only when its VMs ask more
 *    than its MIPS by more than a relative 1e-9 (a host they fill exactly is not, whatever the
 *    rounding of their sum), and between updates the VMs that stay under a core and do not
 *    migrate enter their host's sums as one term linear in time (the same quantities, summed
 *    in another order: results agree with a sum over every VM to about 1e-12).
 *
 * 5. CloudSim's own quirks are the fields of one option, `cloudsim` (`CloudSimQuirks`), each off
 *    by default and all on in `runBeloglazov2012`'s CloudSim mode (`CLOUDSIM_3_0_3_QUIRKS`):
 *    VMs whose demand drops to exactly 0 are removed for good (`removeIdleVms`), updates fall
 *    0.1 s after interval starts (`updateOffsetSeconds`), the day ends at the last event
 *    before 24 h (`stopAtLastEvent`), and the rest below.
 * 6. Each step calls a strategy, a plain value chosen by name from its registry
 *    (`OVERLOAD_DETECTORS`, `VM_SELECTORS`, `PLACERS`, `PLACEMENT_RULES`,
 *    `CONSOLIDATION_DECISIONS`, `MIGRATION_COST_MODELS`, `ENERGY_INTEGRATORS`,
 *    `MIGRATION_ENERGY_MODELS`); `strategies` plugs in one's own values instead.
 *
 * A migration that outlasts its interval is carried into the next ones, as CloudSim's
 * migration events complete whenever they fall: its VM stays on both hosts (its source keeps
 * it, at the degradation's share, and is on) until it ends, is not selected again
 * (`getMigratableVms`), and its target is not emptied (`getUnderUtilizedHost`); on the shared
 * network it shares the NICs with the later updates' migrations (its bytes left as one flow);
 * the run's end cuts the last ones (`carriedMigrations` counts them all).
 *
 * Deviations: at a decision a VM still migrating counts on its target only (CloudSim's source
 * also lists it); sums of allocated MIPS are compared with requested MIPS
 * with a relative tolerance of 1e-9 (CloudSim compares exactly, so rounding can flag a host);
 * no migrations start at the very end of the day. Ties between equally good target hosts are
 * decided by floating-point rounding in CloudSim (e.g. two hosts in the same linear segment of
 * a power table): with `cloudsim`'s `cloudsimArithmetic`, `incomingVmOrder: "completion"` and
 * `schedulerMapOrder: "java-hash-map"` this simulation computes them operation by operation as
 * CloudSim does and, on the recorded PlanetLab days, makes exactly CloudSim 3.0.3's migrations in
 * every experiment but random selection's (CloudSim's is unseeded; maximum correlation's R^2 is
 * Commons Math's QR arithmetic, `selectVmToMigrate`); without them the runs drift apart slowly
 * (migrations up to about 3 %, energy about 1 %; `data/cloudsim/`).
 * With the engine, the migrations an update starts (and those still running) share the hosts'
 * NICs max-min fairly under vSphere's admission limits by default (`migrationNetwork: "shared"`,
 * `migrationAdmission`); with CloudSim's model, or `migrationNetwork: "fixed-share"`, each
 * gets a fixed share of the slower NIC, and engine results are cached by (RAM, utilisation
 * percent, bandwidth). Deterministic for a seed.
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
  // set up: settings, strategies (by name or plugged in), arrays, host state (_datacenter_run.ts)
  const run = createDatacenterRun(scenario, options);
  const { view, decisionSettings, strategies } = run;
  for (let k = 0; k < run.arrays.K; k++) {
    // the update: histories, VMs created or gone idle, demands and allocation
    beginInterval(run, k);
    // overload detection, VM selection and placement: the decision strategy over the view
    // (central: OVERLOAD_DETECTORS, VM_SELECTORS, PLACERS; or contract-net agents)
    const overloaded = run.migrating && k > 0 ? strategies.decision(view, decisionSettings) : 0;
    // the decided migrations start (MIGRATION_COST_MODELS, MIGRATION_ENERGY_MODELS) and complete
    const transferWs = startIntervalMigrations(run, k);
    // energy (ENERGY_INTEGRATORS, switches) and SLA over the segments between updates; the row
    accountInterval(run, k, overloaded, transferWs);
  }
  return buildResult(run);
}
