import assert from "node:assert/strict";
import { integrateToInfinity } from "../../lib/reliability/_integrate.ts";
import {
  coldStandbyChain,
  coldStandbyMttf,
  coldStandbyReliability,
} from "../../lib/reliability/cold_standby.ts";
import { transientProbabilities } from "../../lib/reliability/ctmc_transient.ts";

Deno.test("coldStandbyReliability() with perfect switching is e^(-λt)(1 + λt) and MTTF is 2/λ", () => {
  for (const t of [0, 10, 100, 1000]) {
    const want = Math.exp(-0.01 * t) * (1 + 0.01 * t);
    assert.ok(Math.abs(coldStandbyReliability({ failureRatePerSecond: 0.01 }, t) - want) < 1e-15);
  }
  assert.equal(coldStandbyMttf({ failureRatePerSecond: 0.01 }), 200);
});

Deno.test("coldStandbyReliability() with coverage c is e^(-λt)(1 + cλt) and matches the chain", () => {
  const system = { failureRatePerSecond: 0.5, coverage: 0.8 };
  for (const t of [0.5, 2, 6]) {
    const closed = coldStandbyReliability(system, t);
    assert.ok(Math.abs(closed - Math.exp(-0.5 * t) * (1 + 0.4 * t)) < 1e-15);
    const p = transientProbabilities(coldStandbyChain(system), t).probabilities;
    assert.ok(Math.abs(1 - p[2]! - closed) < 1e-12);
  }
  assert.ok(Math.abs(coldStandbyMttf(system) - 1.8 / 0.5) < 1e-15);
});

Deno.test("coldStandbyMttf() with repair is (2λ + μ)/λ² and equals ∫R(t)dt of the chain within 1e-8", () => {
  const system = { failureRatePerSecond: 1, repairRatePerSecond: 4, coverage: 0.9 };
  assert.equal(coldStandbyMttf({ failureRatePerSecond: 1, repairRatePerSecond: 4 }), 6);
  const want = (1 + 4 + 0.9) / (1 * (1 + 0.1 * 4));
  assert.ok(Math.abs(coldStandbyMttf(system) - want) < 1e-15);
  // R(t) <= e^(-0.2t)·const here, below 1e-80 past t = 1000, where uniformization would
  // need millions of steps: count it as 0.
  const integral = integrateToInfinity(
    (t) => t > 1000 ? 0 : coldStandbyReliability(system, t),
    2,
    1e-10,
  );
  assert.ok(Math.abs(integral.value / want - 1) < 1e-8, String(integral.value));
});

Deno.test("coldStandbyReliability() with repair handles a year-long mission (millions of repairs' worth)", () => {
  // References: e0·exp(Tt)·1 of the transient generator in 40-digit arithmetic (mpmath.expm).
  for (
    const [l, m, c, t, want] of [
      [1e-6, 0.1, 1, 3.15e7, 0.99968505600511368],
      [1e-6, 0.1, 0.99, 3.15e7, 0.72956360476273623],
      [1, 4, 0.9, 2, 0.63081532489478084],
    ]
  ) {
    const system = { failureRatePerSecond: l!, repairRatePerSecond: m!, coverage: c! };
    const got = coldStandbyReliability(system, t!);
    assert.ok(Math.abs(got / want! - 1) < 1e-12, `${JSON.stringify(system)} t ${t}: ${got}`);
  }
});

Deno.test("coldStandbyReliability() rejects a coverage above 1", () => {
  assert.throws(() => coldStandbyReliability({ failureRatePerSecond: 1, coverage: 2 }, 1), {
    name: "RangeError",
    message:
      "Cannot compute cold standby reliability as system.coverage must be in [0, 1]: current value is 2",
  });
});

Deno.test("coldStandbyMttf() stays finite at rates near the largest double (found by the fuzz tests)", () => {
  // λ = 1e308: λ + λ and λ · λ overflowed, Infinity / Infinity = NaN; 2/λ is 2e-308
  assert.equal(coldStandbyMttf({ failureRatePerSecond: 1e308 }), 2e-308);
  // λ = μ = 1e308, c = 0: (λ + μ) / (λ (λ + μ)) = 1/λ
  assert.equal(
    coldStandbyMttf({ failureRatePerSecond: 1e308, repairRatePerSecond: 1e308, coverage: 0 }),
    1e-308,
  );
});

Deno.test("coldStandbyReliability() without repair is 0 once e^(-λt) underflows (found by the fuzz tests)", () => {
  // λ = 1.8e308 at t = 100: λt overflowed, e^(-λt) (1 + cλt) was 0 · Infinity = NaN
  assert.equal(coldStandbyReliability({ failureRatePerSecond: 1.7976931348623133e308 }, 100), 0);
  assert.equal(coldStandbyReliability({ failureRatePerSecond: 10 }, 100), 0);
  // where e^(-λt) does not underflow, as before: 2/e at λt = 1
  assert.ok(
    Math.abs(coldStandbyReliability({ failureRatePerSecond: 0.01 }, 100) - 2 / Math.E) < 1e-15,
  );
});
