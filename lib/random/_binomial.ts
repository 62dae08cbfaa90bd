/**
 * The binomial algorithms without argument checks, for callers whose arguments are
 * valid by construction (the counts sampler) and for the public `binomial` function.
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { logFactorial } from "./_log_factorial.ts";
import type { Prng } from "./prng.ts";

/** Below this `n·min(p, 1 - p)`, inversion; at or above it, BTRS. */
const INVERSION_LIMIT = 10;

/**
 * `binomial` without the argument checks, for callers (the counts sampler)
 * whose arguments are valid by construction. Internal.
 */
export function binomialUnchecked(prng: Prng, n: number, p: number): number {
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  const flip = p > 0.5;
  const q = flip ? 1 - p : p;
  const k = n * q < INVERSION_LIMIT ? inversion(prng, n, q) : btrs(prng, n, q);
  return flip ? n - k : k;
}

/**
 * Sequential-search inversion for n·p < 10 (p <= ½). It ends at `n`, or at the first
 * `k` whose term no longer changes the summed CDF (as the Poisson inversion does).
 */
function inversion(prng: Prng, n: number, p: number): number {
  const u = prng();
  const r = p / (1 - p);
  let pk = Math.exp(n * Math.log1p(-p));
  let cdf = pk;
  let k = 0;
  while (u >= cdf && k < n) {
    pk *= ((n - k) / (k + 1)) * r;
    k++;
    const next = cdf + pk;
    if (next === cdf) break;
    cdf = next;
  }
  return k;
}

/** Hörmann's BTRS for n·p >= 10 (p <= ½). */
function btrs(prng: Prng, n: number, p: number): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / q);
  const m = Math.floor((n + 1) * p);
  const h = logFactorial(m) + logFactorial(n - m);
  while (true) {
    const u = prng() - 0.5;
    let v = prng();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor((2 * a / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    if (v <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
  }
}
