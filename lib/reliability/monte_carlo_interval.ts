import { integer, options as checkOptions, within } from "../_validate.ts";

/** A binomial proportion with its confidence interval. */
export interface ProportionInterval {
  /** The point estimate, successes / trials. */
  estimate: number;
  /** Lower end of the interval, in [0, 1]. */
  lowerBound: number;
  /** Upper end of the interval, in [0, 1]. */
  upperBound: number;
  /** The confidence level of the interval, e.g. 0.95. */
  confidence: number;
}

/** Options of {@link wilsonInterval}. */
export interface WilsonIntervalOptions {
  /**
   * Two-sided confidence level, in (0, 1).
   * @default {0.95}
   */
  confidence?: number;
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, relative
 * error below 1.2e-9), for the quantile z of a two-sided interval.
 */
function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376,
    220.9460984245205,
    -275.9285104469687,
    138.357751867269,
    -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406,
    161.5858368580409,
    -155.6989798598866,
    66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293,
    -0.3223964580411365,
    -2.400758277161838,
    -2.549732539343734,
    4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
      ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

/**
 * Estimates a binomial proportion (for example a mission's reliability from Monte
 * Carlo survivals) with the Wilson score interval.
 *
 * With `p̂ = s/n` and `z` the standard normal quantile of `1 - (1 - confidence)/2`,
 * the interval is `(p̂ + z²/2n ± z·sqrt(p̂(1-p̂)/n + z²/4n²)) / (1 + z²/n)` (Wilson
 * 1927; Agresti and Coull 1998). Unlike the Wald interval it stays inside [0, 1] and
 * does not collapse to a point when every trial succeeds or fails.
 *
 * @param successes Number of successes, an integer in [0, trials].
 * @param trials Number of trials, an integer >= 1.
 * @param options The confidence level.
 * @returns The estimate and its interval.
 * @throws {RangeError} If the counts or the confidence are out of range.
 *
 * @example 95 survivals out of 100 missions
 * ```ts
 * import { wilsonInterval } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { estimate, lowerBound, upperBound } = wilsonInterval(95, 100);
 * assert.equal(estimate, 0.95);
 * assert.ok(Math.abs(lowerBound - 0.8882) < 1e-4);
 * assert.ok(Math.abs(upperBound - 0.9785) < 1e-4);
 * ```
 */
export function wilsonInterval(
  successes: number,
  trials: number,
  options: WilsonIntervalOptions = {},
): ProportionInterval {
  checkOptions("run wilsonInterval()", "options", options, ["confidence"]);
  const { confidence = 0.95 } = options;
  const action = "compute a Wilson interval";
  integer(action, "trials", trials, 1);
  integer(action, "successes", successes, 0, trials);
  within(action, "confidence", confidence, 0, 1);
  if (confidence === 0 || confidence === 1) {
    throw new RangeError(
      `Cannot ${action} as confidence must be in (0, 1): current value is ${confidence}`,
    );
  }
  // The upper quantile of a small tail from the tail itself: 1 - tail rounds the tail
  // away (to exactly 1, and NaN bounds, for a confidence within 1.1e-16 of 1).
  const tail = (1 - confidence) / 2;
  const z = tail < 0.02425 ? -normalQuantile(tail) : normalQuantile(1 - tail);
  const n = trials;
  const p = successes / n;
  const z2 = z * z;
  const center = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return {
    estimate: p,
    lowerBound: successes === 0 ? 0 : Math.max(0, center - half),
    upperBound: successes === n ? 1 : Math.min(1, center + half),
    confidence,
  };
}
