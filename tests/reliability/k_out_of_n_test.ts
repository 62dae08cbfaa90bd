import assert from "node:assert/strict";
import { createPrng } from "../../lib/random/prng.ts";
import { kOutOfN } from "../../lib/reliability/k_out_of_n.ts";
import { kOutOfNIdentical } from "../../lib/reliability/k_out_of_n_identical.ts";

/** P(at least k work) by enumerating all 2^n component states. */
function bruteForce(k: number, p: number[]): number {
  let total = 0;
  for (let mask = 0; mask < 1 << p.length; mask++) {
    let prob = 1;
    let up = 0;
    p.forEach((pi, i) => {
      if (mask & (1 << i)) {
        prob *= pi;
        up++;
      } else prob *= 1 - pi;
    });
    if (up >= k) total += prob;
  }
  return total;
}

Deno.test("kOutOfN() matches brute-force enumeration of all 2^n states for n <= 10", () => {
  const prng = createPrng(3, "k-out-of-n");
  for (let n = 1; n <= 10; n++) {
    const p = Array.from({ length: n }, () => prng());
    for (let k = 0; k <= n; k++) {
      assert.ok(Math.abs(kOutOfN(k, p) - bruteForce(k, p)) < 1e-14, `k=${k} n=${n}`);
    }
  }
});

Deno.test("kOutOfN() reduces to series Π R_i (k = n) and parallel 1 - Π(1 - R_i) (k = 1)", () => {
  const p = [0.9, 0.8, 0.95, 0.7];
  assert.ok(Math.abs(kOutOfN(4, p) - 0.9 * 0.8 * 0.95 * 0.7) < 1e-15);
  assert.ok(Math.abs(kOutOfN(1, p) - (1 - 0.1 * 0.2 * 0.05 * 0.3)) < 1e-15);
});

Deno.test("kOutOfN() with equal reliabilities agrees with kOutOfNIdentical() to 1e-12 for n = 200", () => {
  const p = Array.from({ length: 200 }, () => 0.97);
  for (const k of [1, 150, 190, 200]) {
    assert.ok(Math.abs(kOutOfN(k, p) - kOutOfNIdentical(k, 200, 0.97).reliability) < 1e-12);
  }
});

Deno.test("kOutOfN() stays finite for n = 5000 non-identical components", () => {
  const prng = createPrng(4, "large");
  const p = Array.from({ length: 5000 }, () => 0.99 + 0.01 * prng());
  const r = kOutOfN(4950, p);
  assert.ok(Number.isFinite(r) && r > 0 && r < 1);
});

Deno.test("kOutOfN() rejects bad k and reliabilities", async (t) => {
  await t.step("k > n", () =>
    assert.throws(() => kOutOfN(3, [0.5, 0.5]), {
      name: "RangeError",
      message:
        "Cannot compute k-out-of-n reliability as k must be an integer in [0, 2]: current value is 3",
    }));
  await t.step("reliability > 1", () =>
    assert.throws(() => kOutOfN(1, [0.5, 1.5]), {
      name: "RangeError",
      message:
        "Cannot compute k-out-of-n reliability as reliabilities[1] must be in [0, 1]: current value is 1.5",
    }));
  await t.step("empty", () => assert.throws(() => kOutOfN(0, []), TypeError));
});

Deno.test("kOutOfN() of many components keeps a small reliability (no 1 - x past n = 2000)", () => {
  // 5000 components of reliability 0.99: k = n is a series system, R = 0.99^5000 = 1.5e-22
  // (was 2.1e-15); k = n - 1 adds n·0.01·0.99^(n-1).
  const n = 5000;
  const r = Array.from({ length: n }, () => 0.99);
  const series = Math.exp(n * Math.log(0.99));
  assert.ok(Math.abs(kOutOfN(n, r) / series - 1) < 1e-11, `${kOutOfN(n, r)}`);
  const oneSpare = series + n * 0.01 * Math.exp((n - 1) * Math.log(0.99));
  assert.ok(Math.abs(kOutOfN(n - 1, r) / oneSpare - 1) < 1e-11);
});
