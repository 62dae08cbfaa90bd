import { Plot } from "../_deps/plot.ts";
import { object, oneOf, options as checkOptions, positive, string } from "../_validate.ts";
import type { Figure } from "./figure.ts";
import { drawFigure, type FigureMarks } from "./figure_marks.ts";
import { requireArray, requireFinite, requireFlatRows, requireTextOptions } from "./_checks.ts";
import {
  checkPlotSize,
  figureMarks,
  formatNumber,
  numberAxis,
  subtitleMark,
  titleMark,
} from "./_render.ts";
import { formatDuration } from "../units/duration.ts";

/** Per-interval metrics {@link plotDatacenterTimeline} can chart. */
export type DatacenterTimelineMetric =
  | "activeHosts"
  | "overloadedHosts"
  | "slaViolationHosts"
  | "migrations"
  | "energyKwh"
  | "meanUtilization";

/** Every {@link DatacenterTimelineMetric}, in documentation order. */
export const DATACENTER_TIMELINE_METRICS: readonly DatacenterTimelineMetric[] = Object.freeze([
  "activeHosts",
  "overloadedHosts",
  "slaViolationHosts",
  "migrations",
  "energyKwh",
  "meanUtilization",
]);

/**
 * One scheduling interval of one policy's run: a `DatacenterIntervalRow` of
 * `simulateDatacenter` with the policy's name added. Only the charted metric is required.
 */
export interface DatacenterTimelineRow {
  /** The policy (one line per policy), e.g. `"MAD-MMT"`. */
  policy: string;
  /** Start of the interval in seconds; rows may come in any order (lines are drawn in time order). */
  startSeconds: number;
  /** Hosts with a CPU demand > 0. */
  activeHosts?: number;
  /** Hosts found overloaded at the interval's start. */
  overloadedHosts?: number;
  /** Active hosts in SLA violation. */
  slaViolationHosts?: number;
  /** Migrations started at the interval's start. */
  migrations?: number;
  /** Energy of the interval in kWh. */
  energyKwh?: number;
  /** Mean CPU utilisation of the active hosts, in [0, 1]. */
  meanUtilization?: number;
}

/** Options of {@link plotDatacenterTimeline}. */
export interface DatacenterTimelineOptions {
  /**
   * The metric on the y axis.
   * @default {"activeHosts"}
   */
  metric?: DatacenterTimelineMetric;
  /**
   * Title drawn at the top left.
   * @default {"<metric name> over time by policy"}
   */
  title?: string;
  /**
   * Width in pixels.
   * @default {960}
   */
  width?: number;
  /**
   * Height in pixels.
   * @default {400}
   */
  height?: number;
  /**
   * When set, each policy's mean over consecutive windows of this many seconds (3600: hourly)
   * is drawn as a thick line over the thin per-interval steps, each name is followed by the
   * policy's mean over the whole run, and the y axis fits the window means (a short
   * transient above them, such as the first intervals before consolidation, is cut off and
   * the subtitle says so). Without it, the steps are drawn alone on an axis that fits them.
   * @default {undefined}
   */
  meanOverSeconds?: number;
}

const NAMES: Record<DatacenterTimelineMetric, string> = {
  activeHosts: "Active hosts",
  overloadedHosts: "Overloaded hosts",
  slaViolationHosts: "Hosts in SLA violation",
  migrations: "Migrations",
  energyKwh: "Energy per interval (kWh)",
  meanUtilization: "Mean CPU utilisation of active hosts",
};

const ACTION = "plot a datacenter timeline";

/**
 * The marks and Plot options of {@link plotDatacenterTimeline}, to draw with `drawFigure` together with
 * marks of your own (drawn on top, in the same scales).
 *
 * @param rows Per-interval rows with a `policy` field.
 * @param options As for {@link plotDatacenterTimeline}.
 * @returns The figure's title, marks and Plot options.
 *
 * @example The marks of the figure
 * ```ts
 * import { datacenterTimelineMarks } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const rows = [0, 1, 2].map((k) => ({ policy: "DVFS", startSeconds: 300 * k, activeHosts: 10 - k }));
 * const layers = datacenterTimelineMarks(rows);
 * assert.equal(layers.title, "Active hosts over time by policy");
 * assert.ok(layers.marks.length > 0);
 * ```
 */
export function datacenterTimelineMarks(
  rows: readonly DatacenterTimelineRow[],
  options: DatacenterTimelineOptions = {},
): FigureMarks {
  requireFlatRows("plot rows", "rows", rows);
  checkOptions("run plotDatacenterTimeline()", "options", options, [
    "height",
    "meanOverSeconds",
    "metric",
    "title",
    "width",
  ]);
  requireTextOptions("run plotDatacenterTimeline()", options, ["title"]);
  checkPlotSize("run plotDatacenterTimeline()", options);
  const { metric = "activeHosts", width = 960, height = 400, meanOverSeconds } = options;
  oneOf(ACTION, "metric", metric, DATACENTER_TIMELINE_METRICS);
  requireArray(ACTION, "rows", rows);
  rows.forEach((row, i) => object(ACTION, `rows[${i}]`, row));
  if (meanOverSeconds !== undefined) positive(ACTION, "meanOverSeconds", meanOverSeconds);
  const { title = `${NAMES[metric].replace(/ \(kWh\)$/, "")} over time by policy` } = options;
  const points = rows.map((row, index) => {
    const startSeconds = requireFinite(ACTION, `rows[${index}].startSeconds`, row.startSeconds);
    const value = requireFinite(ACTION, `rows[${index}].${metric}`, row[metric]);
    const policy = string(ACTION, `rows[${index}].policy`, row.policy, true);
    return { policy, hours: startSeconds / 3600, value };
  }).sort((a, b) => a.hours - b.hours); // Lines run in time order whatever the rows' order.
  const policies = [...new Set(points.map((p) => p.policy))];
  // Window means (x at each window's middle) and each policy's mean over the run.
  const means: { policy: string; hours: number; value: number }[] = [];
  const overall = new Map<string, number>();
  if (meanOverSeconds !== undefined) {
    const windowHours = meanOverSeconds / 3600;
    for (const policy of policies) {
      const own = points.filter((p) => p.policy === policy);
      overall.set(policy, own.reduce((sum, p) => sum + p.value, 0) / own.length);
      const windows = new Map<number, { sum: number; n: number }>();
      for (const p of own) {
        const k = Math.floor(p.hours / windowHours + 1e-9);
        const entry = windows.get(k) ?? { sum: 0, n: 0 };
        entry.sum += p.value;
        entry.n += 1;
        windows.set(k, entry);
      }
      for (const [k, { sum, n }] of [...windows].sort((a, b) => a[0] - b[0])) {
        means.push({ policy, hours: (k + 0.5) * windowHours, value: sum / n });
      }
    }
  }
  const smoothed = meanOverSeconds !== undefined;
  const named = smoothed ? means : points;
  // Name each line at its last point, nudged apart so that names never overlap (12 px).
  const last = new Map<string, { policy: string; hours: number; value: number }>();
  for (const p of named) {
    if ((last.get(p.policy)?.hours ?? -Infinity) <= p.hours) last.set(p.policy, p);
  }
  const top = Math.max(0, ...named.map((p) => p.value)) * (smoothed ? 1.3 : 1);
  const gap = (top > 0 ? top : 1) * 12 / Math.max(1, height - 72 - 48);
  // ties by code unit: localeCompare follows the process's locale (LANG), so the SVG did too
  const labels = [...last.values()].sort((a, b) =>
    a.value - b.value || (a.policy < b.policy ? -1 : a.policy > b.policy ? 1 : 0)
  )
    .map((p) => ({
      ...p,
      text: smoothed ? `${p.policy} (mean ${formatNumber(overall.get(p.policy)!)})` : p.policy,
    }));
  for (let k = 1; k < labels.length; k++) {
    labels[k]!.value = Math.max(labels[k]!.value, labels[k - 1]!.value + gap);
  }
  const cut = smoothed ? points.filter((p) => p.value > top) : [];
  const steps = [...new Set(points.map((p) => p.hours))].sort((a, b) => a - b);
  const interval = steps.length > 1 ? (steps[1]! - steps[0]!) * 3600 : 0;
  const subtitle = smoothed
    ? `Thin: each ${formatDuration(interval)} interval; thick: mean over each ${
      formatDuration(meanOverSeconds)
    }; name: mean over the run${
      cut.length > 0
        ? `; ${cut.length} interval values above ${formatNumber(top)} (up to ${
          formatNumber(Math.max(...cut.map((p) => p.value)))
        }) are cut off`
        : ""
    }`
    : "";
  return figureMarks(
    title,
    {
      width,
      height,
      marginTop: smoothed ? 72 : 56,
      marginBottom: 48,
      marginLeft: 64,
      marginRight: smoothed ? 170 : 110,
      x: { label: "Time (hours)", labelAnchor: "center", labelArrow: "none" },
      y: {
        ...numberAxis(NAMES[metric]),
        ...(smoothed ? { domain: [0, top] } : { nice: true, zero: true }),
      },
      color: { domain: policies, scheme: "tableau10" },
      marks: [
        Plot.ruleY([0]),
        // Cut-off values are drawn at the top of the frame (Plot's clip would number its
        // clip paths from a process-wide counter, so the SVG would vary between calls).
        Plot.lineY(
          smoothed ? points.map((p) => ({ ...p, value: Math.min(p.value, top) })) : points,
          {
            x: "hours",
            y: "value",
            z: "policy",
            stroke: "policy",
            curve: "step-after",
            strokeWidth: smoothed ? 1 : 1.5,
            ...(smoothed ? { strokeOpacity: 0.35 } : {}),
          },
        ),
        ...(smoothed
          ? [Plot.lineY(means, {
            x: "hours",
            y: "value",
            z: "policy",
            stroke: "policy",
            strokeWidth: 2.5,
          })]
          : []),
        Plot.text(labels, {
          ...(smoothed ? { frameAnchor: "right" as const } : { x: "hours" }),
          y: "value",
          text: "text",
          fill: "policy",
          textAnchor: "start",
          dx: 6,
        }),
        titleMark(title, smoothed ? -62 : -48),
        ...(smoothed ? [subtitleMark(subtitle, -42)] : []),
      ],
    },
  );
}

/**
 * Draws one line per policy of a per-interval metric (active hosts by default) against
 * time in hours, each line named at its right end.
 *
 * Made of Plot marks only: `lineY` (a step line per policy, since a value holds for its
 * whole interval), `text` (the policy name beside the last point of each line, nudged
 * up where names would overlap, and the title) and `ruleY` (baseline). Colours follow the order in which policies first appear.
 *
 * @param rows Per-interval rows with a `policy` field, e.g. each `simulateDatacenter` result's
 * `rows` mapped to `{ policy, ...row }`.
 * @param options Metric, title and size.
 * @returns The chart as a {@link Figure}.
 * @throws {TypeError} If rows is not an array, a metric value is not a finite number, or the
 * metric is unknown.
 *
 * @example Two policies over three intervals
 * ```ts
 * import { plotDatacenterTimeline } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const rows = [0, 1, 2].flatMap((k) => [
 *   { policy: "DVFS", startSeconds: 300 * k, activeHosts: 10 },
 *   { policy: "MAD-MMT", startSeconds: 300 * k, activeHosts: 10 - 2 * k },
 * ]);
 * const svg = plotDatacenterTimeline(rows).toSvg();
 * assert.match(svg, /^<svg/);
 * const lines = svg.slice(svg.indexOf('aria-label="line"'));
 * assert.equal(lines.slice(0, lines.indexOf("</g>")).match(/<path /g)?.length, 2);
 * assert.match(svg, /MAD-MMT/);
 * ```
 */
export function plotDatacenterTimeline(
  rows: readonly DatacenterTimelineRow[],
  options: DatacenterTimelineOptions = {},
): Figure {
  return drawFigure(datacenterTimelineMarks(rows, options));
}
