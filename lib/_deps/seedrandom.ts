/**
 * seedrandom, the seeded generator under `lib/random/prng.ts`, pinned.
 *
 * One file per third-party dependency (`lib/_deps/<name>.ts`), each with a fully
 * qualified `npm:` specifier, so that a module loads only the dependencies it uses and
 * `mod.ts` resolves with no import map (for example over HTTP with `--no-config`).
 *
 * @module
 */

// @deno-types="npm:@types/seedrandom@3.0.8"
export { default as seedrandom } from "npm:seedrandom@3.0.5";
