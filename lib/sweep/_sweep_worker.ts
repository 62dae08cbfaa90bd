/**
 * Web Worker entry of `runSweep`: receives `{ spec, ids }`, posts `{ rows }` (or
 * `{ error }`) per batch. Imports the engine and run kinds only, never `mod.ts`.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { type ExpandedSweep, expandSweep, type SweepSpec } from "./expand_sweep.ts";
import { executeRun, type WorkerRequest } from "./_execute.ts";

let cached: { text: string; sweep: ExpandedSweep } | undefined;

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  try {
    const text = JSON.stringify(event.data.spec);
    if (cached?.text !== text) cached = { text, sweep: expandSweep(event.data.spec as SweepSpec) };
    const sweep = cached.sweep;
    const rows = event.data.ids.map((id) => executeRun(sweep, sweep.runs[id]!));
    self.postMessage({ rows });
  } catch (error) {
    self.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
};
