import { array, object, oneOf, string } from "../_validate.ts";
import type { ExpandedSweep } from "./expand_sweep.ts";
import type { SweepRecord, SweepValue } from "./run_kind.ts";
import type { SweepFormat } from "./sweep_output.ts";

/**
 * Splits a rows file into its records, as raw text without the line separator: one
 * per line in JSON Lines, one per CSV record (header included) in CSV, where a
 * quoted field may hold a newline (RFC 4180). Joining the records with `\n` after
 * each gives back the text.
 *
 * @param text The file's text.
 * @param format `"csv"` or `"jsonl"`.
 * @returns The records.
 *
 * @example A quoted newline stays inside its record
 * ```ts
 * import { splitSweepRecords } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(splitSweepRecords('a,b\n1,"x\ny"\n', "csv"), ["a,b", '1,"x\ny"']);
 * ```
 */
export function splitSweepRecords(text: string, format: SweepFormat): string[] {
  string("read sweep rows", "text", text);
  oneOf("read sweep rows", "format", format, ["csv", "jsonl"]);
  if (text === "") return [];
  if (!text.endsWith("\n")) {
    throw new SyntaxError(
      `Cannot read sweep rows as the file must end with a newline: current value is ${
        JSON.stringify(text.slice(-40))
      }`,
    );
  }
  if (format === "jsonl") return text.slice(0, -1).split("\n");
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === "\n" && !quoted) {
      records.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (quoted) {
    throw new SyntaxError(
      `Cannot read sweep rows as a quoted CSV field must be closed: current value is ${
        JSON.stringify(text.slice(start, start + 40))
      }`,
    );
  }
  return records;
}

/**
 * Reads the rows a sweep wrote back into records: JSON Lines exactly; CSV typed by
 * the run kind (numeric parameters and the run, replicate and seed columns as
 * numbers; `true`/`false` metrics as booleans; other metrics as numbers when they
 * read as one, else strings). A record without exactly the sweep's columns (cut short,
 * run on, a stray quote) or with a number column that is not a finite number is
 * refused with a SyntaxError naming the record.
 *
 * @param text The rows file's text.
 * @param format `"csv"` or `"jsonl"`.
 * @param sweep The expanded sweep that wrote them (for the columns and types).
 * @returns The rows, in file order.
 *
 * @example Round trip through CSV
 * ```ts
 * import { expandSweep, formatSweepRows, parseSweepRows } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const sweep = expandSweep({ kind: "migration", seed: 1, fixed: { technique: "offline" } });
 * const rows = [{ run: 0, variant: "default", replicate: 0, seed: 5, technique: "offline",
 *   totalSeconds: 1.5, downtimeSeconds: 1.5, bytesSent: 10, pagesSent: 1, rounds: 1,
 *   converged: true, stopReason: "offline", remoteFaults: 0, stallSeconds: 0, pagesMissing: 0 }];
 * const csv = formatSweepRows(rows, sweep.columns, "csv");
 * assert.deepEqual(parseSweepRows(csv, "csv", sweep), rows);
 * ```
 */
export function parseSweepRows(
  text: string,
  format: SweepFormat,
  sweep: ExpandedSweep,
): SweepRecord[] {
  string("read sweep rows", "text", text);
  oneOf("read sweep rows", "format", format, ["csv", "jsonl"]);
  const sweepRecord = object("read sweep rows", "sweep", sweep);
  array("read sweep rows", "sweep.columns", sweepRecord.columns);
  const records = splitSweepRecords(text, format);
  const columns = JSON.stringify(sweep.columns);
  if (format === "jsonl") {
    return records.map((line, i) => {
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch {
        row = undefined;
      }
      // a row without every column (or with others) is no row the sweep wrote
      if (
        typeof row !== "object" || row === null || Array.isArray(row) ||
        JSON.stringify(Object.keys(row)) !== columns
      ) {
        throw new SyntaxError(
          `Cannot read sweep rows as line ${
            i + 1
          } must be a JSON object of the columns ${columns}: current value is ${
            JSON.stringify(line.slice(0, 40))
          }`,
        );
      }
      return row as SweepRecord;
    });
  }
  const [header, ...body] = records;
  if (header !== sweep.columns.join(",")) {
    throw new SyntaxError(
      `Cannot read sweep rows as the CSV header must be ${
        JSON.stringify(sweep.columns.join(","))
      }: current value is ${JSON.stringify(header)}`,
    );
  }
  const numeric = new Set(["run", "replicate", "seed"]);
  for (const [name, p] of Object.entries(sweep.kind.parameters)) {
    if (p.check.type === "number") numeric.add(name);
  }
  const metrics = new Set(sweep.kind.metrics);
  return body.map((record, k) => {
    const fields = csvFields(record);
    // a record cut short, run on, or with a stray quote would read as other values
    if (fields === undefined || fields.length !== sweep.columns.length) {
      throw new SyntaxError(
        `Cannot read sweep rows as CSV record ${
          k + 1
        } must have ${sweep.columns.length} fields: current value is ${
          JSON.stringify(record.slice(0, 40))
        }`,
      );
    }
    const row: SweepRecord = {};
    sweep.columns.forEach((column, i) => {
      const field = fields[i]!;
      let value: SweepValue = field;
      if (numeric.has(column)) {
        value = Number(field);
        if (field.trim() === "" || !Number.isFinite(value)) {
          throw new SyntaxError(
            `Cannot read sweep rows as ${column} of CSV record ${
              k + 1
            } must be a finite number: current value is ${JSON.stringify(field)}`,
          );
        }
      } else if (metrics.has(column)) {
        if (field === "true" || field === "false") value = field === "true";
        else if (field !== "" && String(Number(field)) === field) value = Number(field);
      }
      row[column] = value;
    });
    return row;
  });
}

/**
 * The fields of one CSV record (RFC 4180 quoting), or `undefined` when a quoted field is
 * followed by anything but a comma or the end, or an unquoted field holds a quote.
 */
function csvFields(record: string): string[] | undefined {
  const fields: string[] = [];
  let i = 0;
  while (i <= record.length) {
    if (record[i] === '"') {
      let value = "";
      i++;
      while (i < record.length) {
        if (record[i] === '"') {
          if (record[i + 1] === '"') {
            value += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else value += record[i++];
      }
      if (i < record.length && record[i] !== ",") return undefined;
      fields.push(value);
      i++; // the comma
    } else {
      const end = record.indexOf(",", i);
      const stop = end === -1 ? record.length : end;
      const value = record.slice(i, stop);
      if (value.includes('"')) return undefined;
      fields.push(value);
      i = stop + 1;
    }
  }
  return fields;
}
