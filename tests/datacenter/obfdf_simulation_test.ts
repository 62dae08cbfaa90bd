import assert from "node:assert/strict";
import {
  beloglazov2012Scenario,
  generateSyntheticTraces,
  simulateDatacenter,
} from "../../lib/datacenter/mod.ts";

const base = beloglazov2012Scenario(generateSyntheticTraces(200, { seed: 3 }), { hosts: 100 });
/** The synthetic scenario with 10 racks of 10 hosts. */
const scenario = { ...base, hosts: base.hosts.map((h, j) => ({ ...h, rack: Math.floor(j / 10) })) };
const switchPower = { topOfRackWatts: 150, aggregationWatts: 300, racksPerAggregation: 2 };

Deno.test("simulateDatacenter() adds top-of-rack and aggregation switch energy without changing PABFD's decisions", () => {
  const plain = simulateDatacenter(scenario, { seed: 1, migrationModel: "cloudsim" });
  const switched = simulateDatacenter(scenario, {
    seed: 1,
    migrationModel: "cloudsim",
    switchPower,
  });
  assert.equal(plain.switchEnergyKwh, 0);
  assert.equal(plain.placement, "pabfd");
  assert.equal(switched.migrations, plain.migrations);
  assert.ok(switched.switchEnergyKwh > 0);
  assert.ok(Math.abs(switched.energyKwh - plain.energyKwh - switched.switchEnergyKwh) < 1e-9);
  // At most every switch for every counted interval (10 racks, 5 aggregation switches).
  const allOnKwh = (10 * 150 + 5 * 300) * 300 * (switched.intervals - 1) / 3.6e6;
  assert.ok(switched.switchEnergyKwh <= allOnKwh + 1e-9);
});

Deno.test("simulateDatacenter() with OBFDF placement online uses fewer hosts and less energy than PABFD here", () => {
  const pabfd = simulateDatacenter(scenario, { seed: 1, migrationModel: "cloudsim", switchPower });
  const obfdf = simulateDatacenter(scenario, {
    seed: 1,
    migrationModel: "cloudsim",
    switchPower,
    placement: "obfdf",
  });
  // Measured: 37.7 against 23.2 active hosts, 142.5 against 126.6 kWh (switches included).
  assert.equal(obfdf.placement, "obfdf");
  assert.ok(obfdf.meanActiveHosts < pabfd.meanActiveHosts);
  assert.ok(obfdf.energyKwh < pabfd.energyKwh);
  assert.ok(obfdf.migrations < pabfd.migrations);
  assert.throws(
    () => simulateDatacenter(scenario, { seed: 1, placement: "wf" as "obfdf" }),
    {
      name: "TypeError",
      message:
        'Cannot simulate datacenter as options.placement must be one of "pabfd", "obfdf", "first-fit", "pba": current value is "wf"',
    },
  );
});
