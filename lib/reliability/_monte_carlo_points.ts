/**
 * The estimate times and the per-time estimates shared by the Monte Carlo estimators.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { positive, show } from "../_validate.ts";
import type { MonteCarloPoint } from "./monte_carlo.ts";
import { wilsonInterval } from "./monte_carlo_interval.ts";

/**
 * Most missions a Monte Carlo estimator simulates: the failure times of the failed ones are
 * listed in its result (10⁹ missions threw "Invalid array length" after minutes of work).
 */
export const MAX_MISSIONS = 100_000_000;

/**
 * Requires `options.timesSeconds` to be an array of times in (0, missionSeconds].
 *
 * @param action The action named in error messages.
 * @param timesSeconds The estimate times.
 * @param missionSeconds The mission time.
 * @throws {TypeError} If `timesSeconds` is not an array or a time is not a number.
 * @throws {RangeError} If a time is not in (0, missionSeconds].
 */
export function checkEstimateTimes(
  action: string,
  timesSeconds: readonly number[],
  missionSeconds: number,
): void {
  if (!Array.isArray(timesSeconds)) {
    throw new TypeError(
      `Cannot ${action} as options.timesSeconds must be an array: current value is ${
        show(timesSeconds)
      }`,
    );
  }
  for (const [i, time] of timesSeconds.entries()) {
    positive(action, `options.timesSeconds[${i}]`, time);
    if (time > missionSeconds) {
      throw new RangeError(
        `Cannot ${action} as options.timesSeconds[${i}] must be in (0, ${missionSeconds}]: current value is ${time}`,
      );
    }
  }
}

/**
 * The reliability estimate with its Wilson score interval at each time.
 *
 * @param failureTimesSeconds The system failure times of the failed missions, ascending.
 * @param missions The number of missions.
 * @param timesSeconds The estimate times.
 * @param confidence The two-sided confidence level.
 * @returns One point per time, in the order given.
 */
export function reliabilityPoints(
  failureTimesSeconds: ArrayLike<number>,
  missions: number,
  timesSeconds: readonly number[],
  confidence: number,
): MonteCarloPoint[] {
  return timesSeconds.map((timeSeconds) => {
    const survivals = missions - upperBound(failureTimesSeconds, timeSeconds);
    const interval = wilsonInterval(survivals, missions, { confidence });
    return {
      timeSeconds,
      survivals,
      missions,
      reliability: interval.estimate,
      lowerBound: interval.lowerBound,
      upperBound: interval.upperBound,
    };
  });
}

/** Number of elements <= value in an ascending array. */
function upperBound(sorted: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}
