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

/** The ziggurat's base: where its tail starts. */
export const R = 7.697117470131487;
const V = 3.949659822581572e-3;
const M = 4294967296;

/** Integer thresholds (scaled by 2^32), widths and densities of the 256 layers. */
export const KE = new Float64Array(256);
/** Widths of the layers, per unit of the 32-bit draw. */
export const WE = new Float64Array(256);
/** Densities at the layers' edges. */
export const FE = new Float64Array(256);
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
