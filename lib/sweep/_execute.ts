/**
 * Runs of an expanded sweep as rows. Internal: shared by `runSweep`'s inline runner,
 * its Web Workers and its child processes, which import only this file's graph (the
 * engine and the run kinds), never `mod.ts`.
 *
 * @module
 */
import type { SweepRecord } from "./run_kind.ts";
import type { ExpandedSweep, SweepRun } from "./expand_sweep.ts";

/** Runs one run and returns its flat row: run, variant, replicate, seed, parameters, metrics. */
export function executeRun(sweep: ExpandedSweep, run: SweepRun): SweepRecord {
  const { kind } = sweep;
  const parameters: SweepRecord = {};
  for (const [name, p] of Object.entries(kind.parameters)) {
    parameters[name] = run.parameters[name] ?? p.default;
  }
  let metrics: SweepRecord;
  try {
    metrics = kind.run(parameters, run.seed);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Cannot run sweep run ${run.id} (variant ${JSON.stringify(run.variant)}, ${
        JSON.stringify(run.parameters)
      }, seed ${run.seed}): ${message}`,
    );
  }
  const row: SweepRecord = {
    run: run.id,
    variant: run.variant,
    replicate: run.replicate,
    seed: run.seed,
  };
  for (const name of sweep.parameterColumns) row[name] = parameters[name]!;
  for (const name of kind.metrics) row[name] = metrics[name]!;
  return row;
}

/**
 * Messages a sweep worker (thread or process) receives: the spec (a Web Worker gets
 * it once, first), and a batch of run ids.
 */
export interface WorkerRequest {
  /** The sweep spec (plain data). */
  spec?: unknown;
  /** Run ids to execute. */
  ids?: number[];
}

/** What a Web Worker posts back per batch: its rows and where its time went. */
export interface WorkerReply {
  /** The rows of the batch, in the order of its ids. */
  rows: SweepRecord[];
  /** When the batch began (`performance.timeOrigin + performance.now()`, ms). */
  startEpochMs: number;
  /** Wall seconds the batch took. */
  busySeconds: number;
  /** CPU seconds of the worker's thread when the batch began (NaN when unknown). */
  startCpuSeconds: number;
  /** CPU seconds of the worker's thread when the batch ended (NaN when unknown). */
  cpuSeconds: number;
}
