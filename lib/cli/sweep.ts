/**
 * `deno task sweep`: runs a sweep spec (JSON) into a rows file with its sidecar,
 * over parallel workers, with a progress bar on standard error; resumes an
 * interrupted run of the same sweep; runs one shard with `--shard i/N` or inside a
 * Slurm job array.
 *
 * ```sh
 * deno task sweep -- sweeps/plane.json --out out/plane.csv --workers 2
 * deno task sweep -- sweeps/plane.json --out out/plane.csv --shard 1/4   # writes out/plane.shard-1-of-4.csv
 * ```
 *
 * Exit codes: 0 on success, 1 when a run fails, 2 for bad flags or a bad spec
 * (nothing is run or written).
 *
 * @module
 */
import { checkOutFolder, parseCliArgs } from "./_args.ts";
import { recoverOutputFolder } from "../_output_set.ts";
import { expandSweep, type SweepSpec } from "../sweep/expand_sweep.ts";
import { runSweep, type SweepProgress, type SweepRunner } from "../sweep/run_sweep.ts";
import { parseShard, shardFromSlurm, shardOutputPath, type SweepShard } from "../sweep/shard.ts";
import { sweepFormatOf } from "../sweep/sweep_output.ts";
import { formatSweepProgress } from "../sweep/sweep_progress.ts";

const USAGE = `Usage: deno task sweep -- SWEEP.json --out FILE [options]

Runs every run of the sweep and writes one row per run to FILE (.csv or .jsonl),
with FILE.sweep.json beside it (the spec, library version and columns). Rows of an
interrupted run of the same sweep are reused.

Options:
  --out FILE          rows file, .csv or .jsonl (required)
  --shard i/N         run only shard i of N (0-based) into FILE with .shard-i-of-N
                      before its extension; inside a Slurm job array the default is
                      SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT
  --workers K         parallel workers (default: the number of cores)
  --runner NAME       worker (threads, default), process (child deno processes) or inline
  --restart           discard the rows of an interrupted run and start over
  --quiet             no progress bar
  -h, --help          show this help
`;

/** Where the sweep commands write their text output. */
export interface SweepCliIo {
  /** Writes to standard output. */
  stdout: (text: string) => void;
  /** Writes to standard error. */
  stderr: (text: string) => void;
  /** Whether standard error is a terminal (progress redraws in place). */
  stderrIsTerminal: boolean;
  /** The environment (for Slurm's array variables). */
  env: Readonly<Record<string, string>>;
}

/** A bad flag or spec; reported with exit code 2. */
export class SweepUsageError extends Error {}

/** Reads and parses a sweep spec file, with errors naming the file. */
export async function readSweepSpec(path: string): Promise<SweepSpec> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new SweepUsageError(`Cannot read the sweep spec ${path}: ${(error as Error).message}`);
  }
  let spec: SweepSpec;
  try {
    spec = JSON.parse(text);
  } catch (error) {
    throw new SweepUsageError(
      `Cannot read the sweep spec ${path} as it must be JSON: ${(error as Error).message}`,
    );
  }
  try {
    expandSweep(spec);
  } catch (error) {
    throw new SweepUsageError(`${path}: ${(error as Error).message}`);
  }
  return spec;
}

/**
 * Runs the sweep command line.
 *
 * @param args Command-line arguments (without the program name).
 * @param io Output streams and environment.
 * @returns The exit code.
 */
export async function main(args: readonly string[], io: SweepCliIo = defaultIo()): Promise<number> {
  let spec: SweepSpec;
  let out: string;
  let shard: SweepShard | undefined;
  let workers: number | undefined;
  let runner: SweepRunner;
  let values;
  try {
    const parsed = parseCliArgs(args[0] === "--" ? args.slice(1) : [...args], {
      out: { type: "string" },
      shard: { type: "string" },
      workers: { type: "string" },
      runner: { type: "string", default: "worker" },
      restart: { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    });
    values = parsed.values as {
      out?: string;
      shard?: string;
      workers?: string;
      runner: string;
      restart: boolean;
      quiet: boolean;
      help: boolean;
    };
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (parsed.positionals.length !== 1) {
      throw new SweepUsageError(
        `Cannot run a sweep as exactly one SWEEP.json must be given: current value is ${
          JSON.stringify(parsed.positionals)
        }`,
      );
    }
    if (values.out === undefined) {
      throw new SweepUsageError("Cannot run a sweep as --out FILE is required");
    }
    sweepFormatOf(values.out);
    shard = values.shard !== undefined ? parseShard(values.shard) : shardFromSlurm(io.env);
    if (values.workers !== undefined) {
      workers = Number(values.workers);
      if (!Number.isInteger(workers) || workers < 1) {
        throw new SweepUsageError(
          `Cannot run a sweep as --workers must be an integer >= 1: current value is ${values.workers}`,
        );
      }
    }
    if (!["worker", "process", "inline"].includes(values.runner!)) {
      throw new SweepUsageError(
        `Cannot run a sweep as --runner must be one of worker, process, inline: current value is ${values.runner}`,
      );
    }
    runner = values.runner as SweepRunner;
    out = shard === undefined ? values.out : shardOutputPath(values.out, shard);
    const info = await Deno.stat(out).catch(() => undefined);
    if (info?.isDirectory) {
      throw new SweepUsageError(
        `Cannot run a sweep as --out must be a file, not a folder: current value is ${out}`,
      );
    }
    await checkOutFolder(out.includes("/") ? out.slice(0, out.lastIndexOf("/")) : ".");
    spec = await readSweepSpec(parsed.positionals[0]!);
  } catch (error) {
    if (error instanceof Error && !(error instanceof Deno.errors.PermissionDenied)) {
      io.stderr(`sweep: ${error.message}\nRun with --help for usage.\n`);
      return 2;
    }
    throw error;
  }
  const dir = out.includes("/") ? out.slice(0, out.lastIndexOf("/")) : ".";
  await Deno.mkdir(dir, { recursive: true });
  // Temporary files of killed runs (`*.tmp-<pid>` of dead processes) go before any work.
  recoverOutputFolder(dir);
  const onProgress = values.quiet ? undefined : progressPrinter(io);
  try {
    const result = await runSweep(spec, {
      out,
      runner,
      resume: !values.restart,
      ...(shard === undefined ? {} : { shard }),
      ...(workers === undefined ? {} : { workers }),
      ...(onProgress === undefined ? {} : { onProgress }),
    });
    io.stdout(
      `${out}: ${result.rows.length} rows (${result.ran} run, ${result.resumed} resumed)${
        shard === undefined ? "" : `, shard ${shard.index}/${shard.count}`
      }; sidecar ${out}.sweep.json\n`,
    );
    return 0;
  } catch (error) {
    io.stderr(`\nsweep: ${(error as Error).message}\n`);
    return 1;
  }
}

/** Progress on standard error: redrawn in place on a terminal, else a line every 5 s. */
function progressPrinter(io: SweepCliIo): (p: SweepProgress) => void {
  let last = -Infinity;
  return (p) => {
    const now = performance.now();
    const interval = io.stderrIsTerminal ? 100 : 5000;
    if (!p.done && now - last < interval) return;
    last = now;
    const line = formatSweepProgress(p);
    if (io.stderrIsTerminal) io.stderr(`\r${line}\x1b[K${p.done ? "\n" : ""}`);
    else io.stderr(line + "\n");
  };
}

function defaultIo(): SweepCliIo {
  const encoder = new TextEncoder();
  return {
    stdout: (text) => Deno.stdout.writeSync(encoder.encode(text)),
    stderr: (text) => Deno.stderr.writeSync(encoder.encode(text)),
    stderrIsTerminal: Deno.stderr.isTerminal(),
    env: Deno.env.toObject(),
  };
}

if (import.meta.main) Deno.exit(await main(Deno.args));
