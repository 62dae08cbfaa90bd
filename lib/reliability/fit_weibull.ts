import { options as checkOptions, show } from "../_validate.ts";
import { normalCentralQuantile } from "./_special.ts";
import type {
  ConfidenceInterval,
  LifetimeFitOptions,
  LifetimeObservation,
} from "./fit_observations.ts";
import { summarizeForFit } from "./_lifetime_fit.ts";
import type { WeibullLifetime } from "./lifetime.ts";

/** A Weibull lifetime model fitted by maximum likelihood. */
export interface WeibullFit {
  /** The model family. */
  model: "weibull";
  /** The fitted lifetime distribution, ready for the reliability functions and `ksStatistic`. */
  distribution: WeibullLifetime;
  /** Point estimates: shape k̂ and scale λ̂ (seconds). */
  parameters: { shape: number; scaleSeconds: number };
  /** Wald confidence intervals computed on log k and log λ, so both ends stay positive. */
  intervals: { shape: ConfidenceInterval; scaleSeconds: ConfidenceInterval };
  /** The two-sided confidence level of `intervals`. */
  confidence: number;
  /** Maximized log-likelihood (densities per second). */
  logLikelihood: number;
  /** Akaike information criterion `2k - 2 lnL` with k = 2 parameters. */
  aic: number;
  /** Number of observed failures r. */
  failures: number;
  /** Number of right-censored observations. */
  censored: number;
  /** Number of observations. */
  n: number;
}

/**
 * Fits a Weibull lifetime model (shape k, scale λ; `R(t) = exp(-(t/λ)^k)`) to
 * right-censored observations by maximum likelihood.
 *
 * With failures F (r of them) and all observations A, the log-likelihood is
 * `lnL = r ln k - r k ln λ + (k - 1) Σ_F ln tᵢ - Σ_A (tᵢ/λ)^k`. Setting ∂/∂λ = 0 gives
 * `λ^k = Σ_A tᵢ^k / r`; substituting it leaves the profile equation
 * `g(k) = Σ_A tᵢ^k ln tᵢ / Σ_A tᵢ^k - 1/k - (1/r) Σ_F ln tᵢ = 0`, whose left side is
 * strictly increasing in k (its derivative is a weighted variance of ln t plus 1/k²),
 * so the root is unique (Cohen 1965, "Maximum likelihood estimation in the Weibull
 * distribution based on complete and on censored samples", Technometrics 7(4)). It is
 * solved by Newton's method safeguarded by bisection on a bracket, with times rescaled
 * by the largest one so `t^k` cannot overflow. The intervals are Wald intervals
 * `exp(ln θ̂ ± z·se(ln θ̂))` whose standard errors come from the inverse of the observed
 * Fisher information (analytic second derivatives of lnL in ln k and ln λ).
 *
 * @param observations Lifetimes in seconds (each > 0) with at least one failure earlier
 * than the longest observed time.
 * @param options The confidence level.
 * @returns The fit: parameters, intervals, log-likelihood, AIC and counts.
 * @throws {RangeError} If `observations` is empty, a time is not a finite number > 0,
 * there is no failure, every failure is at the longest observed time (the likelihood
 * then grows without bound in k), an interval's upper bound overflows (times spanning
 * hundreds of orders of magnitude), or `confidence` is not in (0, 1).
 * @throws {TypeError} If an observation has the wrong shape.
 *
 * @example Complete sample of five failure times
 * ```ts
 * import { fitWeibull } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const fit = fitWeibull([3, 5, 6, 8, 11].map((t) => ({ timeSeconds: t, censored: false })));
 * const { shape, scaleSeconds } = fit.parameters;
 * // The scale satisfies λ^k = Σ t^k / r at the maximum.
 * const sum = [3, 5, 6, 8, 11].reduce((s, t) => s + t ** shape, 0);
 * assert.ok(Math.abs(scaleSeconds ** shape - sum / 5) < 1e-9 * sum);
 * assert.ok(fit.intervals.shape.lower < shape && shape < fit.intervals.shape.upper);
 * ```
 */
export function fitWeibull(
  observations: readonly LifetimeObservation[],
  options: LifetimeFitOptions = {},
): WeibullFit {
  checkOptions("run fitWeibull()", "options", options, ["confidence"]);
  const { confidence = 0.95 } = options;
  const action = "fit a Weibull model";
  const { n, failures, censored } = summarizeForFit(action, observations, confidence);
  observations.forEach((observation, i) => {
    if (!(observation.timeSeconds > 0)) {
      throw new RangeError(
        `Cannot ${action} as observations[${i}].timeSeconds must be > 0: current value is ${
          show(observation.timeSeconds)
        }`,
      );
    }
  });

  const logTimes = observations.map((o) => Math.log(o.timeSeconds));
  const shift = logTimes.reduce((a, b) => Math.max(a, b), -Infinity);
  const u = logTimes.map((l) => l - shift); // <= 0
  const isFailure = observations.map((o) => !o.censored);
  let meanFailureU = 0;
  let earlierFailure = false;
  for (let i = 0; i < n; i++) {
    if (!isFailure[i]) continue;
    meanFailureU += u[i]!;
    if (u[i]! < 0) earlierFailure = true;
  }
  meanFailureU /= failures;
  if (!earlierFailure) {
    throw new RangeError(
      `Cannot ${action} as observations must include a failure earlier than the longest time: current value is ${
        show(observations.reduce((max, o) => Math.max(max, o.timeSeconds), 0))
      } s for every failure`,
    );
  }

  // g(k) and g'(k) of the profile equation, in rescaled log times u.
  function profile(k: number): [number, number] {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    for (const ui of u) {
      const w = Math.exp(k * ui);
      s0 += w;
      s1 += w * ui;
      s2 += w * ui * ui;
    }
    const m1 = s1 / s0;
    return [m1 - 1 / k - meanFailureU, s2 / s0 - m1 * m1 + 1 / (k * k)];
  }

  let lo = 1;
  let hi = 1;
  if (profile(1)[0] > 0) {
    do lo /= 2; while (profile(lo)[0] > 0);
  } else {
    do hi *= 2; while (profile(hi)[0] < 0);
  }
  let k = lo === hi ? 1 : (lo + hi) / 2;
  for (let i = 0; i < 200; i++) {
    const [g, dg] = profile(k);
    if (g === 0) break;
    if (g < 0) lo = k;
    else hi = k;
    let next = k - g / dg;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    const done = Math.abs(next - k) <= 1e-14 * k;
    k = next;
    if (done) break;
  }

  let sumW = 0;
  for (const ui of u) sumW += Math.exp(k * ui);
  const logScale = shift + (Math.log(sumW) - Math.log(failures)) / k;

  // Log-likelihood and its Hessian in (ln k, ln λ); L = ln t - ln λ, z = (t/λ)^k.
  let sumZ = 0;
  let sumZL = 0;
  let sumZL2 = 0;
  let sumFailureL = 0;
  for (let i = 0; i < n; i++) {
    const l = logTimes[i]! - logScale;
    const z = Math.exp(k * l);
    sumZ += z;
    sumZL += z * l;
    sumZL2 += z * l * l;
    if (isFailure[i]) sumFailureL += l;
  }
  const r = failures;
  const logLikelihood = r * (Math.log(k) - logScale) + (k - 1) * sumFailureL - sumZ;
  const h11 = -r - k * k * sumZL2;
  const h22 = r * k - k * (k + 1) * sumZ;
  const h12 = -r * k + k * k * sumZL + k * sumZ;
  // Covariance = inverse of the observed information -H.
  const det = h11 * h22 - h12 * h12;
  const varLogShape = -h22 / det;
  const varLogScale = -h11 / det;
  const z = normalCentralQuantile(confidence);
  const scale = Math.exp(logScale);
  const spreadShape = z * Math.sqrt(varLogShape);
  const spreadScale = z * Math.sqrt(varLogScale);
  const intervals = {
    shape: { lower: k * Math.exp(-spreadShape), upper: k * Math.exp(spreadShape) },
    scaleSeconds: { lower: scale * Math.exp(-spreadScale), upper: scale * Math.exp(spreadScale) },
  };
  for (const name of ["shape", "scaleSeconds"] as const) {
    const { upper } = intervals[name];
    if (!Number.isFinite(upper)) {
      // exp(ln θ̂ + z se) past the largest double: the sample spans too many orders of magnitude
      throw new RangeError(
        `Cannot ${action} as intervals.${name}.upper must be finite (a Wald bound past the largest double, the times spanning too many orders of magnitude): current value is ${upper}`,
      );
    }
  }
  return {
    model: "weibull",
    distribution: { kind: "weibull", shape: k, scaleSeconds: scale },
    parameters: { shape: k, scaleSeconds: scale },
    intervals,
    confidence,
    logLikelihood,
    aic: 4 - 2 * logLikelihood,
    failures,
    censored,
    n,
  };
}
