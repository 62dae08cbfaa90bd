/**
 * Every third-party module the library uses, pinned to an exact version.
 *
 * Library code imports third-party code only through this file, and this file uses
 * fully qualified `npm:` specifiers, so `mod.ts` resolves with no import map (for
 * example when imported over HTTP with `deno run --no-config`).
 *
 * @module
 */

// @deno-types="npm:@types/seedrandom@3.0.8"
export { default as seedrandom } from "npm:seedrandom@3.0.5";
export * as Plot from "npm:@observablehq/plot@0.6.17";
export { parseHTML } from "npm:linkedom@0.18.15";

// HiGHS (LP/MILP solver) compiled to WebAssembly; its types are CommonJS-shaped.
export { default as highsLoader } from "npm:highs@1.15.3";
export type { Highs, InitOptions as HighsInitOptions } from "npm:highs@1.15.3";
