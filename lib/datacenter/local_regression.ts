import { tricubeWeights, weightedLinearFit } from "./_stats.ts";
import { finitePrediction, regressionWindow } from "./_regression_window.ts";

/** Options of {@link localRegressionPrediction} and {@link robustLocalRegressionPrediction}. */
export interface LocalRegressionOptions {
  /**
   * Safety parameter s multiplying the prediction (the paper: 1.2 for LR and LRR).
   * @default {1.2}
   */
  safetyParameter?: number;
  /**
   * Number of newest history values fitted; with fewer the function returns `undefined` and
   * the caller falls back to a static threshold (CloudSim: 10 values, THR 0.7). Zeros at the
   * oldest end of the history do not count, as CloudSim trims them before it checks the length.
   * @default {10}
   */
  windowLength?: number;
  /**
   * Intervals ahead to predict: CloudSim uses ceil(longest migration time of the host's VMs /
   * scheduling interval), 1 in the PlanetLab experiments.
   * @default {1}
   */
  horizonIntervals?: number;
  /**
   * `"tricube"`: Loess tricube weights centred on the newest value, as in the paper.
   * `"cloudsim"`: ordinary least squares, which is what CloudSim 3.0.3 computes in effect (its
   * weighted regression only applies weights when 40 % of them are <= 0, which never happens).
   * @default {"tricube"}
   */
  weighting?: "tricube" | "cloudsim";
}

/**
 * Local-regression (LR) overload prediction of Beloglazov and Buyya (2012): fits a line to
 * the newest `windowLength` utilisation values (x = 1..n, Loess tricube weights) and returns
 * `s * (a + b (n + horizon))`. A host is overloaded when the prediction is >= 1.
 *
 * @param history The host's CPU utilisation history, oldest first.
 * @param options Safety parameter, window, horizon, weighting.
 * @returns The scaled predicted utilisation, or `undefined` when the history, without the zeros
 *   at its oldest end, is shorter than the window, or when the fit is not determined.
 * @throws {TypeError} If history is not an array of numbers.
 * @throws {RangeError} If a history value is not a finite number >= 0, or the prediction
 *   overflows (values or a horizon near the largest double).
 *
 * @example A rising line is extrapolated one step
 * ```ts
 * import { localRegressionPrediction } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const history = Array.from({ length: 10 }, (_, i) => 0.05 * (i + 1));
 * // exact line: next value 0.55, times 1.2 = 0.66
 * assert.ok(Math.abs(localRegressionPrediction(history)! - 0.66) < 1e-12);
 * assert.equal(localRegressionPrediction(history.slice(1)), undefined);
 * // a zero at the oldest end does not count, as CloudSim trims it: 9 values are too few
 * assert.equal(localRegressionPrediction([0, ...history.slice(1)]), undefined);
 * ```
 */
export function localRegressionPrediction(
  history: ArrayLike<number>,
  options: LocalRegressionOptions = {},
): number | undefined {
  const action = "predict utilization by local regression";
  const win = regressionWindow(action, history, options);
  if (win === undefined) return undefined;
  const n = win.y.length;
  const weights = win.weighting === "tricube" ? tricubeWeights(n) : new Array(n).fill(1);
  const fit = weightedLinearFit(win.y, weights);
  if (fit === undefined) return undefined;
  return finitePrediction(action, win.s * (fit[0] + fit[1] * (n + win.h)));
}
