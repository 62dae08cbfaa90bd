/**
 * Workload specs, `createWorkload`, the expected-value model and the page-access trace format.
 *
 * The `./workload` entry point of the package (`deno.json` `exports`).
 *
 * @module
 */
export * from "./create_workload.ts";
export * from "./expected_dirty_pages.ts";
export * from "./read_trace.ts";
export * from "./record_trace.ts";
export * from "./spec.ts";
export * from "./trace_format.ts";
export * from "./workload.ts";
export * from "./write_trace.ts";
