import { integer, nonNegative, options as checkOptions } from "../_validate.ts";
import { checkHistory, leadingZeros, sortedCopy } from "./_stats.ts";
import type { AdaptiveThresholdOptions } from "./mad_threshold.ts";

/**
 * Interquartile-range (IQR) upper utilisation threshold of Beloglazov and Buyya (2012):
 * `1 - s * (Q3 - Q1)` of the host's utilisation history. Quartiles follow CloudSim: of the n
 * sorted values, Q1 is the one at 1-based rank round(0.25 (n + 1)) and Q3 at round(0.75 (n + 1)).
 *
 * @param history The host's CPU utilisation history, oldest first (fractions of capacity).
 * @param options Safety parameter (default 1.5) and minimum history (default 12).
 * @returns The threshold, or `undefined` when the history is too short.
 * @throws {TypeError} If history is not an array of numbers.
 * @throws {RangeError} If a history value is not a finite number >= 0.
 *
 * @example Twelve values 0.05..0.6
 * ```ts
 * import { iqrUpperThreshold } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const history = Array.from({ length: 12 }, (_, i) => (i + 1) * 0.05);
 * // ranks round(3.25) = 3 and round(9.75) = 10: Q1 = 0.15, Q3 = 0.5
 * assert.ok(Math.abs(iqrUpperThreshold(history)! - (1 - 1.5 * 0.35)) < 1e-12);
 * ```
 */
export function iqrUpperThreshold(
  history: ArrayLike<number>,
  options: AdaptiveThresholdOptions = {},
): number | undefined {
  checkOptions("compute IQR threshold", "options", options, ["minHistory", "safetyParameter"]);
  const { safetyParameter = 1.5, minHistory = 12 } = options;
  nonNegative("compute IQR threshold", "options.safetyParameter", safetyParameter);
  integer("compute IQR threshold", "options.minHistory", minHistory, 1);
  checkHistory("compute IQR threshold", history);
  const start = leadingZeros(history);
  if (history.length - start < minHistory) return undefined;
  const sorted = sortedCopy(history, start);
  const n = sorted.length;
  const q1 = sorted[Math.max(0, Math.floor(0.25 * (n + 1) + 0.5) - 1)]!;
  const q3 = sorted[Math.min(n - 1, Math.floor(0.75 * (n + 1) + 0.5) - 1)]!;
  return 1 - safetyParameter * (q3 - q1);
}
