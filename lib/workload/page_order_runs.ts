import { integer } from "../_validate.ts";
import { placeRuns } from "./_page_order.ts";
import type { PageRun } from "./model.ts";
import { workloadModel } from "./models.ts";
import type { WorkloadSpec } from "./spec.ts";
import { validateWorkload } from "./validate_workload.ts";
import { initialZeroLayout } from "./_zero_ranges.ts";

/**
 * A run of consecutive pages of equal write and access probability, in page order,
 * with the share of its pages that hold only zeros at the start.
 */
export interface PageOrderRun extends PageRun {
  /** First page of the run. */
  startPage: number;
  /**
   * Share of the run's pages that are zero at the start, in [0, 1]: 0 or 1 when the
   * zero pages are a range (each run lies wholly inside or outside it), `Z / P` for
   * scattered zero pages (the average over the permutation's draw).
   */
  initialZeroShare: number;
}

/**
 * The page distribution of a workload in page order: what the closed forms that
 * care where pages lie use (post-copy's active push sends in page order, and so
 * does pre-copy's first round, which finds zero pages as it goes).
 *
 * The model's runs are placed (`start` keeps them; `offset` rotates them; a
 * `scattered` permutation is replaced by its average, every page with the mean
 * probability) and then cut where the initial zero pages begin and end.
 *
 * @param spec The workload.
 * @param pageCount Pages of the VM (integer >= 1).
 * @returns Runs covering pages `0 .. pageCount - 1` in order.
 *
 * @example A hot set a quarter into memory, and zero pages at the top
 * ```ts
 * import { pageOrderRuns } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const runs = pageOrderRuns({
 *   kind: "hot-cold", writesPerSecond: 1, hotFraction: 0.25, hotShare: 0.5,
 *   placement: { kind: "offset", offsetFraction: 0.25 },
 *   zeroPages: { initialShare: 0.25 },
 * }, 8);
 * assert.deepEqual(
 *   runs.map((r) => [r.startPage, r.pages, r.initialZeroShare]),
 *   [[0, 2, 0], [2, 2, 0], [4, 2, 0], [6, 2, 1]],
 * );
 * assert.equal(runs[1]!.accessShare, 0.5); // the hot set, pages 2 and 3
 * assert.ok(Math.abs(runs[0]!.accessShare - 1 / 6) < 1e-15); // cold pages wrap to the start
 * ```
 */
export function pageOrderRuns(spec: WorkloadSpec, pageCount: number): PageOrderRun[] {
  integer("describe pages", "pageCount", pageCount, 1);
  validateWorkload(spec, pageCount, "spec", "describe pages");
  const placed = placeRuns(workloadModel(spec).distribution(spec, pageCount), pageCount);
  // Zero pages as ranges of pages (empty when none), or a share of every page.
  const { ranges, everywhere } = initialZeroLayout(spec.zeroPages, pageCount);
  const cuts = ranges.flat();
  const out: PageOrderRun[] = [];
  for (const r of placed) {
    let start = r.startPage;
    const end = r.startPage + r.pages;
    const points = cuts.filter((c) => c > start && c < end).sort((a, b) => a - b);
    for (const cut of [...points, end]) {
      const pages = cut - start;
      const f = pages / r.pages;
      const inZero = ranges.some(([a, b]) => start >= a && start < b);
      out.push({
        startPage: start,
        pages,
        writeShare: r.writeShare * f,
        accessShare: r.accessShare * f,
        initialZeroShare: ranges.length > 0 ? (inZero ? 1 : 0) : everywhere,
      });
      start = cut;
    }
  }
  return out;
}
