import assert from "node:assert/strict";
import { hypergeometric } from "../../lib/random/hypergeometric.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { assertFits, assertMoments } from "./_stats.ts";

/** log C(n, k) from a table of log k!. */
function logChoose(logs: number[], n: number, k: number): number {
  return logs[n]! - logs[k]! - logs[n - k]!;
}

/** Exact hypergeometric pmf over k = 0..min(draws, successes). */
function pmf(population: number, successes: number, draws: number): number[] {
  const logs = [0];
  for (let k = 1; k <= population; k++) logs.push(logs[k - 1]! + Math.log(k));
  const out: number[] = [];
  for (let k = 0; k <= Math.min(draws, successes); k++) {
    const bad = draws - k;
    out.push(
      bad > population - successes ? 0 : Math.exp(
        logChoose(logs, successes, k) + logChoose(logs, population - successes, bad) -
          logChoose(logs, population, draws),
      ),
    );
  }
  return out;
}

Deno.test("hypergeometric() fits the exact pmf (chi-square at 1e-4) over 200,000 draws", async (t) => {
  // Urn (sample < 10 after mirroring) and HRUA, with each mirror.
  for (
    const [n, s, d] of [
      [10, 3, 4],
      [50, 40, 5],
      [50, 20, 45],
      [200, 100, 100],
      [1000, 50, 300],
      [1000, 900, 600],
      [5000, 2500, 40],
      [5000, 10, 2000],
      [3000, 1500, 2990],
    ] as const
  ) {
    await t.step(`population ${n}, successes ${s}, draws ${d}`, () => {
      const prng = createPrng(2026, "hypergeometric", n, s, d);
      const counts = new Array<number>(Math.min(s, d) + 1).fill(0);
      for (let i = 0; i < 200_000; i++) counts[hypergeometric(prng, n, s, d)]!++;
      assertFits(counts, pmf(n, s, d));
    });
  }
});

Deno.test("hypergeometric() matches mean and variance for millions of pages", async (t) => {
  for (const [n, s, d] of [[4_194_304, 209_715, 1_000_000], [2 ** 32, 2 ** 30, 5e8]] as const) {
    await t.step(`population ${n}, successes ${s}, draws ${d}`, () => {
      const prng = createPrng(2026, "hypergeometric-moments", n);
      const p = s / n;
      const variance = d * p * (1 - p) * (n - d) / (n - 1);
      assertMoments(() => hypergeometric(prng, n, s, d), 50_000, {
        mean: d * p,
        variance,
        kurtosis: 3,
      });
    });
  }
});

Deno.test("hypergeometric() edge cases give the forced count without drawing", () => {
  let calls = 0;
  const prng = () => {
    calls++;
    return 0.5;
  };
  assert.equal(hypergeometric(prng, 0, 0, 0), 0);
  assert.equal(hypergeometric(prng, 100, 0, 30), 0);
  assert.equal(hypergeometric(prng, 100, 100, 30), 30);
  assert.equal(hypergeometric(prng, 100, 40, 0), 0);
  assert.equal(hypergeometric(prng, 100, 40, 100), 40);
  assert.equal(calls, 0);
  // Forced overlap: 90 marked of 100, 20 drawn: at least 10 marked.
  const p = createPrng(3, "forced");
  for (let i = 0; i < 5000; i++) {
    const k = hypergeometric(p, 100, 90, 20);
    assert.ok(k >= 10 && k <= 20);
  }
});

Deno.test("hypergeometric() errors name the field and the value", () => {
  const prng = createPrng(1, "x");
  assert.throws(
    () => hypergeometric(prng, -1, 0, 0),
    /population must be an integer in \[0, 4294967296\]: current value is -1/,
  );
  assert.throws(
    () => hypergeometric(prng, 10, 11, 2),
    /successes must be <= population \(10\): current value is 11/,
  );
  assert.throws(() => hypergeometric(prng, 10, 2, 1.5), /draws .* current value is 1.5/);
  assert.throws(() => hypergeometric(prng, 10, 2, 12), /draws must be <= population \(10\)/);
});
