import { oneOf, options as checkOptions, show } from "../_validate.ts";
import { chiSquareQuantile, chiSquareUpperQuantile } from "./_special.ts";
import type {
  ConfidenceInterval,
  LifetimeFitOptions,
  LifetimeObservation,
} from "./fit_observations.ts";
import { summarizeForFit } from "./_lifetime_fit.ts";
import type { ExponentialLifetime } from "./lifetime.ts";

/** Options of {@link fitExponential}. */
export interface ExponentialFitOptions extends LifetimeFitOptions {
  /**
   * How the life test ended, which sets the chi-square degrees of freedom of the upper
   * rate bound: `"time"` (time-terminated, Type I: stopped at a fixed time, 2r + 2) or
   * `"failure"` (failure-terminated, Type II: stopped at the r-th failure, 2r).
   * @default {"time"}
   */
  termination?: "time" | "failure";
}

/** An exponential lifetime model fitted by maximum likelihood. */
export interface ExponentialFit {
  /** The model family. */
  model: "exponential";
  /** The fitted lifetime distribution, ready for the reliability functions and `ksStatistic`. */
  distribution: ExponentialLifetime;
  /** Point estimates: the failure rate λ̂ and the mean lifetime 1/λ̂. */
  parameters: { ratePerSecond: number; meanSeconds: number };
  /**
   * Exact (chi-square) confidence intervals of the rate and of the mean lifetime (the
   * MTTF), for the test's `termination`.
   */
  intervals: { ratePerSecond: ConfidenceInterval; meanSeconds: ConfidenceInterval };
  /** The termination of the life test the intervals are for. */
  termination: "time" | "failure";
  /** The two-sided confidence level of `intervals`. */
  confidence: number;
  /** Maximized log-likelihood `r ln λ̂ - λ̂ T` (densities per second). */
  logLikelihood: number;
  /** Akaike information criterion `2k - 2 lnL` with k = 1 parameter. */
  aic: number;
  /** Number of observed failures r. */
  failures: number;
  /** Number of right-censored observations. */
  censored: number;
  /** Number of observations. */
  n: number;
  /** Total time on test T (failed and censored units), in seconds. */
  totalTimeSeconds: number;
}

/**
 * Fits an exponential lifetime model to right-censored observations by maximum
 * likelihood.
 *
 * With r failures and total time on test T (the sum of all times, censored ones
 * included), the log-likelihood is `r ln λ - λ T`, maximized by the closed form
 * `λ̂ = r / T` (computed exactly so). The confidence intervals are the exact chi-square
 * intervals (Epstein & Sobel, "Life testing", JASA 48, 1953; Rausand & Høyland, "System
 * Reliability Theory", 2nd ed., §11.3; MIL-HDBK-338B §8.3), with α = 1 - confidence and
 * χ²(p; ν) the chi-square quantile at lower-tail probability p (inverse regularized
 * incomplete gamma, Numerical Recipes §6.2):
 * - failure-terminated (Type II, the test stops at the r-th failure): 2λT ~ χ²(2r)
 *   exactly, so `[χ²(α/2; 2r) / (2T), χ²(1 - α/2; 2r) / (2T)]`;
 * - time-terminated (Type I, stopped at a fixed time): the upper end uses 2r + 2
 *   degrees of freedom, `[χ²(α/2; 2r) / (2T), χ²(1 - α/2; 2r + 2) / (2T)]`, which is
 *   conservative (slightly wider).
 *
 * The mean-lifetime (MTTF) interval is the reciprocal of the rate interval.
 *
 * @param observations Lifetimes in seconds, at least one failure.
 * @param options The confidence level and the test's termination.
 * @returns The fit: parameters, intervals, log-likelihood, AIC and counts.
 * @throws {RangeError} If `observations` is empty, a time is negative or not finite,
 * there is no failure, the total time on test is 0 or so long that the mean lifetime's
 * upper bound overflows, or `confidence` is not in (0, 1).
 * @throws {TypeError} If an observation has the wrong shape or `termination` is unknown.
 *
 * @example Rate = failures / total time on test
 * ```ts
 * import { fitExponential } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const fit = fitExponential([
 *   { timeSeconds: 100, censored: false },
 *   { timeSeconds: 300, censored: false },
 *   { timeSeconds: 600, censored: true },
 * ]);
 * assert.equal(fit.parameters.ratePerSecond, 2 / 1000);
 * assert.equal(fit.parameters.meanSeconds, 500);
 * assert.ok(fit.intervals.ratePerSecond.lower < 0.002 && 0.002 < fit.intervals.ratePerSecond.upper);
 * ```
 */
export function fitExponential(
  observations: readonly LifetimeObservation[],
  options: ExponentialFitOptions = {},
): ExponentialFit {
  checkOptions("run fitExponential()", "options", options, ["confidence", "termination"]);
  const { confidence = 0.95, termination = "time" } = options;
  const action = "fit an exponential model";
  oneOf(action, "options.termination", termination, ["time", "failure"] as const);
  const { n, failures, censored, totalTimeSeconds } = summarizeForFit(
    action,
    observations,
    confidence,
  );
  if (!(totalTimeSeconds > 0) || !Number.isFinite(totalTimeSeconds)) {
    throw new RangeError(
      `Cannot ${action} as totalTimeSeconds must be a finite number > 0: current value is ${
        show(totalTimeSeconds)
      }`,
    );
  }
  const rate = failures / totalTimeSeconds;
  const alpha = 1 - confidence;
  // halved before the division: 2T overflows for T above half the largest double
  const lower = chiSquareQuantile(alpha / 2, 2 * failures) / 2 / totalTimeSeconds;
  const upperDegrees = termination === "failure" ? 2 * failures : 2 * failures + 2;
  const upper = chiSquareUpperQuantile(alpha / 2, upperDegrees) / 2 / totalTimeSeconds;
  if (!(lower > 0 && Number.isFinite(1 / lower))) {
    throw new RangeError(
      `Cannot ${action} as totalTimeSeconds must be short enough that the mean lifetime's upper bound 2T / χ²(α/2; 2r) is finite: current value is ${
        show(totalTimeSeconds)
      }`,
    );
  }
  const logLikelihood = failures * Math.log(rate) - rate * totalTimeSeconds;
  return {
    model: "exponential",
    distribution: { kind: "exponential", ratePerSecond: rate },
    parameters: { ratePerSecond: rate, meanSeconds: 1 / rate },
    intervals: {
      ratePerSecond: { lower, upper },
      meanSeconds: { lower: 1 / upper, upper: 1 / lower },
    },
    termination,
    confidence,
    logLikelihood,
    aic: 2 - 2 * logLikelihood,
    failures,
    censored,
    n,
    totalTimeSeconds,
  };
}
