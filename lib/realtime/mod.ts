/**
 * Embedded real-time platforms: task sets, schedulability, hypervisor servers, the scheduling simulator, faults and missions.
 *
 * The `./realtime` entry point of the package (`deno.json` `exports`).
 *
 * @module
 */
export * from "./check_placement.ts";
export * from "./demand_bound.ts";
export * from "./edf_analysis.ts";
export * from "./fault_model.ts";
export * from "./fault_restoration.ts";
export * from "./fixed_priority_analysis.ts";
export * from "./minimum_budget.ts";
export * from "./minimum_processors.ts";
export * from "./mission.ts";
export * from "./mission_platform.ts";
export * from "./model.ts";
export * from "./random_task_set.ts";
export * from "./schedulable_in_server.ts";
export * from "./select_migration_targets.ts";
export * from "./simulate_schedule.ts";
export * from "./supply_bound.ts";
export * from "./utilization.ts";
export * from "./uunifast.ts";
