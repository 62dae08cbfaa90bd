/**
 * Parse and format sizes, rates and durations (`"4GiB"`, `"1Gbps"`, `"300ms"`).
 *
 * The `./units` entry point of the package (`deno.json` `exports`).
 *
 * @module
 */
export * from "./bytes.ts";
export * from "./duration.ts";
export * from "./rate.ts";
