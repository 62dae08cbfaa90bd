/**
 * Gamma draws (Marsaglia and Tsang): their moments for shapes from 1 up, and the boosted
 * draws below shape 1 against the gamma distribution function, bin by bin.
 */
import { gammaAtLeastOne, gammaUnchecked } from "../../lib/random/_gamma.ts";
import { gammaP } from "../../lib/reliability/_special.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { assertFits, assertMoments } from "./_stats.ts";

Deno.test("gammaAtLeastOne() matches the gamma mean and variance", async (t) => {
  for (const shape of [1, 2.5, 30, 1e6]) {
    await t.step(`shape ${shape}`, () => {
      const prng = createPrng(2026, "gamma", shape);
      assertMoments(() => gammaAtLeastOne(prng, shape), 100_000, {
        mean: shape,
        variance: shape,
        kurtosis: 3 + 6 / shape,
      });
    });
  }
});

Deno.test("gammaUnchecked() fits the gamma distribution below and above shape 1 (chi-square at 1e-4)", async (t) => {
  for (const shape of [0.1, 0.3, 0.775, 1, 3.5]) {
    await t.step(`shape ${shape}`, () => {
      const prng = createPrng(2026, "gamma-any", shape);
      // 40 bins of equal probability, by the regularized incomplete gamma function
      const bins = 40;
      const edges: number[] = [];
      for (let i = 1; i < bins; i++) {
        let lo = 0, hi = 100 * (shape + 1);
        for (let j = 0; j < 200; j++) {
          const mid = (lo + hi) / 2;
          if (gammaP(shape, mid) < i / bins) lo = mid;
          else hi = mid;
        }
        edges.push((lo + hi) / 2);
      }
      const counts = new Array<number>(bins).fill(0);
      for (let n = 0; n < 100_000; n++) {
        const x = gammaUnchecked(prng, shape);
        let b = 0;
        while (b < edges.length && x > edges[b]!) b++;
        counts[b]!++;
      }
      assertFits(counts, new Array<number>(bins).fill(1 / bins));
    });
  }
});
