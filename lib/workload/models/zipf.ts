import { positive } from "../../_validate.ts";
import { createZipfSampler } from "../../random/zipf.ts";
import { type PagePlacement, START_PLACEMENT, validatePagePlacement } from "../placement.ts";
import type { AccessRates, PageRun, WorkloadCommon, WorkloadModel } from "../model.ts";
import { powerSum } from "./_power_sum.ts";
import { ratesOf, validateRates } from "./_rates.ts";

/**
 * Zipf-skewed accesses: rank `k` (0-based) is picked with probability proportional
 * to `1 / (k + 1)^exponent`, so low ranks are the hottest; `placement` says where
 * the ranks lie in memory (by default rank `k` is page `k`).
 */
export interface ZipfWorkload extends AccessRates, WorkloadCommon {
  /** Discriminant. */
  kind: "zipf";
  /** The Zipf exponent s, > 0 (1 is the classic law). */
  exponent: number;
  /**
   * Where the ranks lie in memory.
   * @default {{ kind: "start" }}
   */
  placement?: PagePlacement;
}

/**
 * Largest relative spread of the page probabilities inside one run of the Zipf
 * model's description: consecutive ranks share a run while the first one's
 * probability is at most `1 + ZIPF_RUN_SPREAD` times the last one's.
 */
export const ZIPF_RUN_SPREAD = 1e-3;

/**
 * VMs of at most this many pages get one run per rank: their Zipf description is exact,
 * at 8 bytes of model state a page (512 KiB here).
 */
export const ZIPF_EXACT_PAGES = 65_536;

/**
 * Largest share of all writes the Zipf model's last run may lump together regardless of
 * spread: once the ranks left carry at most this share (by the integral bound
 * `k^(1-s) / (s - 1)` on the tail beyond rank `k`, against a total of at least 1), they
 * form one run. Both the exact and the lumped expected distinct pages of that run lie in
 * `[0, w x share]` for `w` writes, so the lump changes the result by at most
 * `w x ZIPF_TAIL_SHARE` pages (1e-6 pages at 10^24 writes). It bounds the runs of steep
 * laws (exponent 10: about 1,500 runs instead of 10,000 single ranks; exponent 10^308: 2).
 */
export const ZIPF_TAIL_SHARE = 1e-30;

/**
 * The Zipf model. Pages are drawn exactly by rejection-inversion
 * (`createZipfSampler`, O(1) memory). For the expected-value models the ranks are
 * grouped into runs whose page probabilities differ by at most a relative
 * {@link ZIPF_RUN_SPREAD} (each run's share is the exact sum of its pages'
 * probabilities): the first `s / ZIPF_RUN_SPREAD` or so ranks are runs of one page,
 * then runs grow geometrically, so a VM of `P` pages has about
 * `(s / 1e-3) (1 + ln(P 1e-3 / s))` runs (9,300 for 4 Mi pages and s = 1, 14,900 for
 * a 4 TiB VM of 2^30 pages) instead of `P` values; the ranks past a tail of share at most
 * {@link ZIPF_TAIL_SHARE} form one run, which caps steep laws (at most about 60,000 runs
 * for any exponent and page count). VMs of up to {@link ZIPF_EXACT_PAGES} pages get one
 * run per rank (exact).
 *
 * Error bound of the grouping, for the expected distinct pages `n (1 - (1 - p)^w)` summed
 * over a run: with `f(p) = 1 - (1 - p)^w` concave and `f(0) = 0`, `f(p) / p` falls as `p`
 * grows, so every page's term lies within a factor `1 + spread` of the run mean's, and
 * by Jensen the run mean's term is the larger: spreading a run's share evenly
 * overestimates the expected distinct pages by at most a relative
 * {@link ZIPF_RUN_SPREAD} (1e-3), plus at most `w x ZIPF_TAIL_SHARE` pages for the tail.
 * The first-order terms cancel, so the error seen is O(spread^2), about 1e-7
 * (`tests/workload/models/zipf_test.ts` checks both against the page-by-page sum).
 *
 * @example The first ranks are runs of their own
 * ```ts
 * import { zipfModel } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const d = zipfModel.distribution({ kind: "zipf", writesPerSecond: 1, exponent: 1 }, 1_000_000);
 * assert.equal(d.runs[0]!.pages, 1);
 * assert.ok(d.runs.length < 15_000);
 * const total = d.runs.reduce((s, r) => s + r.writeShare, 0);
 * assert.ok(Math.abs(total - 1) < 1e-12);
 * ```
 */
export const zipfModel: WorkloadModel<ZipfWorkload> = Object.freeze({
  kind: "zipf" as const,
  validate(spec: ZipfWorkload, _pageCount: number, field: string, action: string) {
    validateRates(spec, field, action);
    positive(action, `${field}.exponent`, spec.exponent);
    if (spec.placement !== undefined) {
      validatePagePlacement(spec.placement, `${field}.placement`, action);
    }
  },
  rates: ratesOf,
  distribution(spec: ZipfWorkload, pageCount: number) {
    return {
      runs: zipfRuns(pageCount, spec.exponent),
      placement: spec.placement ?? START_PLACEMENT,
    };
  },
  rankSampler(spec: ZipfWorkload, pageCount: number) {
    return createZipfSampler(pageCount, spec.exponent);
  },
});

/** The runs of a Zipf law over `pageCount` ranks with exponent `s`. */
function zipfRuns(pageCount: number, s: number): PageRun[] {
  const ratio = pageCount <= ZIPF_EXACT_PAGES ? 1 : Math.pow(1 + ZIPF_RUN_SPREAD, 1 / s);
  // Past rank k the tail is at most k^(1-s) / (s - 1) of a total >= 1 (s > 1 only).
  const logTail = Math.log(ZIPF_TAIL_SHARE);
  const lumpTail = (k: number) =>
    s > 1 && k >= 1 && (1 - s) * Math.log(k) - Math.log(s - 1) <= logTail;
  const pages: number[] = [];
  const masses: number[] = [];
  for (let k = 0; k < pageCount;) {
    // Ranks k .. e - 1 (values k + 1 .. e): (e / (k + 1))^s <= 1 + spread, or the tail.
    const tail = lumpTail(k);
    const e = tail ? pageCount : Math.min(pageCount, Math.max(k + 1, Math.floor((k + 1) * ratio)));
    pages.push(e - k);
    // Euler-Maclaurin is asymptotic in the first value: for a steep tail starting low it
    // may miss by more than the tail itself, so the tail's mass is kept in [0, its bound].
    const mass = powerSum(k + 1, e, s);
    masses.push(
      tail ? Math.min(Math.max(mass, 0), Math.exp((1 - s) * Math.log(k) - Math.log(s - 1))) : mass,
    );
    k = e;
  }
  let norm = 0;
  for (let i = masses.length - 1; i >= 0; i--) norm += masses[i]!; // smallest first
  return pages.map((n, i) => {
    const share = masses[i]! / norm;
    return { pages: n, writeShare: share, accessShare: share };
  });
}
