import assert from "node:assert/strict";
import { kaplanMeier, type LifetimeObservation } from "../../lib/reliability/mod.ts";

const fail = (timeSeconds: number) => ({ timeSeconds, censored: false });
const censor = (timeSeconds: number) => ({ timeSeconds, censored: true });

Deno.test("kaplanMeier() reproduces a hand-computed product-limit table with ties", () => {
  // Ten units; a censoring tied with a failure at t = 10 counts at risk at 10.
  const observations = [
    fail(6.5),
    censor(4),
    fail(3),
    censor(5.7),
    fail(6.5),
    censor(8.4),
    fail(10),
    censor(10),
    fail(12),
    fail(15),
  ];
  const steps = kaplanMeier(observations);
  assert.deepEqual(
    steps.map(({ timeSeconds, atRisk, failures, censored }) => ({
      timeSeconds,
      atRisk,
      failures,
      censored,
    })),
    [
      { timeSeconds: 3, atRisk: 10, failures: 1, censored: 0 },
      { timeSeconds: 6.5, atRisk: 7, failures: 2, censored: 0 },
      { timeSeconds: 10, atRisk: 4, failures: 1, censored: 1 },
      { timeSeconds: 12, atRisk: 2, failures: 1, censored: 0 },
      { timeSeconds: 15, atRisk: 1, failures: 1, censored: 0 },
    ],
  );
  const survival = [9 / 10, 9 / 14, 27 / 56, 27 / 112, 0];
  steps.forEach((step, i) => assert.ok(Math.abs(step.survival - survival[i]!) < 1e-15));
  // Greenwood: S(t) sqrt(sum d / (n (n - d))).
  const greenwood = [
    1 / 90,
    1 / 90 + 2 / 35,
    1 / 90 + 2 / 35 + 1 / 12,
    1 / 90 + 2 / 35 + 1 / 12 + 1 / 2,
  ];
  steps.slice(0, 4).forEach((step, i) => {
    const expected = survival[i]! * Math.sqrt(greenwood[i]!);
    assert.ok(Math.abs(step.standardError - expected) < 1e-15, `step ${i}`);
  });
  assert.equal(steps[4]!.standardError, 0);
});

Deno.test("kaplanMeier() without censoring is one minus the empirical CDF", () => {
  const times = [5, 1, 4, 4, 2, 9, 7, 4];
  const steps = kaplanMeier(times.map(fail));
  const distinct = [...new Set(times)].sort((a, b) => a - b);
  assert.deepEqual(steps.map((s) => s.timeSeconds), distinct);
  for (const step of steps) {
    const below = times.filter((t) => t <= step.timeSeconds).length;
    assert.ok(Math.abs(step.survival - (1 - below / times.length)) < 1e-15);
  }
});

Deno.test("kaplanMeier() edge cases", async (t) => {
  await t.step("only censored units: no steps", () => {
    assert.deepEqual(kaplanMeier([censor(1), censor(2)]), []);
  });
  await t.step("does not modify its input", () => {
    const observations = [fail(3), censor(1), fail(2)];
    const copy = structuredClone(observations);
    kaplanMeier(observations);
    assert.deepEqual(observations, copy);
  });
  await t.step("empty input and bad times", () => {
    assert.throws(() => kaplanMeier([]), {
      name: "RangeError",
      message:
        "Cannot estimate Kaplan-Meier survival as observations must contain at least one observation: current value is []",
    });
    assert.throws(() => kaplanMeier([fail(Infinity)]), {
      name: "RangeError",
      message:
        "Cannot estimate Kaplan-Meier survival as observations[0].timeSeconds must be a finite number >= 0: current value is Infinity",
    });
    assert.throws(() => kaplanMeier([1] as unknown as LifetimeObservation[]), {
      name: "TypeError",
      message:
        "Cannot estimate Kaplan-Meier survival as observations[0] must be an object: current value is 1",
    });
  });
});
