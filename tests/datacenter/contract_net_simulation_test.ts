import assert from "node:assert/strict";
import {
  beloglazov2012Scenario,
  generateSyntheticTraces,
  simulateDatacenter,
} from "../../lib/datacenter/mod.ts";

const scenario = beloglazov2012Scenario(generateSyntheticTraces(200, { seed: 3 }), { hosts: 100 });

Deno.test("simulateDatacenter() with contract-net decisions consolidates by messages, counted consistently", () => {
  const options = { seed: 1, migrationModel: "cloudsim" as const, allocation: "mad" as const };
  const central = simulateDatacenter(scenario, options);
  const agents = simulateDatacenter(scenario, { ...options, decisions: "contract-net" });
  const again = simulateDatacenter(scenario, { ...options, decisions: "contract-net" });
  assert.deepEqual(again, agents);
  assert.equal(central.decisions, "central");
  assert.ok(Object.values(central.messages).every((n) => n === 0));
  assert.equal(agents.decisions, "contract-net");
  const m = agents.messages;
  // Every call answered; every proposal accepted or rejected; every acceptance done or
  // cancelled; one inform-done per migration.
  assert.equal(m.cfp, m.propose + m.refuse);
  assert.equal(m.propose, m["accept-proposal"] + m["reject-proposal"]);
  assert.equal(m["accept-proposal"], m["inform-done"] + m.cancel);
  assert.equal(m["inform-done"], agents.migrations);
  assert.ok(agents.migrations > 0);
  // Measured on this scenario: central MAD + MMT 80.6 kWh, 11,482 migrations; agents
  // 62.3 kWh, 1,217 migrations, 34,259 calls for proposals; DVFS (no migration) 185.0 kWh.
  const dvfs = simulateDatacenter(scenario, { ...options, allocation: "dvfs" });
  assert.ok(agents.energyKwh < dvfs.energyKwh / 2);
  assert.ok(agents.meanActiveHosts < dvfs.meanActiveHosts);
});

Deno.test("simulateDatacenter() contract-net agents use the threshold of a threshold allocation, and reject unknown modes", () => {
  const run = (allocation: "thr" | "dt") =>
    simulateDatacenter(scenario, {
      seed: 1,
      migrationModel: "cloudsim",
      allocation,
      decisions: "contract-net",
      parameter: 0.8,
      lowerThreshold: 0.3,
    });
  // Agents decide alike under THR and DT: both are "over 0.8" and "under 0.3" to an agent.
  const thr = run("thr");
  const dt = run("dt");
  assert.equal(thr.migrations, dt.migrations);
  assert.equal(thr.energyKwh, dt.energyKwh);
  assert.throws(
    () => simulateDatacenter(scenario, { seed: 1, decisions: "auction" as "central" }),
    {
      name: "TypeError",
      message:
        'Cannot simulate datacenter as options.decisions must be one of "central", "contract-net": current value is "auction"',
    },
  );
});

Deno.test("simulateDatacenter() counts the agents' messages interval by interval, as the simulation runs", () => {
  const options = { seed: 1, migrationModel: "cloudsim" as const, allocation: "mad" as const };
  const agents = simulateDatacenter(scenario, { ...options, decisions: "contract-net" });
  const kinds = Object.keys(agents.messages) as (keyof typeof agents.messages)[];
  const perRow = agents.rows.map((row) => row.messages!);
  assert.ok(perRow.every((m) => m !== undefined), "every row counts its update's messages");
  // No decision at the first update: no message then.
  assert.ok(kinds.every((kind) => perRow[0]![kind] === 0));
  for (const kind of kinds) {
    // The rows add up to the run's totals, kind by kind.
    assert.equal(perRow.reduce((sum, m) => sum + m[kind], 0), agents.messages[kind], kind);
  }
  agents.rows.forEach((row, k) => {
    const m = row.messages!;
    // Each update's negotiation is complete in itself, and each migration it starts is one
    // inform-done of that update.
    assert.equal(m.cfp, m.propose + m.refuse, `interval ${k}`);
    assert.equal(m.propose, m["accept-proposal"] + m["reject-proposal"], `interval ${k}`);
    assert.equal(m["accept-proposal"], m["inform-done"] + m.cancel, `interval ${k}`);
    assert.equal(m["inform-done"], row.migrations, `interval ${k}`);
  });
  // Over time: the agents talk at many updates, not once.
  const talking = perRow.filter((m) => m.cfp > 0).length;
  assert.ok(talking > agents.intervals / 2, `${talking} of ${agents.intervals} updates`);
  // Central decisions send no messages and their rows carry none.
  const central = simulateDatacenter(scenario, options);
  assert.ok(central.rows.every((row) => row.messages === undefined));
});
