import { START_PLACEMENT } from "../placement.ts";
import type { WorkloadCommon, WorkloadModel } from "../model.ts";
import { oneRun } from "./_rates.ts";

/** A VM that touches no page. */
export interface IdleWorkload extends WorkloadCommon {
  /** Discriminant. */
  kind: "idle";
}

/**
 * The idle model: no access at all (one run of every page, with no share).
 *
 * @example
 * ```ts
 * import { idleModel } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(idleModel.rates({ kind: "idle" }).writesPerSecond, 0);
 * ```
 */
export const idleModel: WorkloadModel<IdleWorkload> = Object.freeze({
  kind: "idle" as const,
  validate() {},
  rates: () => ({ writesPerSecond: 0, readsPerSecond: 0 }),
  distribution: (_spec: IdleWorkload, pageCount: number) => ({
    runs: oneRun(pageCount, 0),
    placement: START_PLACEMENT,
  }),
});
