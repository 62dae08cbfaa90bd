import assert from "node:assert/strict";
import {
  beloglazov2012Scenario,
  generateSyntheticTraces,
  selectVmsOverThreshold,
  simulateDatacenter,
  VM_SELECTORS,
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

Deno.test("selectVmsOverThreshold() edge cases of the published rules (hand traces)", async (t) => {
  await t.step("mm: a VM equal to the excess is not over it (the paper's strict >)", () => {
    // 0.75 over 0.5: excess 0.25. 0.5 exceeds it by 0.25; 0.25 does not exceed it, so the
    // loop stops there and 0.5 goes (an exact-fit pick would take 0.25 instead).
    const vms = [{ hostShare: 0.5, utilization: 1 }, { hostShare: 0.25, utilization: 1 }];
    assert.deepEqual(selectVmsOverThreshold(vms, 0.5, "mm"), [0]);
  });
  await t.step("mm: of equal best fits, the first (the paper's t < bestFitUtil)", () => {
    const vms = [0.3, 0.6, 0.6].map((hostShare) => ({ hostShare, utilization: 1 }));
    // 1.5 over 0.8: excess 0.7; no VM exceeds it: the largest, the first of the two 0.6;
    // then 0.9 over 0.8: 0.3 exceeds the 0.1 excess by less than 0.6 does.
    assert.deepEqual(selectVmsOverThreshold(vms, 0.8, "mm"), [1, 0]);
    // 1.5 over 1.1: excess 0.4; both 0.6 exceed it by 0.2: the first.
    assert.deepEqual(selectVmsOverThreshold(vms, 1.1, "mm"), [1]);
  });
  await t.step("mm: a host back at the threshold up to rounding is not over it", () => {
    // 0.1 + 0.2 + 0.4 = 0.7000000000000001; less 0.4 it is 0.30000000000000004, the
    // threshold 0.3 up to rounding: one VM, not a second for the rounding.
    const vms = [0.1, 0.2, 0.4].map((hostShare) => ({ hostShare, utilization: 1 }));
    assert.deepEqual(selectVmsOverThreshold(vms, 0.3, "mm"), [2]);
  });
  await t.step("hpg: of equal own utilisations, the first in the host's list", () => {
    // 0.5 over 0.3: both at 50 % of their own MIPS; the first (0.3 of the host) goes and the
    // host is at 0.2 (taking the second first would leave it at 0.3 instead)
    const vms = [{ hostShare: 0.3, utilization: 0.5 }, { hostShare: 0.2, utilization: 0.5 }];
    assert.deepEqual(selectVmsOverThreshold(vms, 0.3, "hpg"), [0]);
  });
  await t.step("rc: the draw u picks the VM at floor(u × VMs left)", () => {
    const vms = [0, 1, 2, 3].map(() => ({ hostShare: 0.3, utilization: 1 }));
    const draws = [0.5, 0.5, 0.99];
    // 1.2 over 0.5: [0,1,2,3] -> 2; [0,1,3] -> 1; [0,3] -> 3; then 0.3.
    const picked = selectVmsOverThreshold(vms, 0.5, "rc", { prng: () => draws.shift()! });
    assert.deepEqual(picked, [2, 1, 3]);
  });
});

Deno.test("VM_SELECTORS' 2010 policies select by the VMs' share of the host, not their own utilisation", () => {
  // Host shares 0.5, 0.4, 0.2 (1.1 over 0.8: excess 0.3): MM takes 0.4 (exceeds it by
  // least). By the VMs' own utilisations (1.0, 0.1, 0.9) it would take VMs 0 and 2.
  const vms = [
    { vm: 0, ramBytes: 1e9, utilization: 1.0, hostShare: 0.5 },
    { vm: 1, ramBytes: 1e9, utilization: 0.1, hostShare: 0.4 },
    { vm: 2, ramBytes: 1e9, utilization: 0.9, hostShare: 0.2 },
  ];
  const removed: number[] = [];
  const host = {
    candidates: () => vms.filter((c) => !removed.includes(c.vm)),
    remove: (vm: number) => void removed.push(vm),
    overloaded: () => host.candidates().reduce((s, c) => s + c.hostShare, 0) > 0.8,
  };
  VM_SELECTORS.mm(host, { threshold: 0.8, prng: createPrng(1) });
  assert.deepEqual(removed, [1]);
});

Deno.test("VM_SELECTORS.rc draws from the selector's prng", () => {
  // Three VMs of share 0.3 (0.9 over 0.7). RC (random choice, Beloglazov and Buyya 2010) takes
  // left[floor(u x 3)] for a draw u: u = 0.99 gives index 2, after which the host is at 0.6,
  // not over 0.7, so VM 12 alone goes; u = 0.5 gives index 1 (VM 11). A selector that ignored
  // settings.prng could not give both.
  const vms = [10, 11, 12].map((vm) => ({ vm, ramBytes: 1e9, utilization: 0.5, hostShare: 0.3 }));
  for (const [u, expected] of [[0.99, 12], [0.5, 11]] as const) {
    const removed: number[] = [];
    const host = {
      candidates: () => vms.filter((c) => !removed.includes(c.vm)),
      remove: (vm: number) => void removed.push(vm),
      overloaded: () => true,
    };
    VM_SELECTORS.rc(host, { threshold: 0.7, prng: () => u });
    assert.deepEqual(removed, [expected], `u = ${u}`);
  }
});

Deno.test("the 2010 policies count the share of VMs still migrating to the host, never picking them", () => {
  // Candidates 0.5 and 0.2, and 0.4 of VMs still migrating there: 1.1 over 0.8, excess 0.3.
  // MM takes the 0.5 (the only candidate over the excess); without the 0.4 the host would be
  // at 0.7, under the threshold, and nothing would go.
  const vms = [
    { vm: 0, ramBytes: 1e9, utilization: 1.0, hostShare: 0.5 },
    { vm: 2, ramBytes: 1e9, utilization: 0.9, hostShare: 0.2 },
  ];
  const removed: number[] = [];
  const host = {
    candidates: () => vms.filter((c) => !removed.includes(c.vm)),
    remove: (vm: number) => void removed.push(vm),
    migratingShare: () => 0.4,
    overloaded: () => true,
  };
  VM_SELECTORS.mm(host, { threshold: 0.8, prng: createPrng(1) });
  assert.deepEqual(removed, [0]);
  assert.deepEqual(selectVmsOverThreshold(vms, 0.8, "mm"), []);
  // HPG: the least used first until the host is at 0.8: the 0.2, then the 0.5
  assert.deepEqual(selectVmsOverThreshold(vms, 0.8, "hpg", { stayingHostShare: 0.4 }), [1, 0]);
  assert.throws(
    () => selectVmsOverThreshold(vms, 0.8, "mm", { stayingHostShare: -0.1 }),
    /options\.stayingHostShare.*-0\.1/,
  );
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

Deno.test("simulateDatacenter() with 2010's double thresholds empties a host only below the lower threshold, not at it (hand example)", () => {
  // Three 4000 MIPS hosts (100-200 W); VMs a and b of 1000 MIPS start together on h0. At the
  // second update both ask 100 %: h0 at 0.5 is over 0.4, MM moves a (0.25 exceeds the 0.1
  // excess; the first of equals) to h1. Then a asks 50 %: h1 at 0.125, exactly the lower
  // threshold, which the paper's "below" does not empty; a lower threshold of 0.13 does (a
  // back to h0, at 0.375 under 0.4).
  const host = (name: string) => ({
    name,
    cpuMips: 4000,
    cores: 4,
    ramBytes: 4 * 2 ** 30,
    bandwidthBytesPerSecond: 125e6,
    rack: 0,
    powerModel: "lean",
  });
  const vm = (name: string) => ({
    name,
    cpuMips: 1000,
    ramBytes: 2 ** 29,
    bandwidthBytesPerSecond: 12.5e6,
  });
  const hand = {
    hosts: [host("h0"), host("h1"), host("h2")],
    vms: [vm("a"), vm("b")],
    powerModels: { lean: { kind: "linear" as const, idleWatts: 100, peakWatts: 200 } },
    traces: { names: ["a", "b"], percent: [[10, 100, 50, 50], [10, 100, 100, 100]] },
  };
  const run = (lowerThreshold: number) =>
    simulateDatacenter(hand, {
      seed: 1,
      allocation: "dt",
      parameter: 0.4,
      lowerThreshold,
      selection: "mm",
      initialDemand: "trace",
      migrationModel: "cloudsim",
      placement: "obfdf", // an empty host costs its whole draw: both VMs start on h0
    }).rows.map((row) => [row.migrations, row.activeHosts]);
  assert.deepEqual(run(0.125), [[0, 1], [1, 2], [0, 2], [0, 2]]);
  // (h1 counts as active in the interval its VM leaves it.)
  assert.deepEqual(run(0.13), [[0, 1], [1, 2], [1, 2], [0, 1]]);
});
