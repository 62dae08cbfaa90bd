import { array, object, show, string } from "../_validate.ts";
import type { SweepRecord } from "./run_kind.ts";

/** Mean, spread and count of one metric within one group of sweep rows. */
export interface SweepMetricSummary {
  /** Mean over the group's rows (booleans count as 0 and 1). */
  mean: number;
  /** Smallest value. */
  min: number;
  /** Largest value. */
  max: number;
  /** Sample standard deviation (0 for one row). */
  sd: number;
}

/** One group of {@link summarizeSweep}: its key values, row count and metric summaries. */
export interface SweepSummaryRow {
  /** The values of the `by` keys that define the group. */
  group: SweepRecord;
  /** Rows in the group (e.g. one per seed). */
  runs: number;
  /** Summary per metric. */
  metrics: Record<string, SweepMetricSummary>;
}

/**
 * Groups sweep rows by some keys (e.g. everything but the replicate) and summarises
 * metrics across each group's rows: mean, min, max and standard deviation, so the
 * spread across seeds can be shown next to the mean. Groups come in first-seen order.
 *
 * @param rows Sweep rows.
 * @param by Keys that define a group.
 * @param metrics Numeric or boolean metrics to summarise.
 * @returns One summary per group.
 *
 * @example Two seeds per bandwidth
 * ```ts
 * import { summarizeSweep } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const rows = [
 *   { bandwidth: 1, replicate: 0, seconds: 2, converged: true },
 *   { bandwidth: 1, replicate: 1, seconds: 4, converged: false },
 *   { bandwidth: 2, replicate: 0, seconds: 1, converged: true },
 * ];
 * const [slow] = summarizeSweep(rows, ["bandwidth"], ["seconds", "converged"]);
 * assert.deepEqual(slow!.group, { bandwidth: 1 });
 * assert.equal(slow!.runs, 2);
 * assert.deepEqual(slow!.metrics.seconds, { mean: 3, min: 2, max: 4, sd: Math.SQRT2 });
 * assert.equal(slow!.metrics.converged!.mean, 0.5);
 * ```
 */
export function summarizeSweep(
  rows: readonly SweepRecord[],
  by: readonly string[],
  metrics: readonly string[],
): SweepSummaryRow[] {
  array("summarize a sweep", "rows", rows);
  rows.forEach((row, i) => object("summarize a sweep", `rows[${i}]`, row));
  array("summarize a sweep", "by", by);
  by.forEach((key, i) => string("summarize a sweep", `by[${i}]`, key));
  array("summarize a sweep", "metrics", metrics);
  metrics.forEach((key, i) => string("summarize a sweep", `metrics[${i}]`, key));
  const groups = new Map<string, { group: SweepRecord; values: number[][] }>();
  for (const [i, row] of rows.entries()) {
    const group = Object.fromEntries(by.map((k) => {
      const v = row[k];
      const ok = typeof v === "string" || typeof v === "boolean" ||
        (typeof v === "number" && Number.isFinite(v));
      if (!ok) {
        throw new TypeError(
          `Cannot summarize a sweep as rows[${i}].${k} must be a string, a boolean or a finite number: current value is ${
            show(v)
          }`,
        );
      }
      return [k, v];
    }));
    const key = JSON.stringify(by.map((k) => row[k]));
    let entry = groups.get(key);
    if (entry === undefined) {
      entry = { group, values: metrics.map(() => []) };
      groups.set(key, entry);
    }
    metrics.forEach((m, j) => {
      const v = row[m];
      const x = typeof v === "boolean" ? Number(v) : v;
      if (typeof x !== "number" || !Number.isFinite(x)) {
        throw new TypeError(
          `Cannot summarize a sweep as rows[${i}].${m} must be a finite number or a boolean: current value is ${
            show(v)
          }`,
        );
      }
      entry!.values[j]!.push(x);
    });
  }
  return [...groups.values()].map(({ group, values }) => ({
    group,
    runs: values[0]?.length ?? rows.filter((r) => by.every((k) => r[k] === group[k])).length,
    metrics: Object.fromEntries(metrics.map((m, j) => [m, summary(values[j]!)])),
  }));
}

function summary(values: readonly number[]): SweepMetricSummary {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  // a loop, not Math.min(...values): spreading some 125,000 values overflows the stack
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { mean, min, max, sd };
}
