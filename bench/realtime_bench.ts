// deno bench bench/realtime_bench.ts — target (issue 12): the EDF test by QPA on 1,000 tasks
// under 10 ms.
import { analyzeEdf } from "../lib/realtime/edf_analysis.ts";
import { migrationFeasibility } from "../lib/realtime/migration_feasibility.ts";
import { randomTaskSet } from "../lib/realtime/random_task_set.ts";
import { responseTimeAnalysis } from "../lib/realtime/response_time_analysis.ts";
import { createPrng } from "../lib/random/prng.ts";
import { sweepMigrationFeasibility } from "../lib/sweep/sweep_migration_feasibility.ts";

const constrained = randomTaskSet(createPrng(1, "bench-qpa"), {
  taskCount: 1000,
  utilization: 0.9,
  minPeriodSeconds: 0.01,
  maxPeriodSeconds: 1,
  minDeadlineRatio: 0.5,
});
const overloaded = constrained.map((t) => ({ ...t, wcetSeconds: t.wcetSeconds * 1.05 }));

Deno.bench("analyzeEdf (QPA), 1,000 tasks, U = 0.9, D in [0.5T, T]", () => {
  analyzeEdf(constrained);
});

Deno.bench("analyzeEdf (QPA), 1,000 tasks, U = 0.945, D in [0.5T, T]", () => {
  analyzeEdf(overloaded);
});

const tight = randomTaskSet(createPrng(1, "bench-qpa"), {
  taskCount: 1000,
  utilization: 0.99,
  minPeriodSeconds: 0.01,
  maxPeriodSeconds: 1,
  minDeadlineRatio: 0.2,
});
Deno.bench("analyzeEdf (QPA), 1,000 tasks, U = 0.99, D in [0.2T, T] (150 QPA steps)", () => {
  analyzeEdf(tight);
});

const fewer = constrained.slice(0, 100);
Deno.bench("responseTimeAnalysis, 100 tasks", () => {
  responseTimeAnalysis(fewer);
});

// Target (issue 12): the feasibility-range sweep of notebook 05 under 30 s.
Deno.bench(
  "migrationFeasibility, notebook 05 sweep (4 sizes × 3 dirty rates × 5 periods × 3 techniques)",
  () => {
    migrationFeasibility({
      pageCounts: [4_096, 16_384, 65_536, 262_144],
      writesPerSecond: [0, 5_000, 50_000],
      periodsSeconds: [0.005, 0.02, 0.1, 0.5, 2],
      link: { bandwidthBytesPerSecond: 125e6, latencySeconds: 1e-4 },
      seed: 1,
    });
  },
);

// Target (issue 12): the feasibility-range sweep of notebook 05 under 30 s, through runSweep
// (2 Web Workers, worker start-up included): 4 sizes × 3 dirty rates × 5 periods × 2 deadlines ×
// 3 server budgets × 3 techniques = 1,080 runs.
Deno.bench({
  name: "sweepMigrationFeasibility, notebook 05 sweep (1,080 runs, 2 Web Workers)",
  n: 3,
  warmup: 1,
  async fn() {
    await sweepMigrationFeasibility({
      pageCounts: [4_096, 16_384, 65_536, 262_144],
      writesPerSecond: [0, 5_000, 50_000],
      periodsSeconds: [0.005, 0.02, 0.1, 0.5, 2],
      deadlineRatios: [1, 0.7],
      serverBandwidths: [0.3, 0.4, 0.6],
      link: { bandwidthBytesPerSecond: 125e6, latencySeconds: 1e-4 },
      seed: 1,
    }, { runner: "worker", workers: 2 });
  },
});

const overload = randomTaskSet(createPrng(1, "bench-qpa"), {
  taskCount: 1000,
  utilization: 1.01,
  minPeriodSeconds: 0.01,
  maxPeriodSeconds: 1,
});
Deno.bench(
  "analyzeEdf, 1,000 tasks, U = 1.01: QPA finds a failure, a forward scan the earliest",
  () => {
    analyzeEdf(overload);
  },
);
