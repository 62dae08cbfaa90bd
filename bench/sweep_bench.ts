/**
 * Speed target of issue 10: 1,000 page-level migrations of 1 GiB VMs in a sweep in
 * under 10 s on the 2-core machine, and the speed-up of 2 workers over 1, measured
 * side by side in one run (the group's baseline is 1 worker). Threads (Web Workers)
 * and separate processes (`runner: "process"`) are both measured, since threads of
 * one process were seen packed onto one core for minutes on this machine.
 *
 * ```sh
 * deno bench --allow-read --allow-env --allow-run bench/sweep_bench.ts
 * ```
 *
 * The sweep: 1 GiB VMs (262,144 pages of 4 KiB), uniform writes at 2,000 to 40,000
 * pages/s x links of 1, 2.5, 10 and 20 Gbit/s x 50 replicates, pre-copy under QEMU's
 * 300 ms rule with a 30-round cap.
 *
 * @module
 */
import { runSweep, type SweepRunner } from "../lib/sweep/run_sweep.ts";
import type { SweepSpec } from "../lib/sweep/expand_sweep.ts";

const SPEC: SweepSpec = {
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

const canRun = (await Deno.permissions.query({ name: "run" })).state === "granted";

for (
  const [runner, workers, baseline] of [
    ["worker", 1, true],
    ["worker", 2, false],
    ["process", 1, false],
    ["process", 2, false],
  ] as [SweepRunner, number, boolean][]
) {
  Deno.bench({
    name: `runSweep: 1,000 pre-copy migrations of 1 GiB VMs, ${workers} ${runner}${
      workers > 1 ? (runner === "process" ? "es" : "s") : ""
    }`,
    group: "sweep of 1,000 migrations",
    baseline,
    n: 2,
    warmup: 0,
    ignore: runner === "process" && !canRun,
    async fn() {
      const { rows } = await runSweep(SPEC, { runner, workers });
      if (rows.length !== 1000) throw new Error(`expected 1000 rows, got ${rows.length}`);
    },
  });
}
