import assert from "node:assert/strict";
import {
  beloglazov2012Scenario,
  generateSyntheticTraces,
  selectVmsOverThreshold,
  simulateDatacenter,
} from "../../lib/datacenter/mod.ts";
import { createPrng } from "../../lib/random/prng.ts";

Deno.test("selectVmsOverThreshold() follows the published MM, HPG and RC rules (hand traces)", async (t) => {
  // Host at 1.3, upper threshold 0.5: excess 0.8.
  const vms = [
    { hostShare: 0.45, utilization: 0.9 },
    { hostShare: 0.45, utilization: 0.3 },
    { hostShare: 0.4, utilization: 0.6 },
  ];
  await t.step(
    "mm: no VM exceeds the excess -> the largest (first of equals); then 0.85 over 0.5 -> the VM exceeding 0.35 by least (0.4)",
    () => {
      assert.deepEqual(selectVmsOverThreshold(vms, 0.5, "mm"), [0, 2]);
    },
  );
  await t.step("hpg: least own utilisation first until at or under the threshold", () => {
    // 1.3 - 0.45 (u 0.3) = 0.85; - 0.4 (u 0.6) = 0.45 <= 0.5.
    assert.deepEqual(selectVmsOverThreshold(vms, 0.5, "hpg"), [1, 2]);
  });
  await t.step("rc: uniform draws from the prng, reproducible", () => {
    const a = selectVmsOverThreshold(vms, 0.5, "rc", { prng: createPrng(1, "rc") });
    const b = selectVmsOverThreshold(vms, 0.5, "rc", { prng: createPrng(1, "rc") });
    assert.deepEqual(a, b);
    const left = vms.reduce((s, v, i) => a.includes(i) ? s : s + v.hostShare, 0);
    assert.ok(left <= 0.5 + 1e-12);
  });
  await t.step("a host at or under the threshold gives nothing up", () => {
    for (const policy of ["mm", "hpg", "rc"] as const) {
      assert.deepEqual(
        selectVmsOverThreshold([{ hostShare: 0.5, utilization: 1 }], 0.5, policy, {
          prng: createPrng(1),
        }),
        [],
      );
    }
  });
});

Deno.test("selectVmsOverThreshold() MM migrates the fewest VMs possible on 300 random hosts (brute force)", () => {
  const prng = createPrng(5, "mm-brute-force");
  let checked = 0;
  while (checked < 300) {
    const n = 2 + Math.floor(prng() * 7);
    const vms = Array.from({ length: n }, () => ({ hostShare: prng() * 0.4, utilization: prng() }));
    const total = vms.reduce((s, v) => s + v.hostShare, 0);
    if (total <= 0.8) continue;
    checked++;
    let fewest = Infinity;
    for (let mask = 1; mask < 1 << n; mask++) {
      let removed = 0;
      let count = 0;
      for (let i = 0; i < n; i++) {
        if ((mask & (1 << i)) !== 0) {
          removed += vms[i]!.hostShare;
          count++;
        }
      }
      if (total - removed <= 0.8 + 1e-12) fewest = Math.min(fewest, count);
    }
    const mm = selectVmsOverThreshold(vms, 0.8, "mm");
    assert.equal(mm.length, fewest, JSON.stringify(vms));
    for (const policy of ["hpg", "rc"] as const) {
      const other = selectVmsOverThreshold(vms, 0.8, policy, { prng });
      assert.ok(other.length >= mm.length);
    }
  }
});

Deno.test("simulateDatacenter() with 2010's double thresholds: MM needs fewer migrations than HPG and RC, and the lower threshold drives consolidation", () => {
  const scenario = beloglazov2012Scenario(generateSyntheticTraces(200, { seed: 3 }), {
    hosts: 100,
  });
  const run = (selection: "mm" | "hpg" | "rc", lowerThreshold: number) =>
    simulateDatacenter(scenario, {
      seed: 1,
      allocation: "dt",
      selection,
      lowerThreshold,
      migrationModel: "cloudsim",
    });
  const mm = run("mm", 0.3);
  const hpg = run("hpg", 0.3);
  const rc = run("rc", 0.3);
  // Measured: migrations 2679 (MM), 5168 (HPG), 3833 (RC); energy 71.9, 79.3, 76.2 kWh.
  assert.ok(mm.migrations < hpg.migrations && mm.migrations < rc.migrations);
  assert.ok(mm.energyKwh < hpg.energyKwh && mm.energyKwh < rc.energyKwh);
  assert.equal(mm.allocation, "dt");
  assert.equal(mm.selection, "mm");
  // Without a lower threshold nothing is ever emptied (and creation leaves every host under
  // the upper one on these traces): no migrations, far more energy.
  const none = run("mm", 0);
  assert.equal(none.migrations, 0);
  assert.ok(none.energyKwh > 2 * mm.energyKwh);
  assert.throws(
    () => simulateDatacenter(scenario, { seed: 1, allocation: "mad", selection: "mm" }),
    {
      name: "RangeError",
      message:
        'Cannot simulate datacenter as options.allocation must be a threshold allocation ("dt" or "thr") for options.selection "mm": current value is "mad"',
    },
  );
});
