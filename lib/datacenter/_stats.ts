/**
 * Small statistics shared by the overload detectors and VM selection. Internal.
 *
 * @module
 */

import { nonNegative, show } from "../_validate.ts";

let buffer = new Float64Array(64);

/**
 * Requires an array-like history of finite numbers >= 0: a NaN would otherwise turn a
 * threshold or prediction into NaN, and a host would silently never count as overloaded.
 */
export function checkHistory(action: string, history: unknown): ArrayLike<number> {
  const length = (history as { length?: unknown } | null | undefined)?.length;
  if (typeof history !== "object" || history === null || typeof length !== "number") {
    throw new TypeError(
      `Cannot ${action} as history must be an array of numbers: current value is ${show(history)}`,
    );
  }
  const values = history as ArrayLike<unknown>;
  for (let i = 0; i < length; i++) {
    const x = values[i];
    if (!(typeof x === "number" && x >= 0 && x < Infinity)) nonNegative(action, `history[${i}]`, x);
  }
  return history as ArrayLike<number>;
}

/** Longest array {@link sortedCopy} sorts by insertion (faster than the built-in sort there). */
const INSERTION_SORT_MAX = 64;

/**
 * Copies values[start..] into a reused buffer and sorts it ascending (valid until the next
 * call). Short arrays (the detectors' histories) are sorted by insertion, whose result is the
 * same as the built-in numeric sort for the finite values the callers pass, except that it
 * does not order -0 before +0 (equal, and equal in every use here).
 */
export function sortedCopy(values: ArrayLike<number>, start = 0): Float64Array {
  const n = values.length - start;
  if (buffer.length < n) buffer = new Float64Array(2 * n);
  const out = buffer.subarray(0, n);
  if (n > INSERTION_SORT_MAX) {
    for (let i = 0; i < n; i++) out[i] = values[start + i]!;
    return out.sort();
  }
  for (let i = 0; i < n; i++) {
    const x = values[start + i]!;
    let j = i;
    while (j > 0 && out[j - 1]! > x) {
      out[j] = out[j - 1]!;
      j--;
    }
    out[j] = x;
  }
  return out;
}

/** Median of values[start..] (average of the middle two for an even count); NaN when empty. */
export function median(values: ArrayLike<number>, start = 0): number {
  const n = values.length - start;
  if (n <= 0) return NaN;
  const sorted = sortedCopy(values, start);
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Number of leading zeros (the oldest end) to drop, as CloudSim trims the zero tail of its
 * newest-first histories; an all-zero history keeps one value.
 */
export function leadingZeros(history: ArrayLike<number>): number {
  let start = 0;
  while (start < history.length - 1 && history[start] === 0) start++;
  return start;
}

/**
 * Weighted least squares of y on x = 1..n: returns [intercept, slope], or undefined when the
 * weighted x values have no spread (the fit is not determined).
 */
export function weightedLinearFit(
  y: ArrayLike<number>,
  weights: ArrayLike<number>,
): [number, number] | undefined {
  let sw = 0, sx = 0, sy = 0;
  for (let i = 0; i < y.length; i++) {
    const w = weights[i]!;
    sw += w;
    sx += w * (i + 1);
    sy += w * y[i]!;
  }
  if (!(sw > 0)) return undefined;
  const mx = sx / sw, my = sy / sw;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < y.length; i++) {
    const w = weights[i]!;
    const dx = i + 1 - mx;
    sxx += w * dx * dx;
    sxy += w * dx * (y[i]! - my);
  }
  if (!(sxx > 1e-300)) return undefined;
  const slope = sxy / sxx;
  return [my - slope * mx, slope];
}

/**
 * Tricube weights of Loess for n points at x = 1..n, centred on the newest (x = n):
 * w_i = (1 - ((n - i) / (n - 1))^3)^3, so the oldest point has weight 0.
 */
export function tricubeWeights(n: number): number[] {
  const w = new Array<number>(n);
  for (let i = 1; i <= n; i++) {
    const d = n === 1 ? 0 : (n - i) / (n - 1);
    w[i - 1] = d < 1 ? (1 - d ** 3) ** 3 : 0;
  }
  return w;
}
