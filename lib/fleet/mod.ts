/**
 * Fleets: many migrations at once over shared links, admission limits, host evacuation.
 *
 * The `./fleet` entry point of the package (`deno.json` `exports`).
 *
 * @module
 */
export * from "./admission_limits.ts";
export * from "./evacuate_host.ts";
export * from "./simulate_migrations.ts";
