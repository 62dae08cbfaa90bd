/**
 * The expected-value page model over a model's runs, without input checks (the
 * closed forms call it after validating the VM). Internal: `createDistinctPagesModel`
 * is the public face and documents the model.
 *
 * @module
 */
import type { PageRun } from "./model.ts";
import { workloadModel } from "./models.ts";
import type { WorkloadSpec } from "./spec.ts";

/** Expected distinct pages hit by a number of writes, for a valid spec. */
export function distinctPagesModel(
  spec: WorkloadSpec,
  pageCount: number,
): (writes: number) => number {
  if (spec.kind === "idle") return () => 0;
  const model = workloadModel(spec);
  if (model.distinctPages !== undefined) return model.distinctPages(spec, pageCount);
  return overRuns(model.distribution(spec, pageCount).runs, pageCount);
}

/**
 * `sum over runs of -n expm1(w log1p(-share / n))`, runs with no share left out;
 * one and two runs (uniform, hot-cold) without arrays, for the sweeps.
 */
function overRuns(runs: readonly PageRun[], pageCount: number): (writes: number) => number {
  const live = runs.filter((r) => r.writeShare > 0);
  if (live.length === 1) {
    const n = live[0]!.pages;
    const a = Math.log1p(-live[0]!.writeShare / n);
    return (writes) => writes === 0 ? 0 : Math.min(pageCount, -n * Math.expm1(writes * a));
  }
  if (live.length === 2) {
    const n0 = live[0]!.pages;
    const n1 = live[1]!.pages;
    const a0 = Math.log1p(-live[0]!.writeShare / n0);
    const a1 = Math.log1p(-live[1]!.writeShare / n1);
    return (writes) =>
      writes === 0
        ? 0
        : Math.min(pageCount, -n0 * Math.expm1(writes * a0) - n1 * Math.expm1(writes * a1));
  }
  const k = live.length;
  const pages = new Float64Array(k);
  const logClean = new Float64Array(k);
  live.forEach((r, i) => {
    pages[i] = r.pages;
    logClean[i] = Math.log1p(-r.writeShare / r.pages);
  });
  return (writes) => {
    if (writes === 0) return 0;
    let sum = 0;
    for (let i = 0; i < k; i++) sum -= pages[i]! * Math.expm1(writes * logClean[i]!);
    return Math.min(pageCount, sum);
  };
}
