/**
 * A common multiple of periods written as decimals, for the processor-demand test's exact
 * bound when the demand grows exactly as fast as the supply. Internal.
 *
 * @module
 */

/** Most decimal places a period is read with. */
const MAX_DECIMALS = 9;

/**
 * The least common multiple of positive periods read as whole multiples of 10^-k seconds, for
 * the least k <= 9 at which every period is within 1e-13 of its own size of such a multiple
 * (0.005 s and 0.012 s give 0.06 s; doubles cannot hold 0.005 exactly, so the periods are
 * taken as the decimals they were written as: the double nearest a decimal, scaled, is within
 * a few units in the last place of a whole number, and 3.0000000001 is no 3). Undefined when
 * no such k exists or the multiple exceeds `limitSeconds`.
 */
export function decimalHyperperiod(
  periods: readonly number[],
  limitSeconds: number,
): number | undefined {
  for (let k = 0, scale = 1; k <= MAX_DECIMALS; k++, scale *= 10) {
    const units: number[] = [];
    for (const p of periods) {
      const x = p * scale, n = Math.round(x);
      if (!(n >= 1 && Math.abs(x - n) <= 1e-13 * x)) break;
      units.push(n);
    }
    if (units.length !== periods.length) continue;
    const limit = limitSeconds * scale;
    let l = 1;
    for (const n of units) {
      l = l / gcd(l, n) * n;
      if (!(l <= limit && l <= Number.MAX_SAFE_INTEGER)) return undefined;
    }
    return l / scale;
  }
  return undefined;
}

/** Greatest common divisor of two positive integers (Euclid). */
function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
