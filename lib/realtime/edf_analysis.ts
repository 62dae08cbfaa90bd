import { options as checkOptions, positive } from "../_validate.ts";
import {
  processorDemandTest,
  scaledUtilization,
  scaleTasks,
  validateServer,
  validateTasks,
} from "./_analysis.ts";
import type { PeriodicServer, PeriodicTask } from "./model.ts";

/** Options of {@link analyzeEdf} and {@link analyzeFixedPriority}. */
export interface SchedulabilityOptions {
  /**
   * Speed of the processor relative to the reference processor: a task of WCET C
   * needs C / capacity seconds of processor time.
   * @default {1}
   */
  capacity?: number;
  /**
   * The periodic server the tasks run in; omit for a dedicated processor (which is
   * the server Θ = Π).
   * @default {undefined}
   */
  server?: PeriodicServer;
}

/** The verdict of {@link analyzeEdf}. */
export interface EdfAnalysis {
  /** Whether every job meets its deadline under EDF in the worst case. */
  schedulable: boolean;
  /** Utilization of the tasks on this processor, Σ C_i / (capacity · T_i). */
  utilization: number;
  /** Bandwidth Θ / Π of the supply (1 for a dedicated processor). */
  bandwidth: number;
  /**
   * Absolute deadlines up to this time were examined; 0 when the utilization test
   * alone decided (implicit deadlines on a dedicated processor, or U = Θ/Π < 1 unschedulable).
   */
  checkedUpToSeconds: number;
  /**
   * The earliest deadline t (window length) with dbf(t) > sbf(t), or null if none was
   * found. On a dedicated processor with synchronous release this is the time of
   * EDF's first deadline miss.
   */
  failureSeconds: number | null;
  /** Deadlines at which demand and supply were compared (QPA steps). */
  iterations: number;
}

/**
 * Tests whether a task set is schedulable by EDF on a dedicated processor or in a
 * periodic server: the processor-demand criterion dbf(t) <= sbf(t) at every absolute
 * deadline t (Baruah, Mok and Rosier 1990; Shin and Lee 2003 for servers).
 *
 * Deadlines may exceed periods (arbitrary deadlines): dbf(t) = Σ max(0, ⌊(t − D_i) /
 * T_i⌋ + 1) C_i holds for them too.
 *
 * Method: with implicit deadlines on a dedicated processor and U <= 1, the exact test
 * (Liu and Layland 1973). Otherwise the deadlines below a bound L are examined with
 * Zhang and Burns' (2009) Quick Processor-demand Analysis, generalised to a server by
 * replacing "t ← dbf(t)" with "t ← sbf⁻¹(dbf(t))" (every window between that point
 * and t is then known to pass). L is min(L*, busy period) on a dedicated processor
 * with U < 1, where L* = Σ max(0, T_i − D_i) U_i / (1 − U); the busy period when U = 1;
 * and (Σ max(0, T_i − D_i) U_i + 2α(Π − Θ)) / (α − U) in a server of bandwidth α = Θ/Π > U,
 * from the linear bounds dbf(t) <= U t + Σ max(0, T_i − D_i) U_i and sbf(t) >= α (t − 2(Π − Θ)).
 * When U > α the bound is Σ U_i D_i / (U − α) + max T_i, from dbf(t) >= U t − Σ U_i D_i.
 * A server with U = α < 1 is unschedulable when every D <= T (the demand grows as fast
 * as the supply, which starts with a blackout). A deadline beyond its period delays its
 * demand: if Σ U_i (T_i − D_i) + 2α(Π − Θ) <= 0, dbf(t) <= sbf(t) holds for every
 * t >= max(D_i − T_i) and the deadlines before are examined; otherwise dbf − sbf repeats
 * with a common multiple H of the periods and Π beyond t0 = max(Π − Θ, D_i − T_i), and
 * the deadlines up to t0 + H are examined (H read from the periods as decimals of at most
 * 9 places). Without such an H within the test's deadline budget the set is reported
 * unschedulable (conservatively, with no failing deadline).
 * QPA, going backwards, meets a late failing deadline first; a forward scan of the
 * deadlines up to it (demand summed incrementally, a heap of next deadlines) then finds
 * the earliest, `failureSeconds`. Demand may exceed supply by 1e-9 of t (rounding);
 * offsets are ignored (synchronous release is the worst case).
 *
 * @param tasks The periodic tasks (any deadline D > 0, also beyond the period).
 * @param options The processor capacity and the server, if any.
 * @returns The verdict, the utilization and where the check failed.
 * @throws {RangeError} If a task, the capacity or the server is out of range.
 *
 * @example Constrained deadlines on a dedicated processor
 * ```ts
 * import { analyzeEdf } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const tasks = [
 *   { name: "a", periodSeconds: 4, wcetSeconds: 2, deadlineSeconds: 3 },
 *   { name: "b", periodSeconds: 6, wcetSeconds: 2, deadlineSeconds: 4 },
 * ];
 * assert.equal(analyzeEdf(tasks).schedulable, true); // dbf(3) = 2, dbf(4) = 4
 * const tighter = [tasks[0]!, { ...tasks[1]!, deadlineSeconds: 3 }];
 * assert.equal(analyzeEdf(tighter).failureSeconds, 3); // dbf(3) = 4 > 3
 * ```
 *
 * @example The same task in a server of 1 s every 5 s
 * ```ts
 * import { analyzeEdf } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const task = { name: "a", periodSeconds: 10, wcetSeconds: 1, deadlineSeconds: 10 };
 * assert.equal(analyzeEdf([task], { server: { periodSeconds: 5, budgetSeconds: 1 } }).schedulable, true);
 * assert.equal(analyzeEdf([task], { server: { periodSeconds: 5, budgetSeconds: 0.9 } }).schedulable, false);
 * ```
 */
export function analyzeEdf(
  tasks: readonly PeriodicTask[],
  options: SchedulabilityOptions = {},
): EdfAnalysis {
  checkOptions("run analyzeEdf()", "options", options, ["capacity", "server"]);
  const { capacity = 1, server } = options;
  const action = "analyze EDF schedulability";
  validateTasks(action, "tasks", tasks, true);
  positive(action, "options.capacity", capacity);
  if (server !== undefined) validateServer(action, "options.server", server);
  const scaled = scaleTasks(tasks, capacity);
  const result = processorDemandTest(scaled, server);
  return {
    schedulable: result.schedulable,
    utilization: scaledUtilization(scaled),
    bandwidth: server === undefined ? 1 : server.budgetSeconds / server.periodSeconds,
    checkedUpToSeconds: result.checkedUpToSeconds,
    failureSeconds: result.failureSeconds,
    iterations: result.iterations,
  };
}
