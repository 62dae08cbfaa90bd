/**
 * Internal: the word popcount shared by `Bitset` and the QEMU push loop.
 *
 * @module
 */

/** Number of set bits in a 32-bit word (Hacker's Delight, fig. 5-2). */
export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
