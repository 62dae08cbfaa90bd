/**
 * The Poisson algorithms without argument checks, for callers whose arguments are
 * valid by construction (the zero-truncated Poisson draws of the samplers) and for the
 * public `poisson` function, which documents them. Internal: not re-exported from
 * `mod.ts`.
 *
 * @module
 */

/** Below this mean, inversion by sequential search; at or above it, PTRS. */
const INVERSION_LIMIT = 10;

/** `poisson` without the argument checks (`mean` finite in [0, 1e15]). Internal. */
export function poissonUnchecked(prng: () => number, mean: number): number {
  if (mean === 0) return 0;
  return mean < INVERSION_LIMIT ? inversion(prng, mean) : ptrs(prng, mean);
}

/**
 * Sequential-search inversion. The search also ends at the first `k` whose term no
 * longer changes the summed CDF (past the mode, so no later term would either): a `u`
 * above every sum the doubles reach (only drawn by generators of more than 32 bits)
 * gets that `k`, the top of the support the sum resolves, not the hundreds of steps on
 * to where the pmf underflows.
 */
function inversion(prng: () => number, mean: number): number {
  const u = prng();
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  while (u >= cdf) {
    k++;
    p *= mean / k;
    const next = cdf + p;
    if (next === cdf) break;
    cdf = next;
  }
  return k;
}

/** Hörmann's PTRS (transformed rejection with squeeze), for mean >= 10. */
function ptrs(prng: () => number, mean: number): number {
  const b = 0.931 + 2.53 * Math.sqrt(mean);
  const a = -0.059 + 0.02483 * b;
  const logInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
  const vr = 0.9277 - 3.6224 / (b - 2);
  while (true) {
    const u = prng() - 0.5;
    const v = prng();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor((2 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (
      Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <= logPmf(k, mean)
    ) return k;
  }
}

/** `log k!` for k < 16, summed exactly once at load. */
const LOG_FACTORIAL: Float64Array = (() => {
  const table = new Float64Array(16);
  for (let k = 2; k < 16; k++) table[k] = table[k - 1]! + Math.log(k);
  return table;
})();

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** Log of the Poisson pmf at integer k >= 0, accurate to a few ulps for any mean. */
function logPmf(k: number, mean: number): number {
  if (k < 16) return k * Math.log(mean) - mean - LOG_FACTORIAL[k]!;
  const inv = 1 / k;
  const inv2 = inv * inv;
  // Stirling's series for log k! - (k log k - k + ½ log 2πk); next term < 2e-16 at k = 16.
  const stirling = inv *
    (1 / 12 -
      inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
  const d = k - mean;
  return d - k * Math.log1p(d / mean) - HALF_LOG_TWO_PI - 0.5 * Math.log(k) -
    stirling;
}
