import assert from "node:assert/strict";
import {
  MONTE_CARLO_CHUNK_MISSIONS,
  monteCarloReliability,
} from "../../lib/reliability/monte_carlo.ts";
import { migrationSystemReliability } from "../../lib/reliability/migration_system.ts";

/** R(t) = Σ_{i=0}^{m-k} C(m,i) (cF)^i (1-F)^(m-i), the k-out-of-m model with coverage. */
function kOfMWithCoverage(m: number, k: number, c: number, f: number): number {
  let sum = 0;
  let binom = 1;
  for (let i = 0; i <= m - k; i++) {
    sum += binom * (c * f) ** i * (1 - f) ** (m - i);
    binom = binom * (m - i) / (i + 1);
  }
  return sum;
}

Deno.test("monteCarloReliability() agrees with the k-out-of-m coverage closed form within its 99% interval", async (t) => {
  const cases = [
    { m: 3, k: 2, c: 1, rate: 1e-3, t: 500 }, // TMR
    { m: 4, k: 3, c: 0.9, rate: 2e-4, t: 1000 },
    { m: 8, k: 5, c: 0.95, rate: 1e-4, t: 3000 },
    { m: 16, k: 12, c: 0.99, rate: 1e-4, t: 2000 },
    { m: 6, k: 6, c: 0.5, rate: 5e-5, t: 1000 }, // no migration: coverage never used
  ];
  for (const [i, { m, k, c, rate, t: time }] of cases.entries()) {
    await t.step(`m=${m} k=${k} c=${c} λt=${rate * time}`, () => {
      const result = monteCarloReliability(
        {
          processorCount: m,
          requiredProcessors: k,
          coverage: c,
          lifetime: { kind: "exponential", ratePerSecond: rate },
        },
        { missions: 40_000, missionSeconds: time, seed: i, confidence: 0.99 },
      );
      const exact = kOfMWithCoverage(m, k, c, -Math.expm1(-rate * time));
      const [p] = result.points;
      assert.ok(
        p!.lowerBound <= exact && exact <= p!.upperBound,
        `${exact} not in [${p!.lowerBound}, ${p!.upperBound}]`,
      );
    });
  }
});

Deno.test("monteCarloReliability() estimates a Weibull curve at several times within 99% intervals", () => {
  const lifetime = { kind: "weibull" as const, shape: 2, scaleSeconds: 1000 };
  const times = [100, 300, 600, 900];
  const result = monteCarloReliability(
    { processorCount: 5, requiredProcessors: 3, coverage: 0.9, lifetime },
    { missions: 30_000, missionSeconds: 1000, timesSeconds: times, seed: 7, confidence: 0.99 },
  );
  assert.deepEqual(result.points.map((p) => p.timeSeconds), times);
  for (const p of result.points) {
    const exact = kOfMWithCoverage(5, 3, 0.9, -Math.expm1(-((p.timeSeconds / 1000) ** 2)));
    assert.ok(p.lowerBound <= exact && exact <= p.upperBound, `t=${p.timeSeconds}: ${exact}`);
  }
  // survivals fall with time and match the failure times
  const survivals = result.points.map((p) => p.survivals);
  assert.deepEqual([...survivals].sort((a, b) => b - a), survivals);
  const failedBy900 = result.failureTimesSeconds.filter((s) => s <= 900).length;
  assert.equal(result.points[3]!.survivals, 30_000 - failedBy900);
});

Deno.test("monteCarloReliability() is reproducible, chunked by seed stream, and independent of timesSeconds", () => {
  const system = {
    processorCount: 4,
    requiredProcessors: 2,
    coverage: 0.8,
    lifetime: { kind: "exponential" as const, ratePerSecond: 1e-3 },
  };
  const n = MONTE_CARLO_CHUNK_MISSIONS + 100;
  const a = monteCarloReliability(system, { missions: n, missionSeconds: 1000, seed: "s" });
  const b = monteCarloReliability(system, {
    missions: n,
    missionSeconds: 1000,
    seed: "s",
    timesSeconds: [10, 1000],
  });
  assert.deepEqual(a.failureTimesSeconds, b.failureTimesSeconds);
  assert.equal(a.points[0]!.survivals, b.points[1]!.survivals);
  const c = monteCarloReliability(system, { missions: n, missionSeconds: 1000, seed: "other" });
  assert.notDeepEqual(a.failureTimesSeconds, c.failureTimesSeconds);
  // failure times ascending, within the mission, and as many as the missions that failed
  const f = a.failureTimesSeconds;
  assert.ok(f.every((x, i) => x <= 1000 && (i === 0 || f[i - 1]! <= x)));
  assert.equal(f.length, n - a.points[0]!.survivals);
  assert.equal(a.seed, "s");
});

Deno.test("monteCarloReliability() makes coverage 0 and k = m both the series system exp(-mλt) within 95% intervals", () => {
  const lifetime = { kind: "exponential" as const, ratePerSecond: 1e-3 };
  const opts = { missions: 5000, missionSeconds: 800, seed: 3 };
  const zero = monteCarloReliability({
    processorCount: 4,
    requiredProcessors: 1,
    coverage: 0,
    lifetime,
  }, opts);
  const series = monteCarloReliability({
    processorCount: 4,
    requiredProcessors: 4,
    coverage: 1,
    lifetime,
  }, opts);
  // both are the series system: R = (1 - F)^4 = exp(-4λt)
  const exact = Math.exp(-4 * 0.8);
  for (const r of [zero, series]) {
    const [p] = r.points;
    assert.ok(p!.lowerBound <= exact && exact <= p!.upperBound, `${exact}: ${JSON.stringify(p)}`);
  }
  assert.equal(zero.failureTimesSeconds.length, 5000 - zero.points[0]!.survivals);
});

Deno.test("monteCarloReliability() rejects bad systems and options", async (t) => {
  const lifetime = { kind: "exponential" as const, ratePerSecond: 1 };
  await t.step("required processors above the processor count", () => {
    assert.throws(
      () =>
        monteCarloReliability({ processorCount: 3, requiredProcessors: 4, lifetime }, {
          missions: 1,
          missionSeconds: 1,
          seed: 1,
        }),
      {
        name: "RangeError",
        message:
          "Cannot estimate reliability by Monte Carlo as system.requiredProcessors must be an integer in [1, 3]: current value is 4",
      },
    );
  });
  await t.step("coverage above 1", () => {
    assert.throws(
      () =>
        monteCarloReliability(
          { processorCount: 3, requiredProcessors: 2, coverage: 1.5, lifetime },
          { missions: 1, missionSeconds: 1, seed: 1 },
        ),
      {
        name: "RangeError",
        message:
          "Cannot estimate reliability by Monte Carlo as system.coverage must be in [0, 1]: current value is 1.5",
      },
    );
  });
  await t.step("a time beyond the mission", () => {
    assert.throws(
      () =>
        monteCarloReliability({ processorCount: 3, requiredProcessors: 2, lifetime }, {
          missions: 1,
          missionSeconds: 1,
          seed: 1,
          timesSeconds: [2],
        }),
      {
        name: "RangeError",
        message:
          "Cannot estimate reliability by Monte Carlo as options.timesSeconds[0] must be in (0, 1]: current value is 2",
      },
    );
  });
  await t.step("an unknown lifetime kind", () => {
    assert.throws(
      () =>
        monteCarloReliability(
          // deno-lint-ignore no-explicit-any
          { processorCount: 3, requiredProcessors: 2, lifetime: { kind: "gamma" } as any },
          { missions: 1, missionSeconds: 1, seed: 1 },
        ),
      {
        name: "TypeError",
        message:
          'Cannot estimate reliability by Monte Carlo as system.lifetime.kind must be one of "exponential", "weibull": current value is "gamma"',
      },
    );
  });
});

Deno.test("monteCarloReliability() agrees with migrationSystemReliability() within its 99% interval for several (m, k, c, t)", async (t) => {
  const lifetime = { kind: "weibull" as const, shape: 1.5, scaleSeconds: 10_000 };
  for (
    const [i, { m, k, c, time }] of [
      { m: 4, k: 2, c: 0.9, time: 3000 },
      { m: 8, k: 6, c: 0.95, time: 2000 },
      { m: 16, k: 12, c: 0.99, time: 1500 },
      { m: 16, k: 16, c: 1, time: 500 },
    ].entries()
  ) {
    await t.step(`m=${m} k=${k} c=${c} t=${time}`, () => {
      const exact = migrationSystemReliability({
        processors: m,
        requiredProcessors: k,
        coverage: c,
        lifetime,
        missionSeconds: time,
      });
      const [p] = monteCarloReliability(
        { processorCount: m, requiredProcessors: k, coverage: c, lifetime },
        { missions: 50_000, missionSeconds: time, seed: 100 + i, confidence: 0.99 },
      ).points;
      assert.ok(
        p!.lowerBound <= exact && exact <= p!.upperBound,
        `${exact} not in [${p!.lowerBound}, ${p!.upperBound}]`,
      );
    });
  }
});

Deno.test("monteCarloReliability() refuses a misspelt system field instead of its default", () => {
  const system = {
    processorCount: 3,
    requiredProcessors: 2,
    lifetime: { kind: "exponential", ratePerSecond: 1e-3 },
  } as const;
  const options = { missions: 100, missionSeconds: 500, seed: 1 };
  // `coverge: 0.5` ran with perfect coverage.
  assert.throws(
    () => monteCarloReliability({ ...system, coverge: 0.5 } as typeof system, options),
    {
      name: "TypeError",
      message:
        'Cannot estimate reliability by Monte Carlo as "coverge" must be a known key of system ("processorCount", "requiredProcessors", "lifetime", "coverage"): current value is 0.5',
    },
  );
  // A Weibull field on an exponential lifetime was ignored too.
  assert.throws(
    () =>
      monteCarloReliability(
        {
          ...system,
          lifetime: { kind: "exponential", ratePerSecond: 1e-3, shape: 2 },
        } as typeof system,
        options,
      ),
    { name: "TypeError", message: /"shape" must be a known key of system\.lifetime/ },
  );
});

Deno.test("monteCarloReliability() refuses more missions than its result can list, before any work (found by the fuzz tests)", () => {
  // 10⁹ missions ran for minutes and then threw "Invalid array length" listing failure times
  const system = {
    processorCount: 3,
    requiredProcessors: 2,
    lifetime: { kind: "exponential" as const, ratePerSecond: 0.001 },
  };
  assert.throws(
    () => monteCarloReliability(system, { missions: 1e9, missionSeconds: 500, seed: 1 }),
    {
      name: "RangeError",
      message:
        "Cannot estimate reliability by Monte Carlo as options.missions must be an integer in [1, 100000000]: current value is 1000000000",
    },
  );
});
