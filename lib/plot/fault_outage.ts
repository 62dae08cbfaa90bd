import { Plot } from "../_deps/plot.ts";
import {
  boolean,
  nonNegative,
  object,
  oneOf,
  options as checkOptions,
  string,
} from "../_validate.ts";
import type { FaultRestoration } from "../realtime/fault_restoration.ts";
import type { Figure } from "./figure.ts";
import { drawFigure, type FigureMarks } from "./figure_marks.ts";
import { requireArray, requireTextOptions } from "./_checks.ts";
import { figureMarks, formatNumber, numberAxis, secondsUnit, titleMark } from "./_render.ts";

/** What {@link plotFaultOutage} charts per VM and technique. */
export type FaultOutageMetric = "outageSeconds" | "deadlinesMissed";

/** Options of {@link plotFaultOutage}. */
export interface FaultOutageOptions {
  /**
   * `"outageSeconds"`: each VM's outage; `"deadlinesMissed"`: the deadlines its tasks
   * missed (summed over the VM's tasks).
   * @default {"outageSeconds"}
   */
  metric?: FaultOutageMetric;
  /**
   * Title drawn at the top left of the chart.
   * @default {"Outage per VM by technique" or "Deadlines missed per VM by technique"}
   */
  title?: string;
  /**
   * Width in pixels.
   * @default {760}
   */
  width?: number;
  /**
   * Height in pixels.
   * @default {400}
   */
  height?: number;
}

/** One bar of the chart. */
interface Bar {
  vm: string;
  technique: string;
  value: number;
  restored: boolean;
  text: string;
}

/**
 * The marks and Plot options of {@link plotFaultOutage}, to draw with `drawFigure` together with
 * marks of your own (drawn on top, in the same scales).
 *
 * @param restorations Results of `injectFault`, one per technique.
 * @param options As for {@link plotFaultOutage}.
 * @returns The figure's title, marks and Plot options.
 *
 * @example The marks of the figure
 * ```ts
 * import { faultOutageMarks } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const layers = faultOutageMarks([]);
 * assert.equal(typeof layers.title, "string");
 * assert.ok(Array.isArray(layers.marks));
 * ```
 */
export function faultOutageMarks(
  restorations: readonly FaultRestoration[],
  options: FaultOutageOptions = {},
): FigureMarks {
  checkOptions("run plotFaultOutage()", "options", options, ["height", "metric", "title", "width"]);
  requireTextOptions("run plotFaultOutage()", options, ["title"]);
  const {
    metric = "outageSeconds",
    title = metric === "outageSeconds"
      ? "Outage per VM by technique"
      : "Deadlines missed per VM by technique",
    width = 760,
    height = 400,
  } = options;
  const action = "plot fault outage";
  oneOf(action, "metric", metric, ["outageSeconds", "deadlinesMissed"] as const);
  requireArray(action, "restorations", restorations);
  restorations.forEach((r, i) => {
    const record = object(action, `restorations[${i}]`, r);
    requireArray(action, `restorations[${i}].vms`, record.vms);
    requireArray(action, `restorations[${i}].tasks`, record.tasks);
    (record.vms as unknown[]).forEach((v, j) => {
      const field = `restorations[${i}].vms[${j}]`;
      const vm = object(action, field, v);
      string(action, `${field}.vm`, vm.vm);
      const restored = boolean(action, `${field}.restored`, vm.restored);
      // Infinity is the outage of a lost VM (FaultRestoration's documentation).
      if (restored || vm.outageSeconds !== Infinity) {
        nonNegative(action, `${field}.outageSeconds`, vm.outageSeconds);
      }
    });
    (record.tasks as unknown[]).forEach((t, j) => {
      const task = object(action, `restorations[${i}].tasks[${j}]`, t);
      if (metric === "deadlinesMissed") {
        nonNegative(action, `restorations[${i}].tasks[${j}].deadlinesMissed`, task.deadlinesMissed);
      }
    });
  });
  const raw = (restorations as readonly FaultRestoration[]).flatMap((r) =>
    r.vms.map((v) => ({
      vm: v.vm,
      vmIndex: v.vmIndex,
      technique: r.technique as string,
      restored: v.restored,
      value: metric === "outageSeconds"
        ? v.outageSeconds
        : r.tasks.filter((t) => t.vmIndex === v.vmIndex)
          .reduce((sum, t) => sum + t.deadlinesMissed, 0),
    }))
  );
  const finite = raw.filter((b) => Number.isFinite(b.value)).map((b) => b.value);
  const { unit, scale } = metric === "outageSeconds"
    ? secondsUnit(Math.max(0, ...finite))
    : { unit: "", scale: 1 };
  const bars: Bar[] = raw.map((b) => {
    const value = Number.isFinite(b.value) ? b.value * scale : 0;
    const text = metric === "outageSeconds"
      ? (b.restored ? formatNumber(value) : "lost")
      : (b.restored ? formatNumber(value) : `${formatNumber(value)} · lost`);
    return { vm: b.vm, technique: b.technique, restored: b.restored, value, text };
  });
  // Panel labels: the VM, and for the deadlines the jobs it released in the window.
  const first = (restorations as readonly FaultRestoration[])[0];
  const jobsOf = (vmIndex: number) =>
    first === undefined
      ? 0
      : first.tasks.filter((t) => t.vmIndex === vmIndex).reduce((sum, t) => sum + t.jobs, 0);
  const panel = new Map(raw.map((b) => [
    b.vm,
    metric === "deadlinesMissed" ? `${b.vm} (${jobsOf(b.vmIndex)} jobs)` : b.vm,
  ]));
  for (const bar of bars) bar.vm = panel.get(bar.vm)!;
  const vms = [...new Set(bars.map((b) => b.vm))];
  const techniques = [...new Set(bars.map((b) => b.technique))];
  const window = first === undefined ? null : {
    fault: first.fault.timeSeconds,
    until: first.observedUntilSeconds,
  };
  const name = metric === "outageSeconds"
    ? "Outage from the fault"
    : window === null || window.until === 0
    ? "Deadlines missed"
    : `Deadlines missed in 0–${formatNumber(window.until)} s (fault at ${
      formatNumber(window.fault)
    } s)`;
  return figureMarks(
    title,
    {
      width,
      height,
      marginTop: 56,
      marginBottom: 80,
      marginLeft: 64,
      fx: { domain: vms, label: null, padding: 0.08 },
      x: { domain: techniques, label: null, tickRotate: -30, padding: 0.15 },
      y: { nice: true, ...numberAxis(unit === "" ? name : `${name} (${unit})`) },
      color: { domain: techniques, scheme: "tableau10" },
      marks: [
        Plot.barY(bars.filter((b) => b.restored || metric === "deadlinesMissed"), {
          fx: "vm",
          x: "technique",
          y: "value",
          fill: "technique",
        }),
        Plot.text(bars.filter((b) => b.restored), {
          fx: "vm",
          x: "technique",
          y: "value",
          text: "text",
          dy: -4,
          lineAnchor: "bottom",
        }),
        Plot.text(bars.filter((b) => !b.restored), {
          fx: "vm",
          x: "technique",
          y: "value",
          text: "text",
          dy: -4,
          lineAnchor: "bottom",
          fill: "#b00020",
          fontWeight: "bold",
        }),
        Plot.ruleY([0]),
        titleMark(title, -48, true),
      ],
    },
  );
}

/**
 * Draws, for one fault restored with several techniques, a grouped bar chart with one
 * panel per VM of the faulty processor and one bar per technique: the VM's outage or
 * its deadline misses. A VM that a technique did not restore is marked "lost" in every
 * panel: without a bar for the outage (it is unbounded), with "lost" beside its count
 * for the deadlines. For the deadlines, the subtitle states the observation window
 * (the simulated schedule, from 0 to `observedUntilSeconds`, with the fault time) and
 * each panel's label the number of jobs the VM released in it.
 *
 * Made of Plot marks only: `barY` for the bars, `text` for the values and the title,
 * `ruleY` for the baseline.
 *
 * @param restorations `injectFault` results, one per technique, for the same fault.
 * @param options Metric, title and size.
 * @returns The chart as a {@link Figure}.
 *
 * @example Two techniques, one VM
 * ```ts
 * import { plotFaultOutage } from "./mod.ts";
 * import { injectFault } from "../realtime/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const link = { bandwidthBytesPerSecond: 125e6 };
 * const processor = (name: string) => ({ name, capacity: 1, ramBytes: 2 ** 30, link });
 * const platform = {
 *   processors: [processor("p0"), processor("p1")],
 *   vms: [{
 *     name: "a",
 *     scheduler: "edf" as const,
 *     server: { periodSeconds: 0.01, budgetSeconds: 0.004 },
 *     tasks: [{ name: "t", periodSeconds: 0.02, wcetSeconds: 0.002, deadlineSeconds: 0.02 }],
 *     image: { pageCount: 1024, pageSizeBytes: 4096, stateBytes: 4096, workload: { kind: "idle" as const } },
 *   }],
 *   placement: [0],
 * };
 * const fault = { processorIndex: 0, timeSeconds: 0.1, kind: "degraded" as const };
 * const results = (["offline", "post-copy"] as const).map((technique) =>
 *   injectFault(platform, fault, { technique, seed: 1, windowSeconds: 1 })
 * );
 * assert.match(plotFaultOutage(results).toSvg(), /post-copy/);
 * ```
 */
export function plotFaultOutage(
  restorations: readonly FaultRestoration[],
  options: FaultOutageOptions = {},
): Figure {
  return drawFigure(faultOutageMarks(restorations, options));
}
