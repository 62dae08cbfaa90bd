import type { Seed } from "../random/prng.ts";
import type { BookedMigrationCost } from "./_shared_migration_costs.ts";
import {
  cloudsimMigrationDelaySeconds,
  type MigrationCost,
  type MigrationCostModel,
  type MigrationCostSettings,
} from "./migration_cost_models.ts";

/** What {@link cachedMigrationCosts} reads: the simulation's arrays (read live) and model. */
export interface CachedMigrationCostInputs {
  /** RAM bytes per VM. */
  ramBytes: Float64Array;
  /** Current demand per VM in MIPS. */
  demandMips: Float64Array;
  /** Full MIPS per VM. */
  cpuMips: Float64Array;
  /** Bandwidth per host in bytes per second. */
  hostBandwidth: Float64Array;
  /** The migration cost model and its settings. */
  model: MigrationCostModel;
  settings: MigrationCostSettings;
  /** The run's seed (each cost draws from its own stream of it). */
  seed: Seed;
}

/**
 * The cost of migrating VM v from host src to host dst, each over the slower host's link, from
 * the cost model, computed once per (RAM, utilisation in whole percent, link) and reused.
 */
export function cachedMigrationCosts(
  inputs: CachedMigrationCostInputs,
): (v: number, src: number, dst: number) => BookedMigrationCost {
  const {
    ramBytes: ram,
    demandMips: req,
    cpuMips: mips,
    hostBandwidth: bwCap,
    model,
    settings,
    seed,
  } = inputs;
  const cache = new Map<string, MigrationCost>();
  return (v, src, dst) => {
    const link = Math.min(bwCap[src]!, bwCap[dst]!);
    const cloud = cloudsimMigrationDelaySeconds(ram[v]!, link);
    const u = Math.round(req[v]! / mips[v]! * 100);
    const key = `${ram[v]}|${u}|${link}`;
    let cost = cache.get(key);
    if (cost === undefined) {
      cost = model(
        {
          ramBytes: ram[v]!,
          utilizationPercent: u,
          linkBytesPerSecond: link,
          seed: `${seed}/migration/${key}`,
        },
        settings,
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
  };
}
