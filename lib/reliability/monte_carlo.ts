import {
  integer,
  object,
  oneOf,
  optionNames,
  positive,
  requiredOptions,
  within,
} from "../_validate.ts";
import { checkLifetime } from "./_lifetime_check.ts";
import { createPrng, type Seed } from "../random/prng.ts";
import { checkEstimateTimes, MAX_MISSIONS, reliabilityPoints } from "./_monte_carlo_points.ts";
import type { LifetimeDistribution } from "./lifetime.ts";

/**
 * The combinatorial-equivalent system that {@link monteCarloReliability} samples:
 * `processorCount` identical processors with independent lifetimes, of which at
 * least `requiredProcessors` must work to host every VM schedulably.
 */
export interface MonteCarloSystem {
  /** Number of processors m (integer >= 1). */
  processorCount: number;
  /**
   * Working processors needed to host every VM (integer in [1, m]). With migration
   * this is the fewest processors that can host the VMs; without migration it is m
   * (every processor is needed).
   */
  requiredProcessors: number;
  /** Lifetime distribution of every processor. */
  lifetime: LifetimeDistribution;
  /**
   * Probability that the reconfiguration after a processor failure (migrating its
   * VMs away) succeeds. Only failures the system can absorb (the first m - k) need
   * one; an uncovered failure brings the system down at once.
   * @default {1}
   */
  coverage?: number;
}

/** Options of {@link monteCarloReliability}. */
export interface MonteCarloOptions {
  /** Number of simulated missions (integer from 1 to 100 million: their failure times are listed). */
  missions: number;
  /** Mission time t in seconds: every mission is observed on [0, t]. */
  missionSeconds: number;
  /** Seed; recorded in the result. */
  seed: Seed;
  /**
   * Times (each in (0, missionSeconds]) at which to estimate the reliability.
   * @default {[missionSeconds]}
   */
  timesSeconds?: readonly number[];
  /**
   * Two-sided confidence level of the Wilson score intervals.
   * @default {0.95}
   */
  confidence?: number;
}

/** The reliability estimate at one time. */
export interface MonteCarloPoint {
  /** Time in seconds. */
  timeSeconds: number;
  /** Missions whose system still worked at this time. */
  survivals: number;
  /** Missions simulated. */
  missions: number;
  /** Estimated reliability, survivals / missions. */
  reliability: number;
  /** Lower end of the Wilson score interval. */
  lowerBound: number;
  /** Upper end of the Wilson score interval. */
  upperBound: number;
}

/** The result of {@link monteCarloReliability}. */
export interface MonteCarloResult {
  /** The seed the missions were drawn from. */
  seed: Seed;
  /** Missions simulated. */
  missions: number;
  /** Mission time in seconds (the censoring time of surviving missions). */
  missionSeconds: number;
  /** Confidence level of the intervals. */
  confidence: number;
  /** One estimate per requested time, in the order given. */
  points: MonteCarloPoint[];
  /**
   * The system failure times (seconds, ascending) of the missions that failed within
   * the mission time; the other `missions - failureTimesSeconds.length` missions are
   * right-censored at `missionSeconds`.
   */
  failureTimesSeconds: number[];
}

/** Missions drawn from one named stream (see {@link monteCarloReliability}). */
export const MONTE_CARLO_CHUNK_MISSIONS = 4096;

/**
 * Estimates the reliability of an m-processor system with migration by Monte Carlo,
 * on a lean path: per mission, m seeded lifetimes, the failures before the mission
 * time in time order, and one coverage draw per absorbed failure; no object is
 * allocated per mission.
 *
 * Model (the combinatorial model's): processor lifetimes are independent and
 * identically distributed; processors are not repaired. The system works at time
 * `s` while at most `m - k` processors have failed by `s` and each of those failures
 * was covered (its reconfiguration succeeded, with probability `coverage`). The
 * `(m - k + 1)`-th failure, or the first uncovered one, is the system failure time.
 * Hence `R(t) = Σ_{i=0}^{m-k} C(m, i) (c F(t))^i (1 - F(t))^(m-i)`.
 *
 * Randomness: missions are drawn in chunks of {@link MONTE_CARLO_CHUNK_MISSIONS}
 * from the stream `createPrng(seed, "monte-carlo", chunkIndex)`; within a mission,
 * one uniform per processor (its lifetime, by inversion), then one uniform per
 * absorbed failure in time order (covered when below `coverage`). The result for a
 * seed does not depend on `timesSeconds`.
 *
 * @param system Processors, required processors, lifetime and coverage.
 * @param options Missions, mission time, seed, estimate times and confidence.
 * @returns The reliability at each time with its interval, and the failure times.
 * @throws {RangeError} If a count, time or probability is out of range.
 *
 * @example TMR (2 of 3) with exponential lifetimes against 3R² - 2R³
 * ```ts
 * import { monteCarloReliability } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const result = monteCarloReliability(
 *   { processorCount: 3, requiredProcessors: 2,
 *     lifetime: { kind: "exponential", ratePerSecond: 1e-3 } },
 *   { missions: 20_000, missionSeconds: 500, seed: 1 },
 * );
 * const r = Math.exp(-0.5);
 * const [point] = result.points;
 * assert.ok(point!.lowerBound < 3 * r ** 2 - 2 * r ** 3);
 * assert.ok(3 * r ** 2 - 2 * r ** 3 < point!.upperBound);
 * ```
 */
export function monteCarloReliability(
  system: MonteCarloSystem,
  options: MonteCarloOptions,
): MonteCarloResult {
  requiredOptions("run monteCarloReliability()", "options", options, [
    "confidence",
    "missionSeconds",
    "missions",
    "seed",
    "timesSeconds",
  ]);
  const action = "estimate reliability by Monte Carlo";
  // A misspelt field (`coverge: 0.5`) is refused, not run with its default.
  requiredOptions(
    action,
    "system",
    system,
    optionNames<MonteCarloSystem>({
      processorCount: 0,
      requiredProcessors: 0,
      lifetime: 0,
      coverage: 0,
    }),
  );
  object(action, "options", options);
  const { processorCount: m, requiredProcessors: k, lifetime, coverage = 1 } = system;
  const {
    missions,
    missionSeconds,
    seed,
    timesSeconds = [missionSeconds],
    confidence = 0.95,
  } = options;
  integer(action, "system.processorCount", m, 1);
  integer(action, "system.requiredProcessors", k, 1, m);
  within(action, "system.coverage", coverage, 0, 1);
  integer(action, "options.missions", missions, 1, MAX_MISSIONS);
  positive(action, "options.missionSeconds", missionSeconds);
  checkEstimateTimes(action, timesSeconds, missionSeconds);
  const { cdf, invert } = lifetimeFunctions(action, lifetime);
  // A lifetime is <= missionSeconds exactly when its uniform is <= F(missionSeconds);
  // the small margin only makes us invert a few more uniforms, then compare exactly.
  const threshold = Math.min(1, cdf(missionSeconds) * (1 + 1e-12) + 1e-300);
  const absorbable = m - k;
  const failed = new Float64Array(m);
  const failureTimes = new Float64Array(missions);
  let failures = 0;
  let prng = createPrng(seed, "monte-carlo", 0);
  for (let mission = 0; mission < missions; mission++) {
    if (mission > 0 && mission % MONTE_CARLO_CHUNK_MISSIONS === 0) {
      prng = createPrng(seed, "monte-carlo", mission / MONTE_CARLO_CHUNK_MISSIONS);
    }
    let count = 0;
    for (let p = 0; p < m; p++) {
      const u = prng();
      if (u <= threshold) {
        const life = invert(u);
        if (life <= missionSeconds) {
          // insertion sort: the failures seen so far stay in ascending order
          let j = count++;
          while (j > 0 && failed[j - 1]! > life) {
            failed[j] = failed[j - 1]!;
            j--;
          }
          failed[j] = life;
        }
      }
    }
    for (let i = 0; i < count; i++) {
      if (i >= absorbable || !(prng() < coverage)) {
        failureTimes[failures++] = failed[i]!;
        break;
      }
    }
  }
  const sorted = failureTimes.subarray(0, failures).sort();
  const points = reliabilityPoints(sorted, missions, timesSeconds, confidence);
  return {
    seed,
    missions,
    missionSeconds,
    confidence,
    points,
    failureTimesSeconds: Array.from(sorted),
  };
}

/** The CDF of a lifetime distribution and its inverse transform of one uniform. */
function lifetimeFunctions(
  action: string,
  lifetime: LifetimeDistribution,
): { cdf: (t: number) => number; invert: (u: number) => number } {
  checkLifetime(action, "system.lifetime", lifetime);
  const kind = oneOf(
    action,
    "system.lifetime.kind",
    lifetime.kind,
    [
      "exponential",
      "weibull",
    ] as const,
  );
  if (kind === "exponential" && lifetime.kind === "exponential") {
    const rate = positive(action, "system.lifetime.ratePerSecond", lifetime.ratePerSecond);
    return {
      cdf: (t) => -Math.expm1(-rate * t),
      invert: (u) => -Math.log1p(-u) / rate,
    };
  }
  if (lifetime.kind !== "weibull") throw new TypeError(`Cannot ${action}`);
  const shape = positive(action, "system.lifetime.shape", lifetime.shape);
  const scale = positive(action, "system.lifetime.scaleSeconds", lifetime.scaleSeconds);
  return {
    cdf: (t) => -Math.expm1(-Math.pow(t / scale, shape)),
    invert: (u) => scale * Math.pow(-Math.log1p(-u), 1 / shape),
  };
}
