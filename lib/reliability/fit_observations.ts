import { label, nonNegative, object, show } from "../_validate.ts";

/**
 * One observed lifetime. With `censored: false` the unit failed at `timeSeconds`; with
 * `censored: true` it was still working when observation stopped (right censoring: it
 * survived at least `timeSeconds`).
 */
export interface LifetimeObservation {
  /** Time to failure, or to the end of observation when censored, in seconds (>= 0). */
  timeSeconds: number;
  /** Whether the unit was still working at `timeSeconds`. */
  censored: boolean;
}

/** Counts and total time on test of a set of lifetime observations. */
export interface ObservationSummary {
  /** Number of observations. */
  n: number;
  /** Number of observed failures (`censored: false`). */
  failures: number;
  /** Number of right-censored observations. */
  censored: number;
  /** Total time on test: the sum of every `timeSeconds`, failed or censored. */
  totalTimeSeconds: number;
}

/**
 * Validates lifetime observations and sums them up: count, failures, censored units
 * and total time on test (the denominator of the exponential MLE).
 *
 * @param observations Lifetimes; each `timeSeconds` a finite number >= 0.
 * @param action The action named in error messages.
 * @returns The counts and the total time on test, summed in input order.
 * @throws {RangeError} If `observations` is empty or a time is negative, NaN or infinite.
 * @throws {TypeError} If `observations` is not an array or an entry has the wrong shape.
 *
 * @example Two failures and one censored unit
 * ```ts
 * import { summarizeObservations } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const summary = summarizeObservations([
 *   { timeSeconds: 10, censored: false },
 *   { timeSeconds: 20, censored: false },
 *   { timeSeconds: 30, censored: true },
 * ]);
 * assert.deepEqual(summary, { n: 3, failures: 2, censored: 1, totalTimeSeconds: 60 });
 * ```
 */
export function summarizeObservations(
  observations: readonly LifetimeObservation[],
  action = "summarize observations",
): ObservationSummary {
  label("summarize observations", "action", action);
  if (!Array.isArray(observations)) {
    throw new TypeError(
      `Cannot ${action} as observations must be an array: current value is ${show(observations)}`,
    );
  }
  if (observations.length === 0) {
    throw new RangeError(
      `Cannot ${action} as observations must contain at least one observation: current value is []`,
    );
  }
  let failures = 0;
  let totalTimeSeconds = 0;
  observations.forEach((observation, i) => {
    object(action, `observations[${i}]`, observation);
    nonNegative(action, `observations[${i}].timeSeconds`, observation.timeSeconds);
    if (typeof observation.censored !== "boolean") {
      throw new TypeError(
        `Cannot ${action} as observations[${i}].censored must be a boolean: current value is ${
          show(observation.censored)
        }`,
      );
    }
    if (!observation.censored) failures++;
    totalTimeSeconds += observation.timeSeconds;
  });
  return {
    n: observations.length,
    failures,
    censored: observations.length - failures,
    totalTimeSeconds,
  };
}

/** A two-sided confidence interval. */
export interface ConfidenceInterval {
  /** Lower end. */
  lower: number;
  /** Upper end. */
  upper: number;
}

/** Options of the maximum-likelihood fits. */
export interface LifetimeFitOptions {
  /**
   * Two-sided confidence level of the intervals, in (0, 1).
   *
   * @default {0.95}
   */
  confidence?: number;
}
