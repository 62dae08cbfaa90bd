/**
 * Exp(1) draws by the ziggurat method (Marsaglia & Tsang 2000, "The Ziggurat Method
 * for Generating Random Variables", J. Statistical Software 5(8), with 256 layers
 * and their constants `r = 7.697117470131487`, `v = 3.949659822581572e-3`): about
 * 98.9 % of draws are one table look-up and one multiply, no logarithm. The layer
 * comes from a uniform of its own (not from the low bits of the value's integer, the
 * flaw Doornik 2005 found in the original). Internal: the per-page sampler's
 * geometric skips and first-access clocks.
 *
 * @module
 */
import type { Prng } from "./prng.ts";
import { xorgensState } from "./_xorgens.ts";

const R = 7.697117470131487;
const V = 3.949659822581572e-3;
const M = 4294967296;

/** Integer thresholds (scaled by 2^32), widths and densities of the 256 layers. */
const KE = new Float64Array(256);
const WE = new Float64Array(256);
const FE = new Float64Array(256);
{
  let de = R;
  let te = R;
  const q = V / Math.exp(-de);
  KE[0] = (de / q) * M;
  KE[1] = 0;
  WE[0] = q / M;
  WE[255] = de / M;
  FE[0] = 1;
  FE[255] = Math.exp(-de);
  for (let i = 254; i >= 1; i--) {
    de = -Math.log(V / de + Math.exp(-de));
    KE[i + 1] = (de / te) * M;
    te = de;
    FE[i] = Math.exp(-de);
    WE[i] = de / M;
  }
}

/** One Exp(1) draw from `prng` (uniforms on [0, 1) with 32 random bits or more). */
export function exponentialZiggurat(prng: Prng): number {
  for (;;) {
    const j = Math.floor(prng() * M);
    const i = Math.floor(prng() * 256);
    if (j < KE[i]!) return j * WE[i]!;
    if (i === 0) return R - Math.log1p(-prng()); // the tail beyond r, by memorylessness
    const x = j * WE[i]!;
    // The wedge: accept under the density.
    if (FE[i]! + prng() * (FE[i - 1]! - FE[i]!) < Math.exp(-x)) return x;
  }
}

/**
 * Exp(1) draws from `prng`, the same numbers as {@link exponentialZiggurat}`(prng)`
 * call for call and leaving `prng` in the same state: when `prng` is a typed-array
 * xorgens generator the draw steps its state inline (no call per uniform), the hot
 * loops' way of paying a few nanoseconds per draw instead of two calls.
 *
 * @param prng The generator; other draws from it may be interleaved freely.
 * @returns A function drawing one Exp(1) number per call.
 */
export function exponentialSource(prng: Prng): () => number {
  const s = xorgensState(prng);
  if (s === undefined) return () => exponentialZiggurat(prng);
  const x = s.x;
  return () => {
    for (;;) {
      // Two steps of the generator (see `_xorgens.ts`): j from the first, the layer
      // from the top 8 bits of the second (floor(u * 256) of that uniform).
      let i = (s.i + 1) & 127;
      let w = (s.w + 0x61c88647) | 0;
      let v = x[(i + 33) & 127]!;
      let t = x[i]!;
      v ^= v << 13;
      t ^= t << 17;
      v ^= v >>> 15;
      t ^= t >>> 12;
      v ^= t;
      x[i] = v;
      const j = (v + (w ^ (w >>> 16))) >>> 0;
      i = (i + 1) & 127;
      w = (w + 0x61c88647) | 0;
      v = x[(i + 33) & 127]!;
      t = x[i]!;
      v ^= v << 13;
      t ^= t << 17;
      v ^= v >>> 15;
      t ^= t >>> 12;
      v ^= t;
      x[i] = v;
      s.i = i;
      s.w = w;
      const layer = ((v + (w ^ (w >>> 16))) >>> 0) >>> 24;
      if (j < KE[layer]!) return j * WE[layer]!;
      if (layer === 0) return R - Math.log1p(-prng());
      const e = j * WE[layer]!;
      if (FE[layer]! + prng() * (FE[layer - 1]! - FE[layer]!) < Math.exp(-e)) return e;
    }
  };
}
