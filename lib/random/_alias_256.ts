/**
 * Draws from a distribution over 256 outcomes with one 32-bit draw: Walker's alias
 * method as Vose builds it (M. D. Vose, "A linear algorithm for generating random
 * numbers with a given distribution", IEEE Trans. Software Eng. 17(9), 1991). The
 * top 8 bits of the draw pick a column; the low 24 bits are compared with the
 * column's threshold, and only on a tie (probability 2^-24) does one more uniform
 * decide the remaining bits, so each outcome comes out with its probability to double
 * precision. Internal: the per-page sampler's two tables, {@link octetProbabilities}
 * (eight pages per draw) and {@link geometricProbabilities} (a skip per draw).
 *
 * @module
 */
import type { Prng } from "./prng.ts";
import { popcount } from "../bitset/_popcount.ts";

/** 2^24: the scale of the thresholds. */
const SCALE = 16777216;

/** An alias table over outcomes 0 .. 255, rebuilt in place. */
export class Alias256 {
  /** Integer part of each column's threshold, in units of 2^-24 (read by inlined draws). */
  readonly whole = new Int32Array(256);
  /** Fractional part of each column's threshold. */
  readonly part = new Float64Array(256);
  /** The other outcome of each column. */
  readonly alias = new Uint8Array(256);
  private readonly keep = new Float64Array(256);
  private readonly scaled = new Float64Array(256);
  private readonly small = new Int32Array(256);
  private readonly large = new Int32Array(256);

  /** Builds the table for probabilities `p[0 .. 255]` (summing to 1). */
  build(p: Float64Array): void {
    const { scaled, small, large, keep, whole, part, alias } = this;
    let smalls = 0;
    let larges = 0;
    for (let x = 0; x < 256; x++) {
      scaled[x] = 256 * p[x]!;
      alias[x] = x;
      if (scaled[x]! < 1) small[smalls++] = x;
      else large[larges++] = x;
    }
    while (smalls > 0 && larges > 0) {
      const s = small[--smalls]!;
      const l = large[--larges]!;
      keep[s] = scaled[s]!;
      alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      if (scaled[l]! < 1) small[smalls++] = l;
      else large[larges++] = l;
    }
    // What is left holds (up to rounding) exactly one column's worth: kept whole.
    while (larges > 0) keep[large[--larges]!] = 1;
    while (smalls > 0) keep[small[--smalls]!] = 1;
    for (let x = 0; x < 256; x++) {
      const t = keep[x]! * SCALE;
      whole[x] = Math.floor(t);
      part[x] = t - Math.floor(t);
    }
  }

  /**
   * The probability that {@link draw} returns `x`, read off the table (each column
   * holds 1/256: its own outcome with its threshold, its alias with the rest).
   */
  probability(x: number): number {
    let p = 0;
    for (let c = 0; c < 256; c++) {
      const own = (this.whole[c]! + this.part[c]!) / SCALE;
      if (c === x) p += own;
      if (this.alias[c] === x) p += 1 - own;
    }
    return p / 256;
  }

  /** The outcome for the 32-bit draw `u` (one more uniform from `prng` on a tie). */
  draw(u: number, prng: Prng): number {
    const column = u >>> 24;
    const low = u & 0xffffff;
    const t = this.whole[column]!;
    if (low < t) return column;
    if (low > t || !(prng() < this.part[column]!)) return this.alias[column]!;
    return column;
  }
}

/**
 * Writes to `out` the probabilities of the 256 patterns of eight independent bits
 * each set with probability `q` (bit b of the outcome is the b-th page):
 * `q^k (1 - q)^(8 - k)` for a pattern of k set bits. `notQ` is `1 - q` as the caller
 * computed it more exactly (e.g. `exp(-λ)`).
 */
export function octetProbabilities(q: number, notQ: number, out: Float64Array): void {
  const byCount = new Float64Array(9);
  for (let k = 0; k <= 8; k++) byCount[k] = Math.pow(q, k) * Math.pow(notQ, 8 - k);
  for (let x = 0; x < 256; x++) out[x] = byCount[popcount(x)]!;
}

/**
 * Writes to `out` the law of a geometric skip with hazard `lambda` per page: outcome
 * g < 255 has probability `(1 - e^-λ) e^-λg` (g clean pages, then a written one), and
 * outcome 255 the rest, `e^-255λ`: at least 255 clean pages, after which the skip
 * starts afresh (the geometric law is memoryless).
 */
export function geometricProbabilities(lambda: number, out: Float64Array): void {
  const q = -Math.expm1(-lambda);
  for (let g = 0; g < 255; g++) out[g] = q * Math.exp(-lambda * g);
  out[255] = Math.exp(-lambda * 255);
}
