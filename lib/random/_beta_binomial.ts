/**
 * Exact gamma, beta and beta-binomial draws for the counts sampler's cursor (where the
 * k-th pending page of a run lies). Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { binomialUnchecked } from "./_binomial.ts";
import { normal } from "./normal.ts";
import type { Prng } from "./prng.ts";

/**
 * Gamma(shape, 1) for shape >= 1: Marsaglia and Tsang's squeeze-and-reject method
 * (G. Marsaglia, W. W. Tsang, 2000, "A simple method for generating gamma
 * variables", *ACM Transactions on Mathematical Software* 26(3):363-372).
 */
export function gammaAtLeastOne(prng: Prng, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  while (true) {
    const x = normal(prng, 0, 1);
    let v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    const u = prng();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (u > 0 && Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * Failures before the `k`-th success when `successes` successes and `failures`
 * failures are put in a uniformly random order (the negative hypergeometric law),
 * `1 <= k <= successes`. It equals Binomial(failures, B) with B ~ Beta(k, successes -
 * k + 1), the k-th order statistic of the successes' uniform positions; B is drawn as
 * `X / (X + Y)` with X ~ Gamma(k), Y ~ Gamma(successes - k + 1).
 */
export function failuresBeforeKth(
  prng: Prng,
  k: number,
  successes: number,
  failures: number,
): number {
  if (failures === 0) return 0;
  const x = gammaAtLeastOne(prng, k);
  const y = gammaAtLeastOne(prng, successes - k + 1);
  return binomialUnchecked(prng, failures, x / (x + y));
}
