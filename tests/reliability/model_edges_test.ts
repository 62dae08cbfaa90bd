import assert from "node:assert/strict";
import { kOutOfN } from "../../lib/reliability/k_out_of_n.ts";
import { kOutOfNIdentical } from "../../lib/reliability/k_out_of_n_identical.ts";
import { repairableUnitAvailability } from "../../lib/reliability/repairable_unit.ts";
import { warmStandbyReliability } from "../../lib/reliability/warm_standby.ts";

Deno.test("kOutOfN() for n > 2000 and k > n - k + 1 takes R = 1 - P(at least n - k + 1 fail)", () => {
  // n = 2001: n·(n + 1) = 4,006,002 > 4e6, so only one tail is programmed; with k = 2000 >
  // n - k + 1 = 2 it is the failure tail. Components: 1999 perfect ones, 0.9 and 0.8.
  // At most one failure: R = 0.9·0.8 + 0.1·0.8 + 0.9·0.2 = 0.72 + 0.08 + 0.18 = 0.98.
  const p = [...Array.from({ length: 1999 }, () => 1), 0.9, 0.8];
  assert.ok(Math.abs(kOutOfN(2000, p) - 0.98) < 1e-15, String(kOutOfN(2000, p)));
  // k = n (series): R = Π R_i = 0.9·0.8 = 0.72.
  assert.ok(Math.abs(kOutOfN(2001, p) - 0.72) < 1e-15);
  // All perfect: R = 1 for every k.
  assert.equal(kOutOfN(1500, Array.from({ length: 2001 }, () => 1)), 1);
});

Deno.test("kOutOfN() keeps the relative precision of a tiny series reliability (n = 30)", () => {
  // Series of 30 components of R = 0.01: R_sys = 0.01^30 = 1e-60, which 1 - (1 - R_sys)
  // would round to 0. Also k = 29 of 30: 0.01^30 + 30·0.01^29·0.99 = 1e-60 + 29.7e-58.
  const p = Array.from({ length: 30 }, () => 0.01);
  assert.ok(Math.abs(kOutOfN(30, p) / 1e-60 - 1) < 1e-12, String(kOutOfN(30, p)));
  assert.ok(Math.abs(kOutOfN(29, p) / (1e-60 + 29.7e-58) - 1) < 1e-12);
});

Deno.test("kOutOfN() rejects n · min(k, n - k + 1) above 2e8 before computing", () => {
  // n = 20001, k = 10001: min(10001, 10001) = 10001, work = 20001·10001 = 200,030,001.
  const p = Array.from({ length: 20_001 }, () => 0.5);
  assert.throws(() => kOutOfN(10_001, p), {
    name: "RangeError",
    message:
      "Cannot compute k-out-of-n reliability as n · min(k, n - k + 1) must be <= 200000000: current value is 200030001 (n = 20001, k = 10001)",
  });
});

Deno.test("kOutOfNIdentical() median split of an odd n = 1,000,001 at R = 1/2 gives 1/2 in both tails", () => {
  // n = 2m + 1, R = 1/2, k = m + 1: P(at least m + 1 work) = P(at most m work) = 1/2 by
  // symmetry, so both tails are 1/2 and both logs ln(1/2), whatever the error of ln Γ(n + 1).
  const got = kOutOfNIdentical(500_001, 1_000_001, 0.5);
  assert.ok(Math.abs(got.reliability - 0.5) < 1e-12, String(got.reliability));
  assert.ok(Math.abs(got.unreliability - 0.5) < 1e-12, String(got.unreliability));
  assert.ok(Math.abs(got.logUnreliability - Math.log(0.5)) < 1e-12);
});

Deno.test("warmStandbyReliability() with one unit is e^(-λt), whatever λs", () => {
  // λ = 1e-3, λs = 5e-4, t = 1000: R = e^(-1e-3·1000) = e^-1 (the spare rate plays no role).
  const system = { failureRatePerSecond: 1e-3, standbyFailureRatePerSecond: 5e-4, units: 1 };
  assert.ok(Math.abs(warmStandbyReliability(system, 1000) - Math.exp(-1)) < 1e-15);
});

Deno.test("warmStandbyReliability() of two units is 0 once e^(-λt) underflows", () => {
  // λ = 1, t = 1000: e^-1000 underflows to 0, and R <= e^(-λt)(1 + λt) = 1001·e^-1000 ≈ 0.
  const system = { failureRatePerSecond: 1, standbyFailureRatePerSecond: 0.5 };
  assert.equal(warmStandbyReliability(system, 1000), 0);
  // Just below the underflow (λt = 700) it is e^-700 (1 + (λ/λs)(1 - e^-350)) ≈ 3·e^-700 > 0.
  const near = warmStandbyReliability(system, 700);
  assert.ok(near > 0 && Math.abs(near / (3 * Math.exp(-700)) - 1) < 1e-12, String(near));
});

Deno.test("repairableUnitAvailability() at t = 0 is 1 for point and interval availability", () => {
  // λ = 1e-3, μ = 0.05: A = 0.05/0.051 < 1, but the unit starts up, so A(0) = Ā(0) = 1.
  const a = repairableUnitAvailability(
    { failureRatePerSecond: 1e-3, repairRatePerSecond: 0.05 },
    0,
  );
  assert.equal(a.point, 1);
  assert.equal(a.interval, 1);
  assert.ok(Math.abs(a.steadyState - 0.05 / 0.051) < 1e-15);
});

Deno.test("kOutOfN() for n > 2000 and k ≈ n/2 keeps a tiny reliability (binomial tail)", () => {
  // n = 2001 identical components of R = 0.3, k = 1001: mean 600.3 working, sd
  // √(2001·0.3·0.7) ≈ 20.5, so P(at least 1001 work) ≈ 3.6e-78, far below 1 ulp of 1. It must
  // come from the success tail itself, not from 1 - P(at least 1001 fail), and agree with the
  // binomial tail Σ_{j=0}^{1000} C(2001, j) 0.3^(2001-j) 0.7^j of kOutOfNIdentical().
  const p = Array.from({ length: 2001 }, () => 0.3);
  const got = kOutOfN(1001, p);
  const want = kOutOfNIdentical(1001, 2001, 0.3).reliability;
  assert.ok(want > 1e-100 && want < 1e-70, String(want));
  assert.ok(Math.abs(got / want - 1) < 1e-9, `${got} vs ${want}`);
});
