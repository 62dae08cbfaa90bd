/**
 * Web Worker entry of `runSweep`: receives the spec once (`{ spec }`), then batches
 * of run ids (`{ ids }`), and posts `{ rows, startEpochMs, busySeconds, startCpuSeconds, cpuSeconds }`
 * (or `{ error }`) per batch. Imports the engine and run kinds only, never `mod.ts`.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { type ExpandedSweep, expandSweep, type SweepSpec } from "./expand_sweep.ts";
import { executeRun, type WorkerReply, type WorkerRequest } from "./_execute.ts";
import { threadCpuSeconds } from "./_sweep_timing.ts";

let sweep: ExpandedSweep | undefined;

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  try {
    const { spec, ids } = event.data;
    if (spec !== undefined) sweep = expandSweep(spec as SweepSpec);
    if (ids === undefined) return;
    const startCpuSeconds = threadCpuSeconds();
    const startEpochMs = performance.timeOrigin + performance.now();
    const rows = ids.map((id) => executeRun(sweep!, sweep!.runs[id]!));
    const reply: WorkerReply = {
      rows,
      startEpochMs,
      startCpuSeconds,
      busySeconds: (performance.timeOrigin + performance.now() - startEpochMs) / 1000,
      cpuSeconds: threadCpuSeconds(),
    };
    self.postMessage(reply);
  } catch (error) {
    self.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
};
