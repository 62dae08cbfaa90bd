import { object, oneOf } from "../_validate.ts";
import type { WorkloadModel } from "./model.ts";
import { hotColdModel } from "./models/hot_cold.ts";
import { idleModel } from "./models/idle.ts";
import { phasedModel } from "./models/phased.ts";
import { sequentialModel } from "./models/sequential.ts";
import { traceModel } from "./models/trace.ts";
import { uniformModel } from "./models/uniform.ts";
import { zipfModel } from "./models/zipf.ts";
import type { WorkloadKind, WorkloadSpec } from "./spec.ts";

/**
 * Every workload model by kind: the one table that ties a spec's `kind` to the file
 * that validates and describes it.
 *
 * @example
 * ```ts
 * import { WORKLOAD_MODELS } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(WORKLOAD_MODELS["hot-cold"].kind, "hot-cold");
 * ```
 */
export const WORKLOAD_MODELS: Readonly<
  { [K in WorkloadKind]: WorkloadModel<Extract<WorkloadSpec, { kind: K }>> }
> = Object.freeze({
  "idle": idleModel,
  "uniform": uniformModel,
  "hot-cold": hotColdModel,
  "zipf": zipfModel,
  "sequential": sequentialModel,
  "phased": phasedModel,
  "trace": traceModel,
});

/**
 * The model of a spec (its kind must be known).
 *
 * @param spec A workload spec.
 * @returns The model of its kind.
 *
 * @example
 * ```ts
 * import { workloadModel } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(workloadModel({ kind: "uniform", writesPerSecond: 5 }).rates({ kind: "uniform", writesPerSecond: 5 }).writesPerSecond, 5);
 * ```
 */
export function workloadModel<S extends WorkloadSpec>(spec: S): WorkloadModel<S> {
  object("choose a workload model", "spec", spec);
  oneOf("choose a workload model", "spec.kind", spec.kind, Object.keys(WORKLOAD_MODELS));
  return WORKLOAD_MODELS[spec.kind] as unknown as WorkloadModel<S>;
}
