import { integer, nonNegative, positive, requiredOptions, show, within } from "../_validate.ts";
import { source } from "../random/_finite.ts";
import type { Prng } from "../random/prng.ts";
import type { PeriodicTask } from "./model.ts";
import { uunifast } from "./uunifast.ts";

/** Options of {@link randomTaskSet}. */
export interface RandomTaskSetOptions {
  /** Number of tasks, an integer >= 1. */
  taskCount: number;
  /** Total utilization Σ C/T on the reference processor, >= 0. */
  utilization: number;
  /**
   * Shortest period in seconds.
   * @default {0.01}
   */
  minPeriodSeconds?: number;
  /**
   * Longest period in seconds.
   * @default {0.1}
   */
  maxPeriodSeconds?: number;
  /**
   * Periods are rounded to a multiple of this (keeps hyperperiods small); 0 keeps them exact.
   * @default {0.001}
   */
  periodGranularitySeconds?: number;
  /**
   * Deadlines are drawn uniformly in [max(C, ratio · T), T]; 1 gives implicit deadlines.
   * @default {1}
   */
  minDeadlineRatio?: number;
  /**
   * Task names are this prefix followed by the index.
   * @default {"t"}
   */
  namePrefix?: string;
}

/**
 * Draws a random periodic task set: utilizations by UUniFast (Bini and Buttazzo
 * 2005), periods log-uniform in [minPeriodSeconds, maxPeriodSeconds] (Emberson, Stafford
 * and Davis 2010) rounded to `periodGranularitySeconds`, C = u · T, and deadlines
 * uniform in [max(C, minDeadlineRatio · T), T]. With `utilization` over 1 a task's share may
 * exceed 1 (C > T): that draw is an error (discard it and draw with another seed).
 *
 * Draw order, per call: the n − 1 UUniFast numbers, then per task its period and (if
 * `minDeadlineRatio < 1`) its deadline. Because rounding moves periods, Σ C/T is
 * exactly `utilization` only up to rounding of the products. A task with u = 0 gets
 * the smallest positive WCET, 1e-12 s.
 *
 * @param prng The source of uniform numbers in [0, 1).
 * @param options Count, utilization, period range and deadline ratio.
 * @returns The tasks, named `${namePrefix}${index}`.
 * @throws {RangeError} If an option is out of range, or `prng` returns a number
 *   outside [0, 1) or a value that is not a number.
 * @throws {TypeError} If `prng` is not a function or `namePrefix` is not a string.
 *
 * @example Four implicit-deadline tasks at U = 0.6
 * ```ts
 * import { createPrng } from "../../mod.ts";
 * import { randomTaskSet, utilization } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const tasks = randomTaskSet(createPrng(7, "tasks"), { taskCount: 4, utilization: 0.6 });
 * assert.equal(tasks.length, 4);
 * assert.ok(Math.abs(utilization(tasks) - 0.6) < 1e-9);
 * assert.ok(tasks.every((t) => t.deadlineSeconds === t.periodSeconds));
 * ```
 */
export function randomTaskSet(prng: Prng, options: RandomTaskSetOptions): PeriodicTask[] {
  requiredOptions("run randomTaskSet()", "options", options, [
    "maxPeriodSeconds",
    "minDeadlineRatio",
    "minPeriodSeconds",
    "namePrefix",
    "periodGranularitySeconds",
    "taskCount",
    "utilization",
  ]);
  const {
    taskCount,
    utilization,
    minPeriodSeconds = 0.01,
    maxPeriodSeconds = 0.1,
    periodGranularitySeconds = 0.001,
    minDeadlineRatio = 1,
    namePrefix = "t",
  } = options;
  const action = "draw a task set";
  integer(action, "options.taskCount", taskCount, 1);
  nonNegative(action, "options.utilization", utilization);
  positive(action, "options.minPeriodSeconds", minPeriodSeconds);
  positive(action, "options.maxPeriodSeconds", maxPeriodSeconds);
  if (maxPeriodSeconds < minPeriodSeconds) {
    throw new RangeError(
      `Cannot ${action} as options.maxPeriodSeconds must be >= options.minPeriodSeconds (${minPeriodSeconds}): current value is ${maxPeriodSeconds}`,
    );
  }
  nonNegative(action, "options.periodGranularitySeconds", periodGranularitySeconds);
  within(action, "options.minDeadlineRatio", minDeadlineRatio, 0, 1);
  if (typeof namePrefix !== "string") {
    throw new TypeError(
      `Cannot ${action} as options.namePrefix must be a string: current value is ${
        show(namePrefix)
      }`,
    );
  }
  const shares = uunifast(prng, taskCount, utilization);
  // checked as uunifast checks its draws: a NaN or 1.5 gave NaN or out-of-range periods
  const draw = source(action, prng, Infinity);
  const logMin = Math.log(minPeriodSeconds);
  const logMax = Math.log(maxPeriodSeconds);
  return shares.map((u, i) => {
    let period = Math.exp(logMin + (logMax - logMin) * draw());
    if (periodGranularitySeconds > 0) {
      const steps = Math.max(1, Math.round(period / periodGranularitySeconds));
      period = steps * periodGranularitySeconds;
    }
    if (u > 1) {
      // a task asking more than its period: no deadline in [max(C, ratio T), T] exists
      throw new RangeError(
        `Cannot ${action} as task ${i}'s utilization must be <= 1 (its WCET within its period): current value is ${u} (options.utilization ${utilization} over ${taskCount} tasks; UUniFast-Discard, Davis and Burns 2009, draws again with another seed)`,
      );
    }
    const wcet = Math.max(u * period, 1e-12);
    let deadline = period;
    if (minDeadlineRatio < 1) {
      const low = Math.min(period, Math.max(wcet, minDeadlineRatio * period));
      deadline = low + (period - low) * draw();
    }
    return {
      name: `${namePrefix}${i}`,
      periodSeconds: period,
      wcetSeconds: wcet,
      deadlineSeconds: deadline,
    };
  });
}
