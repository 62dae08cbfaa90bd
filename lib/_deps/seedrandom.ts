/**
 * seedrandom 3.0.5's `xor4096`, the seeded generator under `lib/random/prng.ts`, pinned.
 *
 * It comes from esm-seedrandom 3.0.5, the ES-module port of seedrandom 3.0.5 (the
 * same code by the same authors, MIT), not from the CommonJS package: a CommonJS
 * module makes Deno start its Node compatibility layer in every thread that imports
 * it, about 20 ms of each sweep worker's start-up. `tests/random/prng_test.ts` checks
 * that both give the same generator state and draws.
 *
 * One file per third-party dependency (`lib/_deps/<name>.ts`), each with a fully
 * qualified `npm:` specifier, so that a module loads only the dependencies it uses and
 * `mod.ts` resolves with no import map (for example over HTTP with `--no-config`).
 *
 * @module
 */
import { prng_xor4096 } from "npm:esm-seedrandom@3.0.5/esm/xor4096.mjs";

/** The state of an xor4096 generator: 128 words, the index and the Weyl value. */
export interface Xor4096State {
  /** The 128 words of the xor array. */
  X: number[];
  /** Index of the last word updated. */
  i: number;
  /** The Weyl sequence's value. */
  w: number;
}

/** An xor4096 generator: numbers in [0, 1), and with `{ state: true }` its state. */
export interface Xor4096Prng {
  (): number;
  /** The generator's state (only when made with `{ state: true }`). */
  state(): Xor4096State;
}

/** seedrandom's generators; only `xor4096` is used. */
export const seedrandom: {
  xor4096: (seed: string, options?: { state?: boolean }) => Xor4096Prng;
} = { xor4096: prng_xor4096 };
