import assert from "node:assert/strict";
import { runMigrationAgents } from "../../lib/placement/agents.ts";
import { firstFit } from "../../lib/placement/first_fit.ts";
import { worstFit } from "../../lib/placement/worst_fit.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { assertValid, smallInstance, vmOf as vm } from "./_ilp_instances.ts";

const base = { cores: 1, ramBytes: 8e9, bandwidthBytesPerSecond: 1e9, rack: 0 };
const hosts = [0, 1, 2].map((j) => ({ ...base, name: `h${j}`, cpuMips: 1000 }));

Deno.test("runMigrationAgents() pushes out of overloaded hosts and evacuates underloaded ones (exact log)", () => {
  // h0 at 95 % (500 + 300 + 150), h1 at 40 %, h2 at 10 %.
  const vms = [500, 300, 150, 400, 100].map(vm);
  const result = runMigrationAgents({ hosts, vms, assignment: [0, 0, 0, 1, 2] });
  // h0 must shed 150 MIPS: the smallest VM that is enough is vm2 (150); best fit among
  // bidders: h1 -> 55 %, h2 -> 25 % -> h1, and h0 is at 80 %. Then h2 (10 %) is
  // underloaded and offers vm4 (100): h0 would reach 90 % > 80 %, h1 reaches 65 % -> h1.
  assert.deepEqual(result.migrations, [
    { round: 1, vm: 2, fromHost: 0, toHost: 1, reason: "overload" },
    { round: 1, vm: 4, fromHost: 2, toHost: 1, reason: "underload" },
  ]);
  assert.deepEqual(result.assignment, [0, 0, 1, 1, 1]);
  assert.equal(result.hostsUsed, 2);
  assert.equal(result.overloadedHosts, 0);
  assert.equal(result.rounds, 2);
});

Deno.test("runMigrationAgents() picks the winning bid by policy", () => {
  const vms = [900, 100, 200].map(vm);
  const state = { hosts, vms, assignment: [0, 1, 2] };
  // h0 at 90 % offers vm0 (900): no host stays within 80 % with it and none is off.
  const none = runMigrationAgents(state, { lowerThreshold: 0 });
  assert.deepEqual(none.migrations, []);
  assert.equal(none.overloadedHosts, 1);
  // With an upper threshold of 95 % nothing is overloaded; h1 (10 %) is underloaded and
  // offers vm1: h0 would reach 100 % > 95 %, so the only bidder is h2 (30 %).
  const best = runMigrationAgents(state, { upperThreshold: 0.95 });
  assert.deepEqual(best.migrations, [
    { round: 1, vm: 1, fromHost: 1, toHost: 2, reason: "underload" },
  ]);
  const four = [0, 1, 2, 3].map((j) => ({ ...base, name: `h${j}`, cpuMips: 1000 }));
  const spread = { hosts: four, vms: [...vms, vm(500, 3)], assignment: [0, 1, 2, 3] };
  // Loads 90, 10, 20, 50 %: h1 offers vm1 (100); bidders h2 (-> 30 %) and h3 (-> 60 %):
  // best fit -> h3, least loaded -> h2, first fit -> h2.
  assert.equal(runMigrationAgents(spread).migrations[0]!.toHost, 3);
  assert.equal(
    runMigrationAgents(spread, { policy: "least-loaded" }).migrations[0]!.toHost,
    2,
  );
  assert.equal(runMigrationAgents(spread, { policy: "first-fit" }).migrations[0]!.toHost, 2);
});

Deno.test("runMigrationAgents() keeps capacities, never mutates its input, clears overloads and consolidates", async (t) => {
  const { hosts, vms } = smallInstance(4, 40, 30);
  const prng = createPrng(4, "agents-load");
  const loaded = vms.map((v) => ({ ...v, cpuMips: Math.round(v.cpuMips * (0.2 + prng())) }));
  const dimensions = ["cpuMips", "ramBytes"] as const;
  for (const [name, place] of [["first fit", firstFit], ["worst fit", worstFit]] as const) {
    await t.step(`from a ${name} placement of the nominal demands`, () => {
      const state = {
        hosts,
        vms: loaded,
        assignment: place(hosts, vms, { dimensions }).assignment,
      };
      const frozen = JSON.stringify(state);
      const before = runMigrationAgents(state, { rounds: 0 });
      const result = runMigrationAgents(state, { rounds: 20 });
      assert.equal(JSON.stringify(state), frozen);
      assertValid(hosts, loaded, {
        algorithm: "agents",
        assignment: result.assignment,
        unplaced: result.assignment.flatMap((j, i) => j === -1 ? [i] : []),
        hostsUsed: result.hostsUsed,
        details: {},
      });
      for (const m of result.migrations) assert.notEqual(m.fromHost, m.toHost);
      assert.ok(result.migrations.length > 0);
      assert.equal(result.overloadedHosts, 0);
      assert.ok(result.hostsUsed <= before.hostsUsed);
      if (name === "first fit") assert.ok(before.overloadedHosts > 0);
      else assert.ok(result.hostsUsed < before.hostsUsed, "worst fit spreads; agents consolidate");
    });
  }
});

Deno.test("runMigrationAgents() rejects a malformed state", () => {
  assert.throws(
    () => runMigrationAgents({ hosts, vms: [vm(1, 0)], assignment: [] }),
    new TypeError(
      "Cannot run migration agents as assignment must be an array with one entry per VM: current value is []",
    ),
  );
  assert.throws(
    () => runMigrationAgents({ hosts, vms: [vm(1, 0)], assignment: [7] }),
    new RangeError(
      "Cannot run migration agents as assignment[0] must be an integer in [-1, 2]: current value is 7",
    ),
  );
  assert.throws(
    () => runMigrationAgents({ hosts, vms: [], assignment: [] }, { lowerThreshold: 0.9 }),
    new RangeError(
      "Cannot run migration agents as lowerThreshold must be in [0, 0.8]: current value is 0.9",
    ),
  );
});

Deno.test("runMigrationAgents() rejects CPU capacities and demands that are not finite, whatever the dimensions", () => {
  // utilisation reads CPU MIPS even when only RAM is checked
  const options = { dimensions: ["ramBytes"] as const };
  assert.throws(
    () =>
      runMigrationAgents(
        { hosts: [{ ...hosts[0]!, cpuMips: NaN }], vms: [vm(1, 0)], assignment: [0] },
        options,
      ),
    new RangeError(
      "Cannot run migration agents as hosts[0].cpuMips must be a finite number >= 0: current value is NaN",
    ),
  );
  assert.throws(
    () => runMigrationAgents({ hosts, vms: [vm(NaN, 0)], assignment: [0] }, options),
    new RangeError(
      "Cannot run migration agents as vms[0].cpuMips must be a finite number >= 0: current value is NaN",
    ),
  );
});

Deno.test("runMigrationAgents() does not hand an underloaded host's VMs to another underloaded host", () => {
  // h0 (10 %) and h1 (15 %) are underloaded, h2 (75 %) would go over 80 % with either VM.
  // Underloaded agents do not bid for each other's VMs, so nothing moves.
  const result = runMigrationAgents({
    hosts,
    vms: [100, 150, 750].map(vm),
    assignment: [0, 1, 2],
  });
  assert.deepEqual(result.migrations, []);
  assert.deepEqual(result.assignment, [0, 1, 2]);
  assert.equal(result.rounds, 1);
});

Deno.test("runMigrationAgents() wakes a switched-off host only if the VM fits under its threshold", () => {
  // h0 at 90 % with one 900-MIPS VM; h1 is off but would be at 90 % too: no move.
  const two = hosts.slice(0, 2);
  const result = runMigrationAgents({ hosts: two, vms: [vm(900, 0)], assignment: [0] });
  assert.deepEqual(result.migrations, []);
  assert.equal(result.overloadedHosts, 1);
  assert.equal(result.rounds, 1);
});
