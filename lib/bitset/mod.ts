/**
 * Bitsets: one bit per page, the dirty logs of the migration engine.
 *
 * The `./bitset` entry point of the package (`deno.json` `exports`); `mod.ts` re-exports it.
 *
 * @module
 */
export * from "./bitset.ts";
