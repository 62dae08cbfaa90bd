import { array, object, oneOf, options as checkOptions, string } from "../_validate.ts";
import { plainText } from "./_plain_text.ts";

/** Options of {@link toCsv}. */
export interface CsvOptions {
  /**
   * The columns, in order; by default every key of the rows, in first-seen order.
   * @default {undefined}
   */
  columns?: readonly string[];
  /**
   * Line separator. RFC 4180 specifies `"\r\n"`; `"\n"` suits version control.
   * @default {"\n"}
   */
  lineEnding?: "\n" | "\r\n";
}

/**
 * Formats flat records as CSV with a header line, quoting as RFC 4180 requires: a
 * field that contains a comma, a double quote, CR or LF is enclosed in double quotes
 * and its double quotes are doubled. Numbers use JavaScript's shortest round-trip
 * form; `null` and `undefined` become empty fields; objects become JSON.
 *
 * @param rows Flat records, e.g. `runStudy`'s rows.
 * @param options Columns and line ending.
 * @returns The CSV text, ending with a line separator.
 *
 * @example Quote a field with a comma
 * ```ts
 * import { toCsv } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const csv = toCsv([{ label: "a,b", seconds: 1.5 }, { label: 'say "hi"', seconds: 2 }]);
 * assert.equal(csv, 'label,seconds\n"a,b",1.5\n"say ""hi""",2\n');
 * ```
 */
export function toCsv(
  rows: readonly object[],
  options: CsvOptions = {},
): string {
  const action = "format CSV";
  array(action, "rows", rows);
  rows.forEach((row, i) => object(action, `rows[${i}]`, row));
  checkOptions(action, "options", options, ["columns", "lineEnding"]);
  const {
    lineEnding = "\n",
    columns = [...new Set(rows.flatMap((row) => Object.keys(row)))],
  } = options ?? {};
  oneOf(action, "options.lineEnding", lineEnding, ["\n", "\r\n"]);
  array(action, "options.columns", columns);
  columns.forEach((column, i) => string(action, `options.columns[${i}]`, column));
  const lines = [columns.map(csvField).join(",")];
  for (const row of rows) {
    const record = row as Record<string, unknown>;
    lines.push(columns.map((column) => csvField(record[column])).join(","));
  }
  return lines.join(lineEnding) + lineEnding;
}

/** Formats one field, quoting it when RFC 4180 requires. */
function csvField(value: unknown): string {
  const text = value === null || value === undefined ? "" : plainText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
