import assert from "node:assert/strict";
import { fitReliabilityCurve, type ReliabilityPoint } from "../../lib/reliability/mod.ts";

Deno.test("fitReliabilityCurve() exponential is least squares of -ln R on t through the origin", () => {
  // -ln R = 1 at t = 1 and 3 at t = 2: rate = (1·1 + 2·3) / (1 + 4) = 7/5.
  const fit = fitReliabilityCurve([
    { timeSeconds: 1, reliability: Math.exp(-1) },
    { timeSeconds: 2, reliability: Math.exp(-3) },
  ], "exponential");
  assert.equal(fit.model, "exponential");
  assert.ok(fit.model === "exponential");
  assert.ok(Math.abs(fit.parameters.ratePerSecond - 7 / 5) < 1e-15);
  assert.deepEqual(fit.distribution, {
    kind: "exponential",
    ratePerSecond: fit.parameters.ratePerSecond,
  });
  const expectedError = Math.max(
    Math.abs(Math.exp(-1) - Math.exp(-1.4)),
    Math.abs(Math.exp(-3) - Math.exp(-2.8)),
  );
  assert.ok(Math.abs(fit.maxAbsoluteError - expectedError) < 1e-15);
  assert.equal(fit.pointsUsed, 2);
});

Deno.test("fitReliabilityCurve() exponential rate survives huge and tiny time scales", () => {
  // R = 2^(-t/s): the rate is ln 2 / s at every scale s (t² over- or underflowed before).
  for (const s of [1e-170, 1, 1e160]) {
    const fit = fitReliabilityCurve([
      { timeSeconds: s, reliability: 0.5 },
      { timeSeconds: 2 * s, reliability: 0.25 },
    ], "exponential");
    assert.ok(fit.model === "exponential");
    assert.ok(Math.abs(fit.parameters.ratePerSecond * s / Math.LN2 - 1) < 1e-14, `s ${s}`);
    assert.ok(fit.maxAbsoluteError < 1e-15);
  }
});

Deno.test("fitReliabilityCurve() recovers exact exponential and Weibull curves within 1e-12", async (t) => {
  const times = [0, 1e3, 5e3, 2e4, 1e5, 4e5];
  await t.step("exponential, rate 1e-5 per second", () => {
    const points = times.map((t) => ({ timeSeconds: t, reliability: Math.exp(-1e-5 * t) }));
    const fit = fitReliabilityCurve(points, "exponential");
    assert.ok(fit.model === "exponential");
    assert.ok(Math.abs(fit.parameters.ratePerSecond / 1e-5 - 1) < 1e-12);
    assert.ok(fit.maxAbsoluteError < 1e-12);
    assert.equal(fit.pointsUsed, 5); // t = 0 (R = 1) carries no information
  });
  await t.step("Weibull, shape 0.7, scale 3e4 s", () => {
    const points = times.map((t) => ({
      timeSeconds: t,
      reliability: Math.exp(-Math.pow(t / 3e4, 0.7)),
    }));
    const fit = fitReliabilityCurve(points, "weibull");
    assert.ok(fit.model === "weibull");
    assert.ok(Math.abs(fit.parameters.shape / 0.7 - 1) < 1e-12);
    assert.ok(Math.abs(fit.parameters.scaleSeconds / 3e4 - 1) < 1e-12);
    assert.ok(fit.maxAbsoluteError < 1e-12);
  });
});

Deno.test("fitReliabilityCurve() TMR curve 3R² - 2R³ fits a Weibull with shape > 1", () => {
  const rate = 1e-4;
  const points: ReliabilityPoint[] = [];
  for (let i = 1; i <= 40; i++) {
    const t = (i / 20) / rate;
    const r = Math.exp(-rate * t);
    points.push({ timeSeconds: t, reliability: 3 * r * r - 2 * r * r * r });
  }
  const weibull = fitReliabilityCurve(points, "weibull");
  const exponential = fitReliabilityCurve(points, "exponential");
  assert.ok(weibull.model === "weibull" && weibull.parameters.shape > 1);
  // Reported error is the largest |R - R̂| over the points, recomputed here.
  const { shape, scaleSeconds } = weibull.distribution;
  const error = Math.max(
    ...points.map((p) =>
      Math.abs(p.reliability - Math.exp(-Math.pow(p.timeSeconds / scaleSeconds, shape)))
    ),
  );
  assert.ok(Math.abs(weibull.maxAbsoluteError - error) < 1e-15);
  // The two-parameter model follows the redundant system better than the exponential.
  assert.ok(weibull.maxAbsoluteError < exponential.maxAbsoluteError);
});

Deno.test("fitReliabilityCurve() does not modify its input", () => {
  const points = [{ timeSeconds: 2, reliability: 0.5 }, { timeSeconds: 1, reliability: 0.8 }];
  const copy = structuredClone(points);
  fitReliabilityCurve(points, "weibull");
  assert.deepEqual(points, copy);
});

Deno.test("fitReliabilityCurve() rejects unusable curves", async (t) => {
  await t.step("empty", () => {
    assert.throws(() => fitReliabilityCurve([], "exponential"), {
      name: "RangeError",
      message:
        "Cannot fit a reliability curve as points must contain at least one point: current value is []",
    });
  });
  await t.step("reliability outside [0, 1] and negative time", () => {
    assert.throws(() => fitReliabilityCurve([{ timeSeconds: 1, reliability: 1.5 }], "weibull"), {
      name: "RangeError",
      message:
        "Cannot fit a reliability curve as points[0].reliability must be in [0, 1]: current value is 1.5",
    });
    assert.throws(() => fitReliabilityCurve([{ timeSeconds: -1, reliability: 0.5 }], "weibull"), {
      name: "RangeError",
      message:
        "Cannot fit a reliability curve as points[0].timeSeconds must be a finite number >= 0: current value is -1",
    });
  });
  await t.step("no usable point", () => {
    assert.throws(
      () => fitReliabilityCurve([{ timeSeconds: 0, reliability: 1 }], "exponential"),
      {
        name: "RangeError",
        message:
          "Cannot fit a reliability curve as points must include one with t > 0 and 0 < R < 1: current value is 0 usable points",
      },
    );
  });
  await t.step("Weibull needs two distinct times", () => {
    assert.throws(
      () => fitReliabilityCurve([{ timeSeconds: 1, reliability: 0.5 }], "weibull"),
      {
        name: "RangeError",
        message:
          "Cannot fit a reliability curve as points must include two with distinct t > 0 and 0 < R < 1: current value is 1 usable points at one time",
      },
    );
  });
  await t.step("increasing reliability gives no Weibull", () => {
    assert.throws(
      () =>
        fitReliabilityCurve([
          { timeSeconds: 1, reliability: 0.5 },
          { timeSeconds: 2, reliability: 0.9 },
        ], "weibull"),
      { name: "RangeError" },
    );
  });
  await t.step("unknown model", () => {
    assert.throws(
      () => fitReliabilityCurve([{ timeSeconds: 1, reliability: 0.5 }], "gamma" as "weibull"),
      {
        name: "TypeError",
        message:
          'Cannot fit a reliability curve as model must be one of "exponential", "weibull": current value is "gamma"',
      },
    );
  });
});
