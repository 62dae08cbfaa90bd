/**
 * HiGHS (LP/MILP solver) compiled to WebAssembly, pinned; its types are CommonJS-shaped.
 * `lib/placement/_ilp_solver.ts` imports this file dynamically on the first solve, so the
 * solver loads only when an ILP is solved.
 *
 * @module
 */

export { default as highsLoader } from "npm:highs@1.15.3";
export type { Highs, InitOptions as HighsInitOptions } from "npm:highs@1.15.3";
