/**
 * Shared networks: flow networks and max-min fair shares of links among concurrent migrations.
 *
 * The `./network` entry point of the package (`deno.json` `exports`).
 *
 * @module
 */
export * from "./flow_network.ts";
export * from "./max_min_share.ts";
export * from "./network_spec.ts";
