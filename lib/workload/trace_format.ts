/**
 * The page-access trace file format: text in, {@link TraceFile} out, and back.
 *
 * A trace is a list of page accesses in time order, plus the trace's length and the
 * page count of the VM it was taken on. Two encodings are supported, chosen by file
 * extension (see {@link traceFormatOf}):
 *
 * **CSV** (`.csv`): optional metadata comment lines, then the header
 * `time_seconds,page,op`, then one access per line:
 *
 * ```text
 * # migrate-lab page-access trace
 * # duration_seconds=5
 * # page_count=4096
 * time_seconds,page,op
 * 0.000213,17,w
 * 0.000904,4001,r
 * ```
 *
 * Lines starting with `#` before the header are comments; those of the form
 * `# key=value` with key `duration_seconds` or `page_count` are metadata, other keys
 * are ignored. After the header, comment lines are not allowed.
 *
 * **JSON Lines** (`.jsonl`): an optional first line with the metadata object
 * `{"durationSeconds":5,"pageCount":4096}`, then one access object a line,
 * `{"t":0.000213,"page":17,"op":"w"}`.
 *
 * In both: `op` is `r` (read) or `w` (write); times are seconds from the trace
 * start, finite, >= 0 and non-decreasing, and at most `duration_seconds`; pages are
 * integers in `[0, page_count)`. Empty lines (and a `\r` before a line end) are
 * ignored. When `page_count` is absent it is the largest page + 1; when
 * `duration_seconds` is absent it is the time of the last access, which must then be
 * > 0. Numbers are written with JavaScript's shortest round-trip form, so
 * `parseTrace(formatTrace(trace, f), f)` gives back `trace` exactly (a time of -0 comes
 * back as 0, the same instant). The format holds no zero pages: `formatTrace` refuses a
 * workload with `zeroPages` rather than drop them.
 *
 * @module
 */

import { integer, object, oneOf, positive, show } from "../_validate.ts";
import type { TraceAccess, TraceWorkload } from "./spec.ts";
import { MAX_PAGE_COUNT } from "./validate_workload.ts";

/** The encodings of a trace file: comma-separated values or JSON Lines. */
export type TraceFormat = "csv" | "jsonl";

/** The contents of a trace file: the replayable workload and the VM's page count. */
export interface TraceFile {
  /** Pages of the VM the trace was taken on (every page is below it). */
  pageCount: number;
  /** The trace, ready to use as a VM's workload. */
  workload: TraceWorkload;
}

const FORMATS: readonly TraceFormat[] = ["csv", "jsonl"];
const CSV_HEADER = "time_seconds,page,op";
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DIGITS = /^\d+$/;

/**
 * The trace format of a file, from its extension (`.csv` or `.jsonl`, any case).
 *
 * @param path A file path or name.
 * @returns The format.
 * @throws {TypeError} If the extension is neither `.csv` nor `.jsonl`.
 *
 * @example
 * ```ts
 * import { traceFormatOf } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(traceFormatOf("data/traces/hot_cold_4096.csv"), "csv");
 * assert.equal(traceFormatOf("run.JSONL"), "jsonl");
 * assert.throws(() => traceFormatOf("run.txt"), TypeError);
 * ```
 */
export function traceFormatOf(path: string): TraceFormat {
  if (typeof path !== "string") {
    throw new TypeError(
      `Cannot choose a trace format as path must be a string: current value is ${show(path)}`,
    );
  }
  const lower = path.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".jsonl")) return "jsonl";
  throw new TypeError(
    `Cannot choose a trace format as the file extension must be ".csv" or ".jsonl": current value is ${
      show(path)
    }`,
  );
}

/**
 * Parses the text of a trace file.
 *
 * @param text The file's contents.
 * @param format The encoding: `"csv"` or `"jsonl"`.
 * @returns The trace and the VM's page count.
 * @throws {SyntaxError} If a line cannot be parsed, naming the line (1-based) and the
 * bad value, e.g. `Cannot parse trace as op on line 7 must be "r" or "w": current value is "x"`.
 *
 * @example Parse a CSV trace of two accesses
 * ```ts
 * import { parseTrace } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const text = "# duration_seconds=2\n# page_count=8\ntime_seconds,page,op\n0.5,3,w\n1.25,7,r\n";
 * const { pageCount, workload } = parseTrace(text, "csv");
 * assert.equal(pageCount, 8);
 * assert.deepEqual(workload, {
 *   kind: "trace",
 *   durationSeconds: 2,
 *   accesses: [
 *     { timeSeconds: 0.5, page: 3, write: true },
 *     { timeSeconds: 1.25, page: 7, write: false },
 *   ],
 * });
 * assert.throws(() => parseTrace("time_seconds,page,op\n0.5,3,x\n", "csv"), SyntaxError);
 * ```
 */
export function parseTrace(text: string, format: TraceFormat): TraceFile {
  oneOf("parse trace", "format", format, FORMATS);
  if (typeof text !== "string") {
    throw new TypeError(
      `Cannot parse trace as text must be a string: current value is ${show(text)}`,
    );
  }
  if (text.startsWith("\uFEFF")) {
    fail(
      "line 1 must not start with a byte-order mark (U+FEFF; save the file as UTF-8 without BOM)",
      text.slice(0, 40),
    );
  }
  if (text.trim() === "") {
    fail(
      format === "csv"
        ? `line 1 must be metadata or the header ${show(CSV_HEADER)}`
        : "line 1 must be the metadata object or an access",
      "an empty file",
    );
  }
  const raw: RawAccess[] = [];
  let durationSeconds: number | undefined;
  let pageCount: number | undefined;
  const lines = text.split("\n");
  if (format === "csv") {
    let headerSeen = false;
    lines.forEach((full, i) => {
      const line = full.endsWith("\r") ? full.slice(0, -1) : full;
      const at = i + 1;
      if (line === "") return;
      if (!headerSeen) {
        if (line.startsWith("#")) {
          const match = /^#\s*([A-Za-z_]+)\s*=\s*(.*?)\s*$/.exec(line);
          if (match?.[1] === "duration_seconds") {
            durationSeconds = parseDuration(match[2]!, "duration_seconds", at);
          } else if (match?.[1] === "page_count") {
            pageCount = parsePageCount(match[2]!, "page_count", at);
          }
          return;
        }
        if (line !== CSV_HEADER) {
          fail(`the header on line ${at} must be ${show(CSV_HEADER)}`, line);
        }
        headerSeen = true;
        return;
      }
      const fields = line.split(",");
      if (fields.length !== 3) {
        fail(`line ${at} must have 3 comma-separated fields`, line);
      }
      const [time, page, op] = fields as [string, string, string];
      if (!DECIMAL.test(time)) {
        fail(`time_seconds on line ${at} must be a number`, time);
      }
      if (!DIGITS.test(page)) {
        fail(`page on line ${at} must be an integer >= 0`, page);
      }
      raw.push({ line: at, timeSeconds: Number(time), page: Number(page), op });
    });
    if (!headerSeen) {
      fail(
        `one of lines 1 to ${lines.length} must be the header ${show(CSV_HEADER)}`,
        text.slice(0, 60),
      );
    }
  } else {
    // the first line that is not blank: the only one that may be the metadata
    const firstLine = lines.findIndex((line) => line.trim() !== "") + 1;
    lines.forEach((full, i) => {
      const line = full.endsWith("\r") ? full.slice(0, -1) : full;
      const at = i + 1;
      if (line.trim() === "") return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        fail(`line ${at} must be a JSON object`, line);
      }
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        fail(`line ${at} must be a JSON object`, line);
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      // the first line may hold the metadata and nothing else; every other line is an
      // access: a key of neither (a misspelt one) would lose data unseen
      if (at === firstLine && keys.every((key) => META_KEYS.includes(key))) {
        if ("durationSeconds" in record) {
          if (typeof record.durationSeconds !== "number") {
            fail(`durationSeconds on line ${at} must be a number`, record.durationSeconds);
          }
          durationSeconds = parseDuration(record.durationSeconds, "durationSeconds", at);
        }
        if ("pageCount" in record) {
          if (typeof record.pageCount !== "number") {
            fail(`pageCount on line ${at} must be a number`, record.pageCount);
          }
          pageCount = parsePageCount(record.pageCount, "pageCount", at);
        }
        return;
      }
      for (const key of keys) {
        if (!ACCESS_KEYS.includes(key)) {
          fail(
            `line ${at} must be ${
              at === firstLine ? "the metadata (durationSeconds, pageCount) or " : ""
            }an access with t, page and op only: its key ${show(key)} is neither`,
            line,
          );
        }
      }
      const { t, page, op } = record;
      if (typeof t !== "number") fail(`t on line ${at} must be a number`, t);
      if (typeof page !== "number" || !Number.isInteger(page) || page < 0) {
        fail(`page on line ${at} must be an integer >= 0`, page);
      }
      raw.push({ line: at, timeSeconds: t, page, op });
    });
  }
  return build(raw, durationSeconds, pageCount);
}

/**
 * Formats a trace as the text of a trace file (ending with a newline), always with
 * its `duration_seconds` and `page_count` metadata.
 *
 * @param trace The trace and the VM's page count.
 * @param format The encoding: `"csv"` or `"jsonl"`.
 * @returns The file's contents.
 * @throws {RangeError} If the page count, a time or a page is out of range.
 * @throws {TypeError} If the trace has the wrong shape.
 *
 * @example Round trip through JSON Lines
 * ```ts
 * import { formatTrace, parseTrace, type TraceFile } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const trace: TraceFile = {
 *   pageCount: 4,
 *   workload: {
 *     kind: "trace",
 *     durationSeconds: 1,
 *     accesses: [{ timeSeconds: 0.1, page: 2, write: true }],
 *   },
 * };
 * const text = formatTrace(trace, "jsonl");
 * assert.equal(text, '{"durationSeconds":1,"pageCount":4}\n{"t":0.1,"page":2,"op":"w"}\n');
 * assert.deepEqual(parseTrace(text, "jsonl"), trace);
 * ```
 */
export function formatTrace(trace: TraceFile, format: TraceFormat): string {
  const action = "format trace";
  oneOf(action, "format", format, FORMATS);
  object(action, "trace", trace);
  // the largest page count parseTrace reads back
  const pageCount = integer(action, "trace.pageCount", trace.pageCount, 1, MAX_PAGE_COUNT);
  const workload = object(action, "trace.workload", trace.workload);
  if (workload.zeroPages !== undefined) {
    throw new TypeError(
      `Cannot ${action} as trace.workload.zeroPages must be absent (a trace file holds no zero pages: give them to the workload read back): current value is ${
        show(workload.zeroPages)
      }`,
    );
  }
  const durationSeconds = positive(
    action,
    "trace.workload.durationSeconds",
    workload.durationSeconds,
  );
  const accesses = workload.accesses;
  if (!Array.isArray(accesses)) {
    throw new TypeError(
      `Cannot ${action} as trace.workload.accesses must be an array: current value is ${
        show(accesses)
      }`,
    );
  }
  const lines: string[] = format === "csv"
    ? [
      "# migrate-lab page-access trace",
      `# duration_seconds=${durationSeconds}`,
      `# page_count=${pageCount}`,
      CSV_HEADER,
    ]
    : [JSON.stringify({ durationSeconds, pageCount })];
  let last = 0;
  (accesses as TraceAccess[]).forEach((a, i) => {
    const at = `trace.workload.accesses[${i}]`;
    object(action, at, a);
    const t = a.timeSeconds;
    if (typeof t !== "number") {
      throw new TypeError(
        `Cannot ${action} as ${at}.timeSeconds must be a number: current value is ${show(t)}`,
      );
    }
    if (!(t >= last && t <= durationSeconds)) {
      throw new RangeError(
        `Cannot ${action} as ${at}.timeSeconds must be in [${last}, ${durationSeconds}]: current value is ${t}`,
      );
    }
    integer(action, `${at}.page`, a.page, 0, pageCount - 1);
    if (typeof a.write !== "boolean") {
      throw new TypeError(
        `Cannot ${action} as ${at}.write must be a boolean: current value is ${show(a.write)}`,
      );
    }
    last = t;
    const op = a.write ? "w" : "r";
    lines.push(
      format === "csv" ? `${t},${a.page},${op}` : `{"t":${t},"page":${a.page},"op":"${op}"}`,
    );
  });
  return lines.join("\n") + "\n";
}

/** One access as read, before the checks that need the whole file. */
interface RawAccess {
  line: number;
  timeSeconds: number;
  page: number;
  op: unknown;
}

/** Throws the parse error for `field` and its bad value. */
function fail(condition: string, value: unknown): never {
  throw new SyntaxError(
    `Cannot parse trace as ${condition}: current value is ${show(value)}`,
  );
}

/** The keys of a JSON Lines trace's metadata line and of its access lines. */
const META_KEYS = ["durationSeconds", "pageCount"];
const ACCESS_KEYS = ["t", "page", "op"];

/** Parses a `duration_seconds` value (a string in CSV, a number in JSON Lines). */
function parseDuration(value: unknown, key: string, line: number): number {
  const n = typeof value === "string" && DECIMAL.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !(n > 0) || !Number.isFinite(n)) {
    fail(`${key} on line ${line} must be a finite number > 0`, value);
  }
  return n;
}

/** Parses a `page_count` value (a string in CSV, a number in JSON Lines). */
function parsePageCount(value: unknown, key: string, line: number): number {
  const n = typeof value === "string" && DIGITS.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1 || n > MAX_PAGE_COUNT) {
    fail(`${key} on line ${line} must be an integer in [1, ${MAX_PAGE_COUNT}]`, value);
  }
  return n;
}

/** Checks the accesses against each other and the metadata, and builds the trace. */
function build(
  raw: RawAccess[],
  durationSeconds: number | undefined,
  pageCount: number | undefined,
): TraceFile {
  let last = 0;
  let maxPage = -1;
  const accesses: TraceAccess[] = raw.map((r) => {
    if (!Number.isFinite(r.timeSeconds) || r.timeSeconds < 0) {
      fail(
        `time on line ${r.line} must be a finite number >= 0`,
        r.timeSeconds,
      );
    }
    if (r.timeSeconds < last) {
      fail(
        `time on line ${r.line} must be >= the previous time ${last}`,
        r.timeSeconds,
      );
    }
    if (durationSeconds !== undefined && r.timeSeconds > durationSeconds) {
      fail(
        `time on line ${r.line} must be <= the duration ${durationSeconds}`,
        r.timeSeconds,
      );
    }
    if (!Number.isSafeInteger(r.page)) {
      fail(`page on line ${r.line} must be an integer >= 0`, r.page);
    }
    if (pageCount !== undefined && r.page >= pageCount) {
      fail(
        `page on line ${r.line} must be < the page count ${pageCount}`,
        r.page,
      );
    }
    if (r.op !== "r" && r.op !== "w") {
      fail(`op on line ${r.line} must be "r" or "w"`, r.op);
    }
    last = r.timeSeconds;
    maxPage = Math.max(maxPage, r.page);
    return { timeSeconds: r.timeSeconds, page: r.page, write: r.op === "w" };
  });
  if (durationSeconds === undefined) {
    if (!(last > 0)) {
      fail(
        `duration_seconds must be stated when the last access time (line ${
          raw.at(-1)?.line ?? 1
        }) is 0`,
        last,
      );
    }
    durationSeconds = last;
  }
  return {
    pageCount: pageCount ?? Math.max(1, maxPage + 1),
    workload: { kind: "trace", durationSeconds, accesses },
  };
}
