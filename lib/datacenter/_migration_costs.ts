import { cachedMigrationCosts } from "./_cached_migration_costs.ts";
import {
  type BookedMigrationCost,
  type ResumedTransfer,
  sharedMigrationCosts,
  type SharedMoves,
} from "./_shared_migration_costs.ts";
import type { MigrationCostSettings } from "./migration_cost_models.ts";
import type { DatacenterSettings } from "./_simulate_settings.ts";

/** The VM and host arrays a migration's cost reads (shared with the simulation, read live). */
export interface MigrationCostArrays {
  /** RAM bytes per VM. */
  ramBytes: Float64Array;
  /** Current demand per VM in MIPS. */
  demandMips: Float64Array;
  /** Full MIPS per VM. */
  cpuMips: Float64Array;
  /** Bandwidth per host in bytes per second. */
  hostBandwidth: Float64Array;
}

/**
 * `simulateDatacenter`'s migration costs: for the update of interval k, the cost of the i-th
 * of the update's `moves`, those from `first` on (the earlier ones were carried from earlier
 * updates and priced there; on the shared network they share the links with the update's
 * migrations, `resumed`, whose ends are filled in). Each migration alone on its link from the
 * settings' cost model (`MIGRATION_COST_MODELS[migrationModel]` or
 * `options.strategies.migrationCostModel`, cached), or, with `migrationNetwork: "shared"`, the
 * migrations the update starts sharing the hosts' links.
 */
export function migrationCosts(
  settings: DatacenterSettings,
  arrays: MigrationCostArrays,
  moves: SharedMoves,
): (
  k: number,
  first: number,
  resumed: readonly ResumedTransfer[],
) => (i: number) => BookedMigrationCost {
  const {
    seed,
    migrationTechnique,
    migrationFidelity,
    migrationBandwidthShare,
    migrationNetwork,
    migrationAdmission,
    writesPerSecondAtFullLoad,
    dirtyLoggingSlowdown,
    engineDegradation,
  } = settings;
  // Dirty logging is modelled with the engine's degradation only (a fixed share replaces it).
  const loggingSlowdown = engineDegradation ? dirtyLoggingSlowdown : 0;
  const costSettings: MigrationCostSettings = {
    bandwidthShare: migrationBandwidthShare,
    writesPerSecondAtFullLoad,
    technique: migrationTechnique,
    fidelity: migrationFidelity,
    dirtyLoggingSlowdown: loggingSlowdown,
  };
  const alone = cachedMigrationCosts({
    ...arrays,
    model: settings.strategies.migrationCostModel,
    settings: costSettings,
    seed,
  });
  const sharedSettings = {
    ...arrays,
    bandwidthShare: migrationBandwidthShare,
    writesPerSecondAtFullLoad,
    technique: migrationTechnique,
    fidelity: migrationFidelity,
    seed,
    admission: migrationAdmission,
    dirtyLoggingSlowdown: loggingSlowdown,
  };
  const { vm, source, destination } = moves;
  return (k, first, resumed) => {
    const shared = migrationNetwork === "shared" && vm.length > 0
      ? sharedMigrationCosts(moves, k, sharedSettings, first, resumed, settings.intervalSeconds)
      : undefined;
    return (i) => shared?.[i - first] ?? alone(vm[i]!, source[i]!, destination[i]!);
  };
}
