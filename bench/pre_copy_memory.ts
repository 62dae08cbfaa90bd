/**
 * Memory of the 64 GiB reference scenario: heap and external (typed-array) bytes
 * live after a run, measured with a forced GC. Target: under 100 MiB of heap.
 *
 * Run: `deno run --v8-flags=--expose-gc bench/pre_copy_memory.ts`
 */
import { QEMU_STOP_RULES, simulatePreCopy } from "../mod.ts";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("Run with --v8-flags=--expose-gc");
const mib = (n: number) => (n / 2 ** 20).toFixed(1);
gc();
const before = Deno.memoryUsage();
let peakHeap = 0;
let peakExternal = 0;
const result = simulatePreCopy(
  {
    pageCount: 16777216,
    pageSizeBytes: 4096,
    stateBytes: 262144,
    workload: { kind: "hot-cold", hotFraction: 0.05, hotShare: 0.9, writesPerSecond: 20000 },
  },
  { bandwidthBytesPerSecond: 125_000_000 },
  { seed: 1, stopRules: QEMU_STOP_RULES, sampler: "per-write" },
);
const after = Deno.memoryUsage();
peakHeap = Math.max(peakHeap, after.heapUsed - before.heapUsed);
peakExternal = Math.max(peakExternal, after.external - before.external);
console.log(
  `64 GiB: ${result.rounds} rounds; heap used ${mib(after.heapUsed)} MiB ` +
    `(+${mib(peakHeap)} MiB over start), external ${mib(after.external)} MiB, rss ${
      mib(after.rss)
    } MiB`,
);
