import { nonNegative } from "../_validate.ts";
import { dbf, scaleTasks, validateTasks } from "./_analysis.ts";
import type { PeriodicTask } from "./model.ts";

/**
 * Computes the demand bound function dbf(t) of a task set (Baruah, Mok and Rosier
 * 1990): the most work whose release and deadline both fall in a window of length t,
 * reached when every task releases its first job at the window's start:
 * dbf(t) = Σ_i max(0, ⌊(t − D_i) / T_i⌋ + 1) · C_i.
 *
 * Deadlines may exceed periods (the formula holds for arbitrary deadlines). Offsets are ignored (the synchronous release is the worst case). Work is in
 * seconds of a reference processor (capacity 1).
 *
 * @param tasks The periodic tasks.
 * @param tSeconds The window length in seconds, a finite number >= 0.
 * @returns The demand in seconds of reference work.
 * @throws {RangeError} If `tSeconds` is negative or not finite, or a task is invalid.
 *
 * @example Demand of two tasks at their deadlines
 * ```ts
 * import { demandBound } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const tasks = [
 *   { name: "a", periodSeconds: 4, wcetSeconds: 1, deadlineSeconds: 3 },
 *   { name: "b", periodSeconds: 6, wcetSeconds: 2, deadlineSeconds: 6 },
 * ];
 * assert.equal(demandBound(tasks, 2.9), 0);
 * assert.equal(demandBound(tasks, 3), 1);
 * assert.equal(demandBound(tasks, 7), 4); // a at 3 and 7, b at 6
 * ```
 */
export function demandBound(tasks: readonly PeriodicTask[], tSeconds: number): number {
  const action = "compute the demand bound";
  validateTasks(action, "tasks", tasks, true);
  nonNegative(action, "tSeconds", tSeconds);
  return dbf(scaleTasks(tasks, 1), tSeconds);
}
