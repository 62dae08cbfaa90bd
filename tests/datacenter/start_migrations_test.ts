import assert from "node:assert/strict";
import type { BookedMigrationCost } from "../../lib/datacenter/_shared_migration_costs.ts";
import {
  type MigrationStart,
  noMigrationTotals,
  startMigrations,
} from "../../lib/datacenter/_start_migrations.ts";
import { noCarriedMigrations } from "../../lib/datacenter/_carried_migrations.ts";
import { noSlaTotals } from "../../lib/datacenter/_sla_metrics.ts";

/**
 * Two hosts of 2 x 1000 MIPS drawing 100 W idle and 200 W at full load (linear), at 50 % and
 * 0 % at the update; three VMs asking 400, 1500 and 100 MIPS; a 300 s interval. Each field
 * can be changed by `over`.
 */
function start(over: Partial<MigrationStart> = {}): MigrationStart {
  return {
    moveVm: [],
    moveSrc: [],
    // every target is host 1
    moveDst: (over.moveVm ?? []).map(() => 1),
    moveEnd: [],
    vmEnd: new Float64Array(3).fill(-1),
    vmStart: new Float64Array(3),
    carried: noCarriedMigrations(),
    ends: [],
    vmShare: new Float64Array(3),
    vmKeep: new Float64Array(3).fill(1),
    engineDegradation: true,
    fixedShare: 0,
    intervalSeconds: 300,
    demandMips: Float64Array.of(400, 1500, 100),
    pe: Float64Array.of(1000, 1000),
    cap: Float64Array.of(2000, 2000),
    tables: [Float64Array.of(100, 200), Float64Array.of(100, 200)],
    startUtilization: Float64Array.of(0.5, 0),
    transferEnergy: undefined,
    countMigrationEnergy: false,
    npa: false,
    totals: noMigrationTotals(),
    sla: noSlaTotals(Int32Array.of(0, 0, 0)),
    ...over,
  };
}

/** A migration's costs: 10 s, 1 s down, 1e9 bytes, no slowdown, CloudSim's 16 s. */
function cost(over: Partial<BookedMigrationCost> = {}): BookedMigrationCost {
  return { seconds: 10, downtime: 1, bytes: 1e9, slowdown: 0, cloud: 16, ...over };
}

Deno.test("startMigrations books each migration's transfer after its admission wait", async (t) => {
  await t.step(
    "a wait moves the start and the end; the engine's slowdown spreads over the transfer",
    () => {
      const m = start({ moveVm: [0], moveSrc: [0] });
      startMigrations(() => cost({ waitSeconds: 30, slowdown: 4 }), m);
      assert.deepEqual(m.moveEnd, [40]);
      assert.equal(m.vmEnd[0], 40);
      assert.equal(m.vmStart[0], 30);
      // the segments change at the transfer's start too
      assert.deepEqual(m.ends, [40, 30]);
      // 4 s lost over the 10 s transfer (the VM runs at its full share while it waits)
      assert.equal(m.vmShare[0], 0.4);
      assert.equal(m.vmKeep[0], 0.6);
      assert.deepEqual(m.totals, {
        count: 1,
        seconds: 10,
        waitSeconds: 30,
        cloudsimSeconds: 16,
        bytes: 1e9,
        downtimeSeconds: 1,
        energyWs: 0,
        carried: 0,
        mergedMoves: 0,
      });
      // the downtime is lost in full: 400 MIPS for 1 s
      assert.equal(m.sla.vmDegraded[0], 400);
      assert.equal(m.sla.degradedMipsSeconds, 400);
    },
  );
  await t.step("a fixed share covers the live phase only, spread over the transfer", () => {
    // 10 % while the 9 live seconds run, over the 10 s transfer (not the 30 s wait): 0.1 x 9 / 10
    const m = start({ moveVm: [0], moveSrc: [0], engineDegradation: false, fixedShare: 0.1 });
    startMigrations(() => cost({ waitSeconds: 30 }), m);
    assert.equal(m.vmShare[0], 0.1 * 9 / 10);
    assert.equal(m.vmKeep[0], 1 - 0.1 * 9 / 10);
    // without downtime (CloudSim's delay) the share is the fixed one, whatever the wait
    const cloud = start({ moveVm: [0], moveSrc: [0], engineDegradation: false, fixedShare: 0.1 });
    startMigrations(() => cost({ waitSeconds: 30, downtime: 0 }), cloud);
    assert.equal(cloud.vmShare[0], 0.1);
  });
  await t.step("a migration of no time loses no share (not 0 / 0)", () => {
    const m = start({ moveVm: [0], moveSrc: [0] });
    startMigrations(() => cost({ seconds: 0, downtime: 0 }), m);
    assert.equal(m.vmShare[0], 0);
    assert.equal(m.vmKeep[0], 1);
    assert.deepEqual(m.ends, [0]);
  });
  await t.step(
    "a VM moved twice runs from its earlier start to its later end; equal moments are listed once",
    () => {
      const m = start({ moveVm: [0, 1, 0], moveSrc: [0, 0, 1] });
      const costs = [cost({ waitSeconds: 30 }), cost({ waitSeconds: 30 }), cost()];
      startMigrations((i) => costs[i]!, m);
      assert.deepEqual(m.moveEnd, [40, 40, 10]);
      assert.deepEqual(Array.from(m.vmEnd), [40, 40, -1]);
      assert.deepEqual(Array.from(m.vmStart).slice(0, 2), [0, 30]);
      assert.deepEqual(m.ends, [40, 30, 10]);
    },
  );
  await t.step("a migration past the interval's end is carried with what it has left", () => {
    // waits 250 s, runs 400 s: ends 650 s after the update, 350 s after the next one; its
    // downtime, its last 320 s, starts 330 s after the update, after this interval
    const long = () => cost({ waitSeconds: 250, seconds: 400, downtime: 320 });
    const m = start({ moveVm: [1], moveSrc: [0] });
    startMigrations(long, m, 0, 3000);
    assert.deepEqual(m.moveEnd, [300]);
    assert.equal(m.vmEnd[1], 300);
    assert.equal(m.vmStart[1], 250);
    // it waited 250 s of this interval
    assert.equal(m.totals.waitSeconds, 250);
    // 350 s of its 400 s run are left after the next update: 7/8 of its bytes
    assert.deepEqual(m.carried.vm, [1]);
    assert.deepEqual([m.carried.source, m.carried.destination], [[0], [1]]);
    assert.deepEqual(m.carried.rest, [{
      remainingSeconds: 350,
      remainingBytes: 1e9 * 350 / 400,
      downtimeSeconds: 320,
      demandMips: 1500,
      extraWatts: 0,
      waiting: false,
      bookedSeconds: 400,
      bookedBytes: 1e9,
    }]);
    // on the shared network: the bytes it had left and whether it was waiting, as read there
    const read = start({ moveVm: [1], moveSrc: [0] });
    startMigrations(
      () => cost({ ...long(), bytesAfterCheckpoint: 1e9, waitingAtCheckpoint: true }),
      read,
      0,
      3000,
    );
    assert.equal(read.carried.rest[0]!.remainingBytes, 1e9);
    assert.equal(read.carried.rest[0]!.waiting, true);
    // counted as carried once resumed at the next update
    assert.equal(m.totals.carried, 0);
    assert.equal(m.sla.vmDegraded[1], 0);
    assert.equal(m.totals.downtimeSeconds, 320);
    assert.equal(m.totals.seconds, 400);
    // with 100 s of wait, its downtime starts 180 s in: 120 s of it in this interval
    const sooner = start({ moveVm: [1], moveSrc: [0] });
    startMigrations(() => cost({ waitSeconds: 100, seconds: 400, downtime: 320 }), sooner);
    assert.equal(sooner.sla.vmDegraded[1], 1500 * 120);
    assert.equal(sooner.carried.rest[0]!.downtimeSeconds, 200);
  });
  await t.step("moves before `first` were carried from earlier updates: not booked again", () => {
    const m = start({ moveVm: [2, 0], moveSrc: [1, 0], moveEnd: [120] });
    let asked = -1;
    startMigrations(
      (i) => {
        asked = i;
        return cost();
      },
      m,
      1,
      3000,
    );
    assert.equal(asked, 1);
    assert.deepEqual(m.moveEnd, [120, 10]);
    assert.equal(m.totals.count, 1);
    assert.deepEqual(Array.from(m.vmEnd), [10, -1, -1]);
  });
});

Deno.test("startMigrations charges migration energy by the transfer model or the source's power", async (t) => {
  await t.step("a transfer model's joules are returned and added to the totals", () => {
    const m = start({ moveVm: [0, 2], moveSrc: [0, 0], transferEnergy: (r) => r.bytes / 1e6 });
    const transfer = startMigrations((i) => cost({ bytes: (i + 1) * 1e9 }), m);
    assert.equal(transfer, 3000);
    assert.equal(m.totals.energyWs, 3000);
  });
  await t.step("an impossible answer of the model is refused with the bytes", () => {
    for (const joules of [-1, NaN, Infinity]) {
      const m = start({ moveVm: [0], moveSrc: [0], transferEnergy: () => joules });
      assert.throws(() => startMigrations(() => cost(), m), /for 1000000000 bytes/);
    }
  });
  await t.step("CloudSim's accounting: the source's power for the VM while it is sent", () => {
    // VM 1 asks 1500 MIPS, a core (1000) at most: the source draws 190 W at 90 % and 140 W
    // without it (90 % - 50 %); the migration waits 30 s (the VM merely runs there), then is
    // sent for 10 s
    const m = start({
      moveVm: [1],
      moveSrc: [0],
      countMigrationEnergy: true,
      startUtilization: Float64Array.of(0.9, 0),
    });
    assert.equal(startMigrations(() => cost({ waitSeconds: 30 }), m), 0);
    assert.ok(Math.abs(m.totals.energyWs - (190 - 140) * 10) < 1e-9);
    // VM 0 (400 MIPS): 150 W against 130 W
    const small = start({ moveVm: [0], moveSrc: [0], countMigrationEnergy: true });
    startMigrations(() => cost(), small);
    assert.ok(Math.abs(small.totals.energyWs - 20 * 10) < 1e-9);
    // none with NPA (its hosts draw their peak, booked elsewhere) or without the option
    for (const over of [{ npa: true }, { countMigrationEnergy: false }]) {
      const none = start({ moveVm: [1], moveSrc: [0], countMigrationEnergy: true, ...over });
      startMigrations(() => cost(), none);
      assert.equal(none.totals.energyWs, 0);
    }
  });
});
