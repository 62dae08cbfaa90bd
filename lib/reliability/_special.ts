/**
 * Special functions for the reliability fits: the regularized incomplete
 * gamma functions P(a, x) and Q(a, x), their inverse, chi-square quantiles and the
 * standard normal quantile.
 *
 * Sources: Press, Teukolsky, Vetterling & Flannery, "Numerical Recipes", 3rd ed.
 * (2007), §6.2: `gser` series for x < a + 1 and `gcf` continued fraction evaluated by
 * the modified Lentz method otherwise. Log-gamma comes from `./_log_gamma.ts`. The inverse is
 * Newton's method on P or Q (whichever is the smaller tail) safeguarded by bisection on
 * a bracket, in place of NR's Halley iteration.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { logGamma } from "./_log_gamma.ts";

const EPSILON = Number.EPSILON;
const TINY = Number.MIN_VALUE / EPSILON;
const MAX_ITERATIONS = 100_000;

/** `x^a e^-x / Γ(a)` computed in log space. */
function prefactor(a: number, x: number): number {
  return Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Series for P(a, x), accurate for x < a + 1 (NR3 `gser`). */
function seriesP(a: number, x: number): number {
  let ap = a;
  let term = 1 / a;
  let sum = term;
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
  }
  return sum * prefactor(a, x);
}

/** Continued fraction for Q(a, x), accurate for x >= a + 1 (NR3 `gcf`, modified Lentz). */
function fractionQ(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) <= EPSILON) break;
  }
  return prefactor(a, x) * h;
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x)/Γ(a) for a > 0, x >= 0. */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  return x < a + 1 ? seriesP(a, x) : 1 - fractionQ(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = 1 - P(a, x) for a > 0, x >= 0. */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - seriesP(a, x) : fractionQ(a, x);
}

/**
 * Inverse of P(a, ·): the x >= 0 with P(a, x) = p, for a > 0 and p in [0, 1].
 *
 * Works on the smaller tail (P for p <= 1/2, Q otherwise) so upper quantiles keep
 * their relative precision; Newton steps use the density `x^(a-1) e^-x / Γ(a)` and
 * fall back to bisection whenever a step leaves the current bracket.
 */
export function inverseGammaP(a: number, p: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return Infinity;
  return p <= 0.5 ? solveGamma(a, p, true) : solveGamma(a, 1 - p, false);
}

/**
 * Inverse of Q(a, ·): the x >= 0 with Q(a, x) = q, for a > 0 and q in [0, 1]. A small
 * upper tail q is used as given, not as 1 - (1 - q), which rounds it (to 0 below 1.1e-16).
 */
export function inverseGammaQ(a: number, q: number): number {
  if (q <= 0) return Infinity;
  if (q >= 1) return 0;
  return q <= 0.5 ? solveGamma(a, q, false) : solveGamma(a, 1 - q, true);
}

/** The x with P(a, x) = target (`lowerTail`) or Q(a, x) = target, for target in (0, 1/2]. */
function solveGamma(a: number, target: number, lowerTail: boolean): number {
  // f increases with x in both cases.
  const f = (x: number) => lowerTail ? gammaP(a, x) - target : target - gammaQ(a, x);
  let lo = 0;
  let hi = Math.max(1, a);
  while (f(hi) < 0) {
    lo = hi;
    hi *= 2;
  }
  let x = (lo + hi) / 2;
  const logGammaA = logGamma(a);
  for (let i = 0; i < 400; i++) {
    const fx = f(x);
    if (fx === 0) return x;
    if (fx < 0) lo = x;
    else hi = x;
    const density = Math.exp((a - 1) * Math.log(x) - x - logGammaA);
    let next = x - fx / density;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) next = (lo + hi) / 2;
    if (Math.abs(next - x) <= 4 * EPSILON * Math.max(next, TINY) || hi - lo <= EPSILON * hi) {
      return next;
    }
    x = next;
  }
  return x;
}

/**
 * Quantile of the chi-square distribution with `degreesOfFreedom` (> 0) at lower-tail
 * probability `p`: `χ²(p; ν) = 2 P⁻¹(ν/2, p)`.
 */
export function chiSquareQuantile(p: number, degreesOfFreedom: number): number {
  return 2 * inverseGammaP(degreesOfFreedom / 2, p);
}

/**
 * Quantile of the chi-square distribution with `degreesOfFreedom` (> 0) at upper-tail
 * probability `q`: `χ²(1 - q; ν) = 2 Q⁻¹(ν/2, q)`, exact also when 1 - q rounds to 1.
 */
export function chiSquareUpperQuantile(q: number, degreesOfFreedom: number): number {
  return 2 * inverseGammaQ(degreesOfFreedom / 2, q);
}

/**
 * Upper quantile of the standard normal distribution: the z >= 0 with
 * P(|Z| <= z) = `centralProbability`, computed as `sqrt(χ²(centralProbability; 1))`.
 */
export function normalCentralQuantile(centralProbability: number): number {
  return Math.sqrt(chiSquareQuantile(centralProbability, 1));
}
