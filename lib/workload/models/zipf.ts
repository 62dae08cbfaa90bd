import { positive } from "../../_validate.ts";
import { createZipfSampler } from "../../random/zipf.ts";
import { type PagePlacement, START_PLACEMENT, validatePagePlacement } from "../placement.ts";
import type { AccessRates, PageRun, WorkloadCommon, WorkloadModel } from "../model.ts";
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

/** Rank ranges shorter than this are summed term by term, longer by Euler-Maclaurin. */
const DIRECT_TERMS = 32;

/**
 * The Zipf model. Pages are drawn exactly by rejection-inversion
 * (`createZipfSampler`, O(1) memory). For the expected-value models the ranks are
 * grouped into runs whose page probabilities differ by at most a relative
 * {@link ZIPF_RUN_SPREAD} (each run's share is the exact sum of its pages'
 * probabilities): the first `s / ZIPF_RUN_SPREAD` or so ranks are runs of one page,
 * then runs grow geometrically, so a VM of `P` pages has about
 * `(s / 1e-3) (1 + ln(P 1e-3 / s))` runs (9,300 for 4 Mi pages and s = 1) instead
 * of `P` values. Spreading a run's share evenly changes the expected distinct pages
 * by a relative O(spread^2), under 1e-7.
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
  const ratio = Math.pow(1 + ZIPF_RUN_SPREAD, 1 / s);
  const pages: number[] = [];
  const masses: number[] = [];
  for (let k = 0; k < pageCount;) {
    // Ranks k .. e - 1 (values k + 1 .. e): (e / (k + 1))^s <= 1 + spread.
    const e = Math.min(pageCount, Math.max(k + 1, Math.floor((k + 1) * ratio)));
    pages.push(e - k);
    masses.push(powerSum(k + 1, e, s));
    k = e;
  }
  let norm = 0;
  for (let i = masses.length - 1; i >= 0; i--) norm += masses[i]!; // smallest first
  return pages.map((n, i) => {
    const share = masses[i]! / norm;
    return { pages: n, writeShare: share, accessShare: share };
  });
}

/**
 * `sum_{j=a..b} j^-s` for integers `1 <= a <= b`: term by term (smallest first) for
 * short ranges, otherwise by Euler-Maclaurin with the integral, the end terms and
 * two derivative corrections; the next term is O(a^(-s-5)), negligible as long
 * ranges only occur for `a > 32`.
 */
function powerSum(a: number, b: number, s: number): number {
  if (b - a < DIRECT_TERMS) {
    let sum = 0;
    for (let j = b; j >= a; j--) sum += Math.pow(j, -s);
    return sum;
  }
  const logRatio = Math.log1p((b - a) / a);
  const integral = s === 1
    ? logRatio
    : (Math.pow(a, 1 - s) * Math.expm1((1 - s) * logRatio)) / (1 - s);
  const d1 = (x: number) => -s * Math.pow(x, -s - 1);
  const d3 = (x: number) => -s * (s + 1) * (s + 2) * Math.pow(x, -s - 3);
  return integral + (Math.pow(a, -s) + Math.pow(b, -s)) / 2 + (d1(b) - d1(a)) / 12 -
    (d3(b) - d3(a)) / 720;
}
