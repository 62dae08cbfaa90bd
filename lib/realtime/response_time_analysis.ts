import { integer, options as checkOptions, positive, show } from "../_validate.ts";
import {
  deadlineMonotonicOrder,
  sbfInverse,
  type ScaledTask,
  scaledUtilization,
  scaleTasks,
  TOLERANCE,
  validateServer,
  validateTasks,
} from "./_analysis.ts";
import type { PeriodicServer, PeriodicTask } from "./model.ts";

/** Options of {@link responseTimeAnalysis}. */
export interface ResponseTimeAnalysisOptions {
  /**
   * Speed of the processor relative to the reference processor (WCETs are divided by it).
   * @default {1}
   */
  capacity?: number;
  /**
   * The periodic server the tasks run in; omit for a dedicated processor.
   * @default {undefined}
   */
  server?: PeriodicServer;
  /**
   * Task indices from the highest priority to the lowest, a permutation of the
   * indices; omit for deadline-monotonic order (shorter deadline first, ties by index).
   * @default {deadline-monotonic}
   */
  priorityOrder?: readonly number[];
  /**
   * Cap on fixed-point iterations per task; reaching it throws a RangeError.
   * @default {1_000_000}
   */
  maxIterations?: number;
}

/** One task's result in {@link responseTimeAnalysis}. */
export interface TaskResponseTime {
  /** Task index in the input. */
  taskIndex: number;
  /** Task name. */
  task: string;
  /**
   * Worst-case response time in seconds: the fixed point, also when it exceeds the
   * deadline; Infinity when the level-i load exceeds the supply (no fixed point).
   */
  responseSeconds: number;
  /** The task's relative deadline in seconds. */
  deadlineSeconds: number;
  /** Whether responseSeconds <= deadlineSeconds. */
  schedulable: boolean;
  /** Length of the level-i busy period in seconds (Infinity when unbounded). */
  busyPeriodSeconds: number;
  /** Jobs of the busy period examined (⌈busy period / T_i⌉; 0 when unbounded). */
  jobsExamined: number;
}

/** What {@link responseTimeAnalysis} returns. */
export interface ResponseTimeAnalysis {
  /** Whether every task meets its deadline. */
  schedulable: boolean;
  /** Task indices from the highest priority to the lowest. */
  priorityOrder: number[];
  /** One row per task, in input order. */
  tasks: TaskResponseTime[];
}

/**
 * Exact worst-case response times under preemptive fixed priorities with arbitrary
 * deadlines (D may exceed T), on a dedicated processor or in a periodic server.
 *
 * Method (Lehoczky 1990, "Fixed priority scheduling of periodic task sets with
 * arbitrary deadlines", RTSS; Tindell, Burns and Wellings 1994 for the iterative
 * form): for task i with higher-priority set hp(i), the level-i busy period L_i is the
 * least fixed point of w = sbf⁻¹(Σ_{j ∈ hp(i) ∪ {i}} ⌈w / T_j⌉ C_j). Each job q = 0, 1,
 * …, ⌈L_i / T_i⌉ − 1 of that busy period completes at the least fixed point w_q of
 * w = sbf⁻¹((q + 1) C_i + Σ_{j ∈ hp(i)} ⌈w / T_j⌉ C_j), and R_i = max_q (w_q − q T_i).
 * In a server, sbf⁻¹ is the inverse of the periodic resource model's supply bound
 * (Shin and Lee 2003), as in {@link analyzeFixedPriority}; on a dedicated processor it
 * is the identity. Unlike {@link analyzeFixedPriority}, the iteration does not stop at
 * the deadline: the fixed point is returned even past it. When the level-i utilization
 * exceeds the supply's bandwidth α = Θ/Π (or equals it in a server, α < 1) no fixed
 * point exists and R_i = Infinity.
 *
 * @param tasks The periodic tasks (any deadline D > 0).
 * @param options Capacity, server, priority order and the iteration cap.
 * @returns Per task: response time, busy period, jobs examined, verdict.
 * @throws {RangeError} If a task, the capacity, the server or the order is out of range.
 *
 * @example Lehoczky's example: the second job has the longer response time
 * ```ts
 * import { responseTimeAnalysis } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const r = responseTimeAnalysis([
 *   { name: "a", periodSeconds: 70, wcetSeconds: 26, deadlineSeconds: 70 },
 *   { name: "b", periodSeconds: 100, wcetSeconds: 62, deadlineSeconds: 120 },
 * ]);
 * // b's first job ends at 114, its second (released at 100) at 202: R = 118 > 114.
 * assert.equal(r.tasks[1]!.responseSeconds, 118);
 * assert.equal(r.tasks[1]!.jobsExamined, 7);
 * assert.equal(r.schedulable, true);
 * ```
 */
export function responseTimeAnalysis(
  tasks: readonly PeriodicTask[],
  options: ResponseTimeAnalysisOptions = {},
): ResponseTimeAnalysis {
  checkOptions("run responseTimeAnalysis()", "options", options, [
    "capacity",
    "maxIterations",
    "priorityOrder",
    "server",
  ]);
  const { capacity = 1, server, priorityOrder, maxIterations = 1_000_000 } = options;
  const action = "analyze response times";
  validateTasks(action, "tasks", tasks, true);
  positive(action, "options.capacity", capacity);
  if (server !== undefined) validateServer(action, "options.server", server);
  integer(action, "options.maxIterations", maxIterations, 1);
  const order = priorityOrder === undefined
    ? deadlineMonotonicOrder(tasks)
    : validateOrder(action, priorityOrder, tasks.length);
  const scaled = scaleTasks(tasks, capacity);
  const alpha = server === undefined ? 1 : server.budgetSeconds / server.periodSeconds;
  const rows: TaskResponseTime[] = [];
  order.forEach((i, rank) => {
    const self = scaled[i]!;
    const hp = order.slice(0, rank).map((j) => scaled[j]!);
    const level = [...hp, self];
    const row: TaskResponseTime = {
      taskIndex: i,
      task: tasks[i]!.name,
      responseSeconds: Infinity,
      deadlineSeconds: self.d,
      schedulable: false,
      busyPeriodSeconds: Infinity,
      jobsExamined: 0,
    };
    rows.push(row);
    // In a server (α < 1) a level load U = α never catches the supply, which starts
    // with a blackout; on a dedicated processor U = 1 still has a finite busy period.
    const u = scaledUtilization(level);
    if (alpha < 1 ? u >= alpha - TOLERANCE : u > 1 + TOLERANCE) return;
    const busy = fixedPoint(level, 0, 0, server, maxIterations, action);
    if (busy === null) return;
    const jobs = Math.max(1, Math.ceil(busy / self.t - TOLERANCE));
    let response = 0;
    let w = 0;
    for (let q = 0; q < jobs; q++) {
      const finish = fixedPoint(hp, (q + 1) * self.c, w, server, maxIterations, action);
      if (finish === null) return;
      w = finish;
      response = Math.max(response, finish - q * self.t);
    }
    row.responseSeconds = response;
    row.busyPeriodSeconds = busy;
    row.jobsExamined = jobs;
    row.schedulable = response <= self.d * (1 + TOLERANCE) + TOLERANCE;
  });
  rows.sort((a, b) => a.taskIndex - b.taskIndex);
  return { schedulable: rows.every((r) => r.schedulable), priorityOrder: order, tasks: rows };
}

/**
 * The least w >= start with w = sbf⁻¹(base + Σ ⌈w / T_j⌉ C_j), or null when it grows
 * without bound (more than 1e12 times the first guess).
 */
function fixedPoint(
  interferers: readonly ScaledTask[],
  base: number,
  start: number,
  server: PeriodicServer | undefined,
  maxIterations: number,
  action: string,
): number | null {
  let work = base;
  for (const task of interferers) work += task.c;
  let w = Math.max(start, sbfInverse(server, work));
  const limit = 1e12 * Math.max(w, 1e-12);
  for (let iter = 0; iter < maxIterations; iter++) {
    let demand = base;
    for (const task of interferers) demand += Math.ceil(w / task.t - TOLERANCE) * task.c;
    const next = sbfInverse(server, demand);
    if (next <= w * (1 + 1e-12)) return w;
    if (next > limit) return null;
    w = next;
  }
  throw new RangeError(
    `Cannot ${action} as the iteration count must be <= options.maxIterations (${maxIterations}): current value is ${
      maxIterations + 1
    }`,
  );
}

/** Checks that `order` is a permutation of 0..n-1. */
function validateOrder(action: string, order: unknown, n: number): number[] {
  if (!Array.isArray(order) || order.length !== n) {
    throw new RangeError(
      `Cannot ${action} as options.priorityOrder must be a permutation of the ${n} task indices: current value is ${
        show(order)
      }`,
    );
  }
  const seen = new Set<number>();
  order.forEach((v, k) => {
    integer(action, `options.priorityOrder[${k}]`, v, 0, n - 1);
    if (seen.has(v)) {
      throw new RangeError(
        `Cannot ${action} as options.priorityOrder must list each task once: current value repeats ${v}`,
      );
    }
    seen.add(v);
  });
  return [...order];
}
