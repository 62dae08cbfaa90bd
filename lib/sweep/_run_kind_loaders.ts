/**
 * Loaders of the built-in run kinds, one module graph each, for `runSweep`'s Web
 * Workers and child processes: a worker that runs migrations loads the migration
 * engine only, not the data-centre simulation or the reliability models that
 * `SWEEP_RUN_KINDS` (`run_kinds.ts`) imports all at once. Internal: not re-exported;
 * its keys and kinds equal `SWEEP_RUN_KINDS`'s (`tests/sweep/schedule_test.ts`).
 *
 * @module
 */
import type { RunKind } from "./run_kind.ts";

/** Run kind name -> a function importing that kind's module and returning the kind. */
export const RUN_KIND_LOADERS: Readonly<Record<string, () => Promise<RunKind>>> = Object.freeze({
  migration: async () => (await import("./migration_runs.ts")).MIGRATION_RUNS,
  reliability: async () => (await import("./reliability_runs.ts")).RELIABILITY_RUNS,
  consolidation: async () => (await import("./consolidation_runs.ts")).CONSOLIDATION_RUNS,
  "rt-feasibility": async () => (await import("./rt_feasibility_runs.ts")).RT_FEASIBILITY_RUNS,
  beloglazov2012: async () => (await import("./beloglazov2012_runs.ts")).BELOGLAZOV2012_RUNS,
});

/**
 * Loads the run kind `name`, or throws naming it when it is not a built-in kind.
 *
 * @param name A key of `SWEEP_RUN_KINDS`.
 * @returns The run kind.
 */
export function loadRunKind(name: string): Promise<RunKind> {
  if (!Object.hasOwn(RUN_KIND_LOADERS, name)) {
    return Promise.reject(
      new TypeError(
        `Cannot run a sweep as kind must be one of ${
          Object.keys(RUN_KIND_LOADERS).map((k) => `"${k}"`).join(", ")
        }: current value is ${JSON.stringify(name) ?? String(name)}`,
      ),
    );
  }
  return RUN_KIND_LOADERS[name]!();
}
