import { show } from "../_validate.ts";
import { parseTrace, type TraceFile, traceFormatOf } from "./trace_format.ts";

/**
 * Reads a page-access trace file, in the format its extension names (`.csv` or
 * `.jsonl`; see `parseTrace` for the format).
 *
 * @param path The file to read.
 * @returns The trace and the VM's page count, ready for `{ workload, pageCount }`.
 * @throws {TypeError} If the extension is neither `.csv` nor `.jsonl`.
 * @throws {SyntaxError} If the file cannot be parsed (the message names the file and the
 *   line: `Cannot read trace file "a.csv" as op on line 7 must be "r" or "w": ...`).
 * @throws {TypeError} If `path` is not a non-empty string.
 *
 * @example Use a shipped trace as a VM's workload
 * ```ts
 * import { readTrace, type VmSpec } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const url = new URL("../../data/traces/hot_cold_4096.csv", import.meta.url);
 * const canRead = (await Deno.permissions.query({ name: "read", path: url })).state === "granted";
 * if (canRead) {
 *   const { pageCount, workload } = await readTrace(url.pathname);
 *   const vm: VmSpec = { pageCount, pageSizeBytes: 4096, stateBytes: 0, workload };
 *   assert.equal(vm.workload.kind, "trace");
 * }
 * ```
 */
export async function readTrace(path: string): Promise<TraceFile> {
  if (typeof path !== "string" || path === "") {
    throw new TypeError(
      `Cannot read trace as path must be a non-empty string: current value is ${show(path)}`,
    );
  }
  const format = traceFormatOf(path);
  const text = await Deno.readTextFile(path);
  try {
    return parseTrace(text, format);
  } catch (error) {
    // Name the file: parseTrace only knows the text.
    if (error instanceof Error && error.message.startsWith(PARSE_PREFIX)) {
      const Kind = error.constructor as new (message: string, options: ErrorOptions) => Error;
      throw new Kind(
        `Cannot read trace file ${show(path)} as ${error.message.slice(PARSE_PREFIX.length)}`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** How parseTrace's messages start. */
const PARSE_PREFIX = "Cannot parse trace as ";
