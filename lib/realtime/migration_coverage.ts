import { nonNegative, object, requiredOptions } from "../_validate.ts";
import type { RealTimeMigrationPlan } from "./plan_real_time_migrations.ts";

/** Options of {@link migrationCoverage}. */
export interface MigrationCoverageOptions {
  /**
   * Rate μ (1/s) at which a degraded processor fail-stops: its remaining window is
   * exponential with mean 1/μ from the fault on.
   */
  sourceFailureRatePerSecond: number;
  /**
   * Rate λ (1/s) at which a destination processor fails while a migration to it is
   * in flight.
   * @default {0}
   */
  destinationFailureRatePerSecond?: number;
}

/** One migrated VM's coverage. */
export interface VmCoverage {
  /** Index of the VM. */
  vmIndex: number;
  /** The technique the plan chose. */
  technique: string;
  /** Seconds from the fault until its migration starts. */
  startSeconds: number;
  /** Seconds its migration takes. */
  migrationSeconds: number;
  /** Seconds from its migration's start until it runs at the destination. */
  resumeSeconds: number;
  /** Probability that it is restored. */
  coverage: number;
}

/** What {@link migrationCoverage} returns. */
export interface MigrationCoverage {
  /** One row per VM the plan migrates, in VM index order. */
  vms: VmCoverage[];
  /**
   * Probability that every VM of the failing processor is restored: the coverage c
   * of the combinatorial model (`migrationSystemReliability`). Exact when λ = 0
   * (e^(−μ · last end)); with λ > 0 the VMs' outcomes are dependent through the
   * shared source and this is null (estimate it with `simulateMigrationFailures`).
   * 0 when a VM of the processor is lost by the plan itself.
   */
  coverage: number | null;
  /** The seconds from the fault until the last migration ends. */
  lastEndSeconds: number;
}

/**
 * Derives the coverage of the combinatorial reliability model (review section 8;
 * Groesbrink 2014, whose model takes the coverage as a parameter) from the migration
 * engine: the probability that the migrations a plan makes finish before the degraded
 * processor fail-stops, and before a destination failure destroys a VM in flight.
 *
 * The model (see {@link failDuringMigration} for the in-flight rules): the degraded
 * source fail-stops at W ~ Exp(μ) after the fault; VM i's migration starts at s_i,
 * resumes the VM at the destination r_i later and ends M_i later (from the plan). A
 * source failure before the end loses the VM. A destination failure (rate λ from the
 * migration's start; memoryless, so one already failed is replaced by the target
 * choice) before the resume leaves the whole VM at the source and the migration is
 * retried at once to a spare target, from the beginning; after post-copy's resume it
 * loses the VM. Retries delay only that VM. So, summing over the retries,
 *
 *   c_i = e^(−μ s_i) · e^(−(λ+μ) M_i) / (1 − λ/(λ+μ) · (1 − e^(−(λ+μ) r_i))),
 *
 * with r_i = M_i for pre-copy and offline (resume at the end) and r_i << M_i for
 * post-copy, so post-copy's coverage is never above pre-copy's for the same M. With
 * λ = 0 this is e^(−μ (s_i + M_i)), and all VMs are restored iff W exceeds the last
 * end: c = e^(−μ · max_i (s_i + M_i)).
 *
 * @param plan A plan from `planRealTimeMigrations` (one failing processor).
 * @param options The source and destination failure rates.
 * @returns Per-VM coverage and the system coverage c.
 * @throws {RangeError} If a rate is negative or not finite.
 *
 * @example The reliability gain follows from the migration time
 * ```ts
 * import { migrationCoverage, planRealTimeMigrations } from "./mod.ts";
 * import { reliabilityIncrease } from "../reliability/mod.ts";
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
 * const { coverage } = migrationCoverage(plan, { sourceFailureRatePerSecond: 1 }); // mean window 1 s
 * assert.ok(Math.abs(coverage! - Math.exp(-plan.vms[0]!.candidates[0]!.migrationSeconds)) < 1e-12);
 * const gain = reliabilityIncrease({ processors: 2, requiredProcessors: 1, hostingProcessors: 1,
 *   componentReliability: 0.9, coverage: coverage! });
 * assert.ok(gain.difference > 0);
 * ```
 */
export function migrationCoverage(
  plan: RealTimeMigrationPlan,
  options: MigrationCoverageOptions,
): MigrationCoverage {
  requiredOptions("run migrationCoverage()", "options", options, [
    "destinationFailureRatePerSecond",
    "sourceFailureRatePerSecond",
  ]);
  const action = "derive the migration coverage";
  object(action, "plan", plan);
  object(action, "options", options);
  const { sourceFailureRatePerSecond: mu, destinationFailureRatePerSecond: lambda = 0 } = options;
  nonNegative(action, "options.sourceFailureRatePerSecond", mu);
  nonNegative(action, "options.destinationFailureRatePerSecond", lambda);
  const vms: VmCoverage[] = [];
  let lastEnd = 0;
  let anyLost = false;
  for (const v of plan.vms) {
    const chosen = v.candidates.find((c) => c.technique === v.technique);
    if (v.technique === null || chosen === undefined) {
      anyLost = true;
      continue;
    }
    const s = chosen.startSeconds;
    const m = chosen.migrationSeconds;
    const r = chosen.resumeSeconds;
    lastEnd = Math.max(lastEnd, s + m);
    vms.push({
      vmIndex: v.vmIndex,
      technique: v.technique,
      startSeconds: s,
      migrationSeconds: m,
      resumeSeconds: r,
      coverage: vmCoverage(mu, lambda, s, m, r),
    });
  }
  const coverage = anyLost ? 0 : lambda > 0 ? null : Math.exp(-mu * lastEnd);
  return { vms, coverage, lastEndSeconds: lastEnd };
}

/** c_i of the retry model (see {@link migrationCoverage}). */
function vmCoverage(mu: number, lambda: number, s: number, m: number, r: number): number {
  const total = lambda + mu;
  const retry = lambda === 0 ? 0 : (lambda / total) * -Math.expm1(-total * r);
  return Math.exp(-mu * s) * Math.exp(-total * m) / (1 - retry);
}
