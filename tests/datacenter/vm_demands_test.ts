import assert from "node:assert/strict";
import { DemandColumns, updateDemands } from "../../lib/datacenter/_vm_demands.ts";

// two VMs, three samples each (VM-major): 0.1, 0.4, 0.7 and 0.5, 0.3, 0.2
const UTIL = Float64Array.of(0.1, 0.4, 0.7, 0.5, 0.3, 0.2);

/** Each VM's fraction after seeking `tau` seconds past interval k's update. */
function at(columns: DemandColumns, k: number, tau: number): { x: number; fractions: number[] } {
  const x = columns.seek(k, tau);
  const fractions = Array.from(columns.start, (s, v) => x === 0 ? s : s + columns.change[v]! * x);
  return { x, fractions };
}

Deno.test("DemandColumns interpolates each VM's trace between samples, the update offset seconds in", async (t) => {
  await t.step("inside a trace interval, and at its starting sample", () => {
    const columns = new DemandColumns(UTIL, 3, 300, 0);
    assert.deepEqual(at(columns, 0, 0), { x: 0, fractions: [0.1, 0.5] });
    const half = at(columns, 0, 150);
    assert.equal(half.x, 0.5);
    assert.deepEqual(half.fractions, [0.1 + (0.4 - 0.1) * 0.5, 0.5 + (0.3 - 0.5) * 0.5]);
  });
  await t.step("a moment exactly at the next sample stays in the interval it ends (x = 1)", () => {
    const columns = new DemandColumns(UTIL, 3, 300, 0);
    const end = at(columns, 0, 300);
    assert.equal(end.x, 1);
    assert.equal(columns.columnOf(0, 300), 0);
    assert.deepEqual(end.fractions, [0.1 + (0.4 - 0.1), 0.5 + (0.3 - 0.5)]);
    // a moment later is in the next trace interval
    assert.equal(columns.columnOf(0, 301), 1);
    assert.equal(at(columns, 0, 301).x, 1 / 300);
  });
  await t.step("the offset moves every moment; past the last sample it is repeated", () => {
    const columns = new DemandColumns(UTIL, 3, 300, 30);
    assert.equal(at(columns, 0, 0).x, 0.1);
    assert.equal(columns.columnOf(1, 290), 2);
    assert.deepEqual(at(columns, 2, 500).fractions, [0.7, 0.2]);
  });
});

Deno.test("updateDemands gives the samples at updates on them, CloudSim's arithmetic or not", () => {
  const plain = updateDemands(UTIL, 3, 300, 0, false);
  assert.deepEqual(Array.from(plain), Array.from(UTIL));
  assert.deepEqual(Array.from(updateDemands(UTIL, 3, 300, 0, true)), Array.from(UTIL));
  // 30 s in: a tenth of the way to the next sample (the last repeated)
  const late = updateDemands(UTIL, 3, 300, 30, false);
  assert.ok(Math.abs(late[0]! - 0.13) < 1e-15 && late[2] === 0.7, `${Array.from(late)}`);
});

Deno.test("updateDemands with CloudSim's arithmetic reads its clock as CloudSim advances it, an interval at a time", () => {
  // CloudSim's clock is the offset plus one interval per update, added up: with an offset of
  // 1 ms it differs from offset + k x 300 in the last bit at 109 of 288 updates, and its
  // interpolation (UtilizationModelPlanetLabInMemory.getUtilization) follows that clock
  const K = 288, T = 300, offset = 0.001;
  const util = Float64Array.from({ length: K }, (_, k) => ((k * 37) % 101) / 100);
  const got = updateDemands(util, K, T, offset, true);
  let clock = offset, differs = 0;
  for (let k = 0; k < K; k++) {
    if (k > 0) clock += T;
    if (clock !== offset + k * T) differs++;
    const t1 = Math.floor(clock / T), t2 = Math.ceil(clock / T);
    const u1 = util[Math.min(t1, K - 1)]!, u2 = util[Math.min(t2, K - 1)]!;
    const expected = u1 + (u2 - u1) / ((t2 - t1) * T) * (clock - t1 * T);
    assert.ok(Object.is(got[k], expected), `update ${k}: ${got[k]} against ${expected}`);
  }
  assert.equal(differs, 109);
});
