/**
 * `deno task advise`: which technique and setting migrate a VM within a goal.
 *
 * ```sh
 * deno task advise -- --memory 16GiB --dirty-rate 200MB/s --link 10Gbps --max-downtime 300ms
 * deno task advise -- --memory 4GiB --dirty-rate 2Gbps --link 1Gbps --max-downtime 300ms \
 *   --allow-slowdown 0.3 --compressibility 4
 * ```
 *
 * Prints the settings that meet the goal, ranked by the cost to minimise, with
 * their mechanisms in words, page-level time, downtime, traffic, slowdown, highest
 * throttle and split window; then the finalists that failed and, when nothing
 * meets the goal, what would. `--compressibility BITS` measures zstd level 1 on
 * this machine (`measureCompression`: the real libzstd built into Deno's `node:zlib`,
 * no npm package) on pages of that entropy and prints the
 * ratio and MB/s per core it found; `--compression-ratio` with
 * `--compression-rate` states them instead.
 *
 * Exit codes: 0 when a setting meets the goal, 1 when none does, 2 for bad flags.
 *
 * @module
 */
import {
  ADVICE_COSTS,
  type AdviceCost,
  type AdviceGoal,
  type AdviceRow,
  advise,
} from "../advisor/advise.ts";
import type { LinkSpec } from "../migration/link_spec.ts";
import { measureCompression } from "../migration/measure_compression.ts";
import {
  type CompressionOptions,
  MECHANISM_DEFAULTS,
  POSTCOPY_AFTER_PRECOPY,
} from "../migration/mechanisms.ts";
import { ADVICE_MULTIFD_CHANNELS } from "../advisor/advice_candidates.ts";
import {
  checkAsFlags,
  type CliOptions,
  numberOption,
  parseCliArgs,
  parseUnitOption,
  refuseUnread,
  UsageError,
} from "./_args.ts";
import { validateVm } from "../migration/validate.ts";
import type { VmSpec } from "../migration/vm_spec.ts";
import type { Seed } from "../random/prng.ts";
import { formatTable } from "../study/table.ts";
import { formatBytes, parseBytes } from "../units/bytes.ts";
import { formatDuration, parseDuration } from "../units/duration.ts";
import { parseRate } from "../units/rate.ts";
import type { WorkloadSpec } from "../workload/spec.ts";
import { MAX_PAGE_COUNT } from "../workload/validate_workload.ts";

/** Where {@link main} writes its text output. */
export interface AdviseCliIo {
  /** Writes to standard output. */
  stdout: (text: string) => void;
  /** Writes to standard error. */
  stderr: (text: string) => void;
}

const AC = MECHANISM_DEFAULTS.autoConverge;

const USAGE = `Usage: deno task advise -- --memory SIZE --link RATE [goal] [options]

Ranks every migration technique and setting (offline, pre-copy with the default,
qemu and xen presets and several downtime targets, time-series pre-copy, post-copy
with demand paging, active push or prepaging, hybrid, and pre-copy with the
mechanisms below) that meets the goal: closed forms prune, the page-level engine
confirms the finalists with each seed.

The VM and the link:
  --memory SIZE          guest memory, e.g. 16GiB (required)
  --dirty-rate RATE      bytes per second the guest dirties, e.g. 200MB/s (default 0)
  --read-rate RATE       bytes per second the guest reads (post-copy faults; default 0)
  --workload KIND        uniform or hot-cold (default uniform)
  --hot-fraction X       hot-cold: share of pages that are hot (default 0.05)
  --hot-share X          hot-cold: share of accesses to hot pages (default 0.9)
  --page-size SIZE       page size (default 4KiB)
  --state SIZE           vCPU and device state (default 256KiB)
  --link RATE            link bandwidth, e.g. 10Gbps (required)
  --latency DURATION     one-way latency (default 0)
  --cap RATE             migration bandwidth cap (default none)

Goals (limits every recommended setting must meet; any combination):
  --max-downtime DURATION  longest downtime, e.g. 300ms
  --max-total DURATION     longest migration, e.g. 2min
  --max-traffic SIZE       most bytes on the wire, e.g. 40GiB
  --max-slowdown SHARE     largest guest slowdown (share of running time lost to
                           throttling, dirty limits and post-copy stalls; plain
                           pre-copy's dirty logging is not charged), e.g.
                           0.1 or 10% (default 1: any)
  --allow-slowdown SHARE   the same as --max-slowdown
  --minimise COST          ${ADVICE_COSTS.join(", ")} (default total-time)

Mechanisms weighed (pre-copy, downtime target the goal's or QEMU's 300 ms):
  auto-converge            QEMU defaults: trigger ${AC.triggerThresholdPercent} %, throttle ${AC.initialPercent} % + ${AC.incrementPercent} % per pass up to ${AC.maxPercent} %
  dirty-limit              QEMU's ${
  MECHANISM_DEFAULTS.dirtyLimit.vcpuDirtyLimitBytesPerSecond / 1e6
} MB/s per vCPU
  postcopy-after-precopy   switch to post-copy after ${POSTCOPY_AFTER_PRECOPY.afterPasses} pass (libvirt)
  multifd                  ${
  ADVICE_MULTIFD_CHANNELS.join(", ")
} channels (QEMU default ${MECHANISM_DEFAULTS.multifd.channels})
  multifd + zstd           the same with zstd level ${MECHANISM_DEFAULTS.compressionLevel} on each channel (needs the
                           VM's compressibility, below)
  xbzrle                   QEMU's ${MECHANISM_DEFAULTS.xbzrle.cacheBytes / 2 ** 20} MiB cache
  auto-converge + multifd  4 channels (with zstd when the compressibility is given)

Compressibility (adds multifd + zstd):
  --compressibility BITS   entropy of the VM's pages in bits per byte (0-8): zstd
                           level 1 is measured on such pages on this machine
  --compression-ratio R    or state the ratio (compressed/original, 0-1] ...
  --compression-rate RATE  ... and the bytes one core compresses per second

Options:
  --seeds LIST           seeds of the page-level runs (default 1,2)
  --finalists N          settings to rank (default 3)
  -h, --help             show this help

Exit codes: 0 a setting meets the goal, 1 none does, 2 bad flags.
`;

/** The options of the command (parsed by `parseCliArgs`, which suggests near names). */
const OPTIONS = {
  memory: { type: "string" },
  "dirty-rate": { type: "string", default: "0" },
  "read-rate": { type: "string", default: "0" },
  workload: { type: "string", default: "uniform" },
  "hot-fraction": { type: "string", default: "0.05" },
  "hot-share": { type: "string", default: "0.9" },
  "page-size": { type: "string", default: "4KiB" },
  state: { type: "string", default: "256KiB" },
  link: { type: "string" },
  latency: { type: "string", default: "0s" },
  cap: { type: "string" },
  "max-downtime": { type: "string" },
  "max-total": { type: "string" },
  "max-traffic": { type: "string" },
  "max-slowdown": { type: "string" },
  "allow-slowdown": { type: "string" },
  compressibility: { type: "string" },
  "compression-ratio": { type: "string" },
  "compression-rate": { type: "string" },
  minimise: { type: "string", default: "total-time" },
  seeds: { type: "string", default: "1,2" },
  finalists: { type: "string", default: "3" },
  help: { type: "boolean", short: "h", default: false },
} satisfies CliOptions;

/** The parsed values: a string (or its default) per option, a boolean for --help. */
type AdviseValues =
  & { [K in Exclude<keyof typeof OPTIONS, "help">]?: string }
  & {
    [
      K in Exclude<keyof typeof OPTIONS, "help"> as (typeof OPTIONS)[K] extends { default: string }
        ? K
        : never
    ]: string;
  }
  & { help: boolean };

/**
 * Runs the advise command line.
 *
 * @param args Command-line arguments (without the program name).
 * @param io Where to write standard output and standard error.
 * @returns The exit code: 0 a setting meets the goal, 1 none does, 2 bad flags.
 *
 * @example Print the goals
 * ```ts
 * import { main } from "./advise.ts";
 * import assert from "node:assert/strict";
 *
 * let out = "";
 * const code = main(["--help"], { stdout: (t) => (out += t), stderr: () => {} });
 * assert.equal(code, 0);
 * assert.match(out, /--max-downtime/);
 * ```
 */
export function main(
  args: readonly string[],
  io: AdviseCliIo = { stdout: writeStdout, stderr: writeStderr },
): number {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(args);
  } catch (error) {
    if (
      !(error instanceof UsageError || error instanceof TypeError ||
        error instanceof SyntaxError || error instanceof RangeError)
    ) {
      throw error;
    }
    io.stderr(`advise: ${error.message.split("\n")[0]}\n`);
    return 2;
  }
  if (parsed === "help") {
    io.stdout(USAGE);
    return 0;
  }
  const { vm, link, goal, seeds, finalists } = parsed;
  let compression: CompressionOptions | undefined;
  let compressionLine = "";
  if (parsed.compression !== undefined && "entropyBitsPerByte" in parsed.compression) {
    const m = measureCompression({
      algorithm: "zstd",
      entropyBitsPerByte: parsed.compression.entropyBitsPerByte,
      pageSizeBytes: vm.pageSizeBytes,
    });
    compression = {
      algorithm: "zstd",
      ratio: m.ratio,
      bytesPerSecondPerCore: m.bytesPerSecondPerCore,
    };
    compressionLine =
      `Compressibility: zstd level ${m.level} on ${m.pages} pages of ${m.entropyBitsPerByte} bits/byte, measured here: ratio ${
        round3(m.ratio)
      }, ${round1(m.bytesPerSecondPerCore / 1e6)} MB/s per core\n`;
  } else if (parsed.compression !== undefined) {
    compression = parsed.compression;
    compressionLine = `Compressibility: zstd ratio ${round3(compression.ratio)}, ${
      round1(compression.bytesPerSecondPerCore / 1e6)
    } MB/s per core (stated)\n`;
  }
  const advice = advise(vm, link, goal, {
    seeds,
    finalists,
    ...(compression === undefined ? {} : { compression }),
  });
  const columns = [
    { key: "rank", header: "rank" },
    { key: "label", header: "setting", align: "left" as const },
    { key: "settings", header: "mechanisms", align: "left" as const, format: words },
    { key: "totalSeconds", header: "total", format: seconds },
    { key: "downtimeSeconds", header: "downtime", format: seconds },
    { key: "bytesSent", header: "traffic", format: bytes },
    { key: "slowdown", header: "slowdown", format: share },
    { key: "maxThrottlePercent", header: "throttle", format: percent },
    { key: "splitSeconds", header: "split", format: (v: unknown) => v === 0 ? "-" : seconds(v) },
    { key: "estimatedTotalSeconds", header: "est. total", format: seconds },
    { key: "estimatedDowntimeSeconds", header: "est. downtime", format: seconds },
  ];
  const limits = [
    goal.maxDowntimeSeconds !== undefined &&
    `downtime <= ${formatDuration(goal.maxDowntimeSeconds)}`,
    goal.maxTotalSeconds !== undefined && `total <= ${formatDuration(goal.maxTotalSeconds)}`,
    goal.maxBytes !== undefined && `traffic <= ${formatBytes(goal.maxBytes)}`,
    goal.maxSlowdown !== undefined && `slowdown <= ${share(goal.maxSlowdown)}`,
  ].filter((x): x is string => typeof x === "string");
  io.stdout(
    `Goal: ${limits.length > 0 ? limits.join(", ") : "none"}; minimise ${advice.goal.minimise}\n` +
      compressionLine + "\n",
  );
  if (advice.ranking.length > 0) {
    io.stdout(formatTable(advice.ranking, { columns }) + "\n");
  }
  if (advice.rejected.length > 0) {
    const rows = advice.rejected.map((r: AdviceRow) => ({ ...r, why: r.violations.join("; ") }));
    io.stdout("Finalists that failed at page level:\n");
    io.stdout(
      formatTable(rows, {
        columns: [...columns.slice(1, 7), { key: "why", header: "why", align: "left" as const }],
      }) + "\n",
    );
  }
  io.stdout(advice.explanation.join("\n") + "\n");
  return advice.meetsGoal ? 0 : 1;
}

function words(v: unknown): string {
  return typeof v === "string" && v !== "" ? v : "-";
}

function percent(v: unknown): string {
  return typeof v === "number" && v > 0 ? `${Math.round(v * 10) / 10} %` : "-";
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function seconds(v: unknown): string {
  return typeof v === "number" && Number.isFinite(v) ? formatDuration(v) : "-";
}

function bytes(v: unknown): string {
  return typeof v === "number" && Number.isFinite(v) ? formatBytes(v) : "-";
}

function share(v: unknown): string {
  return typeof v === "number" ? `${Math.round(v * 1000) / 10} %` : "-";
}

/** `value`, parsed from flag `name`'s `text`, when it is > 0; else a usage error. */
function positiveFlag(name: string, text: string | undefined, value: number): number {
  if (!(value > 0)) throw new UsageError(`${name} must be > 0: current value is ${text}`);
  return value;
}

/** The parsed flags, or "help". */
function parseFlags(args: readonly string[]):
  | {
    vm: VmSpec;
    link: LinkSpec;
    goal: AdviceGoal;
    seeds: Seed[];
    finalists: number;
    compression: Compressibility | undefined;
  }
  | "help" {
  // `deno task advise -- ...` passes the `--` through.
  const parsed = parseCliArgs(args[0] === "--" ? args.slice(1) : [...args], OPTIONS);
  const values = parsed.values as unknown as AdviseValues;
  const positionals = parsed.positionals;
  if (values.help) return "help";
  if (positionals.length > 0) {
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  }
  if (values.memory === undefined) throw new UsageError("--memory SIZE is required");
  if (values.link === undefined) throw new UsageError("--link RATE is required");
  const pageSizeBytes = positiveFlag(
    "--page-size",
    values["page-size"],
    parseUnitOption("--page-size", values["page-size"], parseBytes),
  );
  const memory = parseUnitOption("--memory", values.memory, parseBytes);
  const pageCount = memory / pageSizeBytes;
  if (!(pageCount >= 1)) {
    throw new UsageError(`--memory must be at least one page: current value is ${values.memory}`);
  }
  if (!Number.isInteger(pageCount)) {
    throw new UsageError(
      `--memory must be a whole number of pages (--page-size ${
        values["page-size"]
      }): current value is ${values.memory}`,
    );
  }
  if (pageCount > MAX_PAGE_COUNT) {
    throw new UsageError(
      `--memory must be at most ${MAX_PAGE_COUNT} pages (--page-size ${
        values["page-size"]
      }): current value is ${values.memory}`,
    );
  }
  const writesPerSecond = parseUnitOption("--dirty-rate", values["dirty-rate"], parseRate) /
    pageSizeBytes;
  const readsPerSecond = parseUnitOption("--read-rate", values["read-rate"], parseRate) /
    pageSizeBytes;
  const kind = values.workload;
  let workload: WorkloadSpec;
  if (kind === "uniform") {
    refuseUnread(args, ["--hot-fraction", "--hot-share"], "--workload uniform");
    workload = { kind, writesPerSecond, readsPerSecond };
  } else if (kind === "hot-cold") {
    workload = {
      kind,
      writesPerSecond,
      readsPerSecond,
      hotFraction: numberOption("--hot-fraction", values["hot-fraction"]),
      hotShare: numberOption("--hot-share", values["hot-share"]),
    };
  } else {
    throw new UsageError(
      `--workload must be uniform or hot-cold: current value is ${JSON.stringify(kind)}`,
    );
  }
  const vm: VmSpec = {
    pageCount,
    pageSizeBytes,
    stateBytes: parseUnitOption("--state", values.state, parseBytes),
    workload,
  };
  checkAsFlags(() => validateVm(vm), {
    "vm.pageCount": "--memory",
    "vm.pageSizeBytes": "--page-size",
    "vm.stateBytes": "--state",
    "vm.workload.hotFraction": "--hot-fraction",
    "vm.workload.hotShare": "--hot-share",
  });
  const bandwidth = parseUnitOption("--link", values.link, parseRate);
  if (!(bandwidth > 0)) throw new UsageError(`--link must be > 0: current value is ${values.link}`);
  const link: LinkSpec = {
    bandwidthBytesPerSecond: bandwidth,
    latencySeconds: parseUnitOption("--latency", values.latency, parseDuration),
    ...(values.cap === undefined ? {} : {
      maxBandwidthBytesPerSecond: positiveFlag(
        "--cap",
        values.cap,
        parseUnitOption("--cap", values.cap, parseRate),
      ),
    }),
  };
  const minimise = values.minimise as AdviceCost;
  if (!ADVICE_COSTS.includes(minimise)) {
    throw new UsageError(
      `--minimise must be one of ${ADVICE_COSTS.join(", ")}: current value is ${
        JSON.stringify(values.minimise)
      }`,
    );
  }
  const goal: AdviceGoal = { minimise };
  if (values["max-downtime"] !== undefined) {
    goal.maxDowntimeSeconds = positiveFlag(
      "--max-downtime",
      values["max-downtime"],
      parseUnitOption("--max-downtime", values["max-downtime"], parseDuration),
    );
  }
  if (values["max-total"] !== undefined) {
    goal.maxTotalSeconds = positiveFlag(
      "--max-total",
      values["max-total"],
      parseUnitOption("--max-total", values["max-total"], parseDuration),
    );
  }
  if (values["max-traffic"] !== undefined) {
    goal.maxBytes = positiveFlag(
      "--max-traffic",
      values["max-traffic"],
      parseUnitOption("--max-traffic", values["max-traffic"], parseBytes),
    );
  }
  if (values["max-slowdown"] !== undefined && values["allow-slowdown"] !== undefined) {
    throw new UsageError("give --max-slowdown or --allow-slowdown, not both");
  }
  for (const flag of ["max-slowdown", "allow-slowdown"] as const) {
    const given = values[flag];
    if (given === undefined) continue;
    const text = given.trim();
    goal.maxSlowdown = text.endsWith("%")
      ? numberOption(`--${flag}`, text.slice(0, -1)) / 100
      : numberOption(`--${flag}`, text);
    if (!(goal.maxSlowdown >= 0 && goal.maxSlowdown <= 1)) {
      throw new UsageError(`--${flag} must be in [0, 1] (or 0-100%): current value is ${given}`);
    }
  }
  let compression: Compressibility | undefined;
  const ratioFlag = values["compression-ratio"];
  const rateFlag = values["compression-rate"];
  if (values.compressibility !== undefined) {
    if (ratioFlag !== undefined || rateFlag !== undefined) {
      throw new UsageError(
        "give --compressibility or --compression-ratio with --compression-rate, not both",
      );
    }
    const bits = numberOption("--compressibility", values.compressibility);
    if (!(bits >= 0 && bits <= 8)) {
      throw new UsageError(
        `--compressibility must be in [0, 8] bits per byte: current value is ${values.compressibility}`,
      );
    }
    compression = { entropyBitsPerByte: bits };
  } else if (ratioFlag !== undefined || rateFlag !== undefined) {
    if (ratioFlag === undefined || rateFlag === undefined) {
      throw new UsageError("--compression-ratio and --compression-rate go together");
    }
    const ratio = numberOption("--compression-ratio", ratioFlag);
    if (!(ratio > 0 && ratio <= 1)) {
      throw new UsageError(`--compression-ratio must be in (0, 1]: current value is ${ratioFlag}`);
    }
    const bytesPerSecond = parseUnitOption("--compression-rate", rateFlag, parseRate);
    if (!(bytesPerSecond > 0)) {
      throw new UsageError(`--compression-rate must be > 0: current value is ${rateFlag}`);
    }
    compression = { algorithm: "zstd", ratio, bytesPerSecondPerCore: bytesPerSecond };
  }
  const seeds: Seed[] = values.seeds.split(",").map((s) => {
    const t = s.trim();
    if (t === "") {
      throw new UsageError(
        `--seeds must be a comma-separated list: current value is ${values.seeds}`,
      );
    }
    // a number only where it is exact: 12345678901234567890 and ...891 were one seed
    return /^-?\d+$/.test(t) && Number.isSafeInteger(Number(t)) ? Number(t) : t;
  });
  const finalists = numberOption("--finalists", values.finalists);
  if (!Number.isInteger(finalists) || finalists < 1) {
    throw new UsageError(
      `--finalists must be an integer >= 1: current value is ${values.finalists}`,
    );
  }
  return { vm, link, goal, seeds, finalists, compression };
}

/** The VM's compressibility: stated, or an entropy to measure zstd at. */
type Compressibility = CompressionOptions | { entropyBitsPerByte: number };

/** Writes all of `text` to standard output. */
function writeStdout(text: string): void {
  writeAll(Deno.stdout, text);
}

/** Writes all of `text` to standard error. */
function writeStderr(text: string): void {
  writeAll(Deno.stderr, text);
}

/** Writes every byte of `text`, looping over partial writes. */
function writeAll(stream: { writeSync(p: Uint8Array): number }, text: string): void {
  let data = new TextEncoder().encode(text);
  while (data.length > 0) data = data.subarray(stream.writeSync(data));
}

if (import.meta.main) {
  Deno.exit(main(Deno.args));
}
