import { integer, nonNegative, options as checkOptions } from "../_validate.ts";
import { checkHistory, leadingZeros, sortedCopy } from "./_stats.ts";

/** Options of {@link madUpperThreshold} and {@link iqrUpperThreshold}. */
export interface AdaptiveThresholdOptions {
  /**
   * Safety parameter s in `1 - s * statistic` (MAD: 2.5, IQR: 1.5 in the paper).
   * @default {2.5 for MAD, 1.5 for IQR}
   */
  safetyParameter?: number;
  /**
   * Fewest history values (after CloudSim's trimming of the oldest zeros) needed; with fewer,
   * the function returns `undefined` and the caller falls back to a static threshold
   * (CloudSim: 12 values and THR 0.7).
   * @default {12}
   */
  minHistory?: number;
}

/**
 * Median-absolute-deviation (MAD) upper utilisation threshold of Beloglazov and Buyya (2012):
 * `1 - s * MAD` of the host's utilisation history. A host is overloaded when its current
 * utilisation is strictly above it.
 *
 * @param history The host's CPU utilisation history, oldest first (fractions of capacity).
 * @param options Safety parameter and minimum history.
 * @returns The threshold, or `undefined` when the history is too short.
 * @throws {TypeError} If history is not an array of numbers.
 * @throws {RangeError} If a history value is not a finite number >= 0.
 *
 * @example MAD of 0.1..0.9 and more
 * ```ts
 * import { madUpperThreshold } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const history = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.5, 0.5, 0.5];
 * // median 0.5; deviations sorted 0,0,0,0,.1,.1,.2,.2,.3,.3,.4,.4: MAD 0.15
 * assert.ok(Math.abs(madUpperThreshold(history)! - (1 - 2.5 * 0.15)) < 1e-12);
 * assert.equal(madUpperThreshold(history.slice(1)), undefined);
 * ```
 */
export function madUpperThreshold(
  history: ArrayLike<number>,
  options: AdaptiveThresholdOptions = {},
): number | undefined {
  checkOptions("compute MAD threshold", "options", options, ["minHistory", "safetyParameter"]);
  const { safetyParameter = 2.5, minHistory = 12 } = options;
  nonNegative("compute MAD threshold", "options.safetyParameter", safetyParameter);
  integer("compute MAD threshold", "options.minHistory", minHistory, 1);
  checkHistory("compute MAD threshold", history);
  const start = leadingZeros(history);
  const n = history.length - start;
  if (n < minHistory) return undefined;
  const sorted = sortedCopy(history, start);
  const mid = n >> 1;
  const m = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return 1 - safetyParameter * medianDeviation(sorted, m);
}

/**
 * The median of `|y - m|` over sorted values `y`, without sorting the deviations: those of
 * the values at or below `m` (`m - y`, the same double as `|y - m|`) ascend from the middle
 * down, those above ascend from the middle up, so a merge reaches the middle ones in n / 2
 * steps. The same number as sorting the deviations and taking their median.
 */
function medianDeviation(sorted: Float64Array, m: number): number {
  const n = sorted.length;
  let below = 0; // values <= m: sorted[0..below)
  while (below < n && sorted[below]! <= m) below++;
  let lo = below - 1, hi = below;
  const mid = n >> 1;
  let previous = 0, current = 0;
  for (let rank = 0; rank <= mid; rank++) {
    previous = current;
    const left = lo >= 0 ? m - sorted[lo]! : Infinity;
    const right = hi < n ? sorted[hi]! - m : Infinity;
    if (left <= right) {
      current = left;
      lo--;
    } else {
      current = right;
      hi++;
    }
  }
  return n % 2 === 1 ? current : (previous + current) / 2;
}
