/**
 * `runSweep`'s Web Workers. Internal: not re-exported from the sweep entry point.
 *
 * Start-up is most of what keeps 2 workers from halving a short sweep's time, so it
 * is cut and overlapped:
 * - workers are started before the calling thread expands the spec (creating one
 *   blocks the caller about 10 ms while its isolate is made), and each is told its
 *   run kind at once, so it loads that kind's modules, and only those, meanwhile;
 * - workers get the runs expanded, in batches (`_schedule.ts`), and never expand or
 *   validate the spec themselves.
 * Each worker keeps a second batch queued behind the one it runs, so it never waits
 * for this thread between batches. `SWEEP_TIMING.last` records each phase.
 *
 * @module
 */
import type { WorkerReply, WorkerRequest } from "./_execute.ts";
import { BatchQueue } from "./_schedule.ts";
import { SWEEP_TIMING, type SweepWorkerTiming, threadCpuSeconds } from "./_sweep_timing.ts";
import type { ExpandedSweep } from "./expand_sweep.ts";
import type { SweepRecord } from "./run_kind.ts";

const ACTION = "run a sweep";

/** Web Workers started for one sweep, loading their run kind. */
export interface SweepWorkers {
  /** The run kind they load. */
  readonly kind: string;
  /** How many were started. */
  readonly count: number;
  /**
   * Runs `ids` of `sweep` (whose kind must be `kind`) on the first
   * `min(count, ids.length)` workers (the others are stopped), passes each batch's
   * rows to `accept` as they come, and stops every worker at the end or on the first
   * error. Records the timing in `SWEEP_TIMING.last`.
   */
  run(
    sweep: ExpandedSweep,
    ids: readonly number[],
    accept: (rows: SweepRecord[]) => void,
  ): Promise<void>;
  /** Stops every worker (idempotent). */
  terminate(): void;
}

interface Handle {
  worker: Worker;
  timing: SweepWorkerTiming;
  /** An error event that came before `run` took over the handlers. */
  early?: Error;
}

/**
 * Starts `count` Web Workers for run kind `kind` (a key of `SWEEP_RUN_KINDS`).
 *
 * @param kind The run kind the workers load at once.
 * @param count How many workers (>= 1).
 * @param started `performance.now()` when `runSweep` started, the origin of the timings.
 * @param startCpu The calling thread's CPU seconds then (NaN when unknown).
 * @returns The workers.
 */
export function startSweepWorkers(
  kind: string,
  count: number,
  started: number,
  startCpu: number,
): SweepWorkers {
  const url = new URL("./_sweep_worker.ts", import.meta.url).href;
  const seconds = () => (performance.now() - started) / 1000;
  const handles: Handle[] = [];
  for (let i = 0; i < count; i++) {
    const spawnSeconds = seconds();
    const worker = new Worker(url, { type: "module", name: `migrate-lab sweep worker ${i}` });
    const handle: Handle = {
      worker,
      timing: {
        spawnSeconds,
        createdSeconds: seconds(),
        readySeconds: NaN,
        loadedSeconds: NaN,
        loadedCpuSeconds: NaN,
        firstRunsSeconds: NaN,
        startSeconds: NaN,
        startCpuSeconds: NaN,
        endSeconds: NaN,
        busySeconds: 0,
        cpuSeconds: NaN,
        runs: 0,
        batches: 0,
      },
    };
    worker.onerror = (event) => {
      event.preventDefault();
      handle.early ??= new Error(`Cannot ${ACTION} as a worker failed: ${event.message}`);
    };
    worker.postMessage({ kind } satisfies WorkerRequest);
    handles.push(handle);
  }
  let stopped = false;
  const terminate = () => {
    if (stopped) return;
    stopped = true;
    for (const h of handles) h.worker.terminate();
  };
  return {
    kind,
    count,
    terminate,
    run: (sweep, ids, accept) =>
      runBatches(handles, sweep, ids, accept, started, startCpu, seconds).finally(terminate),
  };
}

function runBatches(
  all: readonly Handle[],
  sweep: ExpandedSweep,
  ids: readonly number[],
  accept: (rows: SweepRecord[]) => void,
  started: number,
  startCpu: number,
  seconds: () => number,
): Promise<void> {
  const setupCpuSeconds = threadCpuSeconds() - startCpu;
  const handles = all.slice(0, Math.min(all.length, ids.length));
  for (const h of all.slice(handles.length)) h.worker.terminate();
  const queue = new BatchQueue(ids, handles.length);
  const since = (epochMs: number) => (epochMs - performance.timeOrigin - started) / 1000;
  return new Promise<void>((resolve, reject) => {
    let active = handles.length;
    let failed = false;
    const finish = (error?: Error) => {
      for (const h of handles) h.worker.terminate();
      SWEEP_TIMING.last = {
        wallSeconds: seconds(),
        setupCpuSeconds,
        callerCpuSeconds: threadCpuSeconds() - startCpu,
        workers: handles.map((h) => h.timing),
      };
      if (error !== undefined) reject(error);
      else resolve();
    };
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      finish(error);
    };
    const feeders = handles.map((handle) => {
      const { worker, timing: mine } = handle;
      let inFlight = 0;
      const feed = () => {
        const batch = queue.take();
        if (batch === undefined) return;
        inFlight++;
        const runs = batch.map((id) => sweep.runs[id]!);
        if (Number.isNaN(mine.firstRunsSeconds)) {
          mine.firstRunsSeconds = seconds();
          worker.postMessage(
            { parameterColumns: sweep.parameterColumns, runs } satisfies WorkerRequest,
          );
        } else worker.postMessage({ runs } satisfies WorkerRequest);
      };
      worker.onmessage = (event: MessageEvent<WorkerReply | { error: string }>) => {
        if (failed) return;
        const data = event.data;
        if ("error" in data) {
          fail(new Error(data.error));
          return;
        }
        inFlight--;
        if (data.phases !== undefined) {
          mine.readySeconds = since(data.phases.readyEpochMs);
          mine.loadedSeconds = since(data.phases.loadedEpochMs);
          mine.loadedCpuSeconds = data.phases.loadedCpuSeconds;
        }
        if (mine.batches === 0) {
          mine.startSeconds = since(data.startEpochMs);
          mine.startCpuSeconds = data.startCpuSeconds;
        }
        mine.batches++;
        mine.runs += data.rows.length;
        mine.busySeconds += data.busySeconds;
        mine.cpuSeconds = data.cpuSeconds;
        mine.endSeconds = seconds();
        // Queue the next batch before handling these rows, so the worker goes on.
        feed();
        try {
          accept(data.rows);
        } catch (error) {
          fail(error as Error);
          return;
        }
        if (inFlight === 0) {
          worker.terminate();
          if (--active === 0) finish();
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        fail(new Error(`Cannot ${ACTION} as a worker failed: ${event.message}`));
      };
      return { handle, feed, inFlight: () => inFlight };
    });
    const early = handles.find((h) => h.early !== undefined);
    if (early !== undefined) {
      fail(early.early!);
      return;
    }
    // Round-robin: a batch each, then a second each; a worker left without one stops.
    for (const f of feeders) f.feed();
    for (const f of feeders) {
      f.feed();
      if (f.inFlight() === 0) {
        f.handle.worker.terminate();
        active--;
      }
    }
  });
}
