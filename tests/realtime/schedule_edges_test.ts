import assert from "node:assert/strict";
import { affordableDowntime } from "../../lib/realtime/affordable_downtime.ts";
import { minimumProcessors } from "../../lib/realtime/minimum_processors.ts";
import { partitionTasks } from "../../lib/realtime/partition_tasks.ts";
import { scheduleAffordableDowntime } from "../../lib/realtime/schedule_affordable_downtime.ts";
import { simulateSchedule } from "../../lib/realtime/simulate_schedule.ts";
import type { PeriodicTask, Platform } from "../../lib/realtime/model.ts";
import { processor, task, vm } from "./_fixtures.ts";

/** One processor, one EDF VM in a dedicated server (Θ = Π = 1), placed on `host`. */
function onePlatform(tasks: PeriodicTask[], host = 0): Platform {
  return {
    processors: [processor("p0")],
    vms: [vm("a", tasks, { periodSeconds: 1, budgetSeconds: 1 })],
    placement: [host],
  };
}

Deno.test("simulateSchedule() counts a never-run job due at the horizon as missed", () => {
  // Task (1, 4), D = 4, horizon 4: one job released at 0, due at 4 = horizon (deadlines
  // <= horizon count). Unplaced: released 1, missed 1; the same as a never-ending outage.
  const unplaced = simulateSchedule(onePlatform([task(1, 4)], -1), { horizonSeconds: 4 });
  assert.equal(unplaced.tasks[0]!.released, 1);
  assert.equal(unplaced.tasks[0]!.missed, 1);
  assert.equal(unplaced.firstMissSeconds, 4);
  const down = simulateSchedule(onePlatform([task(1, 4)]), {
    horizonSeconds: 4,
    outages: [{ vm: 0, fromSeconds: 0, toSeconds: Infinity }],
  });
  assert.equal(down.tasks[0]!.missed, 1);
  assert.equal(down.firstMissSeconds, 4);
});

Deno.test("simulateSchedule() dates the first miss of an unplaced VM at offset + D", () => {
  // Offset 1, T = D = 4, horizon 10: releases 1, 5, 9 (3); deadlines 5, 9 <= 10 (2 missed).
  const t = { ...task(1, 4), offsetSeconds: 1 };
  const r = simulateSchedule(onePlatform([t], -1), { horizonSeconds: 10 });
  assert.equal(r.tasks[0]!.released, 3);
  assert.equal(r.tasks[0]!.missed, 2);
  assert.equal(r.firstMissSeconds, 5);
});

Deno.test("simulateSchedule() breaks EDF ties between a guest's jobs by task index", () => {
  // Two tasks (1, 4) due together at 4: task 0 runs first (response 1), task 1 second (2).
  const r = simulateSchedule(onePlatform([task(1, 4, 4, "x"), task(1, 4, 4, "y")]), {
    horizonSeconds: 4,
  });
  assert.deepEqual(r.tasks.map((row) => row.maxResponseSeconds), [1, 2]);
});

Deno.test("scheduleAffordableDowntime() widens the horizon to a later window", () => {
  // Dedicated processor, from = span = 0; tasks (C, T, D) = (1, 10, 10) at offset 35 and
  // (9, 10, 10) at offset 42. First horizon: 0 + 10 + 2(10 + 10) = 50 holds only the
  // window [35, 45] (slack 9: an outage from 0 must last past 44). Window [35, 52] has
  // demand 1 + 9 = 10 and supply 17, slack 7: an outage [0, Δ) breaks it iff Δ > 35 + 7 = 42.
  const r = scheduleAffordableDowntime(
    onePlatform([{ ...task(1, 10), offsetSeconds: 35 }, { ...task(9, 10), offsetSeconds: 42 }]),
    { vm: 0, fromSeconds: 0, spanSeconds: 0 },
  );
  assert.equal(r.downtimeSeconds, 42);
  assert.equal(r.worstStartSeconds, 0);
});

Deno.test("scheduleAffordableDowntime() misses from the range start with no slack", () => {
  // Task (1, 2) in Γ = (1, 0.4): 0.8 s of supply per 2 s < 1 s of work: misses anyway.
  const platform: Platform = {
    processors: [processor("p0")],
    vms: [vm("a", [task(1, 2)], { periodSeconds: 1, budgetSeconds: 0.4 })],
    placement: [0],
  };
  const r = scheduleAffordableDowntime(platform, {
    vm: 0,
    fromSeconds: 0.5,
    spanSeconds: 1,
    outageSeconds: 1,
  });
  assert.equal(r.downtimeSeconds, null);
  assert.equal(r.missStartSeconds, 0.5);
});

/** Identical processors and VMs of the given server bandwidths (Π = 1), one light task each. */
function bandwidthPlatform(bandwidths: number[]): Platform {
  return {
    processors: bandwidths.map((_, p) => processor(`p${p}`)),
    vms: bandwidths.map((b, i) =>
      vm(`v${i}`, [task(0.01, 100)], { periodSeconds: 1, budgetSeconds: b })
    ),
    placement: bandwidths.map(() => 0),
  };
}

Deno.test("minimumProcessors() is exact with exactly exactLimit VMs", () => {
  // FFD on 0.5, 0.4, 0.3, 0.3, 0.25, 0.25: 0.5+0.4 | 0.3+0.3+0.25 | 0.25 = 3 processors;
  // the optimum is 0.5+0.25+0.25 | 0.4+0.3+0.3 = 2. Six VMs, exactLimit 6: branch and bound.
  const r = minimumProcessors(bandwidthPlatform([0.5, 0.4, 0.3, 0.3, 0.25, 0.25]), {
    exactLimit: 6,
  });
  assert.equal(r.processorCount, 2);
  assert.equal(r.exact, true);
});

Deno.test("minimumProcessors() without the exact search packs by decreasing bandwidth", () => {
  // FFD by decreasing bandwidth: 0.6 | 0.6, then 0.4 into the first (1.0) and 0.4 into the
  // second: 2 processors = ⌈2.0⌉, the lower bound. (Increasing order would need 3.)
  const r = minimumProcessors(bandwidthPlatform([0.4, 0.6, 0.4, 0.6]), { exactLimit: 0 });
  assert.equal(r.processorCount, 2);
  assert.equal(r.exact, true);
  assert.deepEqual(r.assignment, [0, 0, 1, 1]);
});

Deno.test("minimumProcessors() spends at most maxNodes branch-and-bound nodes", () => {
  // 0.6, 0.6, 0.6: lower bound ⌈1.8⌉ = 2, FFD 3. The search proving 3 visits 3 nodes: VM 0
  // opens bin 0, VM 1 fits nowhere and opens bin 1, VM 2 fits nowhere and a third bin is
  // not below the best (3). A budget of 3 completes it; 2 does not.
  const p = bandwidthPlatform([0.6, 0.6, 0.6]);
  assert.deepEqual(
    [minimumProcessors(p, { maxNodes: 3 }).exact, minimumProcessors(p, { maxNodes: 2 }).exact],
    [true, false],
  );
  assert.equal(minimumProcessors(p, { maxNodes: 2 }).processorCount, 3);
});

Deno.test("partitionTasks() hyperbolic accepts what Liu and Layland reject", () => {
  // U = 0.7 and 0.15: Σ = 0.85 > 2(√2 − 1) = 0.828, but (1.7)(1.15) = 1.955 <= 2.
  const tasks = [task(7, 10), task(3, 20)];
  assert.deepEqual(partitionTasks(tasks, 1, { test: "hyperbolic" }).assignment, [0, 0]);
  assert.deepEqual(partitionTasks(tasks, 1, { test: "liu-layland" }).assignment, [0, -1]);
});

Deno.test("partitionTasks() applies the processor capacity in the exact tests", () => {
  // (6, 10) twice on one processor of capacity 2: U = 0.3 + 0.3 = 0.6 <= 1, both fit.
  for (const test of ["edf", "fixed-priority"] as const) {
    const r = partitionTasks([task(6, 10), task(6, 10)], 1, { capacity: 2, test });
    assert.deepEqual(r.assignment, [0, 0], test);
    assert.ok(Math.abs(r.processors[0]!.utilization - 0.6) < 1e-12);
  }
});

Deno.test("partitionTasks() fixed-priority test uses DM, not placement order", () => {
  // Placed by utilization: (2, 4) first, then (C, T, D) = (1, 10, 2). With DM, (1, 10, 2) has
  // the higher priority: R = 1 <= 2, and (2, 4): R = 2 + ⌈R/10⌉·1 = 3 <= 4. Both fit one
  // processor. (In placement order (1, 10, 2) would get R = 1 + 2 = 3 > 2.)
  const r = partitionTasks([task(2, 4), task(1, 10, 2)], 1, { test: "fixed-priority" });
  assert.deepEqual(r.assignment, [0, 0]);
});

/** One processor, one EDF VM with a single task (C, T = D) in server Γ = (Π, Θ). */
function servedPlatform(c: number, t: number, periodSeconds: number, budgetSeconds: number) {
  return {
    processors: [processor("p0")],
    vms: [vm("a", [task(c, t)], { periodSeconds, budgetSeconds })],
    placement: [0],
  };
}

/** The VM's misses in the simulator with an outage [from, from + length). */
function missesWith(platform: Platform, from: number, length: number): number {
  return simulateSchedule(platform, {
    horizonSeconds: 30,
    outages: [{ vm: 0, fromSeconds: from, toSeconds: from + length }],
  }).totalMissed;
}

Deno.test("scheduleAffordableDowntime() lets an outage from a gap run to the next service", () => {
  // Γ = (2, 1) alone: supply [2k, 2k + 1). Task (1, 3): job (3, 6] gets only [4, 5), slack 0;
  // job (0, 3] gets [0, 1) and [2, 3), slack 1. An outage from 1 may take [2, 3) and must
  // end by 4: downtime 3 (the simulator agrees: 3 s no miss, 3.01 s a miss).
  const platform = servedPlatform(1, 3, 2, 1);
  const r = scheduleAffordableDowntime(platform, { vm: 0, fromSeconds: 1, spanSeconds: 0 });
  assert.equal(r.downtimeSeconds, 3);
  assert.equal(r.worstStartSeconds, 1);
  assert.equal(missesWith(platform, 1, 3), 0);
  assert.ok(missesWith(platform, 1, 3.01) > 0);
});

Deno.test("scheduleAffordableDowntime() names no miss start when the slack is used exactly", () => {
  // Γ = (1, 0.5) alone: supply [k, k + 0.5). Task (0.2, 2): job (0, 2] has 1 s of supply,
  // slack 0.8. An outage [0.1, 1.4) takes 0.4 + 0.4 = 0.8: the job runs [0, 0.1) and
  // [1.4, 1.5) and meets its deadline. 1.3 s is affordable; 1.4 s from 0.1 misses.
  const platform = servedPlatform(0.2, 2, 1, 0.5);
  const at = (outageSeconds: number) =>
    scheduleAffordableDowntime(platform, {
      vm: 0,
      fromSeconds: 0.1,
      spanSeconds: 0,
      outageSeconds,
    });
  const exact = at(1.3);
  assert.ok(Math.abs(exact.downtimeSeconds! - 1.3) < 1e-12);
  assert.equal(exact.missStartSeconds, null);
  assert.equal(at(1.4).missStartSeconds, 0.1);
  assert.equal(missesWith(platform, 0.1, 1.3), 0);
  assert.ok(missesWith(platform, 0.1, 1.4) > 0);
});

Deno.test("simulateSchedule() runs a job in C / capacity seconds", () => {
  // Capacity 2, task (2, 4) in a dedicated server Γ = (10, 10) (no replenishment before 10):
  // the job needs 2 / 2 = 1 s of processor time, response 1 (not 2).
  const platform: Platform = {
    processors: [processor("fast", 2)],
    vms: [vm("a", [task(2, 4)], { periodSeconds: 10, budgetSeconds: 10 })],
    placement: [0],
  };
  const r = simulateSchedule(platform, { horizonSeconds: 8 });
  assert.equal(r.tasks[0]!.completed, 2);
  assert.equal(r.tasks[0]!.maxResponseSeconds, 1);
});

Deno.test("scheduleAffordableDowntime() reaches past a task's offset: no job before 30 s is not Infinity", () => {
  // One EDF task C = 1, T = D = 4, first released at 30 s, on a dedicated server. An outage
  // from 0 of length Δ delays the first job (due at 34 s) until Δ; it finishes at Δ + 1,
  // so Δ <= 33 is affordable and anything longer misses. (Before, the horizon of
  // 0 + 4 + 2·(4 + 4) = 20 s held no job, and the answer was Infinity.)
  const platform = {
    processors: [processor("p0")],
    vms: [vm("a", [{ ...task(1, 4), offsetSeconds: 30 }], { periodSeconds: 1, budgetSeconds: 1 })],
    placement: [0],
  };
  const r = scheduleAffordableDowntime(platform, {
    vm: 0,
    fromSeconds: 0,
    spanSeconds: 0,
    outageSeconds: 34,
  });
  assert.equal(r.downtimeSeconds, 33);
  assert.equal(r.missStartSeconds, 0);
  const missed = (toSeconds: number) =>
    simulateSchedule(platform, {
      horizonSeconds: 60,
      outages: [{ vm: 0, fromSeconds: 0, toSeconds }],
    })
      .totalMissed;
  assert.equal(missed(33), 0);
  assert.equal(missed(33.1), 1);
});

Deno.test("affordableDowntime() under EDF reports the least slack over every deadline, not the first negative", () => {
  // Dedicated processor; tasks (C 2, T 10, D 1) and (C 1.5, T 10, D 2): t - dbf(t) is
  // 1 - 2 = -1 at t = 1 and 2 - 3.5 = -1.5 at t = 2, then 11 - 5.5 = 5.5 at 11 and more.
  // The least is -1.5 (fixed priority reports the same); the set misses: null downtime.
  const server = { periodSeconds: 1, budgetSeconds: 1 };
  const tasks = [task(2, 10, 1, "a"), task(1.5, 10, 2, "b")];
  const edf = affordableDowntime({ tasks, scheduler: "edf", server });
  assert.equal(edf.downtimeSeconds, null);
  assert.equal(edf.slackSeconds, -1.5);
  assert.equal(
    affordableDowntime({ tasks, scheduler: "fixed-priority", server }).slackSeconds,
    -1.5,
  );
});
