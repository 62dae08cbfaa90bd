import assert from "node:assert/strict";
import { createPrng } from "../../lib/random/prng.ts";
import { exponential } from "../../lib/random/exponential.ts";
import { assertMoments } from "./_stats.ts";

Deno.test("exponential() matches mean 1/λ and variance 1/λ² within 5 standard errors over 100,000 draws", async (t) => {
  for (const rate of [0.01, 1, 250]) {
    await t.step(`rate ${rate}`, () => {
      const prng = createPrng(1, "exponential", rate);
      assertMoments(() => exponential(prng, rate), 100_000, {
        mean: 1 / rate,
        variance: 1 / rate ** 2,
        kurtosis: 9,
      });
    });
  }
});

Deno.test("exponential() matches the CDF 1 - exp(-λt) at its quartiles within 0.5% over 100,000 draws", () => {
  const prng = createPrng(2, "exponential");
  const draws = Array.from({ length: 100_000 }, () => exponential(prng, 2));
  for (const q of [0.25, 0.5, 0.75]) {
    const t = -Math.log(1 - q) / 2;
    const below = draws.filter((x) => x < t).length / draws.length;
    assert.ok(Math.abs(below - q) < 0.005, `P(X < ${t}) = ${below}, want ${q}`);
  }
});

Deno.test("exponential() maps u = 0 to 0 and stays finite near u = 1", () => {
  assert.equal(exponential(() => 0, 3), 0);
  const x = exponential(() => 1 - 2 ** -53, 1);
  assert.ok(Number.isFinite(x) && Math.abs(x - 53 * Math.LN2) < 1e-9);
});

Deno.test("exponential() rejects bad rates", async (t) => {
  const prng = createPrng(1);
  await t.step("zero, negative, NaN or infinite", () => {
    for (const rate of [0, -1, NaN, Infinity]) {
      assert.throws(() => exponential(prng, rate), {
        name: "RangeError",
        message:
          `Cannot sample exponential as ratePerSecond must be a finite number > 0: current value is ${rate}`,
      });
    }
  });
  await t.step("not a number", () => {
    assert.throws(() => exponential(prng, undefined as unknown as number), {
      name: "TypeError",
      message:
        "Cannot sample exponential as ratePerSecond must be a number: current value is undefined",
    });
  });
});
