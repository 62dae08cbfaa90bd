import { validateWorkload } from "./validate_workload.ts";
import { integer, nonNegative } from "../_validate.ts";
import type { PageWalk } from "./model.ts";
import { workloadModel } from "./models.ts";
import { type PageOrderRun, pageOrderRuns } from "./page_order_runs.ts";
import type { WorkloadSpec } from "./spec.ts";
import { initialZeroPageCount } from "./zero_pages.ts";

const ACTION = "compute expected zero pages";

/**
 * Expected number of zero pages at execution time `seconds` (the expected-value
 * zero-page model of the closed forms), from the workload's page-order runs.
 *
 * A page of a run with per-page write probability `p` under `lambda` writes per
 * second escapes every write until `t` with probability `e = exp(-lambda p t)`
 * (Poisson writes); if written, its state is its last write's, zero with
 * probability `zeroingWriteShare = z`. So a page zero at the start with probability
 * `z0` (the run's `initialZeroShare`) is zero at `t` with probability
 * `z0 e + z (1 - e)`, and the sum over runs costs O(runs).
 *
 * For the rounds of pre-copy: a page re-sent in round 2 or later was written in the
 * round before, so it is zero with probability `z` (0 by default); for the first
 * round, see {@link expectedZeroPagesInPass}. Post-copy sends pages frozen at the
 * source when the VM stopped there: `expectedZeroPages(spec, P, tStop)`.
 *
 * A walk (the sequential writer) is exact instead: by time `t` its first
 * `min(m, ceil(t r))` visits have written their pages (zero with probability `z`),
 * and every other page keeps its initial state.
 *
 * @param spec The workload (without `zeroPages` there is no zero page: 0).
 * @param pageCount Pages of the VM (integer >= 1).
 * @param seconds Execution time (>= 0).
 * @returns The expected number of zero pages.
 *
 * @example Uniform writes wipe out the zero pages at rate lambda / P
 * ```ts
 * import { expectedZeroPages } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const spec = { kind: "uniform" as const, writesPerSecond: 100, zeroPages: { initialShare: 0.5 } };
 * assert.equal(expectedZeroPages(spec, 1000, 0), 500);
 * assert.ok(Math.abs(expectedZeroPages(spec, 1000, 10) - 500 * Math.exp(-1)) < 1e-9);
 * ```
 */
export function expectedZeroPages(spec: WorkloadSpec, pageCount: number, seconds: number): number {
  integer(ACTION, "pageCount", pageCount, 1);
  nonNegative(ACTION, "seconds", seconds);
  validateWorkload(spec, pageCount, "spec", ACTION);
  if (spec.zeroPages === undefined) return 0;
  const model = workloadModel(spec);
  const walk = model.walk?.(spec, pageCount);
  if (walk !== undefined) {
    // The first ceil(t r) visits of the walk have written their pages.
    return walkZeroPages(spec, pageCount, walk, Math.ceil(seconds * walk.visitsPerSecond));
  }
  const runs = pageOrderRuns(spec, pageCount);
  const lambda = model.rates(spec).writesPerSecond;
  const z = spec.zeroPages.zeroingWriteShare ?? 0;
  let sum = 0;
  for (const run of runs) {
    const e = Math.exp(-lambda * (run.writeShare / run.pages) * seconds);
    sum += run.pages * (run.initialZeroShare * e + z * (1 - e));
  }
  return sum;
}

/**
 * Expected number of pages found zero by a pass that sends every page once, in page
 * order, page `k` inspected at execution time `startSeconds + k x secondsPerPage`
 * while the VM writes (pre-copy's first round, which tests each page as it sends it,
 * as QEMU's `save_zero_page` does with `buffer_is_zero`).
 *
 * With the rules of {@link expectedZeroPages} for each page at its own inspection
 * time, a run of `n` pages from page `a` contributes `z0 G + z (n - G)` with
 * `G = sum_{k=a}^{a+n-1} exp(-c k)` times the decay until `startSeconds`,
 * `c = lambda p secondsPerPage`: a geometric sum, computed as
 * `exp(-c a) expm1(-c n) / expm1(-c)`. O(runs). For a walk, visit `i` has
 * written its page before the inspection iff `i / r < startSeconds +
 * (start + i stride) secondsPerPage`: a prefix of the pass.
 *
 * @param spec The workload.
 * @param pageCount Pages of the VM (integer >= 1).
 * @param secondsPerPage Time between two pages' inspections (>= 0).
 * @param startSeconds Execution time of page 0's inspection (>= 0).
 * @returns The expected number of pages found zero.
 *
 * @example An idle VM keeps all its zero pages
 * ```ts
 * import { expectedZeroPagesInPass } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(
 *   expectedZeroPagesInPass({ kind: "idle", zeroPages: { initialShare: 0.25 } }, 1000, 1e-3),
 *   250,
 * );
 * ```
 */
export function expectedZeroPagesInPass(
  spec: WorkloadSpec,
  pageCount: number,
  secondsPerPage: number,
  startSeconds: number = 0,
): number {
  integer(ACTION, "pageCount", pageCount, 1);
  nonNegative(ACTION, "secondsPerPage", secondsPerPage);
  nonNegative(ACTION, "startSeconds", startSeconds);
  if (spec.zeroPages === undefined) return 0;
  const model = workloadModel(spec);
  const walk = model.walk?.(spec, pageCount);
  if (walk !== undefined) {
    // Visit i (first write at i / r) precedes its page's inspection at
    // startSeconds + (startPage + i stride) tPage iff i c < d, with:
    const c = 1 / walk.visitsPerSecond - walk.stridePages * secondsPerPage;
    const d = startSeconds + walk.startPage * secondsPerPage;
    const written = walk.visitsPerSecond === 0
      ? 0
      : c > 0
      ? Math.ceil(d / c)
      : d > 0 || c < 0
      ? walk.visits
      : 0;
    return walkZeroPages(spec, pageCount, walk, written);
  }
  const runs: PageOrderRun[] = pageOrderRuns(spec, pageCount);
  const lambda = model.rates(spec).writesPerSecond;
  const z = spec.zeroPages.zeroingWriteShare ?? 0;
  let sum = 0;
  for (const run of runs) {
    const rate = lambda * (run.writeShare / run.pages); // writes per second on one page
    const c = rate * secondsPerPage;
    const n = run.pages;
    const decay = Math.exp(-rate * startSeconds - c * run.startPage);
    const g = c === 0 ? n * decay : (decay * Math.expm1(-c * n)) / Math.expm1(-c);
    sum += run.initialZeroShare * g + z * (n - g);
  }
  return sum;
}

/**
 * Expected zero pages when the first `written` visits of a walk have written their
 * pages: those are zero with probability `zeroingWriteShare`, every other page keeps
 * its initial state. O(1) for zero pages in ranges, by counting the visits in each.
 */
function walkZeroPages(
  spec: WorkloadSpec,
  pageCount: number,
  walk: PageWalk,
  written: number,
): number {
  const zero = spec.zeroPages!;
  const w = Math.max(0, Math.min(walk.visits, written));
  const z = zero.zeroingWriteShare ?? 0;
  const initial = initialZeroPageCount(zero, pageCount);
  const placement = zero.placement ?? { kind: "top" };
  let initiallyZeroVisited: number;
  if (placement.kind === "scattered") initiallyZeroVisited = (w * initial) / pageCount;
  else {
    let ranges: [number, number][];
    if (placement.kind === "top") ranges = [[pageCount - initial, pageCount]];
    else if (placement.kind === "start") ranges = [[0, initial]];
    else {
      const o = Math.min(pageCount - 1, Math.floor(placement.offsetFraction * pageCount));
      const end = Math.min(pageCount, o + initial);
      ranges = [[o, end], [0, initial - (end - o)]];
    }
    initiallyZeroVisited = 0;
    // The w visits from the walk's start visit, wrapping at the end of the pass.
    const first = walk.startVisit;
    const head = Math.min(w, walk.visits - first);
    for (const [a, b] of ranges) {
      initiallyZeroVisited += visitsIn(walk, first, first + head, a, b) +
        visitsIn(walk, 0, w - head, a, b);
    }
  }
  return initial - initiallyZeroVisited + z * w;
}

/** Visits `from <= i < to` of a walk's pass whose page lies in `[a, b)`. */
function visitsIn(walk: PageWalk, from: number, to: number, a: number, b: number): number {
  if (b <= a || to <= from) return 0;
  const { startPage: s0, stridePages: s } = walk;
  // startPage + i s >= a  <=>  i >= ceil((a - startPage) / s); < b likewise.
  const lo = Math.max(from, Math.ceil((a - s0) / s));
  const hi = Math.min(to, Math.ceil((b - s0) / s));
  return Math.max(0, hi - lo);
}
