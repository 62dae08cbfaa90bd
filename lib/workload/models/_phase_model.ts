/**
 * The model of each workload kind a phase of a phased workload may run.
 *
 * Internal: shared by `phased.ts` and `../create_workload.ts`; not re-exported from `mod.ts`.
 *
 * @module
 */
import { object, oneOf } from "../../_validate.ts";
import type { WorkloadModel } from "../model.ts";
import { hotColdModel } from "./hot_cold.ts";
import { idleModel } from "./idle.ts";
import type { PhaseWorkload } from "./phased.ts";
import { uniformModel } from "./uniform.ts";
import { zipfModel } from "./zipf.ts";

/** The model of each kind a phase may run. */
// deno-lint-ignore no-explicit-any
export const PHASE_MODELS: Record<PhaseWorkload["kind"], WorkloadModel<any>> = {
  "idle": idleModel,
  "uniform": uniformModel,
  "hot-cold": hotColdModel,
  "zipf": zipfModel,
};

/** The model of a phase's workload (its kind already checked). */
export function phaseModel(spec: PhaseWorkload): WorkloadModel<PhaseWorkload> {
  object("choose a phase model", "spec", spec);
  oneOf("choose a phase model", "spec.kind", spec.kind, Object.keys(PHASE_MODELS));
  return PHASE_MODELS[spec.kind];
}
