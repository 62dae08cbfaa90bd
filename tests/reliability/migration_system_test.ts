import assert from "node:assert/strict";
import {
  migrationSystemReliability,
  reliabilityIncrease,
} from "../../lib/reliability/migration_system.ts";

Deno.test("migrationSystemReliability() is the k-out-of-m tail with coverage", () => {
  // m = 4, k = 3: R⁴ + 4R³(1-R)c.
  const r = 0.9;
  for (const c of [0, 0.5, 1]) {
    const got = migrationSystemReliability({
      processors: 4,
      requiredProcessors: 3,
      componentReliability: r,
      coverage: c,
    });
    assert.ok(Math.abs(got - (r ** 4 + 4 * r ** 3 * (1 - r) * c)) < 1e-15);
  }
});

Deno.test("migrationSystemReliability() derives k from canHost and R from a lifetime", () => {
  const got = migrationSystemReliability({
    processors: 6,
    canHost: (working) => working * 2 >= 7, // 7 VMs, 2 per processor: k = 4
    lifetime: { kind: "exponential", ratePerSecond: 1e-4 },
    missionSeconds: 1000,
  });
  const r = Math.exp(-0.1);
  const want = r ** 6 + 6 * r ** 5 * (1 - r) + 15 * r ** 4 * (1 - r) ** 2;
  assert.ok(Math.abs(got - want) < 1e-15);
});

Deno.test("migrationSystemReliability() names system.missionSeconds when it is out of range", () => {
  const system = {
    processors: 3,
    requiredProcessors: 2,
    lifetime: { kind: "exponential", ratePerSecond: 1e-4 },
  } as const;
  for (const missionSeconds of [-1, NaN]) {
    assert.throws(() => migrationSystemReliability({ ...system, missionSeconds }), {
      name: "RangeError",
      message:
        `Cannot compute migration system reliability as system.missionSeconds must be a number >= 0: current value is ${missionSeconds}`,
    });
  }
  assert.throws(
    () => reliabilityIncrease({ ...system, missionSeconds: "1000" as unknown as number }),
    {
      name: "TypeError",
      message:
        'Cannot compute reliability increase as system.missionSeconds must be a number >= 0: current value is "1000"',
    },
  );
});

Deno.test("reliabilityIncrease() is >= 0 when c = 1 and when every processor hosts a VM", () => {
  for (const r of [0.5, 0.9, 0.999]) {
    for (const [m, k, h] of [[4, 3, 4], [8, 5, 6], [16, 12, 12]]) {
      const full = reliabilityIncrease({
        processors: m!,
        requiredProcessors: k!,
        hostingProcessors: h!,
        componentReliability: r,
      });
      assert.ok(full.difference >= 0 && full.ratio >= 1, `c=1 m=${m} k=${k} h=${h}`);
      const noSpares = reliabilityIncrease({
        processors: m!,
        requiredProcessors: k!,
        componentReliability: r,
        coverage: 0,
      });
      assert.ok(Math.abs(noSpares.difference) < 1e-15, `c=0 with h=m gives exactly R^m`);
    }
  }
});

Deno.test("reliabilityIncrease() is negative below the break-even coverage when spares exist (h < m)", () => {
  const system = {
    processors: 6,
    requiredProcessors: 4,
    hostingProcessors: 4,
    componentReliability: 0.9,
  };
  const low = reliabilityIncrease({ ...system, coverage: 0 });
  assert.ok(low.difference < 0); // R⁶ < R⁴
  assert.ok(Math.abs(low.withMigration - 0.9 ** 6) < 1e-15);
  const { breakEvenCoverage: cStar } = low;
  assert.ok(cStar > 0 && cStar < 1);
  assert.ok(reliabilityIncrease({ ...system, coverage: cStar - 1e-6 }).difference < 0);
  assert.ok(reliabilityIncrease({ ...system, coverage: cStar + 1e-6 }).difference > 0);
  // Closed form here: R⁶ + 6R⁵(1-R)c + 15R⁴(1-R)²c² = R⁴ solved for c.
  const r = 0.9;
  const [a, b, cc] = [15 * r ** 4 * (1 - r) ** 2, 6 * r ** 5 * (1 - r), r ** 6 - r ** 4];
  const root = (-b + Math.sqrt(b * b - 4 * a * cc)) / (2 * a);
  assert.ok(Math.abs(cStar - root) < 1e-9);
});

Deno.test("migrationSystemReliability() rejects inconsistent systems", async (t) => {
  await t.step("both k and canHost", () =>
    assert.throws(
      () =>
        migrationSystemReliability({
          processors: 4,
          requiredProcessors: 2,
          canHost: () => true,
          componentReliability: 0.9,
        }),
      TypeError,
    ));
  await t.step("canHost(m) false", () =>
    assert.throws(
      () =>
        migrationSystemReliability({
          processors: 4,
          canHost: () => false,
          componentReliability: 0.9,
        }),
      {
        name: "RangeError",
        message:
          "Cannot compute migration system reliability as system.canHost(processors) must be true: current value is false",
      },
    ));
  await t.step("canHost answering something other than a boolean", () => {
    // 1 for three processors was read as false: k = 4 and a lower reliability, silently
    const system = (answer: unknown) => ({
      processors: 4,
      canHost: (working: number) =>
        (working === 4 ? true : working === 3 ? answer : false) as boolean,
      componentReliability: 0.9,
    });
    assert.equal(
      reliabilityIncrease(system(true)).requiredProcessors,
      3,
    );
    for (const [answer, shown] of [[1, "1"], ["yes", '"yes"'], [undefined, "undefined"]]) {
      assert.throws(() => migrationSystemReliability(system(answer)), {
        name: "TypeError",
        message:
          `Cannot compute migration system reliability as system.canHost(3) must return a boolean: current value is ${shown}`,
      });
    }
  });
  await t.step("k > m", () =>
    assert.throws(
      () =>
        migrationSystemReliability({
          processors: 4,
          requiredProcessors: 5,
          componentReliability: 0.9,
        }),
      {
        name: "RangeError",
        message:
          "Cannot compute migration system reliability as system.requiredProcessors must be an integer in [1, 4]: current value is 5",
      },
    ));
});

Deno.test("migrationSystemReliability() names system.processors when it is too large", () => {
  assert.throws(
    () =>
      migrationSystemReliability({
        processors: 2 ** 33,
        requiredProcessors: 1,
        componentReliability: 0.5,
      }),
    {
      name: "RangeError",
      message:
        "Cannot compute migration system reliability as system.processors must be an integer in [1, 10000000]: current value is 8589934592",
    },
  );
});
