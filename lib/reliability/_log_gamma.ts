/**
 * Log-gamma and log-binomial coefficients for the reliability models.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */

// Lanczos approximation with g = 7 and nine coefficients (P. Godfrey's coefficients,
// as listed in Press et al., "Numerical Recipes", 3rd ed., §6.1, and on Wikipedia's
// "Lanczos approximation" page). Relative error of Γ about 1e-15 for x >= 0.5.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993,
  676.5203681218851,
  -1259.1392167224028,
  771.32342877765313,
  -176.61502916214059,
  12.507343278686905,
  -0.13857109526572012,
  9.9843695780195716e-6,
  1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ln Γ(x) for x > 0 by the Lanczos approximation (g = 7, n = 9), with the reflection
 * formula Γ(x)Γ(1 - x) = π / sin(πx) below 0.5. Returns Infinity at x = 0 and at
 * x = Infinity (where the series' terms would give Infinity − Infinity).
 */
export function logGamma(x: number): number {
  if (x === 0 || x === Infinity) return Infinity;
  if (x < 0.5) {
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const z = x - 1;
  let a = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln C(n, j) for integers 0 <= j <= n, exact (0) at both ends. */
export function logChoose(n: number, j: number): number {
  if (j === 0 || j === n) return 0;
  return logGamma(n + 1) - logGamma(j + 1) - logGamma(n - j + 1);
}
