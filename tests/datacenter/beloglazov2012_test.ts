import assert from "node:assert/strict";
import { beloglazov2012Scenario, generateSyntheticTraces, runBeloglazov2012 } from "../../mod.ts";

const FOLDER = new URL("../../../shared/data/planetlab/20110303", import.meta.url).pathname;
let present = false;
try {
  present = Deno.statSync(FOLDER).isDirectory;
} catch {
  present = false;
}

Deno.test("beloglazov2012Scenario() assigns VM types by blocks as CloudSim does", () => {
  const s = beloglazov2012Scenario(generateSyntheticTraces(10, { seed: 1, intervals: 2 }), {
    hosts: 3,
  });
  // ceil(10 / 4) = 3 per type
  assert.deepEqual(
    s.vms.map((vm) => vm.cpuMips),
    [2500, 2500, 2500, 2000, 2000, 2000, 1000, 1000, 1000, 500],
  );
  assert.deepEqual(s.hosts.map((h) => h.cpuMips), [3720, 5320, 3720]);
  const modulo = beloglazov2012Scenario(generateSyntheticTraces(5, { seed: 1, intervals: 2 }), {
    vmTypeAssignment: "modulo",
  });
  assert.deepEqual(modulo.vms.map((vm) => vm.cpuMips), [2500, 2000, 1000, 500, 2500]);
});

Deno.test({
  name: "runBeloglazov2012() runs on the first 50 real traces for 24 intervals",
  ignore: !present,
  fn: async (t) => {
    for (const allocation of ["npa", "dvfs", "thr", "mad", "iqr", "lr", "lrr"] as const) {
      await t.step(allocation, () => {
        const r = runBeloglazov2012({
          folder: FOLDER,
          maxVms: 50,
          hosts: 40,
          intervals: 24,
          allocation,
          selection: "mmt",
          cloudsim: true,
        });
        assert.equal(r.vms, 50);
        assert.equal(r.intervals, 24);
        assert.ok(r.energyKwh > 0);
        if (allocation === "npa") {
          assert.ok(Math.abs(r.energyKwh - 20 * (117 + 135) * 2 / 1000) < 1e-9);
        }
        assert.equal(r.cloudsimMigrationSeconds, r.migrationSeconds);
      });
    }
  },
});
if (!present) console.log(`skipping the real-data test: ${FOLDER} is absent`);

Deno.test({
  name: "runBeloglazov2012() creates all 1052 real VMs as CloudSim 3.0.3 does",
  ignore: !present,
  fn: async (t) => {
    for (const allocation of ["dvfs", "mad"] as const) {
      await t.step(allocation, () => {
        const r = runBeloglazov2012({ folder: FOLDER, allocation, intervals: 2 });
        assert.equal(r.vms, 1052);
        assert.deepEqual(r.unplacedVms, []);
      });
    }
    await t.step("strict capacity checks leave big VMs out, as the old model did", () => {
      const r = runBeloglazov2012({
        folder: FOLDER,
        allocation: "mad",
        intervals: 2,
        capacityChecks: "strict",
      });
      assert.ok(r.unplacedVms.length > 100);
    });
  },
});
