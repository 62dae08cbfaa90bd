import assert from "node:assert/strict";
import {
  beloglazov2012Scenario,
  generateSyntheticTraces,
  type OverloadDetector,
  simulateDatacenter,
} from "../../lib/datacenter/mod.ts";
import { host, LINEAR_POWER, twoHosts, vm } from "./_two_hosts.ts";

/**
 * Three hosts of 2 x 1000 MIPS, no migrations (DVFS). First Fit at creation, on the traces'
 * first values, puts VMs a and b (a core each) on h0, which they fill, and c, d, e (300 MIPS
 * each) on h1; h2 stays empty. From interval 1 on c, d and e ask a core each: h1 is asked 3000
 * MIPS, so it violates the SLA, while h0, asked exactly its MIPS, does not.
 */
const scenario = {
  hosts: ["h0", "h1", "h2"].map(host),
  vms: ["a", "b", "c", "d", "e"].map(vm),
  powerModels: LINEAR_POWER,
  traces: {
    names: ["a", "b", "c", "d", "e"],
    percent: [[100, 100, 100], [100, 100, 100], [30, 100, 100], [30, 100, 100], [30, 100, 100]],
  },
};

Deno.test("the interval rows count active and violating hosts and average the active ones' load", () => {
  const r = simulateDatacenter(scenario, {
    seed: 1,
    allocation: "dvfs",
    initialDemand: "trace",
  });
  assert.equal(r.migrations, 0);
  const rows = r.rows.map((row) => ({
    activeHosts: row.activeHosts,
    slaViolationHosts: row.slaViolationHosts,
    meanUtilization: row.meanUtilization,
  }));
  assert.deepEqual(rows, [
    // h0 full, h1 at 900 of 2000 MIPS; the empty h2 is not averaged in
    { activeHosts: 2, slaViolationHosts: 0, meanUtilization: (1 + 0.45) / 2 },
    // h1, asked 3000 MIPS, gives each VM the floor of 1000 x 2000 / 3000 (CloudSim's
    // over-subscription), 1998 MIPS in all: the one violation; h0, asked exactly its MIPS,
    // is full without one
    { activeHosts: 2, slaViolationHosts: 1, meanUtilization: (1 + 0.999) / 2 },
    { activeHosts: 2, slaViolationHosts: 1, meanUtilization: (1 + 0.999) / 2 },
  ]);
});

Deno.test("countFirstInterval puts interval 0's utilisation in the hosts' histories", () => {
  /** The longest host history an overload detector was shown in a run over three intervals. */
  function longestHistory(countFirstInterval: boolean): number {
    let longest = 0;
    const watch: OverloadDetector = (host) => {
      longest = Math.max(longest, host.history().length);
      return false;
    };
    simulateDatacenter(twoHosts, {
      seed: 1,
      allocation: "mad",
      countFirstInterval,
      strategies: { overloadDetector: watch },
    });
    return longest;
  }
  // the last update (interval 2) sees intervals 1 and 2, or 0 to 2
  assert.equal(longestHistory(false), 2);
  assert.equal(longestHistory(true), 3);
});

Deno.test("the result sums the run up: mean active hosts over every interval, ESV = energy x SLAV", () => {
  const traces = generateSyntheticTraces(60, { seed: 4, intervals: 24 });
  const r = simulateDatacenter(beloglazov2012Scenario(traces, { hosts: 30 }), {
    seed: 3,
    allocation: "mad",
    migrationModel: "cloudsim",
  });
  assert.equal(r.selection, "mmt");
  assert.equal(r.activeHosts.length, 24);
  assert.deepEqual(r.activeHosts, r.rows.map((row) => row.activeHosts));
  assert.equal(r.meanActiveHosts, r.activeHosts.reduce((a, b) => a + b, 0) / 24);
  // the run migrates and violates: SLAV = SLATAH x PDM differs from both factors
  assert.ok(r.migrations > 0 && r.slatah > 0 && r.pdm > 0);
  assert.equal(r.slav, r.slatah * r.pdm);
  assert.equal(r.esv, r.energyKwh * r.slav);
  // a run without migrations names no selection policy
  assert.equal(simulateDatacenter(scenario, { seed: 1, allocation: "dvfs" }).selection, "");
});
