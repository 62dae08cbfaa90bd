import { parseTrace, type TraceFile, traceFormatOf } from "./trace_format.ts";

/**
 * Reads a page-access trace file, in the format its extension names (`.csv` or
 * `.jsonl`; see `parseTrace` for the format).
 *
 * @param path The file to read.
 * @returns The trace and the VM's page count, ready for `{ workload, pageCount }`.
 * @throws {TypeError} If the extension is neither `.csv` nor `.jsonl`.
 * @throws {SyntaxError} If the file cannot be parsed (the message names the line).
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
  const format = traceFormatOf(path);
  return parseTrace(await Deno.readTextFile(path), format);
}
