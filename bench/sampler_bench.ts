/**
 * Samplers (issue 8): the reference scenario of the engine issue (hot/cold, 5 % of
 * the pages take 90 % of 20,000 page writes per second, 1 Gbit/s, QEMU's 300 ms rule
 * with a 30-round cap) with `sampler: "counts"` on 16 GiB, 64 GiB and 1 TiB (target:
 * under 20 µs each, independent of memory size), the per-write engine on 16 GiB for
 * comparison, and a sweep of 100,000 counts-sampled 16 GiB migrations (target: under
 * 5 s on one core), seeds 0..99,999; and the same scenario under preset `"qemu"`
 * (no `maxWrites` needed: the samplers run without a write cap unless one is given).
 * With `sampler: "per-page"` on 16 GiB: pre-copy under the QEMU rule (target: under
 * 8 ms), time-series pre-copy (under 20 ms), post-copy with active push and with
 * prepaging (under 100 ms), each beside the per-write engine; hybrid (one pre-copy
 * round, then post-copy with active push, and with prepaging) beside the per-write
 * engine.
 *
 * Run: `deno bench --allow-read bench/sampler_bench.ts`.
 */
import {
  QEMU_STOP_RULES,
  simulateHybrid,
  simulatePostCopy,
  simulatePreCopy,
  simulateTimeSeriesPreCopy,
  type VmSpec,
} from "../mod.ts";

function referenceVm(gibibytes: number): VmSpec {
  return {
    pageCount: (gibibytes * 2 ** 30) / 4096,
    pageSizeBytes: 4096,
    stateBytes: 262144,
    workload: { kind: "hot-cold", hotFraction: 0.05, hotShare: 0.9, writesPerSecond: 20000 },
  };
}
const link = { bandwidthBytesPerSecond: 125_000_000 };

for (const gib of [16, 64, 1024]) {
  const vm = referenceVm(gib);
  let seed = 0;
  Deno.bench({
    name: `counts: pre-copy ${gib} GiB hot/cold, QEMU 300 ms rule`,
    group: "counts reference",
    baseline: gib === 16,
    fn() {
      simulatePreCopy(vm, link, {
        seed: seed++,
        stopRules: QEMU_STOP_RULES,
        sampler: "counts",
        // 1 TiB: 31 full rounds at 20,000 writes/s could pass the default 1e9 cap.
        maxWrites: 1e12,
      });
    },
  });
}

// Preset "qemu" (mid-pass switch-over, a check every 50 ms step): counts cost grows
// with the steps (memory / bandwidth / 50 ms), not with pages or writes. Without a
// `maxWrites` the samplers run uncapped, so the 1e9 default of the per-write engine
// (which 1,000 syncs of full memory could pass at 16 GiB) does not exclude them.
for (const gib of [16, 64]) {
  const vm = referenceVm(gib);
  let seed = 0;
  Deno.bench({
    name: `counts: pre-copy ${gib} GiB hot/cold, preset "qemu"`,
    group: "qemu preset",
    baseline: gib === 16,
    fn() {
      simulatePreCopy(vm, link, { seed: seed++, preset: "qemu", sampler: "counts" });
    },
  });
}

// Per-page on 16 GiB: cost grows with the pages touched, not the writes.
{
  const vm = referenceVm(16);
  let seed = 0;
  Deno.bench({
    name: "per-page: pre-copy 16 GiB hot/cold, QEMU 300 ms rule",
    group: "per-page pre-copy",
    baseline: true,
    n: 40,
    fn() {
      simulatePreCopy(vm, link, { seed: seed++, stopRules: QEMU_STOP_RULES, sampler: "per-page" });
    },
  });
  Deno.bench({
    name: "per-write: pre-copy 16 GiB hot/cold, QEMU 300 ms rule (beside per-page)",
    group: "per-page pre-copy",
    n: 10,
    fn() {
      simulatePreCopy(vm, link, { seed: seed++, stopRules: QEMU_STOP_RULES, sampler: "per-write" });
    },
  });
  Deno.bench({
    name: "per-page: time-series pre-copy 16 GiB hot/cold, QEMU 300 ms rule",
    group: "per-page time-series",
    baseline: true,
    n: 20,
    fn() {
      simulateTimeSeriesPreCopy(vm, link, {
        seed: seed++,
        stopRules: QEMU_STOP_RULES,
        sampler: "per-page",
      });
    },
  });
  Deno.bench({
    name: "per-write: time-series pre-copy 16 GiB hot/cold (beside per-page)",
    group: "per-page time-series",
    n: 5,
    fn() {
      simulateTimeSeriesPreCopy(vm, link, {
        seed: seed++,
        stopRules: QEMU_STOP_RULES,
        sampler: "per-write",
      });
    },
  });
  for (const fetch of ["active-push", "prepaging"] as const) {
    Deno.bench({
      name: `per-page: post-copy 16 GiB hot/cold, ${fetch}`,
      group: `per-page post-copy ${fetch}`,
      baseline: true,
      n: 10,
      fn() {
        simulatePostCopy(vm, link, { seed: seed++, fetch, sampler: "per-page" });
      },
    });
    Deno.bench({
      name: `per-write: post-copy 16 GiB hot/cold, ${fetch} (beside per-page)`,
      group: `per-page post-copy ${fetch}`,
      n: 4,
      fn() {
        simulatePostCopy(vm, link, { seed: seed++, fetch, sampler: "per-write" });
      },
    });
  }
  for (const fetch of ["active-push", "prepaging"] as const) {
    Deno.bench({
      name: `per-page: hybrid 16 GiB hot/cold, 1 round then ${fetch}`,
      group: `per-page hybrid ${fetch}`,
      baseline: true,
      n: 10,
      fn() {
        simulateHybrid(vm, link, { seed: seed++, fetch, sampler: "per-page" });
      },
    });
    Deno.bench({
      name: `per-write: hybrid 16 GiB hot/cold, 1 round then ${fetch} (beside per-page)`,
      group: `per-page hybrid ${fetch}`,
      n: 4,
      fn() {
        simulateHybrid(vm, link, { seed: seed++, fetch, sampler: "per-write" });
      },
    });
  }
}

Deno.bench({
  name: 'per-write: pre-copy 16 GiB hot/cold, preset "qemu"',
  group: "qemu preset",
  n: 10,
  fn() {
    simulatePreCopy(referenceVm(16), link, {
      seed: 1,
      preset: "qemu",
      maxWrites: 1e12,
      sampler: "per-write",
    });
  },
});

Deno.bench({
  name: "per-write: pre-copy 16 GiB hot/cold, QEMU 300 ms rule",
  group: "counts reference",
  n: 20,
  fn() {
    simulatePreCopy(referenceVm(16), link, {
      seed: 1,
      stopRules: QEMU_STOP_RULES,
      sampler: "per-write",
    });
  },
});

Deno.bench({
  name: "counts: sweep of 100,000 pre-copy migrations of 16 GiB",
  group: "sweep",
  n: 3,
  warmup: 1,
  fn() {
    const vm = referenceVm(16);
    let converged = 0;
    for (let seed = 0; seed < 100_000; seed++) {
      const r = simulatePreCopy(vm, link, {
        seed,
        stopRules: QEMU_STOP_RULES,
        sampler: "counts",
      });
      if (r.converged) converged++;
    }
    if (converged < 0) throw new Error("unreachable");
  },
});
