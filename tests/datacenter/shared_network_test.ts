import assert from "node:assert/strict";
import {
  beloglazov2012Scenario,
  generateSyntheticTraces,
  simulateDatacenter,
} from "../../lib/datacenter/mod.ts";

const traces = generateSyntheticTraces(60, { seed: 5, intervals: 30, meanPercent: 35 });
const scenario = beloglazov2012Scenario(traces, { hosts: 60 });

Deno.test("simulateDatacenter() with migrationNetwork: shared", async (t) => {
  const fixed = simulateDatacenter(scenario, { seed: 9, allocation: "mad", selection: "mmt" });
  const shared = simulateDatacenter(scenario, {
    seed: 9,
    allocation: "mad",
    selection: "mmt",
    migrationNetwork: "shared",
  });
  await t.step("the default is unchanged (fixed share)", () => {
    const explicit = simulateDatacenter(scenario, {
      seed: 9,
      allocation: "mad",
      selection: "mmt",
      migrationNetwork: "fixed-share",
    });
    assert.deepEqual(explicit, fixed);
  });
  await t.step(
    "concurrent migrations share NICs: slower and more traffic than a fixed share",
    () => {
      assert.ok(fixed.migrations > 0);
      // The first interval with migrations is decided on the same state in both runs.
      const first = fixed.rows.findIndex((r) => r.migrations > 0);
      assert.equal(shared.rows[first]!.migrations, fixed.rows[first]!.migrations);
      // Many migrations leave the same hosts at once: each gets a slice of a NIC, so
      // pre-copy rounds last longer and resend more.
      assert.ok(shared.migrationSeconds > fixed.migrationSeconds);
      assert.ok(shared.migrationBytes > fixed.migrationBytes);
    },
  );
  await t.step("a lone migration costs the same under both", () => {
    // Two hosts, one VM each; the thr policy moves b onto h0 once (one migration).
    const host = (name: string) => ({
      name,
      cpuMips: 2000,
      cores: 2,
      ramBytes: 2 ** 30,
      bandwidthBytesPerSecond: 125e6,
      rack: 0,
      powerModel: "linear",
    });
    const vm = (name: string) => ({
      name,
      cpuMips: 1000,
      ramBytes: 2 ** 30,
      bandwidthBytesPerSecond: 12.5e6,
    });
    const small = {
      hosts: [host("h0"), host("h1")],
      vms: [vm("a"), vm("b")],
      powerModels: { linear: { kind: "linear" as const, idleWatts: 100, peakWatts: 200 } },
      traces: { names: ["a", "b"], percent: [[20, 20, 20], [10, 10, 10]] },
    };
    const a = simulateDatacenter(small, { seed: 1, allocation: "thr" });
    const b = simulateDatacenter(small, { seed: 1, allocation: "thr", migrationNetwork: "shared" });
    assert.equal(a.migrations, 1);
    assert.equal(b.migrations, 1);
    assert.ok(Math.abs(a.migrationSeconds - b.migrationSeconds) <= 1e-9 * a.migrationSeconds);
    assert.ok(Math.abs(a.migrationBytes - b.migrationBytes) <= 1e-9 * a.migrationBytes);
    assert.ok(
      Math.abs(a.migrationDowntimeSeconds - b.migrationDowntimeSeconds) <=
        1e-9 * a.migrationDowntimeSeconds,
    );
  });
  await t.step("bad combinations are refused by name", () => {
    assert.throws(
      () =>
        simulateDatacenter(scenario, {
          seed: 1,
          migrationNetwork: "shared",
          migrationModel: "cloudsim",
        }),
      /options.migrationNetwork "shared" needs migrationModel "engine"/,
    );
    assert.throws(
      () =>
        simulateDatacenter(scenario, {
          seed: 1,
          migrationNetwork: "shared",
          migrationTechnique: "hybrid",
        }),
      /options.migrationTechnique/,
    );
    assert.throws(
      () => simulateDatacenter(scenario, { seed: 1, migrationNetwork: "wan" as "shared" }),
      /options.migrationNetwork/,
    );
  });
  await t.step("an unknown technique or fidelity is refused whatever the network", () => {
    // Once echoed into the result unchecked when no migration used it (found by the fuzz test).
    for (const migrationModel of ["engine", "cloudsim"] as const) {
      assert.throws(
        () =>
          simulateDatacenter(scenario, {
            seed: 1,
            migrationModel,
            migrationTechnique: ["pre-copy"] as unknown as "pre-copy",
          }),
        /options\.migrationTechnique must be one of .*: current value is \["pre-copy"\]/,
      );
      assert.throws(
        () =>
          simulateDatacenter(scenario, {
            seed: 1,
            migrationModel,
            migrationFidelity: null as unknown as "page",
          }),
        /options\.migrationFidelity must be one of "page", "closed-form": current value is null/,
      );
    }
  });
});
