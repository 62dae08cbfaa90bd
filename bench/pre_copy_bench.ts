/**
 * The reference scenario of the engine issue: a 16 GiB VM (4,194,304 pages of 4 KiB)
 * on a 1 Gbit/s link, hot/cold workload (5 % of the pages take 90 % of 20,000 page
 * writes per second), pre-copy with QEMU's 300 ms rule and a 30-round cap; and the
 * same on 64 GiB. Target (issue 7): at most 10.6 ns of wall time per simulated page write
 * at 16 GiB, the speed before the link, presets and checked mode were added.
 *
 * Run: `deno task bench`. Per-write cost = bench time / writes printed below. These
 * cases pin `sampler: "per-write"` (the engine that simulates every write, the oracle
 * of the other samplers); the last group runs the default sampler (`"auto"`: counts
 * here) on the same scenario for comparison.
 * The last case runs the 16 GiB scenario under `preset: "qemu"` (a cursor over the
 * dirty bitmap, decided every 50 ms step), which takes each step's pages a word of
 * the bitmap at a time.
 */
import { QEMU_STOP_RULES, simulatePreCopy, type VmSpec } from "../mod.ts";

function referenceVm(gibibytes: number): VmSpec {
  return {
    pageCount: (gibibytes * 2 ** 30) / 4096,
    pageSizeBytes: 4096,
    stateBytes: 262144,
    workload: { kind: "hot-cold", hotFraction: 0.05, hotShare: 0.9, writesPerSecond: 20000 },
  };
}
const link = { bandwidthBytesPerSecond: 125_000_000 };

for (const gib of [16, 64]) {
  const vm = referenceVm(gib);
  const probe = simulatePreCopy(vm, link, {
    seed: 1,
    stopRules: QEMU_STOP_RULES,
    sampler: "per-write",
  });
  const writes = probe.roundRows.reduce((s, r) => s + r.writes, 0);
  console.log(
    `${gib} GiB: ${writes} simulated page writes over ${probe.rounds - 1} push rounds; ` +
      `10.6 ns/write budget = ${(writes * 10.6e-6).toFixed(1)} ms`,
  );
  Deno.bench({
    name: `pre-copy ${gib} GiB hot/cold, QEMU 300 ms rule (${writes} writes)`,
    group: "pre-copy reference",
    baseline: gib === 16,
    fn() {
      simulatePreCopy(vm, link, { seed: 1, stopRules: QEMU_STOP_RULES, sampler: "per-write" });
    },
  });
}

{
  const vm = referenceVm(16);
  Deno.bench({
    name: 'pre-copy 16 GiB hot/cold, preset "qemu" (mid-pass switch-over)',
    group: "pre-copy reference",
    fn() {
      simulatePreCopy(vm, link, { seed: 1, preset: "qemu", sampler: "per-write" });
    },
  });
  Deno.bench({
    name: "pre-copy 16 GiB hot/cold, QEMU 300 ms rule, default sampler (auto: counts)",
    group: "default sampler",
    fn() {
      simulatePreCopy(vm, link, { seed: 1, stopRules: QEMU_STOP_RULES });
    },
  });
}
