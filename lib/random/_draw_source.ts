/**
 * The draws of the per-page sampler's hot loops from one generator: uniforms,
 * 32-bit integers and Exp(1) numbers, the same numbers as `prng()`,
 * `Math.floor(prng() * 2^32)` and `exponentialZiggurat(prng)` call for call, and
 * interleavable with plain `prng()` calls. When `prng` is a typed-array xorgens
 * generator (`createPrng`'s) the methods step its state inline instead of calling it.
 * A class, so that every instance shares one call target: closures made per
 * generator would change the target of the loops' calls at every migration, and V8
 * would throw away the loops' optimised code each time. Internal.
 *
 * @module
 */
import { exponentialZiggurat, FE, KE, R, WE } from "./_exponential_ziggurat.ts";
import type { Prng } from "./prng.ts";
import { xorgensNext, type XorgensState, xorgensState } from "./_xorgens.ts";

/** 2^-32: scales a 32-bit unsigned word to [0, 1), as the generator does. */
const TWO_TO_MINUS_32 = 1 / 4294967296;

/** Fast draws from one generator. */
export class DrawSource {
  /**
   * The generator's live state, or undefined for another kind of `Prng` (a loop may
   * step it in locals, writing `i` and `w` back before any other draw).
   */
  readonly s: XorgensState | undefined;

  /** Draws from `prng` (not copied: its own calls and these interleave). */
  constructor(readonly prng: Prng) {
    this.s = xorgensState(prng);
  }

  /** The next 32-bit output: `Math.floor(prng() * 2^32)`. */
  uint32(): number {
    const s = this.s;
    return s === undefined ? Math.floor(this.prng() * 4294967296) : xorgensNext(s);
  }

  /** The next uniform in [0, 1): `prng()`. */
  uniform(): number {
    return this.s === undefined ? this.prng() : this.uint32() * TWO_TO_MINUS_32;
  }

  /** The next Exp(1) number: `exponentialZiggurat(prng)`. */
  exponential(): number {
    if (this.s === undefined) return exponentialZiggurat(this.prng);
    for (;;) {
      // As exponentialZiggurat: j = floor(u * 2^32) of one uniform, the layer
      // floor(u * 256) of the next (its top 8 bits).
      const j = this.uint32();
      const layer = this.uint32() >>> 24;
      if (j < KE[layer]!) return j * WE[layer]!;
      if (layer === 0) return R - Math.log1p(-this.prng());
      const e = j * WE[layer]!;
      if (FE[layer]! + this.prng() * (FE[layer - 1]! - FE[layer]!) < Math.exp(-e)) return e;
    }
  }
}
