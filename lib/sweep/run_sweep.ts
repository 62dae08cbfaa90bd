import { boolean, func, integer, object, options as checkOptions, show } from "../_validate.ts";
import { atomicWriteTextFile, folderOf } from "../_atomic_write.ts";
import { PLANETLAB_FOLDER_ENV } from "../datacenter/planetlab_folder.ts";
import { executeRun, type WorkerRequest } from "./_execute.ts";
import { RUN_KIND_LOADERS } from "./_run_kind_loaders.ts";
import { startSweepWorkers, type SweepWorkers } from "./_run_workers.ts";
import { BatchQueue } from "./_schedule.ts";
import { threadCpuSeconds } from "./_sweep_timing.ts";
import { parseSweepRows } from "./parse_sweep_rows.ts";
import { type ExpandedSweep, expandSweep, type SweepSpec } from "./expand_sweep.ts";
import type { SweepRecord } from "./run_kind.ts";
import type { SweepShard } from "./shard.ts";
import {
  formatSweepRows,
  type SweepFormat,
  sweepFormatOf,
  type SweepSidecar,
  sweepSidecar,
} from "./sweep_output.ts";

/** How `runSweep` spreads runs: Web Workers, child processes, or the calling thread. */
export type SweepRunner = "worker" | "process" | "inline";

/** Progress of a sweep, passed to {@link RunSweepOptions.onProgress}. */
export interface SweepProgress {
  /** Runs with a row so far (resumed ones included). */
  completed: number;
  /** Runs in this sweep (or shard). */
  total: number;
  /** Runs taken from the rows of an interrupted run. */
  resumed: number;
  /** Seconds since `runSweep` started. */
  elapsedSeconds: number;
  /** Runs computed per second in this session (0 until one finished). */
  runsPerSecond: number;
  /** Estimated seconds left at that rate (`Infinity` until one finished). */
  remainingSeconds: number;
  /** True on the last report, once every row is in. */
  done: boolean;
}

/** Options of {@link runSweep}. */
export interface RunSweepOptions {
  /**
   * Parallel workers (threads or processes).
   * @default {navigator.hardwareConcurrency}
   */
  workers?: number;
  /**
   * `"worker"`: Deno Web Workers; `"process"`: child `deno` processes (dependable
   * parallelism where the OS packs threads on one core); `"inline"`: this thread.
   * @default {"worker"}
   */
  runner?: SweepRunner;
  /**
   * Rows file (`.csv` or `.jsonl`), written atomically with its sidecar
   * `<out>.sweep.json`; completed rows are journalled in `<out>.partial.jsonl` until
   * then. Without it, rows are only returned.
   * @default {undefined}
   */
  out?: string;
  /**
   * Run only this slice of the sweep (see `parseShard`).
   * @default {undefined}
   */
  shard?: SweepShard;
  /**
   * Reuse the rows of an interrupted run of the same sweep (from
   * `<out>.partial.jsonl`), or a finished output with the same sidecar; `false`
   * discards them and starts over.
   * @default {true}
   */
  resume?: boolean;
  /**
   * Called as rows come in, and once more with `done: true`.
   * @default {undefined}
   */
  onProgress?: (progress: SweepProgress) => void;
}

/** What {@link runSweep} returns. */
export interface SweepResult {
  /** One row per run of the sweep (or shard), in run-id order. */
  rows: SweepRecord[];
  /** The sidecar describing the rows (also written beside `out`). */
  sidecar: SweepSidecar;
  /** Runs computed in this call. */
  ran: number;
  /** Runs taken from an earlier, interrupted or finished, call. */
  resumed: number;
}

const ACTION = "run a sweep";

/**
 * Runs a sweep: expands the spec, runs every run (of the shard) over parallel
 * workers, and returns flat rows in run-id order, written to `out` with a sidecar
 * when asked. Rows are the same bytes whatever the runner and worker count, since
 * each run's seed depends only on the spec and rows are ordered by run id.
 *
 * Interruption: every finished row is appended, as one JSON line, to
 * `<out>.partial.jsonl`, whose first line is the sidecar. A later call with the same
 * spec and `out` runs only the missing runs; a last line cut short (no newline, or
 * not valid JSON) does not count. The final files replace the journal atomically.
 *
 * @param spec The sweep.
 * @param options Workers, runner, output file, shard, resume and progress.
 * @returns The rows, the sidecar, and how many runs ran or were resumed.
 *
 * @example Three dirty rates x two techniques, on this thread
 * ```ts
 * import { runSweep } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { rows } = await runSweep({
 *   kind: "migration",
 *   seed: 1,
 *   fixed: { memoryBytes: 64 * 2 ** 20 },
 *   grid: { writesPerSecond: [0, 5000, 50000] },
 *   variants: [
 *     { label: "pre-copy", parameters: { technique: "pre-copy" } },
 *     { label: "offline", parameters: { technique: "offline" } },
 *   ],
 * }, { runner: "inline" });
 * assert.equal(rows.length, 6);
 * assert.deepEqual(rows.map((r) => r.run), [0, 1, 2, 3, 4, 5]);
 * assert.ok(Number(rows[0]!.downtimeSeconds) < Number(rows[1]!.downtimeSeconds));
 * ```
 */
export async function runSweep(
  spec: SweepSpec,
  options: RunSweepOptions = {},
): Promise<SweepResult> {
  checkOptions("run runSweep()", "options", options, [
    "onProgress",
    "out",
    "resume",
    "runner",
    "shard",
    "workers",
  ]);
  const {
    workers = navigator.hardwareConcurrency ?? 1,
    runner = "worker",
    out,
    shard,
    resume = true,
    onProgress,
  } = options;
  if (!Number.isInteger(workers) || workers < 1) {
    throw new RangeError(
      `Cannot ${ACTION} as options.workers must be an integer >= 1: current value is ${
        show(workers)
      }`,
    );
  }
  boolean(ACTION, "options.resume", resume);
  // else the first report threw "onProgress is not a function", after the journal was made
  if (onProgress !== undefined) func(ACTION, "options.onProgress", onProgress);
  if (!["worker", "process", "inline"].includes(runner)) {
    throw new TypeError(
      `Cannot ${ACTION} as options.runner must be one of "worker", "process", "inline": current value is ${
        show(runner)
      }`,
    );
  }
  if (shard !== undefined) {
    // a shard past its count (or of count 0) holds no run: an empty output, silently
    const shardRecord = object(ACTION, "options.shard", shard);
    const count = integer(ACTION, "options.shard.count", shardRecord.count, 1);
    integer(ACTION, "options.shard.index", shardRecord.index, 0, count - 1);
  }
  const started = performance.now();
  const startCpu = runner === "worker" ? threadCpuSeconds() : NaN;
  // Workers start first and load their run kind while this thread expands the spec.
  let pool: SweepWorkers | undefined;
  if (runner === "worker") {
    const planned = Math.min(workers, plannedRuns(spec, shard));
    if (planned > 0) pool = startSweepWorkers(spec.kind, planned, started, startCpu);
  }
  try {
    const sweep = expandSweep(spec);
    const ids = sweep.runs.filter((run) =>
      shard === undefined || run.id % shard.count === shard.index
    )
      .map((run) => run.id);
    const format: SweepFormat = out === undefined ? "csv" : sweepFormatOf(out);
    if (out !== undefined) await checkOut(out);
    const sidecar = sweepSidecar(sweep, format, shard ?? null);
    const sidecarText = JSON.stringify(sidecar, null, 2) + "\n";
    const done = new Map<number, SweepRecord>();

    if (out !== undefined && resume && await sameText(`${out}.sweep.json`, sidecarText)) {
      const text = await readOrUndefined(out);
      // rows that do not read back (a record cut short, say) are no finished output: rerun
      const rows = text === undefined ? undefined : readRows(text, format, sweep);
      if (rows !== undefined) {
        if (rows.length === ids.length && rows.every((row, i) => row.run === ids[i])) {
          onProgress?.(progressOf(ids.length, ids.length, ids.length, started, 0, true));
          return { rows, sidecar, ran: 0, resumed: rows.length };
        }
      }
    }

    const journalPath = out === undefined ? undefined : `${out}.partial.jsonl`;
    const header = JSON.stringify(sidecar);
    if (journalPath !== undefined) {
      const text = resume ? await readOrUndefined(journalPath) : undefined;
      if (text !== undefined) {
        const lines = text.split("\n");
        if (lines[0] !== header) {
          throw new TypeError(
            `Cannot ${ACTION} as ${journalPath} must come from the same sweep to resume (delete it, or pass resume: false: --restart on the command line): current value is a journal of another sweep or version`,
          );
        }
        const wanted = new Set(ids);
        // Lines without their newline (the last element of split) never count.
        for (const line of lines.slice(1, -1)) {
          let row: SweepRecord;
          try {
            row = JSON.parse(line);
          } catch {
            continue;
          }
          if (typeof row?.run === "number" && wanted.has(row.run)) done.set(row.run, row);
        }
      }
      // Rewrite the journal with only whole lines, so appends start on a fresh line.
      await atomicWriteTextFile(
        journalPath,
        [header, ...ids.filter((id) => done.has(id)).map((id) => JSON.stringify(done.get(id)))]
          .map((line) => line + "\n").join(""),
      );
    }
    const resumed = done.size;
    const pending = ids.filter((id) => !done.has(id));
    const journal = journalPath === undefined
      ? undefined
      : await Deno.open(journalPath, { append: true });
    const encoder = new TextEncoder();
    let ran = 0;
    const accept = (rows: readonly SweepRecord[]) => {
      for (const row of rows) {
        done.set(row.run as number, row);
        if (journal !== undefined) {
          const bytes = encoder.encode(JSON.stringify(row) + "\n");
          let written = 0;
          while (written < bytes.length) written += journal.writeSync(bytes.subarray(written));
        }
      }
      ran += rows.length;
      onProgress?.(progressOf(done.size, ids.length, resumed, started, ran, false));
    };
    try {
      onProgress?.(progressOf(done.size, ids.length, resumed, started, 0, false));
      if (pending.length > 0) {
        const count = Math.min(workers, pending.length);
        if (runner === "inline") await runInline(sweep, pending, accept);
        else if (runner === "worker") {
          pool ??= startSweepWorkers(sweep.kind.name, count, started, startCpu);
          await pool.run(sweep, pending, accept);
        } else await runProcesses(sweep, pending, count, accept);
      }
    } finally {
      journal?.close();
    }
    const rows = ids.map((id) => done.get(id)!);
    if (out !== undefined) {
      // The sidecar is the manifest, written last: the old one goes first, so a run killed
      // between the two writes never leaves new rows beside an old sidecar (rows without a
      // sidecar are not a finished output; the journal lets the next run finish them).
      await Deno.remove(`${out}.sweep.json`).catch((error) => {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      });
      await atomicWriteTextFile(out, formatSweepRows(rows, sweep.columns, format));
      await atomicWriteTextFile(`${out}.sweep.json`, sidecarText);
      await Deno.remove(journalPath!).catch(() => {});
    }
    onProgress?.(progressOf(ids.length, ids.length, resumed, started, ran, true));
    return { rows, sidecar, ran, resumed };
  } finally {
    pool?.terminate();
  }
}

function progressOf(
  completed: number,
  total: number,
  resumed: number,
  started: number,
  ran: number,
  done: boolean,
): SweepProgress {
  const elapsedSeconds = (performance.now() - started) / 1000;
  const runsPerSecond = ran > 0 && elapsedSeconds > 0 ? ran / elapsedSeconds : 0;
  const remainingSeconds = completed === total
    ? 0
    : runsPerSecond > 0
    ? (total - completed) / runsPerSecond
    : Infinity;
  return { completed, total, resumed, elapsedSeconds, runsPerSecond, remainingSeconds, done };
}

async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** The rows of a rows file, or `undefined` when they do not read back as the sweep's rows. */
function readRows(
  text: string,
  format: SweepFormat,
  sweep: ExpandedSweep,
): SweepRecord[] | undefined {
  try {
    return parseSweepRows(text, format, sweep);
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

async function sameText(path: string, text: string): Promise<boolean> {
  return (await readOrUndefined(path)) === text;
}

/** Batches of about 1/8 of a worker's share, so fast workers take more. */
function batches(ids: readonly number[], workers: number): number[][] {
  const size = Math.max(1, Math.min(64, Math.ceil(ids.length / (workers * 8))));
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}

async function runInline(
  sweep: ExpandedSweep,
  ids: readonly number[],
  accept: (rows: SweepRecord[]) => void,
): Promise<void> {
  for (const batch of batches(ids, 1)) {
    accept(batch.map((id) => executeRun(sweep.kind, sweep.parameterColumns, sweep.runs[id]!)));
    // Let timers and I/O (progress displays) run between batches.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/**
 * The runs a valid spec (and shard) makes, from its shape alone, before
 * `expandSweep` checks it: the number of workers worth starting early. 0 when the
 * spec does not look valid (the workers then start after the expansion, if at all).
 */
function plannedRuns(spec: SweepSpec, shard: SweepShard | undefined): number {
  if (
    typeof spec !== "object" || spec === null || typeof spec.kind !== "string" ||
    !Object.hasOwn(RUN_KIND_LOADERS, spec.kind)
  ) return 0;
  const length = (value: unknown) => Array.isArray(value) ? value.length : 0;
  const { grid = {}, points = [{}], variants = [{}], replicates = 1 } = spec;
  if (typeof grid !== "object" || grid === null || !Number.isInteger(replicates)) return 0;
  let runs = length(points) * length(variants) * Math.max(0, replicates);
  for (const values of Object.values(grid)) runs *= length(values);
  if (shard !== undefined) {
    runs = shard.index < runs ? Math.ceil((runs - shard.index) / shard.count) : 0;
  }
  return Number.isSafeInteger(runs) && runs > 0 ? runs : 0;
}

/**
 * The runs over `count` child processes (`_sweep_process.ts`), handed out as the workers'
 * are: guided batches from one queue (`BatchQueue`), the next batch to whichever child
 * finished its last, so the children finish together whatever the runs cost. A child that
 * fails stops the others.
 */
async function runProcesses(
  sweep: ExpandedSweep,
  ids: readonly number[],
  count: number,
  accept: (rows: SweepRecord[]) => void,
): Promise<void> {
  const script = new URL("./_sweep_process.ts", import.meta.url).href;
  // The children read the run kinds' variables as the workers do (beloglazov2012's data
  // folder): without this, they took the repository's folder whatever the variable said.
  const folderEnv = { name: "env", variable: PLANETLAB_FOLDER_ENV } as const;
  const env = Deno.permissions.querySync(folderEnv).state === "granted"
    ? [`--allow-env=${PLANETLAB_FOLDER_ENV}`]
    : [];
  const queue = new BatchQueue(ids, count);
  const encoder = new TextEncoder();
  const children: Deno.ChildProcess[] = [];
  let failed = false;
  const one = async () => {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "--no-config", "--allow-read", "--allow-import", ...env, script],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    children.push(child);
    const stderr = new Response(child.stderr).text();
    const writer = child.stdin.getWriter();
    // a child that has exited refuses the write: its status and message tell why
    const send = async (request: WorkerRequest | undefined) => {
      try {
        if (request === undefined) await writer.close();
        else await writer.write(encoder.encode(JSON.stringify(request) + "\n"));
      } catch {
        // reported below
      }
    };
    const next = async () => {
      const batch = failed ? undefined : queue.take();
      await send(batch && { runs: batch.map((id) => sweep.runs[id]!) });
    };
    await send({ kind: sweep.kind.name, parameterColumns: sweep.parameterColumns });
    await next();
    let rest = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      const lines = (rest + chunk).split("\n");
      rest = lines.pop()!;
      const rows: SweepRecord[] = [];
      let batches = 0;
      for (const line of lines) {
        if (line === "") batches++;
        else rows.push(JSON.parse(line));
      }
      if (rows.length > 0) accept(rows);
      for (let i = 0; i < batches; i++) await next();
    }
    const status = await child.status;
    // a child stopped because another failed says nothing more
    if (!status.success && !failed) {
      throw new Error(`Cannot ${ACTION} as a child process failed: ${(await stderr).trim()}`);
    }
  };
  let first: unknown;
  await Promise.all(Array.from({ length: count }, () =>
    one().catch((error) => {
      if (failed) return;
      failed = true;
      first = error;
      for (const child of children) {
        try {
          child.kill();
        } catch {
          // it had exited
        }
      }
    })));
  if (failed) throw first;
}

/**
 * Throws unless `out`'s folder exists and `out` is not a folder: the rows, their journal and
 * sidecar are written there (a missing folder failed as a bare file-system error once the
 * runs had been made; a folder at `out` failed so after every run, its journal written and
 * the sidecar beside it removed).
 */
async function checkOut(out: string): Promise<void> {
  if ((await Deno.stat(folderOf(out)).catch(() => undefined))?.isDirectory !== true) {
    throw new RangeError(
      `Cannot ${ACTION} as options.out must be in an existing folder: current value is ${
        show(out)
      }`,
    );
  }
  if ((await Deno.stat(out).catch(() => undefined))?.isDirectory === true) {
    throw new TypeError(
      `Cannot ${ACTION} as options.out must be a file, not a folder: current value is ${show(out)}`,
    );
  }
}
