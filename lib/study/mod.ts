/**
 * Studies: `runStudy` over workloads x technique variants x seeds, CSV and text tables.
 *
 * The `./study` entry point of the package (`deno.json` `exports`).
 *
 * @module
 */
export * from "./csv.ts";
export * from "./default_study.ts";
export * from "./summarize.ts";
export * from "./table.ts";
