import { integer, positive } from "../_validate.ts";
import { source } from "./_finite.ts";
import type { Prng } from "./prng.ts";

/** Largest accepted number of ranks (as in Apache Commons RNG, whose counts are `int`). */
const MAX_RANKS = 2 ** 31 - 1;

/** Below this magnitude, the Taylor series replace log1p(x)/x and expm1(x)/x. */
const TAYLOR_THRESHOLD = 1e-8;

/**
 * Creates a sampler of Zipf-distributed ranks: rank `k` in `[0, n)` is drawn with
 * probability proportional to `1 / (k + 1)^exponent`.
 *
 * Algorithm: rejection-inversion (W. Hörmann and G. Derflinger, 1996,
 * "Rejection-inversion to generate variates from monotone discrete distributions",
 * *ACM TOMACS* 6(3):169-184), in the form of Apache Commons RNG's
 * `RejectionInversionZipfSampler`, which integrates the hat function as
 * `H(x) = (x^(1 - s) - 1) / (1 - s)` so that every exponent `s > 0`, including 1,
 * works. Setup and memory are O(1) whatever `n` (no table of `n` probabilities), and
 * each draw takes a bounded expected number of uniforms (close to 1).
 *
 * @param n Number of ranks, an integer in [1, 2^31 - 1] (e.g. the page count).
 * @param exponent The Zipf exponent `s`, a finite number > 0.
 * @returns A function that draws one rank from the given `Prng`.
 * @throws {RangeError} If `n` or `exponent` is out of range.
 *
 * @example Rank 0 is the most popular page
 * ```ts
 * import { createPrng, createZipfSampler } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const sample = createZipfSampler(1000, 1);
 * const prng = createPrng(3, "example");
 * const counts = new Array(1000).fill(0);
 * for (let i = 0; i < 20_000; i++) counts[sample(prng)]++;
 * assert.ok(counts[0] > counts[1] && counts[1] > counts[9]);
 * ```
 */
export function createZipfSampler(
  n: number,
  exponent: number,
): (prng: Prng) => number {
  integer("create a Zipf sampler", "n", n, 1, MAX_RANKS);
  positive("create a Zipf sampler", "exponent", exponent);
  const oneMinusS = 1 - exponent;
  const hIntegral = (x: number): number => {
    const logX = Math.log(x);
    return expm1OverX(oneMinusS * logX) * logX;
  };
  const h = (x: number): number => Math.exp(-exponent * Math.log(x));
  const hIntegralInverse = (x: number): number => {
    // t < -1 can only come from rounding; clamp it to the domain of log1p.
    const t = Math.max(x * oneMinusS, -1);
    return Math.exp(log1pOverX(t) * x);
  };
  const hIntegralX1 = hIntegral(1.5) - 1;
  const hIntegralN = hIntegral(n + 0.5);
  const squeeze = 2 - hIntegralInverse(hIntegral(2.5) - h(2));
  return function sampleZipf(prng: Prng): number {
    const next = source("sample Zipf", prng);
    while (true) {
      // u is uniform in (hIntegralX1, hIntegralN].
      const u = hIntegralN + next() * (hIntegralX1 - hIntegralN);
      const x = hIntegralInverse(u);
      let k = Math.floor(x + 0.5);
      if (k < 1) k = 1;
      else if (k > n) k = n;
      // The squeeze k - x <= s accepts most draws without evaluating H; k = 1 is always
      // accepted by the second test. Accepted k has probability ∝ h(k) = k^-exponent.
      if (k - x <= squeeze || u >= hIntegral(k + 0.5) - h(k)) return k - 1;
    }
  };
}

/** log1p(x) / x, with its Taylor series near 0. */
function log1pOverX(x: number): number {
  return Math.abs(x) > TAYLOR_THRESHOLD
    ? Math.log1p(x) / x
    : 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}

/** expm1(x) / x, with its Taylor series near 0. */
function expm1OverX(x: number): number {
  return Math.abs(x) > TAYLOR_THRESHOLD
    ? Math.expm1(x) / x
    : 1 + x * 0.5 * (1 + x / 3 * (1 + 0.25 * x));
}
