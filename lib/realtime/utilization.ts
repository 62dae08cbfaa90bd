import { validateTasks } from "./_analysis.ts";
import type { PeriodicTask } from "./model.ts";

/**
 * Computes the processor utilization U = Σ C_i / T_i of a task set on a reference
 * processor (capacity 1).
 *
 * On a processor of capacity `c` the utilization is `U / c`. Under EDF, a set of
 * implicit-deadline tasks (D = T) is schedulable on a dedicated processor if and only
 * if U <= 1 (Liu and Layland 1973).
 *
 * @param tasks The periodic tasks (may be empty: U = 0).
 * @returns The utilization, a number >= 0.
 * @throws {TypeError} If `tasks` is not an array of tasks.
 * @throws {RangeError} If a period, WCET or deadline is out of range.
 *
 * @example Three tasks using 5/6 of a processor
 * ```ts
 * import { utilization } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const u = utilization([
 *   { name: "a", periodSeconds: 4, wcetSeconds: 1, deadlineSeconds: 4 },
 *   { name: "b", periodSeconds: 6, wcetSeconds: 2, deadlineSeconds: 6 },
 *   { name: "c", periodSeconds: 12, wcetSeconds: 3, deadlineSeconds: 12 },
 * ]);
 * assert.ok(Math.abs(u - 5 / 6) < 1e-12);
 * ```
 */
export function utilization(tasks: readonly PeriodicTask[]): number {
  validateTasks("compute utilization", "tasks", tasks);
  let u = 0;
  for (const task of tasks) u += task.wcetSeconds / task.periodSeconds;
  return u;
}
