import {
  boolean,
  nonNegative,
  object,
  options as checkOptions,
  positive,
  show,
  string,
} from "../_validate.ts";
import { Plot } from "../_deps/plot.ts";
import type { MigrationFeasibilityRow } from "../realtime/migration_feasibility.ts";
import type { Figure } from "./figure.ts";
import { drawFigure, type FigureMarks } from "./figure_marks.ts";
import { requireArray, requireFlatRows, requireTextOptions } from "./_checks.ts";
import {
  bytesUnit,
  figureMarks,
  formatNumber,
  secondsUnit,
  subtitleMark,
  titleMark,
} from "./_render.ts";

/** Options of {@link plotFeasibilityMap}. */
export interface FeasibilityMapOptions {
  /**
   * Title drawn at the top left of the chart.
   * @default {"Where restoration by migration keeps every deadline"}
   */
  title?: string;
  /**
   * Width in pixels.
   * @default {820}
   */
  width?: number;
  /**
   * Height in pixels.
   * @default {120 + 140 per dirty rate}
   */
  height?: number;
}

const KEEPS = "#4e9a5b";
const MISSES = "#d9d9d9";

/**
 * The marks and Plot options of {@link plotFeasibilityMap}, to draw with `drawFigure` together with
 * marks of your own (drawn on top, in the same scales).
 *
 * @param rows Rows of `migrationFeasibility`.
 * @param options As for {@link plotFeasibilityMap}.
 * @returns The figure's title, marks and Plot options.
 *
 * @example The marks of the figure
 * ```ts
 * import { feasibilityMapMarks } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const layers = feasibilityMapMarks([]);
 * assert.equal(typeof layers.title, "string");
 * assert.ok(Array.isArray(layers.marks));
 * ```
 */
export function feasibilityMapMarks(
  rows: readonly MigrationFeasibilityRow[],
  options: FeasibilityMapOptions = {},
): FigureMarks {
  requireFlatRows("plot rows", "rows", rows);
  checkOptions("run plotFeasibilityMap()", "options", options, ["height", "title", "width"]);
  requireTextOptions("run plotFeasibilityMap()", options, ["title"]);
  const action = "plot the feasibility map";
  requireArray(action, "rows", rows);
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    object(action, `rows[${i}]`, row);
    const cell = [
      string(action, `rows[${i}].technique`, row.technique, true),
      nonNegative(action, `rows[${i}].writesPerSecond`, row.writesPerSecond),
      positive(action, `rows[${i}].memoryBytes`, row.memoryBytes),
      positive(action, `rows[${i}].periodSeconds`, row.periodSeconds),
    ] as const;
    boolean(action, `rows[${i}].feasible`, row.feasible);
    boolean(action, `rows[${i}].chosen`, row.chosen);
    const key = JSON.stringify(cell);
    const first = seen.get(key);
    if (first !== undefined) throw duplicateCell(action, rows, first, i, cell);
    seen.set(key, i);
  });
  const rates = [...new Set(rows.map((r) => r.writesPerSecond))].sort((a, b) => a - b);
  const {
    title = "Where restoration by migration keeps every deadline",
    width = 820,
    height = 120 + 140 * Math.max(1, rates.length),
  } = options;
  const { unit: memUnit, scale: memScale } = bytesUnit(
    Math.min(...rows.map((r) => r.memoryBytes)),
  );
  const { unit: tUnit, scale: tScale } = secondsUnit(Math.max(...rows.map((r) => r.periodSeconds)));
  const memLabel = (b: number) => `${formatNumber(b * memScale, 6)}`;
  const periodLabel = (t: number) => `${formatNumber(t * tScale)}`;
  const rateLabel = (w: number) => `${formatNumber(w)} writes/s`;
  // Cells are drawn at their labels but the grid and its count of empty cells are made of the
  // values: two values that read alike would draw in one place, one row hiding the other, and
  // the count would name cells the figure does not have. So each label must stand for one value.
  const axes = [
    ["memoryBytes", memLabel, ` ${memUnit}`],
    ["periodSeconds", periodLabel, ` ${tUnit}`],
    ["writesPerSecond", rateLabel, ""],
  ] as const;
  for (const [field, label, unit] of axes) {
    const byLabel = new Map<string, number>();
    rows.forEach((row, i) => {
      const text = label(row[field]);
      const first = byLabel.get(text);
      if (first === undefined) byLabel.set(text, i);
      else if (rows[first]?.[field] !== row[field]) {
        throw new RangeError(
          `Cannot ${action} as rows[${i}].${field} must not share its axis label with ` +
            `rows[${first}].${field} = ${show(rows[first]?.[field])} (both read ${show(text)}` +
            `${unit}: two values under one label draw in one place, one row hiding the other; ` +
            `give them one value or plot them apart): current value is ${show(row[field])}`,
        );
      }
    });
  }
  const cells = rows.map((r) => ({
    technique: r.technique as string,
    rate: rateLabel(r.writesPerSecond),
    memory: memLabel(r.memoryBytes),
    period: periodLabel(r.periodSeconds),
    fill: r.feasible ? KEEPS : MISSES,
    chosen: r.chosen,
  }));
  const memories = [...new Set(rows.map((r) => r.memoryBytes))].sort((a, b) => a - b).map(
    memLabel,
  );
  const periods = [...new Set(rows.map((r) => r.periodSeconds))].sort((a, b) => a - b).map(
    periodLabel,
  );
  const techniques = [...new Set(rows.map((r) => r.technique as string))];
  // the grid is every technique × rate × memory × period the rows name, one label per value
  // (checked above); each row fills one cell (two in one are refused above), so the rest are
  // empty: a point migrationFeasibility gives no row for (its VM misses deadlines in its server
  // even without an outage), or rows left out by the caller. The figure says how many.
  const cellCount = techniques.length * rates.length * memories.length * periods.length;
  const empty = cellCount - rows.length;
  const note = empty > 0
    ? `${empty} of ${cellCount} cells empty: no row (migrationFeasibility gives none where the VM misses deadlines even without an outage)`
    : "";
  const below = note === "" ? 0 : 18;
  const key = [
    { text: "■", fill: KEEPS, dx: 0 },
    { text: "keeps every deadline", fill: "currentColor", dx: 16 },
    { text: "■", fill: MISSES, dx: 150 },
    { text: "misses a deadline", fill: "currentColor", dx: 166 },
    { text: "●", fill: "currentColor", dx: 290 },
    { text: "the policy's choice", fill: "currentColor", dx: 306 },
  ];
  return figureMarks(
    title,
    {
      width,
      height,
      marginTop: 64 + below,
      marginBottom: 48,
      marginLeft: 64,
      marginRight: 96,
      fx: { domain: techniques, label: null, padding: 0.06 },
      fy: { domain: rates.map(rateLabel), label: null, padding: 0.1 },
      x: { domain: memories, label: `VM memory (${memUnit})`, padding: 0.05 },
      y: { domain: periods, label: `Task period (${tUnit})`, padding: 0.05, reverse: true },
      marks: [
        Plot.cell(cells, {
          fx: "technique",
          fy: "rate",
          x: "memory",
          y: "period",
          fill: "fill",
          inset: 0.5,
        }),
        Plot.dot(cells.filter((c) => c.chosen), {
          fx: "technique",
          fy: "rate",
          x: "memory",
          y: "period",
          r: 3,
          fill: "currentColor",
        }),
        titleMark(title, -56 - below, true),
        ...key.map((k) =>
          Plot.text([k.text], {
            frameAnchor: "top-left",
            dy: -36 - below,
            dx: k.dx,
            fill: k.fill,
            fontSize: k.text.length === 1 ? 14 : 11,
            textAnchor: "start",
            facet: "super" as const,
          })
        ),
        ...(note === "" ? [] : [subtitleMark(note, -36)]),
      ],
    },
  );
}

/** Fields computed per row, which differ between rows of one cell for that reason. */
const RESULT_FIELDS = new Set([
  "affordableDowntimeSeconds",
  "outageSeconds",
  "migrationSeconds",
  "feasible",
  "chosen",
]);

/** The error for a second row in one cell, naming both rows and the keys they differ in. */
function duplicateCell(
  action: string,
  rows: readonly MigrationFeasibilityRow[],
  first: number,
  second: number,
  [technique, rate, memory, period]: readonly [string, number, number, number],
): RangeError {
  const a = rows[first] as unknown as Record<string, unknown>;
  const b = rows[second] as unknown as Record<string, unknown>;
  const differ = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => !RESULT_FIELDS.has(k) && !Object.is(a[k], b[k]));
  const why = differ.length === 0
    ? "it repeats that row"
    : `they differ in ${differ.join(", ")}: draw one map per value`;
  return new RangeError(
    `Cannot ${action} as rows[${second}] must not fall in the cell of rows[${first}] (technique, writesPerSecond, memoryBytes, periodSeconds; ${why}): current value is ${
      show(`${technique}, ${rate} writes/s, ${memory} bytes, ${period} s`)
    }`,
  );
}

/**
 * Draws the feasibility ranges of {@link migrationFeasibility}: one panel per technique
 * (columns) and dirty rate (rows), each a grid of memory size (x) by task period (y)
 * whose cells are green where the technique's outage fits the VM's affordable downtime
 * and grey where it does not; a dot marks the technique the policy picks at that point.
 * A colour key with swatches sits under the title. The grid is every technique, dirty
 * rate, memory size and period the rows name; a cell with no row is left empty, and a line
 * under the key counts the empty cells (`migrationFeasibility` gives no row for a point
 * whose VM misses deadlines in its server even without an outage). A value no row names at
 * all has no column or row in the grid, so the figure cannot count it.
 * Each cell shows one row, so rows that
 * share a technique, dirty rate, memory size and period (a sweep over several deadline
 * ratios, server budgets or seeds) are refused: filter them to one map each.
 * The axes are labelled with rounded values (memory to 6 significant digits in the unit of
 * the smallest size, periods and dirty rates to 3), and each label must stand for one value:
 * rows whose memory sizes, periods or dirty rates differ below that precision (1073741824 and
 * 1073741825 bytes, both "1024" MiB) are refused, naming both rows, their values and the label,
 * rather than drawn in one column under one label, one row hiding the other, with a count of
 * empty cells made of values the figure does not show apart. Round such values to one, or
 * plot them in separate maps.
 *
 * Made of Plot marks only: `cell` for the grid, `dot` for the choice, `text` for the
 * title, the key and the count of empty cells.
 *
 * @param rows `migrationFeasibility` rows.
 * @param options Title and size.
 * @returns The chart as a {@link Figure}.
 * @throws {RangeError} If two rows fall in one cell, two values of an axis share a label, or a
 * plotted number is out of range.
 *
 * @example A small sweep
 * ```ts
 * import { plotFeasibilityMap } from "./mod.ts";
 * import { migrationFeasibility } from "../realtime/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const rows = migrationFeasibility({
 *   pageCounts: [256, 4096], writesPerSecond: [0], periodsSeconds: [0.01, 1],
 *   link: { bandwidthBytesPerSecond: 1e8 }, seed: 1,
 * });
 * assert.match(plotFeasibilityMap(rows).toSvg(), /keeps every deadline/);
 * ```
 */
export function plotFeasibilityMap(
  rows: readonly MigrationFeasibilityRow[],
  options: FeasibilityMapOptions = {},
): Figure {
  return drawFigure(feasibilityMapMarks(rows, options));
}
