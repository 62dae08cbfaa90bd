import assert from "node:assert/strict";
import { createPrng } from "../../lib/random/prng.ts";
import { integer } from "../../lib/random/integer.ts";
import { assertFits, assertMoments } from "./_stats.ts";

Deno.test("integer() matches mean (a + b - 1)/2 and variance (span² - 1)/12 within 5 standard errors over 100,000 draws", () => {
  const prng = createPrng(1, "integer");
  const span = 100;
  // Discrete uniform kurtosis: 3(3span² - 7) / (5(span² - 1)).
  assertMoments(() => integer(prng, -10, 90), 100_000, {
    mean: 39.5,
    variance: (span * span - 1) / 12,
    kurtosis: (3 * (3 * span * span - 7)) / (5 * (span * span - 1)),
  });
});

Deno.test("integer() gives every value of [0, 10) equally often (chi-square, p > 1e-4, 100,000 draws)", () => {
  const prng = createPrng(2, "integer");
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 100_000; i++) counts[integer(prng, 0, 10)]!++;
  assertFits(counts, new Array<number>(10).fill(0.1));
});

Deno.test("integer() reaches odd values for spans above 2^32 (two draws combined)", () => {
  const prng = createPrng(3, "integer");
  const draws = 10_000;
  let odd = 0;
  for (let i = 0; i < draws; i++) {
    const k = integer(prng, 0, 2 ** 40);
    assert.ok(Number.isInteger(k) && k >= 0 && k < 2 ** 40);
    odd += k % 2;
  }
  // One 32-bit draw times 2^40 would give only multiples of 256.
  assert.ok(Math.abs(odd / draws - 0.5) < 5 * Math.sqrt(0.25 / draws));
});

Deno.test("integer() stays in [min, maxExclusive) at the ends of the unit interval", () => {
  assert.equal(integer(() => 0, 5, 8), 5);
  assert.equal(integer(() => 1 - 2 ** -53, 5, 8), 7);
  assert.equal(integer(() => 0.999, 0, 1), 0);
});

Deno.test("integer() rejects bad parameters", async (t) => {
  const prng = createPrng(1);
  await t.step("non-integer ends", () => {
    assert.throws(() => integer(prng, 0.5, 3), {
      name: "RangeError",
      message:
        "Cannot sample integer as min must be an integer >= -9007199254740991: current value is 0.5",
    });
    assert.throws(() => integer(prng, 0, NaN), {
      name: "RangeError",
      message:
        "Cannot sample integer as maxExclusive must be an integer >= -9007199254740991: current value is NaN",
    });
  });
  await t.step("empty or too wide ranges", () => {
    assert.throws(() => integer(prng, 3, 3), {
      name: "RangeError",
      message:
        "Cannot sample integer as maxExclusive must be > min (3) with a finite difference: current value is 3",
    });
    assert.throws(() => integer(prng, -(2 ** 53) + 1, 2 ** 53 - 1), {
      name: "RangeError",
      message:
        "Cannot sample integer as maxExclusive - min must be <= 9007199254740991: current value is 18014398509481982",
    });
  });
});
