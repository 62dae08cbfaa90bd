import { requireArray, requireFlatRows, requireTextOptions } from "./_checks.ts";
import {
  boolean,
  finiteNumber,
  object,
  positive,
  requiredOptions,
  show,
  string,
} from "../_validate.ts";
import { Plot } from "../_deps/plot.ts";
import type { Figure } from "./figure.ts";
import { drawFigure, type FigureMarks } from "./figure_marks.ts";
import { figureMarks, noteMark, numberAxis, titleMark } from "./_render.ts";

/** Options of {@link plotSweepMetric}. */
export interface SweepMetricOptions {
  /** Row key of the swept parameter (horizontal axis): a finite number in every row. */
  x: string;
  /** Row key of the metric (vertical axis): a finite number in every row. */
  y: string;
  /** Row key that splits the rows into series (e.g. `variant`): a string, number or boolean. */
  series: string;
  /** Axis label of x, with its unit. */
  xLabel: string;
  /** Axis label of y, with its unit. */
  yLabel: string;
  /**
   * Log scale on x (every x must then be > 0).
   * @default {false}
   */
  xLog?: boolean;
  /**
   * Log scale on y. Runs with y <= 0, and means <= 0, cannot be drawn on it: they are left
   * off, the means are still taken over every run, and a line under the title says how many
   * were left off.
   * @default {false}
   */
  yLog?: boolean;
  /**
   * Title at the top left.
   * @default {""}
   */
  title?: string;
  /**
   * A second line under the title: the setup (VM, link, workload, seeds).
   * @default {""}
   */
  subtitle?: string;
  /**
   * Width in pixels.
   * @default {720}
   */
  width?: number;
  /**
   * Height in pixels.
   * @default {420}
   */
  height?: number;
}

/**
 * The marks and Plot options of {@link plotSweepMetric}, to draw with `drawFigure` together with
 * marks of your own (drawn on top, in the same scales).
 *
 * @param rows Sweep rows.
 * @param options As for {@link plotSweepMetric}.
 * @returns The figure's title, marks and Plot options.
 *
 * @example The marks of the figure
 * ```ts
 * import { sweepMetricMarks } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const rows = [1, 2, 3].map((x) => ({ x, y: 2 * x, v: "a" }));
 * const layers = sweepMetricMarks(rows, {
 *   x: "x",
 *   y: "y",
 *   series: "v",
 *   xLabel: "x (s)",
 *   yLabel: "y (s)",
 * });
 * assert.ok(layers.marks.length > 0);
 * ```
 */
export function sweepMetricMarks(
  rows: readonly Record<string, unknown>[],
  options: SweepMetricOptions,
): FigureMarks {
  requireFlatRows("plot rows", "rows", rows);
  requiredOptions("run plotSweepMetric()", "options", options, [
    "height",
    "series",
    "subtitle",
    "title",
    "width",
    "x",
    "xLabel",
    "xLog",
    "y",
    "yLabel",
    "yLog",
  ]);
  const {
    x,
    y,
    series,
    xLabel,
    yLabel,
    xLog = false,
    yLog = false,
    title = "",
    subtitle = "",
    width = 720,
    height = 420,
  } = options;
  requireArray("plot a sweep metric", "rows", rows);
  rows.forEach((row, i) => object("plot a sweep metric", `rows[${i}]`, row));
  for (const field of ["x", "y", "series"] as const) {
    string("plot a sweep metric", `options.${field}`, options[field], true);
  }
  requireTextOptions("plot a sweep metric", options, ["xLabel", "yLabel", "title", "subtitle"]);
  boolean("plot a sweep metric", "options.xLog", xLog);
  boolean("plot a sweep metric", "options.yLog", yLog);
  const action = "plot a sweep metric";
  const points = rows
    .map((r, i) => {
      const name = r[series];
      if (
        typeof name !== "string" && !(typeof name === "number" && Number.isFinite(name)) &&
        typeof name !== "boolean"
      ) {
        throw new TypeError(
          `Cannot ${action} as rows[${i}].${series} must be a string, a finite number or a boolean: current value is ${
            show(name)
          }`,
        );
      }
      return {
        x: (xLog ? positive : finiteNumber)(action, `rows[${i}].${x}`, r[x]),
        y: finiteNumber(action, `rows[${i}].${y}`, r[y]),
        series: String(name),
      };
    });
  const groups = new Map<string, { x: number; series: string; sum: number; n: number }>();
  for (const p of points) {
    const key = `${p.series}|${p.x}`;
    const g = groups.get(key) ?? { x: p.x, series: p.series, sum: 0, n: 0 };
    g.sum += p.y;
    g.n += 1;
    groups.set(key, g);
  }
  // every run counts in its mean, drawn or not
  const means = [...groups.values()].map((g) => ({ x: g.x, series: g.series, y: g.sum / g.n }))
    .sort((a, b) => a.x - b.x);
  const note = yLog ? logScaleNote(points, means, yLabel) : "";
  const top = (title ? 30 : 10) + (subtitle ? 18 : 0) + (note ? 18 : 0);
  // on a log scale, the runs and means <= 0 are left off (a mean left off breaks its line)
  const drawn = yLog ? points.filter((p) => p.y > 0) : points;
  const meanDots = yLog ? means.filter((m) => m.y > 0) : means;
  // the line's data keeps the means; its y channel breaks it at a mean <= 0 (no NaN in data)
  const lineY = yLog ? (m: { y: number }) => m.y > 0 ? m.y : NaN : "y";
  return figureMarks(
    title || `${yLabel} by ${xLabel}`,
    {
      width,
      height,
      marginTop: top + 10,
      marginRight: 150,
      marginLeft: 70,
      x: { ...(xLog ? { type: "log" as const } : {}), ...numberAxis(xLabel) },
      y: { ...(yLog ? { type: "log" as const } : { zero: true }), ...numberAxis(yLabel) },
      color: { type: "categorical", scheme: "tableau10" },
      marks: [
        Plot.dot(drawn, { x: "x", y: "y", stroke: "series", r: 1.5, strokeOpacity: 0.45 }),
        Plot.line(means, { x: "x", y: lineY, stroke: "series", strokeWidth: 2 }),
        Plot.dot(meanDots, { x: "x", y: "y", fill: "series", r: 3.5 }),
        ...endLabels(meanDots, yLog).map(({ point, dy }) =>
          Plot.text([point], {
            x: "x",
            y: "y",
            text: "series",
            fill: "series",
            dx: 6,
            dy,
            textAnchor: "start",
          })
        ),
        ...(title ? [titleMark(title, -top)] : []),
        ...(subtitle ? [noteMark(subtitle, -top + 18)] : []),
        ...(note ? [noteMark(note, -top + 18 * (subtitle ? 2 : 1))] : []),
      ],
    },
  );
}

/**
 * Draws a metric against a swept parameter, one colour per series: every run as a
 * small dot (so the spread across seeds shows), and a line with larger dots through
 * the mean at each parameter value.
 *
 * @param rows Sweep rows.
 * @param options Keys, labels, scales, title and size.
 * @returns The chart as a {@link Figure}.
 *
 * @example Runs and their means
 * ```ts
 * import { plotSweepMetric } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const rows = [1, 2, 3].flatMap((x) => [0, 1].map((s) => ({ x, y: x + s, v: "a" })));
 * const fig = plotSweepMetric(rows, { x: "x", y: "y", series: "v", xLabel: "x (s)",
 *   yLabel: "y (s)" });
 * assert.match(fig.toSvg(), /^<svg/);
 * ```
 */
export function plotSweepMetric(
  rows: readonly Record<string, unknown>[],
  options: SweepMetricOptions,
): Figure {
  return drawFigure(sweepMetricMarks(rows, options));
}

/**
 * What a log y axis leaves off, as a sentence ("" when nothing): the runs with y <= 0 and the
 * means <= 0 (which the runs left off still count in).
 */
function logScaleNote(
  points: readonly { y: number }[],
  means: readonly { y: number }[],
  yLabel: string,
): string {
  const runs = points.filter((p) => !(p.y > 0)).length;
  const meansOff = means.filter((m) => !(m.y > 0)).length;
  if (runs === 0) return "";
  const of = (n: number, total: number, noun: string) =>
    `${n} of ${total} ${noun}${total === 1 ? "" : "s"}`;
  return `${of(runs, points.length, "run")} with ${yLabel} <= 0 ${
    runs === 1 ? "is" : "are"
  } not drawn on the log scale; the means include ${runs === 1 ? "it" : "them"}${
    meansOff > 0 ? ` (${of(meansOff, means.length, "mean")} <= 0 not drawn)` : ""
  }.`;
}

/**
 * The last mean of each series with a vertical offset in pixels, so that labels of
 * series ending at (nearly) the same value stack instead of overprinting.
 */
function endLabels(
  means: readonly { x: number; y: number; series: string }[],
  yLog: boolean,
): { point: { x: number; y: number; series: string }; dy: number }[] {
  const last = new Map<string, { x: number; y: number; series: string }>();
  for (const m of means) {
    const seen = last.get(m.series);
    if (seen === undefined || m.x >= seen.x) last.set(m.series, m);
  }
  const t = (y: number) => (yLog ? Math.log10(y) : y);
  const all = means.map((m) => t(m.y));
  const range = Math.max(...all) - Math.min(...all) || 1;
  const sorted = [...last.values()].sort((a, b) => t(a.y) - t(b.y));
  let offset = 0;
  return sorted.map((point, i) => {
    const gap = i === 0 ? Infinity : t(point.y) - t(sorted[i - 1]!.y);
    offset = gap < 0.04 * range ? offset - 12 : 0;
    return { point, dy: offset };
  });
}
