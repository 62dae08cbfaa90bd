/**
 * The sweep of the issue-10 speed target, shared by `sweep_bench.ts`, `sweep_speedup.ts`
 * and `sweep_schedule.ts`: 1,000 page-level pre-copy migrations of 1 GiB VMs (262,144
 * pages of 4 KiB), uniform writes at 2,000 to 40,000 pages/s x links of 1, 2.5, 10 and
 * 20 Gbit/s x 50 replicates, QEMU's 300 ms rule with a 30-round cap.
 *
 * @module
 */
import type { SweepSpec } from "../lib/sweep/expand_sweep.ts";

/** The bench sweep (per-write engine; see the comment on `fixed`). */
export const SWEEP_BENCH_SPEC: SweepSpec = {
  kind: "migration",
  seed: "bench",
  // The per-write engine: with the default sampler ("auto": counts here) the 1,000
  // runs take about 0.1 s, worker start-up dominates and the speed-up measures nothing.
  fixed: { memoryBytes: 2 ** 30, workload: "uniform", technique: "pre-copy", sampler: "per-write" },
  grid: {
    writesPerSecond: [2000, 5000, 10000, 20000, 40000],
    bandwidthBytesPerSecond: [125e6, 312.5e6, 1.25e9, 2.5e9],
  },
  replicates: 50,
};
