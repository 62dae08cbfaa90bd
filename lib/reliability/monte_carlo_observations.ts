import { array, integer, nonNegative, object } from "../_validate.ts";
import type { LifetimeObservation } from "./fit_observations.ts";
import type { MonteCarloResult } from "./monte_carlo.ts";

/**
 * Turns a Monte Carlo result into lifetime observations of the system, ready for
 * `fitExponential`, `fitWeibull`, `kaplanMeier` and `ksStatistic`: one failure per
 * mission that failed (at its system failure time) and one right-censored observation
 * at the mission time per mission that survived.
 *
 * @param result A `monteCarloReliability` or `monteCarloMissions` result.
 * @returns `missions` observations, failures first (ascending), then the censored ones.
 *
 * @example Two failures and a survivor
 * ```ts
 * import { monteCarloObservations } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const observations = monteCarloObservations({
 *   seed: 1, missions: 3, missionSeconds: 10, confidence: 0.95, points: [],
 *   failureTimesSeconds: [2, 5],
 * });
 * assert.deepEqual(observations, [
 *   { timeSeconds: 2, censored: false },
 *   { timeSeconds: 5, censored: false },
 *   { timeSeconds: 10, censored: true },
 * ]);
 * ```
 */
export function monteCarloObservations(result: MonteCarloResult): LifetimeObservation[] {
  const action = "convert Monte Carlo results to observations";
  object(action, "result", result);
  const times = array(action, "result.failureTimesSeconds", result.failureTimesSeconds);
  times.forEach((t, i) => nonNegative(action, `result.failureTimesSeconds[${i}]`, t));
  integer(action, "result.missions", result.missions, times.length, 100_000_000);
  nonNegative(action, "result.missionSeconds", result.missionSeconds);
  const failures = result.failureTimesSeconds.map((timeSeconds) => ({
    timeSeconds,
    censored: false,
  }));
  const survivors = Array.from(
    { length: result.missions - failures.length },
    () => ({ timeSeconds: result.missionSeconds, censored: true }),
  );
  return [...failures, ...survivors];
}
