/**
 * Exact beta and beta-binomial draws for the counts sampler's cursor (where the
 * k-th pending page of a run lies). Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { binomialUnchecked } from "./_binomial.ts";
import { gammaAtLeastOne } from "./_gamma.ts";
import type { Prng } from "./prng.ts";

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
