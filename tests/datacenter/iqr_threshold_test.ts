import assert from "node:assert/strict";
import { iqrUpperThreshold } from "../../lib/datacenter/mod.ts";

Deno.test("iqrUpperThreshold() uses CloudSim's quartile ranks", async (t) => {
  await t.step("12 values 1..12 (percent): Q1 = 3, Q3 = 10", () => {
    const history = [12, 1, 11, 2, 10, 3, 9, 4, 8, 5, 7, 6].map((x) => x / 100);
    assert.ok(Math.abs(iqrUpperThreshold(history)! - (1 - 1.5 * 0.07)) < 1e-12);
  });
  await t.step("15 values 1..15: ranks round(4) = 4 and round(12) = 12", () => {
    const history = Array.from({ length: 15 }, (_, i) => (i + 1) / 100);
    assert.ok(Math.abs(iqrUpperThreshold(history, { safetyParameter: 1 })! - 0.92) < 1e-12);
  });
  await t.step("too short a history gives undefined", () => {
    assert.equal(iqrUpperThreshold(new Array(11).fill(0.3)), undefined);
  });
});

Deno.test("iqrUpperThreshold() rejects a negative or missing history", () => {
  assert.throws(() => iqrUpperThreshold([...new Array(11).fill(0.3), -0.1]), {
    name: "RangeError",
    message:
      "Cannot compute IQR threshold as history[11] must be a finite number >= 0: current value is -0.1",
  });
  assert.throws(() => iqrUpperThreshold(undefined as unknown as number[]), {
    name: "TypeError",
    message:
      "Cannot compute IQR threshold as history must be an array of numbers: current value is undefined",
  });
});
