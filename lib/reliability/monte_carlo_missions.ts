import { integer, object, positive } from "../_validate.ts";
import type { Platform } from "../realtime/model.ts";
import { type MissionOptions, simulateMission } from "../realtime/mission.ts";
import type { MonteCarloResult } from "./monte_carlo.ts";
import { checkEstimateTimes, MAX_MISSIONS, reliabilityPoints } from "./_monte_carlo_points.ts";

/** Options of {@link monteCarloMissions}: a mission's options plus the sampling. */
export interface MonteCarloMissionsOptions extends Omit<MissionOptions, "missionIndex"> {
  /** Number of missions (integer from 1 to 100 million); mission i uses `missionIndex: i`. */
  missions: number;
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

/**
 * Estimates a platform's mission reliability by Monte Carlo fault injection through
 * the full simulator: N seeded missions of {@link simulateMission} (faults, coverage,
 * target selection, migrations through the engine), with Wilson score intervals.
 *
 * Each mission builds objects and runs migrations, so this path is for small N (a
 * few thousand missions of a small platform take seconds with small VM images or
 * `fidelity: "closed-form"`); `monteCarloReliability` is the lean path for the
 * equivalent combinatorial model.
 *
 * @param platform The platform at the mission start.
 * @param options The missions' options, their count, the estimate times, the confidence.
 * @returns The same shape as `monteCarloReliability`: points and failure times.
 * @throws {RangeError} If a count, time or probability is out of range.
 *
 * @example Twenty missions of a platform whose processors almost never fail
 * ```ts
 * import { monteCarloMissions } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const link = { bandwidthBytesPerSecond: 125e6 };
 * const processor = (name: string) => ({ name, capacity: 1, ramBytes: 2 ** 30, link });
 * const platform = { processors: [processor("p0"), processor("p1")], vms: [], placement: [] };
 * const result = monteCarloMissions(platform, {
 *   missions: 20,
 *   missionSeconds: 1,
 *   lifetimes: { kind: "exponential", ratePerSecond: 1e-12 },
 *   pDegraded: 1,
 *   technique: "offline",
 *   seed: 1,
 * });
 * assert.equal(result.points[0]!.survivals, 20);
 * ```
 */
export function monteCarloMissions(
  platform: Platform,
  options: MonteCarloMissionsOptions,
): MonteCarloResult {
  const action = "estimate reliability by mission Monte Carlo";
  object(action, "options", options);
  const {
    missions,
    timesSeconds = [options.missionSeconds],
    confidence = 0.95,
    ...missionOptions
  } = options;
  integer(action, "options.missions", missions, 1, MAX_MISSIONS);
  positive(action, "options.missionSeconds", options.missionSeconds);
  checkEstimateTimes(action, timesSeconds, options.missionSeconds);
  const failureTimes: number[] = [];
  for (let missionIndex = 0; missionIndex < missions; missionIndex++) {
    const result = simulateMission(platform, { ...missionOptions, missionIndex });
    if (result.failureSeconds !== null) failureTimes.push(result.failureSeconds);
  }
  failureTimes.sort((a, b) => a - b);
  const points = reliabilityPoints(failureTimes, missions, timesSeconds, confidence);
  return {
    seed: options.seed,
    missions,
    missionSeconds: options.missionSeconds,
    confidence,
    points,
    failureTimesSeconds: failureTimes,
  };
}
