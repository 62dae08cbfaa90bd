import { show } from "../_validate.ts";
import { checkTraces } from "./_check_traces.ts";
import type { SyntheticTracesOptions, UtilizationTraces } from "./traces.ts";

/** What {@link fitSyntheticTraces} estimates: `generateSyntheticTraces`'s shape options. */
export type SyntheticTracesFit = Required<
  Pick<
    SyntheticTracesOptions,
    "meanPercent" | "meanSpreadPercent" | "noisePercent" | "noiseExponent" | "reversion"
  >
>;

const ACTION = "fit synthetic traces";

/**
 * Fits `generateSyntheticTraces`'s model to real traces by the method of moments, so that a
 * synthetic data centre of any size has their load, spread and memory: each VM `v` reverts
 * to its own mean `μ_v` as `x' = x + r (μ_v − x) + σ_v ε` (ε standard normal), whose values
 * have lag-1 autocorrelation `ρ = 1 − r` and variance `σ_v² / (1 − ρ²)` around `μ_v`, with
 * `σ_v = σ (μ_v / μ)^α` (μ the mean of all values).
 *
 * - `meanPercent`: μ, the mean of all values.
 * - `reversion`: `1 − ρ`, with ρ the lag-1 autocorrelation of the values around their own
 *   VM's mean, pooled over the VMs (1 when ρ ≤ 0: the model has no anti-correlation; at
 *   least 1e-6).
 * - `noiseExponent`: α, the least-squares slope of the logarithm of each VM's standard
 *   deviation on the logarithm of its mean (VMs with both above 0), within [0, 2]; 0 when
 *   fewer than two VMs, or VMs of one mean, have both.
 * - `noisePercent`: σ, from the variance around each VM's own mean pooled over the VMs, s²:
 *   `σ² = (1 − ρ²) V s² / Σ_v (m_v / μ)^(2α)` (m_v each VM's mean; `s √(1 − ρ²)` when α is 0).
 * - `meanSpreadPercent`: the standard deviation of the VMs' means, less the part a mean of
 *   T correlated values owes to the noise (`s² (1 + ρ) / (T (1 − ρ))`), at least 0.
 *
 * The model's rounding and its clipping to [0, 100] are not inverted: traces with many
 * values at 0 (PlanetLab's quiet VMs) come out with a higher mean and more zeros than the
 * originals (`bench/beloglazov2012_ten_days_bench.ts` prints both).
 *
 * @param traces Utilisation traces in percent (at least 2 values each, all the same length).
 * @returns The options to pass to `generateSyntheticTraces` with a seed.
 *
 * @example Recovering the options of generated traces
 * ```ts
 * import { fitSyntheticTraces, generateSyntheticTraces } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const traces = generateSyntheticTraces(400, {
 *   seed: 1,
 *   meanPercent: 50,
 *   meanSpreadPercent: 10,
 *   noisePercent: 5,
 *   reversion: 0.3,
 * });
 * const fit = fitSyntheticTraces(traces);
 * assert.ok(Math.abs(fit.meanPercent - 50) < 1.5);
 * assert.ok(Math.abs(fit.reversion - 0.3) < 0.03);
 * ```
 */
export function fitSyntheticTraces(traces: UtilizationTraces): SyntheticTracesFit {
  const T = checkTraces(ACTION, "traces", traces);
  const rows = traces.percent;
  if (rows.length === 0 || T < 2) {
    throw new RangeError(
      `Cannot ${ACTION} as traces.percent must hold at least one trace of at least 2 values: current value is ${
        show(rows.length === 0 ? "no trace" : `traces of ${T} value`)
      }`,
    );
  }
  let sumMeans = 0, sumSquaredMeans = 0, around = 0, lagged = 0;
  // each VM's mean and variance around it, for the noise's exponent
  const means = new Float64Array(rows.length), variances = new Float64Array(rows.length);
  let v = 0;
  for (const row of rows) {
    let sum = 0;
    for (let t = 0; t < T; t++) sum += row[t]!;
    const mean = sum / T;
    sumMeans += mean;
    sumSquaredMeans += mean * mean;
    let previous = row[0]! - mean;
    let own = previous * previous;
    for (let t = 1; t < T; t++) {
      const d = row[t]! - mean;
      own += d * d;
      lagged += d * previous;
      previous = d;
    }
    around += own;
    means[v] = mean;
    variances[v++] = own / T;
  }
  const V = rows.length;
  const meanPercent = sumMeans / V;
  const variance = around / (V * T);
  const rho = around > 0 ? Math.min(1 - 1e-6, Math.max(0, lagged / around)) : 0;
  const between = Math.max(0, sumSquaredMeans / V - meanPercent * meanPercent);
  const owedToNoise = variance * (1 + rho) / (T * (1 - rho));
  const exponent = noiseExponent(means, variances);
  let scale = V;
  if (exponent > 0) {
    scale = 0;
    for (let i = 0; i < V; i++) scale += (means[i]! / meanPercent) ** (2 * exponent);
  }
  return {
    meanPercent,
    meanSpreadPercent: meanPercent > 0 ? Math.sqrt(Math.max(0, between - owedToNoise)) : 0,
    noisePercent: scale > 0 ? Math.sqrt(variance * V / scale * (1 - rho * rho)) : 0,
    noiseExponent: exponent,
    reversion: 1 - rho,
  };
}

/**
 * The least-squares slope of log standard deviation on log mean over the VMs with both above 0,
 * within [0, 2]; 0 without two distinct such means.
 */
function noiseExponent(means: Float64Array, variances: Float64Array): number {
  let n = 0, sx = 0, sy = 0;
  for (let i = 0; i < means.length; i++) {
    if (!(means[i]! > 0 && variances[i]! > 0)) continue;
    n++;
    sx += Math.log(means[i]!);
    sy += 0.5 * Math.log(variances[i]!);
  }
  if (n < 2) return 0;
  const mx = sx / n, my = sy / n;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < means.length; i++) {
    if (!(means[i]! > 0 && variances[i]! > 0)) continue;
    const dx = Math.log(means[i]!) - mx;
    sxx += dx * dx;
    sxy += dx * (0.5 * Math.log(variances[i]!) - my);
  }
  if (!(sxx > 0)) return 0;
  return Math.min(2, Math.max(0, sxy / sxx));
}
