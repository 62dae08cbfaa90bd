/**
 * Rank-to-page maps of the placements. Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { createPrng, type Prng, type Seed } from "../random/prng.ts";
import { fillUniforms } from "../random/_xorgens.ts";

/** First page of rank 0 under an offset placement. */
export function offsetPages(offsetFraction: number, pageCount: number): number {
  return Math.min(pageCount - 1, Math.floor(offsetFraction * pageCount));
}

/**
 * The rank-to-page table of a scattered placement: a Fisher-Yates shuffle of
 * `0 .. pageCount - 1` drawn from `createPrng(seed, "placement")`.
 */
export function scatteredPages(seed: Seed, pageCount: number): Uint32Array {
  return shuffle(pageCount, createPrng(seed, "placement"));
}

/**
 * A uniformly random permutation of `0 .. n - 1` (Durstenfeld's Fisher-Yates), one
 * draw per swap, the draws taken in blocks.
 */
function shuffle(n: number, prng: Prng): Uint32Array {
  const perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const u = new Float64Array(Math.min(4096, Math.max(1, n - 1)));
  let k = u.length;
  for (let i = n - 1; i > 0; i--) {
    if (k === u.length) {
      fillUniforms(prng, u, Math.min(u.length, i));
      k = 0;
    }
    const j = (u[k++]! * (i + 1)) | 0;
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  return perm;
}
