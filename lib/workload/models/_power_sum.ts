/** Rank ranges shorter than this are summed term by term, longer by Euler-Maclaurin. */
const DIRECT_TERMS = 32;

/**
 * `sum_{j=a..b} j^-s` for integers `1 <= a <= b`: term by term (smallest first) for
 * short ranges, otherwise by Euler-Maclaurin with the integral, the end terms and
 * two derivative corrections; the next term is O(a^(-s-5)), negligible as long
 * ranges only occur for `a > 32` (or in the lumped tail, whose mass is clamped), or for
 * exponents so small (at most about 0.0014, where a run of the Zipf law spans ranks from 1
 * with a ratio of 2 or more) that the derivatives, of order s, are negligible.
 */
export function powerSum(a: number, b: number, s: number): number {
  if (b - a < DIRECT_TERMS) {
    let sum = 0;
    for (let j = b; j >= a; j--) sum += Math.pow(j, -s);
    return sum;
  }
  const logRatio = Math.log1p((b - a) / a);
  const integral = s === 1
    ? logRatio
    : (Math.pow(a, 1 - s) * Math.expm1((1 - s) * logRatio)) / (1 - s);
  // In logs, so that steep laws underflow to 0 instead of giving Infinity x 0.
  const d1 = (x: number) => -Math.exp(Math.log(s) - (s + 1) * Math.log(x));
  const d3 = (x: number) =>
    -Math.exp(Math.log(s) + Math.log(s + 1) + Math.log(s + 2) - (s + 3) * Math.log(x));
  return integral + (Math.pow(a, -s) + Math.pow(b, -s)) / 2 + (d1(b) - d1(a)) / 12 -
    (d3(b) - d3(a)) / 720;
}
