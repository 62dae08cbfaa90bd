/**
 * migrate-lab: simulate virtual-machine migration (offline, pre-copy, post-copy,
 * hybrid and time-series pre-copy) at page granularity or in closed form, and
 * compare downtime, total time and traffic.
 *
 * @example Migrate an idle 64 MiB VM offline over 1 Gbit/s
 * ```ts
 * import { migrate } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const result = migrate(
 *   { pageCount: 16384, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" } },
 *   { bandwidthBytesPerSecond: 125e6 },
 *   { technique: "offline", seed: 1 },
 * );
 * assert.equal(result.downtimeSeconds, result.totalSeconds);
 * ```
 *
 * @module
 */
// units
export * from "./lib/units/bytes.ts";
export * from "./lib/units/duration.ts";
export * from "./lib/units/rate.ts";

// random
export * from "./lib/random/exponential.ts";
export * from "./lib/random/integer.ts";
export * from "./lib/random/normal.ts";
export * from "./lib/random/poisson.ts";
export * from "./lib/random/prng.ts";
export * from "./lib/random/uniform.ts";
export * from "./lib/random/weibull.ts";
export * from "./lib/random/zipf.ts";

// events
export * from "./lib/events/event_queue.ts";

// bitset
export * from "./lib/bitset/bitset.ts";

// workload
export * from "./lib/workload/create_workload.ts";
export * from "./lib/workload/expected_dirty_pages.ts";
export * from "./lib/workload/expected_zero_pages.ts";
export * from "./lib/workload/model.ts";
export * from "./lib/workload/models.ts";
export * from "./lib/workload/models/hot_cold.ts";
export * from "./lib/workload/models/idle.ts";
export * from "./lib/workload/models/phased.ts";
export * from "./lib/workload/models/sequential.ts";
export * from "./lib/workload/models/trace.ts";
export * from "./lib/workload/models/uniform.ts";
export * from "./lib/workload/models/zipf.ts";
export * from "./lib/workload/page_order_runs.ts";
export * from "./lib/workload/placement.ts";
export * from "./lib/workload/read_trace.ts";
export * from "./lib/workload/record_trace.ts";
export * from "./lib/workload/spec.ts";
export * from "./lib/workload/trace_format.ts";
export * from "./lib/workload/validate_workload.ts";
export * from "./lib/workload/workload.ts";
export * from "./lib/workload/write_trace.ts";
export * from "./lib/workload/zero_pages.ts";

// migration
export * from "./lib/migration/base_options.ts";
export * from "./lib/migration/closed_form.ts";
export * from "./lib/migration/closed_form_offline.ts";
export * from "./lib/migration/closed_form_post_copy.ts";
export * from "./lib/migration/closed_form_pre_copy.ts";
export * from "./lib/migration/hybrid.ts";
export * from "./lib/migration/link.ts";
export * from "./lib/migration/link_spec.ts";
export * from "./lib/migration/migrate.ts";
export * from "./lib/migration/offline.ts";
export * from "./lib/migration/post_copy.ts";
export * from "./lib/migration/pre_copy.ts";
export * from "./lib/migration/presets.ts";
export * from "./lib/migration/query_migrate.ts";
export * from "./lib/migration/result.ts";
export * from "./lib/migration/stop_rules.ts";
export * from "./lib/migration/time_series_pre_copy.ts";
export * from "./lib/migration/validate.ts";
export * from "./lib/migration/vm_spec.ts";

// study
export * from "./lib/study/csv.ts";
export * from "./lib/study/default_study.ts";
export * from "./lib/study/summarize.ts";
export * from "./lib/study/table.ts";

// plot
export * from "./lib/plot/datacenter_metrics.ts";
export * from "./lib/plot/datacenter_timeline.ts";
export * from "./lib/plot/fault_outage.ts";
export * from "./lib/plot/feasibility_map.ts";
export * from "./lib/plot/figure.ts";
export * from "./lib/plot/placement_comparison.ts";
export * from "./lib/plot/reliability_curves.ts";
export * from "./lib/plot/rounds.ts";
export * from "./lib/plot/sweep_metric.ts";
export * from "./lib/plot/sweep_plane.ts";
export * from "./lib/plot/technique_comparison.ts";
export * from "./lib/plot/timeline.ts";

// realtime
export * from "./lib/realtime/affordable_downtime.ts";
export * from "./lib/realtime/check_placement.ts";
export * from "./lib/realtime/demand_bound.ts";
export * from "./lib/realtime/edf_analysis.ts";
export * from "./lib/realtime/fault_model.ts";
export * from "./lib/realtime/fail_during_migration.ts";
export * from "./lib/realtime/fault_restoration.ts";
export * from "./lib/realtime/fixed_priority_analysis.ts";
export * from "./lib/realtime/migration_coverage.ts";
export * from "./lib/realtime/migration_feasibility.ts";
export * from "./lib/realtime/minimum_budget.ts";
export * from "./lib/realtime/minimum_processors.ts";
export * from "./lib/realtime/mission.ts";
export * from "./lib/realtime/mission_platform.ts";
export * from "./lib/realtime/model.ts";
export * from "./lib/realtime/hypervisor_migration_cost.ts";
export * from "./lib/realtime/partition_tasks.ts";
export * from "./lib/realtime/plan_real_time_migrations.ts";
export * from "./lib/realtime/random_task_set.ts";
export * from "./lib/realtime/response_time_analysis.ts";
export * from "./lib/realtime/schedulable_in_server.ts";
export * from "./lib/realtime/select_migration_targets.ts";
export * from "./lib/realtime/simulate_migration_failures.ts";
export * from "./lib/realtime/simulate_outage_phases.ts";
export * from "./lib/realtime/simulate_schedule.ts";
export * from "./lib/realtime/supply_bound.ts";
export * from "./lib/realtime/utilization.ts";
export * from "./lib/realtime/utilization_bounds.ts";
export * from "./lib/realtime/uunifast.ts";

// reliability
export * from "./lib/reliability/block_diagram.ts";
export * from "./lib/reliability/cold_standby.ts";
export * from "./lib/reliability/common_cause.ts";
export * from "./lib/reliability/ctmc.ts";
export * from "./lib/reliability/ctmc_transient.ts";
export * from "./lib/reliability/fault_tree.ts";
export * from "./lib/reliability/fit_exponential.ts";
export * from "./lib/reliability/fit_kaplan_meier.ts";
export * from "./lib/reliability/fit_observations.ts";
export * from "./lib/reliability/fit_reliability_curve.ts";
export * from "./lib/reliability/fit_weibull.ts";
export * from "./lib/reliability/importance.ts";
export * from "./lib/reliability/k_out_of_n.ts";
export * from "./lib/reliability/k_out_of_n_identical.ts";
export * from "./lib/reliability/k_out_of_n_with_coverage.ts";
export * from "./lib/reliability/kolmogorov_distribution.ts";
export * from "./lib/reliability/ks_bootstrap.ts";
export * from "./lib/reliability/ks_statistic.ts";
export * from "./lib/reliability/lifetime.ts";
export * from "./lib/reliability/markov_reward.ts";
export * from "./lib/reliability/mean_time_to_absorption.ts";
export * from "./lib/reliability/migration_system.ts";
export * from "./lib/reliability/minimal_sets.ts";
export * from "./lib/reliability/monte_carlo.ts";
export * from "./lib/reliability/monte_carlo_interval.ts";
export * from "./lib/reliability/monte_carlo_missions.ts";
export * from "./lib/reliability/monte_carlo_observations.ts";
export * from "./lib/reliability/mttf.ts";
export * from "./lib/reliability/repairable_unit.ts";
export * from "./lib/reliability/warm_standby.ts";

// placement
export * from "./lib/placement/agents.ts";
export * from "./lib/placement/best_fit.ts";
export * from "./lib/placement/best_fit_decreasing.ts";
export * from "./lib/placement/compare_pba.ts";
export * from "./lib/placement/compare_placements.ts";
export * from "./lib/placement/contract_net_agents.ts";
export * from "./lib/placement/cutting_stock.ts";
export * from "./lib/placement/evaluate_desktop_placement.ts";
export * from "./lib/placement/first_fit.ts";
export * from "./lib/placement/first_fit_decreasing.ts";
export * from "./lib/placement/fit_options.ts";
export * from "./lib/placement/genetic.ts";
export * from "./lib/placement/ilp.ts";
export * from "./lib/placement/ilp_solver.ts";
export * from "./lib/placement/lower_bounds.ts";
export * from "./lib/placement/model.ts";
export * from "./lib/placement/next_fit.ts";
export * from "./lib/placement/obfdf.ts";
export * from "./lib/placement/pabfd.ts";
export * from "./lib/placement/pba.ts";
export * from "./lib/placement/scavp.ts";
export * from "./lib/placement/set_cover.ts";
export * from "./lib/placement/set_cover_exact.ts";
export * from "./lib/placement/validate_placement.ts";
export * from "./lib/placement/worst_fit.ts";

// datacenter
export * from "./lib/datacenter/beloglazov2012.ts";
export * from "./lib/datacenter/beloglazov2012_evaluation.ts";
export * from "./lib/datacenter/double_threshold.ts";
export * from "./lib/datacenter/iqr_threshold.ts";
export * from "./lib/datacenter/local_regression.ts";
export * from "./lib/datacenter/mad_threshold.ts";
export * from "./lib/datacenter/migration_cost_models.ts";
export * from "./lib/datacenter/overload_detectors.ts";
export * from "./lib/datacenter/placement_rules.ts";
export * from "./lib/datacenter/power_model.ts";
export * from "./lib/datacenter/read_planetlab_folder.ts";
export * from "./lib/datacenter/robust_local_regression.ts";
export * from "./lib/datacenter/simulate.ts";
export * from "./lib/datacenter/specpower_tables.ts";
export * from "./lib/datacenter/static_threshold.ts";
export * from "./lib/datacenter/traces.ts";
export * from "./lib/datacenter/vm_selection.ts";

// sweep
export * from "./lib/sweep/beloglazov2012_runs.ts";
export * from "./lib/sweep/consolidation_runs.ts";
export * from "./lib/sweep/expand_sweep.ts";
export * from "./lib/sweep/merge_sweep_shards.ts";
export * from "./lib/sweep/migration_runs.ts";
export * from "./lib/sweep/parse_sweep_rows.ts";
export * from "./lib/sweep/reliability_runs.ts";
export * from "./lib/sweep/run_kind.ts";
export * from "./lib/sweep/run_kinds.ts";
export * from "./lib/sweep/run_sweep.ts";
export * from "./lib/sweep/shard.ts";
export * from "./lib/sweep/sweep_output.ts";
export * from "./lib/sweep/sweep_progress.ts";
export * from "./lib/sweep/summarize_sweep.ts";
// validation
export * from "./lib/validation/qemu_comparison.ts";
export * from "./lib/validation/qemu_engine_inputs.ts";
export * from "./lib/validation/qemu_record.ts";
export * from "./lib/validation/qemu_summary.ts";
export * from "./lib/validation/simgrid_record.ts";
