import { Plot } from "../_deps/plot.ts";
import { boolean, object, oneOf, options as checkOptions, string } from "../_validate.ts";
import type { Figure } from "./figure.ts";
import { drawFigure, type FigureMarks } from "./figure_marks.ts";
import { requireArray, requireFinite, requireFlatRows, requireTextOptions } from "./_checks.ts";
import {
  bytesUnit,
  decadeAtOrAbove,
  figureMarks,
  formatNumber,
  numberAxis,
  powersOfTen,
  secondsUnit,
  subtitleMark,
  titleMark,
} from "./_render.ts";

/** Metrics {@link plotTechniqueComparison} can chart. */
export type ComparisonMetric =
  | "downtimeSeconds"
  | "totalSeconds"
  | "bytesSent"
  | "pagesSent"
  | "rounds"
  | "remoteFaults"
  | "stallSeconds";

/** Every {@link ComparisonMetric}, in documentation order. */
export const COMPARISON_METRICS: readonly ComparisonMetric[] = [
  "downtimeSeconds",
  "totalSeconds",
  "bytesSent",
  "pagesSent",
  "rounds",
  "remoteFaults",
  "stallSeconds",
];

/**
 * One run, as a tidy row: which technique variant ran on which workload, and its
 * metrics. A `StudyRow` is one; only the charted metric has to be present.
 */
export interface TechniqueComparisonRow {
  /** Label of the technique variant, e.g. `pre-copy/qemu`. */
  label: string;
  /** Name of the workload, e.g. `hot-cold`. */
  workload: string;
  /** Downtime in seconds. */
  downtimeSeconds?: number;
  /** Total migration time in seconds. */
  totalSeconds?: number;
  /** Bytes sent over the link. */
  bytesSent?: number;
  /** Pages sent, counting resends. */
  pagesSent?: number;
  /** Number of rounds. */
  rounds?: number;
  /** Post-copy remote page faults. */
  remoteFaults?: number;
  /** Post-copy stall time in seconds. */
  stallSeconds?: number;
}

/** Options of {@link plotTechniqueComparison}. */
export interface TechniqueComparisonOptions {
  /**
   * The metric to chart; rows with the same workload and label (several seeds) are
   * averaged.
   * @default {"downtimeSeconds"}
   */
  metric?: ComparisonMetric;
  /**
   * `"workload"` draws one panel per workload with a bar per technique;
   * `"technique"` draws one panel per technique with a bar per workload.
   * @default {"workload"}
   */
  groupBy?: "workload" | "technique";
  /**
   * Use a logarithmic y scale. Bar lengths mean nothing on a log axis, so the chart then
   * draws the mean of each technique as a dot (a bar would need an arbitrary floor), with
   * every run above 0 as a small hollow dot (a line under the subtitle counts the runs at or
   * below 0, which the means include); zero means are labelled `0` at the bottom, not drawn.
   * @default {false}
   */
  log?: boolean;
  /**
   * Second line under the title: the setup (VM, link, workload, seeds), for example. The
   * spread across runs is appended (`bars: means of up to N runs; small dots: each run`,
   * or `large dots: means ...` with `log`) when any bar averages more than one run; with
   * `log`, a line under it counts the runs at or below 0, which have no small dot (the
   * means include them).
   * @default {""}
   */
  subtitle?: string;
  /**
   * Title drawn at the top left of the chart.
   * @default {"<metric name> by technique and workload"}
   */
  title?: string;
  /**
   * Width in pixels.
   * @default {960}
   */
  width?: number;
  /**
   * Height in pixels.
   * @default {440}
   */
  height?: number;
}

const METRIC_INFO: Record<
  ComparisonMetric,
  { name: string; kind: "seconds" | "bytes" | "count" }
> = {
  downtimeSeconds: { name: "Downtime", kind: "seconds" },
  totalSeconds: { name: "Total migration time", kind: "seconds" },
  bytesSent: { name: "Traffic", kind: "bytes" },
  pagesSent: { name: "Pages sent", kind: "count" },
  rounds: { name: "Rounds", kind: "count" },
  remoteFaults: { name: "Remote faults", kind: "count" },
  stallSeconds: { name: "Stall time", kind: "seconds" },
};

/** One bar: the mean of the metric over the runs of one workload and technique. */
interface Bar {
  workload: string;
  label: string;
  value: number;
  text: string;
}

/** One run's value, drawn as a small dot so that the spread across seeds shows. */
interface Run {
  workload: string;
  label: string;
  value: number;
}

/**
 * The marks and Plot options of {@link plotTechniqueComparison}, to draw with `drawFigure` together with
 * marks of your own (drawn on top, in the same scales).
 *
 * @param rows Tidy rows, one per run.
 * @param options As for {@link plotTechniqueComparison}.
 * @returns The figure's title, marks and Plot options.
 *
 * @example The marks of the figure
 * ```ts
 * import { techniqueComparisonMarks } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const layers = techniqueComparisonMarks([
 *   { label: "offline", workload: "idle", downtimeSeconds: 34.4 },
 *   { label: "pre-copy", workload: "idle", downtimeSeconds: 0.002 },
 * ], { metric: "downtimeSeconds", log: true });
 * assert.ok(layers.marks.length > 0);
 * assert.equal(layers.title, "Downtime by technique and workload");
 * ```
 */
export function techniqueComparisonMarks(
  rows: readonly TechniqueComparisonRow[],
  options: TechniqueComparisonOptions = {},
): FigureMarks {
  requireFlatRows("plot rows", "rows", rows);
  checkOptions("run plotTechniqueComparison()", "options", options, [
    "groupBy",
    "height",
    "log",
    "metric",
    "subtitle",
    "title",
    "width",
  ]);
  requireTextOptions("run plotTechniqueComparison()", options, ["subtitle", "title"]);
  const {
    metric = "downtimeSeconds",
    groupBy = "workload",
    log = false,
    width = 960,
    height = 440,
  } = options;
  const action = "plot a technique comparison";
  oneOf(action, "metric", metric, COMPARISON_METRICS);
  oneOf(action, "groupBy", groupBy, ["workload", "technique"] as const);
  boolean(action, "options.log", log);
  requireArray(action, "rows", rows);
  const info = METRIC_INFO[metric];
  const { title = `${info.name} by technique and workload`, subtitle = "" } = options;
  const runs: Run[] = [];

  const sums = new Map<
    string,
    { workload: string; label: string; sum: number; n: number }
  >();
  for (const [index, row] of rows.entries()) {
    object(action, `rows[${index}]`, row);
    string(action, `rows[${index}].workload`, row.workload, true);
    string(action, `rows[${index}].label`, row.label, true);
    const value = requireFinite(action, `rows[${index}].${metric}`, row[metric]);
    const key = JSON.stringify([row.workload, row.label]);
    const entry = sums.get(key) ??
      { workload: row.workload, label: row.label, sum: 0, n: 0 };
    entry.sum += value;
    entry.n += 1;
    runs.push({ workload: row.workload, label: row.label, value });
    sums.set(key, entry);
  }
  // a mean of values near the largest double: their sum overflows, the sum of their shares not
  const mean = (e: { workload: string; label: string; sum: number; n: number }) =>
    Number.isFinite(e.sum) ? e.sum / e.n : runs.reduce(
      (m, r) => r.workload === e.workload && r.label === e.label ? m + r.value / e.n : m,
      0,
    );
  const maxValue = Math.max(0, ...[...sums.values()].map(mean));
  // milliseconds only when no run overflows in them (a run of -1e308 s beside means below
  // 1 s, e.g. runs of opposite signs, would be drawn at -Infinity)
  let largestRun = 0;
  for (const r of runs) largestRun = Math.max(largestRun, Math.abs(r.value));
  const { unit, scale } = info.kind === "seconds"
    ? secondsUnit(Number.isFinite(largestRun * 1e3) ? maxValue : largestRun)
    : info.kind === "bytes"
    ? bytesUnit(maxValue)
    : { unit: "", scale: 1 };
  const bars: Bar[] = [...sums.values()].map((e) => {
    const value = mean(e) * scale;
    return {
      workload: e.workload,
      label: e.label,
      value,
      text: formatNumber(value),
    };
  });
  const scaledRuns = runs.map((r) => ({ ...r, value: r.value * scale }));
  const maxRuns = Math.max(0, ...[...sums.values()].map((e) => e.n));
  // on a log axis, runs <= 0 have no small dot: a line under the subtitle says how many
  // (the means include them)
  const runsOff = log && maxRuns > 1 ? scaledRuns.filter((r) => !(r.value > 0)).length : 0;
  const spread = maxRuns > 1
    ? `${log ? "large dots: means" : "bars: means"} of up to ${maxRuns} runs; small dots: each run`
    : "";
  const note = runsOff > 0
    ? `${runsOff} of ${runs.length} runs at or below 0 not drawn on the log scale; the means include ${
      runsOff === 1 ? "it" : "them"
    }`
    : "";
  const below = note === "" ? 0 : 18;
  const caption = [subtitle, spread].filter((text) => text !== "").join(" · ");
  const workloads = [...new Set(rows.map((r) => r.workload))];
  const labels = [...new Set(rows.map((r) => r.label))];
  const [panel, member, panels, members] = groupBy === "workload"
    ? ["workload", "label", workloads, labels] as const
    : ["label", "workload", labels, workloads] as const;

  const positive = [...bars.map((b) => b.value), ...scaledRuns.map((r) => r.value)]
    .filter((v) => v > 0);
  const floor = positive.length > 0 ? 10 ** Math.floor(Math.log10(Math.min(...positive))) : 1;
  // the decade above 1.5 times the largest value
  const ceiling = positive.length > 0 ? decadeAtOrAbove(Math.max(...positive) * 1.5) : 10;
  const drawn = log ? bars.filter((b) => b.value > 0) : bars;
  const yLabel = unit === "" ? info.name : `${info.name} (${unit})`;
  const yAxis = numberAxis(yLabel);

  return figureMarks(
    title,
    {
      width,
      height,
      marginTop: (caption === "" ? 56 : 72) + below,
      marginBottom: 110,
      marginLeft: 64,
      fx: { domain: panels, label: null, padding: 0.08 },
      x: { domain: members, label: null, tickRotate: -40, padding: 0.15 },
      y: log
        ? {
          type: "log",
          domain: [floor, ceiling],
          ticks: powersOfTen(floor, ceiling),
          ...yAxis,
        }
        : { nice: true, ...yAxis },
      color: { domain: members, scheme: "tableau10" },
      marks: [
        log
          ? Plot.dot(drawn, {
            fx: panel,
            x: member,
            y: "value",
            fill: member,
            r: 6,
          })
          : Plot.barY(drawn, {
            fx: panel,
            x: member,
            y: "value",
            fill: member,
          }),
        ...(maxRuns > 1
          ? [
            Plot.dot(log ? scaledRuns.filter((r) => r.value > 0) : scaledRuns, {
              fx: panel,
              x: member,
              y: "value",
              stroke: log ? member : "black",
              strokeOpacity: 0.8,
              fill: "none",
              r: 2.5,
            }),
          ]
          : []),
        Plot.text(log ? drawn : bars, {
          fx: panel,
          x: member,
          y: "value",
          text: "text",
          dy: log ? -10 : -4,
          lineAnchor: "bottom",
        }),
        ...(log
          ? [
            Plot.text(bars.filter((b) => b.value <= 0), {
              fx: panel,
              x: member,
              y: floor,
              text: "text",
              dy: -4,
              lineAnchor: "bottom",
            }),
          ]
          : [Plot.ruleY([0])]),
        titleMark(title, (caption === "" ? -48 : -64) - below, true),
        ...(caption === "" ? [] : [subtitleMark(caption, -46 - below)]),
        ...(note === "" ? [] : [subtitleMark(note, -46)]),
      ],
    },
  );
}

/**
 * Draws a grouped bar chart of one metric by technique variant, one panel per
 * workload (or per technique), with the value printed above each bar.
 *
 * The chart is made of Plot marks only: `barY` for the bars (on a linear axis from 0), or
 * `dot` for the means on a log axis (`log: true`: bar lengths would mean nothing there),
 * small hollow `dot`s for each run when a bar averages several (the spread across seeds),
 * `text` for the values, the title and the subtitle, `ruleY` for the baseline. Times are
 * shown in ms when every value is below a second, bytes in the largest binary unit (KiB,
 * MiB, GiB) that fits.
 *
 * @param rows Tidy rows, one per run (for example `runStudy`'s rows).
 * @param options Metric, grouping, scale, title and size.
 * @returns The chart as a {@link Figure}.
 *
 * @example Compare downtime of two techniques on one workload
 * ```ts
 * import { plotTechniqueComparison } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const fig = plotTechniqueComparison([
 *   { label: "offline", workload: "idle", downtimeSeconds: 34.4 },
 *   { label: "pre-copy/qemu", workload: "idle", downtimeSeconds: 0.002 },
 * ], { metric: "downtimeSeconds", log: true });
 * assert.match(fig.toSvg(), /^<svg/);
 * assert.match(fig.toSvg(), /Downtime \(s\)/);
 * ```
 */
export function plotTechniqueComparison(
  rows: readonly TechniqueComparisonRow[],
  options: TechniqueComparisonOptions = {},
): Figure {
  return drawFigure(techniqueComparisonMarks(rows, options));
}
