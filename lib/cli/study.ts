/**
 * `deno task study`: runs the default study (or a variant chosen with flags), prints
 * a table, and writes `study.csv` and four SVG figures to an output folder.
 *
 * ```sh
 * deno task study --memory 1GiB --workloads uniform,hot-cold --out out
 * ```
 *
 * Exit codes: 0 on success, 1 when a run fails, 2 for bad flags (one line on stderr, before
 * any work; nothing is written). Units are case-sensitive (`4GiB`, `1Gbps`): `4gib` is
 * rejected with the spellings that parse suggested.
 *
 * @module
 */
import { writeOutputSet } from "../_output_set.ts";
import { MAX_PAGE_COUNT } from "../workload/page_limit.ts";
import { checkOutFolder, parseCliArgs, parseUnitOption, UsageError } from "./_args.ts";
import { DEFAULT_TECHNIQUE_VARIANTS, type TechniqueVariant } from "../migration/migrate.ts";
import type { MigrationResult } from "../migration/result.ts";
import { plotTechniqueComparison } from "../plot/technique_comparison.ts";
import { plotTimeline } from "../plot/timeline.ts";
import type { Seed } from "../random/prng.ts";
import { toCsv } from "../study/csv.ts";
import {
  DEFAULT_STUDY_CONFIG,
  runStudy,
  type StudyConfig,
  type StudyRow,
  type StudyWorkload,
} from "../study/default_study.ts";
import { formatTable, type TableColumn } from "../study/table.ts";
import { formatBytes, parseBytes } from "../units/bytes.ts";
import { formatDuration, parseDuration } from "../units/duration.ts";
import { formatRate, parseRate } from "../units/rate.ts";

/** Where {@link main} writes its text output. */
export interface StudyCliIo {
  /** Writes to standard output. */
  stdout: (text: string) => void;
  /** Writes to standard error. */
  stderr: (text: string) => void;
  /**
   * Clock in milliseconds; progress lines appear once a run has taken over a second.
   * @default {performance.now}
   */
  now?: () => number;
}

const WORKLOAD_NAMES = ["idle", "uniform", "hot-cold", "zipf"] as const;

const USAGE = `Usage: deno task study [options]

Runs every workload x technique x seed, prints a table, and writes study.csv,
downtime.svg, total-time.svg, traffic.svg and timeline.svg to the output folder.

Options:
  --memory SIZE             VM memory (default 4GiB)
  --page-size SIZE          page size (default 4KiB)
  --state SIZE              vCPU and device state (default 256KiB)
  --bandwidth RATE          link bandwidth (default 1Gbps)
  --latency DURATION        one-way link latency (default 100us)
  --page-overhead SIZE      protocol bytes per page sent (default 8B)
  --workloads LIST          comma-separated, from ${WORKLOAD_NAMES.join(", ")}
                            (default idle,uniform,hot-cold)
  --writes-per-second N     page writes per second of the busy workloads (default 20000)
  --reads-per-second N      page reads per second of the busy workloads (default 20000)
  --techniques LIST         comma-separated labels (default all):
                            ${DEFAULT_TECHNIQUE_VARIANTS.map((v) => v.label).join(", ")}
  --seed LIST               comma-separated seeds (default 1)
  --out DIR                 output folder (default out; must not be a file)
  -h, --help                show this help

Units are case-sensitive: B = byte, b = bit, KiB/MiB/GiB = powers of 1024,
kB (or KB)/MB/GB = powers of 1000 (4GiB, 1Gbps, 50MB/s, 100us, 1ms).
hot-cold: 5% of the pages take 90% of the accesses; zipf: exponent 1.
`;

/** Columns of the printed table. */
const TABLE_COLUMNS: readonly TableColumn[] = [
  { key: "workload" },
  { key: "label", header: "technique" },
  { key: "seed", align: "right" },
  { key: "fidelity" },
  { key: "totalSeconds", header: "total (s)", format: (v) => fixed(v, 3) },
  {
    key: "downtimeSeconds",
    header: "downtime (ms)",
    format: (v) => fixed(Number(v) * 1e3, 1),
  },
  {
    key: "bytesSent",
    header: "traffic (MiB)",
    format: (v) => fixed(Number(v) / 2 ** 20, 1),
  },
  { key: "rounds" },
  { key: "converged", align: "left" },
  { key: "stopReason", header: "stop reason" },
  { key: "remoteFaults", header: "remote faults" },
  { key: "stallSeconds", header: "stall (s)", format: (v) => fixed(v, 3) },
];

/**
 * Runs the study command line.
 *
 * @param args Command-line arguments (without the program name).
 * @param io Where to write standard output and standard error.
 * @returns The exit code: 0 on success, 1 when a run fails, 2 for bad flags.
 */
export async function main(
  args: readonly string[],
  io: StudyCliIo = { stdout: writeStdout, stderr: writeStderr },
): Promise<number> {
  let parsed: { config: StudyConfig; out: string } | "help";
  try {
    parsed = parseFlags(args);
    if (parsed !== "help") await checkOutFolder(parsed.out);
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof TypeError)) {
      throw error;
    }
    io.stderr(`study: ${error.message} (run with --help for usage)\n`);
    return 2;
  }
  if (parsed === "help") {
    io.stdout(USAGE);
    return 0;
  }
  const { config, out } = parsed;

  const { now = () => performance.now() } = io;
  const started = now();
  const results: { workload: string; result: MigrationResult }[] = [];
  let rows: StudyRow[];
  try {
    rows = runStudy(config, {
      onProgress: ({ completed, total, row, result }) => {
        results.push({ workload: row.workload, result });
        if (now() - started > 1000) {
          io.stderr(`[${completed}/${total}] ${row.workload} ${row.label}\n`);
        }
      },
    });
  } catch (error) {
    io.stderr(
      `study: a run failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
  io.stdout(formatTable(rows, { columns: TABLE_COLUMNS }));

  const lastWorkload = config.workloads[config.workloads.length - 1]?.name;
  const firstSeed = config.seeds[0];
  const timeline = results
    .filter((r) => r.workload === lastWorkload && r.result.seed === firstSeed)
    .map((r) => r.result);
  // The setup, under each comparison's title.
  const subtitle = `${formatBytes(config.pageCount * config.pageSizeBytes)} VM, ${
    formatRate(config.link.bandwidthBytesPerSecond)
  } link, ${formatDuration(config.link.latencySeconds ?? 0)} latency; seeds ${
    config.seeds.join(", ")
  }`;
  const files: [string, string][] = [
    ["study.csv", toCsv(rows)],
    [
      "downtime.svg",
      plotTechniqueComparison(rows, { metric: "downtimeSeconds", log: true, subtitle })
        .toSvg() + "\n",
    ],
    [
      "total-time.svg",
      plotTechniqueComparison(rows, { metric: "totalSeconds", subtitle }).toSvg() + "\n",
    ],
    [
      "traffic.svg",
      plotTechniqueComparison(rows, { metric: "bytesSent", subtitle }).toSvg() + "\n",
    ],
    [
      "timeline.svg",
      plotTimeline(timeline, {
        title: `Migration timeline by technique: ${lastWorkload}`,
      })
        .toSvg() + "\n",
    ],
  ];
  await writeOutputSet(out, files);
  io.stdout(`\nWrote ${files.map(([name]) => `${out}/${name}`).join(", ")}\n`);
  return 0;
}

/** The flags' values once parsed (every option but --techniques has a default). */
interface StudyFlagValues {
  memory: string;
  "page-size": string;
  state: string;
  bandwidth: string;
  latency: string;
  "page-overhead": string;
  workloads: string;
  "writes-per-second": string;
  "reads-per-second": string;
  techniques?: string;
  seed: string;
  out: string;
}

/** Parses and validates every flag; throws UsageError naming the flag and value. */
function parseFlags(
  args: readonly string[],
): { config: StudyConfig; out: string } | "help" {
  const { values: parsedValues, positionals } = parseCliArgs(args, {
    memory: { type: "string", default: "4GiB" },
    "page-size": { type: "string", default: "4KiB" },
    state: { type: "string", default: "256KiB" },
    bandwidth: { type: "string", default: "1Gbps" },
    latency: { type: "string", default: "100us" },
    "page-overhead": { type: "string", default: "8B" },
    workloads: { type: "string", default: "idle,uniform,hot-cold" },
    "writes-per-second": { type: "string", default: "20000" },
    "reads-per-second": { type: "string", default: "20000" },
    techniques: { type: "string" },
    seed: { type: "string", default: "1" },
    out: { type: "string", default: "out" },
    help: { type: "boolean", short: "h", default: false },
  });
  // Every option but --techniques has a default, and only --help is a boolean.
  const values = parsedValues as unknown as StudyFlagValues;
  if (parsedValues.help === true) return "help";
  if (positionals.length > 0) {
    throw new UsageError(
      `unexpected argument ${JSON.stringify(positionals[0])}`,
    );
  }

  const memoryBytes = parseUnitOption("--memory", values.memory, parseBytes);
  const pageSizeBytes = parseUnitOption("--page-size", values["page-size"], parseBytes);
  if (!Number.isInteger(pageSizeBytes) || pageSizeBytes < 1) {
    throw new UsageError(
      `invalid --page-size ${
        JSON.stringify(values["page-size"])
      }: must be a whole number of bytes >= 1`,
    );
  }
  const pageCount = memoryBytes / pageSizeBytes;
  if (!Number.isInteger(pageCount) || pageCount < 1) {
    // Name both flags: either may be the one to change (`--page-size 4KB` is 4000 bytes).
    throw new UsageError(
      `invalid --memory ${JSON.stringify(values.memory)} with --page-size ${
        JSON.stringify(values["page-size"])
      }: memory (${memoryBytes} bytes) must be a positive multiple of the page size (${pageSizeBytes} bytes)`,
    );
  }
  if (pageCount > MAX_PAGE_COUNT) {
    // the engine's limit, told before any run starts rather than by the first run's failure
    throw new UsageError(
      `invalid --memory ${JSON.stringify(values.memory)} with --page-size ${
        JSON.stringify(values["page-size"])
      }: must be at most ${MAX_PAGE_COUNT} pages: current value is ${pageCount} pages`,
    );
  }
  const stateBytes = parseUnitOption("--state", values.state, parseBytes);
  const bandwidthBytesPerSecond = parseUnitOption(
    "--bandwidth",
    values.bandwidth,
    parseRate,
  );
  if (!(bandwidthBytesPerSecond > 0)) {
    throw new UsageError(
      `invalid --bandwidth ${JSON.stringify(values.bandwidth)}: must be > 0`,
    );
  }
  const latencySeconds = parseUnitOption("--latency", values.latency, parseDuration);
  const pageOverheadBytes = parseUnitOption(
    "--page-overhead",
    values["page-overhead"],
    parseBytes,
  );
  const writesPerSecond = count(
    "--writes-per-second",
    values["writes-per-second"],
  );
  const readsPerSecond = count(
    "--reads-per-second",
    values["reads-per-second"],
  );

  const workloads = list("--workloads", values.workloads).map(
    (name): StudyWorkload => {
      const rates = { writesPerSecond, readsPerSecond };
      switch (name) {
        case "idle":
          return { name, spec: { kind: "idle" } };
        case "uniform":
          return { name, spec: { kind: "uniform", ...rates } };
        case "hot-cold":
          return {
            name,
            spec: {
              kind: "hot-cold",
              hotFraction: 0.05,
              hotShare: 0.9,
              ...rates,
            },
          };
        case "zipf":
          return { name, spec: { kind: "zipf", exponent: 1, ...rates } };
        default:
          throw new UsageError(
            `invalid --workloads ${JSON.stringify(values.workloads)}: unknown workload ${
              JSON.stringify(name)
            } (use ${WORKLOAD_NAMES.join(", ")})`,
          );
      }
    },
  );
  const techniques: TechniqueVariant[] = values.techniques === undefined
    ? [...DEFAULT_TECHNIQUE_VARIANTS]
    : list("--techniques", values.techniques).map((label) => {
      const variant = DEFAULT_TECHNIQUE_VARIANTS.find((v) => v.label === label);
      if (!variant) {
        throw new UsageError(
          `invalid --techniques ${JSON.stringify(values.techniques)}: unknown technique ${
            JSON.stringify(label)
          } (use ${DEFAULT_TECHNIQUE_VARIANTS.map((v) => v.label).join(", ")})`,
        );
      }
      return variant;
    });
  // a number only where it is exact: 12345678901234567890 and ...891 were one seed
  const seeds: Seed[] = list("--seed", values.seed).map((s) =>
    /^-?\d+$/.test(s) && Number.isSafeInteger(Number(s)) ? Number(s) : s
  );
  if (new Set(seeds).size !== seeds.length) {
    throw new UsageError(
      `invalid --seed ${
        JSON.stringify(values.seed)
      }: must name each seed once (01 and 1 are one seed)`,
    );
  }
  const out = values.out;
  if (out.trim() === "") {
    throw new UsageError(`invalid --out "": must be a folder name`);
  }

  return {
    out,
    config: {
      ...DEFAULT_STUDY_CONFIG,
      pageCount,
      pageSizeBytes,
      stateBytes,
      link: { bandwidthBytesPerSecond, latencySeconds, pageOverheadBytes },
      workloads,
      techniques,
      seeds,
    },
  };
}

/** Parses a plain non-negative number. */
function count(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0) {
    throw new UsageError(
      `invalid ${name} ${JSON.stringify(text)}: must be a number >= 0`,
    );
  }
  return value;
}

/** Splits a comma-separated list; it must not be empty, nor name an item twice. */
function list(name: string, text: string): string[] {
  const items = text.split(",").map((s) => s.trim());
  if (items.some((s) => s === "")) {
    throw new UsageError(
      `invalid ${name} ${JSON.stringify(text)}: must be a comma-separated list with no empty item`,
    );
  }
  // a repeated item would run twice and print its rows twice
  const twice = items.find((item, i) => items.indexOf(item) !== i);
  if (twice !== undefined) {
    throw new UsageError(
      `invalid ${name} ${JSON.stringify(text)}: must name each item once (${
        JSON.stringify(twice)
      } is repeated)`,
    );
  }
  return items;
}

/** Formats a number with a fixed count of decimals. */
function fixed(value: unknown, digits: number): string {
  return typeof value === "number" ? value.toFixed(digits) : String(value);
}

const encoder = new TextEncoder();

/** Writes all of a text to a synchronous writer (a write may be partial). */
function writeAll(
  writer: { writeSync(bytes: Uint8Array): number },
  text: string,
): void {
  let bytes = encoder.encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(writer.writeSync(bytes));
}

/** Writes text to standard output. */
function writeStdout(text: string): void {
  writeAll(Deno.stdout, text);
}

/** Writes text to standard error. */
function writeStderr(text: string): void {
  writeAll(Deno.stderr, text);
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
