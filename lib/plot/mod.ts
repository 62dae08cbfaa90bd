/**
 * Figures (Observable Plot, drawn server-side to SVG, displayed in Jupyter). Loads Plot and linkedom.
 *
 * The `./plot` entry point of the package (`deno.json` `exports`).
 *
 * @module
 */
export * from "./datacenter_metrics.ts";
export * from "./datacenter_timeline.ts";
export * from "./fault_outage.ts";
export * from "./feasibility_map.ts";
export * from "./figure.ts";
export * from "./figure_marks.ts";
export * from "./placement_comparison.ts";
export * from "./reliability_curves.ts";
export * from "./rounds.ts";
export * from "./sweep_metric.ts";
export * from "./sweep_plane.ts";
export * from "./technique_comparison.ts";
export * from "./timeline.ts";
export * from "./validation_errors.ts";
export * from "./validation_scatter.ts";
