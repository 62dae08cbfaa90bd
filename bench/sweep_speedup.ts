/**
 * The speed-up of 2 workers over 1 for the sweep of `sweep_bench.ts`, measured side by
 * side: rounds that each run 1 worker, 2 workers, 1 process and 2 processes in turn
 * (so load from other programs hits every configuration alike), then the median time
 * of each and the speed-ups of the medians. Also prints the load average before and
 * after, since on a shared machine the figures mean little without it.
 *
 * ```sh
 * deno run --allow-read --allow-env --allow-run --allow-sys bench/sweep_speedup.ts [ROUNDS]
 * ```
 *
 * @module
 */
import { runSweep, type SweepRunner } from "../lib/sweep/run_sweep.ts";
import type { SweepSpec } from "../lib/sweep/expand_sweep.ts";

const SPEC: SweepSpec = {
  kind: "migration",
  seed: "bench",
  fixed: { memoryBytes: 2 ** 30, workload: "uniform", technique: "pre-copy" },
  grid: {
    writesPerSecond: [2000, 5000, 10000, 20000, 40000],
    bandwidthBytesPerSecond: [125e6, 312.5e6, 1.25e9, 2.5e9],
  },
  replicates: 50,
};

const CONFIGS: [SweepRunner, number][] = [["worker", 1], ["worker", 2], ["process", 1], [
  "process",
  2,
]];

function loadAverage(): string {
  try {
    return Deno.loadavg().map((x) => x.toFixed(2)).join(" ");
  } catch {
    return "unknown (run with --allow-sys)";
  }
}

if (import.meta.main) {
  const rounds = Number(Deno.args[0] ?? 3);
  console.log(
    `load average before: ${loadAverage()} (${navigator.hardwareConcurrency} cores)`,
  );
  const times = CONFIGS.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (const [i, [runner, workers]] of CONFIGS.entries()) {
      const start = performance.now();
      const { rows } = await runSweep(SPEC, { runner, workers });
      if (rows.length !== 1000) throw new Error(`expected 1000 rows, got ${rows.length}`);
      times[i]!.push((performance.now() - start) / 1000);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const [i, [runner, workers]] of CONFIGS.entries()) {
    console.log(
      `${workers} ${runner}(s): median ${median(times[i]!).toFixed(2)} s of ${
        times[i]!.map((t) => t.toFixed(2)).join(", ")
      }`,
    );
  }
  console.log(
    `speed-up, 2 over 1 workers:   ${(median(times[0]!) / median(times[1]!)).toFixed(2)}x`,
  );
  console.log(
    `speed-up, 2 over 1 processes: ${(median(times[2]!) / median(times[3]!)).toFixed(2)}x`,
  );
  console.log(`load average after: ${loadAverage()}`);
}
