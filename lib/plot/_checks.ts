/**
 * Input checks shared by the figure helpers, in the message grammar of `lib/_validate.ts`.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { show, string } from "../_validate.ts";

/**
 * Throws a TypeError unless `value` is an array. `format` renders the value in the
 * message (`show` by default; a few helpers have always used `String`).
 */
export function requireArray(
  action: string,
  field: string,
  value: unknown,
  format: (value: unknown) => string = show,
): void {
  if (!Array.isArray(value)) {
    throw new TypeError(
      `Cannot ${action} as ${field} must be an array: current value is ${format(value)}`,
    );
  }
}

/**
 * Returns `value` if it is a finite number and throws a TypeError otherwise. `format`
 * renders the value in the message (`show` by default).
 */
export function requireFinite(
  action: string,
  field: string,
  value: unknown,
  format: (value: unknown) => string = show,
): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new TypeError(
      `Cannot ${action} as ${field} must be a finite number: current value is ${format(value)}`,
    );
  }
  return value;
}

/**
 * Throws a TypeError unless each of `fields` that `options` sets is a string: titles,
 * subtitles and axis labels, which Plot would otherwise draw as `5` or `[object Object]`.
 */
export function requireTextOptions(
  action: string,
  options: object,
  fields: readonly string[],
): void {
  for (const field of fields) {
    const value = (options as Record<string, unknown>)[field];
    if (value !== undefined) string(action, `options.${field}`, value);
  }
}

/**
 * Requires the cells of rows to be flat: strings, numbers, booleans, null or undefined,
 * never objects, arrays or functions (which a plot would stringify into garbage or
 * fail on), and at most {@link MAX_PLOT_ROWS} rows, each a plain object. A `rows`
 * that is not an array is left to the caller's own check (run after this), as are
 * non-finite numbers (the caller's range checks, then the SVG guard). With
 * `fields`, only those cells are checked (rows may carry other data the plot ignores,
 * such as a whole simulation result).
 */
export function requireFlatRows(
  action: string,
  field: string,
  rows: unknown,
  fields?: readonly string[],
): void {
  if (!Array.isArray(rows)) return;
  if (rows.length > MAX_PLOT_ROWS) {
    throw new RangeError(
      `Cannot ${action} as ${field} must hold at most ${MAX_PLOT_ROWS} rows: current value is ${
        show(`an array of ${rows.length}`)
      }`,
    );
  }
  rows.forEach((row, i) => {
    if (typeof row !== "object" || row === null || Array.isArray(row)) {
      throw new TypeError(
        `Cannot ${action} as ${field}[${i}] must be an object: current value is ${show(row)}`,
      );
    }
    for (const [key, value] of Object.entries(row)) {
      if (fields !== undefined && !fields.includes(key)) continue;
      if (
        value !== null &&
        (typeof value === "object" || typeof value === "function" || typeof value === "symbol" ||
          typeof value === "bigint")
      ) {
        throw new TypeError(
          `Cannot ${action} as ${field}[${i}].${key} must be a string, a number or a boolean: current value is ${
            show(value)
          }`,
        );
      }
    }
  });
}

/** Most rows a plot helper draws. */
export const MAX_PLOT_ROWS = 1_000_000;
