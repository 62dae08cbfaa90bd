import { Plot } from "../_deps/plot.ts";
import { object, oneOf, options as checkOptions, show, string } from "../_validate.ts";
import type { Figure } from "./figure.ts";
import { drawFigure, type FigureMarks } from "./figure_marks.ts";
import { requireArray, requireFinite, requireFlatRows, requireTextOptions } from "./_checks.ts";
import { checkPlotSize, figureMarks, formatNumber, titleMark } from "./_render.ts";

/** Result metrics {@link plotConsolidationMetrics} can chart (fields of `DatacenterResult`). */
export type ConsolidationMetric =
  | "energyKwh"
  | "migrations"
  | "carriedMigrations"
  | "mergedMoves"
  | "slatah"
  | "pdm"
  | "slav"
  | "esv"
  | "meanActiveHosts"
  | "migrationSeconds"
  | "migrationWaitSeconds"
  | "cloudsimMigrationSeconds"
  | "migrationDowntimeSeconds"
  | "migrationEnergyKwh";

/** Every {@link ConsolidationMetric}, in documentation order. */
export const CONSOLIDATION_METRICS: readonly ConsolidationMetric[] = Object.freeze([
  "energyKwh",
  "migrations",
  "carriedMigrations",
  "mergedMoves",
  "slatah",
  "pdm",
  "slav",
  "esv",
  "meanActiveHosts",
  "migrationSeconds",
  "migrationWaitSeconds",
  "cloudsimMigrationSeconds",
  "migrationDowntimeSeconds",
  "migrationEnergyKwh",
]);

/** One run as a tidy row: a `DatacenterResult` with the policy's name added. */
export type ConsolidationMetricsRow =
  & { policy: string }
  & { [metric in ConsolidationMetric]?: number };

/** Options of {@link plotConsolidationMetrics}. */
export interface ConsolidationMetricsOptions {
  /**
   * The metrics, one panel each, in this order.
   * @default {["energyKwh", "migrations", "slatah", "pdm", "slav", "esv"]}
   */
  metrics?: readonly ConsolidationMetric[];
  /**
   * Title drawn at the top left.
   * @default {"Consolidation metrics by policy"}
   */
  title?: string;
  /**
   * Width in pixels.
   * @default {960}
   */
  width?: number;
  /**
   * Height in pixels.
   * @default {380}
   */
  height?: number;
}

/**
 * Each metric's panel: its name, its unit, and the factor from the result's field to the
 * unit. SLATAH, PDM, SLAV and ESV as defined by Beloglazov and Buyya (2012), "Optimal online
 * deterministic algorithms and adaptive heuristics for energy and performance efficient
 * dynamic consolidation of virtual machines in cloud data centers", section 6.2.
 */
const PANELS: Record<ConsolidationMetric, { name: string; unit: string; factor: number }> = {
  energyKwh: { name: "Energy", unit: "kWh", factor: 1 },
  migrations: { name: "Migrations", unit: "count", factor: 1 },
  carriedMigrations: { name: "Carried migrations", unit: "count, past their interval", factor: 1 },
  mergedMoves: { name: "Merged moves", unit: "count, a VM moved again", factor: 1 },
  slatah: { name: "SLATAH", unit: "% of active host time", factor: 100 },
  pdm: { name: "PDM", unit: "% of demand lost", factor: 100 },
  slav: { name: "SLAV = SLATAH × PDM", unit: "fraction", factor: 1 },
  esv: { name: "ESV = energy × SLAV", unit: "kWh", factor: 1 },
  meanActiveHosts: { name: "Mean active hosts", unit: "hosts", factor: 1 },
  migrationSeconds: { name: "Migration time", unit: "s, all migrations", factor: 1 },
  migrationWaitSeconds: { name: "Admission wait", unit: "s, all migrations", factor: 1 },
  cloudsimMigrationSeconds: { name: "CloudSim delay", unit: "s, all migrations", factor: 1 },
  migrationDowntimeSeconds: { name: "Downtime", unit: "s, all migrations", factor: 1 },
  migrationEnergyKwh: { name: "Migration energy", unit: "kWh", factor: 1 },
};

/** A value for a label: 3 significant digits, exponent notation below 0.01, k and M above 10,000. */
function formatValue(value: number): string {
  if (value !== 0 && Math.abs(value) < 0.01) {
    return value.toExponential(1).replace(/\.?0+e/, "e").replace("e-", "e−");
  }
  if (Math.abs(value) >= 1e7) return `${formatNumber(value / 1e6)}M`;
  return Math.abs(value) >= 10_000 ? `${formatNumber(value / 1e3)}k` : formatNumber(value);
}

/**
 * Round tick values from 0 to at least `largest` (> 0), about four steps of 1, 2 or 5 times
 * a power of ten, as d3-array's `ticks` chooses them (d3/d3-array `src/ticks.js`).
 */
function niceTicks(largest: number): number[] {
  const rough = largest / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = power * ([1, 2, 5, 10].find((c) => c * power >= rough * (1 - 1e-12)) ?? 10);
  const count = Math.ceil(largest / step - 1e-9);
  return Array.from({ length: count + 1 }, (_, k) => Number((k * step).toPrecision(12)));
}

const ACTION = "plot consolidation metrics";

/** The figure's margins, in pixels (the right one Plot's default). */
const MARGIN_LEFT = 56, MARGIN_RIGHT = 20, MARGIN_TOP = 84, MARGIN_BOTTOM = 90;
/** Padding of the panels (`fx`) and of the bars within a panel (`x`), shares of a step. */
const PANEL_PADDING = 0.3, BAR_PADDING = 0.15;
/** Size of a bar's value label, and the width of one of its characters (DejaVu Sans, about). */
const LABEL_FONT = 9, LABEL_CHAR_PIXELS = 5.5;

/**
 * Whether the bars' value labels stand upright: when the longest is wider than one and a half
 * bar steps (about), side by side they would run into each other. Bar step: the panel's
 * band (`fx`, `PANEL_PADDING` inside and out) over the bars (`x`, `BAR_PADDING`), in pixels.
 */
function uprightLabels(width: number, panels: number, bars: number, longest: number): boolean {
  const panelStep = (width - MARGIN_LEFT - MARGIN_RIGHT) / (panels + PANEL_PADDING);
  const barStep = (panelStep * (1 - PANEL_PADDING)) / (bars + BAR_PADDING);
  return longest * LABEL_CHAR_PIXELS > 1.5 * barStep;
}

/**
 * The marks and Plot options of {@link plotConsolidationMetrics}, to draw with `drawFigure` together with
 * marks of your own (drawn on top, in the same scales).
 *
 * @param rows One row per run, e.g. `{ policy, ...simulateDatacenter(...) }`.
 * @param options As for {@link plotConsolidationMetrics}.
 * @returns The figure's title, marks and Plot options.
 *
 * @example The marks of the figure
 * ```ts
 * import { consolidationMetricsMarks } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const layers = consolidationMetricsMarks([
 *   { policy: "THR-MMT", energyKwh: 150.7, migrations: 91 },
 *   { policy: "MAD-MMT", energyKwh: 122.9, migrations: 118 },
 * ], { metrics: ["energyKwh", "migrations"] });
 * assert.equal(layers.title, "Consolidation metrics by policy");
 * assert.ok(layers.marks.length > 0);
 * ```
 */
export function consolidationMetricsMarks(
  rows: readonly ConsolidationMetricsRow[],
  options: ConsolidationMetricsOptions = {},
): FigureMarks {
  requireFlatRows("plot rows", "rows", rows, ["policy", ...CONSOLIDATION_METRICS]);
  if (Array.isArray(rows)) {
    rows.forEach((row, i) => string("plot rows", `rows[${i}].policy`, row.policy, true));
  }
  checkOptions("run plotConsolidationMetrics()", "options", options, [
    "height",
    "metrics",
    "title",
    "width",
  ]);
  requireTextOptions("run plotConsolidationMetrics()", options, ["title"]);
  checkPlotSize("run plotConsolidationMetrics()", options);
  const {
    metrics = ["energyKwh", "migrations", "slatah", "pdm", "slav", "esv"],
    title = "Consolidation metrics by policy",
    width = 960,
    height = 380,
  } = options;
  requireArray(ACTION, "rows", rows);
  rows.forEach((row, i) => object(ACTION, `rows[${i}]`, row));
  if (!Array.isArray(metrics as unknown) || metrics.length === 0) {
    throw new TypeError(
      `Cannot ${ACTION} as metrics must be a non-empty array: current value is ${show(metrics)}`,
    );
  }
  for (const metric of metrics) oneOf(ACTION, "metrics[]", metric, CONSOLIDATION_METRICS);
  const policies = [...new Set(rows.map((row) => String(row.policy)))];
  const panelOf = (metric: ConsolidationMetric) => PANELS[metric].name;
  const bars: { panel: string; policy: string; share: number; text: string }[] = [];
  const ticks: { panel: string; share: number; text: string }[] = [];
  let lowestShare = 0;
  for (const metric of metrics) {
    const { factor } = PANELS[metric];
    const sums = new Map<string, { sum: number; n: number }>();
    rows.forEach((row, index) => {
      const value = requireFinite(ACTION, `rows[${index}].${metric}`, row[metric]);
      const entry = sums.get(String(row.policy)) ?? { sum: 0, n: 0 };
      entry.sum += value;
      entry.n += 1;
      sums.set(String(row.policy), entry);
    });
    const means = policies.map((policy) => {
      const { sum, n } = sums.get(policy)!;
      return { policy, value: (sum / n) * factor };
    });
    // Each panel has its own linear axis from 0, in its own unit: Plot's facets share one
    // y scale, so heights are drawn as shares of the panel's top tick and the panel's
    // ticks are drawn by marks, labelled in the unit.
    const largest = Math.max(0, ...means.map((m) => Math.abs(m.value)));
    const panelTicks = largest > 0 && Number.isFinite(largest) ? niceTicks(largest) : [0, 1];
    const top = panelTicks.at(-1)!;
    for (const tick of panelTicks) {
      ticks.push({ panel: panelOf(metric), share: tick / top, text: formatValue(tick) });
    }
    for (const { policy, value } of means) {
      const share = value / top;
      lowestShare = Math.min(lowestShare, share);
      bars.push({ panel: panelOf(metric), policy, share, text: formatValue(value) });
    }
  }
  const headers = metrics.map((metric) => ({
    panel: panelOf(metric),
    unit: `(${PANELS[metric].unit})`,
  }));
  // Upright labels rise from the bars' tops: the axis gets room above the top tick for the
  // longest (its pixels, the 4 it stands above its bar and 4 more, as a share of the plot's
  // height).
  const longest = Math.max(0, ...bars.map((bar) => bar.text.length));
  const upright = uprightLabels(width, metrics.length, policies.length, longest);
  const bottom = Math.min(0, lowestShare * 1.1);
  let top = 1.1;
  if (upright) {
    const room = (longest * LABEL_CHAR_PIXELS + 8) /
      Math.max(1, height - MARGIN_TOP - MARGIN_BOTTOM);
    top = Math.max(top, (1 - room * bottom) / (1 - Math.min(0.5, room)));
  }
  const labels = upright
    ? { rotate: -90, textAnchor: "start" as const, dy: -4, lineAnchor: "middle" as const }
    : { dy: -4, lineAnchor: "bottom" as const };
  return figureMarks(
    title,
    {
      width,
      height,
      marginTop: MARGIN_TOP,
      marginBottom: MARGIN_BOTTOM,
      marginLeft: MARGIN_LEFT,
      marginRight: MARGIN_RIGHT,
      fx: { domain: headers.map((h) => h.panel), label: null, padding: PANEL_PADDING, axis: null },
      x: { domain: policies, label: null, tickRotate: upright ? -90 : -40, padding: BAR_PADDING },
      y: { domain: [bottom, top], axis: null },
      color: { domain: policies, scheme: "tableau10" },
      marks: [
        Plot.ruleY(ticks, {
          fx: "panel",
          y: "share",
          stroke: "currentColor",
          strokeOpacity: 0.1,
        }),
        Plot.text(ticks, {
          fx: "panel",
          y: "share",
          text: "text",
          frameAnchor: "left",
          textAnchor: "end",
          dx: -4,
          fontSize: 9,
        }),
        Plot.barY(bars, { fx: "panel", x: "policy", y: "share", fill: "policy" }),
        Plot.text(bars, {
          fx: "panel",
          x: "policy",
          y: "share",
          text: "text",
          ...labels,
          fontSize: LABEL_FONT,
        }),
        Plot.text(headers, {
          fx: "panel",
          text: "panel",
          frameAnchor: "top",
          dy: -30,
          fontWeight: "bold",
        }),
        Plot.text(headers, {
          fx: "panel",
          text: "unit",
          frameAnchor: "top",
          dy: -16,
          fontSize: 9,
        }),
        Plot.ruleY([0]),
        titleMark(title, -76, true),
      ],
    },
  );
}

/**
 * Draws one panel per metric (energy, migrations, SLATAH, PDM, SLAV and ESV of Beloglazov
 * and Buyya 2012 by default) with a bar per policy and each bar's value printed above it.
 *
 * The metrics differ by many orders of magnitude, so each panel has its own linear axis
 * from 0 in its own unit, named under the panel's title (kWh, count, % of active host time,
 * % of demand, fraction, s); SLATAH and PDM are drawn in %. Each bar's value is printed
 * above it (3 significant digits; below 0.01, 2 significant digits in exponent notation,
 * e.g. `6.3e−6`), upright when the bars are too narrow for the labels to sit side by side
 * (many policies, or a narrow figure), the axis then reaching high enough to hold them, and
 * the policies' names upright too. Made of Plot marks only: `barY`, `text` and `ruleY`,
 * faceted by `fx` (the panel axes are `ruleY` grid lines and `text` tick labels, since Plot's
 * facets share one y scale).
 * Rows with the same policy are averaged (several seeds).
 *
 * @param rows One row per run, e.g. `{ policy: "MAD-MMT", ...simulateDatacenter(...) }`.
 * @param options Metrics, title and size.
 * @returns The chart as a {@link Figure}.
 * @throws {TypeError} If rows is not an array, a metric is unknown, or a charted value is not
 * a finite number.
 *
 * @example Two policies, two metrics
 * ```ts
 * import { plotConsolidationMetrics } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const svg = plotConsolidationMetrics([
 *   { policy: "THR-MMT", energyKwh: 150.7, migrations: 91 },
 *   { policy: "MAD-MMT", energyKwh: 122.9, migrations: 118 },
 * ], { metrics: ["energyKwh", "migrations"] }).toSvg();
 * assert.equal(svg.match(/<rect (?!width="100%")/g)?.length, 4);
 * assert.match(svg, />123</); // 122.9 to 3 significant digits
 * ```
 */
export function plotConsolidationMetrics(
  rows: readonly ConsolidationMetricsRow[],
  options: ConsolidationMetricsOptions = {},
): Figure {
  return drawFigure(consolidationMetricsMarks(rows, options));
}
