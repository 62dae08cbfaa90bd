import { Plot } from "../_deps/plot.ts";
import { nonNegative, requiredOptions, string, within } from "../_validate.ts";
import { requireArray, requireFlatRows } from "./_checks.ts";
import type { Figure } from "./figure.ts";
import { drawFigure, type FigureMarks } from "./figure_marks.ts";
import { figureMarks, noteMark, numberAxis, titleMark } from "./_render.ts";
import { checkValidationPoints, groupLegendMarks } from "./_validation_points.ts";
import type { ValidationPoint } from "./validation_scatter.ts";

/** Options of {@link plotValidationErrors}. */
export interface ValidationErrorsOptions {
  /** What is compared, for the axis label (e.g. `"downtime"`). */
  figureName: string;
  /**
   * Relative band drawn around 0 (0.15: within 15 % of the mean).
   * @default {0.15}
   */
  band?: number;
  /**
   * Largest error drawn, in percent; larger ones are drawn at the edge, labelled with their
   * value. The axis starts at -100 %: errors below it (a negative simulated value or mean) are
   * drawn at that edge, labelled with their value, and a note under the title counts them.
   * @default {300}
   */
  clipPercent?: number;
  /**
   * Title at the top left.
   * @default {""}
   */
  title?: string;
  /**
   * Width in pixels.
   * @default {720}
   */
  width?: number;
}

/**
 * The marks and Plot options of {@link plotValidationErrors}, to draw with `drawFigure`
 * together with marks of your own (drawn on top, in the same scales).
 *
 * @param points Recorded and simulated values, one per point.
 * @param options As for {@link plotValidationErrors}.
 * @returns The figure's title, marks and Plot options.
 *
 * @example The marks of the figure
 * ```ts
 * import { validationErrorsMarks } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const layers = validationErrorsMarks([
 *   { label: "a", group: "g", recordedMean: 1, recordedMin: 0.9, recordedMax: 1.1, simulated: 1.05 },
 * ], { figureName: "total time" });
 * assert.ok(layers.marks.length > 0);
 * ```
 */
export function validationErrorsMarks(
  points: readonly ValidationPoint[],
  options: ValidationErrorsOptions,
): FigureMarks {
  const action = "plot validation errors";
  requireFlatRows(action, "points", points);
  requireArray(action, "points", points);
  requiredOptions(action, "options", options, [
    "band",
    "clipPercent",
    "figureName",
    "title",
    "width",
  ]);
  const { figureName, band = 0.15, clipPercent = 300, title = "", width = 720 } = options;
  within(action, "options.clipPercent", clipPercent, 1, 1e6);
  string(action, "options.figureName", figureName);
  string(action, "options.title", title);
  nonNegative(action, "options.band", band);
  checkValidationPoints(action, points);
  const clip = (x: number) => Math.max(-100, Math.min(clipPercent, x));
  const rows = points.filter((p) => p.recordedMean !== 0).map((p) => {
    const error = 100 * (p.simulated / p.recordedMean - 1);
    return {
      label: p.label,
      group: p.group,
      error: clip(error),
      // a dot drawn at an edge says how far it really is
      beyond: error > clipPercent ? `+${Math.round(error)} %` : "",
      below: error < -100 ? `${Math.round(error)} %` : "",
      low: clip(100 * (p.recordedMin / p.recordedMean - 1)),
      high: clip(100 * (p.recordedMax / p.recordedMean - 1)),
    };
  });
  // a mean of 0 has no relative error: such points are left off, and the figure says so
  const leftOff = points.length - rows.length;
  // an error below -100 % (a negative simulated value or mean) is drawn at the left edge,
  // labelled with its value, and the figure counts such points
  const under = rows.filter((r) => r.below !== "").length;
  const notes = [
    ...(leftOff > 0
      ? [`${leftOff} of ${points.length} points left off (recorded mean 0: no relative error)`]
      : []),
    ...(under > 0
      ? [
        `${under} of ${rows.length} errors below -100 % drawn at the edge, labelled with ${
          under === 1 ? "its" : "their"
        } value`,
      ]
      : []),
  ];
  const top = (title ? 30 : 10) + 18 * notes.length;
  const b = 100 * band;
  return figureMarks(
    title || `Engine error in ${figureName}`,
    {
      width,
      height: top + 50 + 14 * Math.max(rows.length, 1),
      marginTop: top + 10,
      marginLeft: 260,
      marginRight: 20,
      x: {
        type: "linear",
        domain: [-100, clipPercent],
        ...numberAxis(`engine error in ${figureName} against the mean of the repeats (%)`),
      },
      y: { type: "band", domain: rows.map((r) => r.label), label: null, tickSize: 0 },
      color: { type: "categorical", scheme: "tableau10", legend: false },
      marks: [
        Plot.rectX([0], { x1: -b, x2: b, fill: "#888", fillOpacity: 0.15 }),
        Plot.ruleX([0], { stroke: "#888", strokeDasharray: "4,3" }),
        Plot.link(rows, {
          x1: "low",
          x2: "high",
          y1: "label",
          y2: "label",
          stroke: "#555",
          strokeOpacity: 0.6,
          strokeWidth: 3,
        }),
        Plot.dot(rows, { x: "error", y: "label", fill: "group", r: 3.5 }),
        Plot.text(rows.filter((r) => r.beyond !== ""), {
          x: "error",
          y: "label",
          text: "beyond",
          textAnchor: "end",
          dx: -7,
          fontSize: 10,
          fill: "#333",
        }),
        Plot.text(rows.filter((r) => r.below !== ""), {
          x: "error",
          y: "label",
          text: "below",
          textAnchor: "start",
          dx: 7,
          fontSize: 10,
          fill: "#333",
        }),
        ...groupLegendMarks(rows),
        ...(title ? [titleMark(title, -top)] : []),
        ...notes.map((note, i) => noteMark(note, -top + (title ? 18 : 0) + 18 * i)),
      ],
    },
  );
}

/**
 * Draws the simulator's relative error against a real system's repeats, one row per
 * point: a dot at `(simulated - mean) / mean` (in %), a bar over the repeats' own
 * deviations from their mean (`min / mean - 1` to `max / mean - 1`), and the band
 * `+- band` shaded. A dot outside the band but on the bar is as far from the mean as
 * the system itself strays. Errors beyond `clipPercent` are drawn at the edge, labelled
 * with their value (e.g. "+426 %"); the repeats' bars are cut there. The axis starts at
 * -100 % (a simulated value of 0 against a positive mean): errors below it, from a negative
 * simulated value or mean, are drawn at that edge, labelled with their value (e.g. "-600 %"),
 * and a note under the title counts them; the repeats' bars are cut there too.
 * Points with a mean of 0 have no relative error and are not drawn; a note under the title
 * counts them.
 *
 * @param points The points (as for `plotValidationScatter`).
 * @param options Figure name, band, clip, title and width.
 * @returns The chart as a {@link Figure}.
 *
 * @example
 * ```ts
 * import { plotValidationErrors } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const fig = plotValidationErrors([
 *   { label: "a", group: "passes", recordedMean: 1, recordedMin: 0.9, recordedMax: 1.1, simulated: 1.05 },
 *   { label: "b", group: "fails", recordedMean: 2, recordedMin: 1.5, recordedMax: 2.5, simulated: 4 },
 * ], { figureName: "total time" });
 * assert.match(fig.toSvg(), /^<svg/);
 * ```
 */
export function plotValidationErrors(
  points: readonly ValidationPoint[],
  options: ValidationErrorsOptions,
): Figure {
  return drawFigure(validationErrorsMarks(points, options));
}
