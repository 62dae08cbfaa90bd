import { failuresBeforeKth } from "../../lib/random/_beta_binomial.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { assertFits } from "./_stats.ts";

/** Exact negative hypergeometric pmf: failures before the k-th of s successes among m failures. */
function pmf(k: number, s: number, m: number): number[] {
  const logs = [0];
  for (let i = 1; i <= s + m + 1; i++) logs.push(logs[i - 1]! + Math.log(i));
  const choose = (n: number, r: number) => logs[n]! - logs[r]! - logs[n - r]!;
  const out: number[] = [];
  for (let f = 0; f <= m; f++) {
    out.push(Math.exp(choose(f + k - 1, f) + choose(m - f + s - k, m - f) - choose(m + s, m)));
  }
  return out;
}

Deno.test("failuresBeforeKth() fits the exact negative hypergeometric pmf (chi-square at 1e-4)", async (t) => {
  for (
    const [k, s, m] of [[1, 1, 10], [1, 5, 40], [3, 5, 40], [5, 5, 40], [20, 100, 300], [
      90,
      100,
      50,
    ]] as const
  ) {
    await t.step(`k ${k}, successes ${s}, failures ${m}`, () => {
      const prng = createPrng(2026, "negative-hypergeometric", k, s, m);
      const counts = new Array<number>(m + 1).fill(0);
      for (let i = 0; i < 100_000; i++) counts[failuresBeforeKth(prng, k, s, m)]!++;
      assertFits(counts, pmf(k, s, m));
    });
  }
});
