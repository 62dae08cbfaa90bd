import assert from "node:assert/strict";
import { createPrng } from "../../mod.ts";
import { uunifast } from "../../lib/realtime/mod.ts";

Deno.test("uunifast() returns n shares >= 0 that sum to U", () => {
  const prng = createPrng(2026, "uunifast", "sum");
  for (const n of [1, 2, 5, 20]) {
    for (const u of [0, 0.5, 1, 3.7]) {
      const shares = uunifast(prng, n, u);
      assert.equal(shares.length, n);
      assert.ok(shares.every((x) => x >= 0));
      assert.ok(Math.abs(shares.reduce((a, b) => a + b, 0) - u) <= 1e-12 * Math.max(1, u));
    }
  }
  assert.deepEqual(uunifast(createPrng(1), 1, 0.7), [0.7]);
});

Deno.test("uunifast() marginals match Beta(1, n − 1): mean U/n and variance U²(n−1)/(n²(n+1)) within 3% over 40,000 draws", () => {
  const n = 4;
  const u = 0.8;
  const draws = 40_000;
  const prng = createPrng(2026, "uunifast", "beta");
  const sums = new Array(n).fill(0);
  const squares = new Array(n).fill(0);
  for (let k = 0; k < draws; k++) {
    uunifast(prng, n, u).forEach((x, i) => {
      sums[i] += x;
      squares[i] += x * x;
    });
  }
  const mean = u / n;
  const variance = (u * u * (n - 1)) / (n * n * (n + 1));
  for (let i = 0; i < n; i++) {
    const m = sums[i] / draws;
    const v = squares[i] / draws - m * m;
    assert.ok(Math.abs(m - mean) / mean < 0.03, `mean of share ${i}: ${m} vs ${mean}`);
    assert.ok(
      Math.abs(v - variance) / variance < 0.03,
      `variance of share ${i}: ${v} vs ${variance}`,
    );
  }
});

Deno.test("uunifast() draws exactly n − 1 numbers", () => {
  let calls = 0;
  const prng = () => {
    calls++;
    return 0.5;
  };
  uunifast(prng, 6, 1);
  assert.equal(calls, 5);
});

Deno.test("uunifast() rejects n = 0 and a negative total", () => {
  assert.throws(() => uunifast(createPrng(1), 0, 1), {
    name: "RangeError",
    message:
      "Cannot draw utilizations as n must be an integer in [1, 10000000]: current value is 0",
  });
  assert.throws(() => uunifast(createPrng(1), 2, -1), {
    name: "RangeError",
    message:
      "Cannot draw utilizations as totalUtilization must be a finite number >= 0: current value is -1",
  });
});
