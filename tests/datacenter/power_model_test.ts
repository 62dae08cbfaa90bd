import assert from "node:assert/strict";
import { powerAt } from "../../lib/datacenter/power_model.ts";
import type { PowerModel } from "../../lib/datacenter/power_model.ts";
import {
  SPECPOWER_HP_ML110_G4,
  SPECPOWER_HP_ML110_G5,
} from "../../lib/datacenter/specpower_tables.ts";

Deno.test("powerAt() returns the table entry exactly at every 10 % point", async (t) => {
  for (const model of [SPECPOWER_HP_ML110_G4, SPECPOWER_HP_ML110_G5]) {
    await t.step(`idle ${model.watts[0]} W`, () => {
      for (let k = 0; k <= 10; k++) {
        assert.equal(powerAt(model, k / 10), model.watts[k]);
        assert.equal(powerAt(model, k * 0.1), model.watts[k]); // 0.30000000000000004 etc.
      }
    });
  }
});

Deno.test("powerAt() is linear between table points", () => {
  const w = SPECPOWER_HP_ML110_G5.watts;
  for (let k = 0; k < 10; k++) {
    for (const f of [0.25, 0.5, 0.75]) {
      const expected = w[k]! + (w[k + 1]! - w[k]!) * f;
      assert.ok(Math.abs(powerAt(SPECPOWER_HP_ML110_G5, (k + f) / 10) - expected) < 1e-9);
    }
  }
  // Hand values: G4 at 55 % is halfway between 102 and 106; at 93 % 114 + 0.3 · 3.
  assert.ok(Math.abs(powerAt(SPECPOWER_HP_ML110_G4, 0.55) - 104) < 1e-12);
  assert.ok(Math.abs(powerAt(SPECPOWER_HP_ML110_G4, 0.93) - 114.9) < 1e-12);
  // A table of any length >= 2 is equally spaced over [0, 1].
  const three: PowerModel = { kind: "table", watts: [10, 20, 40] };
  assert.equal(powerAt(three, 0.5), 20);
  assert.equal(powerAt(three, 0.75), 30);
  assert.equal(powerAt(three, 1), 40);
});

Deno.test("powerAt() of a linear model is idle + (peak - idle) · utilization", () => {
  const model: PowerModel = { kind: "linear", idleWatts: 70, peakWatts: 250 };
  assert.equal(powerAt(model, 0), 70);
  assert.equal(powerAt(model, 1), 250);
  assert.equal(powerAt(model, 0.5), 160);
  assert.ok(Math.abs(powerAt(model, 0.3) - 124) < 1e-12);
});

Deno.test("powerAt() rejects bad utilisations and models", async (t) => {
  await t.step("utilization out of [0, 1]", () => {
    for (const u of [-0.01, 1.01, NaN, Infinity]) {
      assert.throws(() => powerAt(SPECPOWER_HP_ML110_G4, u), {
        name: "RangeError",
        message: `Cannot compute power as utilization must be in [0, 1]: current value is ${u}`,
      });
    }
  });
  await t.step("unknown kind", () => {
    assert.throws(() => powerAt({ kind: "cubic" } as unknown as PowerModel, 0.5), {
      name: "TypeError",
      message:
        'Cannot compute power as model.kind must be one of "linear", "table": current value is "cubic"',
    });
  });
  await t.step("short table and negative watts", () => {
    assert.throws(() => powerAt({ kind: "table", watts: [5] }, 0.5), {
      name: "RangeError",
      message:
        "Cannot compute power as model.watts.length must be in [2, 10001]: current value is 1",
    });
    assert.throws(() => powerAt({ kind: "table", watts: [5, -1] }, 0.5), {
      name: "RangeError",
      message:
        "Cannot compute power as model.watts[1] must be a finite number >= 0: current value is -1",
    });
    assert.throws(() => powerAt({ kind: "linear", idleWatts: 1, peakWatts: NaN }, 0.5), {
      name: "RangeError",
      message:
        "Cannot compute power as model.peakWatts must be a finite number >= 0: current value is NaN",
    });
  });
  await t.step("unknown keys, negative idle watts, a table that is no array or too long", () => {
    const cases: [unknown, string, string][] = [
      [
        { kind: "linear", idleWatts: 100, peakWatts: 200, watts: [1, 2] },
        "TypeError",
        '"watts" must be a known key of model ("kind", "idleWatts", "peakWatts"): current value is [1,2]',
      ],
      [
        { kind: "table", watts: [1, 2], idleWatts: 3 },
        "TypeError",
        '"idleWatts" must be a known key of model ("kind", "watts"): current value is 3',
      ],
      [
        { kind: "linear", idleWatts: -1, peakWatts: 200 },
        "RangeError",
        "model.idleWatts must be a finite number >= 0: current value is -1",
      ],
      [
        { kind: "table", watts: "12" },
        "TypeError",
        'model.watts must be an array: current value is "12"',
      ],
      [
        { kind: "table", watts: new Array(10002).fill(1) },
        "RangeError",
        "model.watts.length must be in [2, 10001]: current value is 10002",
      ],
    ];
    for (const [model, name, message] of cases) {
      assert.throws(() => powerAt(model as PowerModel, 0.5), {
        name,
        message: `Cannot compute power as ${message}`,
      });
    }
  });
  await t.step("not an object", () => {
    assert.throws(() => powerAt(null as unknown as PowerModel, 0.5), {
      name: "TypeError",
      message: "Cannot compute power as model must be an object: current value is null",
    });
  });
});
