/**
 * The engine's page-count limit, in a module of its own that imports nothing: the workload
 * models check it, and importing it from `validate_workload.ts` (which imports the models'
 * table) made a cycle that failed when a model file was the first one loaded.
 * `validate_workload.ts` re-exports it, as before.
 *
 * @module
 */

/** Largest page count the engine accepts (2^30 pages: 4 TiB of 4 KiB pages). */
export const MAX_PAGE_COUNT = 2 ** 30;
