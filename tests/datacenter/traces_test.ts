import assert from "node:assert/strict";
import { generateSyntheticTraces } from "../../lib/datacenter/mod.ts";

Deno.test("generateSyntheticTraces() is seeded, bounded and near its mean", async (t) => {
  const traces = generateSyntheticTraces(200, { seed: 2, intervals: 288, meanPercent: 30 });
  await t.step("integers in [0, 100]", () => {
    for (const row of traces.percent) {
      for (const x of row) assert.ok(Number.isInteger(x) && x >= 0 && x <= 100);
    }
  });
  await t.step("mean within 1 point of 30 % over 57,600 values", () => {
    const all = traces.percent.flat();
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    assert.ok(Math.abs(mean - 30) < 1, `mean ${mean}`);
  });
  await t.step("adding VMs never changes the others' traces", () => {
    const fewer = generateSyntheticTraces(3, { seed: 2, intervals: 288, meanPercent: 30 });
    assert.deepEqual(fewer.percent, traces.percent.slice(0, 3));
  });
  await t.step("rejects a negative count", () => {
    assert.throws(
      () => generateSyntheticTraces(-1, { seed: 1 }),
      new RangeError(
        "Cannot generate synthetic traces as count must be an integer >= 0: current value is -1",
      ),
    );
  });
});
