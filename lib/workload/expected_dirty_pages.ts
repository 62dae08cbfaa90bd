import { integer, nonNegative, object, oneOf } from "../_validate.ts";
import { distinctPagesModel } from "./_distinct_pages.ts";
import type { WorkloadSpec } from "./spec.ts";
import { validateWorkload } from "./validate_workload.ts";

/** Workload kinds the expected-value page model covers. */
const COVERED_KINDS = ["idle", "uniform", "hot-cold", "zipf", "sequential"] as const;

const ACTION = "compute expected distinct pages";

/**
 * Expected number of distinct pages dirtied by `writes` page writes (the
 * expected-value page model of the closed-form migration models).
 *
 * For a model whose writes are independent draws from its runs (uniform, hot-cold,
 * Zipf; see `WorkloadModel`), with `p` the probability that one write picks a given
 * page of a run of `n` pages, each page of the run stays clean after `w` writes with
 * probability `(1 - p)^w`, so the expectation is `sum over runs of n (1 - (1 - p)^w)`,
 * computed as `-n expm1(w log1p(-p))` for accuracy when `p` is tiny or `w` large.
 * This is one formula over the runs, so its cost is O(runs) per call, whatever the
 * page count:
 *
 * - `idle`: 0.
 * - `uniform`: one run, `P (1 - (1 - 1/P)^w)`.
 * - `hot-cold`: `H (1 - (1 - h/H)^w) + C (1 - (1 - (1 - h)/C)^w)` with `h` the hot
 *   share, `H = hotSetPages(hotFraction, P)` hot pages and `C = P - H` cold ones; the
 *   simulator draws from the same runs, so the two always agree on the hot set. When the
 *   hot set holds every page (`C = 0`), every write goes to it, whatever `hotShare`: the
 *   uniform model.
 * - `zipf`: its runs of near-equal probability (`zipfModel`), about 10^4 for
 *   millions of pages.
 * - `sequential`: not independent draws; its own model, `min(w, m)` in expectation
 *   over the window's phase for a pass of `m` pages (`sequentialModel`).
 *
 * Placement does not matter here (which pages are hot changes nothing to how many
 * distinct pages are hit). The count of writes is taken as given (deterministic).
 * The simulator draws a Poisson number of writes with mean `w`, for which the exact
 * expectation is `sum_k 1 - exp(-w p_k)`; the two differ by a relative O(w / P^2) for
 * uniform pages (0.05% at P = w = 1000), well below the sampling noise of a run.
 *
 * Phased and trace workloads are not covered: they throw a TypeError.
 *
 * @param spec The workload (idle, uniform, hot-cold, zipf or sequential).
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
  const model = createDistinctPagesModel(spec, pageCount);
  nonNegative(ACTION, "writes", writes);
  return model(writes);
}

/**
 * Prepares the expected-value page model of {@link expectedDistinctPages} for one
 * workload and page count, for repeated evaluation (as pre-copy rounds do).
 *
 * The model keeps one `log1p(-p)` per run (a `Float64Array`, 8 bytes a run) and then
 * costs one `expm1` per run per call, allocating nothing: O(1) for uniform and
 * hot-cold, about 10^4 runs for a Zipf law over millions of pages.
 *
 * @param spec The workload (idle, uniform, hot-cold, zipf or sequential).
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
  object(ACTION, "spec", spec);
  // Phased and trace workloads fall outside the model: the message says which it covers.
  oneOf(ACTION, "spec.kind", spec.kind, COVERED_KINDS);
  integer(ACTION, "pageCount", pageCount, 1);
  validateWorkload(spec, pageCount, "spec", ACTION);
  return distinctPagesModel(spec, pageCount);
}
