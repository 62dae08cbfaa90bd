import assert from "node:assert/strict";
import { kOutOfNIdentical } from "../../lib/reliability/k_out_of_n_identical.ts";

/** Exact binomial tails by summing terms formed with a running product (small n). */
function direct(k: number, n: number, r: number): { rel: number; unrel: number } {
  let rel = 0;
  let unrel = 0;
  let c = 1;
  for (let j = 0; j <= n; j++) {
    const term = c * r ** (n - j) * (1 - r) ** j;
    if (j <= n - k) rel += term;
    else unrel += term;
    c = (c * (n - j)) / (j + 1);
  }
  return { rel, unrel };
}

Deno.test("kOutOfNIdentical() gives TMR R = 3R² - 2R³", () => {
  for (const r of [0, 0.1, 0.5, 0.9, 0.999, 1]) {
    const { reliability } = kOutOfNIdentical(2, 3, r);
    assert.ok(Math.abs(reliability - (3 * r * r - 2 * r ** 3)) < 1e-15, `R=${r}`);
  }
});

Deno.test("kOutOfNIdentical() matches the directly summed binomial tails for n <= 30", () => {
  for (const n of [1, 2, 5, 12, 30]) {
    for (let k = 0; k <= n; k++) {
      for (const r of [0.2, 0.5, 0.93]) {
        const got = kOutOfNIdentical(k, n, r);
        const want = direct(k, n, r);
        assert.ok(Math.abs(got.reliability - want.rel) < 1e-13, `${k}/${n} R=${r}`);
        assert.ok(Math.abs(got.unreliability - want.unrel) < 1e-13, `${k}/${n} R=${r}`);
      }
    }
  }
});

Deno.test("kOutOfNIdentical() keeps the relative precision of a tiny unreliability", () => {
  // 1-out-of-3 with U = 1e-6 per component: unreliability U³ = 1e-18, lost in 1 - R.
  const { unreliability, reliability } = kOutOfNIdentical(1, 3, 1 - 1e-6);
  assert.ok(Math.abs(unreliability / 1e-18 - 1) < 1e-9);
  assert.equal(reliability, 1);
  // Series of 10 with R = 0.5: reliability 2^-10 exactly, unreliability 1 - 2^-10.
  const s = kOutOfNIdentical(10, 10, 0.5);
  assert.ok(Math.abs(s.reliability / 2 ** -10 - 1) < 1e-13);
});

Deno.test("kOutOfNIdentical() has no NaN or Infinity for n = 5000 and 10,000 with R = 0.999 and 0.5", async (t) => {
  for (const n of [5000, 10_000]) {
    for (const r of [0.999, 0.5]) {
      await t.step(`n = ${n}, R = ${r}`, () => {
        for (const k of [1, Math.floor(n / 2), Math.floor(0.99 * n), n - 5, n]) {
          const got = kOutOfNIdentical(k, n, r);
          for (const v of Object.values(got)) assert.ok(!Number.isNaN(v), `k=${k}`);
          assert.ok(Number.isFinite(got.logReliability) && Number.isFinite(got.logUnreliability));
          assert.ok(got.reliability >= 0 && got.reliability <= 1);
          assert.ok(Math.abs(got.reliability + got.unreliability - 1) < 1e-9, `k=${k}`);
        }
        // All n working: R^n, in logs even where it underflows (0.5^10000).
        assert.ok(
          Math.abs(kOutOfNIdentical(n, n, r).logReliability / (n * Math.log(r)) - 1) < 1e-12,
        );
      });
    }
  }
  // Mean 9990 working of 10,000 at R = 0.999: the median sits at the mean, so the
  // tail at k = 9990 (at most 10 failures) is a little above 1/2 (≈ 0.5833 by Poisson approx).
  const mid = kOutOfNIdentical(9990, 10_000, 0.999).reliability;
  assert.ok(mid > 0.55 && mid < 0.6, String(mid));
});

Deno.test("kOutOfNIdentical() rejects bad n, k and reliability", async (t) => {
  await t.step("n = 0", () =>
    assert.throws(() => kOutOfNIdentical(0, 0, 0.5), {
      name: "RangeError",
      message:
        "Cannot compute k-out-of-n reliability as n must be an integer in [1, 10000000]: current value is 0",
    }));
  await t.step("R = NaN", () =>
    assert.throws(() => kOutOfNIdentical(1, 2, NaN), {
      name: "RangeError",
      message:
        "Cannot compute k-out-of-n reliability as reliability must be in [0, 1]: current value is NaN",
    }));
});
