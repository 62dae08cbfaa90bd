/**
 * The slow group of the samplers' write counts: for each scenario, 1,000 seeds per
 * sampler, the per-page and counts samplers against the per-write engine (the
 * oracle) on the round rows' `writes` and `pagesDirtied` jointly. Two-sample
 * Kolmogorov-Smirnov on the writes summed over the rows, and on rows 1 to 4 (where at
 * least 100 runs of each sampler have that row; stop-and-copy rows have no writes) on
 * the row's writes, pages dirtied and writes per dirtied page. Each step (a scenario
 * and a sampler) is one test at 1 %: Bonferroni over its statistics (up to 13).
 *
 * Each row's writes and pages dirtied alone were exact even when the writes were
 * drawn apart from the pages dirtied; the writes per dirtied page (whose spread the
 * independent draw about doubles where pages are written about once) and the sum
 * over rows (in the per-write engine a round with more writes dirties more pages,
 * which lengthens the next round) are what catches that. VMs are 512 pages so the
 * oracle stays fast.
 */
import assert from "node:assert/strict";
import { simulatePreCopy } from "../../lib/migration/pre_copy.ts";
import { simulatePostCopy } from "../../lib/migration/post_copy.ts";
import { simulateHybrid } from "../../lib/migration/hybrid.ts";
import { simulateTimeSeriesPreCopy } from "../../lib/migration/time_series_pre_copy.ts";
import type { MigrationResult, RoundRow } from "../../lib/migration/result.ts";
import { type MigrationPreset, type PresetName, QEMU_PRESET } from "../../lib/migration/presets.ts";
import type { PostCopyFetch } from "../../lib/migration/post_copy.ts";
import type { StopRule } from "../../lib/migration/stop_rules.ts";
import type { WorkloadSpec } from "../../lib/workload/spec.ts";
import { hotCold as hot, ksCriticalAt, ksTwoSample } from "./_distribution.ts";

const SEEDS = 1000;
const PAGES = 512;
/** Rows compared one by one. */
const ROWS = 4;
/** Fewest runs of each sampler with a row for that row to be compared. */
const MIN_RUNS = 100;

interface Scenario {
  name: string;
  technique: "pre-copy" | "time-series-pre-copy" | "post-copy" | "hybrid";
  /** The samplers held to the per-write engine. */
  samplers: ("per-page" | "counts")[];
  workload: WorkloadSpec;
  preset?: PresetName | MigrationPreset;
  stopRules?: readonly StopRule[];
  fetch?: PostCopyFetch;
  /** Hybrid: push rounds before the switch. */
  rounds?: number;
}

const zipf = (writesPerSecond: number, reads = 0): WorkloadSpec => ({
  kind: "zipf",
  exponent: 1,
  writesPerSecond,
  readsPerSecond: reads,
});

/** QEMU with a 10-sync cap, so runs that do not converge stay short. */
const QEMU_10: MigrationPreset = {
  ...QEMU_PRESET,
  stopRules: [{ kind: "max-downtime", seconds: 0.3 }, { kind: "max-rounds", rounds: 10 }],
};

const TWO_ROUNDS: readonly StopRule[] = [{ kind: "max-rounds", rounds: 2 }];

/** 16 scenarios over every technique that draws writes with a sampler. */
const SCENARIOS: Scenario[] = [
  {
    name: "pre-copy uniform, 2 rounds",
    technique: "pre-copy",
    samplers: ["per-page", "counts"],
    workload: { kind: "uniform", writesPerSecond: 300 },
    stopRules: TWO_ROUNDS,
  },
  {
    name: "pre-copy uniform near, default",
    technique: "pre-copy",
    samplers: ["per-page", "counts"],
    workload: { kind: "uniform", writesPerSecond: 125 },
    preset: "default",
  },
  {
    name: "pre-copy hot/cold start near, default",
    technique: "pre-copy",
    samplers: ["per-page", "counts"],
    workload: hot(1100, { kind: "start" }),
    preset: "default",
  },
  {
    name: "pre-copy zipf, xen",
    technique: "pre-copy",
    samplers: ["per-page", "counts"],
    workload: zipf(260),
    preset: "xen",
  },
  {
    name: "pre-copy uniform near, qemu (10 syncs)",
    technique: "pre-copy",
    samplers: ["per-page", "counts"],
    workload: { kind: "uniform", writesPerSecond: 175 },
    preset: QEMU_10,
  },
  {
    name: "pre-copy hot/cold offset, qemu (10 syncs)",
    technique: "pre-copy",
    samplers: ["per-page", "counts"],
    workload: hot(1000, { kind: "offset", offsetFraction: 0.6 }),
    preset: QEMU_10,
  },
  {
    name: "pre-copy uniform, xen-legacy",
    technique: "pre-copy",
    samplers: ["per-page"],
    workload: { kind: "uniform", writesPerSecond: 300 },
    preset: "xen-legacy",
  },
  {
    name: "time-series uniform near, default",
    technique: "time-series-pre-copy",
    samplers: ["per-page"],
    workload: { kind: "uniform", writesPerSecond: 220 },
    preset: "default",
  },
  {
    name: "time-series hot/cold scattered, xen",
    technique: "time-series-pre-copy",
    samplers: ["per-page"],
    workload: hot(600, { kind: "scattered", seed: 4 }),
    preset: "xen",
  },
  {
    name: "post-copy uniform, active push, reads",
    technique: "post-copy",
    samplers: ["per-page"],
    workload: { kind: "uniform", writesPerSecond: 200, readsPerSecond: 300 },
    fetch: "active-push",
  },
  {
    name: "post-copy zipf, prepaging, reads",
    technique: "post-copy",
    samplers: ["per-page"],
    workload: zipf(400, 400),
    fetch: "prepaging",
  },
  {
    name: "post-copy hot/cold offset, demand, reads",
    technique: "post-copy",
    samplers: ["per-page"],
    workload: hot(300, { kind: "offset", offsetFraction: 0.3 }, 300),
    fetch: "demand",
  },
  {
    name: "hybrid uniform, active push, reads, 2 rounds",
    technique: "hybrid",
    samplers: ["per-page"],
    workload: { kind: "uniform", writesPerSecond: 300, readsPerSecond: 300 },
    fetch: "active-push",
    rounds: 2,
  },
  {
    name: "hybrid zipf, active push, reads, 2 rounds",
    technique: "hybrid",
    samplers: ["per-page"],
    workload: zipf(400, 400),
    fetch: "active-push",
    rounds: 2,
  },
  {
    name: "hybrid hot/cold start, prepaging, qemu, 2 rounds",
    technique: "hybrid",
    samplers: ["per-page"],
    workload: hot(600, { kind: "start" }, 300),
    preset: "qemu",
    fetch: "prepaging",
    rounds: 2,
  },
  {
    name: "hybrid uniform, demand, xen, 3 rounds",
    technique: "hybrid",
    samplers: ["per-page"],
    workload: { kind: "uniform", writesPerSecond: 250, readsPerSecond: 100 },
    preset: "xen",
    fetch: "demand",
    rounds: 3,
  },
];

/** Runs a scenario for seeds 0..SEEDS-1 with one sampler. */
function runScenario(
  s: Scenario,
  sampler: "per-write" | "per-page" | "counts",
): MigrationResult[] {
  const out: MigrationResult[] = [];
  const vm = { pageCount: PAGES, pageSizeBytes: 4096, stateBytes: 4096, workload: s.workload };
  const link = { bandwidthBytesPerSecond: 1e6 };
  for (let seed = 0; seed < SEEDS; seed++) {
    const common = {
      seed,
      sampler,
      ...(s.preset && { preset: s.preset }),
      ...(s.stopRules && { stopRules: s.stopRules }),
    };
    const pull = { fetch: s.fetch ?? "active-push", maxSeconds: 40 };
    out.push(
      s.technique === "pre-copy"
        ? simulatePreCopy(vm, link, common)
        : s.technique === "time-series-pre-copy"
        ? simulateTimeSeriesPreCopy(vm, link, common)
        : s.technique === "post-copy"
        ? simulatePostCopy(vm, link, { ...common, ...pull })
        : simulateHybrid(vm, link, { ...common, ...pull, preCopyRounds: s.rounds ?? 1 }),
    );
  }
  return out;
}

/** The statistics compared: name, values of the per-write runs and the sampler's. */
function statistics(a: MigrationResult[], b: MigrationResult[]): [string, number[], number[]][] {
  const sum = (r: MigrationResult) => r.roundRows.reduce((t, row) => t + row.writes, 0);
  const out: [string, number[], number[]][] = [["writes summed over rows", a.map(sum), b.map(sum)]];
  for (let i = 0; i < ROWS; i++) {
    const ra = a.flatMap((r) => r.roundRows[i] ?? []);
    const rb = b.flatMap((r) => r.roundRows[i] ?? []);
    // A stop-and-copy row has no writes.
    if (ra.length < MIN_RUNS || rb.length < MIN_RUNS || ra[0]!.phase === "stop-and-copy") continue;
    const row = `row ${i + 1} (${ra[0]!.phase})`;
    const perPage = (r: RoundRow) => r.pagesDirtied === 0 ? 0 : r.writes / r.pagesDirtied;
    out.push(
      [`${row} writes`, ra.map((r) => r.writes), rb.map((r) => r.writes)],
      [`${row} pages dirtied`, ra.map((r) => r.pagesDirtied), rb.map((r) => r.pagesDirtied)],
      [`${row} writes per dirtied page`, ra.map(perPage), rb.map(perPage)],
    );
  }
  return out;
}

Deno.test({
  name:
    "samplers' round writes agree jointly with the per-write engine's (16 scenarios x 1,000 seeds)",
  sanitizeOps: false,
  async fn(t) {
    for (const s of SCENARIOS) {
      const a = runScenario(s, "per-write");
      for (const sampler of s.samplers) {
        await t.step(`${s.name}: ${sampler}`, () => {
          const b = runScenario(s, sampler);
          for (const r of b) assert.equal(r.sampler, sampler);
          const failed: string[] = [];
          const seen: string[] = [];
          const stats = statistics(a, b);
          for (const [name, x, y] of stats) {
            const d = ksTwoSample(x, y);
            // 1 % for the step as a whole: Bonferroni over its statistics.
            const critical = ksCriticalAt(x.length, y.length, 0.01 / stats.length);
            seen.push(`${name} D ${d.toFixed(3)} (${critical.toFixed(3)})`);
            if (!(d < critical)) failed.push(`${name}: D = ${d} >= ${critical}`);
          }
          console.log(`${s.name}, ${sampler}: ${seen.join("; ")}`);
          assert.deepEqual(failed, [], `${s.name}, ${sampler}: ${failed.join("; ")}`);
        });
      }
    }
  },
});
