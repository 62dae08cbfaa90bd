/**
 * Statistics shared by the distribution tests: moment checks against closed forms and
 * a chi-square goodness-of-fit test. Internal to tests/random.
 *
 * @module
 */
import assert from "node:assert/strict";

/** Closed-form moments of a distribution. */
export interface Moments {
  /** Mean. */
  mean: number;
  /** Variance. */
  variance: number;
  /** Kurtosis μ₄/σ⁴ (3 for a normal), which sets the standard error of the variance. */
  kurtosis: number;
}

/** Sample mean and variance (Welford's one-pass update) of `n` draws. */
export function sampleMoments(
  draw: () => number,
  n: number,
): { mean: number; variance: number } {
  let mean = 0;
  let m2 = 0;
  for (let i = 1; i <= n; i++) {
    const x = draw();
    const d = x - mean;
    mean += d / i;
    m2 += d * (x - mean);
  }
  return { mean, variance: m2 / (n - 1) };
}

/**
 * Asserts that the mean and the variance of `n` draws are within `z` standard errors
 * of the closed forms: the mean's is `σ/√n`, the variance's `σ²·√((κ - 1)/n)`.
 */
export function assertMoments(
  draw: () => number,
  n: number,
  expected: Moments,
  z = 5,
): void {
  const { mean, variance } = sampleMoments(draw, n);
  const meanError = Math.sqrt(expected.variance / n);
  const varianceError = expected.variance *
    Math.sqrt((expected.kurtosis - 1) / n);
  assert.ok(
    Math.abs(mean - expected.mean) <= z * meanError,
    `mean ${mean} is not within ${z} standard errors (${meanError}) of ${expected.mean}`,
  );
  assert.ok(
    Math.abs(variance - expected.variance) <= z * varianceError,
    `variance ${variance} is not within ${z} standard errors (${varianceError}) of ${expected.variance}`,
  );
}

/**
 * Pearson's chi-square statistic of observed counts against probabilities, pooling
 * adjacent categories (in order) until each pooled expected count is >= `minExpected`;
 * the probability missing from `probabilities` is pooled into the last category.
 */
export function chiSquare(
  counts: readonly number[],
  probabilities: readonly number[],
  minExpected = 5,
): { statistic: number; degreesOfFreedom: number } {
  const total = counts.reduce((a, b) => a + b, 0);
  const bins: { observed: number; expected: number }[] = [];
  let observed = 0;
  let expected = 0;
  let mass = 0;
  for (let k = 0; k < probabilities.length; k++) {
    observed += counts[k] ?? 0;
    expected += total * probabilities[k]!;
    mass += probabilities[k]!;
    if (expected >= minExpected) {
      bins.push({ observed, expected });
      observed = 0;
      expected = 0;
    }
  }
  for (let k = probabilities.length; k < counts.length; k++) {
    observed += counts[k]!;
  }
  expected += total * Math.max(0, 1 - mass);
  const last = bins[bins.length - 1]!;
  if (expected < minExpected) {
    last.observed += observed;
    last.expected += expected;
  } else {
    bins.push({ observed, expected });
  }
  let statistic = 0;
  for (const bin of bins) {
    statistic += (bin.observed - bin.expected) ** 2 / bin.expected;
  }
  return { statistic, degreesOfFreedom: bins.length - 1 };
}

/**
 * Upper quantile of the chi-square distribution with `df` degrees of freedom by the
 * Wilson–Hilferty cube approximation; `z = 3.719` gives the 1 - 1e-4 quantile.
 */
export function chiSquareCritical(df: number, z = 3.719): number {
  const c = 2 / (9 * df);
  return df * (1 - c + z * Math.sqrt(c)) ** 3;
}

/** Asserts a chi-square fit at significance 1e-4. */
export function assertFits(
  counts: readonly number[],
  probabilities: readonly number[],
): void {
  const { statistic, degreesOfFreedom } = chiSquare(counts, probabilities);
  const critical = chiSquareCritical(degreesOfFreedom);
  assert.ok(
    statistic < critical,
    `chi-square ${statistic} on ${degreesOfFreedom} degrees of freedom exceeds ${critical}`,
  );
}
