import { requireFlatRows } from "./_checks.ts";
import {
  array,
  boolean,
  nonNegative,
  object,
  oneOf,
  options as checkOptions,
  show,
  string as requireString,
} from "../_validate.ts";
import { Plot } from "../_deps/plot.ts";
import type { RoundRow } from "../migration/result.ts";
import type { Figure } from "./figure.ts";
import { drawFigure, type FigureMarks } from "./figure_marks.ts";
import {
  decadeAtOrAbove,
  figureMarks,
  noteMark,
  numberAxis,
  powersOfTen,
  titleMark,
} from "./_render.ts";

/** A migration result, or the part of one that {@link plotRounds} reads. */
export interface RoundsInput {
  /** Label of the technique variant, used in the default title. */
  label: string;
  /** The per-round rows. */
  roundRows: readonly RoundRow[];
}

/** The phases a round row can have. */
const PHASES: readonly RoundRow["phase"][] = ["push", "stop-and-copy", "pull"];

/** Options of {@link plotRounds}. */
export interface RoundsOptions {
  /**
   * Which phases to draw; the pull phase of post-copy is left out by default.
   * @default {["push", "stop-and-copy"]}
   */
  phases?: readonly RoundRow["phase"][];
  /**
   * Use a logarithmic y scale. A round with 0 pages in a series cannot be drawn on it: it is
   * left off, the series' line is not joined across it, and a line under the title says how
   * many rounds of each series were left off.
   * @default {false}
   */
  log?: boolean;
  /**
   * Title drawn at the top left of the chart.
   * @default {"Pages sent and dirtied per round: <label>", without ": <label>" for round rows}
   */
  title?: string;
  /**
   * Width in pixels.
   * @default {720}
   */
  width?: number;
  /**
   * Height in pixels.
   * @default {400}
   */
  height?: number;
}

/** One point of one series. */
interface Point {
  round: number;
  pages: number;
  series: "pages sent" | "pages dirtied";
}

/**
 * The marks and Plot options of {@link plotRounds}, to draw with `drawFigure` together with
 * marks of your own (drawn on top, in the same scales).
 *
 * @param input A `MigrationResult` (or `{ label, roundRows }`), or its round rows.
 * @param options As for {@link plotRounds}.
 * @returns The figure's title, marks and Plot options.
 *
 * @example The marks of the figure
 * ```ts
 * import { roundsMarks } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const row = { startSeconds: 0, endSeconds: 1, bytesSent: 0, writes: 0 };
 * const layers = roundsMarks([
 *   { ...row, round: 1, phase: "push", pagesSent: 1000, pagesDirtied: 300 },
 *   { ...row, round: 2, phase: "stop-and-copy", pagesSent: 300, pagesDirtied: 0 },
 * ]);
 * assert.ok(layers.marks.length > 0);
 * ```
 */
export function roundsMarks(
  input: RoundsInput | readonly RoundRow[],
  options: RoundsOptions = {},
): FigureMarks {
  checkOptions("run plotRounds()", "options", options, [
    "height",
    "log",
    "phases",
    "title",
    "width",
  ]);
  const {
    phases = ["push", "stop-and-copy"],
    log = false,
    width = 720,
    height = 400,
  } = options;
  const action = "plot rounds";
  const isRows = Array.isArray(input);
  const rows: readonly RoundRow[] | undefined = isRows
    ? input as readonly RoundRow[]
    : typeof input === "object" && input !== null
    ? (input as RoundsInput).roundRows
    : undefined;
  requireFlatRows(action, isRows ? "input" : "input.roundRows", rows);
  if (!Array.isArray(rows)) {
    throw new TypeError(
      `Cannot ${action} as input must be a migration result or an array of round rows: current value is ${
        show(input)
      }`,
    );
  }
  array(action, "options.phases", phases).forEach((p, i) =>
    oneOf(action, `options.phases[${i}]`, p, PHASES)
  );
  boolean(action, "options.log", log);
  if (!isRows) requireString(action, "input.label", (input as RoundsInput).label);
  if (options.title !== undefined) requireString(action, "options.title", options.title);
  const {
    title = isRows
      ? "Pages sent and dirtied per round"
      : `Pages sent and dirtied per round: ${(input as RoundsInput).label}`,
  } = options;

  const points: Point[] = [];
  rows.forEach((row, i) => {
    const field = `${isRows ? "input" : "input.roundRows"}[${i}]`;
    object(action, field, row);
    if (!phases.includes(oneOf(action, `${field}.phase`, row.phase, PHASES))) return;
    const round = nonNegative(action, `${field}.round`, row.round);
    points.push({
      round,
      pages: nonNegative(action, `${field}.pagesSent`, row.pagesSent),
      series: "pages sent",
    });
    points.push({
      round,
      pages: nonNegative(action, `${field}.pagesDirtied`, row.pagesDirtied),
      series: "pages dirtied",
    });
  });
  // on a log scale, rounds with 0 pages are left off: the line breaks at them (a y of NaN
  // breaks a Plot line; the accessor makes it, so the data keep their 0) and a line under
  // the title counts them
  const drawn = log ? points.filter((p) => p.pages > 0) : points;
  const note = log ? zeroPagesNote(points) : "";
  const below = note === "" ? 0 : 18;
  const rounds = [...new Set(points.map((p) => p.round))].sort((a, b) => a - b);
  const series = ["pages sent", "pages dirtied"];
  const positive = drawn.map((p) => p.pages).filter((v) => v > 0);
  const low = 10 ** Math.floor(Math.log10(Math.min(...positive, 1e300)));
  const high = decadeAtOrAbove(Math.max(...positive, 1));

  return figureMarks(
    title,
    {
      width,
      height,
      marginTop: 48 + below,
      marginRight: 40,
      marginLeft: 72,
      x: { ...numberAxis("Round", false), ticks: rounds.length <= 30 ? rounds : undefined },
      y: {
        ...(log && positive.length > 0
          ? { type: "log", domain: [low, high], ticks: powersOfTen(low, high) }
          : { type: "linear", nice: true }),
        label: "Pages",
        labelAnchor: "center",
        labelArrow: "none",
        grid: true,
        tickFormat: (d: number) => d.toLocaleString("en-US"),
      },
      color: { domain: series, range: ["#4269d0", "#ff725c"] },
      marks: [
        ...(log ? [] : [Plot.ruleY([0])]),
        Plot.line(points, {
          x: "round",
          y: log ? (p: Point) => p.pages > 0 ? p.pages : NaN : "pages",
          stroke: "series",
          strokeWidth: 2,
        }),
        Plot.dot(drawn, { x: "round", y: "pages", fill: "series", r: 3 }),
        Plot.text(
          drawn,
          Plot.selectFirst({
            x: "round",
            y: "pages",
            z: "series",
            text: "series",
            fill: "series",
            textAnchor: "start",
            dx: 6,
            dy: -10,
          }),
        ),
        titleMark(title, -40 - below),
        ...(note === "" ? [] : [noteMark(note, -40)]),
      ],
    },
  );
}

/**
 * What a log y axis leaves off, as a sentence ("" when nothing): per series, the rounds with
 * 0 pages.
 */
function zeroPagesNote(points: readonly Point[]): string {
  const parts = (["pages sent", "pages dirtied"] as const).flatMap((series) => {
    const all = points.filter((p) => p.series === series);
    const off = all.filter((p) => !(p.pages > 0)).length;
    return off === 0
      ? []
      : [`${off} of ${all.length} round${all.length === 1 ? "" : "s"} of ${series}`];
  });
  return parts.length === 0
    ? ""
    : `Not drawn on the log scale (0 pages): ${parts.join(", ")}; lines are not joined across them`;
}

/**
 * Draws pages sent and pages dirtied per round of a pre-copy migration: one line with
 * dots per series, each labelled at its first point. On a log scale, rounds with 0 pages
 * are left off (the line is not joined across them) and a line under the title counts them.
 *
 * A converging pre-copy shows both lines falling round after round; when the dirtied
 * line meets the sent line, the dirty rate has caught up with the link.
 *
 * @param input A `MigrationResult` (or `{ label, roundRows }`), or its round rows.
 * @param options Phases, scale, title and size.
 * @returns The chart as a {@link Figure}.
 *
 * @example Plot three pre-copy rounds
 * ```ts
 * import { plotRounds } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const row = { startSeconds: 0, endSeconds: 1, bytesSent: 0, writes: 0 };
 * const fig = plotRounds([
 *   { ...row, round: 1, phase: "push", pagesSent: 1000, pagesDirtied: 300 },
 *   { ...row, round: 2, phase: "push", pagesSent: 300, pagesDirtied: 90 },
 *   { ...row, round: 3, phase: "stop-and-copy", pagesSent: 90, pagesDirtied: 0 },
 * ]);
 * assert.match(fig.toSvg(), /pages dirtied/);
 * ```
 */
export function plotRounds(
  input: RoundsInput | readonly RoundRow[],
  options: RoundsOptions = {},
): Figure {
  return drawFigure(roundsMarks(input, options));
}
