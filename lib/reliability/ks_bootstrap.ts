/**
 * A Kolmogorov–Smirnov goodness-of-fit test corrected for fitted parameters, by
 * parametric bootstrap (the Lilliefors idea computed by simulation).
 *
 * @module
 */
import { integer, oneOf, requiredOptions, show } from "../_validate.ts";
import { createPrng, type Seed } from "../random/prng.ts";
import { fitExponential } from "./fit_exponential.ts";
import type { LifetimeObservation } from "./fit_observations.ts";
import { fitWeibull } from "./fit_weibull.ts";
import { ksStatistic } from "./ks_statistic.ts";
import { drawLifetime, type LifetimeDistribution } from "./lifetime.ts";

/** Options of {@link ksBootstrap}. */
export interface KsBootstrapOptions {
  /** Seed of the bootstrap samples; recorded in the result. */
  seed: Seed;
  /**
   * Number of bootstrap samples B (integer >= 1).
   * @default {999}
   */
  replicates?: number;
}

/** Result of {@link ksBootstrap}. */
export interface KsBootstrapResult {
  /** The fitted model family. */
  model: "exponential" | "weibull";
  /** The distribution fitted to the observations. */
  distribution: LifetimeDistribution;
  /** D between the observations and the fitted distribution. */
  statistic: number;
  /** (1 + #{D*_b >= D}) / (B + 1), corrected for the fitted parameters. */
  pValue: number;
  /** Always `true`: every bootstrap sample is refitted before its D* is taken. */
  pValueCorrectedForFittedParameters: true;
  /** Number of bootstrap samples. */
  replicates: number;
  /** The seed. */
  seed: Seed;
  /** Number of observations. */
  n: number;
}

function fit(model: "exponential" | "weibull", observations: readonly LifetimeObservation[]) {
  return model === "exponential"
    ? fitExponential(observations).distribution
    : fitWeibull(observations).distribution;
}

/**
 * Tests whether complete lifetimes follow an exponential or Weibull law whose
 * parameters are estimated from them. The ordinary KS p-value assumes a law fixed in
 * advance and is too large after fitting (Lilliefors, "On the Kolmogorov-Smirnov test
 * for the exponential distribution with mean unknown", JASA 64, 1969). Here the null
 * law of D is simulated instead (parametric bootstrap; Stute, González Manteiga &
 * Presedo Quindimil, "Bootstrap based goodness-of-fit tests", Metrika 40, 1993): fit
 * the model by maximum likelihood, take D; draw B samples of size n from the fitted
 * law, refit each and take its D*; the p-value is (1 + #{D* >= D}) / (B + 1)
 * (Davison & Hinkley, "Bootstrap Methods and their Application", 1997, ch. 4).
 *
 * Randomness: bootstrap sample b is drawn from `createPrng(seed, "ks-bootstrap", b)`.
 *
 * @param observations Complete lifetimes in seconds (no censoring; > 0 for Weibull).
 * @param model `"exponential"` or `"weibull"`.
 * @param options The seed and the number of bootstrap samples.
 * @returns The fitted law, D and the corrected p-value.
 * @throws {RangeError} If an observation is censored or invalid, or `replicates` is out of range.
 * @throws {TypeError} If `model` is unknown or an observation has the wrong shape.
 *
 * @example Exponential data pass, Weibull (shape 3) data fail the exponential test
 * ```ts
 * import { createPrng, weibull } from "../../mod.ts";
 * import { ksBootstrap } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const prng = createPrng(1, "example");
 * const sample = (shape: number) =>
 *   Array.from({ length: 60 }, () => ({ timeSeconds: weibull(prng, shape, 100), censored: false }));
 * const ok = ksBootstrap(sample(1), "exponential", { seed: 1, replicates: 199 });
 * const bad = ksBootstrap(sample(3), "exponential", { seed: 1, replicates: 199 });
 * assert.ok(ok.pValue > 0.05 && bad.pValue < 0.01);
 * ```
 */
export function ksBootstrap(
  observations: readonly LifetimeObservation[],
  model: "exponential" | "weibull",
  options: KsBootstrapOptions,
): KsBootstrapResult {
  requiredOptions("run ksBootstrap()", "options", options, ["replicates", "seed"]);
  const action = "run the Kolmogorov-Smirnov bootstrap";
  oneOf(action, "model", model, ["exponential", "weibull"] as const);
  const { seed, replicates = 999 } = options;
  integer(action, "options.replicates", replicates, 1, 1e7);
  if (Array.isArray(observations)) {
    observations.forEach((o, i) => {
      if (o?.censored === true) {
        throw new RangeError(
          `Cannot ${action} as observations[${i}].censored must be false (complete samples only): current value is ${
            show(o.censored)
          }`,
        );
      }
    });
  }
  const distribution = fit(model, observations);
  const { statistic, n } = ksStatistic(observations, distribution);
  let atLeast = 0;
  for (let b = 0; b < replicates; b++) {
    const prng = createPrng(seed, "ks-bootstrap", b);
    const sample = Array.from({ length: n }, () => ({
      timeSeconds: drawLifetime(prng, distribution),
      censored: false,
    }));
    if (ksStatistic(sample, fit(model, sample)).statistic >= statistic) atLeast++;
  }
  return {
    model,
    distribution,
    statistic,
    pValue: (1 + atLeast) / (replicates + 1),
    pValueCorrectedForFittedParameters: true,
    replicates,
    seed,
    n,
  };
}
