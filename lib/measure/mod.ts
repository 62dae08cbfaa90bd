/**
 * Measurements of real components on this machine (a compressor's ratio and speed through
 * `node:zlib`, Deno's built-in: zlib-ng and libzstd in the Deno binary, no npm package), to
 * feed the engine's mechanism models. Its own entry point because it loads Node's zlib,
 * which the engine (`mod.ts`) does not need.
 *
 * The `./measure` entry point of the package (`deno.json` `exports`).
 *
 * @module
 */
export * from "../migration/measure_compression.ts";
export * from "../migration/measure_xbzrle.ts";
