/**
 * Edges of lib/random's internal pieces that their tests leave open, found by a mutation
 * review: the xorgens state check, the ziggurat's tables and tail, the alias table's tie
 * rule and its two laws' precision, log k! where the table hands over to Stirling, the
 * gamma boost's uniform, and the zero-truncated Poisson's switch points. Arithmetic in
 * comments.
 */
import assert from "node:assert/strict";
import {
  Alias256,
  geometricProbabilities,
  octetProbabilities,
} from "../../lib/random/_alias_256.ts";
import { exponentialZiggurat, FE, KE, R, WE } from "../../lib/random/_exponential_ziggurat.ts";
import { gammaAtLeastOne, gammaUnchecked } from "../../lib/random/_gamma.ts";
import { logFactorial } from "../../lib/random/_log_factorial.ts";
import { xorgensPrng } from "../../lib/random/_xorgens.ts";
import {
  zeroTruncatedPoisson,
  zeroTruncatedPoissonSum,
  zeroTruncatedPoissonSumByLevels,
  zeroTruncatedPoissonSumByRejection,
} from "../../lib/random/_zero_truncated_poisson.ts";
import { poissonUnchecked } from "../../lib/random/_poisson.ts";
import { createPrng } from "../../lib/random/prng.ts";

/** A generator that returns `values` in order and fails the test if drawn once more. */
function script(...values: number[]): () => number {
  let i = 0;
  return () => {
    if (i >= values.length) assert.fail(`drawn a ${i + 1}th time, ${values.length} scripted`);
    return values[i++]!;
  };
}

Deno.test("xorgensPrng() refuses a state that is not 128 words", () => {
  assert.throws(() => xorgensPrng(new Array(127).fill(1), 0, 0), {
    name: "RangeError",
    message: "xorgens state must hold 128 words: current length is 127",
  });
});

Deno.test("the ziggurat's layers each hold v = 3.9497e-3 and its base ends at r", async (t) => {
  const v = 3.949659822581572e-3;
  const M = 2 ** 32;
  await t.step("layer i > 1: width x_i times the density step f(x_(i-1)) - f(x_i) is v", () => {
    for (let i = 2; i < 256; i++) {
      const area = WE[i]! * M * (FE[i - 1]! - FE[i]!);
      assert.ok(Math.abs(area / v - 1) < 1e-9, `layer ${i}: ${area}`);
      // The part of layer i under the next layer's edge is accepted at once.
      assert.ok(Math.abs(KE[i]! / (WE[i - 1]! / WE[i]! * M) - 1) < 1e-12, `threshold ${i}`);
    }
  });
  await t.step("the base strip: its threshold times its width is r, its density at r e^-r", () => {
    assert.ok(Math.abs(KE[0]! * WE[0]! - R) < 1e-12);
    assert.equal(FE[255], Math.exp(-R));
    assert.equal(FE[0], 1);
    assert.equal(KE[1], 0);
  });
  await t.step("the tail beyond r: P(X >= r) = e^-r within 5 SE over 2^24 draws", () => {
    // e^-r = 4.54e-4; 5 SE = 5·sqrt(4.54e-4 / 2^24) = 2.6e-5, below the 3.9e-5 a base
    // threshold 1 % short would add.
    const prng = createPrng(2026, "ziggurat-tail");
    const n = 2 ** 24;
    let tail = 0;
    for (let i = 0; i < n; i++) if (exponentialZiggurat(prng) >= R) tail++;
    const p = Math.exp(-R);
    assert.ok(Math.abs(tail / n - p) < 5 * Math.sqrt(p / n), `${tail / n} vs ${p}`);
  });
});

Deno.test("Alias256.draw() compares the low 24 bits with the threshold and draws only on a tie", async (t) => {
  const table = new Alias256();
  const p = new Float64Array(256);
  geometricProbabilities(0.3, p);
  table.build(p);
  // A column with a fractional threshold and another outcome as its alias.
  let c = 0;
  while (
    !(table.part[c]! > 0 && table.alias[c] !== c && table.whole[c]! > 0 &&
      table.whole[c]! < 2 ** 24 - 1)
  ) c++;
  const whole = table.whole[c]!;
  const part = table.part[c]!;
  const word = (low: number) => (c * 2 ** 24 + low) >>> 0;
  await t.step("below the threshold: the column; above: its alias; no uniform drawn", () => {
    assert.equal(table.draw(word(whole - 1), script()), c);
    assert.equal(table.draw(word(whole + 1), script()), table.alias[c]);
  });
  await t.step("on the threshold: a uniform below the fraction keeps the column", () => {
    assert.equal(table.draw(word(whole), script(0)), c);
    assert.equal(table.draw(word(whole), script(part)), table.alias[c]);
    assert.equal(table.draw(word(whole), script(0.999)), table.alias[c]);
  });
});

Deno.test("the alias laws keep their precision at the ends of the hazard", async (t) => {
  const out = new Float64Array(256);
  await t.step(
    "a geometric skip of hazard 1e-12 writes the next page with 1 - e^-λ = λ(1 - λ/2)",
    () => {
      geometricProbabilities(1e-12, out);
      // 1 - Math.exp(-1e-12) would be 1.0000889e-12, 9e-5 too much.
      assert.ok(Math.abs(out[0]! / 1e-12 - 1) < 1e-11, `${out[0]}`);
      assert.ok(Math.abs(out[255]! - Math.exp(-255e-12)) < 1e-15);
    },
  );
  await t.step("an octet at hazard 40 takes 1 - q from notQ = e^-40, not from 1 - q = 0", () => {
    octetProbabilities(-Math.expm1(-40), Math.exp(-40), out);
    assert.ok(Math.abs(out[0]! / Math.exp(-320) - 1) < 1e-12, `${out[0]}`);
    assert.ok(Math.abs(out[1]! / Math.exp(-280) - 1) < 1e-12, `${out[1]}`);
    assert.equal(out[255], 1);
  });
});

Deno.test("logFactorial() hands over from its table to Stirling's series without a step", () => {
  // log k! - log (k-1)! = log k, to 1e-11 (a few ulps of 1,200 to 6,000): the series'
  // 1/360k³ term is 1.7e-10 at k = 256, so a lost or changed term shows.
  for (let k = 1; k < 1000; k++) {
    const step = logFactorial(k) - logFactorial(k - 1);
    assert.ok(Math.abs(step - Math.log(k)) < 1e-11, `k ${k}: ${step - Math.log(k)}`);
  }
  // log 255! summed term by term (Kahan) against the table, and log 256! past it.
  let sum = 0;
  let carry = 0;
  for (let k = 2; k <= 256; k++) {
    const y = Math.log(k) - carry;
    const s = sum + y;
    carry = s - sum - y;
    sum = s;
    if (k === 255) assert.ok(Math.abs(logFactorial(255) - sum) < 1e-12);
  }
  assert.ok(Math.abs(logFactorial(256) - sum) < 1e-11);
});

Deno.test("gammaUnchecked() takes shape 1 by Marsaglia and Tsang and boosts below 1 with U on (0, 1]", async (t) => {
  await t.step("shape 1: the numbers of gammaAtLeastOne, draw for draw", () => {
    const a = createPrng(2026, "gamma-one");
    const b = createPrng(2026, "gamma-one");
    for (let i = 0; i < 10_000; i++) assert.equal(gammaUnchecked(a, 1), gammaAtLeastOne(b, 1));
  });
  await t.step(
    "shape ½: a last uniform of 0 is U = 1, so the boost keeps Gamma(1.5)'s draw",
    () => {
      // (0.5, 0.75) is the normal 2·sqrt(ln 2); u = 0 passes the squeeze.
      const g = gammaAtLeastOne(script(0.5, 0.75, 0), 1.5);
      assert.ok(g > 0);
      assert.equal(gammaUnchecked(script(0.5, 0.75, 0, 0), 0.5), g);
    },
  );
});

Deno.test("zeroTruncatedPoisson() inverts from x = 1 below mean 10 and draws Poisson from 10", async (t) => {
  await t.step("one uniform below 10; Poisson's pairs from 10", () => {
    for (const [mean, oneDraw] of [[9.99, true], [10, false]] as const) {
      const inner = createPrng(2026, "ztp-switch", mean);
      let draws = 0;
      const prng = () => {
        draws++;
        return inner();
      };
      for (let i = 0; i < 200; i++) {
        const before = draws;
        zeroTruncatedPoisson(prng, mean);
        if (oneDraw) assert.equal(draws - before, 1);
        else assert.ok(draws - before >= 2 && (draws - before) % 2 === 0);
      }
    }
  });
  await t.step("u = P(X = 1) exactly gives 2: the smallest x with F(x) > u", () => {
    assert.equal(zeroTruncatedPoisson(script(2 / Math.expm1(2)), 2), 2);
    assert.equal(zeroTruncatedPoisson(script(0), 2), 1);
  });
  await t.step("mean 1e-12: P(X = 1) = 1 - 5e-13 from expm1, so u = 0.9999999 gives 1", () => {
    // mean / (exp(mean) - 1) would be 0.99991, and give 2.
    assert.equal(zeroTruncatedPoisson(script(0.9999999), 1e-12), 1);
  });
  await t.step(
    "u next to 1 stops where the summed CDF stops growing (it ran to 205 at mean 2, 186 at 1.25)",
    () => {
      for (const mean of [0.5, 1.25, 2, 9.75, 9.99]) {
        const x = zeroTruncatedPoisson(() => 1 - 2 ** -53, mean);
        assert.ok(x >= 10 && x <= 50, `mean ${mean}: ${x}`);
      }
    },
  );
});

Deno.test("zeroTruncatedPoissonSum() draws up to 4 pages singly and picks the cheaper exact way above", async (t) => {
  await t.step("count <= 4: the sum of single draws, draw for draw", () => {
    for (const mean of [0.5, 3, 12]) {
      const a = createPrng(2026, "ztp-single", mean);
      const b = createPrng(2026, "ztp-single", mean);
      for (let i = 0; i < 500; i++) {
        let sum = 0;
        for (let j = 0; j < 4; j++) sum += zeroTruncatedPoisson(b, mean);
        assert.equal(zeroTruncatedPoissonSum(a, 4, mean), sum);
      }
    }
  });
  await t.step(
    "the way by expected cost: rejection while count·-log(1 - e^-mean) < log(mean + 2√mean + 2)",
    () => {
      // mean 6: -log(1 - e^-6) = 2.482e-3 and log(6 + 2√6 + 2) = 2.557, so rejection up to
      // count 1030 and levels from 1031.
      for (
        const [count, mean, way] of [
          [5, 0.05, "levels"],
          [50, 2, "levels"],
          [300, 3.5, "levels"],
          [30, 6, "rejection"],
          [1000, 6, "rejection"],
          [1100, 6, "levels"],
          [12, 25, "rejection"],
        ] as const
      ) {
        const a = createPrng(2026, "ztp-way", count, mean);
        const b = createPrng(2026, "ztp-way", count, mean);
        const reference = way === "levels"
          ? zeroTruncatedPoissonSumByLevels
          : zeroTruncatedPoissonSumByRejection;
        for (let i = 0; i < 20; i++) {
          assert.equal(zeroTruncatedPoissonSum(a, count, mean), reference(b, count, mean));
        }
      }
    },
  );
  await t.step("every page is written at least once: no sum below count", () => {
    const prng = createPrng(2026, "ztp-floor");
    for (let i = 0; i < 2000; i++) {
      assert.ok(zeroTruncatedPoissonSumByRejection(prng, 30, 2) >= 30);
      assert.ok(zeroTruncatedPoissonSumByLevels(prng, 30, 0.01) >= 30);
    }
  });
});

Deno.test("zeroTruncatedPoissonSumByRejection() accepts w with probability A(w), P(no empty box), draw for draw", () => {
  // The reference sums A(w) = Σᵢ (-1)ⁱ C(count, i) (1 - i/count)^w directly (small counts,
  // where it loses nothing) and accepts w when u < A(w); the library stops the
  // alternating series as soon as u leaves the bracket of two partial sums.
  for (const [count, mean] of [[2, 1.5], [3, 0.7], [5, 2], [8, 3]] as const) {
    const a = createPrng(2026, "ztp-accept", count, mean);
    const b = createPrng(2026, "ztp-accept", count, mean);
    const reference = () => {
      for (;;) {
        const w = poissonUnchecked(b, count * mean);
        if (w < count) continue;
        const u = b();
        let sum = 0;
        let choose = 1;
        for (let i = 0; i <= count; i++) {
          sum += (i % 2 === 0 ? 1 : -1) * choose * (1 - i / count) ** w;
          choose = choose * (count - i) / (i + 1);
        }
        if (u < sum) return w;
      }
    };
    for (let i = 0; i < 20_000; i++) {
      assert.equal(
        zeroTruncatedPoissonSumByRejection(a, count, mean),
        reference(),
        `count ${count}, mean ${mean}, draw ${i}`,
      );
    }
  }
});
