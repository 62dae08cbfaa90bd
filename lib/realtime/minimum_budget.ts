import { options as checkOptions, positive } from "../_validate.ts";
import {
  isSchedulable,
  scaledUtilization,
  scaleTasks,
  validateScheduler,
  validateTasks,
} from "./_analysis.ts";
import type { GuestScheduler, PeriodicTask } from "./model.ts";

/** Options of {@link minimumBudget}. */
export interface MinimumBudgetOptions {
  /**
   * Speed of the hosting processor (WCETs are divided by it).
   * @default {1}
   */
  capacity?: number;
  /**
   * Width of the final bisection interval in seconds; the result exceeds the exact
   * minimum by at most this much.
   * @default {periodSeconds * 1e-6}
   */
  toleranceSeconds?: number;
}

/**
 * Finds the least budget Θ such that the tasks are schedulable in the periodic server
 * (Π, Θ) under the given guest scheduler (see {@link schedulableInServer}).
 *
 * Method: bisection on Θ between U·Π (no smaller budget can serve the load) and Π,
 * which is valid because sbf_(Π,Θ)(t) is non-decreasing in Θ for every t, so
 * schedulability is monotone in Θ. The returned budget is the upper end of the final
 * interval, hence always schedulable and within `toleranceSeconds` above the minimum.
 *
 * @param tasks The VM's periodic tasks.
 * @param scheduler The guest scheduler, "edf" or "fixed-priority" (deadline-monotonic).
 * @param periodSeconds The server period Π in seconds (> 0).
 * @param options The processor capacity and the bisection tolerance.
 * @returns The budget Θ in seconds, 0 for an empty task set, or null when even Θ = Π
 *   (a dedicated processor) does not make the tasks schedulable.
 * @throws {RangeError} If a task, the period, the capacity or the tolerance is out of range.
 *
 * @example A task of 1 s every 10 s in a server of period 5 s needs 1 s
 * ```ts
 * import { minimumBudget } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const tasks = [{ name: "a", periodSeconds: 10, wcetSeconds: 1, deadlineSeconds: 10 }];
 * const budget = minimumBudget(tasks, "edf", 5)!;
 * assert.ok(Math.abs(budget - 1) < 1e-5);
 * assert.equal(minimumBudget([{ ...tasks[0]!, wcetSeconds: 11 }], "edf", 5), null);
 * ```
 */
export function minimumBudget(
  tasks: readonly PeriodicTask[],
  scheduler: GuestScheduler,
  periodSeconds: number,
  options: MinimumBudgetOptions = {},
): number | null {
  checkOptions("run minimumBudget()", "options", options, ["capacity", "toleranceSeconds"]);
  const action = "find the minimum budget";
  validateTasks(action, "tasks", tasks);
  validateScheduler(action, "scheduler", scheduler);
  positive(action, "periodSeconds", periodSeconds);
  const { capacity = 1, toleranceSeconds = periodSeconds * 1e-6 } = options;
  positive(action, "options.capacity", capacity);
  positive(action, "options.toleranceSeconds", toleranceSeconds);
  if (tasks.length === 0) return 0;
  const test = (budgetSeconds: number) =>
    isSchedulable(tasks, scheduler, { periodSeconds, budgetSeconds }, capacity);
  let hi = periodSeconds;
  if (!test(hi)) return null;
  let lo = Math.min(hi, scaledUtilization(scaleTasks(tasks, capacity)) * periodSeconds);
  while (hi - lo > toleranceSeconds) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    if (test(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
