import { checkLifetime } from "./_lifetime_check.ts";
import { kaplanMeier } from "./fit_kaplan_meier.ts";
import type { LifetimeObservation } from "./fit_observations.ts";
import { kolmogorovDistribution } from "./kolmogorov_distribution.ts";
import { type LifetimeDistribution, unreliabilityAt } from "./lifetime.ts";

/** A Kolmogorov–Smirnov comparison of lifetimes with a lifetime distribution. */
export interface KsResult {
  /** D = sup_t |F̂(t) - F(t)|. */
  statistic: number;
  /**
   * P(D_n >= D) for complete samples from the finite-n Kolmogorov distribution
   * (`kolmogorovDistribution`), assuming the distribution was specified before seeing
   * the data: it is NOT corrected for parameters fitted to the same sample (then it is
   * too large; use `ksBootstrap` for a corrected one). `null` when some observations
   * are censored (no distribution-free law).
   */
  pValue: number | null;
  /** How `pValue` was computed: `"exact"` (finite n), `"asymptotic"`, or `null` with no p-value. */
  pValueMethod: "exact" | "asymptotic" | null;
  /** Always `false`: `pValue` treats the distribution as fully specified in advance. */
  pValueCorrectedForFittedParameters: false;
  /** `"empirical"` (empirical CDF, no censoring) or `"kaplan-meier"` (1 - Ŝ). */
  method: "empirical" | "kaplan-meier";
  /** Number of observations. */
  n: number;
  /** Number of failures. */
  failures: number;
}

/**
 * Computes the Kolmogorov–Smirnov distance between observed lifetimes and a lifetime
 * distribution, with its finite-n p-value for complete samples.
 *
 * The empirical CDF is F̂ = 1 - Ŝ with Ŝ the Kaplan–Meier estimate (`kaplanMeier`),
 * which is exactly the ordinary empirical CDF when nothing is censored. D is the
 * largest of |F̂ - F| on both sides of every failure time, and at the largest observed
 * time (F̂ is a step function and F increases, so the supremum over [0, max time] is
 * attained there). With censoring, D is computed against Kaplan–Meier only up to the
 * largest observation, and `pValue` is `null`: the Kolmogorov law does not hold then.
 *
 * For complete samples the p-value is P(D_n >= D) from the exact finite-n distribution
 * of Durbin (1973) as computed by Marsaglia, Tsang & Wang (2003), see
 * {@link kolmogorovDistribution} (Kolmogorov's limit with Stephens' correction only when
 * n·D > 50). It assumes the distribution was fixed before seeing the data. When the
 * distribution was fitted to the same data the p-value is not corrected for that and
 * is conservative (too large), as Lilliefors (1967) showed; `ksBootstrap` gives a
 * corrected one by parametric bootstrap.
 *
 * @param observations Lifetimes in seconds.
 * @param distribution The lifetime distribution to compare against, e.g. `fit.distribution`.
 * @returns D, the p-value (or null), the method and counts.
 * @throws {RangeError} If `observations` is empty, a time is negative or not finite, or
 * no observation is a failure, or a distribution parameter is out of range.
 * @throws {TypeError} If an observation or the distribution has the wrong shape.
 *
 * @example A sample against the exponential law it was drawn from
 * ```ts
 * import { createPrng, exponential } from "../../mod.ts";
 * import { ksStatistic } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const prng = createPrng(7, "example");
 * const observations = Array.from({ length: 500 }, () => ({
 *   timeSeconds: exponential(prng, 0.01),
 *   censored: false,
 * }));
 * const right = ksStatistic(observations, { kind: "exponential", ratePerSecond: 0.01 });
 * const wrong = ksStatistic(observations, { kind: "exponential", ratePerSecond: 0.02 });
 * assert.ok(right.pValue! > 0.05 && wrong.pValue! < 1e-6);
 * ```
 */
export function ksStatistic(
  observations: readonly LifetimeObservation[],
  distribution: LifetimeDistribution,
): KsResult {
  checkLifetime("compute the Kolmogorov-Smirnov statistic", "distribution", distribution);
  const steps = kaplanMeier(observations);
  const n = observations.length;
  const failures = steps.reduce((sum, s) => sum + s.failures, 0);
  if (failures === 0) {
    throw new RangeError(
      "Cannot compute the Kolmogorov-Smirnov statistic as failures must be >= 1: current value is 0",
    );
  }
  let statistic = 0;
  let before = 0; // F̂ just before the current step
  for (const step of steps) {
    const f = unreliabilityAt(distribution, step.timeSeconds);
    const after = 1 - step.survival;
    statistic = Math.max(statistic, Math.abs(f - before), Math.abs(after - f));
    before = after;
  }
  let maxTime = 0;
  for (const o of observations) maxTime = Math.max(maxTime, o.timeSeconds);
  statistic = Math.max(statistic, Math.abs(unreliabilityAt(distribution, maxTime) - before));
  const method = failures === n ? "empirical" : "kaplan-meier";
  const law = method === "empirical"
    ? kolmogorovDistribution(n, Math.min(1, statistic))
    : undefined;
  return {
    statistic,
    pValue: law?.pValue ?? null,
    pValueMethod: law?.method ?? null,
    pValueCorrectedForFittedParameters: false,
    method,
    n,
    failures,
  };
}
