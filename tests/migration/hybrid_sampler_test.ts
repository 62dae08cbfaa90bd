import assert from "node:assert/strict";
import { simulateHybrid } from "../../lib/migration/hybrid.ts";
import { simulatePreCopy } from "../../lib/migration/pre_copy.ts";
import { runSweep, type SweepSpec } from "../../lib/sweep/mod.ts";
import { XEN_LEGACY_PRESET } from "../../lib/migration/presets.ts";
import type { VmSpec } from "../../lib/migration/vm_spec.ts";
import type { WorkloadSpec } from "../../lib/workload/spec.ts";

const hot: WorkloadSpec = {
  kind: "hot-cold",
  hotFraction: 0.05,
  hotShare: 0.9,
  writesPerSecond: 400,
  readsPerSecond: 200,
};
const vm = (workload: WorkloadSpec = hot): VmSpec => ({
  pageCount: 1024,
  pageSizeBytes: 4096,
  stateBytes: 4096,
  workload,
});
const link = { bandwidthBytesPerSecond: 1e6 };
type Options = Parameters<typeof simulateHybrid>[2];
const auto = (v: VmSpec, options: Options) =>
  simulateHybrid(v, link, { ...options, sampler: "auto" }).sampler ?? "per-write";

Deno.test("hybrid per-page sampler: same seed gives byte-identical results, the default is auto", () => {
  for (const fetch of ["demand", "active-push", "prepaging"] as const) {
    const run = () =>
      simulateHybrid(vm(), link, {
        seed: 4,
        fetch,
        preCopyRounds: 2,
        maxSeconds: 60,
        sampler: "per-page",
      });
    const a = run();
    assert.equal(a.sampler, "per-page");
    assert.equal(JSON.stringify(a), JSON.stringify(run()));
    const b = simulateHybrid(vm(), link, { seed: 4, fetch, preCopyRounds: 2, maxSeconds: 60 });
    assert.deepEqual(b, a);
  }
  const c = simulateHybrid(vm(), link, { seed: 4, sampler: "per-page" });
  const d = simulateHybrid(vm(), link, { seed: 5, sampler: "per-page" });
  assert.notEqual(JSON.stringify(c), JSON.stringify(d));
});

Deno.test("hybrid per-page sampler: per-write leaves results as the engine made them", () => {
  // The push rounds are pre-copy's, draw for draw, under the per-write engine.
  const r = simulateHybrid(vm(), link, { seed: 7, preCopyRounds: 3, sampler: "per-write" });
  assert.equal(r.sampler, undefined);
  const pre = simulatePreCopy(vm(), link, {
    seed: 7,
    sampler: "per-write",
    stopRules: [{ kind: "max-rounds", rounds: 3 }],
  });
  assert.deepEqual(
    r.roundRows.filter((x) => x.phase === "push"),
    pre.roundRows.filter((x) => x.phase === "push"),
  );
});

Deno.test("hybrid per-page sampler: the push rounds are pre-copy's per-page rounds", () => {
  const r = simulateHybrid(vm(), link, { seed: 7, preCopyRounds: 3, sampler: "per-page" });
  const pre = simulatePreCopy(vm(), link, {
    seed: 7,
    sampler: "per-page",
    stopRules: [{ kind: "max-rounds", rounds: 3 }],
  });
  assert.deepEqual(
    r.roundRows.filter((x) => x.phase === "push"),
    pre.roundRows.filter((x) => x.phase === "push"),
  );
  const pull = r.roundRows.at(-1)!;
  assert.equal(pull.phase, "pull");
  assert.equal(pull.pagesSent, pre.roundRows.at(-1)!.pagesSent);
  assert.equal(r.stopReason, "all-pages-received");
});

Deno.test("hybrid per-page sampler: the sequential writer draws nothing in the push", () => {
  const w: WorkloadSpec = { kind: "sequential", writesPerSecond: 250, regionFraction: 0.5 };
  const a = simulateHybrid(vm(w), link, { seed: 1, preCopyRounds: 3, sampler: "per-page" });
  const b = simulateHybrid(vm(w), link, { seed: 2, preCopyRounds: 3, sampler: "per-write" });
  assert.deepEqual(a.roundRows, b.roundRows);
  assert.equal(a.totalSeconds, b.totalSeconds);
});

Deno.test("hybrid: auto picks per-page only where it is exact (one case per exclusion)", async (t) => {
  await t.step("every fetch variant and preset: per-page", () => {
    for (const fetch of ["demand", "active-push", "prepaging"] as const) {
      for (const preset of ["default", "qemu", "xen", "xen-legacy", "simgrid"] as const) {
        assert.equal(auto(vm(), { seed: 1, fetch, preset, maxSeconds: 60 }), "per-page");
      }
    }
  });
  await t.step(
    "xen-legacy's within-round skip (small batches) and several rounds: per-page",
    () => {
      const preset = { ...XEN_LEGACY_PRESET, batchPages: 16 };
      assert.equal(auto(vm(), { seed: 1, preset, preCopyRounds: 4 }), "per-page");
    },
  );
  await t.step(
    "zero pages and checked mode: per-page (its page-level state runs unchanged)",
    () => {
      const z = {
        ...hot,
        zeroPages: { initialShare: 0.5, zeroingWriteShare: 0.2 },
      } as WorkloadSpec;
      assert.equal(auto(vm(z), { seed: 1 }), "per-page");
      assert.equal(auto(vm(), { seed: 1, checked: true, preCopyRounds: 2 }), "per-page");
    },
  );
  await t.step("counts are never exact: the pull follows the access order", () => {
    assert.throws(
      () => simulateHybrid(vm(), link, { seed: 1, sampler: "counts" }),
      /options.sampler "counts" is not exact here: technique hybrid needs per-page state/,
    );
  });
  await t.step("a trace", () => {
    const trace: WorkloadSpec = {
      kind: "trace",
      durationSeconds: 1,
      accesses: [{ timeSeconds: 0.1, page: 3, write: true }],
    };
    assert.equal(auto(vm(trace), { seed: 1 }), "per-write");
    assert.throws(
      () => simulateHybrid(vm(trace), link, { seed: 1, sampler: "per-page" }),
      /options.sampler "per-page" is not exact here: vm.workload.kind "trace"/,
    );
  });
  await t.step("a phased mix", () => {
    const phased: WorkloadSpec = {
      kind: "phased",
      phases: [{ durationSeconds: 1, workload: { kind: "uniform", writesPerSecond: 10 } }],
    };
    assert.equal(auto(vm(phased), { seed: 1 }), "per-write");
    assert.throws(
      () => simulateHybrid(vm(phased), link, { seed: 1, sampler: "per-page" }),
      /vm.workload.kind "phased"/,
    );
  });
  await t.step("mechanisms", () => {
    const mechanisms = { autoConverge: true };
    assert.equal(auto(vm(), { seed: 1, mechanisms }), "per-write");
    assert.throws(
      () => simulateHybrid(vm(), link, { seed: 1, mechanisms, sampler: "per-page" }),
      /options.mechanisms act on per-write state/,
    );
  });
  await t.step("the push's write cap when it can bind", () => {
    // 1,000 full rounds at 300,000 writes/s could pass the engine's 1e9 writes; the hot
    // set is 10 pages, so the rounds after the first are short and the oracle cheap.
    const w: WorkloadSpec = {
      kind: "hot-cold",
      hotFraction: 0.01,
      hotShare: 1,
      writesPerSecond: 3e5,
    };
    assert.equal(auto(vm(w), { seed: 1, preCopyRounds: 1000 }), "per-write");
    assert.throws(
      () => simulateHybrid(vm(w), link, { seed: 1, preCopyRounds: 1000, sampler: "per-page" }),
      /the push's write cap \(1000000000\) can bind/,
    );
    assert.equal(auto(vm(w), { seed: 1, preCopyRounds: 10 }), "per-page");
  });
  await t.step("the pull's access cap when it can bind", () => {
    assert.equal(auto(vm(), { seed: 1, maxEvents: 100 }), "per-write");
    assert.throws(
      () => simulateHybrid(vm(), link, { seed: 1, maxEvents: 100, sampler: "per-page" }),
      /options.maxEvents \(100\) can bind/,
    );
    // Demand paging: the time cap bounds the pull.
    assert.equal(
      auto(vm(), { seed: 1, fetch: "demand", maxSeconds: 10, maxEvents: 100_000 }),
      "per-page",
    );
    assert.equal(
      auto(vm(), { seed: 1, fetch: "demand", maxSeconds: 1000, maxEvents: 100_000 }),
      "per-write",
    );
  });
});

Deno.test("migration sweeps pass the sampler to hybrid (counts refused by name)", async () => {
  const spec = (sampler: string): SweepSpec => ({
    kind: "migration",
    seed: "hybrid sampler",
    fixed: {
      memoryBytes: 16 * 2 ** 20,
      workload: "hot-cold",
      writesPerSecond: 5000,
      technique: "hybrid",
      preCopyRounds: 2,
    },
    grid: { sampler: [sampler] },
    replicates: 2,
  });
  // Each row is the direct run with its seed and sampler.
  for (const sampler of ["per-page", "per-write"] as const) {
    const { rows } = await runSweep(spec(sampler), { workers: 1 });
    assert.equal(rows.length, 2);
    for (const row of rows) {
      const direct = simulateHybrid(
        {
          pageCount: 4096,
          pageSizeBytes: 4096,
          stateBytes: 262144,
          workload: { kind: "hot-cold", writesPerSecond: 5000, hotFraction: 0.05, hotShare: 0.9 },
        },
        { bandwidthBytesPerSecond: 125e6, latencySeconds: 1e-4, pageOverheadBytes: 8 },
        { seed: row.seed as number, preCopyRounds: 2, fetch: "prepaging", sampler },
      );
      assert.equal(row.totalSeconds, direct.totalSeconds);
      assert.equal(row.remoteFaults, direct.remoteFaults);
    }
  }
  // refused at the spec check, before any run
  await assert.rejects(
    () => runSweep(spec("counts"), { workers: 1 }),
    /sampler "counts" needs technique pre-copy \(the others need per-page state\): current value is "hybrid"/,
  );
});
