/**
 * Exact gamma draws: Gamma(shape, 1) by Marsaglia and Tsang's method, for the counts
 * sampler's beta draws and the synthetic traces' VM means. Internal: not re-exported from
 * `mod.ts`.
 *
 * @module
 */
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
 * Gamma(shape, 1) for any shape > 0 (not checked): {@link gammaAtLeastOne} for shape >= 1,
 * and below 1 Marsaglia and Tsang's boost (section 6 of the paper above): Gamma(shape + 1)
 * times U^(1 / shape), U uniform on (0, 1].
 */
export function gammaUnchecked(prng: Prng, shape: number): number {
  if (shape >= 1) return gammaAtLeastOne(prng, shape);
  const g = gammaAtLeastOne(prng, shape + 1);
  return g * Math.pow(1 - prng(), 1 / shape);
}
