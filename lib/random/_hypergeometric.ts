/**
 * The hypergeometric algorithms without argument checks, for callers whose arguments are
 * valid by construction (the counts sampler) and for the public `hypergeometric` function.
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { logFactorial } from "./_log_factorial.ts";
import type { Prng } from "./prng.ts";

/** Below this sample size (after mirroring), draws from the urn one by one. */
const URN_LIMIT = 10;

/** Stadlober's constants: 2·sqrt(2/e) and 3 - 2·sqrt(3/e). */
const D1 = 1.7155277699214135;
const D2 = 0.8989161620588988;

/**
 * `hypergeometric` without the argument checks, for callers whose arguments
 * are valid by construction. Internal.
 */
export function hypergeometricUnchecked(
  prng: Prng,
  population: number,
  successes: number,
  draws: number,
): number {
  const bad = population - successes;
  if (draws === 0 || successes === 0) return 0;
  if (bad === 0) return draws;
  if (draws === population) return successes;
  const sample = Math.min(draws, population - draws);
  const good = Math.min(successes, bad);
  let k = sample < URN_LIMIT
    ? urn(prng, population, good, sample)
    : hrua(prng, population, good, sample);
  if (successes > bad) k = sample - k;
  if (sample < draws) k = successes - k;
  return k;
}

/** Draws `sample` items one by one from an urn of `population`, `good` marked. */
function urn(prng: Prng, population: number, good: number, sample: number): number {
  let left = population;
  let marked = good;
  let k = 0;
  for (let i = 0; i < sample; i++) {
    if (prng() * left < marked) {
      k++;
      marked--;
    }
    left--;
  }
  return k;
}

/** Stadlober's HRUA, for `good <= population / 2` and `10 <= sample <= population / 2`. */
function hrua(prng: Prng, population: number, good: number, sample: number): number {
  const bad = population - good;
  const p = good / population;
  const q = bad / population;
  const mu = sample * p;
  const a = mu + 0.5;
  const variance = ((population - sample) * sample * p * q) / (population - 1);
  const c = Math.sqrt(variance + 0.5);
  const h = D1 * c + D2;
  const m = Math.floor(((sample + 1) * (good + 1)) / (population + 2));
  const g = logFactorial(m) + logFactorial(good - m) + logFactorial(sample - m) +
    logFactorial(bad - sample + m);
  const b = Math.min(Math.min(sample, good) + 1, Math.floor(a + 16 * c));
  while (true) {
    const u = prng();
    const v = prng();
    if (u === 0) continue;
    const x = a + (h * (v - 0.5)) / u;
    if (x < 0 || x >= b) continue;
    const k = Math.floor(x);
    const t = g -
      (logFactorial(k) + logFactorial(good - k) + logFactorial(sample - k) +
        logFactorial(bad - sample + k));
    if (u * (4 - u) - 3 <= t) return k;
    if (u * (u - t) >= 1) continue;
    if (2 * Math.log(u) <= t) return k;
  }
}
