import { requireArray, requireFlatRows, requireTextOptions } from "./_checks.ts";
import { array, finiteNumber, object, positive, requiredOptions, string } from "../_validate.ts";
import { Plot } from "../_deps/plot.ts";
import type { Figure } from "./figure.ts";
import { drawFigure, type FigureMarks } from "./figure_marks.ts";
import {
  checkPlotSize,
  figureMarks,
  formatNumber,
  noteMark,
  numberAxis,
  titleMark,
} from "./_render.ts";

/** A line drawn over the plane, e.g. a closed-form boundary. */
export interface PlaneBoundary {
  /** Name shown at the line's end. */
  label: string;
  /** Points of the line, in drawing order, with the plane's `x` and `y` keys. */
  points: readonly Record<string, number>[];
}

/** Options of {@link plotSweepPlane}. */
export interface SweepPlaneOptions {
  /** Row key of the horizontal axis (log scale): a finite number > 0 in every row. */
  x: string;
  /** Row key of the vertical axis (log scale): a finite number > 0 in every row. */
  y: string;
  /**
   * Row key of the value to average per (x, y) cell: a finite number or a boolean (0/1).
   * The colour scale runs from 0 to 1 when every value is a boolean or in [0, 1] (a share,
   * such as the share of seeds that converged), otherwise from the lowest to the highest
   * cell mean.
   */
  value: string;
  /** Axis label of x, with its unit. */
  xLabel: string;
  /** Axis label of y, with its unit. */
  yLabel: string;
  /** Name of the value, in the default title and in each cell's tooltip (no legend is drawn). */
  valueLabel: string;
  /**
   * Lines drawn over the cells.
   * @default {[]}
   */
  boundaries?: readonly PlaneBoundary[];
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
   * @default {460}
   */
  height?: number;
}

/**
 * The marks and Plot options of {@link plotSweepPlane}, to draw with `drawFigure` together with
 * marks of your own (drawn on top, in the same scales).
 *
 * @param rows Sweep rows.
 * @param options As for {@link plotSweepPlane}.
 * @returns The figure's title, marks and Plot options.
 *
 * @example The marks of the figure
 * ```ts
 * import { sweepPlaneMarks } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const rows = [1, 10].flatMap((w) => [1, 10].map((b) => ({ w, b, ok: w < b })));
 * const layers = sweepPlaneMarks(rows, {
 *   x: "w",
 *   y: "b",
 *   value: "ok",
 *   xLabel: "writes/s",
 *   yLabel: "bandwidth",
 *   valueLabel: "converged",
 * });
 * assert.ok(layers.marks.length > 0);
 * ```
 */
export function sweepPlaneMarks(
  rows: readonly Record<string, unknown>[],
  options: SweepPlaneOptions,
): FigureMarks {
  requireFlatRows("plot rows", "rows", rows);
  requiredOptions("run plotSweepPlane()", "options", options, [
    "boundaries",
    "height",
    "subtitle",
    "title",
    "value",
    "valueLabel",
    "width",
    "x",
    "xLabel",
    "y",
    "yLabel",
  ]);
  checkPlotSize("run plotSweepPlane()", options);
  const {
    x,
    y,
    value,
    xLabel,
    yLabel,
    valueLabel,
    boundaries = [],
    title = "",
    subtitle = "",
    width = 720,
    height = 460,
  } = options;
  const action = "plot a sweep plane";
  requireArray(action, "rows", rows);
  rows.forEach((row, i) => object(action, `rows[${i}]`, row));
  for (const field of ["x", "y", "value"] as const) {
    string(action, `options.${field}`, options[field], true);
  }
  requireTextOptions(action, options, ["xLabel", "yLabel", "valueLabel", "title", "subtitle"]);
  const cells = new Map<string, { x: number; y: number; sum: number; n: number }>();
  let shares = true;
  rows.forEach((row, i) => {
    const cx = positive(action, `rows[${i}].${x}`, row[x]);
    const cy = positive(action, `rows[${i}].${y}`, row[y]);
    const raw = row[value];
    const v = typeof raw === "boolean"
      ? Number(raw)
      : finiteNumber(action, `rows[${i}].${value}`, raw);
    if (v < 0 || v > 1) shares = false;
    const key = `${cx}|${cy}`;
    const cell = cells.get(key) ?? { x: cx, y: cy, sum: 0, n: 0 };
    cell.sum += v;
    cell.n += 1;
    cells.set(key, cell);
  });
  const data = [...cells.values()].map((c) => ({ x: c.x, y: c.y, mean: c.sum / c.n, n: c.n }));
  const means = data.map((d) => d.mean);
  const low = shares ? 0 : Math.min(...means);
  const high = shares ? 1 : Math.max(...means);
  const domain = high > low ? [low, high] : [low - 1, high + 1];
  const shade = (mean: number) => (mean - domain[0]!) / (domain[1]! - domain[0]!);
  const xs = [...new Set(data.map((d) => d.x))].sort((a, b) => a - b);
  const ys = [...new Set(data.map((d) => d.y))].sort((a, b) => a - b);
  array(action, "options.boundaries", boundaries).forEach((b, i) => {
    const boundary = object(action, `options.boundaries[${i}]`, b);
    string(action, `options.boundaries[${i}].label`, boundary.label);
    array(action, `options.boundaries[${i}].points`, boundary.points).forEach((p, j) => {
      const point = object(action, `options.boundaries[${i}].points[${j}]`, p);
      positive(action, `options.boundaries[${i}].points[${j}].${x}`, point[x]);
      positive(action, `options.boundaries[${i}].points[${j}].${y}`, point[y]);
    });
  });
  const lines = boundaries.flatMap((b) =>
    b.points.map((p) => ({ x: Number(p[x]), y: Number(p[y]), label: b.label }))
  );
  const top = (title ? 30 : 10) + (subtitle ? 18 : 0);
  const symbolSize = Math.max(
    6,
    Math.min((width - 120) / Math.max(1, xs.length), (height - top - 60) / Math.max(1, ys.length)) /
      3,
  );
  const inset = Math.ceil(symbolSize * 1.1) + 2;
  return figureMarks(
    title || `${valueLabel} over ${xLabel} x ${yLabel}`,
    {
      width,
      height,
      marginTop: top + 10,
      marginRight: 110,
      marginLeft: 70,
      x: { type: "log", inset, ...numberAxis(xLabel) },
      y: { type: "log", inset, ...numberAxis(yLabel) },
      color: { type: "linear", scheme: "viridis", domain, label: valueLabel },
      marks: [
        Plot.dot(data, {
          x: "x",
          y: "y",
          fill: "mean",
          symbol: "square",
          r: symbolSize,
          title: (d: { mean: number; n: number }) => `${valueLabel}: ${d.mean} (${d.n} runs)`,
        }),
        Plot.text(data, {
          x: "x",
          y: "y",
          text: (d: { mean: number }) => shares ? d.mean.toFixed(2) : formatNumber(d.mean),
          fill: (d: { mean: number }) => (shade(d.mean) > 0.6 ? "black" : "white"),
          fontSize: 9,
        }),
        Plot.line(lines, { x: "x", y: "y", z: "label", stroke: "#e4572e", strokeWidth: 2.5 }),
        Plot.text(
          lines,
          Plot.selectLast({
            x: "x",
            y: "y",
            z: "label",
            text: "label",
            dx: 6,
            textAnchor: "start",
            fill: "#e4572e",
            fontWeight: "bold",
          }),
        ),
        ...(title ? [titleMark(title, -top)] : []),
        ...(subtitle ? [noteMark(subtitle, -top + 18)] : []),
      ],
    },
  );
}

/**
 * Draws a sweep's two-parameter plane: one square per (x, y) grid point, coloured by
 * the mean of `value` over the runs there (e.g. the share of seeds whose pre-copy
 * converged), on log-log axes, with boundary lines (e.g. a closed form) on top and
 * each cell's mean printed in it.
 *
 * @param rows Sweep rows.
 * @param options Keys, labels, boundaries, title and size.
 * @returns The chart as a {@link Figure}.
 *
 * @example Four cells and a boundary
 * ```ts
 * import { plotSweepPlane } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const rows = [1, 10].flatMap((w) => [1, 10].map((b) => ({ w, b, ok: w < b })));
 * const fig = plotSweepPlane(rows, { x: "w", y: "b", value: "ok", xLabel: "writes/s",
 *   yLabel: "bandwidth", valueLabel: "converged", boundaries: [{ label: "w = b",
 *   points: [{ w: 1, b: 1 }, { w: 10, b: 10 }] }] });
 * assert.match(fig.toSvg(), /^<svg/);
 * assert.match(fig.toSvg(), /w = b/);
 * ```
 */
export function plotSweepPlane(
  rows: readonly Record<string, unknown>[],
  options: SweepPlaneOptions,
): Figure {
  return drawFigure(sweepPlaneMarks(rows, options));
}
