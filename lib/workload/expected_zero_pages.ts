import { integer, nonNegative } from "../_validate.ts";
import { workloadModel } from "./models.ts";
import { type PageOrderRun, pageOrderRuns } from "./page_order_runs.ts";
import type { WorkloadSpec } from "./spec.ts";

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
 * The sequential writer is not a Poisson process; its runs spread its writes
 * evenly over its region, so this is an approximation for it (it ignores that the
 * writer hits each page once per pass in order).
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
  if (spec.zeroPages === undefined) return 0;
  const runs = pageOrderRuns(spec, pageCount);
  const lambda = workloadModel(spec).rates(spec).writesPerSecond;
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
 * `exp(-c a) expm1(-c n) / expm1(-c)`. O(runs).
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
  const runs: PageOrderRun[] = pageOrderRuns(spec, pageCount);
  const lambda = workloadModel(spec).rates(spec).writesPerSecond;
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
