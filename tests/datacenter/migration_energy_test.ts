import assert from "node:assert/strict";
import {
  beloglazov2012Scenario,
  type ConsolidationDecision,
  generateSyntheticTraces,
  LIU2011_MIGRATION_ENERGY,
  liu2011MigrationEnergyJoules,
  MIGRATION_ENERGY_MODELS,
  simulateDatacenter,
} from "../../lib/datacenter/mod.ts";
import { twoHosts } from "./_two_hosts.ts";

Deno.test("liu2011MigrationEnergyJoules() is 0.512 J per MiB plus 20.165 J", () => {
  assert.equal(liu2011MigrationEnergyJoules(0), 20.165);
  assert.equal(liu2011MigrationEnergyJoules(2 ** 29), 0.512 * 512 + 20.165);
  assert.deepEqual(LIU2011_MIGRATION_ENERGY, { joulesPerMegabyte: 0.512, joules: 20.165 });
  assert.throws(() => liu2011MigrationEnergyJoules(-1), /bytes/);
});

Deno.test("simulateDatacenter() adds Liu et al.'s transfer energy per migration, hand-computed", () => {
  const options = { seed: 1, allocation: "thr" as const, migrationModel: "cloudsim" as const };
  const base = simulateDatacenter(twoHosts, options);
  const liu = simulateDatacenter(twoHosts, { ...options, migrationEnergy: "liu2011" });
  // one migration of a 512 MiB VM; CloudSim's model sends its RAM
  assert.equal(base.migrations, 1);
  assert.equal(liu.migrations, 1);
  assert.equal(liu.migrationEnergy, "liu2011");
  const joules = 0.512 * 512 + 20.165; // 282.309 J
  assert.ok(Math.abs(liu.migrationEnergyKwh - joules / 3.6e6) < 1e-15);
  assert.ok(Math.abs(liu.energyKwh - base.energyKwh - joules / 3.6e6) < 1e-12);
  // same decisions, same SLA metrics: only the energy moves
  assert.deepEqual(liu.activeHosts, base.activeHosts);
  assert.equal(liu.slav, base.slav);
  assert.ok(Math.abs(liu.rows[1]!.energyKwh - base.rows[1]!.energyKwh - joules / 3.6e6) < 1e-12);
});

Deno.test("liu2011MigrationEnergyJoules(): MB is 2^20 bytes, hand-computed", () => {
  // 1 MiB: 0.512 + 20.165 J; 10^6 bytes is less than one MB here
  assert.equal(liu2011MigrationEnergyJoules(2 ** 20), 20.677);
  assert.ok(
    Math.abs(liu2011MigrationEnergyJoules(1e6) - (0.512 * 0.95367431640625 + 20.165)) < 1e-12,
  );
  // 1 GiB: 544.453 J (the figure the constant's doc checks against two servers' power)
  assert.ok(Math.abs(liu2011MigrationEnergyJoules(2 ** 30) - 544.453) < 1e-12);
});

Deno.test("simulateDatacenter() charges Liu's energy once per migration, not once per host, hand-computed", () => {
  const host = (name: string) => ({ ...twoHosts.hosts[0]!, name });
  const vm = (name: string, ramBytes: number) => ({ ...twoHosts.vms[0]!, name, ramBytes });
  // three light hosts: THR's underload consolidation moves b (512 MiB) and c (1 GiB) onto h0
  const threeHosts = {
    ...twoHosts,
    hosts: [host("h0"), host("h1"), host("h2")],
    vms: [vm("a", 2 ** 29), vm("b", 2 ** 29), vm("c", 2 ** 30)],
    traces: { names: ["a", "b", "c"], percent: [[20, 20, 20], [10, 10, 10], [5, 5, 5]] },
  };
  const options = { seed: 1, allocation: "thr" as const, migrationModel: "cloudsim" as const };
  const base = simulateDatacenter(threeHosts, options);
  const liu = simulateDatacenter(threeHosts, { ...options, migrationEnergy: "liu2011" });
  assert.equal(liu.migrations, 2);
  assert.equal(liu.migrationBytes, 1536 * 2 ** 20);
  // 0.512 J/MiB x (512 + 1024) MiB + 2 x 20.165 J = 826.762 J; per host it would be twice that
  const joules = 0.512 * 1536 + 2 * 20.165;
  assert.ok(Math.abs(liu.migrationEnergyKwh * 3.6e6 - joules) < 1e-9);
  assert.ok(Math.abs((liu.energyKwh - base.energyKwh) * 3.6e6 - joules) < 1e-9);
  assert.deepEqual(liu.activeHosts, base.activeHosts);
});

Deno.test("simulateDatacenter() with the engine charges Liu's energy on the bytes the engine sent", () => {
  const scenario = beloglazov2012Scenario(generateSyntheticTraces(30, { seed: 4, intervals: 24 }), {
    hosts: 30,
  });
  const options = { seed: 1, allocation: "mad" as const, migrationModel: "engine" as const };
  const base = simulateDatacenter(scenario, options);
  const liu = simulateDatacenter(scenario, { ...options, migrationEnergy: "liu2011" });
  assert.ok(liu.migrations > 0);
  assert.equal(liu.migrations, base.migrations);
  // E = 0.512 J/MiB x bytes sent (more than the RAM: pre-copy resends dirty pages) + 20.165 J each
  assert.ok(liu.migrationBytes > 0);
  const joules = 0.512 * liu.migrationBytes / 2 ** 20 + 20.165 * liu.migrations;
  assert.ok(Math.abs(liu.migrationEnergyKwh * 3.6e6 - joules) < 1e-6);
  assert.ok(Math.abs((liu.energyKwh - base.energyKwh) * 3.6e6 - joules) < 1e-6);
});

Deno.test("simulateDatacenter() rejects an unknown migration energy model", () => {
  assert.throws(
    () =>
      simulateDatacenter(twoHosts, {
        seed: 1,
        migrationEnergy: "watts" as unknown as "liu2011",
      }),
    /options\.migrationEnergy/,
  );
});

Deno.test("host-power migration energy: the source's draw for the VM until the migration ends, or the run does", () => {
  // b (10 % of 1000 MIPS) leaves its 2000-MIPS host, linear 100-200 W: the source draws
  // 100 W x 1000 x 10 % / 2000 = 5 W more for it while it migrates
  const fast = simulateDatacenter(twoHosts, { seed: 1, migrationModel: "cloudsim" });
  assert.equal(fast.migrations, 1);
  // 512 MiB over half of 1 Gbit/s (CloudSim's MiB of 10^6 bytes): 8.192 s
  assert.equal(fast.migrationSeconds, 8.192);
  assert.ok(Math.abs(fast.migrationEnergyKwh * 3.6e6 - 5 * 8.192) < 1e-9);
  // NICs of 1 MB/s: 512 x 10^6 bytes over 0.5 MB/s is 1,024 s from the update at 300 s,
  // carried through the last interval and cut at the run's end, 600 s after it starts
  const slowScenario = {
    ...twoHosts,
    hosts: twoHosts.hosts.map((host) => ({ ...host, bandwidthBytesPerSecond: 1e6 })),
    vms: twoHosts.vms.map((vm) => ({ ...vm, bandwidthBytesPerSecond: 1e5 })),
  };
  const slow = simulateDatacenter(slowScenario, { seed: 1, migrationModel: "cloudsim" });
  assert.equal(slow.migrations, 1);
  assert.equal(slow.migrationSeconds, 1024);
  assert.equal(slow.carriedMigrations, 1);
  assert.deepEqual(slow.rows.map((row) => row.migrations), [0, 1, 0]);
  assert.ok(Math.abs(slow.migrationEnergyKwh * 3.6e6 - 5 * 600) < 1e-9);
  assert.equal(fast.carriedMigrations, 0);
});

Deno.test("host-power migration energy: a VM asking more than one core counts as one core's MIPS", () => {
  // hosts of 2000 MIPS on 8 cores (250 MIPS each); a asks 300 MIPS but gets one core, 250
  const host = (name: string) => ({ ...twoHosts.hosts[0]!, name, cores: 8 });
  const scenario = {
    ...twoHosts,
    hosts: [host("h0"), host("h1")],
    vms: [0, 1, 2].map((i) => ({ ...twoHosts.vms[0]!, name: "abc"[i]! })),
    traces: { names: ["a", "b", "c"], percent: [[30, 30, 30], [10, 10, 10], [10, 10, 10]] },
  };
  // a and c on h0, b on h1; the first update moves a to h1
  let moved = false;
  const moveA: ConsolidationDecision = (view) => {
    if (!moved) {
      view.detach(0, 0);
      view.attach(0, 1);
      view.migrate(0, 1);
      moved = true;
    }
    return 0;
  };
  const r = simulateDatacenter(scenario, {
    seed: 1,
    migrationModel: "cloudsim",
    strategies: { placer: (v) => (v === 1 ? 1 : 0), decision: moveA },
  });
  assert.deepEqual(r.rows.map((row) => row.migrations), [0, 1, 0]);
  // h0 runs at (250 + 100) / 2000 = 17.5 %, and 5 % without a's 250 MIPS: 100 W x 12.5 %
  // more for 8.192 s (with a's 300 MIPS requested it would be 15 W)
  assert.ok(Math.abs(r.migrationEnergyKwh * 3.6e6 - 12.5 * 8.192) < 1e-9);
});

Deno.test("host-power migration energy plugged as its registry value is the one named", () => {
  const named = simulateDatacenter(twoHosts, { seed: 1, migrationModel: "cloudsim" });
  const plugged = simulateDatacenter(twoHosts, {
    seed: 1,
    migrationModel: "cloudsim",
    strategies: { migrationEnergyModel: MIGRATION_ENERGY_MODELS["host-power"] },
  });
  // the source's draw for the migrating VM (5 W x 8.192 s), not the registry's 0 J
  assert.ok(named.migrationEnergyKwh > 0);
  assert.equal(plugged.migrationEnergyKwh, named.migrationEnergyKwh);
  assert.equal(plugged.energyKwh, named.energyKwh);
});

Deno.test("MIGRATION_ENERGY_MODELS: host-power adds no joules of its own, liu2011 Liu's E", () => {
  // CloudSim 3.0.3 charges a migration only through the hosts' integrated power: the
  // registry's "host-power" model adds 0 J whatever the bytes (a caller summing the models'
  // joules, as a plugged strategy does, must get nothing extra); liu2011 adds
  // 0.512 J/MiB x 1024 MiB + 20.165 J = 544.453 J for 1 GiB.
  for (const bytes of [0, 2 ** 20, 2 ** 30]) {
    assert.equal(MIGRATION_ENERGY_MODELS["host-power"]({ bytes }), 0);
  }
  assert.ok(Math.abs(MIGRATION_ENERGY_MODELS.liu2011({ bytes: 2 ** 30 }) - 544.453) < 1e-12);
});
