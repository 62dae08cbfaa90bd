import { integer, nonNegative, object, oneOf, positive, within } from "../_validate.ts";
import { hotSetPages } from "./create_workload.ts";
import type { WorkloadSpec } from "./spec.ts";

/** Workload kinds the expected-value page model covers. */
const COVERED_KINDS = ["idle", "uniform", "hot-cold", "zipf"] as const;

const ACTION = "compute expected distinct pages";

/**
 * Expected number of distinct pages dirtied by `writes` page writes, each drawn
 * independently from the workload's page distribution (the expected-value page
 * model of the closed-form migration models).
 *
 * With `p_k` the probability that one write picks page `k`, page `k` stays clean
 * after `w` writes with probability `(1 - p_k)^w`, so the expectation is
 * `sum_k 1 - (1 - p_k)^w`, computed as `-expm1(w * log1p(-p_k))` for accuracy when
 * `p_k` is tiny or `w` large:
 *
 * - `idle`: 0.
 * - `uniform`: `P (1 - (1 - 1/P)^w)`, in O(1).
 * - `hot-cold`: `H (1 - (1 - h/H)^w) + C (1 - (1 - (1 - h)/C)^w)` with `h` the hot
 *   share, `H = min(P, max(1, round(hotFraction x P)))` hot pages and `C = P - H`
 *   cold ones; when `C = 0` every write goes to the hot set. O(1). `H` comes from
 *   `hotSetPages`, the function the workload generator (`createWorkload`) uses, so
 *   the model and the simulator always agree on the hot set.
 * - `zipf`: `p_k = (k + 1)^-s / H_{P,s}`; two passes over the pages (the
 *   normaliser, then the sum), so O(P) time with one `pow`, `log1p` and `expm1`
 *   per page and no allocation: about 10 ms for a million pages.
 *
 * The count of writes is taken as given (deterministic). The simulator draws a
 * Poisson number of writes with mean `w`, for which the exact expectation is
 * `sum_k 1 - exp(-w p_k)`; the two differ by a relative O(w / P^2) for uniform
 * pages (0.05% at P = w = 1000), well below the sampling noise of a run.
 *
 * Phased and trace workloads are not covered: they throw a TypeError.
 *
 * @param spec The workload (idle, uniform, hot-cold or zipf).
 * @param pageCount Pages of the VM (integer >= 1).
 * @param writes Number of page writes (finite, >= 0; need not be an integer).
 * @returns The expected number of distinct pages written, in [0, pageCount].
 *
 * @example 1000 uniform writes on 1000 pages dirty about 1 - 1/e of them
 * ```ts
 * import { expectedDistinctPages } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const pages = expectedDistinctPages({ kind: "uniform", writesPerSecond: 1 }, 1000, 1000);
 * assert.ok(Math.abs(pages - 1000 * (1 - Math.pow(0.999, 1000))) < 1e-9);
 * assert.ok(Math.abs(pages - 632.3) < 0.1);
 * ```
 */
export function expectedDistinctPages(
  spec: WorkloadSpec,
  pageCount: number,
  writes: number,
): number {
  checkArguments(spec, pageCount);
  nonNegative(ACTION, "writes", writes);
  if (writes === 0 || spec.kind === "idle") return 0;
  if (spec.kind === "zipf") {
    const s = spec.exponent;
    let norm = 0;
    // Smallest terms first, for an accurate sum.
    for (let k = pageCount; k >= 1; k--) norm += Math.pow(k, -s);
    let sum = 0;
    for (let k = pageCount; k >= 1; k--) {
      sum -= Math.expm1(writes * Math.log1p(-Math.pow(k, -s) / norm));
    }
    return Math.min(pageCount, sum);
  }
  return createDistinctPagesModel(spec, pageCount)(writes);
}

/**
 * Prepares the expected-value page model of {@link expectedDistinctPages} for one
 * workload and page count, for repeated evaluation (as pre-copy rounds do).
 *
 * Uniform and hot-cold models cost O(1) per call and allocate nothing. The Zipf
 * model precomputes `log1p(-p_k)` for every page once (a `Float64Array` of
 * `pageCount` entries, 8 bytes a page) and then costs one `expm1` per page per
 * call.
 *
 * @param spec The workload (idle, uniform, hot-cold or zipf).
 * @param pageCount Pages of the VM (integer >= 1).
 * @returns A function from a number of writes (>= 0, not checked) to the expected
 * number of distinct pages they dirty.
 *
 * @example Evaluate the hot-cold model for several write counts
 * ```ts
 * import { createDistinctPagesModel } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const model = createDistinctPagesModel(
 *   { kind: "hot-cold", writesPerSecond: 1, hotFraction: 0.1, hotShare: 0.9 },
 *   1000,
 * );
 * assert.equal(model(0), 0);
 * assert.ok(model(100_000) > 999.9); // every page, eventually
 * assert.ok(model(1000) < model(2000));
 * ```
 */
export function createDistinctPagesModel(
  spec: WorkloadSpec,
  pageCount: number,
): (writes: number) => number {
  checkArguments(spec, pageCount);
  switch (spec.kind) {
    case "uniform": {
      const a = Math.log1p(-1 / pageCount);
      return (writes) => writes === 0 ? 0 : -pageCount * Math.expm1(writes * a);
    }
    case "hot-cold": {
      // The generator's own hot-set size, so model and simulator stay in sync.
      const hot = hotSetPages(spec.hotFraction, pageCount);
      const cold = pageCount - hot;
      const share = cold === 0 ? 1 : spec.hotShare;
      const aHot = Math.log1p(-share / hot);
      const aCold = cold === 0 ? 0 : Math.log1p(-(1 - share) / cold);
      return (writes) =>
        writes === 0 ? 0 : -hot * Math.expm1(writes * aHot) -
          cold * Math.expm1(writes * aCold);
    }
    case "zipf": {
      const s = spec.exponent;
      let norm = 0;
      for (let k = pageCount; k >= 1; k--) norm += Math.pow(k, -s);
      const logClean = new Float64Array(pageCount);
      for (let k = 0; k < pageCount; k++) {
        logClean[k] = Math.log1p(-Math.pow(k + 1, -s) / norm);
      }
      return (writes) => {
        if (writes === 0) return 0;
        let sum = 0;
        for (let k = pageCount - 1; k >= 0; k--) {
          sum -= Math.expm1(writes * logClean[k]!);
        }
        return Math.min(pageCount, sum);
      };
    }
    default:
      return () => 0;
  }
}

/** Validates the workload kind and its parameters, and the page count. */
function checkArguments(spec: WorkloadSpec, pageCount: number): void {
  object(ACTION, "spec", spec);
  // Phased and trace workloads fall outside the model: the message says which it covers.
  oneOf(ACTION, "spec.kind", spec.kind, COVERED_KINDS);
  integer(ACTION, "pageCount", pageCount, 1);
  if (spec.kind === "hot-cold") {
    if (within(ACTION, "spec.hotFraction", spec.hotFraction, 0, 1) === 0) {
      throw new RangeError(
        `Cannot ${ACTION} as spec.hotFraction must be in (0, 1]: current value is 0`,
      );
    }
    within(ACTION, "spec.hotShare", spec.hotShare, 0, 1);
  }
  if (spec.kind === "zipf") positive(ACTION, "spec.exponent", spec.exponent);
}
