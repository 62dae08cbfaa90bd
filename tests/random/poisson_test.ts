import assert from "node:assert/strict";
import { createPrng } from "../../lib/random/prng.ts";
import { poisson } from "../../lib/random/poisson.ts";
import { assertFits, assertMoments } from "./_stats.ts";

/** Exact Poisson pmf for k = 0..kMax by the recurrence p(k) = p(k - 1) · mean / k. */
function pmf(mean: number, kMax: number): number[] {
  const p = [Math.exp(-mean)];
  for (let k = 1; k <= kMax; k++) p.push(p[k - 1]! * mean / k);
  return p;
}

Deno.test("poisson() matches its mean and variance within 5 standard errors over 100,000 draws", async (t) => {
  for (const mean of [0.5, 3, 9.9, 10, 50, 1e4, 1e7]) {
    await t.step(`mean ${mean}`, () => {
      const prng = createPrng(2026, "poisson", mean);
      assertMoments(() => poisson(prng, mean), 100_000, {
        mean,
        variance: mean,
        kurtosis: 3 + 1 / mean,
      });
    });
  }
  await t.step("mean 1e9 (20,000 draws)", () => {
    const prng = createPrng(2026, "poisson", 1e9);
    assertMoments(() => poisson(prng, 1e9), 20_000, {
      mean: 1e9,
      variance: 1e9,
      kurtosis: 3 + 1e-9,
    });
  });
});

Deno.test("poisson() returns 0 for mean 0 without drawing", () => {
  let calls = 0;
  const prng = () => {
    calls++;
    return 0.5;
  };
  for (let i = 0; i < 1000; i++) assert.equal(poisson(prng, 0), 0);
  assert.equal(calls, 0);
});

Deno.test("poisson() returns non-negative integers", () => {
  const prng = createPrng(1, "poisson", "integers");
  for (const mean of [1e-9, 0.5, 9.99, 10, 10.5, 1e6, 1e12]) {
    for (let i = 0; i < 2000; i++) {
      const k = poisson(prng, mean);
      assert.ok(Number.isInteger(k) && k >= 0, `${k} for mean ${mean}`);
    }
  }
});

Deno.test("poisson() inverts the CDF for small means (u = 0 gives 0, u near 1 the far tail)", () => {
  assert.equal(poisson(() => 0, 3), 0);
  assert.equal(poisson(() => Math.exp(-3), 3), 1);
  // F(10) for mean 3 is 0.99971 and F(9) 0.99890.
  assert.equal(poisson(() => 0.9995, 3), 10);
  assert.ok(poisson(() => 1 - 2 ** -53, 9.9) < 100);
});

Deno.test("poisson() pmf passes a chi-square test (p > 1e-4) over 200,000 draws", async (t) => {
  for (const mean of [3, 10, 50]) {
    await t.step(`mean ${mean}`, () => {
      const prng = createPrng(7, "poisson-chi-square", mean);
      const counts: number[] = [];
      for (let i = 0; i < 200_000; i++) {
        const k = poisson(prng, mean);
        counts[k] = (counts[k] ?? 0) + 1;
      }
      for (let k = 0; k < counts.length; k++) counts[k] ??= 0;
      assertFits(
        counts,
        pmf(mean, Math.ceil(mean + 12 * Math.sqrt(mean) + 10)),
      );
    });
  }
});

Deno.test("poisson() is reproducible for a seed and stream", () => {
  const a = createPrng(5, "same");
  const b = createPrng(5, "same");
  for (let i = 0; i < 100; i++) {
    const mean = [2, 40, 5e5][i % 3]!;
    assert.equal(poisson(a, mean), poisson(b, mean));
  }
});

Deno.test("poisson() rejects bad parameters", async (t) => {
  const prng = createPrng(1);
  await t.step("negative, NaN, infinite or huge mean", () => {
    for (const mean of [-1, NaN, Infinity, 2e15]) {
      assert.throws(() => poisson(prng, mean), {
        name: "RangeError",
        message:
          `Cannot sample Poisson as mean must be in [0, 1000000000000000]: current value is ${mean}`,
      });
    }
  });
  await t.step("mean that is not a number", () => {
    assert.throws(() => poisson(prng, "3" as unknown as number), {
      name: "TypeError",
      message: 'Cannot sample Poisson as mean must be a number: current value is "3"',
    });
  });
  await t.step("prng that is not a function", () => {
    assert.throws(() => poisson(0.5 as unknown as () => number, 3), {
      name: "TypeError",
      message:
        "Cannot sample Poisson as prng must be a function returning numbers in [0, 1): current value is 0.5",
    });
  });
});
