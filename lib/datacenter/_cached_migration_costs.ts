import { nonNegative, within } from "../_validate.ts";
import type { Seed } from "../random/prng.ts";
import type { BookedMigrationCost } from "./_shared_migration_costs.ts";
import {
  cloudsimMigrationDelaySeconds,
  type MigrationCost,
  type MigrationCostModel,
  type MigrationCostRequest,
  type MigrationCostSettings,
} from "./migration_cost_models.ts";

const ACTION = "simulate datacenter";

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
      const request: MigrationCostRequest = {
        ramBytes: ram[v]!,
        utilizationPercent: u,
        linkBytesPerSecond: link,
        seed: `${seed}/migration/${key}`,
      };
      cost = checkedCost(model(request, settings), request);
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

/**
 * A cost model's answer, checked (a model plugged in through `options.strategies` may return
 * anything): seconds and bytes finite and >= 0, the downtime within the duration, and the
 * guest slowdown, which comes besides the downtime, within the rest of it.
 */
function checkedCost(cost: MigrationCost, request: MigrationCostRequest): MigrationCost {
  const field = (name: string) =>
    `the migration cost model's ${name} (for ${request.ramBytes} bytes of RAM at ` +
    `${request.utilizationPercent} % over ${request.linkBytesPerSecond} bytes/s)`;
  nonNegative(ACTION, field("seconds"), cost.seconds);
  within(ACTION, field("downtimeSeconds"), cost.downtimeSeconds, 0, cost.seconds);
  nonNegative(ACTION, field("bytes"), cost.bytes);
  if (cost.slowdownSeconds !== undefined) {
    within(
      ACTION,
      field("slowdownSeconds"),
      cost.slowdownSeconds,
      0,
      cost.seconds - cost.downtimeSeconds,
    );
  }
  return cost;
}
