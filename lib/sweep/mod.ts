/**
 * Sweeps: a grid or list of parameters x technique variants x seeds, run over Deno Workers,
 * sharded for a cluster scheduler, merged, written as CSV or JSON Lines.
 *
 * The `./sweep` entry point of the package (`deno.json` `exports`).
 *
 * @module
 */
export * from "./consolidation_runs.ts";
export * from "./expand_sweep.ts";
export * from "./merge_sweep_shards.ts";
export * from "./migration_runs.ts";
export * from "./parse_sweep_rows.ts";
export * from "./reliability_runs.ts";
export * from "./rt_feasibility_runs.ts";
export * from "./run_kind.ts";
export * from "./run_kinds.ts";
export * from "./run_sweep.ts";
export * from "./shard.ts";
export * from "./summarize_sweep.ts";
export * from "./sweep_migration_feasibility.ts";
export * from "./sweep_output.ts";
export * from "./sweep_progress.ts";
export * from "./beloglazov2012_runs.ts";
