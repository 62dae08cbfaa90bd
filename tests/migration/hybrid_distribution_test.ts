/**
 * The slow group of the hybrid per-page sampler: for each scenario, 1,000 seeds per
 * sampler, hybrid migration (pre-copy push rounds, then post-copy) with the per-page
 * sampler against the per-write engine (the oracle). Two-sample Kolmogorov-Smirnov at
 * 1 % per scenario (Bonferroni over its 8 statistics) on total time, downtime, bytes,
 * rounds, remote faults and stall time (and on the pull's writes and pages dirtied),
 * and the
 * convergence frequencies within each other's 99 % binomial interval. "Near" scenarios
 * set demand paging's time cap where the pull finishes in about half the runs; "far"
 * ones where it always or never does. VMs are 512 pages so the oracle stays fast.
 */
import assert from "node:assert/strict";
import { simulateHybrid } from "../../lib/migration/hybrid.ts";
import type { MigrationResult } from "../../lib/migration/result.ts";
import {
  type MigrationPreset,
  type PresetName,
  XEN_LEGACY_PRESET,
} from "../../lib/migration/presets.ts";
import type { LinkSpec } from "../../lib/migration/link_spec.ts";
import type { PostCopyFetch } from "../../lib/migration/post_copy.ts";
import type { WorkloadSpec } from "../../lib/workload/spec.ts";
import { frequenciesAgree, hotCold as hot, ksCriticalAt, ksTwoSample } from "./_distribution.ts";

const SEEDS = 1000;
const PAGES = 512;

interface Scenario {
  name: string;
  workload: WorkloadSpec;
  fetch: PostCopyFetch;
  /** Pre-copy rounds before the switch. */
  rounds: number;
  preset?: PresetName | MigrationPreset;
  /** Pull time cap (40 s unless given). */
  maxSeconds?: number;
  link?: Partial<LinkSpec>;
  checked?: boolean;
}

const zipf = (writesPerSecond: number, reads = 0, exponent = 1): WorkloadSpec => ({
  kind: "zipf",
  exponent,
  writesPerSecond,
  readsPerSecond: reads,
});

/** Xen's within-round skip with 16-page batches, so that it acts on 512 pages. */
const XEN_LEGACY_16: MigrationPreset = { ...XEN_LEGACY_PRESET, batchPages: 16 };

/** 12 scenarios over every fetch variant and preset. */
const SCENARIOS: Scenario[] = [
  {
    name: "idle, active push, default, 2 rounds",
    workload: { kind: "idle" },
    fetch: "active-push",
    rounds: 2,
  },
  {
    name: "uniform, active push, default, reads",
    workload: { kind: "uniform", writesPerSecond: 200, readsPerSecond: 300 },
    fetch: "active-push",
    rounds: 1,
  },
  {
    name: "uniform near the time cap, demand, default",
    workload: { kind: "uniform", writesPerSecond: 200, readsPerSecond: 300 },
    fetch: "demand",
    rounds: 1,
    maxSeconds: 7.4,
  },
  {
    name: "uniform far (never within the time cap), demand, xen, 2 rounds",
    workload: { kind: "uniform", writesPerSecond: 300 },
    preset: "xen",
    fetch: "demand",
    rounds: 2,
    maxSeconds: 3,
  },
  {
    name: "hot/cold start, prepaging, qemu, capped link, 2 rounds",
    workload: hot(600, { kind: "start" }, 300),
    preset: "qemu",
    fetch: "prepaging",
    rounds: 2,
    link: { bandwidthBytesPerSecond: 2e6, maxBandwidthBytesPerSecond: 1e6 },
  },
  {
    name: "hot/cold scattered, prepaging, xen-legacy (16-page batches), 3 rounds",
    workload: hot(800, { kind: "scattered", seed: 9 }, 200),
    preset: XEN_LEGACY_16,
    fetch: "prepaging",
    rounds: 3,
  },
  {
    name: "hot/cold offset near the time cap, demand, xen, 2 rounds",
    workload: hot(300, { kind: "offset", offsetFraction: 0.4 }, 300, 0.5),
    preset: "xen",
    fetch: "demand",
    rounds: 2,
    maxSeconds: 9,
  },
  {
    name: "hot/cold offset, active push, default, checked, 10 ms latency, 2 rounds",
    workload: hot(1100, { kind: "offset", offsetFraction: 0.3 }),
    fetch: "active-push",
    rounds: 2,
    checked: true,
    link: { latencySeconds: 0.01 },
  },
  {
    name: "zipf, active push, default, reads, 2 rounds",
    workload: zipf(400, 400),
    fetch: "active-push",
    rounds: 2,
  },
  {
    name: "zipf (exponent 0.6) near the time cap, demand, simgrid, 5 ms latency",
    workload: zipf(300, 300, 0.6),
    preset: "simgrid",
    fetch: "demand",
    rounds: 1,
    maxSeconds: 13.5,
    link: { latencySeconds: 0.005 },
  },
  {
    name: "sequential, prepaging, default, 2 rounds",
    workload: { kind: "sequential", writesPerSecond: 200, regionFraction: 0.5 },
    fetch: "prepaging",
    rounds: 2,
  },
  {
    name: "uniform, active push, qemu, zero pages, 2 rounds",
    workload: {
      kind: "uniform",
      writesPerSecond: 220,
      readsPerSecond: 100,
      zeroPages: { initialShare: 0.5, zeroingWriteShare: 0.2 },
    },
    preset: "qemu",
    fetch: "active-push",
    rounds: 2,
  },
];

/** Runs a scenario for seeds 0..SEEDS-1 with one sampler. */
function runScenario(s: Scenario, sampler: "per-write" | "per-page"): MigrationResult[] {
  const out: MigrationResult[] = [];
  const vm = { pageCount: PAGES, pageSizeBytes: 4096, stateBytes: 4096, workload: s.workload };
  const link = { bandwidthBytesPerSecond: 1e6, ...s.link };
  for (let seed = 0; seed < SEEDS; seed++) {
    out.push(simulateHybrid(vm, link, {
      seed,
      sampler,
      fetch: s.fetch,
      preCopyRounds: s.rounds,
      maxSeconds: s.maxSeconds ?? 40,
      checked: s.checked ?? false,
      ...(s.preset && { preset: s.preset }),
    }));
  }
  return out;
}

Deno.test({
  name:
    "hybrid per-page sampler agrees in distribution with the per-write engine (12 scenarios x 1,000 seeds)",
  sanitizeOps: false,
  async fn(t) {
    // 1 % for each step: Bonferroni over its 8 statistics.
    const critical = ksCriticalAt(SEEDS, SEEDS, 0.01 / 8);
    for (const s of SCENARIOS) {
      await t.step(s.name, () => {
        const a = runScenario(s, "per-write");
        const b = runScenario(s, "per-page");
        for (const r of b) assert.equal(r.sampler, "per-page");
        const metrics = [
          "totalSeconds",
          "downtimeSeconds",
          "bytesSent",
          "rounds",
          "remoteFaults",
          "stallSeconds",
        ] as const;
        for (const metric of metrics) {
          const d = ksTwoSample(a.map((r) => r[metric] ?? 0), b.map((r) => r[metric] ?? 0));
          assert.ok(d < critical, `${s.name}: KS ${metric} D = ${d} >= ${critical}`);
        }
        // The pull's writes and pages dirtied: per-page draws them at the end from
        // each touched page's first access, on the execution clock that the push
        // rounds and the stalls set. (Rows jointly, and writes summed over rows:
        // writes_distribution_test.ts.)
        const rows: Record<string, (r: MigrationResult) => number> = {
          "pull writes": (r) => r.roundRows.at(-1)!.writes,
          "pull pages dirtied": (r) => r.roundRows.at(-1)!.pagesDirtied,
        };
        for (const [metric, of] of Object.entries(rows)) {
          const d = ksTwoSample(a.map(of), b.map(of));
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
