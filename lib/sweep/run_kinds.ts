import { BELOGLAZOV2012_RUNS } from "./beloglazov2012_runs.ts";
import { CONSOLIDATION_RUNS } from "./consolidation_runs.ts";
import { MIGRATION_RUNS } from "./migration_runs.ts";
import { RELIABILITY_RUNS } from "./reliability_runs.ts";
import type { RunKind } from "./run_kind.ts";
import { RT_FEASIBILITY_RUNS } from "./rt_feasibility_runs.ts";

/**
 * The run kinds a sweep spec can name in `kind`. Adding one is a file exporting a
 * {@link RunKind} and a line here; workers import this registry, which loads only the
 * engine, the reliability models and the data-centre simulation (no figures, no solver).
 *
 * @example Every registered kind declares defaults for its parameters
 * ```ts
 * import { SWEEP_RUN_KINDS } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(Object.keys(SWEEP_RUN_KINDS), [
 *   "migration",
 *   "reliability",
 *   "consolidation",
 *   "rt-feasibility",
 *   "beloglazov2012",
 * ]);
 * assert.equal(SWEEP_RUN_KINDS.migration!.parameters.memoryBytes!.default, 2 ** 30);
 * ```
 */
export const SWEEP_RUN_KINDS: Readonly<Record<string, RunKind>> = Object.freeze({
  migration: MIGRATION_RUNS,
  reliability: RELIABILITY_RUNS,
  consolidation: CONSOLIDATION_RUNS,
  "rt-feasibility": RT_FEASIBILITY_RUNS,
  beloglazov2012: BELOGLAZOV2012_RUNS,
});
