import { Plot } from "../_deps/plot.ts";
import { oneOf, options as checkOptions } from "../_validate.ts";
import { type Figure, figure } from "./figure.ts";
import { requireArray, requireFinite, requireFlatRows } from "./_checks.ts";
import { formatNumber, numberAxis, renderSvg, titleMark } from "./_render.ts";

/** One placement (or bound) as a tidy row; `comparePlacements` returns such rows. */
export interface PlacementComparisonPlotRow {
  /** Algorithm name, e.g. `"first-fit-decreasing"`, or a bound's name. */
  algorithm: string;
  /** `"heuristic"` and `"exact"` rows are bars; `"lower-bound"` rows are horizontal rules. */
  kind: "heuristic" | "exact" | "lower-bound";
  /** Hosts used (for a bound, the bound). */
  hostsUsed: number;
  /** Energy in kWh (`null` or absent for a bound). */
  energyKwh?: number | null;
  /** Solver status of an exact row (`"optimal"`, `"time-limit"`...), shown in its rule's label. */
  status?: string;
}

/** Options of {@link plotPlacementComparison}. */
export interface PlacementComparisonOptions {
  /**
   * `"hostsUsed"`: bars of hosts used, with rules at the exact (ILP) result and at each
   * lower bound. `"energyKwh"`: bars of energy, the exact row as a bar too, no rules.
   * @default {"hostsUsed"}
   */
  metric?: "hostsUsed" | "energyKwh";
  /**
   * Title drawn at the top left.
   * @default {"Hosts used by placement algorithm" or "Energy by placement algorithm"}
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

/** A horizontal reference line with its label. */
interface Rule {
  y: number;
  label: string;
  exact: boolean;
}

const ACTION = "plot a placement comparison";

/**
 * Draws one bar per placement algorithm (hosts used or energy) with the value above each
 * bar and, for hosts used, a horizontal rule at the exact optimum (the `"exact"` row,
 * labelled with its solver status when it is not `"optimal"`) and at every lower bound.
 *
 * Made of Plot marks only: `barY` (bars; the exact row in a darker colour), `text`
 * (values, rule labels and title), `ruleY` (reference lines dashed for bounds, solid for
 * the optimum, and the baseline). Bars keep the rows' order.
 *
 * @param rows Tidy rows, e.g. from `comparePlacements`.
 * @param options Metric, title and size.
 * @returns The chart as a {@link Figure}.
 * @throws {TypeError} If rows is not an array or a bar's value is not a finite number.
 *
 * @example Two heuristics against the optimum and a bound
 * ```ts
 * import { plotPlacementComparison } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const fig = plotPlacementComparison([
 *   { algorithm: "first-fit", kind: "heuristic", hostsUsed: 12 },
 *   { algorithm: "first-fit-decreasing", kind: "heuristic", hostsUsed: 11 },
 *   { algorithm: "ilp", kind: "exact", hostsUsed: 10, status: "optimal" },
 *   { algorithm: "martello-toth-l2", kind: "lower-bound", hostsUsed: 9 },
 * ]);
 * assert.match(fig.toSvg(), /^<svg/);
 * assert.match(fig.toSvg(), /martello-toth-l2 = 9/);
 * ```
 */
export function plotPlacementComparison(
  rows: readonly PlacementComparisonPlotRow[],
  options: PlacementComparisonOptions = {},
): Figure {
  requireFlatRows("plot rows", "rows", rows);
  checkOptions("run plotPlacementComparison()", "options", options, [
    "height",
    "metric",
    "title",
    "width",
  ]);
  const { metric = "hostsUsed", width = 960, height = 440 } = options;
  oneOf(ACTION, "metric", metric, ["hostsUsed", "energyKwh"] as const);
  requireArray(ACTION, "rows", rows);
  const hosts = metric === "hostsUsed";
  const {
    title = hosts ? "Hosts used by placement algorithm" : "Energy by placement algorithm",
  } = options;
  const bars: { algorithm: string; kind: string; value: number; text: string }[] = [];
  const rules: Rule[] = [];
  rows.forEach((row, index) => {
    const field = `rows[${index}].${metric}`;
    if (row.kind === "lower-bound" || (hosts && row.kind === "exact")) {
      if (!hosts) return;
      const value = requireFinite(ACTION, field, row[metric]);
      const status = row.kind === "exact" && row.status && row.status !== "optimal"
        ? ` (${row.status})`
        : "";
      rules.push({
        y: value,
        label: `${row.algorithm}${status}`,
        exact: row.kind === "exact",
      });
      if (row.kind === "lower-bound") return;
    }
    const value = requireFinite(ACTION, field, row[metric]);
    bars.push({ algorithm: row.algorithm, kind: row.kind, value, text: formatNumber(value) });
  });
  // Rules at the same height share one label line.
  const merged = new Map<number, string[]>();
  for (const rule of rules) merged.set(rule.y, [...(merged.get(rule.y) ?? []), rule.label]);
  const labels = [...merged].map(([y, names]) => ({
    y,
    label: `${names.join(", ")} = ${formatNumber(y)}`,
  }));
  const yLabel = hosts ? "Hosts used" : "Energy (kWh)";
  const svg = renderSvg(
    {
      width,
      height,
      marginTop: 56,
      marginBottom: 120,
      marginLeft: 64,
      marginRight: rules.length > 0 ? 240 : 20,
      x: { domain: bars.map((b) => b.algorithm), label: null, tickRotate: -40, padding: 0.15 },
      y: {
        ...numberAxis(yLabel),
        nice: true,
        domain: [0, Math.max(1, ...bars.map((b) => b.value), ...rules.map((r) => r.y)) * 1.08],
      },
      color: { domain: ["heuristic", "exact"], range: ["#8fb8de", "#2b5c8a"] },
      marks: [
        Plot.barY(bars, { x: "algorithm", y: "value", fill: "kind" }),
        Plot.text(bars, { x: "algorithm", y: "value", text: "text", dy: -4, lineAnchor: "bottom" }),
        Plot.ruleY(rules.filter((r) => !r.exact), {
          y: "y",
          stroke: "#c0392b",
          strokeDasharray: "4,3",
        }),
        Plot.ruleY(rules.filter((r) => r.exact), { y: "y", stroke: "#2b5c8a" }),
        Plot.text(labels, {
          y: "y",
          text: "label",
          frameAnchor: "right",
          textAnchor: "start",
          lineAnchor: "middle",
          dx: 6,
          fill: "#444",
          fontSize: 10,
        }),
        Plot.ruleY([0]),
        titleMark(title, -48),
      ],
    } as unknown as Parameters<typeof renderSvg>[0],
  );
  return figure(svg, { title });
}
