/**
 * Migrations that outlast their interval are carried into the next ones: the VM stays on both
 * hosts until the migration ends, is not selected again, and its target is not emptied.
 */
import assert from "node:assert/strict";
import {
  beloglazov2012Scenario,
  type ConsolidationDecision,
  generateSyntheticTraces,
  simulateDatacenter,
  type SimulateDatacenterOptions,
} from "../../lib/datacenter/mod.ts";
import {
  type CarriedMigrations,
  type CarriedSettlement,
  carryMigration,
  noCarriedMigrations,
  resumeCarriedMigrations,
  settleCarriedMigrations,
} from "../../lib/datacenter/_carried_migrations.ts";
import { noSlaTotals, type SlaTotals } from "../../lib/datacenter/_sla_metrics.ts";
import type { UpdateMoves } from "../../lib/datacenter/_datacenter_run.ts";
import type { BookedMigrationCost } from "../../lib/datacenter/_shared_migration_costs.ts";
import { type MigrationTotals, noMigrationTotals } from "../../lib/datacenter/_start_migrations.ts";
import { host, LINEAR_POWER, move, vm } from "./_two_hosts.ts";

function noMoves(): UpdateMoves {
  return { vm: [], source: [], destination: [], end: [], carried: 0 };
}

/**
 * The update's `MigrationStart` as settling carried migrations reads it: `moves`, the arrays
 * and totals given, 300 s intervals, the engine's degradation, VMs of 100 MIPS on hosts of
 * 4 x 1000 MIPS drawing 100 W idle and 200 W at full load, at 50 % at the update; each field
 * can be changed by `over`.
 */
function settlement(
  moves: UpdateMoves,
  vmEnd: Float64Array,
  vmStart: Float64Array,
  ends: number[],
  sla: SlaTotals,
  totals: MigrationTotals,
  over: Partial<CarriedSettlement> = {},
): CarriedSettlement {
  return {
    moveVm: moves.vm,
    moveEnd: moves.end,
    vmEnd,
    vmStart,
    ends,
    intervalSeconds: 300,
    sla,
    totals,
    vmShare: new Float64Array(3),
    vmKeep: new Float64Array(3).fill(1),
    engineDegradation: true,
    fixedShare: 0,
    demandMips: Float64Array.of(100, 100, 100),
    pe: Float64Array.of(1000, 1000),
    cap: Float64Array.of(4000, 4000),
    tables: [Float64Array.of(100, 200), Float64Array.of(100, 200)],
    startUtilization: Float64Array.of(0.5, 0.5),
    transferEnergy: undefined,
    countMigrationEnergy: false,
    npa: false,
    ...over,
  };
}

/** Settles the carried migrations; returns the seconds their sharing added to the totals. */
function settle(carried: CarriedMigrations, m: CarriedSettlement): number {
  const before = m.totals.seconds;
  settleCarriedMigrations(carried, m);
  return m.totals.seconds - before;
}

/** A host of 4 x 1000 MIPS over a 1 MB/s NIC. */
function slowHost(name: string) {
  return { ...host(name), cpuMips: 4000, cores: 4, bandwidthBytesPerSecond: 1e6 };
}

/** Three slow hosts and VMs a, b (512 MiB) and c (1 GiB), b and c at 100 % from update 1. */
function slowScenario() {
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

Deno.test("carried migrations resume at each update, book what falls in each interval, and are carried again until they end", () => {
  // VM 2 moves from host 0 to host 1 and ends 650 s after the next update (300 s intervals),
  // 6.5 GB still to send, its last 400 s down (at 100 MIPS), its source drawing 5 W more;
  // VM 0, moved twice at one update, is carried once, by its later move
  const rest = (remainingSeconds: number, remainingBytes: number, downtimeSeconds = 0) => ({
    remainingSeconds,
    remainingBytes,
    downtimeSeconds,
    demandMips: 100,
    extraWatts: 5,
    waiting: false,
    bookedSeconds: 700,
    bookedBytes: 7e9,
  });
  const carried = noCarriedMigrations();
  carryMigration(carried, 0, 0, 1, rest(20, 2e8));
  carryMigration(carried, 2, 0, 1, rest(650, 6.5e9, 400));
  carryMigration(carried, 0, 1, 0, rest(10, 1e8));
  assert.deepEqual([carried.vm, carried.source, carried.destination], [[2, 0], [0, 1], [1, 0]]);
  assert.deepEqual(carried.rest.map((r) => r.remainingSeconds), [650, 10]);
  const vmHost = Int32Array.of(0, 1, 1), vmOrigin = Int32Array.of(-1, -1, -1);
  const vmEnd = new Float64Array(3).fill(-1), vmStart = new Float64Array(3);
  const totals = noMigrationTotals();
  const sla = noSlaTotals(vmHost);
  // the first update: both go on, VM 2 to the interval's end, VM 0 for 10 s; both count
  let moves = noMoves();
  assert.equal(
    resumeCarriedMigrations(carried, moves, vmHost, vmOrigin, vmEnd, vmStart, 300, totals),
    2,
  );
  assert.deepEqual(moves, {
    vm: [2, 0],
    source: [0, 1],
    destination: [1, 0],
    end: [300, 10],
    carried: 2,
  });
  assert.deepEqual(Array.from(vmEnd), [10, -1, 300]);
  assert.deepEqual(Array.from(vmOrigin), [1, -1, 0]);
  assert.deepEqual(carried.vm, []);
  assert.equal(totals.carried, 2);
  // settled as expected (no shared network): VM 2's downtime starts 250 s in (50 s of it
  // here), its source draws 5 W for 300 s and VM 0's for 10 s; VM 2 is carried again with
  // 350 s, the bytes of 350 s of its 650, and 350 s of downtime
  let ends: number[] = [];
  assert.equal(settle(carried, settlement(moves, vmEnd, vmStart, ends, sla, totals)), 0);
  assert.deepEqual(ends, [300, 10]);
  assert.equal(sla.vmDegraded[2], 100 * 50);
  assert.equal(totals.energyWs, 5 * 310);
  assert.deepEqual(carried.vm, [2]);
  assert.deepEqual(carried.rest, [rest(350, 6.5e9 * 350 / 650, 350)]);
  // the second update: a shared network slows VM 2 down, to 400 s after the update; its end
  // in this interval stays the interval's end, and it runs 50 s more than expected. Its
  // downtime left stretches with it, from 350 to 400 s: all of it, 300 s in this interval.
  // It counts as carried once only.
  moves = noMoves();
  vmEnd.fill(-1);
  assert.equal(
    resumeCarriedMigrations(carried, moves, vmHost, vmOrigin, vmEnd, vmStart, 300, totals),
    1,
  );
  assert.equal(totals.carried, 2);
  carried.resumed[0]!.endSeconds = 400;
  ends = [];
  assert.equal(settle(carried, settlement(moves, vmEnd, vmStart, ends, sla, totals)), 50);
  assert.equal(sla.vmDegraded[2], 100 * (50 + 300));
  assert.equal(totals.downtimeSeconds, 50);
  assert.deepEqual(carried.rest.map((r) => [r.remainingSeconds, r.downtimeSeconds]), [[100, 100]]);
  // the third: it ends 80 s in, sooner than expected (the link freed up), its downtime
  // shrinking to the 80 s left
  moves = noMoves();
  assert.equal(
    resumeCarriedMigrations(carried, moves, vmHost, vmOrigin, vmEnd, vmStart, 300, totals),
    1,
  );
  carried.resumed[0]!.endSeconds = 80;
  ends = [];
  assert.equal(
    settle(carried, settlement(moves, vmEnd, vmStart, ends, sla, totals)),
    -20,
  );
  assert.deepEqual([moves.end, ends, vmEnd[2]], [[80], [80], 80]);
  assert.equal(sla.vmDegraded[2], 100 * (50 + 300 + 80));
  assert.equal(totals.downtimeSeconds, 30);
  assert.deepEqual(carried.vm, []);
  // a VM removed while it migrates (idle, `removeIdleVms`) is not resumed, and loses nothing
  carryMigration(carried, 1, 0, 1, rest(400, 1e9, 400));
  vmHost[1] = -1;
  moves = noMoves();
  assert.equal(
    resumeCarriedMigrations(carried, moves, vmHost, vmOrigin, vmEnd, vmStart, 300, totals),
    0,
  );
  assert.deepEqual(moves, noMoves());
  assert.deepEqual(carried.vm, []);
  assert.equal(sla.vmDegraded[1], 0);
  assert.equal(totals.carried, 2);
});

Deno.test("a carried migration still waiting for admission runs anew when the shared network admits it", async (t) => {
  // VM 2 waited through its interval (host 0 to host 1; booked at its update: 180 s, 2e9
  // bytes, 10 s down, at 100 MIPS, its source drawing 5 W more). At the next update it has
  // not started; the network runs it anew: admitted 60 s in, 200 s long, 2.4e9 bytes, 20 s
  // down, 50 s of guest time lost to dirty logging. The VM asks 300 MIPS now.
  const waited = () => {
    const carried = noCarriedMigrations();
    carryMigration(carried, 2, 0, 1, {
      remainingSeconds: 500,
      remainingBytes: 2e9,
      downtimeSeconds: 10,
      demandMips: 100,
      extraWatts: 5,
      waiting: true,
      bookedSeconds: 180,
      bookedBytes: 2e9,
    });
    const vmHost = Int32Array.of(0, 1, 1), vmOrigin = Int32Array.of(-1, -1, -1);
    const vmEnd = new Float64Array(3).fill(-1), vmStart = new Float64Array(3);
    const totals = noMigrationTotals(), sla = noSlaTotals(vmHost);
    const moves = noMoves();
    assert.equal(
      resumeCarriedMigrations(carried, moves, vmHost, vmOrigin, vmEnd, vmStart, 300, totals),
      1,
    );
    // waiting at the update: it starts no sooner than its end in the interval
    assert.deepEqual([vmEnd[2], vmStart[2]], [300, 300]);
    // what the booking at its update left in the totals
    Object.assign(totals, { seconds: 180, bytes: 2e9, downtimeSeconds: 10 });
    const m = settlement(moves, vmEnd, vmStart, [], sla, totals, {
      demandMips: Float64Array.of(100, 100, 300),
    });
    return { carried, m };
  };
  const rerun = (endSeconds: number): BookedMigrationCost => ({
    seconds: 200,
    waitSeconds: 60,
    endSeconds,
    downtime: 20,
    bytes: 2.4e9,
    slowdown: 50,
    cloud: 16,
  });
  await t.step("its run's costs replace the booked ones; share, demand, draw taken now", () => {
    const { carried, m } = waited();
    m.countMigrationEnergy = true;
    Object.assign(carried.resumed[0]!, { endSeconds: 260, cost: rerun(260) });
    assert.equal(settleCarriedMigrations(carried, m), 0);
    assert.deepEqual([m.vmEnd[2], m.vmStart[2], m.moveEnd], [260, 60, [260]]);
    assert.deepEqual(m.ends, [260, 60]);
    assert.equal(m.totals.waitSeconds, 60);
    // its duration, bytes and downtime are the run's (its wait is not part of its duration)
    assert.equal(m.totals.seconds, 200);
    assert.equal(m.totals.bytes, 2.4e9);
    assert.equal(m.totals.downtimeSeconds, 20);
    // the engine's slowdown over its transfer, 50 of 200 s
    assert.deepEqual([m.vmShare[2], m.vmKeep[2]], [0.25, 0.75]);
    // its 20 s of downtime at its demand now; its source (at 50 %) draws for its 300 MIPS
    // (7.5 % of 4000) 7.5 W more while it is sent, 200 s
    assert.equal(m.sla.vmDegraded[2], 300 * 20);
    assert.ok(Math.abs(m.totals.energyWs - 7.5 * 200) < 1e-9, `${m.totals.energyWs}`);
    assert.deepEqual(carried.vm, []);
  });
  await t.step("under a transfer-energy model its bytes' energy replaces the booked", () => {
    const { carried, m } = waited();
    m.transferEnergy = ({ bytes }) => bytes * 1e-6;
    Object.assign(carried.resumed[0]!, { endSeconds: 260, cost: rerun(260) });
    // 0.4e9 bytes more than booked, at 1e-6 J per byte, in the interval's energy too
    const joules = settleCarriedMigrations(carried, m);
    assert.ok(Math.abs(joules - 400) < 1e-9, `${joules}`);
    assert.equal(m.totals.energyWs, joules);
  });
  await t.step("carried again, it takes its run's bookings with it", () => {
    const { carried, m } = waited();
    Object.assign(carried.resumed[0]!, {
      endSeconds: 400,
      cost: rerun(400),
      bytesAfterCheckpoint: 1e9,
      waitingAtCheckpoint: false,
    });
    settleCarriedMigrations(carried, m);
    assert.deepEqual([m.vmEnd[2], m.vmStart[2]], [300, 60]);
    // none of its downtime, its last 20 s, falls before the interval's end
    assert.equal(m.sla.vmDegraded[2], 0);
    assert.deepEqual(carried.rest, [{
      remainingSeconds: 100,
      remainingBytes: 1e9,
      downtimeSeconds: 20,
      demandMips: 300,
      extraWatts: 0,
      waiting: false,
      bookedSeconds: 200,
      bookedBytes: 2.4e9,
    }]);
  });
});

Deno.test("simulateDatacenter(): a VM still migrating at an update is not selected again", () => {
  // Hosts of 4 x 1000 MIPS over 1 MB/s NICs. b (512 MiB) leaves h0 for h1 at the first
  // update, offline over half a NIC: 1,074 s, carried through the next three updates. At the
  // second update h1 holds b and c (1 GiB) at 100 % each, over THR's 0.4: MMT would pick b,
  // the quicker to move, but b is migrating, so c goes (to h2).
  const scenario = slowScenario();
  const selected: number[][] = [];
  let update = 0;
  const decision: ConsolidationDecision = (view) => {
    update++;
    if (update === 1) {
      move(view, 1, 0, 1);
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

/**
 * Offline moves on the shared network of slow hosts' NICs (links of 5e5 B/s), by `decision`,
 * with `options` on top.
 */
function runOfflineShared(
  scenario: ReturnType<typeof slowScenario>,
  decision: ConsolidationDecision,
  options: Partial<SimulateDatacenterOptions> = {},
) {
  return simulateDatacenter(scenario, {
    seed: 1,
    allocation: "thr",
    migrationModel: "engine",
    migrationTechnique: "offline",
    migrationNetwork: "shared",
    strategies: { placer: () => 0, decision },
    ...options,
  });
}

/**
 * VMs a (512 MiB) and c (32 MiB) on slow hosts, leaving h0 together at the first update (for
 * h1 and h2), over four intervals.
 */
function aAndCLeaveH0(): {
  scenario: ReturnType<typeof slowScenario>;
  decision: ConsolidationDecision;
} {
  let update = 0;
  return {
    scenario: {
      hosts: [slowHost("h0"), slowHost("h1"), slowHost("h2")],
      vms: [vm("a"), { ...vm("c"), ramBytes: 2 ** 25 }],
      powerModels: LINEAR_POWER,
      traces: { names: ["a", "c"], percent: [[10, 10, 10, 10], [10, 10, 10, 10]] },
    },
    decision: (view) => {
      if (++update === 1) {
        move(view, 0, 0, 1);
        move(view, 1, 0, 2);
      }
      return 0;
    },
  };
}

/** An offline move's state bytes and the slow hosts' migration links, bytes per second. */
const STATE = 262144, LINK = 5e5;

/** x within a relative 1e-9 of y. */
function close(x: number, y: number, what: string): void {
  assert.ok(Math.abs(x - y) <= 1e-9 * y, `${what}: ${x} vs ${y}`);
}

Deno.test("simulateDatacenter(): on the shared network a carried migration shares the links with the next update's", () => {
  // Hosts of 4 x 1000 MIPS with NICs of 1 MB/s, half of it for migrations: links of 5e5 B/s.
  // Offline moves send RAM and 256 KiB of state in one flow. At the first update a (512 MiB)
  // leaves h0 for h1: 537,133,056 B alone, 1,074.27 s, 774.27 s of it after the next update
  // with 387,133,056 B left. There b (256 MiB, 268,697,600 B) leaves h0 for h2: both cross
  // h0's link at 2.5e5 B/s until b ends, 1,074.79 s after that update; a sends its last
  // 118,435,456 B alone at 5e5 B/s, ending 1,311.66 s after it (not 774.27 s: 537.39 s more).
  const scenario = {
    hosts: [slowHost("h0"), slowHost("h1"), slowHost("h2")],
    vms: [vm("a"), { ...vm("b"), ramBytes: 2 ** 28 }],
    powerModels: LINEAR_POWER,
    traces: { names: ["a", "b"], percent: [[10, 10, 10], [10, 10, 10]] },
  };
  let update = 0;
  const decision: ConsolidationDecision = (view) => {
    update++;
    const v = update === 1 ? 0 : 1, to = update === 1 ? 1 : 2;
    move(view, v, 0, to);
    return 0;
  };
  const r = runOfflineShared(scenario, decision);
  assert.deepEqual(r.rows.map((row) => row.migrations), [0, 1, 1]);
  // a was still running at the last update; b, started there, ends after the run
  assert.equal(r.carriedMigrations, 1);
  const a = 2 ** 29 + STATE, b = 2 ** 28 + STATE;
  const aAlone = a / LINK;
  const aLeft = a - LINK * 300; // bytes left at the second update
  const bEnd = b / (LINK / 2);
  const aEnd = bEnd + (aLeft - b) / LINK;
  close(aAlone, 1074.266112, "a alone");
  close(aEnd, 1311.661312, "a shared");
  // a's time as booked at its update, plus what sharing added; b's as shared
  close(r.migrationSeconds, aAlone + (aEnd - (aAlone - 300)) + bEnd, "migration seconds");
  // offline moves are down throughout: their downtime stretches with their time
  close(r.migrationDowntimeSeconds, r.migrationSeconds, "downtime");
});

Deno.test("simulateDatacenter(): on the shared network a carried migration takes on the bytes it had left at the interval's end", () => {
  // Links of 5e5 B/s as above. At the first update a (512 MiB, 537,133,056 B) and c (32 MiB,
  // 33,816,576 B) leave h0 together: 2.5e5 B/s each until c ends at 135.27 s, then a alone at
  // 5e5 B/s, ending 1,141.90 s after the update. At the interval's end (300 s) a has sent
  // 116,183,424 B and has 420,949,632 B left, the 841.90 s it still runs alone: resumed with
  // them it ends when it was booked to, at every later update. (In proportion to its time
  // left, 396.0 MB, it would end 49.9 s early at the second update.)
  const { scenario, decision } = aAndCLeaveH0();
  const r = runOfflineShared(scenario, decision);
  assert.deepEqual(r.rows.map((row) => row.migrations), [0, 2, 0, 0]);
  assert.equal(r.carriedMigrations, 1);
  const a = 2 ** 29 + STATE, c = 2 ** 25 + STATE;
  const cEnd = c / (LINK / 2);
  const aEnd = cEnd + (a - c) / LINK;
  close(cEnd, 135.266304, "c");
  close(aEnd, 1141.899264, "a");
  // as booked at the first update: no later update moves a's end
  close(r.migrationSeconds, aEnd + cEnd, "migration seconds");
});

Deno.test("simulateDatacenter(): on the shared network a carried migration still waiting for admission waits again at the next update", () => {
  // One migration per host at a time (maxPerHost 1). At the first update a (512 MiB) and c
  // (32 MiB) leave h0: a runs alone at 5e5 B/s for 1,074.27 s, c waits for it, then runs
  // 67.63 s, ending 1,141.90 s after the update. At the interval's end c has not started: at
  // the second update it waits again behind a (sending its rest, holding its slot) and ends
  // 841.90 s after it, as booked, and likewise at the third. (Sent at once as a running flow,
  // it shared h0 with a and ended early.) Offline moves are down throughout: the downtimes too
  // stay as booked.
  const { scenario, decision } = aAndCLeaveH0();
  const r = runOfflineShared(scenario, decision, { migrationAdmission: { maxPerHost: 1 } });
  assert.deepEqual(r.rows.map((row) => row.migrations), [0, 2, 0, 0]);
  assert.equal(r.carriedMigrations, 2);
  const a = 2 ** 29 + STATE, c = 2 ** 25 + STATE;
  close(a / LINK, 1074.266112, "a");
  close(c / LINK, 67.633152, "c");
  close(r.migrationSeconds, (a + c) / LINK, "migration seconds");
  close(r.migrationDowntimeSeconds, (a + c) / LINK, "downtime");
});

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
          move(view, 1, 0, 1);
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

Deno.test(
  "simulateDatacenter(): a VM removed while its migration is carried loses nothing after it leaves",
  () => {
    // b (100 % of 1000 MIPS) leaves h0 for h1 at update 1 (300 s), offline: 1,074.3 s, all of
    // it downtime. Its trace is 0 from update 2 (600 s), where removeIdleVms takes it away:
    // its downtime loss ends there, 300 s at 1000 MIPS, not the 900 s to the run's end
    const scenario = slowScenario();
    const percent = [[10, 10, 10, 10], [10, 100, 0, 0], [10, 100, 100, 100]];
    let update = 0;
    const decision: ConsolidationDecision = (view) => {
      if (++update === 1) {
        move(view, 1, 0, 1);
      }
      return 0;
    };
    const options = {
      seed: 1,
      initialDemand: "trace" as const,
      migrationModel: "engine" as const,
      migrationTechnique: "offline" as const,
      migrationNetwork: "fixed-share" as const,
      writesPerSecondAtFullLoad: 0,
      strategies: { placer: (v: number) => (v === 2 ? 1 : 0), decision },
      cloudsim: { removeIdleVms: true, countMigrationEnergy: true },
    };
    const r = simulateDatacenter({ ...scenario, traces: { ...scenario.traces, percent } }, options);
    assert.deepEqual(r.removedVms, [1]);
    // gone at the next update, its migration does not go on there
    assert.equal(r.carriedMigrations, 0);
    // requested from update 1 on: a 100 MIPS x 900 s, b 1000 MIPS x 300 s, c 1000 MIPS x 900 s
    const requested = 100 * 900 + 1000 * 300 + 1000 * 900;
    assert.ok(Math.abs(r.pdm - 1000 * 300 / requested) < 1e-12, `PDM ${r.pdm}`);
    // the source's extra draw for b (h0 at 27.5 % against 2.5 %: 25 W on 100-200 W, 4000 MIPS)
    // until b leaves, 300 s
    assert.ok(Math.abs(r.migrationEnergyKwh * 3.6e6 - 25 * 300) < 1e-9, `${r.migrationEnergyKwh}`);
  },
);

Deno.test(
  "simulateDatacenter(): a move superseded by a later move of its VM at the same update is not carried",
  () => {
    // b (100 % of 1000 MIPS) is moved twice at update 1 (300 s), both moves from h0: to h1 over
    // h1's 1 MB/s NIC (offline: 1,074.3 s, all of it downtime), then to h2 over 1 Gbit/s NICs
    // (a few seconds). The VM leaves h0 at the interval's end for h2: the first move is cut
    // there, not carried, and its downtime loss and its source's extra draw end there too.
    const scenario = slowScenario();
    scenario.hosts[0]!.bandwidthBytesPerSecond = 125e6;
    scenario.hosts[2]!.bandwidthBytesPerSecond = 125e6;
    let update = 0;
    const decision: ConsolidationDecision = (view) => {
      if (++update === 1) {
        move(view, 1, 0, 1);
        move(view, 1, 1, 2);
      }
      return 0;
    };
    const r = simulateDatacenter(scenario, {
      seed: 1,
      initialDemand: "trace",
      migrationModel: "engine",
      migrationTechnique: "offline",
      migrationNetwork: "fixed-share",
      writesPerSecondAtFullLoad: 0,
      strategies: { placer: (v: number) => (v === 2 ? 1 : 0), decision },
      // each move a migration of its own, as CloudSim 3.0.3 makes them (by default the two
      // moves are one migration, h0 to h2: merge_moves_test.ts)
      cloudsim: { countMigrationEnergy: true, migratesEachMove: true },
    });
    assert.deepEqual(r.rows.map((row) => row.migrations), [0, 2, 0, 0]);
    assert.equal(r.carriedMigrations, 0);
    // b's loss: 300 s of the first move, then the second's downtime (all of its duration)
    const second = r.migrationDowntimeSeconds - 1074.266112;
    assert.ok(second > 0 && second < 10, `${second}`);
    const requested = 100 * 900 + 1000 * 900 + 1000 * 900;
    const pdm = 1000 * (300 + second) / requested;
    assert.ok(Math.abs(r.pdm - pdm) < 1e-12, `PDM ${r.pdm} vs ${pdm}`);
    // h0's extra draw for b (25 W, as above) for the first move's 300 s and the second's
    const joules = 25 * (300 + second);
    assert.ok(Math.abs(r.migrationEnergyKwh * 3.6e6 - joules) < 1e-9, `${r.migrationEnergyKwh}`);
  },
);

/**
 * 300 synthetic VMs on 150 hosts whose NICs carry 20 MB/s, MAD + MMT on the engine's costs
 * (`options` added; `ramBytes`, when given, every VM's RAM): migrations queue at vSphere's
 * limits, and many wait through their interval and are carried.
 */
function queuedDatacenter(options: Partial<SimulateDatacenterOptions>, ramBytes?: number) {
  const traces = generateSyntheticTraces(300, { seed: 2, intervals: 24 });
  const scenario = beloglazov2012Scenario(traces, { hosts: 150 });
  for (const h of scenario.hosts) h.bandwidthBytesPerSecond = 2e7;
  if (ramBytes !== undefined) { for (const v of scenario.vms) v.ramBytes = ramBytes; }
  const r = simulateDatacenter(scenario, {
    seed: 1,
    allocation: "mad",
    selection: "mmt",
    migrationModel: "engine",
    ...options,
  });
  assert.equal(r.migrationNetwork, "shared");
  assert.ok(r.carriedMigrations > 100, `${r.carriedMigrations} carried`);
  assert.ok(r.migrationWaitSeconds > 1e5, `${r.migrationWaitSeconds} s of waits`);
  return r;
}

Deno.test(
  "simulateDatacenter(): offline migrations on the shared network take as long as their downtime, their waits apart",
  () => {
    // An offline move is down from its transfer's start to its end, so the migrations' time
    // (transfers only) equals their downtime: a carried one that waited books the run it has
    // when admitted, not the booking of its own update plus the change in its wait
    const r = queuedDatacenter({ migrationTechnique: "offline" });
    const gap = Math.abs(r.migrationSeconds - r.migrationDowntimeSeconds);
    assert.ok(gap < 1e-9 * r.migrationSeconds, `${r.migrationSeconds} s vs ${gap} s`);
  },
);

Deno.test(
  "simulateDatacenter(): Liu et al.'s migration energy is their formula on the bytes booked, runs anew after a wait included",
  () => {
    // every VM of 512 MiB, live (pre-copy): the migrations run anew after a wait have their
    // bytes replace those booked, and the energy booked must follow (0.512 J per MiB sent
    // plus 20.165 J per migration)
    const r = queuedDatacenter({ migrationEnergy: "liu2011" }, 2 ** 29);
    const joules = 0.512 * r.migrationBytes / 2 ** 20 + 20.165 * r.migrations;
    const booked = r.migrationEnergyKwh * 3.6e6;
    assert.ok(Math.abs(booked - joules) < 1e-9 * joules, `${booked} J vs ${joules} J`);
  },
);
