/**
 * Every third-party module the library uses, pinned to an exact version: the
 * per-dependency files under `lib/_deps/`, re-exported in one place for reference.
 *
 * Library code imports the file of the one dependency it needs (`lib/_deps/plot.ts`,
 * not this file), so that importing the engine does not load the figures' or the ILP
 * solver's dependencies. Each file uses fully qualified `npm:` specifiers, so `mod.ts`
 * resolves with no import map (for example over HTTP with `deno run --no-config`).
 *
 * @module
 */

export * from "./_deps/seedrandom.ts";
export * from "./_deps/plot.ts";
export * from "./_deps/highs.ts";
