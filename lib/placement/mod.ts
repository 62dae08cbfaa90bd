/**
 * Placement and consolidation: the placement model and validator, heuristics, bounds, ILP (HiGHS, loaded on the first solve), PBA, OBFDF, PABFD, GA, SCAVP, agents.
 *
 * The `./placement` entry point of the package (`deno.json` `exports`).
 *
 * @module
 */
export * from "./agents.ts";
export * from "./best_fit.ts";
export * from "./best_fit_decreasing.ts";
export * from "./compare_pba.ts";
export * from "./compare_placements.ts";
export * from "./contract_net_agents.ts";
export * from "./cutting_stock.ts";
export * from "./evaluate_desktop_placement.ts";
export * from "./first_fit.ts";
export * from "./first_fit_decreasing.ts";
export * from "./fit_options.ts";
export * from "./genetic.ts";
export * from "./ilp.ts";
export * from "./lower_bounds.ts";
export * from "./model.ts";
export * from "./next_fit.ts";
export * from "./obfdf.ts";
export * from "./pabfd.ts";
export * from "./pba.ts";
export * from "./scavp.ts";
export * from "./set_cover.ts";
export * from "./set_cover_exact.ts";
export * from "./validate_placement.ts";
export * from "./worst_fit.ts";
export * from "./work_limits.ts";
