import assert from "node:assert/strict";
import { createPrng } from "../../lib/random/prng.ts";
import { normal } from "../../lib/random/normal.ts";
import { assertMoments } from "./_stats.ts";

Deno.test("normal() matches mean μ and variance σ² within 5 standard errors over 100,000 draws", () => {
  const prng = createPrng(1, "normal");
  assertMoments(() => normal(prng, 3, 2), 100_000, {
    mean: 3,
    variance: 4,
    kurtosis: 3,
  });
});

Deno.test("normal() puts 68.27% / 95.45% of 100,000 draws within 1σ / 2σ (±0.5%)", () => {
  const prng = createPrng(2, "normal");
  let one = 0;
  let two = 0;
  const draws = 100_000;
  for (let i = 0; i < draws; i++) {
    const z = Math.abs(normal(prng, 0, 1));
    if (z < 1) one++;
    if (z < 2) two++;
  }
  assert.ok(Math.abs(one / draws - 0.682689492) < 0.005, `${one / draws}`);
  assert.ok(Math.abs(two / draws - 0.954499736) < 0.005, `${two / draws}`);
});

Deno.test("normal() with standard deviation 0 returns the mean", () => {
  const prng = createPrng(3, "normal");
  for (let i = 0; i < 100; i++) assert.equal(normal(prng, 7.5, 0), 7.5);
});

Deno.test("normal() rejects bad parameters", () => {
  const prng = createPrng(1);
  assert.throws(() => normal(prng, NaN, 1), {
    name: "RangeError",
    message: "Cannot sample normal as mean must be a finite number: current value is NaN",
  });
  for (const sd of [-1, Infinity, NaN]) {
    assert.throws(() => normal(prng, 0, sd), {
      name: "RangeError",
      message:
        `Cannot sample normal as standardDeviation must be a finite number >= 0: current value is ${sd}`,
    });
  }
});
