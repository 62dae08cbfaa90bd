import { options as checkOptions, positive } from "../_validate.ts";
import {
  deadlineMonotonicOrder,
  responseTimes,
  scaleTasks,
  validateServer,
  validateTasks,
} from "./_analysis.ts";
import type { SchedulabilityOptions } from "./edf_analysis.ts";
import type { PeriodicTask } from "./model.ts";

/** The verdict of {@link analyzeFixedPriority}. */
export interface FixedPriorityAnalysis {
  /** Whether every task's worst-case response time is within its deadline. */
  schedulable: boolean;
  /**
   * Worst-case response time of each task (same order as the input), in seconds, or
   * null when it exceeds the task's deadline (the iteration stops there).
   */
  responseTimesSeconds: (number | null)[];
  /** Task indices from the highest priority to the lowest (deadline-monotonic). */
  priorityOrder: number[];
}

/**
 * Response-time analysis of deadline-monotonic fixed-priority scheduling (Joseph and
 * Pandya 1986; Audsley et al. 1993), on a dedicated processor or in a periodic server
 * (Shin and Lee 2003).
 *
 * Priorities are deadline-monotonic: shorter relative deadline first, ties broken by
 * the task's index. The worst-case response time of task i is the least t with
 * rbf_i(t) = C_i + Σ_{j<i} ⌈t / T_j⌉ C_j <= sbf(t), found by iterating
 * t ← sbf⁻¹(rbf_i(t)) from sbf⁻¹(Σ_{j<=i} C_j); on a dedicated processor sbf⁻¹ is
 * the identity and this is the classic R_i = C_i + Σ_{j<i} ⌈R_i / T_j⌉ C_j. A task is
 * schedulable iff R_i <= D_i. WCETs are divided by the processor capacity; offsets
 * are ignored (the critical instant is the worst case).
 *
 * @param tasks The periodic tasks (constrained deadlines D <= T).
 * @param options The processor capacity and the server, if any.
 * @returns The verdict, the response times and the priority order.
 * @throws {RangeError} If a task, the capacity or the server is out of range.
 *
 * @example Buttazzo's three tasks: response times 1, 3 and 10
 * ```ts
 * import { analyzeFixedPriority } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const result = analyzeFixedPriority([
 *   { name: "a", periodSeconds: 4, wcetSeconds: 1, deadlineSeconds: 4 },
 *   { name: "b", periodSeconds: 6, wcetSeconds: 2, deadlineSeconds: 6 },
 *   { name: "c", periodSeconds: 12, wcetSeconds: 3, deadlineSeconds: 12 },
 * ]);
 * assert.deepEqual(result.responseTimesSeconds, [1, 3, 10]);
 * assert.equal(result.schedulable, true);
 * ```
 */
export function analyzeFixedPriority(
  tasks: readonly PeriodicTask[],
  options: SchedulabilityOptions = {},
): FixedPriorityAnalysis {
  checkOptions("run analyzeFixedPriority()", "options", options, ["capacity", "server"]);
  const { capacity = 1, server } = options;
  const action = "analyze fixed-priority schedulability";
  validateTasks(action, "tasks", tasks);
  positive(action, "options.capacity", capacity);
  if (server !== undefined) validateServer(action, "options.server", server);
  const order = deadlineMonotonicOrder(tasks);
  const responseTimesSeconds = responseTimes(scaleTasks(tasks, capacity), order, server);
  return {
    schedulable: responseTimesSeconds.every((r) => r !== null),
    responseTimesSeconds,
    priorityOrder: order,
  };
}
