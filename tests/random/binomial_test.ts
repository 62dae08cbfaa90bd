import assert from "node:assert/strict";
import { binomial } from "../../lib/random/binomial.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { assertFits, assertMoments } from "./_stats.ts";

/** Exact binomial pmf over k = 0..n from log-factorials summed term by term. */
function pmf(n: number, p: number): number[] {
  const logs = [0];
  for (let k = 1; k <= n; k++) logs.push(logs[k - 1]! + Math.log(k));
  const out: number[] = [];
  for (let k = 0; k <= n; k++) {
    const lp = logs[n]! - logs[k]! - logs[n - k]! + (k === 0 ? 0 : k * Math.log(p)) +
      (n - k === 0 ? 0 : (n - k) * Math.log1p(-p));
    out.push(Math.exp(lp));
  }
  return out;
}

/** Counts of `draws` samples of binomial(n, p) by value. */
function histogram(n: number, p: number, draws: number, seed: string): number[] {
  const prng = createPrng(2026, "binomial", seed);
  const counts = new Array<number>(n + 1).fill(0);
  for (let i = 0; i < draws; i++) counts[binomial(prng, n, p)]!++;
  return counts;
}

Deno.test("binomial() fits the exact pmf (chi-square at 1e-4) over 200,000 draws", async (t) => {
  // Inversion (n·p < 10), BTRS (n·p >= 10), and both mirrored (p > ½).
  for (
    const [n, p] of [
      [1, 0.5],
      [5, 0.1],
      [20, 0.3],
      [100, 0.05],
      [40, 0.9],
      [60, 0.5],
      [
        1000,
        0.02,
      ],
      [1000, 0.4],
      [2000, 0.97],
      [5000, 0.5],
    ] as const
  ) {
    await t.step(`n ${n}, p ${p}`, () => {
      assertFits(histogram(n, p, 200_000, `${n}/${p}`), pmf(n, p));
    });
  }
});

Deno.test("binomial() matches mean and variance for large n (BTRS far from the table)", async (t) => {
  for (
    const [n, p] of [[4_194_304, 0.001], [4_194_304, 0.3], [2 ** 32, 1e-6], [2 ** 32, 0.5]] as const
  ) {
    await t.step(`n ${n}, p ${p}`, () => {
      const prng = createPrng(2026, "binomial-moments", n, p);
      const v = n * p * (1 - p);
      assertMoments(() => binomial(prng, n, p), 50_000, {
        mean: n * p,
        variance: v,
        kurtosis: 3 + (1 - 6 * p * (1 - p)) / v,
      });
    });
  }
});

Deno.test("binomial() edge cases: p = 0, p = 1, n = 0 give the forced count without drawing", () => {
  let calls = 0;
  const prng = () => {
    calls++;
    return 0.5;
  };
  assert.equal(binomial(prng, 100, 0), 0);
  assert.equal(binomial(prng, 100, 1), 100);
  assert.equal(binomial(prng, 0, 0.3), 0);
  assert.equal(calls, 0);
  // Inversion ends at n even when u is next to 1.
  assert.equal(binomial(() => 1 - 2 ** -53, 3, 0.4), 3);
  assert.equal(binomial(() => 0, 3, 0.4), 0);
});

Deno.test("binomial() draws are integers in [0, n] and reproducible per seed", () => {
  const a = createPrng(5, "binomial-range");
  const b = createPrng(5, "binomial-range");
  for (const [n, p] of [[7, 0.2], [300, 0.5], [1e6, 1e-5], [1e6, 0.999999]] as const) {
    for (let i = 0; i < 2000; i++) {
      const k = binomial(a, n, p);
      assert.ok(Number.isInteger(k) && k >= 0 && k <= n, `${k} for n ${n}, p ${p}`);
      assert.equal(binomial(b, n, p), k);
    }
  }
});

Deno.test("binomial() errors name the field and the value", () => {
  const prng = createPrng(1, "x");
  assert.throws(
    () => binomial(prng, -1, 0.5),
    /trials must be an integer in \[0, 4294967296\]: current value is -1/,
  );
  assert.throws(() => binomial(prng, 2.5, 0.5), /trials .* current value is 2.5/);
  assert.throws(
    () => binomial(prng, 2 ** 32 + 1, 0.5),
    /trials must be an integer in \[0, 4294967296\]/,
  );
  assert.throws(() => binomial(prng, 10, 1.5), /probability .* current value is 1.5/);
  assert.throws(() => binomial(prng, 10, NaN), /probability .* NaN/);
  assert.throws(() => binomial("x" as never, 10, 0.5), /prng must be a function/);
});
