import assert from "node:assert/strict";
import {
  zeroTruncatedPoisson,
  zeroTruncatedPoissonSum,
  zeroTruncatedPoissonSumByLevels,
  zeroTruncatedPoissonSumByRejection,
} from "../../lib/random/_zero_truncated_poisson.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { assertFits, assertMoments } from "./_stats.ts";

/** Exact pmf of one zero-truncated Poisson(mean) over x = 0..max (0 at x = 0). */
function singlePmf(mean: number, max: number): number[] {
  const out = [0];
  // log P(X = x) = x·log(mean) - log x! - log(e^mean - 1), summed term by term.
  const logNorm = mean + Math.log(-Math.expm1(-mean));
  let logFact = 0;
  for (let x = 1; x <= max; x++) {
    logFact += Math.log(x);
    out.push(Math.exp(x * Math.log(mean) - logFact - logNorm));
  }
  return out;
}

/** Exact pmf of the sum of `count` draws, by `count`-fold convolution. */
function sumPmf(count: number, mean: number): number[] {
  const one = singlePmf(mean, Math.ceil(mean + 12 * Math.sqrt(mean) + 40));
  let pmf = [1];
  for (let c = 0; c < count; c++) {
    const next = new Array<number>(pmf.length + one.length - 1).fill(0);
    for (let a = 0; a < pmf.length; a++) {
      if (pmf[a]! < 1e-300) continue;
      for (let b = 1; b < one.length; b++) next[a + b]! += pmf[a]! * one[b]!;
    }
    pmf = next;
  }
  return pmf;
}

/** Counts by value of `draws` samples. */
function histogram(draw: () => number, draws: number): number[] {
  const counts: number[] = [];
  for (let i = 0; i < draws; i++) {
    const x = draw();
    while (counts.length <= x) counts.push(0);
    counts[x]!++;
  }
  return counts;
}

/** (count, mean): the way the dispatcher picks is in the comment. */
const SUM_CASES: readonly (readonly [number, number])[] = [
  [5, 0.05], // levels
  [20, 0.3], // levels
  [50, 2], // levels
  [300, 3.5], // levels
  [30, 6], // rejection
  [200, 5], // rejection, accepted about a quarter of the time
  [12, 25], // rejection
];

Deno.test("zeroTruncatedPoisson() fits the exact pmf (chi-square at 1e-4) over 200,000 draws", async (t) => {
  // Inversion below mean 10, Poisson draws until >= 1 from 10.
  for (const mean of [1e-4, 0.01, 0.5, 3, 9.99, 10, 40]) {
    await t.step(`mean ${mean}`, () => {
      const prng = createPrng(2026, "ztp", mean);
      const pmf = singlePmf(mean, Math.ceil(mean + 12 * Math.sqrt(mean) + 40));
      assertFits(histogram(() => zeroTruncatedPoisson(prng, mean), 200_000), pmf);
    });
  }
});

Deno.test("zeroTruncatedPoissonSum() fits the exact pmf of the sum (chi-square at 1e-4), each way on every case", async (t) => {
  const ways = {
    dispatch: zeroTruncatedPoissonSum,
    levels: zeroTruncatedPoissonSumByLevels,
    rejection: zeroTruncatedPoissonSumByRejection,
  };
  for (const [count, mean] of SUM_CASES) {
    const pmf = sumPmf(count, mean);
    for (const [name, way] of Object.entries(ways)) {
      // The rejection way accepts with probability (1 - e^-mean)^count: skip where
      // that is too small to test in reasonable time.
      if (name === "rejection" && count * Math.log(-Math.expm1(-mean)) < Math.log(1e-3)) continue;
      await t.step(`${name}: count ${count}, mean ${mean}`, () => {
        const prng = createPrng(2026, "ztp-sum", name, count, mean);
        assertFits(histogram(() => way(prng, count, mean), 100_000), pmf);
      });
    }
  }
});

Deno.test("zeroTruncatedPoissonSum() matches the mean and variance at page-scale counts", async (t) => {
  // Both ways at the sizes the samplers meet (a 16 GiB hot set, a 1 TiB cold set).
  for (
    const [count, mean] of [[209_715, 11.8], [209_715, 1.3], [266_000, 0.069], [2 ** 28, 0.01], [
      1e6,
      30,
    ]] as const
  ) {
    await t.step(`count ${count}, mean ${mean}`, () => {
      const prng = createPrng(2026, "ztp-moments", count, mean);
      // One draw: E = mean/q, Var = E·(1 + mean - E) with q = 1 - e^-mean; the
      // fourth central moment of the sum gives its kurtosis 3 + κ₄/(count·Var²).
      const q = -Math.expm1(-mean);
      const m1 = mean / q;
      const v1 = m1 * (1 + mean - m1);
      // Raw moments of one draw from the Poisson's: E[Xʲ | X >= 1] = E[Xʲ] / q.
      const r2 = (mean + mean ** 2) / q;
      const r3 = (mean + 3 * mean ** 2 + mean ** 3) / q;
      const r4 = (mean + 7 * mean ** 2 + 6 * mean ** 3 + mean ** 4) / q;
      const c4 = r4 - 4 * m1 * r3 + 6 * m1 ** 2 * r2 - 3 * m1 ** 4;
      const k4 = c4 - 3 * v1 ** 2; // fourth cumulant of one draw
      assertMoments(() => zeroTruncatedPoissonSum(prng, count, mean), 20_000, {
        mean: count * m1,
        variance: count * v1,
        kurtosis: 3 + k4 / (count * v1 ** 2),
      });
    });
  }
});

Deno.test("zeroTruncatedPoissonSum() edge cases: no draw for count 0 or mean 0, exact values", () => {
  let calls = 0;
  const prng = () => {
    calls++;
    return 0.5;
  };
  assert.equal(zeroTruncatedPoissonSum(prng, 0, 3), 0);
  assert.equal(zeroTruncatedPoissonSum(prng, 7, 0), 7);
  assert.equal(zeroTruncatedPoisson(prng, 0), 1);
  assert.equal(calls, 0);
  // A tiny mean: every dirtied page was written once (u below P(X = 1) ≈ 1 - mean/2).
  assert.equal(zeroTruncatedPoisson(() => 0.9, 1e-6), 1);
  // u next to 1 ends at the top of the support the pmf reaches (no endless loop).
  assert.ok(zeroTruncatedPoisson(() => 1 - 2 ** -53, 2) >= 10);
  // Far above the level table (22 levels at mean 2): 40 uniforms of 0 carry the first
  // of two pages 40 levels up, where the series gives each level's probability.
  const real = createPrng(5, "ztp-tail");
  let zeros = 40;
  const tail = () => zeros-- > 0 ? 0 : real();
  assert.equal(zeroTruncatedPoissonSumByLevels(tail, 2, 2) >= 42, true);
  // Same generator state, same sum.
  const a = createPrng(5, "ztp-same");
  const b = createPrng(5, "ztp-same");
  for (const [count, mean] of SUM_CASES) {
    assert.equal(zeroTruncatedPoissonSum(a, count, mean), zeroTruncatedPoissonSum(b, count, mean));
  }
});
