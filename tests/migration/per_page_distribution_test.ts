/**
 * The slow group of the per-page sampler: for each scenario, 1,000 seeds per sampler,
 * the per-page sampler against the per-write engine (the oracle), on every technique
 * the per-page sampler covers (pre-copy under every preset, time-series pre-copy,
 * post-copy with each fetch variant). Two-sample Kolmogorov-Smirnov on total time,
 * downtime, bytes and rounds (and, in post-copy, remote faults and stall time) at
 * 1 % per scenario (Bonferroni over its metrics: fixed seeds give one draw of each
 * statistic, and with several per scenario some would pass 1 % by chance alone), and
 * the convergence frequencies within each other's 99 % binomial interval.
 * VMs are 512 pages so the oracle stays fast.
 */
import assert from "node:assert/strict";
import { simulatePreCopy } from "../../lib/migration/pre_copy.ts";
import { simulatePostCopy } from "../../lib/migration/post_copy.ts";
import { simulateTimeSeriesPreCopy } from "../../lib/migration/time_series_pre_copy.ts";
import type { MigrationResult } from "../../lib/migration/result.ts";
import { type MigrationPreset, type PresetName, QEMU_PRESET } from "../../lib/migration/presets.ts";
import type { LinkSpec } from "../../lib/migration/link_spec.ts";
import type { PostCopyFetch } from "../../lib/migration/post_copy.ts";
import type { WorkloadSpec } from "../../lib/workload/spec.ts";
import { frequenciesAgree, hotCold as hot, ksCriticalAt, ksTwoSample } from "./_distribution.ts";

const SEEDS = 1000;
const PAGES = 512;

interface Scenario {
  name: string;
  technique: "pre-copy" | "time-series-pre-copy" | "post-copy";
  workload: WorkloadSpec;
  preset?: PresetName | MigrationPreset;
  fetch?: PostCopyFetch;
  link?: Partial<LinkSpec>;
  checked?: boolean;
  /** Pages of the VM (default PAGES). */
  pages?: number;
}

/** QEMU with a 10-sync cap, so runs that do not converge stay short. */
const QEMU_10: MigrationPreset = {
  ...QEMU_PRESET,
  stopRules: [{ kind: "max-downtime", seconds: 0.3 }, { kind: "max-rounds", rounds: 10 }],
};

const zipf = (writesPerSecond: number, reads = 0): WorkloadSpec => ({
  kind: "zipf",
  exponent: 1,
  writesPerSecond,
  readsPerSecond: reads,
});

/** 26 scenarios; "near" ones sit where convergence is neither sure nor impossible. */
const SCENARIOS: Scenario[] = [
  {
    name: "pre-copy idle, xen-legacy",
    technique: "pre-copy",
    workload: { kind: "idle" },
    preset: "xen-legacy",
  },
  {
    name: "pre-copy uniform far (never converges), xen-legacy",
    technique: "pre-copy",
    workload: { kind: "uniform", writesPerSecond: 300 },
    preset: "xen-legacy",
  },
  {
    name: "pre-copy hot/cold start, xen-legacy",
    technique: "pre-copy",
    workload: hot(800, { kind: "start" }),
    preset: "xen-legacy",
  },
  {
    name: "pre-copy zipf far, xen-legacy",
    technique: "pre-copy",
    workload: zipf(300),
    preset: "xen-legacy",
  },
  {
    name: "pre-copy hot/cold scattered, qemu (10 syncs)",
    technique: "pre-copy",
    workload: hot(1100, { kind: "scattered", seed: 9 }),
    preset: QEMU_10,
  },
  {
    name: "pre-copy hot/cold scattered far, qemu",
    technique: "pre-copy",
    workload: hot(300, { kind: "scattered", seed: 9 }),
    preset: "qemu",
  },
  {
    name: "pre-copy zipf near, qemu (10 syncs)",
    technique: "pre-copy",
    workload: zipf(500),
    preset: QEMU_10,
  },
  {
    name: "pre-copy sequential, qemu",
    technique: "pre-copy",
    workload: { kind: "sequential", writesPerSecond: 200, regionFraction: 0.5 },
    preset: "qemu",
  },
  {
    name: "pre-copy uniform, default, zero pages",
    technique: "pre-copy",
    workload: {
      kind: "uniform",
      writesPerSecond: 220,
      zeroPages: { initialShare: 0.5, zeroingWriteShare: 0.2 },
    },
    preset: "default",
  },
  {
    name: "pre-copy hot/cold offset, default, checked",
    technique: "pre-copy",
    workload: hot(1100, { kind: "offset", offsetFraction: 0.4 }),
    preset: "default",
    checked: true,
  },
  {
    name: "pre-copy zipf, xen",
    technique: "pre-copy",
    workload: zipf(260),
    preset: "xen",
  },
  {
    name: "pre-copy uniform, simgrid",
    technique: "pre-copy",
    workload: { kind: "uniform", writesPerSecond: 100 },
    preset: "simgrid",
  },
  {
    // 16,384 pages: round 1 writes about 1,300 cold pages at 8 % each (skips from the
    // alias table), round 2 about 77 % of the hot ones (eight pages per draw); the
    // offset wraps the cold run around the end of memory.
    name: "pre-copy hot/cold offset, 16,384 pages, default",
    technique: "pre-copy",
    workload: hot(2000, { kind: "offset", offsetFraction: 0.4 }),
    preset: "default",
    pages: 16384,
    link: { bandwidthBytesPerSecond: 1e7 },
  },
  {
    name: "time-series hot/cold offset, 16,384 pages, xen",
    technique: "time-series-pre-copy",
    workload: hot(2000, { kind: "offset", offsetFraction: 0.4 }),
    preset: "xen",
    pages: 16384,
    link: { bandwidthBytesPerSecond: 1e7 },
  },
  {
    name: "time-series uniform near, default",
    technique: "time-series-pre-copy",
    workload: { kind: "uniform", writesPerSecond: 220 },
    preset: "default",
  },
  {
    name: "time-series hot/cold start, xen",
    technique: "time-series-pre-copy",
    workload: hot(400, { kind: "start" }),
    preset: "xen",
  },
  {
    name: "time-series zipf, default",
    technique: "time-series-pre-copy",
    workload: zipf(400),
    preset: "default",
  },
  {
    name: "time-series hot/cold scattered, xen-legacy",
    technique: "time-series-pre-copy",
    workload: hot(600, { kind: "scattered", seed: 4 }),
    preset: "xen-legacy",
  },
  {
    name: "post-copy uniform, active push, reads",
    technique: "post-copy",
    workload: { kind: "uniform", writesPerSecond: 200, readsPerSecond: 300 },
    fetch: "active-push",
  },
  {
    name: "post-copy hot/cold start, active push, 10 ms latency",
    technique: "post-copy",
    workload: hot(600, { kind: "start" }, 200),
    fetch: "active-push",
    link: { latencySeconds: 0.01 },
  },
  {
    name: "post-copy hot/cold scattered, prepaging",
    technique: "post-copy",
    workload: hot(600, { kind: "scattered", seed: 2 }, 600),
    fetch: "prepaging",
  },
  {
    name: "post-copy zipf, prepaging, qemu",
    technique: "post-copy",
    workload: zipf(400, 400),
    fetch: "prepaging",
    preset: "qemu",
  },
  {
    name: "post-copy zipf, active push, checked",
    technique: "post-copy",
    workload: zipf(800),
    fetch: "active-push",
    checked: true,
  },
  {
    name: "post-copy hot/cold offset, demand",
    technique: "post-copy",
    workload: hot(300, { kind: "offset", offsetFraction: 0.3 }, 300),
    fetch: "demand",
  },
  {
    name: "post-copy uniform near the time cap, demand",
    technique: "post-copy",
    workload: { kind: "uniform", writesPerSecond: 100 },
    fetch: "demand",
  },
  {
    name: "post-copy idle, prepaging",
    technique: "post-copy",
    workload: { kind: "idle" },
    fetch: "prepaging",
  },
];

/** Runs a scenario for seeds 0..SEEDS-1 with one sampler. */
function runScenario(s: Scenario, sampler: "per-write" | "per-page"): MigrationResult[] {
  const out: MigrationResult[] = [];
  const vm = {
    pageCount: s.pages ?? PAGES,
    pageSizeBytes: 4096,
    stateBytes: 4096,
    workload: s.workload,
  };
  const link = { bandwidthBytesPerSecond: 1e6, ...s.link };
  for (let seed = 0; seed < SEEDS; seed++) {
    const common = {
      seed,
      sampler,
      checked: s.checked ?? false,
      ...(s.preset && { preset: s.preset }),
    };
    out.push(
      s.technique === "pre-copy"
        ? simulatePreCopy(vm, link, common)
        : s.technique === "time-series-pre-copy"
        ? simulateTimeSeriesPreCopy(vm, link, common)
        : simulatePostCopy(vm, link, {
          ...common,
          fetch: s.fetch ?? "active-push",
          maxSeconds: 40,
        }),
    );
  }
  return out;
}

Deno.test({
  name:
    "per-page sampler agrees in distribution with the per-write engine (26 scenarios x 1,000 seeds)",
  sanitizeOps: false,
  async fn(t) {
    for (const s of SCENARIOS) {
      await t.step(s.name, () => {
        const a = runScenario(s, "per-write");
        const b = runScenario(s, "per-page");
        for (const r of b) assert.equal(r.sampler, "per-page");
        const metrics = ["totalSeconds", "downtimeSeconds", "bytesSent", "rounds"] as const;
        const post = ["remoteFaults", "stallSeconds"] as const;
        const compared = s.technique === "post-copy" ? [...metrics, ...post] : metrics;
        // 1 % for the step: Bonferroni over its metrics.
        const critical = ksCriticalAt(SEEDS, SEEDS, 0.01 / compared.length);
        for (const metric of compared) {
          const d = ksTwoSample(a.map((r) => r[metric] ?? 0), b.map((r) => r[metric] ?? 0));
          assert.ok(d < critical, `${s.name}: KS ${metric} D = ${d} >= ${critical}`);
        }
        const pa = a.filter((r) => r.converged).length / SEEDS;
        const pb = b.filter((r) => r.converged).length / SEEDS;
        assert.ok(
          frequenciesAgree(pa, pb, SEEDS),
          `${s.name}: converged ${pa} (per-write) vs ${pb} (per-page)`,
        );
        console.log(`${s.name}: converged ${pa} vs ${pb}`);
      });
    }
  },
});
