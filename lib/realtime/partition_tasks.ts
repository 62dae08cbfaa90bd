import { integer, oneOf, options as checkOptions, positive } from "../_validate.ts";
import {
  deadlineMonotonicOrder,
  MAX_PROCESSORS,
  processorDemandTest,
  responseTimes,
  scaleTasks,
  validateTasks,
} from "./_analysis.ts";
import type { PeriodicTask } from "./model.ts";
import { utilizationBounds } from "./utilization_bounds.ts";

/** How {@link partitionTasks} picks among the processors a task fits on. */
export type PartitionHeuristic = "first-fit" | "best-fit" | "worst-fit";

/** Every {@link PartitionHeuristic}. */
export const PARTITION_HEURISTICS: readonly PartitionHeuristic[] = Object.freeze([
  "first-fit",
  "best-fit",
  "worst-fit",
]);

/** The uniprocessor test that decides whether a task fits a processor. */
export type PartitionTest = "edf" | "fixed-priority" | "liu-layland" | "hyperbolic";

/** Every {@link PartitionTest}. */
export const PARTITION_TESTS: readonly PartitionTest[] = Object.freeze([
  "edf",
  "fixed-priority",
  "liu-layland",
  "hyperbolic",
]);

/** Options of {@link partitionTasks}. */
export interface PartitionTasksOptions {
  /**
   * `"first-fit"`: the lowest-index processor that passes; `"best-fit"`: the one left
   * with the highest utilization (least spare); `"worst-fit"`: the one left with the
   * lowest. Ties go to the lowest index.
   * @default {"first-fit"}
   */
  heuristic?: PartitionHeuristic;
  /**
   * `"edf"`: the exact processor-demand test; `"fixed-priority"`: exact
   * deadline-monotonic response-time analysis; `"liu-layland"` and `"hyperbolic"`: the
   * sufficient rate-monotonic bounds of {@link utilizationBounds}.
   * @default {"edf"}
   */
  test?: PartitionTest;
  /**
   * Speed of every processor relative to the reference processor.
   * @default {1}
   */
  capacity?: number;
}

/** What {@link partitionTasks} returns. */
export interface TaskPartition {
  /** For each task (input order), its processor index, or -1 when it fits nowhere. */
  assignment: number[];
  /** Per processor: its task indices (in the order placed) and utilization Σ C/(capacity·T). */
  processors: { tasks: number[]; utilization: number }[];
  /** Whether every task was placed. */
  allAssigned: boolean;
  /** Task indices in the order they were considered (decreasing utilization). */
  order: number[];
  /** The heuristic used. */
  heuristic: PartitionHeuristic;
  /** The test used. */
  test: PartitionTest;
}

/**
 * Partitions periodic tasks onto m identical processors with a decreasing bin-packing
 * heuristic and a chosen uniprocessor test (partitioned scheduling; Dhall and Liu
 * 1978, Lopez, Diaz and Garcia 2004 for first/best/worst fit decreasing with EDF and
 * rate-monotonic tests).
 *
 * Tasks are taken by decreasing utilization C/T (ties by index). Each goes to a
 * processor on which the tasks already there plus it pass `test`; among those the
 * heuristic picks one. A task that fits nowhere gets -1 and the rest are still placed.
 *
 * @param tasks The periodic tasks (D <= T).
 * @param processorCount The number of processors m, an integer from 1 to 100,000.
 * @param options Heuristic, test and processor capacity.
 * @returns The assignment, per-processor tasks and utilization, and the order used.
 * @throws {RangeError} If a task, m or the capacity is out of range.
 * @throws {TypeError} If the heuristic or the test is unknown.
 *
 * @example Four tasks of U = 0.6, 0.5, 0.4, 0.3 on two processors
 * ```ts
 * import { partitionTasks } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const tasks = [6, 5, 4, 3].map((c, i) => ({
 *   name: `t${i}`, periodSeconds: 10, wcetSeconds: c, deadlineSeconds: 10,
 * }));
 * assert.deepEqual(partitionTasks(tasks, 2).assignment, [0, 1, 0, 1]);
 * assert.deepEqual(partitionTasks(tasks, 2, { heuristic: "worst-fit" }).assignment, [0, 1, 1, 0]);
 * ```
 */
export function partitionTasks(
  tasks: readonly PeriodicTask[],
  processorCount: number,
  options: PartitionTasksOptions = {},
): TaskPartition {
  checkOptions("run partitionTasks()", "options", options, ["capacity", "heuristic", "test"]);
  const { heuristic = "first-fit", test = "edf", capacity = 1 } = options;
  const action = "partition tasks";
  validateTasks(action, "tasks", tasks);
  integer(action, "processorCount", processorCount, 1, MAX_PROCESSORS);
  oneOf(action, "options.heuristic", heuristic, PARTITION_HEURISTICS);
  oneOf(action, "options.test", test, PARTITION_TESTS);
  positive(action, "options.capacity", capacity);
  const util = tasks.map((t) => t.wcetSeconds / (capacity * t.periodSeconds));
  const order = tasks.map((_, i) => i).sort((a, b) => util[b]! - util[a]! || a - b);
  const processors = Array.from({ length: processorCount }, () => ({
    tasks: [] as number[],
    utilization: 0,
  }));
  const assignment = tasks.map(() => -1);
  const passes = (set: PeriodicTask[]): boolean => {
    if (test === "liu-layland") return utilizationBounds(set, { capacity }).liuLayland;
    if (test === "hyperbolic") return utilizationBounds(set, { capacity }).hyperbolic;
    const scaled = scaleTasks(set, capacity);
    if (test === "edf") return processorDemandTest(scaled, undefined).schedulable;
    return responseTimes(scaled, deadlineMonotonicOrder(set), undefined).every((r) => r !== null);
  };
  // the processors with tasks are always the first `opened` (a task goes to an empty one only
  // when it is the first empty one), and the empty ones are alike: only the first is tried
  let opened = 0;
  for (const i of order) {
    let best = -1;
    for (let p = 0, end = Math.min(processorCount, opened + 1); p < end; p++) {
      const proc = processors[p]!;
      if (!passes([...proc.tasks.map((k) => tasks[k]!), tasks[i]!])) continue;
      if (
        best === -1 ||
        (heuristic === "best-fit" && proc.utilization > processors[best]!.utilization) ||
        (heuristic === "worst-fit" && proc.utilization < processors[best]!.utilization)
      ) {
        best = p;
      }
      if (heuristic === "first-fit") break;
    }
    if (best === -1) continue;
    if (best === opened) opened++;
    assignment[i] = best;
    processors[best]!.tasks.push(i);
    processors[best]!.utilization += util[i]!;
  }
  return {
    assignment,
    processors,
    allAssigned: assignment.every((p) => p >= 0),
    order,
    heuristic,
    test,
  };
}
