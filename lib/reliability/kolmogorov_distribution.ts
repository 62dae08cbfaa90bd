/**
 * The distribution of the two-sided one-sample Kolmogorov–Smirnov statistic D_n for a
 * finite sample size n and a continuous, fully specified distribution.
 *
 * @module
 */
import { integer, options as checkOptions, within } from "../_validate.ts";
import { logSumExp } from "./_tails.ts";

/** The distribution of D_n at one point. */
export interface KolmogorovDistribution {
  /** P(D_n < d). */
  cdf: number;
  /** P(D_n >= d), the p-value of an observed D_n = d. */
  pValue: number;
  /**
   * `"exact"`: Durbin's matrix formula (error about 1e-13), or for small tails (d >= 1/2,
   * or n·d² >= 4 with n·d <= `exactLimit`) twice the exact one-sided tail, which keeps
   * the p-value's relative precision; `"asymptotic"`: Kolmogorov's limit with Stephens'
   * correction (used when n·d > `exactLimit` and d < 1/2, where the exact method grows
   * costly; then n is large and the p-value small or its error below about 1e-3).
   */
  method: "exact" | "asymptotic";
}

/** Options of {@link kolmogorovDistribution}. */
export interface KolmogorovOptions {
  /**
   * Largest n·d for which the exact method is used (its cost grows as (n·d)³ log n;
   * n·d = 50 takes some milliseconds).
   * @default {50}
   */
  exactLimit?: number;
}

const SCALE_BITS = 512;
/** Sample sizes above which n!/nⁿ comes from Stirling's series rather than n products. */
const STIRLING_FROM = 1_000_000;
const BIG = 2 ** SCALE_BITS;
const SMALL = 2 ** -SCALE_BITS;
/** Largest entry a matrix power may keep before it is rescaled (its square stays finite). */
const MATRIX_LIMIT = 2 ** 256;

/** y = x·A for an m×m lower Hessenberg matrix (a_ij = 0 for j > i + 1), row-major. */
function vectorTimes(x: Float64Array, a: Float64Array, m: number): Float64Array {
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const row = i * m;
    const last = Math.min(m - 1, i + 1);
    for (let j = 0; j <= last; j++) y[j] = y[j]! + xi * a[row + j]!;
  }
  return y;
}

function matrixTimes(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const c = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k]!;
      if (aik === 0) continue;
      const bRow = k * m;
      const cRow = i * m;
      for (let j = 0; j < m; j++) c[cRow + j] = c[cRow + j]! + aik * b[bRow + j]!;
    }
  }
  return c;
}

/**
 * P(D_n < d) by Durbin's matrix formula (Durbin, "Distribution Theory for Tests Based
 * on the Sample Distribution Function", SIAM 1973; as programmed by Marsaglia, Tsang &
 * Wang, "Evaluating Kolmogorov's distribution", J. Statistical Software 8(18), 2003):
 * with k = ⌊nd⌋ + 1, m = 2k - 1 and h = k - nd, P(D_n < d) = n!/nⁿ · (Hⁿ)_{kk} for the
 * m×m matrix H_ij = 1/(i-j+1)! (0 when i - j + 1 < 0), whose first column and last row
 * subtract h^(i)/i! terms and whose corner adds (2h-1)₊^m / m!. The power is taken by
 * repeated squaring or, when n is small against m·log n, by n vector products; values
 * are kept in range by exact power-of-two scaling with a separate exponent.
 */
function durbin(n: number, d: number): number {
  const k = Math.floor(n * d) + 1;
  const m = 2 * k - 1;
  const h = k - n * d;
  const a = new Float64Array(m * m);
  const factorial = new Float64Array(m + 2);
  factorial[0] = 1;
  for (let i = 1; i <= m + 1; i++) factorial[i] = factorial[i - 1]! * i;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const g = i - j + 1;
      if (g < 0) continue;
      let v = 1;
      if (j === 0) v -= h ** (i + 1);
      if (i === m - 1) v -= h ** (m - j);
      if (i === m - 1 && j === 0 && 2 * h - 1 > 0) v += (2 * h - 1) ** m;
      a[i * m + j] = v / factorial[g]!;
    }
  }
  let exponent = 0; // value = stored · 2^exponent
  let value: number;
  if (n <= 2 * m * Math.log2(n + 1)) {
    let x: Float64Array = new Float64Array(m);
    x[k - 1] = 1;
    for (let step = 0; step < n; step++) {
      x = vectorTimes(x, a, m);
      let max = 0;
      for (let j = 0; j < m; j++) max = Math.max(max, Math.abs(x[j]!));
      if (max > BIG) {
        for (let j = 0; j < m; j++) x[j] = x[j]! * SMALL;
        exponent += SCALE_BITS;
      }
    }
    value = x[k - 1]!;
  } else {
    // Binary powering from the most significant bit, with the scale of each factor.
    // Whenever the largest entry passes 2^256 the matrix is brought back to [1, 2) by an
    // exact power of two, so the next square (at most m·2^512·...) cannot overflow; a
    // fixed step of 2^-512 left entries up to 2^512, whose square overflowed to Infinity
    // and then NaN (e.g. n = 15849, d = 0.000208).
    let p: Float64Array = a;
    let pExp = 0;
    let top = Math.floor(Math.log2(n)); // the leading bit (log2 may round up near 2^53)
    if (2 ** top > n) top--;
    for (let bit = top - 1; bit >= 0; bit--) {
      p = matrixTimes(p, p, m);
      pExp *= 2;
      // n / 2^bit, not n >> bit: a shift takes n modulo 2^32 first.
      if (Math.floor(n / 2 ** bit) % 2 === 1) p = matrixTimes(p, a, m);
      let max = 0;
      for (let j = 0; j < m * m; j++) max = Math.max(max, Math.abs(p[j]!));
      if (max > MATRIX_LIMIT) {
        const shift = Math.floor(Math.log2(max));
        const factor = 2 ** -shift;
        for (let j = 0; j < m * m; j++) p[j] = p[j]! * factor;
        pExp += shift;
      }
    }
    value = p[(k - 1) * m + k - 1]!;
    exponent = pExp;
  }
  if (n > STIRLING_FROM) {
    // n!/nⁿ by Stirling's series (its next term, 1/(1260n⁵), is below 1e-33 here): a
    // loop of n factors would run for hours at n = 1e12.
    if (!(value > 0)) return 0;
    const logFactor = -n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n ** 3);
    return Math.exp(Math.log(value) + exponent * Math.LN2 + logFactor);
  }
  // Multiply by n!/nⁿ = Π_{i=1}^{n} i/n, rescaling as it shrinks.
  for (let i = 1; i <= n; i++) {
    value *= i / n;
    if (value !== 0 && Math.abs(value) < SMALL) {
      value *= BIG;
      exponent -= SCALE_BITS;
    }
  }
  return value * 2 ** exponent;
}

/** Kolmogorov's limiting tail Q(z) = 2 Σ (-1)^(j-1) e^(-2j²z²) (Numerical Recipes 3rd ed. §6.14). */
function kolmogorovQ(z: number): number {
  if (z <= 0) return 1;
  if (z < 1.18) {
    const y = Math.exp(-1.23370055013616983 / (z * z));
    const p = 2.25675833419102515 * Math.sqrt(-Math.log(y)) *
      (y + Math.pow(y, 9) + Math.pow(y, 25) + Math.pow(y, 49));
    return Math.min(1, Math.max(0, 1 - p));
  }
  const x = Math.exp(-2 * z * z);
  return 2 * (x - Math.pow(x, 4) + Math.pow(x, 9));
}

/**
 * P(D_n⁺ >= d), the upper tail of the one-sided statistic, by the exact finite sum of
 * Birnbaum & Tingey ("One-sided confidence contours for probability distribution
 * functions", Ann. Math. Statist. 22, 1951):
 * d Σ_{j=0}^{⌊n(1-d)⌋} C(n, j) (1 - d - j/n)^(n-j) (d + j/n)^(j-1), every term positive,
 * summed in log space (no term underflows before the sum is formed).
 */
function smirnovUpper(n: number, d: number): number {
  const last = Math.floor(n * (1 - d));
  const terms = new Float64Array(last + 1).fill(-Infinity);
  let logChoose = 0; // ln C(n, j), built up term by term
  for (let j = 0; j <= last; j++) {
    if (j > 0) logChoose += Math.log((n - j + 1) / j);
    const base = 1 - d - j / n;
    if (!(base > 0)) continue; // (1 - d - j/n)^(n-j) = 0
    terms[j] = logChoose + (n - j) * Math.log(base) + (j - 1) * Math.log(d + j / n);
  }
  return Math.min(1, d * Math.exp(logSumExp(terms, 0, last)));
}

/**
 * Computes the distribution of the two-sided Kolmogorov–Smirnov statistic D_n of a
 * sample of n from a continuous, fully specified distribution: P(D_n < d) and the
 * p-value P(D_n >= d). Exact for finite n by Durbin's matrix formula (Marsaglia, Tsang
 * & Wang 2003) when n·d <= `exactLimit`; beyond it, Kolmogorov's limit at
 * (√n + 0.12 + 0.11/√n)·d (Stephens 1970). Trivial cases are exact: d <= 1/(2n)
 * gives P(D_n < d) = 0 and d >= 1 gives 1. Small p-values are not taken as 1 - cdf
 * (which would be 0 or a rounding error of about 1e-16): for d >= 1/2, P(D_n >= d) =
 * 2 P(D_n⁺ >= d) exactly (the two one-sided events are disjoint), with the one-sided
 * tail from Birnbaum & Tingey's finite sum (1951), at any n; for n·d² >= 4 (p-value
 * below about 7e-4) with n·d <= `exactLimit` the same 2 P(D_n⁺ >= d) is used, whose
 * excess P(D_n⁺ >= d, D_n⁻ >= d) is below about 4e-11 of it (as in Simard & L'Ecuyer
 * 2011).
 *
 * The p-value is for a distribution specified before seeing the data; when its
 * parameters were fitted to the same sample, it is too large (Lilliefors 1967).
 *
 * @param n The sample size (integer >= 1).
 * @param d The statistic's value, in [0, 1].
 * @param options The n·d limit of the exact method.
 * @returns The CDF, the p-value and the method used.
 * @throws {RangeError} If n or d is out of range.
 *
 * @example One observation: P(D_1 < d) = 2d - 1 for d >= 1/2
 * ```ts
 * import { kolmogorovDistribution } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { cdf, pValue, method } = kolmogorovDistribution(1, 0.8);
 * assert.ok(Math.abs(cdf - 0.6) < 1e-14 && Math.abs(pValue - 0.4) < 1e-14);
 * assert.equal(method, "exact");
 * ```
 *
 * @example A tiny p-value keeps its digits: 2(1 - d)^n when d >= 1 - 1/n
 * ```ts
 * import { kolmogorovDistribution } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { pValue } = kolmogorovDistribution(20, 0.96);
 * assert.ok(Math.abs(pValue / (2 * 0.04 ** 20) - 1) < 1e-12);
 * ```
 */
export function kolmogorovDistribution(
  n: number,
  d: number,
  options: KolmogorovOptions = {},
): KolmogorovDistribution {
  checkOptions("run kolmogorovDistribution()", "options", options, ["exactLimit"]);
  const { exactLimit = 50 } = options;
  const action = "compute the Kolmogorov distribution";
  integer(action, "n", n, 1);
  within(action, "d", d, 0, 1);
  within(action, "options.exactLimit", exactLimit, 1, 10_000);
  if (d <= 1 / (2 * n)) return { cdf: 0, pValue: 1, method: "exact" };
  if (d >= 1) return { cdf: 1, pValue: 0, method: "exact" };
  // Small tails come from their own sum, not as 1 - cdf (which is 0 or a rounding error
  // there). For d >= 1/2 the events D⁺ >= d and D⁻ >= d are disjoint, so P(D_n >= d) =
  // 2 P(D_n⁺ >= d) exactly; for n·d² >= 4 (p-value below about 7e-4) the overlap is a
  // negligible part of it, below about e^(-6nd²) <= 4e-11 of it (Simard & L'Ecuyer,
  // "Computing the two-sided Kolmogorov-Smirnov distribution", J. Statistical Software
  // 39(11), 2011, use it there too). Beyond `exactLimit` with d < 1/2 the limit law
  // below is used.
  if (d >= 0.5 || (n * d <= exactLimit && n * d * d >= 4)) {
    // Massart's bound P(D_n >= d) <= 2e^(-2nd²): skip the sum when it underflows.
    const pValue = 2 * n * d * d > 746 ? 0 : Math.min(1, 2 * smirnovUpper(n, d));
    return { cdf: 1 - pValue, pValue, method: "exact" };
  }
  if (n * d <= exactLimit) {
    const cdf = Math.min(1, Math.max(0, durbin(n, d)));
    return { cdf, pValue: 1 - cdf, method: "exact" };
  }
  const sqrtN = Math.sqrt(n);
  const pValue = kolmogorovQ((sqrtN + 0.12 + 0.11 / sqrtN) * d);
  return { cdf: 1 - pValue, pValue, method: "asymptotic" };
}
