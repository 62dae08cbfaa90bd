import { kaplanMeier } from "./fit_kaplan_meier.ts";
import type { LifetimeObservation } from "./fit_observations.ts";
import { type LifetimeDistribution, unreliabilityAt } from "./lifetime.ts";

/** A Kolmogorov–Smirnov comparison of lifetimes with a lifetime distribution. */
export interface KsResult {
  /** D = sup_t |F̂(t) - F(t)|. */
  statistic: number;
  /**
   * Asymptotic p-value P(D_n >= D) from the Kolmogorov distribution for complete
   * samples; `null` when some observations are censored (no distribution-free law).
   */
  pValue: number | null;
  /** `"empirical"` (empirical CDF, no censoring) or `"kaplan-meier"` (1 - Ŝ). */
  method: "empirical" | "kaplan-meier";
  /** Number of observations. */
  n: number;
  /** Number of failures. */
  failures: number;
}

/**
 * Computes the Kolmogorov–Smirnov distance between observed lifetimes and a lifetime
 * distribution, with an asymptotic p-value for complete samples.
 *
 * The empirical CDF is F̂ = 1 - Ŝ with Ŝ the Kaplan–Meier estimate (`kaplanMeier`),
 * which is exactly the ordinary empirical CDF when nothing is censored. D is the
 * largest of |F̂ - F| on both sides of every failure time, and at the largest observed
 * time (F̂ is a step function and F increases, so the supremum over [0, max time] is
 * attained there). With censoring, D is computed against Kaplan–Meier only up to the
 * largest observation, and `pValue` is `null`: the Kolmogorov law does not hold then.
 *
 * For complete samples the p-value is Q_KS((√n + 0.12 + 0.11/√n) D), Stephens' (1970)
 * small-sample correction, with `Q_KS(z) = 2 Σ_{j>=1} (-1)^(j-1) e^(-2j²z²)` evaluated as
 * in Numerical Recipes, 3rd ed., §6.14.12 (the alternative theta-function series for
 * z < 1.18). When the distribution was fitted to the same data the p-value is
 * conservative (too large), as Lilliefors (1967) showed.
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
  const sqrtN = Math.sqrt(n);
  const pValue = method === "empirical"
    ? kolmogorovQ((sqrtN + 0.12 + 0.11 / sqrtN) * statistic)
    : null;
  return { statistic, pValue, method, n, failures };
}

/** Complementary Kolmogorov CDF Q_KS(z) = P(K > z) (Numerical Recipes 3rd ed. `KSdist`). */
function kolmogorovQ(z: number): number {
  if (z <= 0) return 1;
  if (z < 1.18) {
    const y = Math.exp(-1.23370055013616983 / (z * z));
    const p = 2.25675833419102515 * Math.sqrt(-Math.log(y)) *
      (y + Math.pow(y, 9) + Math.pow(y, 25) + Math.pow(y, 49));
    return Math.min(1, Math.max(0, 1 - p));
  }
  const x = Math.exp(-2 * z * z);
  return 2 * (x - Math.pow(x, 4) + Math.pow(x, 9));
}
