/**
 * The slow group of the per-page sampler, continued: the workloads and presets that
 * `per_page_distribution_test.ts` leaves out for time-series pre-copy (idle, hot/cold
 * offset, sequential, a scenario that never converges, zero pages with checked mode)
 * and post-copy (sequential, zero pages, the Xen, Xen-legacy and SimGrid presets).
 * For each scenario, 1,000 seeds per sampler against the per-write engine (the
 * oracle): two-sample Kolmogorov-Smirnov at 1 % on total time, downtime, bytes and
 * rounds (and, in post-copy, remote faults and stall time), and the convergence
 * frequencies within each other's 99 % binomial interval. VMs are 512 pages.
 */
import assert from "node:assert/strict";
import { simulatePostCopy } from "../../lib/migration/post_copy.ts";
import { simulateTimeSeriesPreCopy } from "../../lib/migration/time_series_pre_copy.ts";
import type { MigrationResult } from "../../lib/migration/result.ts";
import type { PresetName } from "../../lib/migration/presets.ts";
import type { LinkSpec } from "../../lib/migration/link_spec.ts";
import type { PostCopyFetch } from "../../lib/migration/post_copy.ts";
import type { WorkloadSpec } from "../../lib/workload/spec.ts";
import { frequenciesAgree, hotCold as hot, ksCritical, ksTwoSample } from "./_distribution.ts";

const SEEDS = 1000;
const PAGES = 512;

interface Scenario {
  name: string;
  technique: "time-series-pre-copy" | "post-copy";
  workload: WorkloadSpec;
  preset?: PresetName;
  fetch?: PostCopyFetch;
  /** Post-copy's time cap (40 s unless given). */
  maxSeconds?: number;
  link?: Partial<LinkSpec>;
  checked?: boolean;
}

const zeroPages = { initialShare: 0.5, zeroingWriteShare: 0.2 };

/** 8 scenarios. */
const SCENARIOS: Scenario[] = [
  {
    name: "time-series idle, default",
    technique: "time-series-pre-copy",
    workload: { kind: "idle" },
  },
  {
    name: "time-series hot/cold offset, xen",
    technique: "time-series-pre-copy",
    workload: hot(500, { kind: "offset", offsetFraction: 0.4 }),
    preset: "xen",
  },
  {
    name: "time-series uniform far (never converges), default",
    technique: "time-series-pre-copy",
    workload: { kind: "uniform", writesPerSecond: 600 },
  },
  {
    name: "time-series sequential, xen-legacy",
    technique: "time-series-pre-copy",
    workload: { kind: "sequential", writesPerSecond: 200, regionFraction: 0.5 },
    preset: "xen-legacy",
  },
  {
    name: "time-series uniform near, default, zero pages, checked",
    technique: "time-series-pre-copy",
    workload: { kind: "uniform", writesPerSecond: 340, zeroPages },
    checked: true,
  },
  {
    name: "post-copy sequential, active push, xen",
    technique: "post-copy",
    workload: { kind: "sequential", writesPerSecond: 300, regionFraction: 0.5 },
    preset: "xen",
    fetch: "active-push",
  },
  {
    name: "post-copy uniform, prepaging, simgrid, 5 ms latency, zero pages",
    technique: "post-copy",
    workload: { kind: "uniform", writesPerSecond: 200, readsPerSecond: 200, zeroPages },
    preset: "simgrid",
    fetch: "prepaging",
    link: { latencySeconds: 0.005 },
  },
  {
    name: "post-copy hot/cold scattered far (never within the time cap), demand, xen-legacy",
    technique: "post-copy",
    workload: hot(300, { kind: "scattered", seed: 5 }, 300),
    preset: "xen-legacy",
    fetch: "demand",
    maxSeconds: 10,
  },
];

/** Runs a scenario for seeds 0..SEEDS-1 with one sampler. */
function runScenario(s: Scenario, sampler: "per-write" | "per-page"): MigrationResult[] {
  const out: MigrationResult[] = [];
  const vm = { pageCount: PAGES, pageSizeBytes: 4096, stateBytes: 4096, workload: s.workload };
  const link = { bandwidthBytesPerSecond: 1e6, ...s.link };
  for (let seed = 0; seed < SEEDS; seed++) {
    const common = {
      seed,
      sampler,
      checked: s.checked ?? false,
      ...(s.preset && { preset: s.preset }),
    };
    out.push(
      s.technique === "time-series-pre-copy"
        ? simulateTimeSeriesPreCopy(vm, link, common)
        : simulatePostCopy(vm, link, {
          ...common,
          fetch: s.fetch ?? "active-push",
          maxSeconds: s.maxSeconds ?? 40,
        }),
    );
  }
  return out;
}

Deno.test({
  name:
    "per-page sampler agrees in distribution with the per-write engine on more workloads and presets (8 scenarios x 1,000 seeds)",
  sanitizeOps: false,
  async fn(t) {
    const critical = ksCritical(SEEDS);
    for (const s of SCENARIOS) {
      await t.step(s.name, () => {
        const a = runScenario(s, "per-write");
        const b = runScenario(s, "per-page");
        for (const r of b) assert.equal(r.sampler, "per-page");
        const metrics = ["totalSeconds", "downtimeSeconds", "bytesSent", "rounds"] as const;
        const post = ["remoteFaults", "stallSeconds"] as const;
        for (const metric of s.technique === "post-copy" ? [...metrics, ...post] : metrics) {
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
