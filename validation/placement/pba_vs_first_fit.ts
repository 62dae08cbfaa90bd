/**
 * Records PBA against First Fit over the ten PlanetLab days into
 * `data/placement/pba_vs_first_fit.json`: for each day d from the second on, daily patterns
 * learned from the days before d (`learnDailyUsagePatterns`; a VM's identity across days is
 * its file name), then `comparePbaWithFirstFit` runs day d in Beloglazov and Buyya's data centre
 * (800 hosts, MAD 2.5 + MMT, CloudSim 3.0.3's migration model and quirks) with First Fit, PBA
 * over the daily patterns, and PBA over the histories kept so far; and, the papers' own setting,
 * the VMs with a pattern placed once from their patterns (PBA, First Fit over the patterns, First
 * Fit by peak and by mean: `comparePba`) and replayed over day d. The record holds the
 * command, the machine, how many of each day's VMs recur from earlier days, every row, and the
 * nine-day means. `tests/datacenter/pba_vs_first_fit_test.ts` recomputes one day and holds it
 * to this record.
 *
 * ```sh
 * deno task record:pba                 # deno run -A validation/placement/pba_vs_first_fit.ts
 * deno task record:pba --mode engine   # migration costs from the engine: ..._engine.json
 * ```
 *
 * The days are read from `../shared/data/planetlab/` beside the repository, or from
 * `$MIGRATE_LAB_PLANETLAB` when set.
 *
 * @module
 */
import { parseArgs } from "node:util";
import {
  comparePbaWithFirstFit,
  type PbaDayRow,
  PLANETLAB_DAYS,
  readPlanetLabFolder,
} from "../../lib/datacenter/mod.ts";
import { atomicWriteTextFile } from "../../lib/_atomic_write.ts";
import type { PbaComparisonRow } from "../../lib/placement/mod.ts";

const root = decodeURIComponent(new URL("../..", import.meta.url).pathname).replace(/\/$/, "");
/** Where the days are read from. */
export function planetLabRoot(): string {
  return Deno.env.get("MIGRATE_LAB_PLANETLAB") ?? `${root}/../shared/data/planetlab`;
}

/** One day of the record. */
export interface PbaDayRecord {
  /** The day compared. */
  day: string;
  /** The days the patterns are learned from. */
  earlierDays: string[];
  /** VMs of the day. */
  vms: number;
  /** VMs of the day seen on an earlier day (by file name): those with a pattern. */
  vmsWithPattern: number;
  /** VMs of the day also on the day before. */
  vmsOnPreviousDay: number;
  /** One row per placer. */
  rows: PbaDayRow[];
  /** The papers' setting: placed once from the patterns, replayed over the day. */
  batch: PbaComparisonRow[];
}

/** Reads the text of a file, or "" when it cannot be read. */
function readOr(path: string): string {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return "";
  }
}

/** The record's file name for a migration model. */
export function recordFile(mode: "cloudsim" | "engine"): string {
  return mode === "cloudsim" ? "pba_vs_first_fit.json" : "pba_vs_first_fit_engine.json";
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { mode: { type: "string", default: "cloudsim" } },
  });
  const mode = values.mode as "cloudsim" | "engine";
  if (mode !== "cloudsim" && mode !== "engine") {
    throw new TypeError(`--mode must be "cloudsim" or "engine": current value is ${mode}`);
  }
  const folder = planetLabRoot();
  const traces = PLANETLAB_DAYS.map((day) => readPlanetLabFolder(`${folder}/${day}`));
  const days: PbaDayRecord[] = [];
  const started = performance.now();
  for (let d = 1; d < PLANETLAB_DAYS.length; d++) {
    const t0 = performance.now();
    const earlier = traces.slice(0, d);
    const seenBefore = new Set(earlier.flatMap((t) => t.names));
    const previous = new Set(traces[d - 1]!.names);
    const r = comparePbaWithFirstFit(traces[d]!, earlier, { mode });
    days.push({
      day: PLANETLAB_DAYS[d]!,
      earlierDays: PLANETLAB_DAYS.slice(0, d),
      vms: r.vms,
      vmsWithPattern: r.vmsWithPattern,
      vmsOnPreviousDay: traces[d]!.names.filter((n) => previous.has(n)).length,
      rows: r.rows,
      batch: r.batch,
    });
    if (r.vmsWithPattern !== traces[d]!.names.filter((n) => seenBefore.has(n)).length) {
      throw new Error(`pattern count mismatch on ${PLANETLAB_DAYS[d]}`);
    }
    console.log(
      `${PLANETLAB_DAYS[d]}: ${r.vms} VMs, ${r.vmsWithPattern} with a pattern, ${
        ((performance.now() - t0) / 1000).toFixed(1)
      } s`,
    );
  }
  const placers = days[0]!.rows.map((x) => x.placer);
  const keys = Object.keys(days[0]!.rows[0]!).filter((k) => k !== "placer") as (keyof Omit<
    PbaDayRow,
    "placer"
  >)[];
  const means = placers.map((placer) => {
    const out: Record<string, number | string> = { placer };
    for (const k of keys) {
      out[k] = days.reduce((s, day) => s + day.rows.find((x) => x.placer === placer)![k], 0) /
        days.length;
    }
    return out;
  });
  const algorithms = days[0]!.batch.map((x) => x.algorithm);
  const batchKeys = Object.keys(days[0]!.batch[0]!).filter((k) => k !== "algorithm") as (keyof Omit<
    PbaComparisonRow,
    "algorithm"
  >)[];
  const batchMeans = algorithms.map((algorithm) => {
    const out: Record<string, number | string> = { algorithm };
    for (const k of batchKeys) {
      out[k] = days.reduce((s, day) =>
        s + day.batch.find((x) => x.algorithm === algorithm)![k], 0) /
        days.length;
    }
    return out;
  });
  const names = new Map<string, number>();
  for (const t of traces) for (const n of t.names) names.set(n, (names.get(n) ?? 0) + 1);
  const appearances: Record<string, number> = {};
  for (const c of names.values()) appearances[c] = (appearances[c] ?? 0) + 1;
  const cpu = readOr("/proc/cpuinfo").match(/model name\s*:\s*(.*)/)?.[1] ?? "unknown";
  const record = {
    command: `deno run -A validation/placement/pba_vs_first_fit.ts${
      mode === "cloudsim" ? "" : " --mode engine"
    } (deno task record:pba${mode === "cloudsim" ? "" : " --mode engine"})`,
    mode,
    setup:
      `comparePbaWithFirstFit per day, mode ${mode}: runBeloglazov2012 (800 hosts G4/G5, CloudSim 3.0.3 VM types, MAD 2.5 + MMT, historyLength 30, ${
        mode === "cloudsim"
          ? "CloudSim migration model and quirks"
          : "migration costs from the engine (pre-copy, closed form), cloudsim: false"
      }) with placement first-fit, pba with pbaPatterns learned from all earlier days (mean per 5-minute slot), and pba over the history kept so far; batch: comparePba on the VMs with a pattern, replayed over the day`,
    recordedAt: new Date().toISOString().slice(0, 10),
    machine: {
      cpu,
      logicalCores: navigator.hardwareConcurrency,
      os: `${Deno.build.os} ${Deno.osRelease()}`,
      deno: Deno.version.deno,
      loadAverage: readOr("/proc/loadavg").trim(),
      wallSeconds: Math.round((performance.now() - started) / 100) / 10,
    },
    recurrence: {
      distinctVmNames: names.size,
      vmNamesByDaysSeenOn: appearances,
    },
    days,
    means: { over: days.map((d) => d.day), rows: means, batch: batchMeans },
  };
  await Deno.mkdir(`${root}/data/placement`, { recursive: true });
  await atomicWriteTextFile(
    `${root}/data/placement/${recordFile(mode)}`,
    JSON.stringify(record, null, 2) + "\n",
  );
  console.table(means);
  console.table(batchMeans);
}
