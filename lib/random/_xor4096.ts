/**
 * Brent's xorgens generator "xor4096" (R. P. Brent, "Some long-period random number
 * generators using shifts and xors", 2006): 128 words of xorshift state combined with a
 * Weyl sequence, period 2^4096 - 1, 32 bits per step. Seeded from a string exactly as
 * seedrandom 3.0.5 seeds its `xor4096` (davidbau/seedrandom, `lib/xor4096.js`), so the
 * draws are the same numbers, bit for bit (tests/random/xor4096_test.ts checks it against
 * the npm package); written here so that the engine loads no npm package at all.
 *
 * Internal: not re-exported from any `mod.ts`; use `createPrng`.
 *
 * @module
 */

/** The Weyl sequence's increment (2^32 / golden ratio). */
const WEYL = 0x61c88647;
const SIZE = 128;
/** Steps discarded after seeding, as seedrandom does (4 x 128). */
const WARM_UP = 4 * SIZE;

/**
 * A generator of numbers in [0, 1) (32 bits each) seeded by `key`.
 *
 * @param key The seed string.
 * @returns The generator.
 */
export function xor4096(key: string): () => number {
  const state = new Int32Array(SIZE);
  // Seeding: the key's char codes (and a terminating NUL) are xored into a 32-bit
  // xorshift (shifts 10, 15, 4, 13) that fills the state through the Weyl sequence, after
  // 32 unrecorded steps; at least 128 steps, or one per character.
  const text = key + "\0";
  const limit = Math.max(SIZE, text.length);
  let v = 0;
  let w = 0;
  let zeros = 0;
  for (let j = -32; j < limit; j++) {
    v ^= text.charCodeAt((j + 32) % text.length);
    if (j === 0) w = v;
    v ^= v << 10;
    v ^= v >>> 15;
    v ^= v << 4;
    v ^= v >>> 13;
    if (j >= 0) {
      w = (w + WEYL) | 0;
      const word = (state[j & 127]! ^ (v + w)) | 0;
      state[j & 127] = word;
      zeros = word === 0 ? zeros + 1 : 0;
    }
  }
  // An all-zero tail of 128 words would stall the xorshift: set one word.
  if (zeros >= SIZE) state[text.length & 127] = -1;

  let index = 127;
  /** One xorshift step on the state (shifts 13, 17, 15, 12); returns the new word. */
  const step = (): number => {
    let a = state[(index + 34) & 127]!;
    index = (index + 1) & 127;
    let b = state[index]!;
    a ^= a << 13;
    b ^= b << 17;
    a ^= a >>> 15;
    b ^= b >>> 12;
    const word = a ^ b;
    state[index] = word;
    return word;
  };
  for (let n = 0; n < WARM_UP; n++) step();

  return () => {
    w = (w + WEYL) | 0;
    const word = step();
    return (((word + (w ^ (w >>> 16))) | 0) >>> 0) / 0x100000000;
  };
}
