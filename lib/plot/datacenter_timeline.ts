import { Plot } from "../_deps/plot.ts";
import { oneOf, options as checkOptions } from "../_validate.ts";
import { type Figure, figure } from "./figure.ts";
import { requireArray, requireFinite, requireFlatRows } from "./_checks.ts";
import { numberAxis, renderSvg, titleMark } from "./_render.ts";

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
  /** Start of the interval in seconds. */
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
  requireFlatRows("plot rows", "rows", rows);
  checkOptions("run plotDatacenterTimeline()", "options", options, [
    "height",
    "metric",
    "title",
    "width",
  ]);
  const { metric = "activeHosts", width = 960, height = 400 } = options;
  oneOf(ACTION, "metric", metric, DATACENTER_TIMELINE_METRICS);
  requireArray(ACTION, "rows", rows);
  const { title = `${NAMES[metric].replace(/ \(kWh\)$/, "")} over time by policy` } = options;
  const points = rows.map((row, index) => {
    const startSeconds = requireFinite(ACTION, `rows[${index}].startSeconds`, row.startSeconds);
    const value = requireFinite(ACTION, `rows[${index}].${metric}`, row[metric]);
    return { policy: String(row.policy), hours: startSeconds / 3600, value };
  });
  const policies = [...new Set(points.map((p) => p.policy))];
  // Name each line at its last point, nudged apart so that names never overlap (12 px).
  const last = new Map<string, { policy: string; hours: number; value: number }>();
  for (const p of points) {
    if ((last.get(p.policy)?.hours ?? -Infinity) <= p.hours) last.set(p.policy, p);
  }
  const top = Math.max(0, ...points.map((p) => p.value));
  const gap = (top > 0 ? top : 1) * 12 / Math.max(1, height - 56 - 48);
  const labels = [...last.values()].sort((a, b) =>
    a.value - b.value || a.policy.localeCompare(b.policy)
  )
    .map((p) => ({ ...p }));
  for (let k = 1; k < labels.length; k++) {
    labels[k]!.value = Math.max(labels[k]!.value, labels[k - 1]!.value + gap);
  }
  const svg = renderSvg(
    {
      width,
      height,
      marginTop: 56,
      marginBottom: 48,
      marginLeft: 64,
      marginRight: 110,
      x: { label: "Time (hours)", labelAnchor: "center", labelArrow: "none" },
      y: { ...numberAxis(NAMES[metric]), nice: true, zero: true },
      color: { domain: policies, scheme: "tableau10" },
      marks: [
        Plot.ruleY([0]),
        Plot.lineY(points, {
          x: "hours",
          y: "value",
          z: "policy",
          stroke: "policy",
          curve: "step-after",
          strokeWidth: 1.5,
        }),
        Plot.text(labels, {
          x: "hours",
          y: "value",
          text: "policy",
          fill: "policy",
          textAnchor: "start",
          dx: 6,
        }),
        titleMark(title, -48),
      ],
    } as unknown as Parameters<typeof renderSvg>[0],
  );
  return figure(svg, { title });
}
