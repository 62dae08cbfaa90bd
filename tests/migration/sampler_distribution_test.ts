/**
 * The slow group of the samplers: for each scenario, 1,000 seeds per sampler, the
 * counts sampler against the per-write engine (the oracle). Two-sample
 * Kolmogorov-Smirnov on total time, downtime, bytes and rounds at 1 % (asymptotic
 * critical value 1.628·√(2/n), conservative for the ties of discrete metrics), and the
 * convergence frequencies within each other's 99 % binomial interval. VMs are 1,024
 * pages so the oracle stays fast.
 */
import assert from "node:assert/strict";
import { simulatePreCopy } from "../../lib/migration/pre_copy.ts";
import type { MigrationResult } from "../../lib/migration/result.ts";
import { type MigrationPreset, type PresetName, QEMU_PRESET } from "../../lib/migration/presets.ts";
import type { LinkSpec } from "../../lib/migration/link_spec.ts";
import type { WorkloadSpec } from "../../lib/workload/spec.ts";
import { ksTwoSample } from "./_distribution.ts";

const SEEDS = 1000;
const PAGES = 1024;

interface Scenario {
  name: string;
  workload: WorkloadSpec;
  preset: PresetName | MigrationPreset;
  link?: Partial<LinkSpec>;
  stateBytes?: number;
}

const hot = (
  writesPerSecond: number,
  placement: { kind: "start" } | { kind: "offset"; offsetFraction: number } | {
    kind: "scattered";
    seed: number;
  },
): WorkloadSpec => ({
  kind: "hot-cold",
  hotFraction: 0.05,
  hotShare: 0.9,
  writesPerSecond,
  placement,
});

/** QEMU with a 10-sync cap, so runs that do not converge stay short. */
const QEMU_10: MigrationPreset = {
  ...QEMU_PRESET,
  stopRules: [{ kind: "max-downtime", seconds: 0.3 }, { kind: "max-rounds", rounds: 10 }],
};

/** 27 scenarios; "near" ones sit where convergence is neither sure nor impossible. */
const SCENARIOS: Scenario[] = [
  { name: "idle, default", workload: { kind: "idle" }, preset: "default" },
  {
    name: "uniform far, default",
    workload: { kind: "uniform", writesPerSecond: 50 },
    preset: "default",
  },
  {
    name: "uniform near, default",
    workload: { kind: "uniform", writesPerSecond: 250 },
    preset: "default",
  },
  { name: "uniform near, xen", workload: { kind: "uniform", writesPerSecond: 150 }, preset: "xen" },
  { name: "uniform far, xen", workload: { kind: "uniform", writesPerSecond: 400 }, preset: "xen" },
  { name: "hot/cold start far, default", workload: hot(100, { kind: "start" }), preset: "default" },
  {
    name: "hot/cold start near, default",
    workload: hot(1100, { kind: "start" }),
    preset: "default",
  },
  { name: "hot/cold start near, xen", workload: hot(400, { kind: "start" }), preset: "xen" },
  {
    name: "hot/cold offset far, default",
    workload: hot(300, { kind: "offset", offsetFraction: 0.4 }),
    preset: "default",
  },
  {
    name: "hot/cold offset near, xen",
    workload: hot(400, { kind: "offset", offsetFraction: 0.4 }),
    preset: "xen",
  },
  {
    name: "hot/cold scattered far, default",
    workload: hot(300, { kind: "scattered", seed: 9 }),
    preset: "default",
  },
  {
    name: "hot/cold scattered near, xen",
    workload: hot(400, { kind: "scattered", seed: 9 }),
    preset: "xen",
  },
  {
    name: "zipf far, default",
    workload: { kind: "zipf", exponent: 1, writesPerSecond: 100 },
    preset: "default",
  },
  {
    name: "zipf near, default",
    workload: { kind: "zipf", exponent: 1, writesPerSecond: 420 },
    preset: "default",
  },
  {
    name: "zipf near, xen",
    workload: { kind: "zipf", exponent: 1, writesPerSecond: 260 },
    preset: "xen",
  },
  {
    name: "zipf far, xen",
    workload: { kind: "zipf", exponent: 1, writesPerSecond: 800 },
    preset: "xen",
  },
  {
    name: "sequential far, default",
    workload: { kind: "sequential", writesPerSecond: 100, regionFraction: 0.5 },
    preset: "default",
  },
  {
    name: "sequential near, default",
    workload: { kind: "sequential", writesPerSecond: 250, regionFraction: 0.5 },
    preset: "default",
  },
  {
    name: "sequential, xen",
    workload: { kind: "sequential", writesPerSecond: 150, stridePages: 3, regionFraction: 0.9 },
    preset: "xen",
  },
  {
    name: "uniform near, default, latency and page headers",
    workload: { kind: "uniform", writesPerSecond: 245 },
    preset: "default",
    link: { latencySeconds: 0.01, pageOverheadBytes: 8 },
  },
  {
    name: "hot/cold near, default, capped link and large state",
    workload: hot(1100, { kind: "start" }),
    preset: "default",
    link: { bandwidthBytesPerSecond: 2e6, maxBandwidthBytesPerSecond: 1e6 },
    stateBytes: 65536,
  },
  { name: "uniform far, qemu", workload: { kind: "uniform", writesPerSecond: 50 }, preset: "qemu" },
  {
    name: "uniform near, qemu (10 syncs)",
    workload: { kind: "uniform", writesPerSecond: 175 },
    preset: QEMU_10,
  },
  { name: "hot/cold start, qemu", workload: hot(400, { kind: "start" }), preset: "qemu" },
  {
    name: "hot/cold offset near, qemu (10 syncs)",
    workload: hot(1000, { kind: "offset", offsetFraction: 0.6 }),
    preset: QEMU_10,
  },
  {
    name: "zipf, qemu",
    workload: { kind: "zipf", exponent: 1, writesPerSecond: 400 },
    preset: "qemu",
  },
  {
    name: "hot/cold offset, qemu, capped link",
    workload: hot(300, { kind: "offset", offsetFraction: 0.3 }),
    preset: "qemu",
    link: { bandwidthBytesPerSecond: 2e6, maxBandwidthBytesPerSecond: 1e6, pageOverheadBytes: 8 },
  },
];

/** Runs a scenario for seeds 0..SEEDS-1 with one sampler. */
function runScenario(s: Scenario, sampler: "per-write" | "counts"): MigrationResult[] {
  const out: MigrationResult[] = [];
  for (let seed = 0; seed < SEEDS; seed++) {
    out.push(simulatePreCopy(
      {
        pageCount: PAGES,
        pageSizeBytes: 4096,
        stateBytes: s.stateBytes ?? 4096,
        workload: s.workload,
      },
      { bandwidthBytesPerSecond: 1e6, ...s.link },
      { seed, preset: s.preset, sampler },
    ));
  }
  return out;
}

Deno.test("ksTwoSample() finds a shift and not a copy", () => {
  const a = Array.from({ length: 1000 }, (_, i) => i);
  assert.equal(ksTwoSample(a, a), 0);
  assert.ok(ksTwoSample(a, a.map((v) => v + 200)) > 0.19);
});

Deno.test({
  name:
    "counts sampler agrees in distribution with the per-write engine (27 scenarios x 1,000 seeds)",
  sanitizeOps: false,
  async fn(t) {
    const critical = 1.628 * Math.sqrt(2 / SEEDS);
    for (const s of SCENARIOS) {
      await t.step(s.name, () => {
        const a = runScenario(s, "per-write");
        const b = runScenario(s, "counts");
        for (const r of b) assert.equal(r.sampler, "counts");
        for (const metric of ["totalSeconds", "downtimeSeconds", "bytesSent", "rounds"] as const) {
          const d = ksTwoSample(a.map((r) => r[metric]), b.map((r) => r[metric]));
          assert.ok(d < critical, `${s.name}: KS ${metric} D = ${d} >= ${critical}`);
        }
        const pa = a.filter((r) => r.converged).length / SEEDS;
        const pb = b.filter((r) => r.converged).length / SEEDS;
        const pooled = (pa + pb) / 2;
        const bound = 2.576 * Math.sqrt((2 * pooled * (1 - pooled)) / SEEDS);
        assert.ok(
          Math.abs(pa - pb) <= bound,
          `${s.name}: converged ${pa} (per-write) vs ${pb} (counts), bound ${bound}`,
        );
        console.log(`${s.name}: converged ${pa} vs ${pb}`);
      });
    }
  },
});
