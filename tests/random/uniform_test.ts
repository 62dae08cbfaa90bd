import assert from "node:assert/strict";
import { createPrng } from "../../lib/random/prng.ts";
import { uniform } from "../../lib/random/uniform.ts";
import { assertMoments } from "./_stats.ts";

Deno.test("uniform() matches mean (a + b)/2 and variance (b - a)²/12 within 5 standard errors over 100,000 draws", () => {
  const prng = createPrng(1, "uniform");
  assertMoments(() => uniform(prng, -3, 5), 100_000, {
    mean: 1,
    variance: 64 / 12,
    kurtosis: 1.8,
  });
});

Deno.test("uniform() stays in [min, max)", async (t) => {
  await t.step("random draws", () => {
    const prng = createPrng(2, "uniform");
    for (let i = 0; i < 10_000; i++) {
      const x = uniform(prng, 2, 2.5);
      assert.ok(x >= 2 && x < 2.5);
    }
  });
  await t.step("u = 0 gives min; u just below 1 never gives max", () => {
    assert.equal(uniform(() => 0, 2, 3), 2);
    assert.ok(uniform(() => 1 - 2 ** -53, 1, 2) < 2);
  });
});

Deno.test("uniform() rejects bad parameters", async (t) => {
  const prng = createPrng(1);
  await t.step("non-finite ends", () => {
    assert.throws(() => uniform(prng, NaN, 1), {
      name: "RangeError",
      message: "Cannot sample uniform as min must be a finite number: current value is NaN",
    });
    assert.throws(() => uniform(prng, 0, Infinity), {
      name: "RangeError",
      message: "Cannot sample uniform as max must be a finite number: current value is Infinity",
    });
  });
  await t.step("max <= min or an infinite width", () => {
    assert.throws(() => uniform(prng, 1, 1), {
      name: "RangeError",
      message:
        "Cannot sample uniform as max must be > min (1) with a finite difference: current value is 1",
    });
    assert.throws(() => uniform(prng, -1e308, 1e308), {
      name: "RangeError",
      message:
        "Cannot sample uniform as max must be > min (-1e+308) with a finite difference: current value is 1e+308",
    });
  });
  await t.step("ends that are not numbers", () => {
    assert.throws(() => uniform(prng, "0" as unknown as number, 1), {
      name: "TypeError",
      message: 'Cannot sample uniform as min must be a number: current value is "0"',
    });
  });
});
