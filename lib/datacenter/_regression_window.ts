/**
 * The validated fitting window shared by LR and LRR. Internal.
 *
 * @module
 */
import { integer, nonNegative, oneOf, options as checkOptions } from "../_validate.ts";
import type { LocalRegressionOptions } from "./local_regression.ts";
import { checkHistory, leadingZeros } from "./_stats.ts";

/** Validates options and returns the fitted window, or undefined when too short. */
export function regressionWindow(
  action: string,
  history: ArrayLike<number>,
  options: LocalRegressionOptions,
): { y: number[]; s: number; h: number; weighting: "tricube" | "cloudsim" } | undefined {
  checkOptions(action, "options", options, [
    "horizonIntervals",
    "safetyParameter",
    "weighting",
    "windowLength",
  ]);
  const { safetyParameter = 1.2, windowLength = 10, horizonIntervals = 1, weighting = "tricube" } =
    options;
  nonNegative(action, "options.safetyParameter", safetyParameter);
  integer(action, "options.windowLength", windowLength, 3);
  nonNegative(action, "options.horizonIntervals", horizonIntervals);
  oneOf(action, "options.weighting", weighting, ["tricube", "cloudsim"] as const);
  checkHistory(action, history);
  // CloudSim 3.0.3 trims the zeros at the oldest end of a host's history
  // (PowerHostUtilizationHistory.getUtilizationHistory, MathUtil.trimZeroTail) before
  // PowerVmAllocationPolicyMigrationLocalRegression.isHostOverUtilized checks its length: a
  // history whose values after those zeros are fewer than the window is too short
  if (history.length - leadingZeros(history) < windowLength) return undefined;
  // the newest windowLength values (a loop: Array.from walks the whole history by iterator)
  const y: number[] = [];
  for (let i = history.length - windowLength; i < history.length; i++) y.push(history[i]!);
  return { y, s: safetyParameter, h: horizonIntervals, weighting };
}

/**
 * Requires a regression's prediction to be finite: history values or a horizon so large that
 * the fit's sums overflow gave NaN (an Infinity slope times a zero) or ±Infinity.
 */
export function finitePrediction(action: string, value: number): number {
  if (!Number.isFinite(value)) {
    throw new RangeError(
      `Cannot ${action} as the prediction must be finite (history values or a horizon so large that the fit overflows): current value is ${value}`,
    );
  }
  return value;
}
