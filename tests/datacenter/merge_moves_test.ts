/**
 * A VM moved more than once at one update migrates once, from its host at the update to its
 * last target (`mergeRepeatedMoves`), unless CloudSim's `migratesEachMove` is asked for.
 */
import assert from "node:assert/strict";
import { mergeRepeatedMoves } from "../../lib/datacenter/_merge_moves.ts";
import type { UpdateMoves } from "../../lib/datacenter/_datacenter_run.ts";
import {
  type ConsolidationDecision,
  simulateDatacenter,
  type SimulateDatacenterOptions,
} from "../../lib/datacenter/mod.ts";
import { host, LINEAR_POWER, move, vm } from "./_two_hosts.ts";

/** Moves as [VM, source, target] triples, after `carried` carried ones. */
function moves(list: [number, number, number][], carried = 0): UpdateMoves {
  return {
    vm: list.map((m) => m[0]),
    source: list.map((m) => m[1]),
    destination: list.map((m) => m[2]),
    end: Array.from({ length: carried }, () => 300),
    carried,
  };
}

/** The moves as triples. */
function triples(m: UpdateMoves): [number, number, number][] {
  return m.vm.map((v, i) => [v, m.source[i]!, m.destination[i]!]);
}

Deno.test("mergeRepeatedMoves() merges each VM's moves of one update into one migration", async (t) => {
  await t.step("moves of distinct VMs are left as they are", () => {
    const m = moves([[0, 0, 1], [1, 0, 2], [2, 1, 2]]);
    assert.equal(mergeRepeatedMoves(m, 0), 0);
    assert.deepEqual(triples(m), [[0, 0, 1], [1, 0, 2], [2, 1, 2]]);
  });
  await t.step(
    "a VM moved twice migrates once, at its first move's place, to its last target",
    () => {
      // every move's source is the VM's host at the update
      const m = moves([[5, 0, 1], [6, 2, 3], [5, 0, 4], [7, 1, 0]]);
      assert.equal(mergeRepeatedMoves(m, 0), 1);
      assert.deepEqual(triples(m), [[5, 0, 4], [6, 2, 3], [7, 1, 0]]);
    },
  );
  await t.step(
    "three moves of one VM, and a VM moved back to its host, which does not migrate",
    () => {
      const m = moves([[1, 0, 1], [2, 3, 2], [1, 0, 2], [2, 3, 3], [1, 0, 5], [4, 4, 0]]);
      assert.equal(mergeRepeatedMoves(m, 0), 4);
      assert.deepEqual(triples(m), [[1, 0, 5], [4, 4, 0]]);
    },
  );
  await t.step("the migrations carried from earlier updates are not merged", () => {
    // VM 9 is still migrating from an earlier update (the first move), and moves at this one
    const m = moves([[9, 0, 1], [9, 1, 2], [3, 2, 0], [3, 2, 1]], 1);
    assert.equal(mergeRepeatedMoves(m, 1), 1);
    assert.deepEqual(triples(m), [[9, 0, 1], [9, 1, 2], [3, 2, 1]]);
    assert.deepEqual(m.end, [300]);
  });
});

/**
 * Three hosts of 4 x 1000 MIPS over 1 Gbit/s NICs, VMs a, b and c of 512 MiB at 10 % (a and b on
 * h0, c on h1); at the first update b moves from h0 to h1 and then, by `second`, on.
 */
function run(second: number, cloudsim: SimulateDatacenterOptions["cloudsim"] = {}) {
  const fast = (name: string) => ({ ...host(name), cpuMips: 4000, cores: 4 });
  let update = 0;
  const decision: ConsolidationDecision = (view) => {
    if (++update === 1) {
      move(view, 1, 0, 1);
      move(view, 1, 1, second);
    }
    return 0;
  };
  return simulateDatacenter({
    hosts: [fast("h0"), fast("h1"), fast("h2")],
    vms: [vm("a"), vm("b"), vm("c")],
    powerModels: LINEAR_POWER,
    traces: { names: ["a", "b", "c"], percent: [[10, 10, 10], [10, 10, 10], [10, 10, 10]] },
  }, {
    seed: 1,
    initialDemand: "trace",
    migrationModel: "engine",
    migrationTechnique: "offline",
    writesPerSecondAtFullLoad: 0,
    strategies: { placer: (v) => (v === 2 ? 1 : 0), decision },
    cloudsim,
  });
}

Deno.test("simulateDatacenter(): a VM moved twice at one update migrates once, unless CloudSim's quirk asks", () => {
  // b: h0 -> h1 -> h2 is one migration, h0 -> h2, sent once
  const merged = run(2);
  assert.deepEqual(merged.rows.map((row) => row.migrations), [0, 1, 0]);
  assert.equal(merged.mergedMoves, 1);
  // CloudSim 3.0.3 migrates it at each move: two migrations, both from h0
  const each = run(2, { migratesEachMove: true });
  assert.deepEqual(each.rows.map((row) => row.migrations), [0, 2, 0]);
  assert.equal(each.mergedMoves, 0);
  // the merged migration sends b's memory once, alone on h0's NIC at the migrations' share of
  // it, half (offline: down throughout); the two moves send it twice, sharing h0's NIC, each at
  // half that rate: twice the bytes, four times the downtime
  assert.ok(Math.abs(2 * merged.migrationBytes - each.migrationBytes) < 1e-6 * each.migrationBytes);
  assert.ok(Math.abs(merged.migrationDowntimeSeconds - merged.migrationBytes / 62.5e6) < 1e-9);
  const ratio = each.migrationDowntimeSeconds / merged.migrationDowntimeSeconds;
  assert.ok(Math.abs(ratio - 4) < 1e-9, `${ratio}`);
  // b back on h0 at the end of its update's moves does not migrate at all
  const home = run(0);
  assert.deepEqual(home.rows.map((row) => row.migrations), [0, 0, 0]);
  assert.equal(home.mergedMoves, 2);
  assert.equal(home.migrationBytes, 0);
  assert.equal(home.pdm, 0);
});

Deno.test("simulateDatacenter(): migratesEachMove must be a boolean, in the cloudsim object", () => {
  assert.throws(
    () => run(2, { migratesEachMove: 1 as unknown as boolean }),
    /options\.cloudsim\.migratesEachMove must be a boolean: current value is 1/,
  );
  assert.throws(
    () =>
      simulateDatacenter({
        hosts: [],
        vms: [],
        powerModels: LINEAR_POWER,
        traces: { names: [], percent: [] },
      }, {
        migratesEachMove: true,
      } as never),
    /options\.migratesEachMove must be given as options\.cloudsim\.migratesEachMove/,
  );
});
