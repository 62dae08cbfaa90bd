import { START_PLACEMENT } from "../placement.ts";
import type { AccessRates, WorkloadCommon, WorkloadModel } from "../model.ts";
import { oneRun, ratesOf, validateRates } from "./_rates.ts";

/** Every access picks a page uniformly at random among all pages. */
export interface UniformWorkload extends AccessRates, WorkloadCommon {
  /** Discriminant. */
  kind: "uniform";
}

/**
 * The uniform model: one run of every page, taking all accesses.
 *
 * @example
 * ```ts
 * import { uniformModel } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const d = uniformModel.distribution({ kind: "uniform", writesPerSecond: 1 }, 10);
 * assert.deepEqual(d.runs, [{ pages: 10, writeShare: 1, accessShare: 1 }]);
 * ```
 */
export const uniformModel: WorkloadModel<UniformWorkload> = Object.freeze({
  kind: "uniform" as const,
  validate(spec: UniformWorkload, _pageCount: number, field: string, action: string) {
    validateRates(spec, field, action);
  },
  rates: ratesOf,
  distribution: (_spec: UniformWorkload, pageCount: number) => ({
    runs: oneRun(pageCount, 1),
    placement: START_PLACEMENT,
  }),
});
