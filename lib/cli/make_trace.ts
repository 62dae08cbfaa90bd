/**
 * `deno task make-trace`: records a synthetic workload's page accesses into a trace
 * file (`.csv` or `.jsonl`, by extension), written atomically.
 *
 * ```sh
 * deno task make-trace --kind hot-cold --pages 4096 --duration 5s --writes-per-second 1500 \
 *   --reads-per-second 500 --hot-fraction 0.05 --hot-share 0.9 --seed 1 \
 *   --out data/traces/hot_cold_4096.csv
 * ```
 *
 * The workload draws from `createPrng(seed, "make-trace")`, and times are rounded to
 * the microsecond, so the same flags always give the same file, byte for byte.
 *
 * Exit codes: 0 on success, 2 for bad flags (nothing is written).
 *
 * @module
 */
import {
  checkAsFlags,
  checkOutFile,
  numberOption,
  parseCliArgs,
  parseUnitOption,
  refuseUnread,
  UsageError,
} from "./_args.ts";
import { validateWorkload } from "../migration/validate.ts";
import { createPrng, type Seed } from "../random/prng.ts";
import { parseDuration } from "../units/duration.ts";
import { recordTrace } from "../workload/record_trace.ts";
import type { WorkloadSpec } from "../workload/spec.ts";
import { traceFormatOf } from "../workload/trace_format.ts";
import { writeTrace } from "../workload/write_trace.ts";

/** Where {@link main} writes its text output. */
export interface MakeTraceCliIo {
  /** Writes to standard output. */
  stdout: (text: string) => void;
  /** Writes to standard error. */
  stderr: (text: string) => void;
}

const KINDS = ["idle", "uniform", "hot-cold", "zipf"] as const;

const USAGE = `Usage: deno task make-trace --out FILE [options]

Records the page accesses of a synthetic workload over a duration and writes them
as a trace file: CSV for .csv, JSON Lines for .jsonl (see data/README.md).

Options:
  --kind KIND               ${KINDS.join(", ")} (default hot-cold)
  --pages N                 pages of the VM (default 4096)
  --duration DURATION       length of the trace, e.g. 5s or 500ms (default 5s)
  --writes-per-second N     page writes per second (default 1500)
  --reads-per-second N      page reads per second (default 500)
  --hot-fraction X          hot-cold: share of the pages that are hot (default 0.05)
  --hot-share X             hot-cold: share of the accesses to hot pages (default 0.9)
  --exponent S              zipf: the exponent (default 1)
  --seed SEED               the seed of the workload's random stream (default 1)
  --out FILE                the trace file to write (.csv or .jsonl; required; its
                            folder must exist)
  -h, --help                show this help

Units are case-sensitive (5s, 500ms; 5S is rejected with "5s" suggested).
`;

/**
 * Runs the make-trace command line.
 *
 * @param args Command-line arguments (without the program name).
 * @param io Where to write standard output and standard error.
 * @returns The exit code: 0 on success, 2 for bad flags.
 *
 * @example Print the usage
 * ```ts
 * import { main } from "./make_trace.ts";
 * import assert from "node:assert/strict";
 *
 * let out = "";
 * const code = await main(["--help"], { stdout: (t) => (out += t), stderr: () => {} });
 * assert.equal(code, 0);
 * assert.match(out, /--hot-share/);
 * ```
 */
export async function main(
  args: readonly string[],
  io: MakeTraceCliIo = { stdout: writeStdout, stderr: writeStderr },
): Promise<number> {
  let parsed: ReturnType<typeof parseFlags>;
  let workload: ReturnType<typeof recordTrace> | undefined;
  try {
    parsed = parseFlags(args);
    if (parsed !== "help") {
      await checkOutFile(parsed.out);
      const { spec, pageCount, durationSeconds, seed } = parsed;
      // the recording's own checks, told as the flags that set them
      checkAsFlags(() => {
        try {
          workload = recordTrace(spec, pageCount, durationSeconds, createPrng(seed, "make-trace"));
        } catch (error) {
          if (!(error instanceof RangeError && error.message.includes("options.maxAccesses"))) {
            throw error;
          }
          throw new UsageError(
            `--writes-per-second and --reads-per-second over --duration must make at most 10,000,000 accesses (a trace's limit): current values are ${
              flagValue(args, "--writes-per-second")
            }, ${flagValue(args, "--reads-per-second")} and ${flagValue(args, "--duration")}`,
          );
        }
      }, { durationSeconds: "--duration" });
    }
  } catch (error) {
    if (
      !(error instanceof UsageError || error instanceof TypeError ||
        error instanceof SyntaxError || error instanceof RangeError)
    ) {
      throw error;
    }
    io.stderr(`make-trace: ${error.message} (run with --help for usage)\n`);
    return 2;
  }
  if (parsed === "help") {
    io.stdout(USAGE);
    return 0;
  }
  const { pageCount, durationSeconds, out } = parsed;
  const recorded = workload!;
  await writeTrace(out, { pageCount, workload: recorded });
  const writes = recorded.accesses.reduce((n, a) => n + (a.write ? 1 : 0), 0);
  io.stdout(
    `make-trace: wrote ${recorded.accesses.length} accesses (${writes} writes) over ${durationSeconds} s of ${pageCount} pages to ${out}\n`,
  );
  return 0;
}

/** The text given for flag `name` (its last occurrence), or "the default". */
function flagValue(args: readonly string[], name: string): string {
  const i = args.lastIndexOf(name);
  if (i >= 0 && i + 1 < args.length) return args[i + 1]!;
  const joined = args.findLast((a) => a.startsWith(`${name}=`));
  return joined === undefined ? "the default" : joined.slice(name.length + 1);
}

/** The flags' values once parsed (every option but --out has a default). */
interface MakeTraceFlagValues {
  kind: string;
  pages: string;
  duration: string;
  "writes-per-second": string;
  "reads-per-second": string;
  "hot-fraction": string;
  "hot-share": string;
  exponent: string;
  seed: string;
  out?: string;
}

/** The parsed flags, or "help". */
function parseFlags(args: readonly string[]):
  | {
    spec: WorkloadSpec;
    pageCount: number;
    durationSeconds: number;
    seed: Seed;
    out: string;
  }
  | "help" {
  const { values: parsedValues, positionals } = parseCliArgs(args, {
    kind: { type: "string", default: "hot-cold" },
    pages: { type: "string", default: "4096" },
    duration: { type: "string", default: "5s" },
    "writes-per-second": { type: "string", default: "1500" },
    "reads-per-second": { type: "string", default: "500" },
    "hot-fraction": { type: "string", default: "0.05" },
    "hot-share": { type: "string", default: "0.9" },
    exponent: { type: "string", default: "1" },
    seed: { type: "string", default: "1" },
    out: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  });
  const values = parsedValues as unknown as MakeTraceFlagValues;
  if (parsedValues.help === true) return "help";
  if (positionals.length > 0) {
    throw new UsageError(
      `unexpected argument ${JSON.stringify(positionals[0])}`,
    );
  }
  if (values.out === undefined) throw new UsageError("--out FILE is required");
  traceFormatOf(values.out);
  const kind = values.kind as (typeof KINDS)[number];
  if (!KINDS.includes(kind)) {
    throw new UsageError(
      `--kind must be one of ${KINDS.join(", ")}: current value is ${JSON.stringify(kind)}`,
    );
  }
  const pageCount = numberOption("--pages", values.pages);
  if (!Number.isInteger(pageCount) || pageCount < 1) {
    throw new UsageError(
      `--pages must be an integer >= 1: current value is ${values.pages}`,
    );
  }
  const durationSeconds = parseUnitOption("--duration", values.duration, parseDuration);
  const writesPerSecond = numberOption(
    "--writes-per-second",
    values["writes-per-second"],
  );
  const readsPerSecond = numberOption(
    "--reads-per-second",
    values["reads-per-second"],
  );
  const rates = { writesPerSecond, readsPerSecond };
  // a kind's own flags given with another kind were ignored
  refuseUnread(args, [
    ...(kind === "hot-cold" ? [] : ["--hot-fraction", "--hot-share"]),
    ...(kind === "zipf" ? [] : ["--exponent"]),
    ...(kind === "idle" ? ["--writes-per-second", "--reads-per-second"] : []),
  ], `--kind ${kind}`);
  const spec: WorkloadSpec = kind === "idle"
    ? { kind }
    : kind === "uniform"
    ? { kind, ...rates }
    : kind === "hot-cold"
    ? {
      kind,
      ...rates,
      hotFraction: numberOption("--hot-fraction", values["hot-fraction"]),
      hotShare: numberOption("--hot-share", values["hot-share"]),
    }
    : { kind, ...rates, exponent: numberOption("--exponent", values.exponent) };
  checkAsFlags(() => validateWorkload(spec, pageCount, "workload", "make a trace"), {
    "workload.writesPerSecond": "--writes-per-second",
    "workload.readsPerSecond": "--reads-per-second",
    "workload.hotFraction": "--hot-fraction",
    "workload.hotShare": "--hot-share",
    "workload.exponent": "--exponent",
  });
  const seedText = values.seed;
  // a number only where it is exact: 12345678901234567890 and ...891 were one seed
  const seed: Seed = /^-?\d+(\.\d+)?$/.test(seedText) &&
      Math.abs(Number(seedText)) <= Number.MAX_SAFE_INTEGER
    ? Number(seedText)
    : seedText;
  return { spec, pageCount, durationSeconds, seed, out: values.out };
}

/** Writes all of `text` to standard output. */
function writeStdout(text: string): void {
  writeAll(Deno.stdout, text);
}

/** Writes all of `text` to standard error. */
function writeStderr(text: string): void {
  writeAll(Deno.stderr, text);
}

/** Writes every byte of `text`, looping over partial writes. */
function writeAll(
  stream: { writeSync(p: Uint8Array): number },
  text: string,
): void {
  let bytes = new TextEncoder().encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(stream.writeSync(bytes));
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
