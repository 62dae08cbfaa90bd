import { median, tricubeWeights, weightedLinearFit } from "./_stats.ts";
import type { LocalRegressionOptions } from "./local_regression.ts";
import { finitePrediction, regressionWindow } from "./_regression_window.ts";

/**
 * Robust local-regression (LRR) overload prediction of Beloglazov and Buyya (2012): the LR fit,
 * then one robustness step of Cleveland's Loess: residuals e_i, s = median |e_i|, bisquare
 * weights (1 - (e_i / 6s)^2)^2 (0 beyond 6s) multiplied into the tricube weights, and a refit.
 * When s is 0 (more than half the residuals are 0) the first fit stands, as Cleveland's
 * `clowess` stops its robustness iterations once 6s is effectively zero (R's
 * `src/library/stats/src/lowess.c`: `cmad < 1e-7 * sc`, sc the mean absolute residual; here
 * exactly 0). Returns `safety * (a + b (n + horizon))`; a host is overloaded when it is >= 1.
 *
 * With `weighting: "cloudsim"` both fits are unweighted, as CloudSim 3.0.3 computes them (it
 * weights a fit only when 40 % of the weights are <= 0, which its bisquare weights never are):
 * the result is then LR's.
 *
 * @param history The host's CPU utilisation history, oldest first.
 * @param options Safety parameter, window, horizon, weighting (as for LR).
 * @returns The scaled predicted utilisation, or `undefined` when the history, without the zeros
 *   at its oldest end, is shorter than the window, or when the fit is not determined.
 * @throws {TypeError} If history is not an array of numbers.
 * @throws {RangeError} If a history value is not a finite number >= 0, or the prediction
 *   overflows (values or a horizon near the largest double).
 *
 * @example One outlier barely moves the robust fit
 * ```ts
 * import { localRegressionPrediction, robustLocalRegressionPrediction } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const history = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.95, 0.5, 0.5];
 * const lr = localRegressionPrediction(history, { safetyParameter: 1 })!;
 * const lrr = robustLocalRegressionPrediction(history, { safetyParameter: 1 })!;
 * assert.ok(Math.abs(lrr - 0.5) < Math.abs(lr - 0.5));
 * ```
 */
export function robustLocalRegressionPrediction(
  history: ArrayLike<number>,
  options: LocalRegressionOptions = {},
): number | undefined {
  const action = "predict utilization by robust local regression";
  const win = regressionWindow(action, history, options);
  if (win === undefined) return undefined;
  const n = win.y.length;
  const base = win.weighting === "tricube" ? tricubeWeights(n) : new Array<number>(n).fill(1);
  const first = weightedLinearFit(win.y, base);
  if (first === undefined) return undefined;
  if (win.weighting === "cloudsim") {
    return finitePrediction(action, win.s * (first[0] + first[1] * (n + win.h)));
  }
  const residuals = win.y.map((y, i) => y - (first[0] + first[1] * (i + 1)));
  const s6 = 6 * median(residuals.map(Math.abs));
  const weights = base.map((w, i) => {
    // 6s of 0: no robustness step (R's clowess), the refit is the first fit
    if (!(s6 > 0)) return w;
    const u = residuals[i]! / s6;
    return Math.abs(u) < 1 ? w * (1 - u * u) ** 2 : 0;
  });
  const fit = weightedLinearFit(win.y, weights) ?? first;
  return finitePrediction(action, win.s * (fit[0] + fit[1] * (n + win.h)));
}
