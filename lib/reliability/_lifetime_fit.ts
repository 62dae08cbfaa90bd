/**
 * Input checks shared by the maximum-likelihood lifetime fits.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { show } from "../_validate.ts";
import {
  type LifetimeObservation,
  type ObservationSummary,
  summarizeObservations,
} from "./fit_observations.ts";

/**
 * Checks the confidence level and the observations of a fit, in that order, and
 * requires at least one failure.
 *
 * @param action The action named in error messages.
 * @param observations The lifetimes to fit.
 * @param confidence The two-sided confidence level, strictly between 0 and 1.
 * @returns The summary of the observations.
 * @throws {TypeError} If `confidence` is not a number or an observation has the wrong shape.
 * @throws {RangeError} If `confidence` is not in (0, 1), the observations are invalid,
 * or none of them is a failure.
 */
export function summarizeForFit(
  action: string,
  observations: readonly LifetimeObservation[],
  confidence: unknown,
): ObservationSummary {
  if (typeof confidence !== "number") {
    throw new TypeError(
      `Cannot ${action} as confidence must be a number: current value is ${show(confidence)}`,
    );
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(
      `Cannot ${action} as confidence must be in (0, 1): current value is ${show(confidence)}`,
    );
  }
  const summary = summarizeObservations(observations, action);
  if (summary.failures < 1) {
    throw new RangeError(`Cannot ${action} as failures must be >= 1: current value is 0`);
  }
  return summary;
}
