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
 * `z0 e + z (1 - e)`, and the sum over runs costs O(runs). Under a `scattered`
 * placement a page may have any run's probability (the permutation gives it each rank
 * alike), so `e` is the mean of the runs' `exp(-lambda p t)` weighted by their pages, not
 * the value at the mean probability (O(runs) per page-order run).
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
    const w = Math.min(walk.visits, Math.ceil(seconds * walk.visitsPerSecond));
    const head = Math.min(w, walk.visits - walk.startVisit);
    // the w visits from the walk's start visit, wrapping at the end of the pass
    return walkZeroPages(spec, pageCount, walk, [
      [walk.startVisit, walk.startVisit + head],
      [0, w - head],
    ]);
  }
  const runs = pageOrderRuns(spec, pageCount);
  const lambda = model.rates(spec).writesPerSecond;
  const z = spec.zeroPages.zeroingWriteShare ?? 0;
  const scattered = scatteredRates(spec, pageCount, lambda);
  let sum = 0;
  for (const run of runs) {
    // the chance that one of the run's pages escapes every write until `seconds`
    let e = 0;
    if (scattered === undefined) e = Math.exp(-lambda * (run.writeShare / run.pages) * seconds);
    else {
      for (let i = 0; i < scattered.rates.length; i++) {
        e += scattered.weights[i]! * Math.exp(-scattered.rates[i]! * seconds);
      }
    }
    sum += run.pages * (run.initialZeroShare * e + z * (1 - e));
  }
  return sum;
}

/**
 * Under a `scattered` placement, the per-page write rates a page may have and their
 * weights: a uniformly drawn permutation gives every page each rank alike, so a page's
 * chance to escape the writes is the mean of the runs' chances weighted by their pages
 * (the chance at the mean rate would overstate it: exp is convex). Undefined for the
 * other placements, where each page has its run's own rate.
 */
function scatteredRates(
  spec: WorkloadSpec,
  pageCount: number,
  lambda: number,
): { rates: Float64Array; weights: Float64Array } | undefined {
  const dist = workloadModel(spec).distribution(spec, pageCount);
  if (dist.placement.kind !== "scattered") return undefined;
  const runs = dist.runs.filter((run) => run.pages > 0);
  return {
    rates: Float64Array.from(runs, (run) => lambda * (run.writeShare / run.pages)),
    weights: Float64Array.from(runs, (run) => run.pages / pageCount),
  };
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
 * `exp(-c a) expm1(-c n) / expm1(-c)` (under a `scattered` placement, the mean of
 * that over the runs' probabilities weighted by their pages). O(runs). For a walk,
 * visit `i`, the walk's `((i - startVisit) mod m)`-th write, has written its page
 * before the inspection iff that order over `r` is below `startSeconds +
 * (start + i stride) secondsPerPage`: a range of the visits from `startVisit` on and
 * one of those before it.
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
  validateWorkload(spec, pageCount, "spec", ACTION);
  if (spec.zeroPages === undefined) return 0;
  const model = workloadModel(spec);
  const walk = model.walk?.(spec, pageCount);
  if (walk !== undefined) {
    if (walk.visitsPerSecond === 0) return walkZeroPages(spec, pageCount, walk, []);
    // Visit i is the walk's ((i - s) mod m)-th write (s its start visit, m its visits),
    // made at that over r, and precedes its page's inspection at
    // startSeconds + (startPage + i stride) tPage iff i c < b, with
    // c = 1 / r - stride tPage and b = d + s / r for the visits from s on (their order
    // i - s), d + (s - m) / r for those before s (their order i - s + m):
    const { visits: m, startVisit: first, visitsPerSecond: r } = walk;
    const c = 1 / r - walk.stridePages * secondsPerPage;
    const d = startSeconds + walk.startPage * secondsPerPage;
    return walkZeroPages(spec, pageCount, walk, [
      visitsBelow(first, m, c, d + first / r),
      visitsBelow(0, first, c, d + (first - m) / r),
    ]);
  }
  const runs: PageOrderRun[] = pageOrderRuns(spec, pageCount);
  const lambda = model.rates(spec).writesPerSecond;
  const z = spec.zeroPages.zeroingWriteShare ?? 0;
  const scattered = scatteredRates(spec, pageCount, lambda);
  /** The chance, summed over the run's pages, that a page of `rate` writes per second escapes every write until its inspection. */
  const escapes = (run: PageOrderRun, rate: number) => {
    const c = rate * secondsPerPage;
    const n = run.pages;
    const decay = Math.exp(-rate * startSeconds - c * run.startPage);
    return c === 0 ? n * decay : (decay * Math.expm1(-c * n)) / Math.expm1(-c);
  };
  let sum = 0;
  for (const run of runs) {
    let g = 0;
    // writes per second on one page: the run's, or under a scattered placement any run's
    if (scattered === undefined) g = escapes(run, lambda * (run.writeShare / run.pages));
    else {
      for (let i = 0; i < scattered.rates.length; i++) {
        g += scattered.weights[i]! * escapes(run, scattered.rates[i]!);
      }
    }
    sum += run.initialZeroShare * g + z * (run.pages - g);
  }
  return sum;
}

/** The visits `i` in `[from, to)` with `i c < b`, as a range `[from', to')`. */
function visitsBelow(from: number, to: number, c: number, b: number): [number, number] {
  if (c > 0) return [from, Math.max(from, Math.min(to, Math.ceil(b / c)))];
  if (c === 0) return b > 0 ? [from, to] : [from, from];
  // c < 0: i > b / c
  return [Math.min(to, Math.max(from, Math.floor(b / c) + 1)), to];
}

/**
 * Expected zero pages when the visits of a walk in the given ranges (disjoint, within
 * the pass) have written their pages: those are zero with probability
 * `zeroingWriteShare`, every other page keeps its initial state. O(1) for zero pages in
 * ranges, by counting the visits in each.
 */
function walkZeroPages(
  spec: WorkloadSpec,
  pageCount: number,
  walk: PageWalk,
  written: readonly [number, number][],
): number {
  const zero = spec.zeroPages!;
  let w = 0;
  for (const [from, to] of written) w += Math.max(0, to - from);
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
    for (const [a, b] of ranges) {
      for (const [from, to] of written) initiallyZeroVisited += visitsIn(walk, from, to, a, b);
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
