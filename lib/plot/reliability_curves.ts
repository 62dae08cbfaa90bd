import { Plot } from "../_deps/plot.ts";
import { array, finiteNumber, object, oneOf, options as checkOptions, show } from "../_validate.ts";
import type { Figure } from "./figure.ts";
import { drawFigure, type FigureMarks } from "./figure_marks.ts";
import { requireArray, requireFinite, requireFlatRows, requireTextOptions } from "./_checks.ts";
import { figureMarks, numberAxis, titleMark } from "./_render.ts";

/** How one series of {@link plotReliabilityCurves} is drawn. */
export type ReliabilityMark = "line" | "step" | "dot";

/** One point of one reliability series, as a tidy row. */
export interface ReliabilityCurveRow {
  /** Name of the series, e.g. `"with migration"` or `"Monte Carlo"`. */
  series: string;
  /** The x value: a mission time (in the unit of the axis label) or a coverage. */
  x: number;
  /** Reliability in [0, 1]. */
  reliability: number;
  /** Lower end of a confidence band (drawn when both ends are given). */
  lowerBound?: number;
  /** Upper end of a confidence band. */
  upperBound?: number;
  /**
   * How the series is drawn: a line, a step line (Kaplan–Meier), or dots.
   * @default {"line"}
   */
  mark?: ReliabilityMark;
}

/** Options of {@link plotReliabilityCurves}. */
export interface ReliabilityCurvesOptions {
  /**
   * Label of the x axis, with its unit.
   * @default {"Mission time"}
   */
  xLabel?: string;
  /**
   * Label of the y axis.
   * @default {"Reliability"}
   */
  yLabel?: string;
  /**
   * Title drawn at the top left of the chart.
   * @default {"Reliability"}
   */
  title?: string;
  /**
   * The y domain: two different finite numbers (the first at the bottom).
   * @default {[0, 1]}
   */
  yDomain?: readonly [number, number];
  /**
   * Corner of the plot frame where the legend goes.
   * @default {"top-right"}
   */
  legendAnchor?: "top-right" | "top-left" | "bottom-right" | "bottom-left";
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

const COLORS = [
  "#4269d0",
  "#ff725c",
  "#3ca951",
  "#efb118",
  "#a463f2",
  "#6cc5b0",
  "#ff8ab7",
  "#9c6b4e",
  "#97bbf5",
];

/**
 * Dash patterns given to the line and step series in turn, so that curves lying on
 * top of each other stay distinguishable (the lower one shows through the gaps).
 */
const DASHES = ["none", "8,4", "2,3", "12,3,3,3", "5,5", "1,4", "9,2,2,2,2,2"];

/** Legend glyphs drawn by Plot's dot mark: a line segment, a step, or Plot's circle. */
const LINE_SWATCH = {
  draw(context: { moveTo(x: number, y: number): void; lineTo(x: number, y: number): void }) {
    context.moveTo(-10, 0);
    context.lineTo(10, 0);
  },
};
const STEP_SWATCH = {
  draw(context: { moveTo(x: number, y: number): void; lineTo(x: number, y: number): void }) {
    context.moveTo(-10, -4);
    context.lineTo(0, -4);
    context.lineTo(0, 4);
    context.lineTo(10, 4);
  },
};
const BAND_SWATCH = {
  draw(context: {
    moveTo(x: number, y: number): void;
    lineTo(x: number, y: number): void;
    closePath(): void;
  }) {
    context.moveTo(-11, -6);
    context.lineTo(11, -6);
    context.lineTo(11, 6);
    context.lineTo(-11, 6);
    context.closePath();
  },
};

/**
 * The marks and Plot options of {@link plotReliabilityCurves}, to draw with `drawFigure` together with
 * marks of your own (drawn on top, in the same scales).
 *
 * @param rows Tidy rows, one per point and series.
 * @param options As for {@link plotReliabilityCurves}.
 * @returns The figure's title, marks and Plot options.
 *
 * @example The marks of the figure
 * ```ts
 * import { reliabilityCurvesMarks } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const layers = reliabilityCurvesMarks([
 *   { series: "exact", x: 0, reliability: 1 },
 *   { series: "exact", x: 1, reliability: 0.9 },
 * ], { xLabel: "Mission time (h)" });
 * assert.equal(layers.plotOptions.width, 720);
 * ```
 */
export function reliabilityCurvesMarks(
  rows: readonly ReliabilityCurveRow[],
  options: ReliabilityCurvesOptions = {},
): FigureMarks {
  requireFlatRows("plot rows", "rows", rows);
  checkOptions("run plotReliabilityCurves()", "options", options, [
    "height",
    "legendAnchor",
    "title",
    "width",
    "xLabel",
    "yDomain",
    "yLabel",
  ]);
  requireTextOptions("run plotReliabilityCurves()", options, ["title", "xLabel", "yLabel"]);
  const {
    xLabel = "Mission time",
    yLabel = "Reliability",
    title = "Reliability",
    yDomain = [0, 1],
    legendAnchor = "top-right",
    width = 720,
    height = 420,
  } = options;
  const action = "plot reliability curves";
  requireArray(action, "rows", rows);
  rows.forEach((row, i) => object(action, `rows[${i}]`, row));
  array(action, "options.yDomain", yDomain, 2, 2).forEach((y, i) =>
    finiteNumber(action, `options.yDomain[${i}]`, y)
  );
  if (yDomain[0] === yDomain[1]) {
    throw new RangeError(
      `Cannot ${action} as options.yDomain must hold two different numbers: current value is ${
        show(yDomain)
      }`,
    );
  }
  for (const [i, row] of rows.entries()) {
    for (const field of ["x", "reliability"] as const) {
      requireFinite(action, `rows[${i}].${field}`, row[field]);
    }
    oneOf(action, `rows[${i}].mark`, row.mark ?? "line", ["line", "step", "dot"] as const);
  }
  const series = [...new Set(rows.map((r) => r.series))];
  const colors = series.map((_, i) => COLORS[i % COLORS.length]!);
  const markOf = new Map(series.map((s) => [s, rows.find((r) => r.series === s)?.mark ?? "line"]));
  const banded = rows.filter((r) =>
    typeof r.lowerBound === "number" && typeof r.upperBound === "number"
  );
  const hasBand = new Set(banded.map((r) => r.series));
  oneOf(
    action,
    "legendAnchor",
    legendAnchor,
    [
      "top-right",
      "top-left",
      "bottom-right",
      "bottom-left",
    ] as const,
  );
  // Dash patterns in turn over the line and step series.
  const dashOf = new Map<string, string>();
  for (const name of series) {
    if (markOf.get(name) !== "dot") dashOf.set(name, DASHES[dashOf.size % DASHES.length]!);
  }
  const rowsOf = (name: string) => rows.filter((r) => r.series === name);
  // A line lying on a later one (within 1 % of the y span at every shared x) is drawn wider
  // and solid beneath it, so that it shows on both sides of the later line's dashes.
  const lineNames = series.filter((name) => markOf.get(name) !== "dot");
  const span = Math.abs(yDomain[1] - yDomain[0]) || 1;
  const widthOf = new Map<string, number>();
  lineNames.forEach((name, i) => {
    const own = new Map(rowsOf(name).map((r) => [r.x, r.reliability]));
    const covered = lineNames.slice(i + 1).filter((other) => {
      const shared = rowsOf(other).filter((r) => own.has(r.x));
      return shared.length >= 2 &&
        shared.every((r) => Math.abs(own.get(r.x)! - r.reliability) <= 0.01 * span);
    }).length;
    widthOf.set(name, (markOf.get(name) === "step" ? 1.5 : 2) + 3 * covered);
    if (covered > 0) dashOf.set(name, "none");
  });
  const bandedDots = banded.filter((r) => markOf.get(r.series) === "dot");
  const bandedLines = banded.filter((r) => markOf.get(r.series) !== "dot");
  const top = legendAnchor.startsWith("top");
  const right = legendAnchor.endsWith("right");
  const swatchX = right ? -14 : 14;
  const legend = series.flatMap((name, i) => {
    const dy = top ? 8 + 18 * i : -8 - 18 * (series.length - 1 - i);
    const mark = markOf.get(name)!;
    const at = { frameAnchor: legendAnchor, dx: swatchX, dy };
    return [
      ...(hasBand.has(name)
        ? [Plot.dot([name], { ...at, symbol: BAND_SWATCH, fill: colors[i]!, fillOpacity: 0.25 })]
        : []),
      mark === "dot"
        ? Plot.dot([name], { ...at, r: 3.5, fill: colors[i]!, stroke: "white", strokeWidth: 0.75 })
        : Plot.dot([name], {
          ...at,
          symbol: mark === "step" ? STEP_SWATCH : LINE_SWATCH,
          fill: "none",
          stroke: colors[i]!,
          strokeWidth: Math.max(2, widthOf.get(name)!),
          strokeOpacity: widthOf.get(name)! > 3 ? 0.55 : 1,
          strokeDasharray: dashOf.get(name)!,
        }),
      Plot.text([name], {
        frameAnchor: legendAnchor,
        dx: right ? -30 : 30,
        dy,
        textAnchor: right ? "end" : "start",
        fill: "#1a1a1a",
      }),
    ];
  });

  return figureMarks(
    title,
    {
      width,
      height,
      marginTop: 48,
      marginRight: 24,
      marginLeft: 64,
      marginBottom: 48,
      x: numberAxis(xLabel, false),
      y: { domain: [...yDomain], ...numberAxis(yLabel) },
      color: { domain: series, range: colors },
      marks: [
        Plot.areaY(bandedLines, {
          x: "x",
          y1: "lowerBound",
          y2: "upperBound",
          fill: "series",
          fillOpacity: 0.25,
          z: "series",
        }),
        Plot.areaY(bandedDots, {
          x: "x",
          y1: "lowerBound",
          y2: "upperBound",
          fill: "series",
          fillOpacity: 0.12,
          z: "series",
        }),
        ...["lowerBound", "upperBound"].map((edge) =>
          Plot.line(bandedLines, {
            x: "x",
            y: edge,
            stroke: "series",
            strokeWidth: 0.75,
            strokeOpacity: 0.7,
            z: "series",
          })
        ),
        Plot.ruleX(bandedDots, {
          x: "x",
          y1: "lowerBound",
          y2: "upperBound",
          stroke: "series",
          strokeWidth: 1.5,
        }),
        Plot.dot(rows.filter((r) => markOf.get(r.series) === "dot"), {
          x: "x",
          y: "reliability",
          fill: "series",
          stroke: "white",
          strokeWidth: 0.75,
          r: 2.75,
        }),
        ...series.filter((name) => markOf.get(name) !== "dot").map((name) =>
          Plot.line(rowsOf(name), {
            x: "x",
            y: "reliability",
            stroke: "series",
            strokeWidth: widthOf.get(name)!,
            strokeOpacity: widthOf.get(name)! > 3 ? 0.55 : 1,
            strokeDasharray: dashOf.get(name)!,
            ...(markOf.get(name) === "step" ? { curve: "step-after" as const } : {}),
          })
        ),
        ...legend,
        titleMark(title, -40),
      ],
    },
  );
}

/**
 * Draws reliability curves against mission time or coverage: one colour per series,
 * drawn as a line, a step line or dots, with the confidence band wherever rows carry
 * `lowerBound` and `upperBound`, and a legend in a corner of the frame.
 *
 * Made so that a reader can see every series: line and step series get their own
 * dash pattern in turn (solid, dashed, dotted, ...), and a curve lying on a later one
 * (within 1 % of the y span at every shared x) is drawn 3 px wider per such curve, solid
 * and translucent, beneath it, so that it shows on both sides; lines are drawn over dots; a dot series' band is drawn as error bars
 * (visible however few points) over a light area, a line series' band as a shaded
 * area with its edges. The legend shows each series' own glyph: a line segment with
 * its dash, a step, or a dot, on a band-coloured patch when the series has a band.
 * The chart has an opaque white canvas and dark text, as every figure here, so it stays
 * legible in dark notebook themes.
 *
 * Made of Plot marks only: `areaY` and `ruleX` for the bands, `line` (curve
 * `step-after` for steps) and `dot` for the series, `text` and `dot` for the legend
 * and title.
 *
 * @param rows Tidy rows, one per point and series.
 * @param options Axis labels, title, y domain and size.
 * @returns The chart as a {@link Figure}.
 *
 * @example An exact curve and Monte Carlo estimates with their intervals
 * ```ts
 * import { plotReliabilityCurves } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const fig = plotReliabilityCurves([
 *   { series: "exact", x: 0, reliability: 1 },
 *   { series: "exact", x: 1, reliability: 0.9 },
 *   { series: "Monte Carlo", x: 1, reliability: 0.91, lowerBound: 0.88, upperBound: 0.93, mark: "dot" },
 * ], { xLabel: "Mission time (h)" });
 * assert.match(fig.toSvg(), /Monte Carlo/);
 * assert.match(fig.toSvg(), /Mission time \(h\)/);
 * ```
 */
export function plotReliabilityCurves(
  rows: readonly ReliabilityCurveRow[],
  options: ReliabilityCurvesOptions = {},
): Figure {
  return drawFigure(reliabilityCurvesMarks(rows, options));
}
