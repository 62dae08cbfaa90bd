import { nonNegative, object, oneOf, options as checkOptions, string } from "../_validate.ts";
import { Plot } from "../_deps/plot.ts";
import type { Phase, RoundRow } from "../migration/result.ts";
import type { Figure } from "./figure.ts";
import { drawFigure, type FigureMarks } from "./figure_marks.ts";
import { requireArray, requireFlatRows, requireTextOptions } from "./_checks.ts";
import {
  checkPlotSize,
  figureMarks,
  formatNumber,
  numberAxis,
  secondsUnit,
  titleMark,
} from "./_render.ts";

/** A migration result, or the part of one that {@link plotTimeline} reads. */
export interface TimelineInput {
  /** Label of the technique variant; one band per label. */
  label: string;
  /** Total migration time in seconds (marked at the end of the band). */
  totalSeconds: number;
  /** Downtime in seconds (printed at the end of the band). */
  downtimeSeconds: number;
  /**
   * The per-round rows; each becomes a bar from `startSeconds` to `endSeconds` (finite
   * numbers >= 0) in the colour of its `phase` (`push`, `stop-and-copy` or `pull`).
   */
  roundRows: readonly RoundRow[];
  /** `false` flags the band as not converged (the run stopped at a cap). */
  converged?: boolean;
  /**
   * Post-copy vCPU stall in seconds (the VM waits for faulted pages): drawn as a dark strip
   * along the bottom of the pull phase, as long as the total stall.
   */
  stallSeconds?: number;
}

/** Options of {@link plotTimeline}. */
export interface TimelineOptions {
  /**
   * Title drawn at the top left of the chart.
   * @default {"Migration timeline by technique"}
   */
  title?: string;
  /**
   * Width in pixels.
   * @default {960}
   */
  width?: number;
  /**
   * Height in pixels; by default 100 + 32 per technique.
   */
  height?: number;
}

/** Phase colours, fixed so that every timeline uses the same ones. */
const PHASES: readonly Phase[] = ["push", "stop-and-copy", "pull"];
const PHASE_COLORS = ["#4269d0", "#ff725c", "#6cc5b0"];
/** The colour of the stall strip and of the "not converged" flag. */
const STALL_COLOR = "#3b3b3b";
const WARNING_COLOR = "#d62728";
/** Rounds narrower than this many pixels are widened to it, so that none vanishes. */
const MIN_BAR_PIXELS = 1;

/** One bar of the timeline. */
interface Segment {
  label: string;
  phase: Phase;
  startSeconds: number;
  endSeconds: number;
}

/**
 * The marks and Plot options of {@link plotTimeline}, to draw with `drawFigure` together with
 * marks of your own (drawn on top, in the same scales).
 *
 * @param results Migration results (or their `label`, `totalSeconds`, `downtimeSeconds` and `roundRows`).
 * @param options As for {@link plotTimeline}.
 * @returns The figure's title, marks and Plot options.
 *
 * @example The marks of the figure
 * ```ts
 * import { timelineMarks } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const layers = timelineMarks([{
 *   label: "offline",
 *   totalSeconds: 2,
 *   downtimeSeconds: 2,
 *   roundRows: [{
 *     round: 1, phase: "stop-and-copy", startSeconds: 0, endSeconds: 2,
 *     pagesSent: 100, bytesSent: 409600, pagesDirtied: 0, writes: 0,
 *   }],
 * }]);
 * assert.ok(layers.marks.length > 0);
 * ```
 */
export function timelineMarks(
  results: readonly TimelineInput[],
  options: TimelineOptions = {},
): FigureMarks {
  checkOptions("run plotTimeline()", "options", options, ["height", "title", "width"]);
  requireTextOptions("run plotTimeline()", options, ["title"]);
  checkPlotSize("run plotTimeline()", options);
  const action = "plot a timeline";
  requireArray(action, "results", results);
  const {
    title = "Migration timeline by technique",
    width = 960,
    height = 60 + 32 * Math.max(1, results.length) + 40,
  } = options;

  const segments: Segment[] = [];
  for (const [index, result] of results.entries()) {
    requireArray(action, `results[${index}].roundRows`, result?.roundRows);
    requireFlatRows(action, `results[${index}].roundRows`, result.roundRows);
    result.roundRows.forEach((row, i) => object(action, `results[${index}].roundRows[${i}]`, row));
    string(action, `results[${index}].label`, result.label);
    nonNegative(action, `results[${index}].totalSeconds`, result.totalSeconds);
    nonNegative(action, `results[${index}].downtimeSeconds`, result.downtimeSeconds);
    result.roundRows.forEach((row, i) => {
      const field = `results[${index}].roundRows[${i}]`;
      segments.push({
        label: result.label,
        phase: oneOf(action, `${field}.phase`, row.phase, PHASES),
        startSeconds: nonNegative(action, `${field}.startSeconds`, row.startSeconds),
        endSeconds: nonNegative(action, `${field}.endSeconds`, row.endSeconds),
      });
    });
  }
  const maxSeconds = Math.max(0, ...results.map((r) => r.totalSeconds));
  const { unit, scale } = secondsUnit(maxSeconds);
  const marginLeft = 150;
  const marginRight = 190;
  // The x domain as Plot will nice it, to know how much time one pixel is.
  const niced = Plot.scale({
    x: { domain: [0, Math.max(maxSeconds * scale, Number.MIN_VALUE)], nice: true },
  }).domain;
  const domainMax = Number([...(niced ?? [])].at(-1) ?? maxSeconds * scale);
  const pixel = domainMax / Math.max(1, width - marginLeft - marginRight);
  const scaled = segments.map((s) => {
    const startSeconds = s.startSeconds * scale;
    const endSeconds = s.endSeconds * scale;
    const narrow = endSeconds - startSeconds < 3 * pixel;
    return {
      ...s,
      startSeconds,
      endSeconds: Math.max(endSeconds, startSeconds + MIN_BAR_PIXELS * pixel),
      narrow,
    };
  });
  const stalls = results.flatMap((r) => {
    const stall = r.stallSeconds ?? 0;
    const pull = r.roundRows.find((row) => row.phase === "pull");
    if (!(stall > 0) || pull === undefined) return [];
    const start = pull.startSeconds * scale;
    return [{
      label: r.label,
      startSeconds: start,
      endSeconds: start + Math.max(stall * scale, MIN_BAR_PIXELS * pixel),
    }];
  });
  const ends = results.map((r) => ({
    label: r.label,
    x: r.totalSeconds * scale,
    converged: r.converged !== false,
    text: `${formatNumber(r.totalSeconds * scale)} ${unit} total, ${
      formatDowntime(r.downtimeSeconds)
    } down${(r.stallSeconds ?? 0) > 0 ? `, ${formatDowntime(r.stallSeconds ?? 0)} stall` : ""}${
      r.converged === false ? ", NOT CONVERGED" : ""
    }`,
  }));
  const labels = [...new Set(results.map((r) => r.label))];
  const keyX = [0, 70, 190];

  return figureMarks(
    title,
    {
      width,
      height,
      marginTop: 56,
      marginLeft,
      marginRight,
      x: {
        ...numberAxis(`Time since migration start (${unit})`),
        nice: true,
        domain: [0, Math.max(maxSeconds * scale, Number.MIN_VALUE)],
      },
      y: { domain: labels, label: null, padding: 0.25 },
      color: { domain: PHASES, range: PHASE_COLORS },
      marks: [
        Plot.barX(scaled.filter((s) => !s.narrow), {
          y: "label",
          x1: "startSeconds",
          x2: "endSeconds",
          fill: "phase",
          insetLeft: 0.5,
          insetRight: 0.5,
        }),
        // No inset on narrow rounds: an inset would eat a bar under a pixel wide.
        Plot.barX(scaled.filter((s) => s.narrow), {
          y: "label",
          x1: "startSeconds",
          x2: "endSeconds",
          fill: "phase",
        }),
        Plot.barX(stalls, {
          y: "label",
          x1: "startSeconds",
          x2: "endSeconds",
          fill: STALL_COLOR,
          insetTop: 16,
        }),
        Plot.tickX(scaled.filter((s) => s.phase === "stop-and-copy"), {
          y: "label",
          x: "startSeconds",
          stroke: "phase",
          strokeWidth: 2,
        }),
        Plot.text(ends, {
          y: "label",
          x: "x",
          text: "text",
          textAnchor: "start",
          dx: 6,
          fill: (d: { converged: boolean }) => d.converged ? "currentColor" : WARNING_COLOR,
        }),
        ...PHASES.flatMap((phase, i) => [
          Plot.dot([phase], {
            frameAnchor: "top-left",
            dx: (keyX[i] ?? 0) + 5,
            dy: -14,
            symbol: "square",
            r: 5,
            fill: (d: Phase) => d,
          }),
          Plot.text([phase], {
            frameAnchor: "top-left",
            dx: (keyX[i] ?? 0) + 14,
            dy: -14,
            textAnchor: "start",
            text: (d: Phase) => d,
          }),
        ]),
        ...(stalls.length === 0 ? [] : [
          Plot.dot(["vCPU stall"], {
            frameAnchor: "top-left",
            dx: 290 + 5,
            dy: -14,
            symbol: "square",
            r: 5,
            fill: STALL_COLOR,
          }),
          Plot.text(["vCPU stall (total)"], {
            frameAnchor: "top-left",
            dx: 290 + 14,
            dy: -14,
            textAnchor: "start",
          }),
        ]),
        titleMark(title, -44),
      ],
    },
  );
}

/**
 * Draws one horizontal band per technique showing its push rounds, its stop-and-copy
 * (the downtime) and its pull phase over time, with the total time and downtime
 * printed at the end of each band.
 *
 * Bars are `barX` marks with `x1`/`x2` from the round rows; a round narrower than a
 * pixel is drawn one pixel wide (and without the gap between bars), so that short late
 * rounds never vanish into a false gap; a `tickX` marks each stop-and-copy so that a
 * downtime of a few milliseconds stays visible; post-copy's vCPU stall
 * (`stallSeconds`) is a dark strip along the bottom of the pull, as long as the total
 * stall; a run that did not converge (`converged: false`) is flagged in red at the end of
 * its band. The colour key is a row of `text` marks above the chart.
 *
 * @param results Migration results (or `{ label, totalSeconds, downtimeSeconds, roundRows }`).
 * @param options Title and size.
 * @returns The chart as a {@link Figure}.
 *
 * @example Draw the timeline of an offline migration
 * ```ts
 * import { plotTimeline } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const fig = plotTimeline([{
 *   label: "offline",
 *   totalSeconds: 2,
 *   downtimeSeconds: 2,
 *   roundRows: [{
 *     round: 1, phase: "stop-and-copy", startSeconds: 0, endSeconds: 2,
 *     pagesSent: 100, bytesSent: 409600, pagesDirtied: 0, writes: 0,
 *   }],
 * }]);
 * assert.match(fig.toSvg(), /offline/);
 * ```
 */
export function plotTimeline(
  results: readonly TimelineInput[],
  options: TimelineOptions = {},
): Figure {
  return drawFigure(timelineMarks(results, options));
}

/** Formats a downtime in ms below a second, in s otherwise. */
function formatDowntime(seconds: number): string {
  const { unit, scale } = secondsUnit(seconds);
  return `${formatNumber(seconds * scale)} ${unit}`;
}
