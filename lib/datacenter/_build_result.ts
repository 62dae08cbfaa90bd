import type { DatacenterResult } from "./datacenter_result.ts";
import type { DatacenterRun } from "./_datacenter_run.ts";
import { slaMetrics } from "./_sla_metrics.ts";

/** The result of a run whose intervals have all been simulated: plain data. */
export function buildResult(run: DatacenterRun): DatacenterResult {
  const { settings, totals, migrating } = run;
  const { H, V, K } = run.arrays;
  const migrations = totals.migrations;
  const energyKwh = totals.energyWs / 3.6e6;
  const { slatah, pdm, pdmPerVmMean, slav } = slaMetrics(totals.sla);
  const { plugged } = run.strategies;
  return {
    seed: settings.seed,
    allocation: settings.allocation,
    selection: migrating ? settings.selection : "",
    parameter: settings.parameter,
    migrationModel: settings.migrationModel,
    migrationTechnique: settings.migrationTechnique,
    migrationFidelity: settings.migrationFidelity,
    migrationNetwork: settings.migrationNetwork,
    hosts: H,
    vms: V,
    intervals: K,
    intervalSeconds: settings.intervalSeconds,
    energyKwh,
    migrationEnergyKwh: migrations.energyWs / 3.6e6,
    migrationEnergy: settings.migrationEnergy,
    switchEnergyKwh: run.accounting.switchWs / 3.6e6,
    placement: settings.placement,
    decisions: settings.decisions,
    messages: totals.messages,
    migrations: migrations.count,
    carriedMigrations: migrations.carried,
    mergedMoves: migrations.mergedMoves,
    slatah,
    pdm,
    pdmPerVmMean,
    slav,
    esv: energyKwh * slav,
    meanActiveHosts: totals.activeHosts.reduce((a, b) => a + b, 0) / K,
    activeHosts: totals.activeHosts,
    migrationSeconds: migrations.seconds,
    migrationWaitSeconds: migrations.waitSeconds,
    cloudsimMigrationSeconds: migrations.cloudsimSeconds,
    migrationBytes: migrations.bytes,
    migrationDowntimeSeconds: migrations.downtimeSeconds,
    unplacedVms: totals.unplaced,
    removedVms: totals.removed,
    rows: totals.rows,
    ...(plugged.length > 0 ? { pluggedStrategies: [...plugged] } : {}),
  };
}
