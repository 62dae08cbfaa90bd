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
  await t.step(
    "13 values 1..13: ranks round(3.5) = 4 and round(10.5) = 11 (Java rounds half up)",
    () => {
      const history = Array.from({ length: 13 }, (_, i) => (13 - i) / 100);
      // sorted 0.01..0.13: Q1 = 0.04, Q3 = 0.11 (truncating the ranks would give 0.03, 0.10)
      assert.ok(Math.abs(iqrUpperThreshold(history)! - (1 - 1.5 * 0.07)) < 1e-12);
    },
  );
  await t.step(
    "leading zeros are trimmed before the length check and the quartiles (CloudSim)",
    () => {
      assert.equal(iqrUpperThreshold([0, 0, ...new Array(11).fill(0.4)]), undefined);
      // the squares 1..144 (per mille) after two zeros: the quartiles of the 12 alone (ranks 3
      // and 10: 0.009 and 0.100), not of 14 values (ranks 4 and 11: 0.004 and 0.081)
      const history = [0, 0, ...Array.from({ length: 12 }, (_, i) => (i + 1) ** 2 / 1000)];
      assert.ok(Math.abs(iqrUpperThreshold(history)! - (1 - 1.5 * 0.091)) < 1e-12);
      // a zero after the first non-zero value stays
      const inner = [0.05, 0, ...Array.from({ length: 11 }, (_, i) => (i + 1) / 100)];
      assert.notEqual(iqrUpperThreshold(inner), undefined);
    },
  );
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
