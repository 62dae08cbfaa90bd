import assert from "node:assert/strict";
import { madUpperThreshold } from "../../lib/datacenter/mod.ts";

Deno.test("madUpperThreshold() matches a hand-computed MAD", async (t) => {
  await t.step("12 values: median 0.5, MAD 0.15 gives 1 - 2.5 * 0.15", () => {
    const history = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.5, 0.5, 0.5];
    assert.ok(Math.abs(madUpperThreshold(history)! - 0.625) < 1e-12);
  });
  await t.step("13 values with an odd median: deviations of 0..12 from 6", () => {
    const history = Array.from({ length: 13 }, (_, i) => i / 100);
    // |i - 6| sorted: 0,1,1,2,2,3,3,4,4,5,5,6,6 -> median 3 (0.03)
    assert.ok(Math.abs(madUpperThreshold(history, { safetyParameter: 2 })! - (1 - 0.06)) < 1e-12);
  });
  await t.step("leading zeros are trimmed before the length check (CloudSim)", () => {
    const history = [0, 0, ...new Array(11).fill(0.4)];
    assert.equal(madUpperThreshold(history), undefined);
    assert.equal(madUpperThreshold([0, 0, ...new Array(12).fill(0.4)]), 1);
  });
  await t.step("rejects a negative safety parameter", () => {
    assert.throws(
      () => madUpperThreshold([0.1], { safetyParameter: -1 }),
      new RangeError(
        "Cannot compute MAD threshold as options.safetyParameter must be a finite number >= 0: current value is -1",
      ),
    );
  });
});

Deno.test("madUpperThreshold() rejects histories that would give a NaN threshold", () => {
  const history = new Array(12).fill(0.4);
  history[5] = NaN;
  assert.throws(() => madUpperThreshold(history), {
    name: "RangeError",
    message:
      "Cannot compute MAD threshold as history[5] must be a finite number >= 0: current value is NaN",
  });
  assert.throws(() => madUpperThreshold(null as unknown as number[]), {
    name: "TypeError",
    message:
      "Cannot compute MAD threshold as history must be an array of numbers: current value is null",
  });
});
