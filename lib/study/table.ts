import { array, func, object, oneOf, options as checkOptions, show, string } from "../_validate.ts";
import { plainText } from "./_plain_text.ts";

/** One column of a {@link formatTable} table. */
export interface TableColumn {
  /** The record field shown in the column. */
  key: string;
  /**
   * Column heading.
   * @default {key}
   */
  header?: string;
  /**
   * Formats a value; by default numbers get 4 significant digits and other values
   * `String(value)`.
   * @default {undefined}
   */
  format?: (value: unknown) => string;
  /**
   * Alignment; by default right for columns whose values are all numbers.
   * @default {undefined}
   */
  align?: "left" | "right";
}

/** Options of {@link formatTable}. */
export interface TableOptions {
  /**
   * The columns; by default every key of the rows, in first-seen order.
   * @default {undefined}
   */
  columns?: readonly TableColumn[];
}

/**
 * Formats flat records as a plain-text table with aligned columns, a heading line
 * and a dashed rule, for terminals and logs.
 *
 * @param rows Flat records.
 * @param options The columns, with headings, formatters and alignment.
 * @returns The table, one line per row, ending with a newline.
 *
 * @example A two-column table
 * ```ts
 * import { formatTable } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const table = formatTable([{ name: "offline", seconds: 34.36 }, { name: "hybrid", seconds: 2 }]);
 * assert.equal(table, "name     seconds\n-------  -------\noffline    34.36\nhybrid         2\n");
 * ```
 */
export function formatTable(
  rows: readonly object[],
  options: TableOptions = {},
): string {
  const action = "format a table";
  array(action, "rows", rows);
  rows.forEach((row, i) => object(action, `rows[${i}]`, row));
  checkOptions(action, "options", options, ["columns"]);
  const {
    columns = [...new Set(rows.flatMap((row) => Object.keys(row)))].map((
      key,
    ): TableColumn => ({ key })),
  } = options ?? {};
  array(action, "options.columns", columns);
  columns.forEach((column, i) => {
    const field = `options.columns[${i}]`;
    checkOptions(action, field, object(action, field, column), [
      "key",
      "header",
      "format",
      "align",
    ]);
    string(action, `${field}.key`, column.key);
    if (column.header !== undefined) string(action, `${field}.header`, column.header);
    if (column.format !== undefined) func(action, `${field}.format`, column.format);
    if (column.align !== undefined) {
      oneOf(action, `${field}.align`, column.align, ["left", "right"]);
    }
  });
  const records = rows as readonly Record<string, unknown>[];
  const cells = columns.map((column) => {
    const { format = formatValue } = column;
    return records.map((record, r) => {
      const text = format(record[column.key]);
      if (typeof text !== "string") {
        throw new TypeError(
          `Cannot ${action} as the format of column ${
            show(column.key)
          } must return a string: current value is ${show(text)} (row ${r})`,
        );
      }
      return text;
    });
  });
  const widths = columns.map((column, c) =>
    Math.max(
      (column.header ?? column.key).length,
      ...cells[c]!.map((cell) => cell.length),
    )
  );
  const right = columns.map((column) =>
    column.align === undefined
      ? records.length > 0 &&
        records.every((r) => typeof r[column.key] === "number")
      : column.align === "right"
  );
  const pad = (text: string, c: number): string =>
    right[c] ? text.padStart(widths[c]!) : text.padEnd(widths[c]!);
  const lines = [
    columns.map((column, c) => pad(column.header ?? column.key, c)).join("  "),
    widths.map((width) => "-".repeat(width)).join("  "),
    ...records.map((_, r) => columns.map((_, c) => pad(cells[c]![r]!, c)).join("  ")),
  ];
  return lines.map((line) => line.trimEnd()).join("\n") + "\n";
}

/** Default cell format: 4 significant digits for numbers, `String` otherwise. */
function formatValue(value: unknown): string {
  if (typeof value === "number") {
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  }
  return value === undefined || value === null ? "" : plainText(value);
}
