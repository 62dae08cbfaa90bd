import { integer, nonNegative, object, requiredOptions } from "../_validate.ts";
import { createPrng, type Seed } from "../random/prng.ts";
import type { RealTimeMigrationPlan } from "./plan_real_time_migrations.ts";

/** Options of {@link simulateMigrationFailures}. */
export interface SimulateMigrationFailuresOptions {
  /** Seed of the draws (recorded in the result). */
  seed: Seed;
  /** Number of simulated faults (integer >= 1). */
  missions: number;
  /** Rate μ (1/s) at which the degraded source fail-stops after the fault. */
  sourceFailureRatePerSecond: number;
  /**
   * Rate λ (1/s) at which a destination fails while a migration to it is in flight.
   * @default {0}
   */
  destinationFailureRatePerSecond?: number;
}

/** One VM's result in {@link simulateMigrationFailures}. */
export interface SimulatedVmRestoration {
  /** Index of the VM. */
  vmIndex: number;
  /** Fraction of missions in which it was restored. */
  restoredFraction: number;
  /** Standard error of that fraction, √(p(1 − p)/n). */
  standardError: number;
  /** Mean number of retries after destination failures. */
  meanRetries: number;
}

/** What {@link simulateMigrationFailures} returns. */
export interface SimulatedMigrationFailures {
  /** The seed. */
  seed: Seed;
  /** The number of missions. */
  missions: number;
  /** One row per VM the plan migrates, in VM index order. */
  vms: SimulatedVmRestoration[];
  /** Fraction of missions in which every VM of the plan was restored (0 if it loses one). */
  allRestoredFraction: number;
  /** Standard error of allRestoredFraction. */
  allRestoredStandardError: number;
}

/**
 * Most attempts of one migration in one mission: with a source that fails rarely or
 * never (μ = 0) and destinations that fail often before the resume, the retries would
 * otherwise go on for ever (λ = 100/s against a 0.84 s pre-copy: e^84 attempts).
 */
const MAX_ATTEMPTS = 1_000_000;

/**
 * Monte Carlo of the in-flight failure model of {@link migrationCoverage}: per mission
 * it draws the degraded source's fail-stop time W ~ Exp(μ) and, for every attempt of
 * every migration of the plan, the destination's failure time ~ Exp(λ) from the
 * attempt's start; it applies the rules of {@link failDuringMigration} (a destination
 * failure before the resume restarts the migration to a spare target at once; after
 * post-copy's resume it loses the VM; the source failing before the end loses it).
 *
 * Draw order, from one stream `createPrng(seed, "migration-failures")`: per mission, W
 * then the VMs in index order, each with one draw per attempt. Same seed, same result.
 *
 * @param plan A plan from `planRealTimeMigrations`.
 * @param options Seed, mission count and the failure rates.
 * @returns Per-VM restored fractions and the fraction with every VM restored.
 * @throws {RangeError} If the mission count or a rate is out of range, or one migration
 *   needs more than 1,000,000 attempts in a mission (λ too high for μ and its resume time).
 *
 * @example Agrees with the closed-form coverage
 * ```ts
 * import { migrationCoverage, planRealTimeMigrations, simulateMigrationFailures } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const link = { bandwidthBytesPerSecond: 1e8 };
 * const processor = (name: string) => ({ name, capacity: 1, ramBytes: 2 ** 30, link });
 * const vm = {
 *   name: "a", scheduler: "edf" as const, server: { periodSeconds: 0.01, budgetSeconds: 0.005 },
 *   tasks: [{ name: "t", periodSeconds: 1, wcetSeconds: 0.1, deadlineSeconds: 1 }],
 *   image: { pageCount: 1024, pageSizeBytes: 4096, stateBytes: 4096, workload: { kind: "idle" as const } },
 * };
 * const plan = planRealTimeMigrations(
 *   { processors: [processor("p0"), processor("p1")], vms: [vm], placement: [0] }, [0], { seed: 1 },
 * );
 * const rates = { sourceFailureRatePerSecond: 10, destinationFailureRatePerSecond: 5 };
 * const model = migrationCoverage(plan, rates).vms[0]!.coverage;
 * const mc = simulateMigrationFailures(plan, { seed: 1, missions: 20_000, ...rates }).vms[0]!;
 * assert.ok(Math.abs(mc.restoredFraction - model) < 4 * mc.standardError);
 * ```
 */
export function simulateMigrationFailures(
  plan: RealTimeMigrationPlan,
  options: SimulateMigrationFailuresOptions,
): SimulatedMigrationFailures {
  requiredOptions("run simulateMigrationFailures()", "options", options, [
    "destinationFailureRatePerSecond",
    "missions",
    "seed",
    "sourceFailureRatePerSecond",
  ]);
  const action = "simulate failures during migrations";
  object(action, "plan", plan);
  object(action, "options", options);
  const {
    seed,
    missions,
    sourceFailureRatePerSecond: mu,
    destinationFailureRatePerSecond: lambda = 0,
  } = options;
  integer(action, "options.missions", missions, 1);
  nonNegative(action, "options.sourceFailureRatePerSecond", mu);
  nonNegative(action, "options.destinationFailureRatePerSecond", lambda);
  const moves = plan.vms.flatMap((v) => {
    const chosen = v.candidates.find((c) => c.technique === v.technique);
    return v.technique === null || chosen === undefined ? [] : [{ vmIndex: v.vmIndex, ...chosen }];
  });
  const lossByPlan = moves.length < plan.vms.length;
  const prng = createPrng(seed, "migration-failures");
  const exp = (rate: number) => rate === 0 ? Infinity : -Math.log1p(-prng()) / rate;
  const restored = moves.map(() => 0);
  const retries = moves.map(() => 0);
  let all = 0;
  for (let n = 0; n < missions; n++) {
    const w = exp(mu);
    let every = !lossByPlan;
    moves.forEach((move, k) => {
      let start = move.startSeconds;
      for (let attempt = 1;; attempt++) {
        if (attempt > MAX_ATTEMPTS) {
          throw new RangeError(
            `Cannot ${action} as the attempts of one migration must be <= ${MAX_ATTEMPTS} (options.destinationFailureRatePerSecond ${lambda} against options.sourceFailureRatePerSecond ${mu}): current value is ${attempt}`,
          );
        }
        const x = start + exp(lambda);
        const end = start + move.migrationSeconds;
        if (x < end && x < start + move.resumeSeconds) {
          if (w <= x) break; // the source failed first
          retries[k]!++;
          start = x;
          continue;
        }
        if (x < end) break; // post-copy: the destination failed after the resume
        if (w > end) {
          restored[k]!++;
          return;
        }
        break;
      }
      every = false;
    });
    if (every) all++;
  }
  const se = (p: number) => Math.sqrt(p * (1 - p) / missions);
  const allRestoredFraction = all / missions;
  return {
    seed,
    missions,
    vms: moves.map((move, k) => ({
      vmIndex: move.vmIndex,
      restoredFraction: restored[k]! / missions,
      standardError: se(restored[k]! / missions),
      meanRetries: retries[k]! / missions,
    })),
    allRestoredFraction,
    allRestoredStandardError: se(allRestoredFraction),
  };
}
