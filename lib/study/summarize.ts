import { array, boolean, nonNegative, object, oneOf, show, string } from "../_validate.ts";
import type { StudyRow } from "./default_study.ts";

/** Numeric metrics of a {@link StudyRow} that can be summarised. */
export type StudyMetric =
  | "totalSeconds"
  | "downtimeSeconds"
  | "bytesSent"
  | "pagesSent"
  | "rounds"
  | "remoteFaults"
  | "stallSeconds";

/** Every {@link StudyMetric}. */
export const STUDY_METRICS: readonly StudyMetric[] = [
  "totalSeconds",
  "downtimeSeconds",
  "bytesSent",
  "pagesSent",
  "rounds",
  "remoteFaults",
  "stallSeconds",
];

/** Mean, minimum and maximum of one metric over the seeds of one workload and technique. */
export interface MetricSummary {
  /** Arithmetic mean over the runs. */
  mean: number;
  /** Smallest value. */
  min: number;
  /** Largest value. */
  max: number;
}

/** One workload x technique cell of a study, summarised over its seeds. */
export interface StudySummaryRow {
  /** Workload name. */
  workload: string;
  /** Technique variant label. */
  label: string;
  /** Runs (seeds) summarised. */
  runs: number;
  /** Share of the runs whose push phase converged, in [0, 1]. */
  convergedShare: number;
  /** Summary of every metric. */
  metrics: Record<StudyMetric, MetricSummary>;
}

/**
 * Summarises study rows over seeds: one row per (workload, technique label), in the
 * order the pairs first appear, with the mean, minimum and maximum of every metric.
 *
 * The rows of one workload and label must be what `runStudy` gives them: runs of one
 * technique variant, one per seed. Rows of the same workload and label with another
 * `technique` or `fidelity` than the first such row, or with a `seed` given before, are
 * refused (rows of two studies put together, say of two VM sizes, would otherwise be
 * averaged as one cell): give each study's variants their own labels.
 *
 * @param rows Rows from `runStudy`.
 * @returns One summary row per workload and technique.
 * @throws {RangeError} If a metric is not a finite number >= 0, or rows of one workload
 *   and label differ in technique or fidelity or repeat a seed (the message names the
 *   row, the field and its value).
 * @throws {TypeError} If `rows` is not an array of objects with string `workload` and
 *   `label` and a boolean `converged`.
 *
 * @example Two seeds of one cell
 * ```ts
 * import { summarizeStudy, type StudyRow } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const base = { workload: "idle", label: "offline", technique: "offline", fidelity: "page", converged: true,
 *   stopReason: "offline", bytesSent: 10, pagesSent: 1, rounds: 1, remoteFaults: 0,
 *   stallSeconds: 0, downtimeSeconds: 1 } as const;
 * const rows: StudyRow[] = [
 *   { ...base, seed: 1, totalSeconds: 1 },
 *   { ...base, seed: 2, totalSeconds: 3 },
 * ];
 * const [cell] = summarizeStudy(rows);
 * assert.deepEqual(cell!.metrics.totalSeconds, { mean: 2, min: 1, max: 3 });
 * ```
 */
export function summarizeStudy(rows: readonly StudyRow[]): StudySummaryRow[] {
  const action = "summarize a study";
  array(action, "rows", rows);
  rows.forEach((row, i) => {
    object(action, `rows[${i}]`, row);
    string(action, `rows[${i}].workload`, row.workload);
    string(action, `rows[${i}].label`, row.label);
    boolean(action, `rows[${i}].converged`, row.converged);
    // A NaN or infinite metric would turn the summary's min/max into NaN or Infinity.
    for (const metric of STUDY_METRICS) nonNegative(action, `rows[${i}].${metric}`, row[metric]);
  });
  // runStudy gives each (workload, label) one technique variant and one row per seed;
  // rows that break that (two studies' rows put together) would merge into one cell
  const groups = new Map<
    string,
    { rows: StudyRow[]; first: number; seeds: Map<unknown, number> }
  >();
  rows.forEach((row, i) => {
    const key = JSON.stringify([row.workload, row.label]);
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, { rows: [row], first: i, seeds: new Map([[row.seed, i]]) });
      return;
    }
    const f = group.first;
    const cell = `the same workload ${show(row.workload)} and label ${show(row.label)}`;
    for (const field of ["technique", "fidelity"] as const) {
      if (row[field] !== rows[f]![field]) {
        throw new RangeError(
          `Cannot ${action} as rows[${i}].${field} must be rows[${f}].${field} (${
            show(rows[f]![field])
          }; ${cell}): current value is ${show(row[field])}`,
        );
      }
    }
    // a seed twice is one run counted twice, or runs of two studies in one mean
    const j = group.seeds.get(row.seed);
    if (j !== undefined) {
      throw new RangeError(
        `Cannot ${action} as rows[${i}].seed must not repeat rows[${j}].seed (${cell}): current value is ${
          show(row.seed)
        }`,
      );
    }
    group.rows.push(row);
    group.seeds.set(row.seed, i);
  });
  return [...groups.values()].map(({ rows: group }) => {
    const metrics = {} as Record<StudyMetric, MetricSummary>;
    for (const metric of STUDY_METRICS) {
      let sum = 0;
      let min = Infinity;
      let max = -Infinity;
      for (const row of group) {
        const v = row[metric];
        sum += v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      metrics[metric] = { mean: sum / group.length, min, max };
    }
    return {
      workload: group[0]!.workload,
      label: group[0]!.label,
      runs: group.length,
      convergedShare: group.filter((r) => r.converged).length / group.length,
      metrics,
    };
  });
}

/** The techniques that do best on one metric for one workload. */
export interface BestTechniques {
  /** Labels whose mean is the least, ties (within the tolerance) included, in study order. */
  labels: string[];
  /** The least mean. */
  value: number;
}

/**
 * Finds the technique labels with the least mean of a metric on one workload.
 *
 * @param summary Rows from {@link summarizeStudy}.
 * @param workload The workload name.
 * @param metric The metric to minimise.
 * @param relativeTolerance Means within this relative distance of the least tie.
 * @returns The winning labels and their mean.
 *
 * @example
 * ```ts
 * import { bestTechniques, type StudySummaryRow } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const cell = (label: string, mean: number) => ({
 *   workload: "w", label, runs: 1, convergedShare: 1,
 *   metrics: { downtimeSeconds: { mean, min: mean, max: mean } },
 * }) as unknown as StudySummaryRow;
 * const best = bestTechniques([cell("a", 2), cell("b", 1), cell("c", 1)], "w", "downtimeSeconds");
 * assert.deepEqual(best, { labels: ["b", "c"], value: 1 });
 * ```
 */
export function bestTechniques(
  summary: readonly StudySummaryRow[],
  workload: string,
  metric: StudyMetric,
  relativeTolerance: number = 1e-9,
): BestTechniques {
  const action = "find the best techniques";
  array(action, "summary", summary);
  summary.forEach((row, i) => {
    object(action, `summary[${i}]`, row);
    string(action, `summary[${i}].workload`, row.workload);
    string(action, `summary[${i}].label`, row.label);
  });
  string(action, "workload", workload);
  oneOf(action, "metric", metric, STUDY_METRICS);
  nonNegative(action, "relativeTolerance", relativeTolerance);
  // each cell checked under its index in the summary, not among the workload's cells
  summary.forEach((cell, i) => {
    if (cell.workload !== workload) return;
    const metrics = object(action, `summary[${i}].metrics`, cell.metrics);
    const entry = object(action, `summary[${i}].metrics.${metric}`, metrics[metric]);
    nonNegative(action, `summary[${i}].metrics.${metric}.mean`, entry.mean);
  });
  const cells = summary.filter((s) => s.workload === workload);
  if (cells.length === 0) {
    throw new RangeError(
      `Cannot find the best techniques as workload must be in the summary: current value is ${
        JSON.stringify(workload)
      }`,
    );
  }
  const value = cells.reduce((m, s) => Math.min(m, s.metrics[metric].mean), Infinity);
  const labels = cells
    .filter((s) => s.metrics[metric].mean <= value + Math.abs(value) * relativeTolerance)
    .map((s) => s.label);
  return { labels, value };
}
