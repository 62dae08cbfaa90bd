/**
 * Workload specs, `createWorkload`, the expected-value model and the page-access trace format.
 *
 * The `./workload` entry point of the package (`deno.json` `exports`).
 *
 * @module
 */
export * from "./create_workload.ts";
export * from "./expected_dirty_pages.ts";
export * from "./expected_zero_pages.ts";
export * from "./model.ts";
export * from "./models.ts";
export * from "./models/hot_cold.ts";
export * from "./models/idle.ts";
export * from "./models/phased.ts";
export * from "./models/sequential.ts";
export * from "./models/trace.ts";
export * from "./models/uniform.ts";
export * from "./models/zipf.ts";
export * from "./page_order_runs.ts";
export * from "./placement.ts";
export * from "./read_trace.ts";
export * from "./record_trace.ts";
export * from "./spec.ts";
export * from "./trace_format.ts";
export * from "./validate_workload.ts";
export * from "./workload.ts";
export * from "./write_trace.ts";
export * from "./zero_pages.ts";
