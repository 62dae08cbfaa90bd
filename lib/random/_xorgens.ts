/**
 * Brent's xorgens generator with r = 128 words of state (R. P. Brent, "Some long-period
 * random number generators using shifts and xors", ANZIAM Journal 48 (CTAC2006),
 * C188-C202, 2007; shifts a = 13, b = 17, c = 15, d = 12, lag s = 95, and a Weyl
 * sequence of step 0x61c88647 added to the output), run from the state that
 * seedrandom's `xor4096` seeds. Internal: `createPrng` is the public face.
 *
 * The state lives in an `Int32Array` and the draws in one closure, so that a loop of
 * draws compiles to straight-line integer code; {@link fillUniforms} draws many at
 * once for the page-level hot loops. The sequence is the one seedrandom's generator
 * gives for the same state, draw for draw (held by `tests/random/prng_test.ts`).
 *
 * @module
 */
import type { Prng } from "./prng.ts";

/** The generator state: 128 words, the index of the newest, and the Weyl counter. */
export interface XorgensState {
  /** The 128 words of the xorshift state. */
  readonly x: Int32Array;
  /** Index of the word written last. */
  i: number;
  /** Weyl counter. */
  w: number;
}

/** Generators made here, by their draw function, for {@link fillUniforms}. */
const STATES = new WeakMap<Prng, XorgensState>();

/** 2^-32: scales a 32-bit unsigned word to [0, 1). */
const TWO_TO_MINUS_32 = 1 / 4294967296;

/**
 * One step of the generator: advances `s` and returns the next 32-bit output (the
 * draw `prng()` returns, times 2^32). Hot loops that keep `i` and `w` in locals
 * repeat these lines inline instead.
 */
export function xorgensNext(s: XorgensState): number {
  const x = s.x;
  const i = (s.i + 1) & 127;
  const w = (s.w + 0x61c88647) | 0;
  let v = x[(i + 33) & 127]!;
  let t = x[i]!;
  v ^= v << 13;
  t ^= t << 17;
  v ^= v >>> 15;
  t ^= t >>> 12;
  v ^= t;
  x[i] = v;
  s.i = i;
  s.w = w;
  return (v + (w ^ (w >>> 16))) >>> 0;
}

/**
 * A `Prng` over a copy of `words` (128 int32 values), `i` and `w`, the state that
 * seedrandom's `xor4096(seed, { state: true }).state()` returns.
 */
export function xorgensPrng(words: ArrayLike<number>, i: number, w: number): Prng {
  if (words.length !== 128) {
    throw new RangeError(`xorgens state must hold 128 words: current length is ${words.length}`);
  }
  const s: XorgensState = { x: Int32Array.from(words), i, w };
  const prng: Prng = () => xorgensNext(s) * TWO_TO_MINUS_32;
  STATES.set(prng, s);
  return prng;
}

/**
 * The live state of a generator made by {@link xorgensPrng}, or undefined for any
 * other `Prng`: a hot loop may step the generator itself (the same numbers, in the
 * same order, as calls of `prng()`), provided it writes `i` and `w` back.
 *
 * @param prng The generator.
 * @returns Its state, shared (not a copy).
 */
export function xorgensState(prng: Prng): XorgensState | undefined {
  return STATES.get(prng);
}

/**
 * Writes the next `n` draws of `prng` to `out[0 .. n)`, exactly the numbers `n`
 * calls of `prng()` would return (in one tight loop when `prng` was made by
 * {@link xorgensPrng}; by calling it otherwise).
 *
 * @param prng The generator.
 * @param out Where the draws go (at least `n` long).
 * @param n How many draws.
 */
export function fillUniforms(prng: Prng, out: Float64Array, n: number): void {
  const s = STATES.get(prng);
  if (s === undefined) {
    for (let k = 0; k < n; k++) out[k] = prng();
    return;
  }
  const x = s.x;
  let i = s.i;
  let w = s.w;
  for (let k = 0; k < n; k++) {
    w = (w + 0x61c88647) | 0;
    let v = x[(i + 34) & 127]!;
    i = (i + 1) & 127;
    let t = x[i]!;
    v ^= v << 13;
    t ^= t << 17;
    v ^= v >>> 15;
    t ^= t >>> 12;
    v ^= t;
    x[i] = v;
    out[k] = ((v + (w ^ (w >>> 16))) >>> 0) * TWO_TO_MINUS_32;
  }
  s.i = i;
  s.w = w;
}
