import assert from "node:assert/strict";
import {
  beloglazov2012Scenario,
  generateSyntheticTraces,
  powerAt,
  simulateDatacenter,
  SPECPOWER_HP_ML110_G4,
} from "../../mod.ts";

const host = (name: string, model: string) => ({
  name,
  cpuMips: 2000,
  cores: 2,
  ramBytes: 2 ** 30,
  bandwidthBytesPerSecond: 125e6,
  rack: 0,
  powerModel: model,
});
const vm = (name: string) => ({
  name,
  cpuMips: 1000,
  ramBytes: 2 ** 29,
  bandwidthBytesPerSecond: 12.5e6,
});

Deno.test("simulateDatacenter() integrates the power model exactly at constant utilisation", async (t) => {
  // VM a (1000 MIPS at 50 %) on h0, VM b (1000 MIPS at 30 %) on h1 (RAM allows one VM per host).
  const scenario = {
    hosts: [host("h0", "linear"), host("h1", "g4")],
    vms: [vm("a"), vm("b")].map((v) => ({ ...v, ramBytes: 2 ** 30 })),
    powerModels: {
      linear: { kind: "linear" as const, idleWatts: 100, peakWatts: 200 },
      g4: SPECPOWER_HP_ML110_G4,
    },
    traces: { names: ["a", "b"], percent: [[50, 50, 50, 50], [30, 30, 30, 30]] },
  };
  for (const allocation of ["dvfs", "thr", "mad"] as const) {
    await t.step(`${allocation}: 4 intervals of 300 s`, () => {
      const r = simulateDatacenter(scenario, { seed: 1, allocation });
      // DVFS places first-fit: a on h0 at 500/2000 = 25 % (125 W), b on h1 at 15 %: G4 table
      // 89.4 + 0.5 * (92.6 - 89.4) = 91 W. Power-aware placement puts a where power rises least
      // at full MIPS (G4: 102 - 86 = 16 W < 50 W): a on h1 at 25 % (92.6 + 0.5 * 3.4 = 94.3 W),
      // b on h0 at 15 % (115 W).
      const watts = allocation === "dvfs"
        ? 125 + powerAt(SPECPOWER_HP_ML110_G4, 0.15)
        : 115 + powerAt(SPECPOWER_HP_ML110_G4, 0.25);
      assert.ok(Math.abs(watts - (allocation === "dvfs" ? 216 : 209.3)) < 1e-9);
      const kwh = (watts * 4 * 300) / 3.6e6;
      assert.ok(Math.abs(r.energyKwh - kwh) < 1e-12, `${r.energyKwh} vs ${kwh}`);
      assert.deepEqual(r.activeHosts, [2, 2, 2, 2]);
      assert.equal(r.migrations, 0);
      assert.equal(r.slatah, 0);
      assert.equal(r.pdm, 0);
      assert.deepEqual(r.rows.map((row) => row.energyKwh * 4), [kwh, kwh, kwh, kwh]);
    });
  }
  await t.step("npa: every host at peak power", () => {
    const r = simulateDatacenter(scenario, { seed: 1, allocation: "npa" });
    assert.ok(Math.abs(r.energyKwh - ((200 + 117) * 1200) / 3.6e6) < 1e-12);
  });
});

Deno.test("simulateDatacenter() consolidates an underloaded host and charges the migration", () => {
  const scenario = {
    hosts: [host("h0", "linear"), host("h1", "linear")],
    vms: [vm("a"), vm("b")],
    powerModels: { linear: { kind: "linear" as const, idleWatts: 100, peakWatts: 200 } },
    traces: { names: ["a", "b"], percent: [[20, 20, 20], [10, 10, 10]] },
  };
  // initial placement asks full MIPS: both fit h0 only at 100 % > THR 0.8, so b goes to h1
  const r = simulateDatacenter(scenario, {
    seed: 1,
    allocation: "thr",
    migrationModel: "cloudsim",
  });
  assert.deepEqual(r.activeHosts, [2, 1, 1]);
  assert.equal(r.migrations, 1);
  // CloudSim delay: 512 MiB counted as 512e6 bytes over 62.5 MB/s
  assert.ok(Math.abs(r.cloudsimMigrationSeconds - 8.192) < 1e-9);
  assert.equal(r.migrationSeconds, r.cloudsimMigrationSeconds);
  // PDM: 10 % of b's 100 MIPS for 8.192 s over all requested MIPS-seconds
  const requested = (200 + 100) * 900;
  assert.ok(Math.abs(r.pdm - (0.1 * 100 * 8.192) / requested) < 1e-15);
  // source h1 keeps running b (5 % utilisation: 105 W) until the migration ends
  assert.ok(Math.abs(r.migrationEnergyKwh - (105 * 8.192) / 3.6e6) < 1e-15);
});

Deno.test("simulateDatacenter() reproduces identical results for a fixed seed", async (t) => {
  const traces = generateSyntheticTraces(60, { seed: 5, intervals: 30, meanPercent: 35 });
  const scenario = beloglazov2012Scenario(traces, { hosts: 60 });
  for (const [allocation, selection] of [["mad", "rs"], ["lrr", "mc"], ["iqr", "mu"]] as const) {
    await t.step(`${allocation} + ${selection}, engine migrations`, () => {
      const a = simulateDatacenter(scenario, { seed: 9, allocation, selection });
      const b = simulateDatacenter(scenario, { seed: 9, allocation, selection });
      assert.deepEqual(a, b);
      assert.ok(a.migrations > 0);
      assert.ok(a.migrationSeconds > 0 && a.migrationBytes > 0);
    });
  }
});

Deno.test("simulateDatacenter() rejects bad input with std-style messages", async (t) => {
  const scenario = beloglazov2012Scenario(generateSyntheticTraces(2, { seed: 1, intervals: 3 }), {
    hosts: 2,
  });
  await t.step("unknown allocation", () => {
    assert.throws(
      // deno-lint-ignore no-explicit-any
      () => simulateDatacenter(scenario, { seed: 1, allocation: "foo" as any }),
      new TypeError(
        'Cannot simulate datacenter as options.allocation must be one of "npa", "dvfs", "thr", "iqr", "mad", "lr", "lrr": current value is "foo"',
      ),
    );
  });
  await t.step("too many intervals", () => {
    assert.throws(
      () => simulateDatacenter(scenario, { seed: 1, intervals: 4 }),
      new RangeError(
        "Cannot simulate datacenter as options.intervals must be an integer in [1, 3]: current value is 4",
      ),
    );
  });
});
