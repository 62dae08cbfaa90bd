/**
 * `log k!` to a few ulps for every non-negative integer `k` up to 2^53, shared by the
 * binomial and hypergeometric samplers. Internal: not re-exported from `mod.ts`.
 *
 * @module
 */

/** `log k!` for k < 256, summed once at load. */
const TABLE: Float64Array = (() => {
  const table = new Float64Array(256);
  for (let k = 2; k < 256; k++) table[k] = table[k - 1]! + Math.log(k);
  return table;
})();

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * `log k!`: the table below 256, else Stirling's series
 * `(k + ½) log k - k + ½ log 2π + 1/12k - 1/360k³ + 1/1260k⁵` (next term < 1e-19 at 256).
 */
export function logFactorial(k: number): number {
  if (k < 256) return TABLE[k]!;
  const inv = 1 / k;
  const inv2 = inv * inv;
  return (k + 0.5) * Math.log(k) - k + HALF_LOG_TWO_PI +
    inv * (1 / 12 - inv2 * (1 / 360 - inv2 / 1260));
}
