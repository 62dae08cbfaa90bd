import assert from "node:assert/strict";
import { createPrng, selectVmToMigrate } from "../../mod.ts";

const vms = [
  { ramBytes: 1740, utilization: 0.3, history: [0.1, 0.2, 0.3, 0.4, 0.5] },
  { ramBytes: 613, utilization: 0.6, history: [0.5, 0.1, 0.4, 0.2, 0.3] },
  { ramBytes: 870, utilization: 0.05, history: [0.2, 0.4, 0.6, 0.8, 1.0] },
];

Deno.test("selectVmToMigrate() picks by each policy", async (t) => {
  await t.step("MMT: least RAM", () => assert.equal(selectVmToMigrate(vms, "mmt"), 1));
  await t.step("MU: least utilisation", () => assert.equal(selectVmToMigrate(vms, "mu"), 2));
  await t.step("MMT ties go to the first", () => {
    assert.equal(
      selectVmToMigrate([{ ramBytes: 1, utilization: 0 }, vms[1]!, {
        ramBytes: 1,
        utilization: 0,
      }], "mmt"),
      0,
    );
  });
  await t.step("RS: seeded, in range, reproducible", () => {
    const a = selectVmToMigrate(vms, "rs", { prng: createPrng(7, "rs") });
    const b = selectVmToMigrate(vms, "rs", { prng: createPrng(7, "rs") });
    assert.equal(a, b);
    assert.ok(a >= 0 && a < 3);
  });
  await t.step("MC: the VMs that nearly follow each other beat the independent one", () => {
    const a = [0.1, 0.5, 0.2, 0.7, 0.3, 0.9];
    const b = a.map((x, i) => 0.5 * x + 0.1 + (i % 2 === 0 ? 1e-3 : -1e-3));
    const c = [0.4, 0.4, 0.1, 0.2, 0.8, 0.3];
    const pick = selectVmToMigrate([
      { ramBytes: 1, utilization: 0, history: c },
      { ramBytes: 1, utilization: 0, history: a },
      { ramBytes: 1, utilization: 0, history: b },
    ], "mc");
    assert.ok(pick === 1 || pick === 2, `picked ${pick}`);
  });
  await t.step("MC falls back to MMT when the regression is singular (collinear VMs)", () => {
    assert.equal(selectVmToMigrate(vms, "mc"), 1);
  });
  await t.step("MC falls back to MMT with too short histories", () => {
    const short = vms.map((v) => ({ ...v, history: v.history.slice(0, 2) }));
    assert.equal(selectVmToMigrate(short, "mc"), 1);
  });
  await t.step("empty candidates give -1; RS without a prng throws", () => {
    assert.equal(selectVmToMigrate([], "mmt"), -1);
    assert.throws(
      () => selectVmToMigrate(vms, "rs"),
      new TypeError(
        'Cannot select a VM as options.prng must be a function for "rs": current value is undefined',
      ),
    );
  });
});
