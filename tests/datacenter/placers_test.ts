import assert from "node:assert/strict";
import {
  type DatacenterScenario,
  type PlacerHosts,
  PLACERS,
  simulateDatacenter,
  type SimulateDatacenterOptions,
} from "../../lib/datacenter/mod.ts";

/** Hosts with the given histories, all fitting and not overloaded unless listed. */
function stubHosts(
  histories: number[][],
  vm: number[],
  { excluded = [], overloaded = [], empty = [], unfit = [] }: Record<string, number[]> = {},
): PlacerHosts {
  return {
    count: histories.length,
    fits: (_v, h) => !unfit.includes(h),
    increase: (_v, h) => unfit.includes(h) ? Infinity : 10 - h,
    overloaded: (h) => overloaded.includes(h),
    isEmpty: (h) => empty.includes(h),
    excluded: (h) => excluded.includes(h),
    hostHistory: (h) => histories[h]!,
    vmHistory: () => vm,
    leastCost: () => 42,
  };
}

Deno.test("PLACERS.pba picks the active host least correlated with the VM, First Fit the first", async (t) => {
  // VM history [1, 3, 1, 3]: host 0 [2, 6, 2, 6] moves with it (r = 1), host 1 [6, 2, 6, 2]
  // against it (r = -1), host 2 [4, 4, 5, 3] half against it (deviations (-1,1,-1,1) and
  // (0,0,1,-1): cov -2, norms 2 and sqrt 2, r = -2 / (2 sqrt 2) = -0.707)
  const histories = [[2, 6, 2, 6], [6, 2, 6, 2], [4, 4, 5, 3]];
  const vm = [1, 3, 1, 3];
  await t.step("least correlation wins", () => {
    assert.equal(PLACERS.pba(0, stubHosts(histories, vm)), 1);
    assert.equal(PLACERS["first-fit"](0, stubHosts(histories, vm)), 0);
  });
  await t.step("excluded, overloaded and unfit hosts are passed over", () => {
    assert.equal(PLACERS.pba(0, stubHosts(histories, vm, { excluded: [1] })), 2);
    assert.equal(PLACERS.pba(0, stubHosts(histories, vm, { overloaded: [1] })), 2);
    assert.equal(PLACERS.pba(0, stubHosts(histories, vm, { unfit: [1, 2] })), 0);
    assert.equal(PLACERS["first-fit"](0, stubHosts(histories, vm, { overloaded: [0] })), 1);
  });
  await t.step("an empty host only when no active host can take the VM", () => {
    // host 1 is empty: PBA stays on an active host; only when none fits does it open host 1
    assert.equal(PLACERS.pba(0, stubHosts(histories, vm, { empty: [1] })), 2);
    assert.equal(PLACERS.pba(0, stubHosts(histories, vm, { empty: [1], unfit: [0, 2] })), 1);
    // First Fit takes an empty host in index order, overloaded or not
    assert.equal(
      PLACERS["first-fit"](0, stubHosts(histories, vm, { empty: [0], overloaded: [0] })),
      0,
    );
    assert.equal(PLACERS.pba(0, stubHosts(histories, vm, { unfit: [0, 1, 2] })), -1);
  });
  await t.step("a constant history counts as correlation 0; ties go to the lower index", () => {
    // no history yet (creation): every correlation is 0, so the first active host
    assert.equal(PLACERS.pba(0, stubHosts([[], [], []], [])), 0);
    assert.equal(PLACERS.pba(0, stubHosts([[2, 6, 2, 6], [5, 5, 5, 5], [5, 5, 5, 5]], vm)), 1);
  });
  await t.step("PABFD and OBFDF ask the simulation's host index", () => {
    assert.equal(PLACERS.pabfd(0, stubHosts(histories, vm)), 42);
    assert.equal(PLACERS.obfdf(0, stubHosts(histories, vm)), 42);
  });
});

/**
 * Four 1000-MIPS hosts with one power table (100, 180, 200 W at 0, 50 and 100 %: a host past
 * half load adds 40 W per unit of load, one under it 160 W) and five 1000-MIPS VMs created in
 * index order (demands at interval 0: c 0.5, d 0.2 on h0; a 0.5 on h1; b 0.5 on h2, since h1
 * would be at 1.0 > 0.8; e 0.6 on h3), whatever the placer. At interval 4 h0 is at
 * 0.25 + 0.6 = 0.85 > 0.8: MMT (all RAM 0, so the first VM) moves c (0.25) out. Its history
 * (0.5, 0.1, 0.5, 0.1, 0.25) rises and falls with a's on h1 and e's on h3 and against b's on
 * h2. No RAM, so the migration takes no time.
 */
const scenario: DatacenterScenario = {
  hosts: [0, 1, 2, 3].map((j) => ({
    name: `h${j}`,
    cpuMips: 1000,
    cores: 1,
    ramBytes: 1e9,
    bandwidthBytesPerSecond: 1e9,
    rack: 0,
    powerModel: "table",
  })),
  vms: ["c", "d", "a", "b", "e"].map((name) => ({
    name,
    cpuMips: 1000,
    ramBytes: 0,
    bandwidthBytesPerSecond: 0,
  })),
  powerModels: { table: { kind: "table", watts: [100, 180, 200] } },
  traces: {
    names: ["c", "d", "a", "b", "e"],
    percent: [
      [50, 10, 50, 10, 25],
      [20, 20, 20, 20, 60],
      [50, 10, 40, 10, 35],
      [50, 40, 10, 40, 30],
      [60, 50, 50, 50, 50],
    ],
  },
};
const options: SimulateDatacenterOptions = {
  seed: 1,
  allocation: "dt", // upper threshold 0.8; lower threshold 0: no host is emptied
  parameter: 0.8,
  lowerThreshold: 0,
  selection: "mmt",
  migrationModel: "cloudsim",
  capacityChecks: "strict",
  initialDemand: "trace",
  energyIntegration: "hold",
  countFirstInterval: true,
};
/** Power of the table at utilisation u. */
const watts = (u: number) => u <= 0.5 ? 100 + 160 * u : 180 + 40 * (u - 0.5);
/** Energy of interval 4 in kWh when c (0.25) lands on host `target` (1, 2 or 3). */
function interval4Kwh(target: number): number {
  const load = [0.6, 0.35, 0.3, 0.5];
  load[target]! += 0.25;
  return load.reduce((sum, u) => sum + watts(u), 0) * 300 / 3.6e6;
}

Deno.test("simulateDatacenter() placement: PABFD, First Fit and PBA send the same VM to three hosts", () => {
  // The three outcomes differ: 696, 702 and 678 W over the interval.
  const kwh = [1, 2, 3].map(interval4Kwh);
  assert.equal(new Set(kwh.map((x) => x.toFixed(9))).size, 3);
  const expected = { pabfd: 3, "first-fit": 1, pba: 2 } as const;
  // PABFD: the least power increase, h3 (0.5 -> 0.75: 10 W) over h1 (0.35 -> 0.6: 28 W) and
  // h2 (0.3 -> 0.55: 34 W). First Fit: h1, the lowest index that takes it (0.6 <= 0.8).
  // PBA: h2, whose history (0.5, 0.4, 0.1, 0.4, 0.3) correlates negatively with c's
  // (deviations from the means 0.34 and 0.29 give a covariance sum of -0.038), where a's
  // and e's correlate positively.
  for (const [placement, target] of Object.entries(expected)) {
    const r = simulateDatacenter(scenario, {
      ...options,
      placement: placement as keyof typeof expected,
    });
    assert.equal(r.placement, placement);
    assert.equal(r.migrations, 1, placement);
    assert.deepEqual(r.rows.map((row) => row.migrations), [0, 0, 0, 0, 1], placement);
    assert.ok(Math.abs(r.rows[4]!.energyKwh - interval4Kwh(target)) < 1e-12, placement);
  }
});

Deno.test("simulateDatacenter() placement defaults to PABFD", () => {
  const plain = simulateDatacenter(scenario, options);
  assert.equal(plain.placement, "pabfd");
  assert.deepEqual(plain, simulateDatacenter(scenario, { ...options, placement: "pabfd" }));
});
