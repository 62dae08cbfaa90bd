import { Plot } from "../_deps/plot.ts";
import { integer, object, oneOf, options as checkOptions, string } from "../_validate.ts";
import type { Figure } from "./figure.ts";
import { drawFigure, type FigureMarks } from "./figure_marks.ts";
import { requireArray, requireFinite, requireFlatRows, requireTextOptions } from "./_checks.ts";
import { figureMarks, formatNumber, numberAxis, subtitleMark, titleMark } from "./_render.ts";

/** One placement (or bound) as a tidy row; `comparePlacements` returns such rows. */
export interface PlacementComparisonPlotRow {
  /** Algorithm name, e.g. `"first-fit-decreasing"`, or a bound's name. */
  algorithm: string;
  /** `"heuristic"` and `"exact"` rows are dots; `"lower-bound"` rows are vertical rules. */
  kind: "heuristic" | "exact" | "lower-bound";
  /** Hosts used (for a bound, the bound). */
  hostsUsed: number;
  /** Energy in kWh (`null` or absent for a bound). */
  energyKwh?: number | null;
  /** Solver status of an exact row (`"optimal"`, `"time-limit"`...), shown in its rule's label. */
  status?: string;
  /**
   * VMs the algorithm left unplaced (absent: 0). Their demand is in neither its hosts used
   * nor its energy, so a line under the subtitle names every row with some.
   */
  unplacedVms?: number;
  /**
   * Violations `validatePlacement` finds in the placement (an overfilled host, a wrong count
   * of hosts used, an inconsistent list of unplaced VMs; absent: 0). Such a placement is not
   * valid, so a line under the subtitle names every row with some.
   */
  violations?: number;
}

/** Options of {@link plotPlacementComparison}. */
export interface PlacementComparisonOptions {
  /**
   * `"hostsUsed"`: hosts used, with rules at the exact (ILP) result and at each lower
   * bound. `"energyKwh"`: energy, the exact row as a diamond too, no rules.
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
   * @default {132 + 24 per algorithm (+ 12 per extra rule label, + 12 per line of unplaced VMs or violations)}
   */
  height?: number;
}

const HEURISTIC_COLOR = "#4269d0";
const EXACT_COLOR = "#1a1a1a";
const BOUND_COLOR = "#c0392b";

/** A vertical reference line with its label. */
interface Rule {
  y: number;
  label: string;
  exact: boolean;
}

const ACTION = "plot a placement comparison";

/**
 * The marks and Plot options of {@link plotPlacementComparison}, to draw with `drawFigure` together with
 * marks of your own (drawn on top, in the same scales).
 *
 * @param rows Tidy rows, e.g. from `comparePlacements`.
 * @param options As for {@link plotPlacementComparison}.
 * @returns The figure's title, marks and Plot options.
 *
 * @example The marks of the figure
 * ```ts
 * import { placementComparisonMarks } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const layers = placementComparisonMarks([
 *   { algorithm: "first-fit", kind: "heuristic", hostsUsed: 12 },
 *   { algorithm: "martello-toth-l2", kind: "lower-bound", hostsUsed: 9 },
 * ]);
 * assert.equal(layers.title, "Hosts used by placement algorithm");
 * assert.ok(layers.marks.length > 0);
 * ```
 */
export function placementComparisonMarks(
  rows: readonly PlacementComparisonPlotRow[],
  options: PlacementComparisonOptions = {},
): FigureMarks {
  requireFlatRows("plot rows", "rows", rows);
  checkOptions("run plotPlacementComparison()", "options", options, [
    "height",
    "metric",
    "title",
    "width",
  ]);
  requireTextOptions("run plotPlacementComparison()", options, ["title"]);
  const { metric = "hostsUsed", width = 960 } = options;
  oneOf(ACTION, "metric", metric, ["hostsUsed", "energyKwh"] as const);
  requireArray(ACTION, "rows", rows);
  rows.forEach((row, i) => {
    object(ACTION, `rows[${i}]`, row);
    string(ACTION, `rows[${i}].algorithm`, row.algorithm, true);
    oneOf(ACTION, `rows[${i}].kind`, row.kind, ["heuristic", "exact", "lower-bound"] as const);
    // shown in the exact row's label
    if (row.status !== undefined) string(ACTION, `rows[${i}].status`, row.status);
  });
  const hosts = metric === "hostsUsed";
  const {
    title = hosts ? "Hosts used by placement algorithm" : "Energy by placement algorithm",
  } = options;
  const points: { algorithm: string; kind: string; value: number; text: string }[] = [];
  const rules: Rule[] = [];
  // a placement that left VMs out uses fewer hosts and less energy for it: said, not hidden
  const unplaced: string[] = [];
  // an invalid placement (an overfilled host uses fewer of them): said likewise
  const violating: string[] = [];
  rows.forEach((row, index) => {
    const field = `rows[${index}].${metric}`;
    const left = row.unplacedVms === undefined
      ? 0
      : integer(ACTION, `rows[${index}].unplacedVms`, row.unplacedVms, 0);
    if (left > 0 && row.kind !== "lower-bound") {
      unplaced.push(`${row.algorithm} ${left}`);
    }
    const broken = row.violations === undefined
      ? 0
      : integer(ACTION, `rows[${index}].violations`, row.violations, 0);
    if (broken > 0 && row.kind !== "lower-bound") violating.push(`${row.algorithm} ${broken}`);
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
    points.push({ algorithm: row.algorithm, kind: row.kind, value, text: formatNumber(value) });
  });
  // Rules at the same value share one label; each label gets its own line above the frame.
  const merged = new Map<string, { x: number; exact: boolean; names: string[] }>();
  for (const rule of rules) {
    const key = `${rule.exact}:${rule.y}`;
    const entry = merged.get(key) ?? { x: rule.y, exact: rule.exact, names: [] };
    entry.names.push(rule.label);
    merged.set(key, entry);
  }
  const labels = [...merged.values()].sort((a, b) => a.x - b.x || Number(a.exact) - Number(b.exact))
    .map((r, k) => ({
      ...r,
      line: k,
      label: `${r.exact ? "" : "lower bound: "}${r.names.join(", ")} = ${formatNumber(r.x)}`,
    }));
  // Dots do not need a zero baseline: the axis spans the data (and the rules) so that
  // a difference of one host or one kWh is visible.
  const values = [...points.map((p) => p.value), ...rules.map((r) => r.y)];
  const low = Math.min(...values, Infinity);
  const high = Math.max(...values, -Infinity);
  const span = Number.isFinite(low) ? high - low : 0;
  const pad = Math.max(span * 0.06, Math.abs(high) * 0.01, 1e-9);
  const domain = !Number.isFinite(low)
    ? [0, 1]
    : hosts
    ? [Math.floor(low) - 1, Math.ceil(high) + 1]
    : [low - pad, high + pad];
  // Each dot's line starts at the reference: the highest lower bound, else the lowest value.
  const bounds = rules.filter((r) => !r.exact).map((r) => r.y);
  const reference = bounds.length > 0
    ? Math.max(...bounds)
    : Math.min(...points.map((p) => p.value), Infinity);
  const unit = hosts ? "hosts" : "kWh";
  const marksLine = [
    points.some((p) => p.kind !== "exact") ? "dot: a heuristic" : "",
    points.some((p) => p.kind === "exact") ? "diamond: exact (ILP)" : "",
    points.length > 0
      ? `line: ${unit} above ${bounds.length > 0 ? "the highest lower bound" : "the lowest value"}`
      : "",
  ];
  const rulesLine = [
    bounds.length > 0 ? "dashed rule: lower bound" : "",
    rules.some((r) => r.exact) ? "solid rule: exact (ILP) result" : "",
    `axis from ${formatNumber(domain[0]!)}, not 0`,
  ];
  const sentence = (parts: string[]) =>
    parts.filter((part) => part !== "").join("; ").replace(/^./, (c) => c.toUpperCase());
  const unplacedLine = unplaced.length > 0
    ? `VMs left unplaced (in neither the hosts used nor the energy): ${unplaced.join(", ")}`
    : "";
  const violationLine = violating.length > 0
    ? `Invalid placements (validatePlacement's violations: capacity, hosts used or unplaced list): ${
      violating.join(", ")
    }`
    : "";
  const subtitle = [sentence(marksLine), sentence(rulesLine), unplacedLine, violationLine]
    .filter((l) => l !== "").join("\n");
  const extra = (unplacedLine === "" ? 0 : 12) + (violationLine === "" ? 0 : 12);
  const {
    height = 84 + extra + 12 * Math.max(0, labels.length - 1) + 24 * Math.max(points.length, 1) +
      48,
  } = options;
  const marginTop = 84 + extra + 12 * Math.max(0, labels.length - 1);
  const xLabel = hosts ? "Hosts used" : "Energy (kWh)";
  return figureMarks(
    title,
    {
      width,
      height,
      marginTop,
      marginBottom: 48,
      marginLeft: 170,
      marginRight: 48,
      x: { ...numberAxis(xLabel), domain },
      y: { domain: points.map((p) => p.algorithm), label: null, grid: true },
      marks: [
        Plot.ruleY(points, {
          y: "algorithm",
          x1: () => reference,
          x2: "value",
          stroke: HEURISTIC_COLOR,
          strokeOpacity: 0.45,
          strokeWidth: 3,
        }),
        Plot.ruleX(labels.filter((r) => !r.exact), {
          x: "x",
          stroke: BOUND_COLOR,
          strokeDasharray: "4,3",
        }),
        Plot.ruleX(labels.filter((r) => r.exact), { x: "x", stroke: EXACT_COLOR }),
        ...labels.map((r) =>
          Plot.text([r], {
            x: "x",
            text: "label",
            frameAnchor: "top",
            dy: -8 - 12 * (labels.length - 1 - r.line),
            textAnchor: "start",
            dx: 4,
            fill: r.exact ? EXACT_COLOR : BOUND_COLOR,
            fontSize: 10,
          })
        ),
        Plot.dot(points.filter((p) => p.kind !== "exact"), {
          x: "value",
          y: "algorithm",
          r: 5,
          fill: HEURISTIC_COLOR,
        }),
        Plot.dot(points.filter((p) => p.kind === "exact"), {
          x: "value",
          y: "algorithm",
          r: 6,
          symbol: "diamond2",
          fill: EXACT_COLOR,
        }),
        Plot.text(points, {
          x: "value",
          y: "algorithm",
          text: "text",
          dx: 9,
          textAnchor: "start",
        }),
        titleMark(title, -(marginTop - 12)),
        subtitleMark(subtitle, -(marginTop - 30)),
      ],
    },
  );
}

/**
 * Draws one dot per placement algorithm (hosts used or energy; the exact ILP row as a
 * diamond) with its value beside it and, for hosts used, a dashed vertical rule at every
 * lower bound and a solid one at the exact result (labelled with its solver status when it
 * is not `"optimal"`). A line from the highest lower bound (for energy: from the lowest
 * value) to each dot shows the excess. Dots need no zero baseline, so the axis spans the
 * data and the rules (for hosts, from one host below the lowest), which keeps a difference
 * of one host visible; a subtitle explains every mark and says where the axis starts, and
 * names the rows that left VMs unplaced (`unplacedVms` > 0: their hosts and energy leave
 * those VMs out) and the invalid ones (`violations` > 0: what `validatePlacement` finds, an
 * overfilled host, a wrong count of hosts used or an inconsistent list of unplaced VMs).
 *
 * Made of Plot marks only: `dot`, `ruleY` (the excess lines), `ruleX` (bounds and the
 * exact result) and `text`. Algorithms keep the rows' order, top to bottom.
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
  return drawFigure(placementComparisonMarks(rows, options));
}
