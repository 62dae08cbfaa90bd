/**
 * `deno task advise`: which technique and setting migrate a VM within a goal.
 *
 * ```sh
 * deno task advise -- --memory 16GiB --dirty-rate 200MB/s --link 10Gbps --max-downtime 300ms
 * ```
 *
 * Prints the settings that meet the goal, ranked by the cost to minimise, with
 * their page-level time, downtime, traffic and slowdown; then the finalists that
 * failed and, when nothing meets the goal, what would.
 *
 * Exit codes: 0 when a setting meets the goal, 1 when none does, 2 for bad flags.
 *
 * @module
 */
import { parseArgs } from "node:util";
import {
  ADVICE_COSTS,
  type AdviceCost,
  type AdviceGoal,
  type AdviceRow,
  advise,
} from "../advisor/advise.ts";
import type { LinkSpec } from "../migration/link_spec.ts";
import { validateVm } from "../migration/validate.ts";
import type { VmSpec } from "../migration/vm_spec.ts";
import type { Seed } from "../random/prng.ts";
import { formatTable } from "../study/table.ts";
import { formatBytes, parseBytes } from "../units/bytes.ts";
import { formatDuration, parseDuration } from "../units/duration.ts";
import { parseRate } from "../units/rate.ts";
import type { WorkloadSpec } from "../workload/spec.ts";

/** Where {@link main} writes its text output. */
export interface AdviseCliIo {
  /** Writes to standard output. */
  stdout: (text: string) => void;
  /** Writes to standard error. */
  stderr: (text: string) => void;
}

const USAGE = `Usage: deno task advise -- --memory SIZE --link RATE [goal] [options]

Ranks every migration technique and setting (offline, pre-copy with the default,
qemu and xen presets and several downtime targets, time-series pre-copy, post-copy
with demand paging, active push or prepaging, hybrid) that meets the goal: closed
forms prune, the page-level engine confirms the finalists with each seed.

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
                           stalls), e.g. 0.1 or 10%
  --minimise COST          ${ADVICE_COSTS.join(", ")} (default total-time)

Options:
  --seeds LIST           seeds of the page-level runs (default 1,2)
  --finalists N          settings to rank (default 3)
  -h, --help             show this help

Exit codes: 0 a setting meets the goal, 1 none does, 2 bad flags.
`;

/** Thrown for a bad flag; `main` reports it in one line and exits with code 2. */
class UsageError extends Error {}

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
  const advice = advise(vm, link, goal, { seeds, finalists });
  const columns = [
    { key: "rank", header: "rank" },
    { key: "label", header: "setting", align: "left" as const },
    { key: "totalSeconds", header: "total", format: seconds },
    { key: "downtimeSeconds", header: "downtime", format: seconds },
    { key: "bytesSent", header: "traffic", format: bytes },
    { key: "slowdown", header: "slowdown", format: share },
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
    `Goal: ${limits.length > 0 ? limits.join(", ") : "none"}; minimise ${advice.goal.minimise}\n\n`,
  );
  if (advice.ranking.length > 0) {
    io.stdout(formatTable(advice.ranking, { columns }) + "\n");
  }
  if (advice.rejected.length > 0) {
    const rows = advice.rejected.map((r: AdviceRow) => ({ ...r, why: r.violations.join("; ") }));
    io.stdout("Finalists that failed at page level:\n");
    io.stdout(
      formatTable(rows, {
        columns: [...columns.slice(1, 6), { key: "why", header: "why", align: "left" as const }],
      }) + "\n",
    );
  }
  io.stdout(advice.explanation.join("\n") + "\n");
  return advice.meetsGoal ? 0 : 1;
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

/** The parsed flags, or "help". */
function parseFlags(args: readonly string[]):
  | { vm: VmSpec; link: LinkSpec; goal: AdviceGoal; seeds: Seed[]; finalists: number }
  | "help" {
  // `deno task advise -- ...` passes the `--` through.
  const { values, positionals } = parseArgs({
    args: args[0] === "--" ? args.slice(1) : [...args],
    strict: true,
    allowPositionals: true,
    options: {
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
      minimise: { type: "string", default: "total-time" },
      seeds: { type: "string", default: "1,2" },
      finalists: { type: "string", default: "3" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return "help";
  if (positionals.length > 0) {
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  }
  if (values.memory === undefined) throw new UsageError("--memory SIZE is required");
  if (values.link === undefined) throw new UsageError("--link RATE is required");
  const pageSizeBytes = parseBytes(values["page-size"]);
  const memory = parseBytes(values.memory);
  const pageCount = Math.round(memory / pageSizeBytes);
  if (!(pageCount >= 1)) {
    throw new UsageError(`--memory must be at least one page: current value is ${values.memory}`);
  }
  const writesPerSecond = parseRate(values["dirty-rate"]) / pageSizeBytes;
  const readsPerSecond = parseRate(values["read-rate"]) / pageSizeBytes;
  const kind = values.workload;
  let workload: WorkloadSpec;
  if (kind === "uniform") workload = { kind, writesPerSecond, readsPerSecond };
  else if (kind === "hot-cold") {
    workload = {
      kind,
      writesPerSecond,
      readsPerSecond,
      hotFraction: number("--hot-fraction", values["hot-fraction"]),
      hotShare: number("--hot-share", values["hot-share"]),
    };
  } else {
    throw new UsageError(
      `--workload must be uniform or hot-cold: current value is ${JSON.stringify(kind)}`,
    );
  }
  const vm: VmSpec = {
    pageCount,
    pageSizeBytes,
    stateBytes: parseBytes(values.state),
    workload,
  };
  validateVm(vm);
  const bandwidth = parseRate(values.link);
  if (!(bandwidth > 0)) throw new UsageError(`--link must be > 0: current value is ${values.link}`);
  const link: LinkSpec = {
    bandwidthBytesPerSecond: bandwidth,
    latencySeconds: parseDuration(values.latency),
    ...(values.cap === undefined ? {} : { maxBandwidthBytesPerSecond: parseRate(values.cap) }),
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
    goal.maxDowntimeSeconds = parseDuration(values["max-downtime"]);
  }
  if (values["max-total"] !== undefined) goal.maxTotalSeconds = parseDuration(values["max-total"]);
  if (values["max-traffic"] !== undefined) goal.maxBytes = parseBytes(values["max-traffic"]);
  if (values["max-slowdown"] !== undefined) {
    const text = values["max-slowdown"].trim();
    goal.maxSlowdown = text.endsWith("%")
      ? number("--max-slowdown", text.slice(0, -1)) / 100
      : number("--max-slowdown", text);
  }
  const seeds: Seed[] = values.seeds.split(",").map((s) => {
    const t = s.trim();
    if (t === "") {
      throw new UsageError(
        `--seeds must be a comma-separated list: current value is ${values.seeds}`,
      );
    }
    return /^-?\d+$/.test(t) ? Number(t) : t;
  });
  const finalists = number("--finalists", values.finalists);
  if (!Number.isInteger(finalists) || finalists < 1) {
    throw new UsageError(
      `--finalists must be an integer >= 1: current value is ${values.finalists}`,
    );
  }
  return { vm, link, goal, seeds, finalists };
}

/** Parses a plain decimal number flag. */
function number(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) {
    throw new UsageError(`${flag} must be a number: current value is ${JSON.stringify(text)}`);
  }
  return value;
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
function writeAll(stream: { writeSync(p: Uint8Array): number }, text: string): void {
  let data = new TextEncoder().encode(text);
  while (data.length > 0) data = data.subarray(stream.writeSync(data));
}

if (import.meta.main) {
  Deno.exit(main(Deno.args));
}
