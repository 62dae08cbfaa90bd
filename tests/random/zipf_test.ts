import assert from "node:assert/strict";
import { createPrng } from "../../lib/random/prng.ts";
import { createZipfSampler } from "../../lib/random/zipf.ts";
import { assertFits } from "./_stats.ts";

/** Exact Zipf pmf over ranks 0..n-1 by a direct generalized harmonic sum. */
function zipfPmf(n: number, exponent: number): number[] {
  const weights = Array.from({ length: n }, (_, k) => (k + 1) ** -exponent);
  const harmonic = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / harmonic);
}

Deno.test("createZipfSampler() matches the exact pmf of n = 1000 over 200,000 draws", async (t) => {
  const n = 1000;
  const draws = 200_000;
  for (const exponent of [0.5, 1, 1.5]) {
    await t.step(`exponent ${exponent}`, () => {
      const sample = createZipfSampler(n, exponent);
      const prng = createPrng(11, "zipf", exponent);
      const counts = new Array<number>(n).fill(0);
      for (let i = 0; i < draws; i++) counts[sample(prng)]!++;
      const pmf = zipfPmf(n, exponent);
      // Top ranks: each frequency within 5 binomial standard errors.
      for (let k = 0; k < 10; k++) {
        const p = pmf[k]!;
        const error = Math.sqrt(p * (1 - p) / draws);
        const frequency = counts[k]! / draws;
        assert.ok(
          Math.abs(frequency - p) <= 5 * error,
          `rank ${k}: frequency ${frequency} vs pmf ${p} (standard error ${error})`,
        );
      }
      // Whole distribution: chi-square at p > 1e-4, tail ranks pooled.
      assertFits(counts, pmf);
    });
  }
});

Deno.test("createZipfSampler() returns ranks in [0, n)", async (t) => {
  await t.step("n = 1 always gives rank 0", () => {
    const prng = createPrng(1, "zipf", "one");
    const sample = createZipfSampler(1, 1.2);
    for (let i = 0; i < 1000; i++) assert.equal(sample(prng), 0);
  });
  await t.step("n = 2, exponent 1: P(0) = 2/3 within 5 standard errors", () => {
    const prng = createPrng(1, "zipf", "two");
    const sample = createZipfSampler(2, 1);
    let zeros = 0;
    for (let i = 0; i < 100_000; i++) if (sample(prng) === 0) zeros++;
    const error = Math.sqrt((2 / 9) / 100_000);
    assert.ok(Math.abs(zeros / 100_000 - 2 / 3) <= 5 * error);
  });
  await t.step(
    "n = 2^26 with exponents 0.5, 1, 1.5: integer ranks in range",
    () => {
      const n = 2 ** 26;
      for (const exponent of [0.5, 1, 1.5]) {
        const prng = createPrng(1, "zipf", "large", exponent);
        const sample = createZipfSampler(n, exponent);
        for (let i = 0; i < 20_000; i++) {
          const k = sample(prng);
          assert.ok(Number.isInteger(k) && k >= 0 && k < n, `${k}`);
        }
      }
    },
  );
  await t.step("extreme uniforms map to the end ranks", () => {
    const sample = createZipfSampler(1000, 1);
    assert.equal(sample(() => 1 - 2 ** -53), 0);
    assert.equal(sample(() => 0), 999);
  });
});

Deno.test("createZipfSampler() for n = 2^26 with exponent 0.5 has mean within 1.5% of the closed form", () => {
  // For s = 0.5, E[k + 1] = H(n, -0.5) / H(n, 0.5) and H(n, a) ≈ ∫ x^-a dx + ζ(a) +
  // n^-a / 2 (Euler–Maclaurin); the ζ terms are below 1e-3 relative for n = 2^26.
  const n = 2 ** 26;
  const sample = createZipfSampler(n, 0.5);
  const prng = createPrng(3, "zipf", "mean");
  let sum = 0;
  const draws = 100_000;
  for (let i = 0; i < draws; i++) sum += sample(prng) + 1;
  const expected = ((2 / 3) * n ** 1.5) / (2 * Math.sqrt(n));
  // Standard error: sd ≈ n·√(1/5 - 1/9) ≈ 0.298 n, so 5 SE ≈ 0.0047 n ≈ 1.4% of the mean.
  assert.ok(
    Math.abs(sum / draws - expected) / expected < 0.015,
    `${sum / draws} vs ${expected}`,
  );
});

Deno.test("createZipfSampler() rejects bad parameters", async (t) => {
  await t.step("n not an integer in [1, 2^31 - 1]", () => {
    for (const n of [0, -5, 1.5, NaN, 2 ** 31]) {
      assert.throws(() => createZipfSampler(n, 1), {
        name: "RangeError",
        message:
          `Cannot create a Zipf sampler as n must be an integer in [1, 2147483647]: current value is ${n}`,
      });
    }
  });
  await t.step("exponent not a finite number > 0", () => {
    for (const exponent of [0, -1, NaN, Infinity]) {
      assert.throws(() => createZipfSampler(10, exponent), {
        name: "RangeError",
        message:
          `Cannot create a Zipf sampler as exponent must be a finite number > 0: current value is ${exponent}`,
      });
    }
  });
  await t.step("prng that is not a function", () => {
    const sample = createZipfSampler(10, 1);
    assert.throws(() => sample(null as unknown as () => number), {
      name: "TypeError",
      message:
        "Cannot sample Zipf as prng must be a function returning numbers in [0, 1): current value is null",
    });
  });
});
