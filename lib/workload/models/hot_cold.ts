import { integer, within } from "../../_validate.ts";
import { MAX_PAGE_COUNT } from "../page_limit.ts";
import { type PagePlacement, START_PLACEMENT, validatePagePlacement } from "../placement.ts";
import type { AccessRates, PageRun, WorkloadCommon, WorkloadModel } from "../model.ts";
import { ratesOf, shareAboveZero, validateRates } from "./_rates.ts";

/**
 * A writable working set (Clark et al. 2005, "Live migration of virtual machines",
 * NSDI, section 4: a small set of pages is rewritten often, most of memory rarely):
 * `hotFraction` of the pages take `hotShare` of the accesses, uniformly; the other
 * pages take the rest, uniformly. The hot set is ranks `0 .. H - 1` with
 * `H = max(1, round(hotFraction x P))` ({@link hotSetPages}); `placement` says where
 * they lie in memory (by default pages `0 .. H - 1`).
 */
export interface HotColdWorkload extends AccessRates, WorkloadCommon {
  /** Discriminant. */
  kind: "hot-cold";
  /** Share of the pages in the hot set, in (0, 1]. */
  hotFraction: number;
  /** Share of the accesses that go to the hot set, in [0, 1]. */
  hotShare: number;
  /**
   * Where the hot set lies in memory (the cold pages follow it, wrapping around).
   * @default {{ kind: "start" }}
   */
  placement?: PagePlacement;
}

/**
 * Number of pages in the hot set of a hot/cold workload:
 * `min(P, max(1, round(hotFraction x pageCount)))`.
 *
 * @param hotFraction Share of the pages in the hot set.
 * @param pageCount Pages of the VM.
 * @returns Pages in the hot set.
 *
 * @example
 * ```ts
 * import { hotSetPages } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(hotSetPages(0.05, 1000), 50);
 * ```
 */
export function hotSetPages(hotFraction: number, pageCount: number): number {
  within("size a hot set", "hotFraction", hotFraction, 0, 1);
  integer("size a hot set", "pageCount", pageCount, 1, MAX_PAGE_COUNT);
  return Math.min(pageCount, Math.max(1, Math.round(hotFraction * pageCount)));
}

/**
 * The hot/cold model: two runs, the hot set then the cold pages (one run when the
 * hot set is every page, which then takes every access).
 *
 * @example
 * ```ts
 * import { hotColdModel } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const d = hotColdModel.distribution(
 *   { kind: "hot-cold", writesPerSecond: 1, hotFraction: 0.1, hotShare: 0.9 },
 *   100,
 * );
 * assert.deepEqual(d.runs.map((r) => [r.pages, r.writeShare]), [[10, 0.9], [90, 1 - 0.9]]);
 * ```
 */
export const hotColdModel: WorkloadModel<HotColdWorkload> = Object.freeze({
  kind: "hot-cold" as const,
  validate(spec: HotColdWorkload, _pageCount: number, field: string, action: string) {
    validateRates(spec, field, action);
    shareAboveZero(action, `${field}.hotFraction`, spec.hotFraction);
    within(action, `${field}.hotShare`, spec.hotShare, 0, 1);
    if (spec.placement !== undefined) {
      validatePagePlacement(spec.placement, `${field}.placement`, action);
    }
  },
  rates: ratesOf,
  distribution(spec: HotColdWorkload, pageCount: number) {
    const hot = hotSetPages(spec.hotFraction, pageCount);
    const cold = pageCount - hot;
    const runs: PageRun[] = cold === 0 ? [{ pages: hot, writeShare: 1, accessShare: 1 }] : [
      { pages: hot, writeShare: spec.hotShare, accessShare: spec.hotShare },
      { pages: cold, writeShare: 1 - spec.hotShare, accessShare: 1 - spec.hotShare },
    ];
    return { runs, placement: spec.placement ?? START_PLACEMENT };
  },
});
