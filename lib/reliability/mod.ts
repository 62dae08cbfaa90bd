/**
 * Reliability: block diagrams, k-out-of-n, coverage, MTTF, CTMC availability, Monte Carlo, lifetime fits.
 *
 * The `./reliability` entry point of the package (`deno.json` `exports`).
 *
 * @module
 */
export * from "./block_diagram.ts";
export * from "./cold_standby.ts";
export * from "./common_cause.ts";
export * from "./ctmc.ts";
export * from "./ctmc_transient.ts";
export * from "./fault_tree.ts";
export * from "./fit_exponential.ts";
export * from "./fit_kaplan_meier.ts";
export * from "./fit_observations.ts";
export * from "./fit_reliability_curve.ts";
export * from "./fit_weibull.ts";
export * from "./importance.ts";
export * from "./k_out_of_n.ts";
export * from "./k_out_of_n_identical.ts";
export * from "./k_out_of_n_with_coverage.ts";
export * from "./kolmogorov_distribution.ts";
export * from "./ks_bootstrap.ts";
export * from "./ks_statistic.ts";
export * from "./lifetime.ts";
export * from "./markov_reward.ts";
export * from "./mean_time_to_absorption.ts";
export * from "./migration_system.ts";
export * from "./minimal_sets.ts";
export * from "./monte_carlo.ts";
export * from "./monte_carlo_interval.ts";
export * from "./monte_carlo_missions.ts";
export * from "./monte_carlo_observations.ts";
export * from "./mttf.ts";
export * from "./repairable_unit.ts";
export * from "./warm_standby.ts";
