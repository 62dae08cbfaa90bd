import { atomicWriteTextFile } from "../_atomic_write.ts";
import { formatTrace, type TraceFile, traceFormatOf } from "./trace_format.ts";

/**
 * Writes a page-access trace file atomically (a temporary sibling file, then a
 * rename), in the format its extension names (`.csv` or `.jsonl`; see `formatTrace`).
 *
 * @param path The file to write (replaced if it exists).
 * @param trace The trace and the VM's page count.
 * @returns A promise that resolves once the file is in place.
 * @throws {TypeError} If the extension is neither `.csv` nor `.jsonl`, or the trace
 * has the wrong shape.
 * @throws {RangeError} If a value of the trace is out of range.
 *
 * @example Write a trace and read it back
 * ```ts
 * import { readTrace, writeTrace, type TraceFile } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const trace: TraceFile = {
 *   pageCount: 16,
 *   workload: {
 *     kind: "trace",
 *     durationSeconds: 1,
 *     accesses: [{ timeSeconds: 0.25, page: 9, write: true }],
 *   },
 * };
 * const canWrite = (await Deno.permissions.query({ name: "write" })).state === "granted";
 * if (canWrite) {
 *   const dir = await Deno.makeTempDir();
 *   await writeTrace(`${dir}/t.jsonl`, trace);
 *   assert.deepEqual(await readTrace(`${dir}/t.jsonl`), trace);
 *   await Deno.remove(dir, { recursive: true });
 * }
 * ```
 */
export async function writeTrace(
  path: string,
  trace: TraceFile,
): Promise<void> {
  const text = formatTrace(trace, traceFormatOf(path));
  await atomicWriteTextFile(path, text);
}
