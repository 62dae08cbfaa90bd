import assert from "node:assert/strict";
import { createPrng } from "../../lib/random/prng.ts";
import { weibull } from "../../lib/random/weibull.ts";
import { assertMoments } from "./_stats.ts";

// Raw moments E[X^n] = λ^n Γ(1 + n/k); shapes 0.5, 1 and 2 have closed-form Γ values.
const CASES = [
  // k = 1: exponential with mean λ.
  { shape: 1, scale: 2, mean: 2, variance: 4, kurtosis: 9 },
  // k = 2: mean λ√π/2, variance λ²(1 - π/4), kurtosis (32 - 3π²)/(4 - π)².
  {
    shape: 2,
    scale: 10,
    mean: 5 * Math.sqrt(Math.PI),
    variance: 100 * (1 - Math.PI / 4),
    kurtosis: (32 - 3 * Math.PI ** 2) / (4 - Math.PI) ** 2,
  },
  // k = 0.5: E[X^n] = (2n)! λ^n, so mean 2λ, variance 20λ², μ₄ = 35088λ⁴.
  { shape: 0.5, scale: 1, mean: 2, variance: 20, kurtosis: 35088 / 400 },
];

Deno.test("weibull() matches mean λΓ(1 + 1/k) and variance λ²(Γ(1 + 2/k) - Γ(1 + 1/k)²) within 5 standard errors over 200,000 draws", async (t) => {
  for (const { shape, scale, ...moments } of CASES) {
    await t.step(`shape ${shape}, scale ${scale}`, () => {
      const prng = createPrng(1, "weibull", shape);
      assertMoments(() => weibull(prng, shape, scale), 200_000, moments);
    });
  }
});

Deno.test("weibull() inverts the CDF 1 - exp(-(x/λ)^k)", () => {
  assert.equal(weibull(() => 0, 2, 10), 0);
  const u = 0.75;
  assert.ok(
    Math.abs(weibull(() => u, 3, 4) - 4 * (-Math.log(1 - u)) ** (1 / 3)) <
      1e-12,
  );
});

Deno.test("weibull() rejects bad parameters", () => {
  const prng = createPrng(1);
  for (const shape of [0, -2, NaN]) {
    assert.throws(() => weibull(prng, shape, 1), {
      name: "RangeError",
      message:
        `Cannot sample Weibull as shape must be a finite number > 0: current value is ${shape}`,
    });
  }
  for (const scale of [0, -1, Infinity]) {
    assert.throws(() => weibull(prng, 1, scale), {
      name: "RangeError",
      message:
        `Cannot sample Weibull as scale must be a finite number > 0: current value is ${scale}`,
    });
  }
});
