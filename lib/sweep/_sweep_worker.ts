/**
 * Web Worker entry of `runSweep`: receives `{ kind }` first and at once starts
 * loading that run kind's modules (only those: `_run_kind_loaders.ts`), then
 * batches `{ runs }` (the first also with `parameterColumns`), and posts a
 * `WorkerReply` (or `{ error }`) per batch, the first with its start-up phases.
 * Runs arrive expanded, so the worker never expands the spec. Imports no engine
 * module statically, and never `mod.ts`.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import type { WorkerPhases, WorkerReply, WorkerRequest } from "./_execute.ts";
import { executeRun } from "./_execute.ts";
import { loadRunKind } from "./_run_kind_loaders.ts";
import type { RunKind } from "./run_kind.ts";
import { threadCpuSeconds } from "./_sweep_timing.ts";

const now = () => performance.timeOrigin + performance.now();
const readyEpochMs = now();

let kind: Promise<RunKind> | undefined;
let parameterColumns: string[] = [];
let phases: WorkerPhases | undefined;
let failed = false;
/** Messages are handled one after another, in the order they came. */
let chain: Promise<void> = Promise.resolve();

async function handle(request: WorkerRequest): Promise<void> {
  if (request.kind !== undefined) {
    kind = loadRunKind(request.kind).then((loaded) => {
      phases = {
        originEpochMs: performance.timeOrigin,
        readyEpochMs,
        loadedEpochMs: now(),
        loadedCpuSeconds: threadCpuSeconds(),
      };
      return loaded;
    });
    // A failed load is reported with the first batch, which awaits it.
    kind.catch(() => {});
  }
  if (request.parameterColumns !== undefined) parameterColumns = request.parameterColumns;
  if (request.runs === undefined) return;
  if (kind === undefined) throw new Error("a sweep worker got runs before its run kind");
  const loaded = await kind;
  const startCpuSeconds = threadCpuSeconds();
  const startEpochMs = now();
  const rows = request.runs.map((run) => executeRun(loaded, parameterColumns, run));
  const reply: WorkerReply = {
    rows,
    startEpochMs,
    startCpuSeconds,
    busySeconds: (now() - startEpochMs) / 1000,
    cpuSeconds: threadCpuSeconds(),
  };
  if (phases !== undefined) {
    reply.phases = phases;
    phases = undefined;
  }
  self.postMessage(reply);
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  chain = chain.then(async () => {
    if (failed) return;
    try {
      await handle(event.data);
    } catch (error) {
      failed = true;
      self.postMessage({ error: error instanceof Error ? error.message : String(error) });
    }
  });
};
