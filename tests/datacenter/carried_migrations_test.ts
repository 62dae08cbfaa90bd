/**
 * Migrations that outlast their interval are carried into the next ones: the VM stays on both
 * hosts until the migration ends, is not selected again, and its target is not emptied.
 */
import assert from "node:assert/strict";
import { type ConsolidationDecision, simulateDatacenter } from "../../lib/datacenter/mod.ts";
import {
  carryMigration,
  noCarriedMigrations,
  resumeCarriedMigrations,
} from "../../lib/datacenter/_carried_migrations.ts";
import type { UpdateMoves } from "../../lib/datacenter/_datacenter_run.ts";
import { host, LINEAR_POWER, vm } from "./_two_hosts.ts";

function noMoves(): UpdateMoves {
  return { vm: [], source: [], destination: [], end: [], carried: 0 };
}

Deno.test("resumeCarriedMigrations() resumes each carried migration until it ends", () => {
  // VM 2 moves from host 0 to host 1 and ends 650 s after the next update (300 s intervals);
  // VM 0, moved twice at one update, is carried once, by its later move
  const carried = noCarriedMigrations();
  carryMigration(carried, 0, 0, 1, 20);
  carryMigration(carried, 2, 0, 1, 650);
  carryMigration(carried, 0, 1, 0, 10);
  assert.deepEqual(carried, {
    vm: [2, 0],
    source: [0, 1],
    destination: [1, 0],
    remainingSeconds: [650, 10],
  });
  const vmHost = Int32Array.of(0, 1, 1), vmOrigin = Int32Array.of(-1, -1, -1);
  const vmEnd = new Float64Array(3).fill(-1);
  let moves = noMoves();
  // the first update: both go on, VM 2 to the interval's end, VM 0 for 10 s
  assert.equal(resumeCarriedMigrations(carried, moves, vmHost, vmOrigin, vmEnd, 300), 2);
  assert.deepEqual(moves, {
    vm: [2, 0],
    source: [0, 1],
    destination: [1, 0],
    end: [300, 10],
    carried: 2,
  });
  assert.deepEqual(Array.from(vmEnd), [10, -1, 300]);
  assert.deepEqual(Array.from(vmOrigin), [1, -1, 0]);
  assert.deepEqual(carried.remainingSeconds, [350]);
  // the second: VM 2 runs the whole interval again; the third: its last 50 s
  moves = noMoves();
  vmEnd.fill(-1);
  assert.equal(resumeCarriedMigrations(carried, moves, vmHost, vmOrigin, vmEnd, 300), 1);
  assert.deepEqual(moves.end, [300]);
  moves = noMoves();
  assert.equal(resumeCarriedMigrations(carried, moves, vmHost, vmOrigin, vmEnd, 300), 1);
  assert.deepEqual(moves.end, [50]);
  assert.deepEqual(carried.vm, []);
  // a VM removed while it migrates (idle, `removeIdleVms`) is not resumed
  carryMigration(carried, 1, 0, 1, 400);
  vmHost[1] = -1;
  moves = noMoves();
  assert.equal(resumeCarriedMigrations(carried, moves, vmHost, vmOrigin, vmEnd, 300), 0);
  assert.deepEqual(moves, noMoves());
  assert.deepEqual(carried.vm, []);
});

Deno.test("simulateDatacenter(): a VM still migrating at an update is not selected again", () => {
  // Hosts of 4 x 1000 MIPS over 1 MB/s NICs. b (512 MiB) leaves h0 for h1 at the first
  // update, offline over half a NIC: 1,074 s, carried through the next three updates. At the
  // second update h1 holds b and c (1 GiB) at 100 % each, over THR's 0.4: MMT would pick b,
  // the quicker to move, but b is migrating, so c goes (to h2).
  const slowHost = (name: string) => ({
    ...host(name),
    cpuMips: 4000,
    cores: 4,
    bandwidthBytesPerSecond: 1e6,
  });
  const scenario = {
    hosts: [slowHost("h0"), slowHost("h1"), slowHost("h2")],
    vms: [vm("a"), vm("b"), { ...vm("c"), ramBytes: 2 ** 30 }],
    powerModels: LINEAR_POWER,
    traces: {
      names: ["a", "b", "c"],
      percent: [[10, 10, 10, 10], [10, 100, 100, 100], [10, 100, 100, 100]],
    },
  };
  const selected: number[][] = [];
  let update = 0;
  const decision: ConsolidationDecision = (view) => {
    update++;
    if (update === 1) {
      view.detach(1, 0);
      view.attach(1, 1);
      view.migrate(1, 1);
    } else if (update === 2) {
      const out: number[] = [];
      view.selectVms(1, out);
      selected.push(out);
      for (const v of out) {
        view.attach(v, 2);
        view.migrate(v, 2);
      }
    }
    return 0;
  };
  const r = simulateDatacenter(scenario, {
    seed: 1,
    allocation: "thr",
    parameter: 0.4,
    selection: "mmt",
    initialDemand: "trace",
    migrationModel: "engine",
    migrationTechnique: "offline",
    migrationNetwork: "fixed-share",
    writesPerSecondAtFullLoad: 0,
    strategies: { placer: (v) => (v === 2 ? 1 : 0), decision },
  });
  assert.deepEqual(selected, [[2]]);
  assert.deepEqual(r.rows.map((row) => row.migrations), [0, 1, 1, 0]);
  // b's migration and c's (1 GiB over 0.5 MB/s: 2,148 s) outlast their intervals
  assert.equal(r.carriedMigrations, 2);
});

/** Three hosts of 4 x 1000 MIPS over 1 MB/s NICs, and VM b moved from h0 to h1 at update 1. */
function slowScenario() {
  const slowHost = (name: string) => ({
    ...host(name),
    cpuMips: 4000,
    cores: 4,
    bandwidthBytesPerSecond: 1e6,
  });
  return {
    hosts: [slowHost("h0"), slowHost("h1"), slowHost("h2")],
    vms: [vm("a"), vm("b"), { ...vm("c"), ramBytes: 2 ** 30 }],
    powerModels: LINEAR_POWER,
    traces: {
      names: ["a", "b", "c"],
      percent: [[10, 10, 10, 10], [10, 100, 100, 100], [10, 100, 100, 100]],
    },
  };
}

Deno.test(
  "simulateDatacenter(): with cloudsimArithmetic a carried VM's MIPS count on its source, not twice on its target",
  () => {
    // b (100 % of 1000 MIPS) leaves h0 for h1 at update 1 and is still migrating at update 2:
    // the utilisations the decision sees there are the allocation's with and without
    // CloudSim's arithmetic (h0 holds a and b, h1 holds c and b's share there)
    const seen = (cloudsimArithmetic: boolean) => {
      const utilizations: number[][] = [];
      let update = 0;
      const decision: ConsolidationDecision = (view) => {
        update++;
        if (update === 1) {
          view.detach(1, 0);
          view.attach(1, 1);
          view.migrate(1, 1);
        } else {
          utilizations.push([0, 1, 2].map((h) => view.startUtilization(h)));
        }
        return 0;
      };
      const r = simulateDatacenter(slowScenario(), {
        seed: 1,
        initialDemand: "trace",
        migrationModel: "engine",
        migrationTechnique: "offline",
        migrationNetwork: "fixed-share",
        writesPerSecondAtFullLoad: 0,
        strategies: { placer: (v) => (v === 2 ? 1 : 0), decision },
        cloudsim: { cloudsimArithmetic },
      });
      assert.equal(r.carriedMigrations, 1);
      return utilizations;
    };
    const exact = seen(false), cloudsim = seen(true);
    // b runs on h0 (1000 + 100 of 4000 MIPS), c alone on h1 (1000 of 4000)
    assert.deepEqual(exact[0], [0.275, 0.25, 0]);
    for (let i = 0; i < exact.length; i++) {
      for (let h = 0; h < 3; h++) assert.ok(Math.abs(cloudsim[i]![h]! - exact[i]![h]!) < 1e-12);
    }
  },
);
