import type { Plot } from "../_deps/plot.ts";
import { object, options as checkOptions, show } from "../_validate.ts";
import { type Figure, figure } from "./figure.ts";
import { renderSvg } from "./_render.ts";

/**
 * One Observable Plot mark (a layer of a chart: `Plot.dot(...)`, `Plot.ruleY(...)`, ...), or
 * anything else `Plot.plot` accepts in its `marks` (a render function, null, an array).
 */
export type Mark = Plot.Markish;

/**
 * The options `Plot.plot` takes besides `marks` (scales `x`, `y`, `fx`, `color`, ...,
 * margins, `width`, `height`), as documented by Observable Plot; kept as a plain record here
 * so that the type does not depend on Plot's own declarations.
 */
export interface FigurePlotOptions {
  /** Width of the figure in pixels. */
  width?: number;
  /** Height of the figure in pixels. */
  height?: number;
  /** Any other option of `Plot.plot`. */
  [option: string]: unknown;
}

/**
 * A figure before it is drawn: the marks of a figure helper and the Plot options (scales,
 * size, margins) they are drawn with. Every `plotXxx` helper of this module has an `xxxMarks`
 * twin that returns one; `plotXxx(rows, options)` is `drawFigure(xxxMarks(rows, options))`.
 * Add marks of your own (a downtime budget, a threshold, an annotation) with
 * {@link drawFigure}'s `marks` option: they are drawn on top, in the figure's scales.
 */
export interface FigureMarks {
  /** Title of the figure (drawn by one of the marks, and the figure's text summary). */
  title: string;
  /** The marks, in drawing order. */
  marks: readonly Mark[];
  /** Scales, size, margins and facets of the figure, without `marks`. */
  plotOptions: FigurePlotOptions;
}

/** Options of {@link drawFigure}. */
export interface DrawFigureOptions {
  /**
   * Marks drawn after (on top of) the figure's own marks, in the same scales. Make them with
   * Observable Plot (`import * as Plot from "npm:@observablehq/plot@0.6.17"`, the version
   * this library pins), e.g. `Plot.ruleY([0.3], { stroke: "red" })` for a 300 ms budget on a
   * downtime axis in ms.
   * @default {[]}
   */
  marks?: readonly Mark[];
}

const ACTION = "draw a figure";

/**
 * Draws the marks of a figure helper (`xxxMarks(rows, options)`), with marks of your own on
 * top, into a {@link Figure}: standalone SVG on an opaque white canvas that shows in Jupyter,
 * saves as SVG and exports to PNG.
 *
 * @param figureMarks What an `xxxMarks` helper returns: title, marks and Plot options.
 * @param options Extra marks drawn on top.
 * @returns The chart as a {@link Figure}.
 * @throws {TypeError} If figureMarks is not such an object or marks is not an array.
 * @throws {RangeError} If Observable Plot cannot draw the marks.
 *
 * @example A placement comparison with a target line of one's own
 * ```ts
 * import { drawFigure, placementComparisonMarks } from "./mod.ts";
 * import * as Plot from "npm:@observablehq/plot@0.6.17";
 * import assert from "node:assert/strict";
 *
 * const layers = placementComparisonMarks([
 *   { algorithm: "first-fit", kind: "heuristic", hostsUsed: 12 },
 *   { algorithm: "best-fit", kind: "heuristic", hostsUsed: 11 },
 * ]);
 * const target = Plot.ruleX([10.5], { stroke: "purple", strokeDasharray: "4,2" });
 * const svg = drawFigure(layers, { marks: [target] }).toSvg();
 * assert.match(svg, /stroke-dasharray="4,2" stroke="purple"/);
 * ```
 */
export function drawFigure(figureMarks: FigureMarks, options: DrawFigureOptions = {}): Figure {
  checkOptions("run drawFigure()", "options", options, ["marks"]);
  object(ACTION, "figureMarks", figureMarks);
  const { title, marks, plotOptions } = figureMarks;
  const { marks: extra = [] } = options;
  if (typeof title !== "string") {
    throw new TypeError(
      `Cannot ${ACTION} as figureMarks.title must be a string: current value is ${show(title)}`,
    );
  }
  for (const [field, value] of [["figureMarks.marks", marks], ["options.marks", extra]] as const) {
    if (!Array.isArray(value)) {
      throw new TypeError(
        `Cannot ${ACTION} as ${field} must be an array of Plot marks: current value is ${
          show(value)
        }`,
      );
    }
  }
  object(ACTION, "figureMarks.plotOptions", plotOptions);
  const svg = renderSvg({ ...plotOptions, marks: [...marks, ...extra] } as Plot.PlotOptions);
  return figure(svg, { title });
}
