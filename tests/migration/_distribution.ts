/**
 * Helpers of the samplers' distribution tests: the two-sample Kolmogorov-Smirnov
 * statistic and its 1 % critical value, and the test that two convergence
 * frequencies lie within each other's 99 % binomial interval; and the hot/cold
 * workload their scenarios share.
 *
 * @module
 */
import type { PagePlacement } from "../../lib/workload/placement.ts";
import type { WorkloadSpec } from "../../lib/workload/spec.ts";

/**
 * The scenarios' hot/cold workload: 5 % of the pages take `hotShare` of the writes,
 * the hot set placed by `placement`.
 */
export function hotCold(
  writesPerSecond: number,
  placement: PagePlacement,
  readsPerSecond = 0,
  hotShare = 0.9,
): WorkloadSpec {
  return {
    kind: "hot-cold",
    hotFraction: 0.05,
    hotShare,
    writesPerSecond,
    readsPerSecond,
    placement,
  };
}

/** Two-sample Kolmogorov-Smirnov statistic (ties handled by stepping past equal values). */
export function ksTwoSample(a: number[], b: number[]): number {
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/**
 * Asymptotic 1 % critical value of the two-sample statistic for samples of `n` each,
 * `1.628·√(2/n)` (conservative for the ties of discrete metrics).
 */
export function ksCritical(n: number): number {
  return 1.628 * Math.sqrt(2 / n);
}

/**
 * Whether two frequencies out of `n` each agree: `|pa - pb|` within 2.576 standard
 * errors of the difference under the pooled frequency (a 99 % interval).
 */
export function frequenciesAgree(pa: number, pb: number, n: number): boolean {
  const pooled = (pa + pb) / 2;
  return Math.abs(pa - pb) <= 2.576 * Math.sqrt((2 * pooled * (1 - pooled)) / n);
}

/**
 * Asymptotic critical value at level `alpha` of the two-sample statistic for samples
 * of `n` and `m`, `c(α)·√((n + m)/(n·m))` with `c(α) = √(-ln(α/2)/2)` (1.628 at
 * 1 %; conservative for the ties of discrete metrics).
 */
export function ksCriticalAt(n: number, m: number, alpha: number): number {
  return Math.sqrt(-Math.log(alpha / 2) / 2) * Math.sqrt((n + m) / (n * m));
}
