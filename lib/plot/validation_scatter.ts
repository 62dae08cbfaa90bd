import { Plot } from "../_deps/plot.ts";
import { nonNegative, requiredOptions, string } from "../_validate.ts";
import { requireArray, requireFlatRows } from "./_checks.ts";
import type { Figure } from "./figure.ts";
import { drawFigure, type FigureMarks } from "./figure_marks.ts";
import { figureMarks, noteMark, numberAxis, titleMark } from "./_render.ts";
import { checkValidationPoints, groupLegendMarks } from "./_validation_points.ts";

/** One point of a validation scatter: a simulated value against a real system's repeats. */
export interface ValidationPoint {
  /** Name of the point (e.g. the grid point id). */
  label: string;
  /** Colour group (e.g. `"passes"` / `"fails"`, or the cap). */
  group: string;
  /** The real system's mean over its repeats (> 0 to be drawn on log axes, as `simulated`). */
  recordedMean: number;
  /** The smallest repeat. */
  recordedMin: number;
  /** The largest repeat. */
  recordedMax: number;
  /** The simulated value. */
  simulated: number;
}

/** Options of {@link plotValidationScatter}. */
export interface ValidationScatterOptions {
  /** Axis label of the recorded values, with its unit. */
  xLabel: string;
  /** Axis label of the simulated values, with its unit. */
  yLabel: string;
  /**
   * Relative band drawn around the diagonal (0.15: simulated within 15 % of the mean).
   * @default {0.15}
   */
  band?: number;
  /**
   * Title at the top left.
   * @default {""}
   */
  title?: string;
  /**
   * Width in pixels.
   * @default {560}
   */
  width?: number;
  /**
   * Height in pixels.
   * @default {460}
   */
  height?: number;
}

/**
 * The marks and Plot options of {@link plotValidationScatter}, to draw with `drawFigure` together with
 * marks of your own (drawn on top, in the same scales).
 *
 * @param points Recorded and simulated values, one per point.
 * @param options As for {@link plotValidationScatter}.
 * @returns The figure's title, marks and Plot options.
 *
 * @example The marks of the figure
 * ```ts
 * import { validationScatterMarks } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const layers = validationScatterMarks([
 *   { label: "a", group: "g", recordedMean: 1, recordedMin: 0.9, recordedMax: 1.1, simulated: 1.05 },
 * ], { xLabel: "QEMU total time (s)", yLabel: "engine total time (s)" });
 * assert.ok(layers.marks.length > 0);
 * ```
 */
export function validationScatterMarks(
  points: readonly ValidationPoint[],
  options: ValidationScatterOptions,
): FigureMarks {
  const action = "plot a validation scatter";
  requireFlatRows(action, "points", points);
  requireArray(action, "points", points);
  requiredOptions(action, "options", options, [
    "band",
    "height",
    "title",
    "width",
    "xLabel",
    "yLabel",
  ]);
  const { xLabel, yLabel, band = 0.15, title = "", width = 560, height = 460 } = options;
  string(action, "options.xLabel", xLabel);
  string(action, "options.yLabel", yLabel);
  string(action, "options.title", title);
  nonNegative(action, "options.band", band);
  checkValidationPoints(action, points);
  // Log axes: a point is drawn when its mean and simulated value are > 0; a range whose
  // minimum is <= 0 is clipped at the axis' left edge rather than losing its point.
  const shown = points.filter((p) => p.recordedMean > 0 && p.simulated > 0);
  const values = shown.flatMap((p) =>
    [p.recordedMin, p.recordedMean, p.recordedMax, p.simulated].filter((v) => v > 0)
  );
  const low = values.length > 0 ? Math.min(...values) / 1.5 : 0.1;
  const high = values.length > 0 ? Math.max(...values) * 1.5 : 10;
  const ranges = shown.map((p) => ({
    group: p.group,
    simulated: p.simulated,
    from: p.recordedMin > 0 ? p.recordedMin : low,
    to: p.recordedMax > 0 ? p.recordedMax : p.recordedMean,
  }));
  const diagonal = [low, high].map((v) => ({ x: v, y: v }));
  const leftOff = points.length - shown.length;
  const clipped = shown.filter((p) => !(p.recordedMin > 0 && p.recordedMax > 0)).length;
  const note = [
    leftOff > 0
      ? `${leftOff} of ${points.length} points left off the log axes (mean or simulated value <= 0)`
      : "",
    clipped > 0 ? `${clipped} ranges clipped at the axis (a repeat <= 0)` : "",
  ].filter((text) => text !== "").join("; ");
  const top = (title ? 30 : 10) + (note ? 18 : 0);
  return figureMarks(
    title || `${yLabel} against ${xLabel}`,
    {
      width,
      height,
      marginTop: top + 10,
      marginLeft: 70,
      marginRight: 20,
      x: { type: "log", domain: [low, high], ...numberAxis(xLabel) },
      y: { type: "log", domain: [low, high], ...numberAxis(yLabel) },
      color: { type: "categorical", scheme: "tableau10", legend: false },
      marks: [
        Plot.areaY(diagonal, {
          x: "x",
          y1: (d: { y: number }) => d.y * (1 - band),
          y2: (d: { y: number }) => d.y * (1 + band),
          fill: "#888",
          fillOpacity: 0.15,
        }),
        Plot.line(diagonal, { x: "x", y: "y", stroke: "#888", strokeDasharray: "4,3" }),
        Plot.link(ranges, {
          x1: "from",
          x2: "to",
          y1: "simulated",
          y2: "simulated",
          stroke: "group",
          strokeOpacity: 0.6,
        }),
        Plot.dot(shown, { x: "recordedMean", y: "simulated", fill: "group", r: 3.5 }),
        ...groupLegendMarks(shown),
        ...(title ? [titleMark(title, -top)] : []),
        ...(note ? [noteMark(note, -top + (title ? 18 : 0))] : []),
      ],
    },
  );
}

/**
 * Draws simulated values against a real system's measurements on log-log axes: one
 * dot per point at (recorded mean, simulated), a horizontal bar over the range of the
 * repeats, the diagonal (perfect agreement) and the band `(1 +- band) x recorded`.
 * On the log axes, a point whose recorded mean or simulated value is <= 0 is not drawn,
 * and a range whose smallest (or largest) repeat is <= 0 is clipped at the axis' left
 * edge (or at the mean); a note under the title counts the points left off and the
 * ranges clipped.
 *
 * @param points The points.
 * @param options Labels, band, title and size.
 * @returns The chart as a {@link Figure}.
 *
 * @example Two points, one inside the band
 * ```ts
 * import { plotValidationScatter } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const fig = plotValidationScatter([
 *   { label: "a", group: "passes", recordedMean: 1, recordedMin: 0.9, recordedMax: 1.1, simulated: 1.05 },
 *   { label: "b", group: "fails", recordedMean: 2, recordedMin: 1.5, recordedMax: 2.5, simulated: 4 },
 * ], { xLabel: "QEMU total time (s)", yLabel: "engine total time (s)" });
 * assert.match(fig.toSvg(), /^<svg/);
 * ```
 */
export function plotValidationScatter(
  points: readonly ValidationPoint[],
  options: ValidationScatterOptions,
): Figure {
  return drawFigure(validationScatterMarks(points, options));
}
