/**
 * Data-centre simulation: power models, PlanetLab traces, overload detection, VM selection, `simulateDatacenter`, the Beloglazov and Buyya presets.
 *
 * The `./datacenter` entry point of the package (`deno.json` `exports`).
 *
 * @module
 */
export * from "./beloglazov2012.ts";
export * from "./double_threshold.ts";
export * from "./iqr_threshold.ts";
export * from "./local_regression.ts";
export * from "./mad_threshold.ts";
export * from "./planetlab_folder.ts";
export * from "./power_model.ts";
export * from "./read_planetlab_folder.ts";
export * from "./robust_local_regression.ts";
export * from "./simulate.ts";
export * from "./specpower_tables.ts";
export * from "./static_threshold.ts";
export * from "./traces.ts";
export * from "./fit_synthetic_traces.ts";
export * from "./vm_selection.ts";
export * from "./beloglazov2012_evaluation.ts";
export * from "./beloglazov2012_metrics.ts";
export * from "./migration_cost_models.ts";
export * from "./overload_detectors.ts";
export * from "./placement_rules.ts";
export * from "./migration_energy_models.ts";
export * from "./energy_integrators.ts";
export * from "./vm_selectors.ts";
export * from "./consolidation_decisions.ts";
export * from "./placers.ts";
export * from "./simulate_options.ts";
export * from "./datacenter_result.ts";
export * from "./daily_usage_patterns.ts";
export * from "./pba_vs_first_fit.ts";
