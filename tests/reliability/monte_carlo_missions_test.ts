import assert from "node:assert/strict";
import { monteCarloMissions } from "../../lib/reliability/monte_carlo_missions.ts";
import { migrationSystemReliability } from "../../lib/reliability/migration_system.ts";
import type { Platform, RealTimeVm } from "../../lib/realtime/model.ts";
import { minimumProcessors } from "../../lib/realtime/minimum_processors.ts";

const link = { bandwidthBytesPerSecond: 1e8 };
/** m processors and v identical VMs of server bandwidth `bandwidth`, placed round-robin. */
function platformOf(m: number, v: number, bandwidth: number): Platform {
  const vm = (i: number): RealTimeVm => ({
    name: `vm${i}`,
    scheduler: "edf",
    server: { periodSeconds: 0.01, budgetSeconds: 0.01 * bandwidth },
    tasks: [{
      name: "t",
      periodSeconds: 0.1,
      wcetSeconds: 0.1 * bandwidth / 2,
      deadlineSeconds: 0.1,
    }],
    image: { pageCount: 16, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" } },
  });
  return {
    processors: Array.from(
      { length: m },
      (_, p) => ({ name: `p${p}`, capacity: 1, ramBytes: 2 ** 30, link }),
    ),
    vms: Array.from({ length: v }, (_, i) => vm(i)),
    placement: Array.from({ length: v }, (_, i) => i % m),
  };
}

Deno.test("monteCarloMissions() through the fault-injection simulator agrees with migrationSystemReliability() within its 99% interval for several (m, v, c, t)", async (t) => {
  const lifetime = { kind: "exponential" as const, ratePerSecond: 1e-3 };
  // (m, v, bandwidth) -> k = ceil(v / floor(1 / bandwidth)) processors needed
  const cases = [
    { m: 4, v: 6, bandwidth: 0.4, k: 3, c: 0.9, t: 300 },
    { m: 5, v: 4, bandwidth: 0.4, k: 2, c: 1, t: 500 },
    { m: 3, v: 3, bandwidth: 0.45, k: 2, c: 0.8, t: 200 },
    { m: 6, v: 10, bandwidth: 0.3, k: 4, c: 0.95, t: 400 },
  ];
  for (const [i, { m, v, bandwidth, k, c, t: time }] of cases.entries()) {
    await t.step(`m=${m} v=${v} c=${c} t=${time}`, () => {
      const platform = platformOf(m, v, bandwidth);
      assert.equal(minimumProcessors(platform).processorCount, k);
      const exact = migrationSystemReliability({
        processors: m,
        requiredProcessors: k,
        coverage: c,
        lifetime,
        missionSeconds: time,
      });
      const result = monteCarloMissions(platform, {
        missions: 4000,
        missionSeconds: time,
        lifetimes: lifetime,
        pDegraded: 1,
        coverage: c,
        technique: "offline",
        seed: 40 + i,
        confidence: 0.99,
      });
      const [p] = result.points;
      assert.ok(
        p!.lowerBound <= exact && exact <= p!.upperBound,
        `${exact} not in [${p!.lowerBound}, ${p!.upperBound}]`,
      );
      assert.equal(result.failureTimesSeconds.length, 4000 - p!.survivals);
    });
  }
});

Deno.test("monteCarloMissions() without migration (pDegraded 0, every processor hosting) matches R^m within its 99% interval", () => {
  const lifetime = { kind: "weibull" as const, shape: 2, scaleSeconds: 1000 };
  const result = monteCarloMissions(platformOf(4, 4, 0.4), {
    missions: 1500,
    missionSeconds: 400,
    timesSeconds: [200, 400],
    lifetimes: lifetime,
    pDegraded: 0,
    technique: "pre-copy",
    seed: 9,
    confidence: 0.99,
  });
  for (const p of result.points) {
    const exact = Math.exp(-4 * (p.timeSeconds / 1000) ** 2);
    assert.ok(p.lowerBound <= exact && exact <= p.upperBound, `t=${p.timeSeconds}: ${exact}`);
  }
});

Deno.test("monteCarloMissions() rejects a time beyond the mission", () => {
  assert.throws(
    () =>
      monteCarloMissions(platformOf(2, 1, 0.4), {
        missions: 1,
        missionSeconds: 10,
        timesSeconds: [11],
        lifetimes: { kind: "exponential", ratePerSecond: 1 },
        pDegraded: 1,
        technique: "offline",
        seed: 1,
      }),
    {
      name: "RangeError",
      message:
        "Cannot estimate reliability by mission Monte Carlo as options.timesSeconds[0] must be in (0, 10]: current value is 11",
    },
  );
});
