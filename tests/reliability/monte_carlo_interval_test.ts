import assert from "node:assert/strict";
import { wilsonInterval } from "../../lib/reliability/monte_carlo_interval.ts";

Deno.test("wilsonInterval() matches published 95% Wilson intervals to 4 decimals", () => {
  // Newcombe (1998), Table I: 81/263 -> (0.2553, 0.3662); 15/148 -> (0.0624, 0.1605)
  const a = wilsonInterval(81, 263);
  assert.ok(Math.abs(a.lowerBound - 0.2553) < 1e-4 && Math.abs(a.upperBound - 0.3662) < 1e-4);
  const b = wilsonInterval(15, 148);
  assert.ok(Math.abs(b.lowerBound - 0.0624) < 1e-4 && Math.abs(b.upperBound - 0.1605) < 1e-4);
  // 0/10 -> (0, 0.2775) and 10/10 -> (0.7225, 1)
  assert.deepEqual(
    [wilsonInterval(0, 10).lowerBound, wilsonInterval(10, 10).upperBound],
    [0, 1],
  );
  assert.ok(Math.abs(wilsonInterval(0, 10).upperBound - 0.2775) < 1e-4);
  const wide = wilsonInterval(50, 100, { confidence: 0.99 });
  const narrow = wilsonInterval(50, 100, { confidence: 0.9 });
  assert.ok(wide.lowerBound < narrow.lowerBound && wide.upperBound > narrow.upperBound);
});

Deno.test("wilsonInterval() keeps finite bounds for a confidence next to 1", () => {
  // References: the Wilson formula with z = scipy.stats.norm.isf((1 - confidence) / 2).
  for (
    const [s, n, confidence, lower, upper] of [
      [5, 10, 0.9999999999999999, 0.03281769121412237, 0.9671823087858776],
      [90, 100, 0.999999, 0.6699865612102245, 0.9755488951186291],
    ]
  ) {
    const got = wilsonInterval(s!, n!, { confidence: confidence! });
    assert.ok(Math.abs(got.lowerBound - lower!) < 1e-8, `${confidence}: ${got.lowerBound}`);
    assert.ok(Math.abs(got.upperBound - upper!) < 1e-8, `${confidence}: ${got.upperBound}`);
  }
});

Deno.test("wilsonInterval() rejects bad counts and confidence levels", async (t) => {
  await t.step("successes above trials", () => {
    assert.throws(() => wilsonInterval(11, 10), {
      name: "RangeError",
      message:
        "Cannot compute a Wilson interval as successes must be an integer in [0, 10]: current value is 11",
    });
  });
  await t.step("zero trials", () => {
    assert.throws(() => wilsonInterval(0, 0), {
      name: "RangeError",
      message:
        "Cannot compute a Wilson interval as trials must be an integer >= 1: current value is 0",
    });
  });
  await t.step("confidence 1", () => {
    assert.throws(() => wilsonInterval(1, 2, { confidence: 1 }), {
      name: "RangeError",
      message:
        "Cannot compute a Wilson interval as confidence must be in (0, 1): current value is 1",
    });
  });
});
