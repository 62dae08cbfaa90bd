import assert from "node:assert/strict";
import { simulatePreCopy } from "../../lib/migration/pre_copy.ts";
import { simulatePostCopy } from "../../lib/migration/post_copy.ts";
import { simulateMigrations } from "../../lib/fleet/mod.ts";
import { simulateTimeSeriesPreCopy } from "../../lib/migration/time_series_pre_copy.ts";
import {
  chooseSampler,
  countsInexactReason,
  liveSecondsBound,
} from "../../lib/migration/sampler.ts";
import { PRESETS } from "../../lib/migration/presets.ts";
import type { VmSpec } from "../../lib/migration/vm_spec.ts";
import type { WorkloadSpec } from "../../lib/workload/spec.ts";

const hot: WorkloadSpec = {
  kind: "hot-cold",
  hotFraction: 0.05,
  hotShare: 0.9,
  writesPerSecond: 400,
};
const vm = (workload: WorkloadSpec = hot): VmSpec => ({
  pageCount: 1024,
  pageSizeBytes: 4096,
  stateBytes: 4096,
  workload,
});
const link = { bandwidthBytesPerSecond: 1e6 };

Deno.test("sampler: same seed, same sampler gives byte-identical results", () => {
  for (const preset of ["default", "xen", "simgrid", "qemu"] as const) {
    const a = simulatePreCopy(vm(), link, { seed: 11, preset, sampler: "counts" });
    const b = simulatePreCopy(vm(), link, { seed: 11, preset, sampler: "counts" });
    assert.equal(JSON.stringify(a), JSON.stringify(b));
    assert.equal(a.sampler, "counts");
  }
  const c = simulatePreCopy(vm(), link, { seed: 11, sampler: "counts" });
  const d = simulatePreCopy(vm(), link, { seed: 12, sampler: "counts" });
  assert.notEqual(JSON.stringify(c), JSON.stringify(d));
});

Deno.test("sampler: the default is auto, recorded in the result; per-write leaves results as the engine made them", () => {
  const a = simulatePreCopy(vm(), link, { seed: 3 });
  const b = simulatePreCopy(vm(), link, { seed: 3, sampler: "auto" });
  assert.deepEqual(a, b);
  assert.equal(a.sampler, "counts");
  assert.equal(simulatePreCopy(vm(), link, { seed: 3, sampler: "per-write" }).sampler, undefined);
  assert.equal(simulatePostCopy(vm(), link, { seed: 3 }).sampler, "per-page");
  assert.equal(simulateTimeSeriesPreCopy(vm(), link, { seed: 3 }).sampler, "per-page");
});

Deno.test("sampler: SimGrid's stages are count-level; both samplers give the same numbers", () => {
  const a = simulatePreCopy(vm(), link, { seed: 5, preset: "simgrid", sampler: "counts" });
  const b = simulatePreCopy(vm(), link, { seed: 5, preset: "simgrid", sampler: "per-write" });
  assert.deepEqual({ ...a, sampler: undefined }, { ...b, sampler: undefined });
});

Deno.test("sampler: the sequential writer needs no draws (counts equal per-write seed by seed)", () => {
  const w: WorkloadSpec = { kind: "sequential", writesPerSecond: 250, regionFraction: 0.5 };
  for (const preset of ["default", "xen"] as const) {
    const a = simulatePreCopy(vm(w), link, { seed: 1, preset, sampler: "counts" });
    const b = simulatePreCopy(vm(w), link, { seed: 2, preset, sampler: "per-write" });
    assert.equal(a.totalSeconds, b.totalSeconds);
    assert.deepEqual(a.roundRows, b.roundRows);
  }
});

Deno.test("sampler: auto never picks counts where they are inexact (one case per exclusion)", async (t) => {
  const auto = (v: VmSpec, options: Parameters<typeof simulatePreCopy>[2]) =>
    simulatePreCopy(v, link, { ...options, sampler: "auto" }).sampler ?? "per-write";
  await t.step("plain pre-copy, default and xen: counts", () => {
    assert.equal(auto(vm(), { seed: 1 }), "counts");
    assert.equal(auto(vm(), { seed: 1, preset: "xen" }), "counts");
  });
  await t.step("a trace", () => {
    const trace: WorkloadSpec = {
      kind: "trace",
      durationSeconds: 1,
      accesses: [{ timeSeconds: 0.1, page: 3, write: true }],
    };
    assert.equal(auto(vm(trace), { seed: 1 }), "per-write");
    assert.throws(
      () => simulatePreCopy(vm(trace), link, { seed: 1, sampler: "counts" }),
      /options.sampler "counts" is not exact here: vm.workload.kind "trace"/,
    );
  });
  await t.step("a phased mix", () => {
    const phased: WorkloadSpec = {
      kind: "phased",
      phases: [{ durationSeconds: 1, workload: { kind: "uniform", writesPerSecond: 10 } }],
    };
    assert.equal(auto(vm(phased), { seed: 1 }), "per-write");
  });
  await t.step("time-series pre-copy's per-page history: per-page", () => {
    const r = simulateTimeSeriesPreCopy(vm(), link, { seed: 1, sampler: "auto" });
    assert.equal(r.sampler, "per-page");
    assert.throws(
      () => simulateTimeSeriesPreCopy(vm(), link, { seed: 1, sampler: "counts" }),
      /options.sampler "counts" is not exact here: technique time-series-pre-copy/,
    );
  });
  await t.step("xen-legacy's within-round skip: per-page", () => {
    assert.equal(auto(vm(), { seed: 1, preset: "xen-legacy" }), "per-page");
    assert.throws(
      () => simulatePreCopy(vm(), link, { seed: 1, preset: "xen-legacy", sampler: "counts" }),
      /skipRedirtied/,
    );
  });
  await t.step("qemu's mid-pass cursor: counts for contiguous runs only", () => {
    assert.equal(auto(vm(), { seed: 1, preset: "qemu" }), "counts");
    const scattered: WorkloadSpec = {
      ...hot,
      placement: { kind: "scattered", seed: 3 },
    } as WorkloadSpec;
    assert.equal(auto(vm(scattered), { seed: 1, preset: "qemu" }), "per-page");
    assert.throws(
      () => simulatePreCopy(vm(scattered), link, { seed: 1, preset: "qemu", sampler: "counts" }),
      /placement "scattered" under options.preset "qemu"/,
    );
    const seq: WorkloadSpec = { kind: "sequential", writesPerSecond: 100 };
    assert.equal(auto(vm(seq), { seed: 1, preset: "qemu" }), "per-page");
    assert.equal(auto(vm(seq), { seed: 1 }), "counts");
    // Exact but slower: Zipf's runs under the cursor.
    const zipf: WorkloadSpec = { kind: "zipf", exponent: 1, writesPerSecond: 100 };
    assert.equal(auto(vm(zipf), { seed: 1, preset: "qemu" }), "per-page");
    assert.equal(
      simulatePreCopy(vm(zipf), link, { seed: 1, preset: "qemu", sampler: "counts" }).sampler,
      "counts",
    );
  });
  await t.step("zero pages: per-page", () => {
    const z: WorkloadSpec = { ...hot, zeroPages: { initialShare: 0.5 } } as WorkloadSpec;
    assert.equal(auto(vm(z), { seed: 1 }), "per-page");
  });
  await t.step("checked mode: per-page", () => {
    assert.equal(auto(vm(), { seed: 1, checked: true }), "per-page");
  });
  await t.step("mechanisms (auto-converge throttles per sync)", () => {
    assert.equal(auto(vm(), { seed: 1, mechanisms: { autoConverge: true } }), "per-write");
    assert.throws(
      () =>
        simulatePreCopy(vm(), link, {
          seed: 1,
          mechanisms: { autoConverge: true },
          sampler: "counts",
        }),
      /options.mechanisms act on per-page and per-sync state/,
    );
  });
  await t.step("a write cap that can bind", () => {
    assert.equal(auto(vm(), { seed: 1, maxWrites: 1000 }), "per-write");
    for (const sampler of ["counts", "per-page"] as const) {
      assert.throws(
        () => simulatePreCopy(vm(), link, { seed: 1, maxWrites: 1000, sampler }),
        /options.maxWrites \(1000\) can bind/,
      );
    }
  });
});

Deno.test("sampler: errors name options.sampler", () => {
  assert.throws(
    () => simulatePreCopy(vm(), link, { seed: 1, sampler: "per-pag" as never }),
    /options.sampler must be one of "per-write", "per-page", "counts", "auto": current value is "per-pag"/,
  );
  const c = {
    technique: "post-copy",
    workload: hot,
    pageCount: 10,
    preset: PRESETS.default,
    checked: false,
    maxWrites: 1e9,
    liveSecondsBound: liveSecondsBound(10, 4096, 1e6, PRESETS.default),
  };
  assert.match(countsInexactReason(c)!, /post-copy/);
  assert.equal(chooseSampler("auto", c), "per-page");
  assert.equal(chooseSampler("auto", { ...c, technique: "offline" }), "per-write");
  assert.throws(
    () => chooseSampler("per-page", { ...c, technique: "offline" }),
    /options.sampler "per-page" is not exact here: technique offline/,
  );
});

Deno.test("per-page sampler: same seed gives byte-identical results, every covered technique", () => {
  const runs = [
    () => simulatePreCopy(vm(), link, { seed: 4, preset: "xen-legacy", sampler: "per-page" }),
    () => simulatePreCopy(vm(), link, { seed: 4, preset: "qemu", sampler: "per-page" }),
    () => simulateTimeSeriesPreCopy(vm(), link, { seed: 4, sampler: "per-page" }),
    () => simulatePostCopy(vm(), link, { seed: 4, fetch: "prepaging", sampler: "per-page" }),
  ];
  for (const run of runs) {
    const a = run();
    assert.equal(a.sampler, "per-page");
    assert.equal(JSON.stringify(a), JSON.stringify(run()));
  }
});

Deno.test("per-page sampler: the sequential writer draws nothing (equal to per-write)", () => {
  const w: WorkloadSpec = { kind: "sequential", writesPerSecond: 250, regionFraction: 0.5 };
  for (const preset of ["qemu", "xen-legacy"] as const) {
    const a = simulatePreCopy(vm(w), link, { seed: 1, preset, sampler: "per-page" });
    const b = simulatePreCopy(vm(w), link, { seed: 2, preset, sampler: "per-write" });
    assert.deepEqual(a.roundRows, b.roundRows);
  }
});

Deno.test("per-page sampler: auto and its exclusions in post-copy", async (t) => {
  const auto = (v: VmSpec, options: Parameters<typeof simulatePostCopy>[2]) =>
    simulatePostCopy(v, link, { ...options, sampler: "auto" }).sampler ?? "per-write";
  await t.step("every fetch variant: per-page", () => {
    for (const fetch of ["demand", "active-push", "prepaging"] as const) {
      assert.equal(auto(vm(), { seed: 1, fetch, maxSeconds: 100 }), "per-page");
    }
  });
  await t.step("a trace", () => {
    const trace: WorkloadSpec = {
      kind: "trace",
      durationSeconds: 1,
      accesses: [{ timeSeconds: 0.1, page: 3, write: true }],
    };
    assert.equal(auto(vm(trace), { seed: 1 }), "per-write");
    assert.throws(
      () => simulatePostCopy(vm(trace), link, { seed: 1, sampler: "per-page" }),
      /options.sampler "per-page" is not exact here: vm.workload.kind "trace"/,
    );
  });
  await t.step("an access cap that can bind", () => {
    assert.equal(auto(vm(), { seed: 1, maxEvents: 100 }), "per-write");
    assert.throws(
      () => simulatePostCopy(vm(), link, { seed: 1, maxEvents: 100, sampler: "per-page" }),
      /options.maxEvents \(100\) can bind/,
    );
  });
  await t.step("mechanisms", () => {
    assert.throws(
      () =>
        simulatePreCopy(vm(), link, {
          seed: 1,
          mechanisms: { autoConverge: true },
          sampler: "per-page",
        }),
      /options.mechanisms act on per-write state/,
    );
  });
});

Deno.test("per-page sampler: the shared-link engine refuses it by name", () => {
  const network = { links: [{ id: "l", bandwidthBytesPerSecond: 1e6 }] };
  const request = { id: "x", vm: vm(), sourceHost: "a", destinationHost: "b", route: ["l"] };
  assert.throws(
    () =>
      simulateMigrations(network, [request], {
        fidelity: "page",
        sampler: "per-page",
      }),
    /options.sampler must be one of "per-write", "counts", "auto"/,
  );
});
