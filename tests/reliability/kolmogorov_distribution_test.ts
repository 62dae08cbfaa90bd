import assert from "node:assert/strict";
import { kolmogorovDistribution } from "../../lib/reliability/kolmogorov_distribution.ts";
import { createPrng } from "../../lib/random/prng.ts";

/** D_n of n uniforms against the uniform CDF (the classic formula). */
function sampleD(n: number, prng: () => number): number {
  const u = Array.from({ length: n }, prng).sort((a, b) => a - b);
  return Math.max(...u.map((x, i) => Math.max((i + 1) / n - x, x - i / n)));
}

Deno.test("kolmogorovDistribution() for n = 1 is 2d - 1 and 0 below d = 1/2", () => {
  for (const d of [0.1, 0.5, 0.51, 0.7, 0.999]) {
    const want = Math.max(0, 2 * d - 1);
    const got = kolmogorovDistribution(1, d);
    assert.ok(Math.abs(got.cdf - want) < 1e-14, `d ${d}: ${got.cdf}`);
    assert.ok(Math.abs(got.pValue - (1 - want)) < 1e-14);
  }
});

Deno.test("kolmogorovDistribution() matches Marsaglia-Tsang-Wang's value and classic critical values", () => {
  // MTW (2003) quote K(10, 0.274) = 0.6284796154565043.
  assert.ok(Math.abs(kolmogorovDistribution(10, 0.274).cdf - 0.6284796154565043) < 1e-13);
  // Two-sided 5% critical values of D_n (Miller 1956, to 5 digits): n = 5, 10, 20.
  for (const [n, d] of [[5, 0.56328], [10, 0.40925], [20, 0.29408]]) {
    assert.ok(Math.abs(kolmogorovDistribution(n!, d!).pValue - 0.05) < 2e-5, `n ${n}`);
  }
});

Deno.test("kolmogorovDistribution() agrees with simulated D_n of uniform samples (4σ)", () => {
  const prng = createPrng(4, "kolmogorov");
  const samples = 40_000;
  for (const n of [2, 3, 7, 25]) {
    const ds = Array.from({ length: samples }, () => sampleD(n, prng));
    for (const q of [0.2, 0.5, 0.8, 0.95]) {
      const d = [...ds].sort((a, b) => a - b)[Math.floor(q * samples)]!;
      const p = kolmogorovDistribution(n, d).pValue;
      const observed = ds.filter((x) => x >= d).length / samples;
      const sigma = Math.sqrt((p * (1 - p)) / samples);
      assert.ok(Math.abs(observed - p) < 4 * sigma + 1e-9, `n ${n} d ${d}: ${observed} vs ${p}`);
    }
  }
});

Deno.test("kolmogorovDistribution() meets the corrected asymptotic form for large n", () => {
  for (const [n, d] of [[400, 0.06], [2000, 0.02], [2000, 0.03]]) {
    const exact = kolmogorovDistribution(n!, d!, { exactLimit: 10_000 });
    const asymptotic = kolmogorovDistribution(n!, d!, { exactLimit: 1 });
    assert.equal(exact.method, "exact");
    assert.equal(asymptotic.method, "asymptotic");
    assert.ok(Math.abs(exact.pValue - asymptotic.pValue) < 2e-3, `n ${n} d ${d}`);
  }
  // Deep right tail: exact, positive, tiny.
  const tail = kolmogorovDistribution(100, 0.5);
  assert.ok(tail.pValue > 0 && tail.pValue < 1e-14);
});

Deno.test("kolmogorovDistribution() keeps small p-values: never 0, never rising with d", () => {
  // Reference values: 1 - P(D_n < d) by Durbin's matrix in 60-digit arithmetic (mpmath),
  // which agree with scipy.stats.kstwo.sf.
  for (
    const [n, d, want] of [
      [60, 0.8, 7.7904001800375e-42],
      [65, 0.7675, 1.26323445588111e-40],
      [109, 0.4575, 2.22190507445079e-21],
      [100, 0.2, 5.5519273280281e-4],
      [25, 0.4, 4.01833452254738e-4],
    ]
  ) {
    const { pValue, cdf, method } = kolmogorovDistribution(n!, d!);
    assert.equal(method, "exact");
    assert.ok(Math.abs(pValue / want! - 1) < 1e-10, `n ${n} d ${d}: ${pValue} vs ${want}`);
    assert.ok(Math.abs(cdf + pValue - 1) < 1e-15);
  }
  for (const n of [30, 65, 100]) {
    let previous = 1;
    for (let i = 1; i < 400; i++) {
      const { pValue } = kolmogorovDistribution(n, i / 400);
      assert.ok(pValue > 0 && pValue <= previous, `n ${n} d ${i / 400}: ${pValue} > ${previous}`);
      previous = pValue;
    }
  }
});

Deno.test("kolmogorovDistribution() exact matrix powers of large n stay finite (no NaN)", () => {
  // References: scipy.stats.kstwo.cdf.
  for (
    const [n, d, want, tolerance] of [
      [15849, 0.0002082150293393905, 0, 0],
      [501187, 0.00004090289652365285, 0, 0],
      [19953, 0.001027414423896156, 1.5699771092124033e-24, 1e-11],
      [39811, 0.0012534224209389364, 3.087979778651349e-8, 1e-5],
    ]
  ) {
    const { cdf, pValue, method } = kolmogorovDistribution(n!, d!);
    assert.equal(method, "exact");
    assert.ok(Number.isFinite(cdf) && Number.isFinite(pValue), `n ${n} d ${d}: ${cdf}`);
    assert.ok(Math.abs(cdf - want!) <= tolerance! * want!, `n ${n} d ${d}: ${cdf} vs ${want}`);
  }
});

Deno.test("kolmogorovDistribution() of a huge n returns at once (n!/nⁿ not as n products)", () => {
  // √n·d = 40/√n: P(D_n < d) underflows to 0, so the p-value is 1. The product loop took
  // about 30 minutes at n = 2^40.
  for (const n of [2 ** 40, 3 * 2 ** 32, 2 ** 53 - 1]) {
    assert.deepEqual(kolmogorovDistribution(n, 40 / n), { cdf: 0, pValue: 1, method: "exact" });
  }
});

Deno.test("kolmogorovDistribution() rejects n and d out of range", () => {
  assert.throws(() => kolmogorovDistribution(0, 0.5), {
    name: "RangeError",
    message:
      "Cannot compute the Kolmogorov distribution as n must be an integer >= 1: current value is 0",
  });
  assert.throws(() => kolmogorovDistribution(5, NaN), {
    name: "RangeError",
    message:
      "Cannot compute the Kolmogorov distribution as d must be in [0, 1]: current value is NaN",
  });
  assert.throws(() => kolmogorovDistribution(5, 1.2), {
    name: "RangeError",
    message: /d must be in \[0, 1\]/,
  });
});
