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
 * The sweep is `SWEEP_BENCH_SPEC` (`_sweep_spec.ts`).
 *
 * @module
 */
import { runSweep, type SweepRunner } from "../lib/sweep/run_sweep.ts";
import { SWEEP_BENCH_SPEC } from "./_sweep_spec.ts";

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
      const { rows } = await runSweep(SWEEP_BENCH_SPEC, { runner, workers });
      if (rows.length !== 1000) throw new Error(`expected 1000 rows, got ${rows.length}`);
    },
  });
}
