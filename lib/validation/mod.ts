/**
 * Validation against real systems: records of SimGrid runs and what they are compared with.
 *
 * The `./validation` entry point of the package (`deno.json` `exports`).
 *
 * @module
 */
export * from "./finite_median.ts";
export * from "./qemu_acceptance.ts";
export * from "./qemu_comparison.ts";
export * from "./qemu_engine_inputs.ts";
export * from "./qemu_final_copy_trace.ts";
export * from "./qemu_first_touch.ts";
export * from "./qemu_guest_slowdown.ts";
export * from "./qemu_host_profile.ts";
export * from "./qemu_live_rate.ts";
export * from "./qemu_mechanisms_comparison.ts";
export * from "./qemu_mechanisms_record.ts";
export * from "./qemu_record.ts";
export * from "./qemu_simulate_point.ts";
export * from "./qemu_summary.ts";
export * from "./simgrid_record.ts";
export * from "./qemu_walk_at_migrate.ts";
