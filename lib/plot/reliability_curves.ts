import { Plot } from "../_deps/plot.ts";
import { oneOf } from "../_validate.ts";
import { type Figure, figure } from "./figure.ts";
import { requireArray, requireFinite } from "./_checks.ts";
import { numberAxis, renderSvg, titleMark } from "./_render.ts";

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
   * The y domain; by default [0, 1].
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
 * Draws reliability curves against mission time or coverage: one colour per series,
 * drawn as a line, a step line or dots, with a shaded confidence band wherever rows
 * carry `lowerBound` and `upperBound`, and a legend at the top right.
 *
 * Made of Plot marks only: `areaY` for the bands, `line` (curve `step-after` for
 * steps) and `dot` for the series, `text` and `dot` for the legend and title.
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
  for (const [i, row] of rows.entries()) {
    for (const field of ["x", "reliability"] as const) {
      requireFinite(action, `rows[${i}].${field}`, row[field]);
    }
    oneOf(action, `rows[${i}].mark`, row.mark ?? "line", ["line", "step", "dot"] as const);
  }
  const series = [...new Set(rows.map((r) => r.series))];
  const colors = series.map((_, i) => COLORS[i % COLORS.length]!);
  const markOf = new Map(series.map((s) => [s, rows.find((r) => r.series === s)?.mark ?? "line"]));
  const of = (mark: ReliabilityMark) => rows.filter((r) => (r.mark ?? "line") === mark);
  const banded = rows.filter((r) =>
    typeof r.lowerBound === "number" && typeof r.upperBound === "number"
  );
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
  const legend = series.map((name, i) => ({ name, i }));
  const top = legendAnchor.startsWith("top");
  const right = legendAnchor.endsWith("right");

  const svg = renderSvg(
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
        Plot.areaY(banded, {
          x: "x",
          y1: "lowerBound",
          y2: "upperBound",
          fill: "series",
          fillOpacity: 0.18,
          z: "series",
        }),
        Plot.line(of("line"), { x: "x", y: "reliability", stroke: "series", strokeWidth: 2 }),
        Plot.line(of("step"), {
          x: "x",
          y: "reliability",
          stroke: "series",
          strokeWidth: 1.5,
          curve: "step-after",
        }),
        Plot.dot(of("dot"), { x: "x", y: "reliability", fill: "series", r: 2.5 }),
        ...legend.flatMap(({ name, i }) => {
          const dy = top ? 6 + 16 * i : -6 - 16 * (legend.length - 1 - i);
          const symbol = markOf.get(name) === "dot" ? "circle" : "square";
          return [
            Plot.dot([name], {
              frameAnchor: legendAnchor,
              dx: right ? -8 : 8,
              dy,
              fill: colors[i]!,
              r: 4,
              symbol,
            }),
            Plot.text([name], {
              frameAnchor: legendAnchor,
              dx: right ? -16 : 16,
              dy,
              textAnchor: right ? "end" : "start",
              fill: colors[i]!,
            }),
          ];
        }),
        titleMark(title, -40),
      ],
    } as unknown as Parameters<typeof renderSvg>[0],
  );
  return figure(svg, { title });
}
