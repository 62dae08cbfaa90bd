import { Plot } from "../_deps/plot.ts";
import { object, oneOf, options as checkOptions, show } from "../_validate.ts";
import { type Figure, figure } from "./figure.ts";
import { requireArray, requireFinite, requireFlatRows } from "./_checks.ts";
import { formatNumber, numberAxis, renderSvg, titleMark } from "./_render.ts";

/** Result metrics {@link plotConsolidationMetrics} can chart (fields of `DatacenterResult`). */
export type ConsolidationMetric =
  | "energyKwh"
  | "migrations"
  | "slatah"
  | "pdm"
  | "slav"
  | "esv"
  | "meanActiveHosts"
  | "migrationSeconds"
  | "cloudsimMigrationSeconds"
  | "migrationDowntimeSeconds"
  | "migrationEnergyKwh";

/** Every {@link ConsolidationMetric}, in documentation order. */
export const CONSOLIDATION_METRICS: readonly ConsolidationMetric[] = Object.freeze([
  "energyKwh",
  "migrations",
  "slatah",
  "pdm",
  "slav",
  "esv",
  "meanActiveHosts",
  "migrationSeconds",
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

const PANEL_NAMES: Record<ConsolidationMetric, string> = {
  energyKwh: "Energy (kWh)",
  migrations: "Migrations",
  slatah: "SLATAH",
  pdm: "PDM",
  slav: "SLAV",
  esv: "ESV",
  meanActiveHosts: "Mean active hosts",
  migrationSeconds: "Migration time (s)",
  cloudsimMigrationSeconds: "CloudSim delay (s)",
  migrationDowntimeSeconds: "Downtime (s)",
  migrationEnergyKwh: "Migration energy (kWh)",
};

const ACTION = "plot consolidation metrics";

/**
 * Draws one panel per metric (energy, migrations, SLATAH, PDM, SLAV and ESV of Beloglazov
 * and Buyya 2012 by default) with a bar per policy and each bar's value printed above it.
 *
 * The metrics differ by many orders of magnitude and Plot's facets share one y scale, so each
 * bar's height is its value divided by the largest value of its panel (the y axis reads
 * "share of the panel's largest value"); the printed number is the value itself (3
 * significant digits; below 0.01, 2 significant digits in exponent notation, e.g. `6.3e−6`).
 * Made of Plot marks only: `barY`, `text` and `ruleY`, faceted by `fx`.
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
 * assert.equal(svg.match(/<rect /g)?.length, 4);
 * assert.match(svg, />123</); // 122.9 to 3 significant digits
 * ```
 */
export function plotConsolidationMetrics(
  rows: readonly ConsolidationMetricsRow[],
  options: ConsolidationMetricsOptions = {},
): Figure {
  requireFlatRows("plot rows", "rows", rows, ["policy", ...CONSOLIDATION_METRICS]);
  checkOptions("run plotConsolidationMetrics()", "options", options, [
    "height",
    "metrics",
    "title",
    "width",
  ]);
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
  const bars: { panel: string; policy: string; share: number; text: string }[] = [];
  for (const metric of metrics) {
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
      return { policy, value: sum / n };
    });
    const largest = Math.max(...means.map((m) => Math.abs(m.value)));
    for (const { policy, value } of means) {
      bars.push({
        panel: PANEL_NAMES[metric],
        policy,
        share: largest > 0 ? value / largest : 0,
        text: value !== 0 && Math.abs(value) < 0.01
          ? value.toExponential(1).replace(/\.?0+e/, "e").replace("e-", "e−")
          : formatNumber(value),
      });
    }
  }
  const svg = renderSvg(
    {
      width,
      height,
      marginTop: 72,
      marginBottom: 90,
      marginLeft: 56,
      fx: { domain: metrics.map((m) => PANEL_NAMES[m]), label: null, padding: 0.1, axis: "top" },
      x: { domain: policies, label: null, tickRotate: -40, padding: 0.15 },
      y: {
        domain: [0, 1.12],
        ticks: [0, 0.25, 0.5, 0.75, 1],
        ...numberAxis("Share of the panel's largest value"),
      },
      color: { domain: policies, scheme: "tableau10" },
      marks: [
        Plot.barY(bars, { fx: "panel", x: "policy", y: "share", fill: "policy" }),
        Plot.text(bars, {
          fx: "panel",
          x: "policy",
          y: "share",
          text: "text",
          dy: -4,
          lineAnchor: "bottom",
          fontSize: 9,
        }),
        Plot.ruleY([0]),
        titleMark(title, -64, true),
      ],
    } as unknown as Parameters<typeof renderSvg>[0],
  );
  return figure(svg, { title });
}
