/**
 * The migration advisor: candidate techniques and settings for a VM and link, ranked.
 *
 * The `./advisor` entry point of the package (`deno.json` `exports`).
 *
 * @module
 */
export * from "./advice_candidates.ts";
export * from "./advise.ts";
