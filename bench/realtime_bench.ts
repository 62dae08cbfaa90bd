// deno bench bench/realtime_bench.ts — target (issue 12): the EDF test by QPA on 1,000 tasks
// under 10 ms.
import { analyzeEdf } from "../lib/realtime/edf_analysis.ts";
import { randomTaskSet } from "../lib/realtime/random_task_set.ts";
import { responseTimeAnalysis } from "../lib/realtime/response_time_analysis.ts";
import { createPrng } from "../lib/random/prng.ts";

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
