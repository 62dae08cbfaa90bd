/**
 * Embedded real-time platforms: task sets, schedulability, hypervisor servers, the scheduling simulator, faults and missions.
 *
 * The `./realtime` entry point of the package (`deno.json` `exports`).
 *
 * @module
 */
export * from "./affordable_downtime.ts";
export * from "./check_placement.ts";
export * from "./demand_bound.ts";
export * from "./edf_analysis.ts";
export * from "./fail_during_migration.ts";
export * from "./fault_model.ts";
export * from "./fault_restoration.ts";
export * from "./fixed_priority_analysis.ts";
export * from "./hypervisor_migration_cost.ts";
export * from "./migration_coverage.ts";
export * from "./migration_feasibility.ts";
export * from "./minimum_budget.ts";
export * from "./minimum_processors.ts";
export * from "./mission.ts";
export * from "./mission_platform.ts";
export * from "./model.ts";
export * from "./partition_tasks.ts";
export * from "./plan_real_time_migrations.ts";
export * from "./random_task_set.ts";
export * from "./response_time_analysis.ts";
export * from "./schedulable_in_server.ts";
export * from "./schedule_affordable_downtime.ts";
export * from "./select_migration_targets.ts";
export * from "./simulate_migration_failures.ts";
export * from "./simulate_outage_phases.ts";
export * from "./simulate_schedule.ts";
export * from "./supply_bound.ts";
export * from "./utilization.ts";
export * from "./utilization_bounds.ts";
export * from "./uunifast.ts";
