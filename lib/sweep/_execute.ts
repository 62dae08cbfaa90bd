/**
 * Runs of an expanded sweep as rows, and the messages of `runSweep`'s workers.
 * Internal: shared by `runSweep`'s inline runner, its Web Workers and its child
 * processes, which import only this file (types aside, it imports nothing) and the
 * one run kind they run (`_run_kind_loaders.ts`), never `mod.ts`.
 *
 * @module
 */
import type { RunKind, SweepRecord } from "./run_kind.ts";
import type { SweepRun } from "./expand_sweep.ts";

/**
 * Runs one run and returns its flat row: run, variant, replicate, seed, the
 * parameters the spec sets (`parameterColumns`, with the kind's defaults filled in
 * for the runs that leave one unset), then the kind's metrics.
 */
export function executeRun(
  kind: RunKind,
  parameterColumns: readonly string[],
  run: SweepRun,
): SweepRecord {
  const parameters: SweepRecord = {};
  for (const [name, p] of Object.entries(kind.parameters)) {
    parameters[name] = run.parameters[name] ?? p.default;
  }
  const what = () =>
    `sweep run ${run.id} (variant ${JSON.stringify(run.variant)}, ${
      JSON.stringify(run.parameters)
    }, seed ${run.seed})`;
  let metrics: SweepRecord;
  try {
    metrics = kind.run(parameters, run.seed);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot run ${what()}: ${message}`);
  }
  // a row is written as CSV or JSON Lines by any runner and read back on resume: a metric
  // that is missing or not finite would come back blank or null (or differ between runners)
  for (const name of kind.metrics) {
    const value = metrics[name];
    if (
      typeof value === "string" || typeof value === "boolean" ||
      (typeof value === "number" && Number.isFinite(value))
    ) continue;
    throw new RangeError(
      `Cannot run ${what()} as metric ${name} must be a finite number, a string or a boolean: current value is ${
        String(value)
      }`,
    );
  }
  const row: SweepRecord = {
    run: run.id,
    variant: run.variant,
    replicate: run.replicate,
    seed: run.seed,
  };
  for (const name of parameterColumns) row[name] = parameters[name]!;
  for (const name of kind.metrics) row[name] = metrics[name]!;
  return row;
}

/**
 * Messages a sweep worker receives. A Web Worker gets `{ kind }` as soon as it is
 * created (so it loads that kind's modules while the calling thread expands the
 * spec), then batches `{ runs }`, the first with `parameterColumns`. A child
 * process reads `{ kind, parameterColumns }`, then batches `{ runs }`, one JSON line each
 * (`_sweep_process.ts`). Runs come expanded: workers never re-expand or
 * re-validate the spec, and rows stay the same bytes whatever the worker count.
 */
export interface WorkerRequest {
  /** Run kind name, a key of `SWEEP_RUN_KINDS`. */
  kind?: string;
  /** The sweep's parameter columns (`ExpandedSweep.parameterColumns`). */
  parameterColumns?: string[];
  /** Runs to execute, as `expandSweep` lists them. */
  runs?: SweepRun[];
}

/** Where a Web Worker's start-up went (epoch milliseconds, `timeOrigin + now()`). */
export interface WorkerPhases {
  /** The worker's time origin: its thread and isolate were being created. */
  originEpochMs: number;
  /** Its entry module was evaluated (it can take messages). */
  readyEpochMs: number;
  /** Its run kind's modules were loaded. */
  loadedEpochMs: number;
  /** CPU seconds of its thread once the run kind was loaded (NaN when unknown). */
  loadedCpuSeconds: number;
}

/** What a Web Worker posts back per batch: its rows and where its time went. */
export interface WorkerReply {
  /** The rows of the batch, in the order of its runs. */
  rows: SweepRecord[];
  /** When the batch began (`performance.timeOrigin + performance.now()`, ms). */
  startEpochMs: number;
  /** Wall seconds the batch took. */
  busySeconds: number;
  /** CPU seconds of the worker's thread when the batch began (NaN when unknown). */
  startCpuSeconds: number;
  /** CPU seconds of the worker's thread when the batch ended (NaN when unknown). */
  cpuSeconds: number;
  /** With the first batch's reply only: the worker's start-up. */
  phases?: WorkerPhases;
}
