/**
 * The validated fitting window shared by LR and LRR. Internal.
 *
 * @module
 */
import { integer, nonNegative, oneOf, options as checkOptions } from "../_validate.ts";
import type { LocalRegressionOptions } from "./local_regression.ts";
import { checkHistory } from "./_stats.ts";

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
  if (history.length < windowLength) return undefined;
  // the newest windowLength values (a loop: Array.from walks the whole history by iterator)
  const y: number[] = [];
  for (let i = history.length - windowLength; i < history.length; i++) y.push(history[i]!);
  return { y, s: safetyParameter, h: horizonIntervals, weighting };
}
