/**
 * Edges of the public samplers that the distribution tests leave open, found by a
 * mutation review of lib/random: the checks every draw goes through, exact values at the
 * ends of the unit interval and at the algorithms' switch points (by draw counts, where
 * both sides are exact in distribution), and precision for tiny uniforms. Arithmetic in
 * comments.
 */
import assert from "node:assert/strict";
import {
  binomial,
  createPrng,
  createZipfSampler,
  exponential,
  hypergeometric,
  integer,
  normal,
  poisson,
  uniform,
  weibull,
} from "../../mod.ts";
import { MAX_DRAWS_PER_SAMPLE } from "../../lib/random/_finite.ts";
import { assertMoments } from "./_stats.ts";

/** A generator that returns `values` in order and fails the test if drawn once more. */
function script(...values: number[]): () => number {
  let i = 0;
  return () => {
    if (i >= values.length) assert.fail(`drawn a ${i + 1}th time, ${values.length} scripted`);
    return values[i++]!;
  };
}

/** A generator of the stream `label` that counts its draws. */
function counting(label: string): { prng: () => number; draws: () => number } {
  const inner = createPrng(2026, "edges", label);
  let draws = 0;
  return {
    prng: () => {
      draws++;
      return inner();
    },
    draws: () => draws,
  };
}

/** Every public sampler, with parameters at which it draws, and its action's name. */
const SAMPLERS: readonly [string, (prng: () => number) => number][] = [
  ["sample uniform", (prng) => uniform(prng, 0, 1)],
  ["sample integer", (prng) => integer(prng, 0, 10)],
  ["sample normal", (prng) => normal(prng, 0, 1)],
  ["sample exponential", (prng) => exponential(prng, 1)],
  ["sample Weibull", (prng) => weibull(prng, 2, 1)],
  ["sample Poisson", (prng) => poisson(prng, 3)],
  ["sample Poisson", (prng) => poisson(prng, 50)],
  ["sample binomial", (prng) => binomial(prng, 10, 0.5)],
  ["sample binomial", (prng) => binomial(prng, 1000, 0.5)],
  ["sample hypergeometric", (prng) => hypergeometric(prng, 100, 30, 5)],
  ["sample hypergeometric", (prng) => hypergeometric(prng, 1000, 500, 500)],
  ["sample Zipf", (prng) => createZipfSampler(10, 1)(prng)],
];

Deno.test("every sampler refuses a draw outside [0, 1) with the draw in the message", async (t) => {
  // Before, binomial() and hypergeometric() checked only that prng was a function: a
  // draw of 1 gave binomial(·, 10, ½) = 10, NaN gave 0, and BTRS or HRUA looped forever.
  for (
    const [draw, shown] of [[1, "1"], [NaN, "NaN"], [-0.25, "-0.25"], ["0.5", '"0.5"']] as const
  ) {
    await t.step(`a draw of ${shown}`, () => {
      for (const [action, sample] of SAMPLERS) {
        assert.throws(() => sample(() => draw as number), {
          name: "RangeError",
          message:
            `Cannot ${action} as prng must return numbers in [0, 1): current value is a draw of ${shown}`,
        });
      }
    });
  }
});

/**
 * A generator stuck at `value`, counting its calls; past the cap and the one draw the
 * message shows, it fails the test instead of letting a sampler loop on.
 */
function stuckAt(value: number): { prng: () => number; calls: () => number } {
  let calls = 0;
  return {
    prng: () => {
      if (++calls > MAX_DRAWS_PER_SAMPLE + 1) assert.fail("drawn past the cap");
      return value;
    },
    calls: () => calls,
  };
}

/** The message of a sampler refusing a generator stuck at `value`. */
function stuckMessage(action: string, value: number): string {
  return `Cannot ${action} as prng must return varied numbers in [0, 1) (no sample after 1000000 draws): current value is a generator stuck at ${value}`;
}

Deno.test("a generator stuck at one number is refused after exactly 1,000,000 draws", async (t) => {
  await t.step("normal(): 0.5 gives x = y = 0 (r = 0) forever", () => {
    const stuck = stuckAt(0.5);
    assert.throws(() => normal(stuck.prng, 0, 1), {
      name: "RangeError",
      message: stuckMessage("sample normal", 0.5),
    });
    // 1,000,000 draws, and one more to show the value.
    assert.equal(MAX_DRAWS_PER_SAMPLE, 1_000_000);
    assert.equal(stuck.calls(), 1_000_001);
  });
  await t.step("the 1,000,000th draw may still end the sample", () => {
    // 499,999 rejected pairs (0.5, 0.5), then (0.5, 0.75): x = 0, y = 0.5, r = 0.25,
    // so the draw is 0.5·sqrt(-2 ln 0.25 / 0.25) = 2·sqrt(ln 2).
    let calls = 0;
    const prng = () => ++calls === MAX_DRAWS_PER_SAMPLE ? 0.75 : 0.5;
    assert.equal(normal(prng, 0, 1), 0.5 * Math.sqrt(-2 * Math.log(0.25) / 0.25));
    assert.equal(calls, MAX_DRAWS_PER_SAMPLE);
  });
  await t.step(
    "binomial() by BTRS and hypergeometric() by HRUA (they looped forever before)",
    () => {
      // u = 0 gives us = 0 and k = -Infinity in BTRS; HRUA skips u = 0.
      assert.throws(() => binomial(stuckAt(0).prng, 1000, 0.5), {
        name: "RangeError",
        message: stuckMessage("sample binomial", 0),
      });
      assert.throws(() => hypergeometric(stuckAt(0).prng, 1000, 500, 500), {
        name: "RangeError",
        message: stuckMessage("sample hypergeometric", 0),
      });
    },
  );
});

Deno.test("finite parameters whose sample overflows are refused, naming the parameters", () => {
  // (0.5, 0.75): a standard normal of 2·sqrt(ln 2) = 1.665, so 1e308 + 1.665e308 = Infinity.
  assert.throws(() => normal(script(0.5, 0.75), 1e308, 1e308), {
    name: "RangeError",
    message:
      "Cannot sample normal as mean and standardDeviation must give a finite sample: current value is Infinity",
  });
  // -ln(0.5) / 5e-324 overflows.
  assert.throws(() => exponential(() => 0.5, 5e-324), {
    name: "RangeError",
    message:
      "Cannot sample exponential as ratePerSecond must give a finite sample: current value is Infinity",
  });
  // (-ln 0.1)^(1e5) = 2.3^100000 overflows.
  assert.throws(() => weibull(() => 0.9, 1e-5, 1), {
    name: "RangeError",
    message:
      "Cannot sample Weibull as shape and scale must give a finite sample: current value is Infinity",
  });
});

Deno.test("normal() returns mean + sd·y·sqrt(-2 ln r / r) of the first pair inside the unit disc", async (t) => {
  // (0.5, 0.75): x = 0, y = 0.5, r = 0.25.
  const z = 0.5 * Math.sqrt(-2 * Math.log(0.25) / 0.25);
  await t.step("y, not x, scales the result", () => {
    assert.equal(normal(script(0.5, 0.75), 3, 2), 3 + 2 * z);
  });
  await t.step("r = 0 (0.5, 0.5) is rejected, not turned into NaN", () => {
    assert.equal(normal(script(0.5, 0.5, 0.5, 0.75), 0, 1), z);
  });
  await t.step("r = 1 (0, 0.5: x = -1, y = 0) is rejected, not returned as the mean", () => {
    assert.equal(normal(script(0, 0.5, 0.5, 0.75), 0, 1), z);
  });
});

Deno.test("exponential() and weibull() keep full precision for tiny uniforms (log1p, not log(1 - u))", () => {
  // -log1p(-2^-60) = 2^-60, where log(1 - 2^-60) = log(1) = 0.
  assert.equal(exponential(() => 2 ** -60, 1), 2 ** -60);
  assert.equal(exponential(() => 2 ** -60, 4), 2 ** -62);
  assert.equal(weibull(() => 2 ** -60, 1, 3), 3 * 2 ** -60);
  assert.equal(weibull(() => 2 ** -60, 2, 1), 2 ** -30);
});

Deno.test("integer() takes one draw for spans up to 2^32 and two above, combined as documented", async (t) => {
  await t.step("draw counts at and around 2^32", () => {
    for (
      const [min, max, draws] of [
        [0, 2 ** 31 + 1, 1],
        [0, 2 ** 32, 1],
        [-(2 ** 31), 2 ** 31, 1],
        [0, 2 ** 32 + 1, 2],
        [5, 5 + 2 ** 40, 2],
      ] as const
    ) {
      const { prng, draws: taken } = counting(`integer ${min} ${max}`);
      for (let i = 0; i < 100; i++) integer(prng, min, max);
      assert.equal(taken(), 100 * draws, `[${min}, ${max})`);
    }
  });
  await t.step("(floor(2^21 u1) + u2) / 2^21, then floor(span·u)", () => {
    // floor(0.3·2^21) = 629145, so u = (629145 + 0.25) / 2^21 and k = u·2^40 exactly.
    assert.equal(integer(script(0.3, 0.25), 0, 2 ** 40), 629145.25 * 2 ** 19);
  });
  await t.step("both draws next to 1 give maxExclusive - 1, not maxExclusive", () => {
    // (2^21 - 1 + (1 - 2^-53)) / 2^21 rounds to 1: the clamp keeps k below the end.
    assert.equal(integer(() => 1 - 2 ** -53, 0, 2 ** 40), 2 ** 40 - 1);
    assert.equal(integer(() => 1 - 2 ** -53, 10, 10 + 2 ** 33), 9 + 2 ** 33);
  });
  await t.step(
    "spans above 2^32: k/span has mean ½ and variance 1/12 (5 SE, 100,000 draws)",
    () => {
      const span = 3 * 2 ** 40;
      const prng = createPrng(2026, "edges", "integer-moments");
      assertMoments(() => integer(prng, 0, span) / span, 100_000, {
        mean: 0.5,
        variance: 1 / 12,
        kurtosis: 1.8,
      });
    },
  );
});

Deno.test("poisson() switches from inversion to PTRS at mean 10", async (t) => {
  await t.step("below 10: one uniform per draw; from 10: pairs", () => {
    for (const [mean, oneDraw] of [[9.99, true], [10, false], [10.01, false]] as const) {
      const { prng, draws } = counting(`poisson ${mean}`);
      for (let i = 0; i < 200; i++) {
        const before = draws();
        poisson(prng, mean);
        const taken = draws() - before;
        if (oneDraw) assert.equal(taken, 1, `mean ${mean}`);
        else assert.ok(taken >= 2 && taken % 2 === 0, `mean ${mean}: ${taken} draws`);
      }
    }
  });
  await t.step("PTRS maps (u, v) through k = floor((2a/us + b)(u - ½) + mean + 0.43)", () => {
    // u = ½ (us = ½ ≥ 0.07) and v = 0 ≤ v_r: accepted by the squeeze at
    // k = floor(mean + 0.43): 10 for mean 10.55 (10.98), 11 for 10.6 (11.03).
    assert.equal(poisson(script(0.5, 0), 10.55), 10);
    assert.equal(poisson(script(0.5, 0), 10.6), 11);
  });
});

Deno.test("the inversions stop where the summed CDF stops growing, not where the pmf underflows", () => {
  // For u = 1 - 2^-53 (a generator of more than 32 bits) the sum of the pmf can stay
  // below u for good, depending on rounding: the search then ran on to the k where p(k)
  // underflows, 304 for Poisson(9.99), 168 to 297 for Binomial(1e9, mean / 1e9) at the
  // means below. The exact quantile is below 50 (P(X >= 45) = 4.4e-16 at mean 9.99); the
  // search now stops at the first term too small to change the sum.
  const u = () => 1 - 2 ** -53;
  for (const mean of [0.75, 1, 1.25, 4, 9.75, 9.99]) {
    const k = poisson(u, mean);
    assert.ok(k >= 10 && k <= 50, `poisson mean ${mean}: ${k}`);
    const b = binomial(u, 1e9, mean / 1e9);
    assert.ok(b >= 10 && b <= 50, `binomial mean ${mean}: ${b}`);
  }
  // A 32-bit generator's largest draw, 1 - 2^-32, is far below where the sum stops.
  assert.equal(poisson(() => 1 - 2 ** -32, 9.99), 35);
});

Deno.test("binomial() mirrors only above ½ and switches to BTRS at n·min(p, 1 - p) = 10", async (t) => {
  await t.step("p = ½ is not mirrored: u = 0 gives 0; just above ½, n - 0", () => {
    assert.equal(binomial(script(0), 3, 0.5), 0);
    assert.equal(binomial(script(0), 3, 0.5000001), 3);
  });
  await t.step(
    "n·p' = 9.5: one uniform per draw; n·p' = 10 (also mirrored, 40 at ¾): pairs",
    () => {
      for (
        const [n, p, oneDraw] of [[19, 0.5, true], [20, 0.5, false], [40, 0.75, false]] as const
      ) {
        const { prng, draws } = counting(`binomial ${n} ${p}`);
        for (let i = 0; i < 200; i++) {
          const before = draws();
          binomial(prng, n, p);
          const taken = draws() - before;
          if (oneDraw) assert.equal(taken, 1, `n ${n}, p ${p}`);
          else assert.ok(taken >= 2 && taken % 2 === 0, `n ${n}, p ${p}: ${taken} draws`);
        }
      }
    },
  );
  await t.step("inversion at u next to 1 ends at n", () => {
    // n·p = 9.5 with p = ½: F(n - 1) = 1 - 2^-19 < u, so k = n = 19.
    assert.equal(binomial(() => 1 - 2 ** -53, 19, 0.5), 19);
    assert.equal(binomial(() => 1 - 2 ** -53, 1, 0.3), 1);
    // Where the summed pmf stays below u (0.99999999999999978 for n = 1, p = 0.45; the
    // same for n = 5, p = 0.1), the search stops at n, not n + 1.
    assert.equal(binomial(() => 1 - 2 ** -53, 1, 0.45), 1);
    assert.equal(binomial(() => 1 - 2 ** -53, 5, 0.1), 5);
  });
  await t.step("inversion takes the smallest k with F(k) > u: u = F(0) = 0.6³ gives 1", () => {
    assert.equal(binomial(script(Math.exp(3 * Math.log1p(-0.4))), 3, 0.4), 1);
    assert.equal(binomial(script(0.2159), 3, 0.4), 0);
  });
});

Deno.test("hypergeometric() draws the urn item by item below a mirrored sample of 10", async (t) => {
  await t.step("u = 0 draws marked items while any is left: 3 of 3, never more", () => {
    assert.equal(hypergeometric(() => 0, 100, 3, 8), 3);
    // Mirrored (92 of 100 drawn: the 8 left behind are the urn's sample).
    assert.equal(hypergeometric(() => 0, 100, 3, 92), 0);
  });
  await t.step("a sample of 9 takes 9 uniforms; of 10, HRUA's pairs (about 4 in all)", () => {
    for (const [n, s, d] of [[1000, 300, 9], [1000, 300, 991]] as const) {
      const { prng, draws } = counting(`urn ${n} ${s} ${d}`);
      for (let i = 0; i < 100; i++) hypergeometric(prng, n, s, d);
      assert.equal(draws(), 900);
    }
    const { prng, draws } = counting("hrua 10");
    for (let i = 0; i < 100; i++) hypergeometric(prng, 1000, 300, 10);
    assert.ok(draws() % 2 === 0 && draws() < 600, `${draws()} draws`);
  });
  await t.step("the top of the support: one marked item of 100, 50 drawn, half the time", () => {
    // HRUA (sample 50): P(1) = 50/100. 100,000 draws: within 5·sqrt(0.25/1e5) = 0.0079.
    const prng = createPrng(2026, "edges", "hypergeometric-top");
    let ones = 0;
    for (let i = 0; i < 100_000; i++) ones += hypergeometric(prng, 100, 1, 50);
    assert.ok(Math.abs(ones / 100_000 - 0.5) < 5 * Math.sqrt(0.25 / 100_000), `${ones}`);
  });
  await t.step("a negative count is refused by name", () => {
    assert.throws(() => hypergeometric(createPrng(1), 10, -1, 2), {
      name: "RangeError",
      message:
        "Cannot sample hypergeometric as successes must be an integer >= 0: current value is -1",
    });
  });
});

Deno.test("createPrng() refuses a path part that is not a string or a finite number, by index", () => {
  for (
    const [path, index, shown] of [
      [["vm", NaN], 1, "NaN"],
      [[Infinity], 0, "Infinity"],
      [["a", 2, {}], 2, "{}"],
      [[null], 0, "null"],
    ] as const
  ) {
    assert.throws(() => createPrng(1, ...(path as unknown as string[])), {
      name: "TypeError",
      message:
        `Cannot create a generator as path[${index}] must be a string or a finite number: current value is ${shown}`,
    });
  }
});
