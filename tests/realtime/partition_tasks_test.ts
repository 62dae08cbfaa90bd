import assert from "node:assert/strict";
import { createPrng, integer, type Prng } from "../../mod.ts";
import {
  analyzeEdf,
  PARTITION_HEURISTICS,
  PARTITION_TESTS,
  partitionTasks,
  type PeriodicTask,
  simulateSchedule,
} from "../../lib/realtime/mod.ts";
import { dedicatedPlatform, hyperperiod, task } from "./_fixtures.ts";

/** Between 3 and `below` - 1 tasks, integer C <= D <= T, periods 4, 6, 8 or 12 (seeded). */
function integerTasks(prng: Prng, below: number): PeriodicTask[] {
  return Array.from({ length: integer(prng, 3, below) }, (_, i) => {
    const period = [4, 6, 8, 12][integer(prng, 0, 4)]!;
    const wcet = integer(prng, 1, 4);
    return task(wcet, period, integer(prng, wcet, period + 1), `t${i}`);
  });
}

Deno.test("partitionTasks() places by decreasing utilization with first, best and worst fit (hand-packed)", () => {
  // U = 0.5, 0.4, 0.3, 0.3, 0.2 (sorted already), EDF (U <= 1) on 3 processors.
  const tasks = [task(5, 10), task(4, 10), task(3, 10), task(3, 10), task(2, 10)];
  // First fit: .5→p0, .4→p0 (.9), .3→p1, .3→p1 (.6), .2→p1 (.8).
  assert.deepEqual(partitionTasks(tasks, 3).assignment, [0, 0, 1, 1, 1]);
  // Best fit (fullest that fits): .5→p0, .4→p0, .3→p1, .3→p1, .2→p1 (.8 beats p0's .9+.2 > 1).
  assert.deepEqual(partitionTasks(tasks, 3, { heuristic: "best-fit" }).assignment, [0, 0, 1, 1, 1]);
  // Worst fit (emptiest): .5→p0, .4→p1, .3→p2, .3→p2 (.6 < ... p2 .3 emptiest), .2→p1 (.4 < .5).
  const wf = partitionTasks(tasks, 3, { heuristic: "worst-fit" });
  assert.deepEqual(wf.assignment, [0, 1, 2, 2, 1]);
  assert.deepEqual(wf.processors.map((p) => Math.round(p.utilization * 10) / 10), [0.5, 0.6, 0.6]);
  // Two processors and the Liu-Layland bound (n = 2: 0.828): .5+.4 = .9 fails, .5+.3 passes.
  const ll = partitionTasks(tasks, 2, { test: "liu-layland" });
  assert.deepEqual(ll.assignment, [0, 1, 0, 1, -1]);
  assert.equal(ll.allAssigned, false);
});

Deno.test("partitionTasks() yields processors the simulator schedules without a miss, for every heuristic and test (100 random sets)", () => {
  let placed = 0;
  for (let k = 0; k < 100; k++) {
    const prng = createPrng(31, "partition", k);
    const tasks = integerTasks(prng, 9);
    for (const heuristic of PARTITION_HEURISTICS) {
      for (const test of PARTITION_TESTS) {
        const r = partitionTasks(tasks, 3, { heuristic, test });
        r.processors.forEach((p) => {
          if (p.tasks.length === 0) return;
          placed++;
          const mine = p.tasks.map((i) => tasks[i]!);
          const scheduler = test === "edf" ? "edf" : "fixed-priority";
          const sim = simulateSchedule(dedicatedPlatform(mine, scheduler), {
            horizonSeconds: 2 * hyperperiod(mine),
          });
          assert.equal(sim.totalMissed, 0, JSON.stringify({ mine, heuristic, test }));
        });
        // A task left out fits on no processor by the test used.
        r.assignment.forEach((p, i) => {
          if (p >= 0 || test !== "edf") return;
          for (const proc of r.processors) {
            const set = [...proc.tasks.map((j) => tasks[j]!), tasks[i]!];
            assert.equal(analyzeEdf(set).schedulable, false);
          }
        });
      }
    }
  }
  assert.ok(placed > 500);
});

Deno.test("partitionTasks() rejects bad inputs naming the field", () => {
  assert.throws(() => partitionTasks([task(1, 4)], 0), /processorCount/);
  // a billion processors: the result cannot list them (threw "Invalid array length")
  assert.throws(() => partitionTasks([task(1, 4)], 1e9), {
    name: "RangeError",
    message:
      "Cannot partition tasks as processorCount must be an integer in [1, 100000]: current value is 1000000000",
  });
  assert.throws(
    () => partitionTasks([{ ...task(1, 4), periodSeconds: 0 }], 1),
    /tasks\[0\]\.periodSeconds/,
  );
  assert.throws(
    () => partitionTasks([task(1, 4, 5)], 1),
    /tasks\[0\]\.deadlineSeconds must be <= periodSeconds/,
  );
  // deno-lint-ignore no-explicit-any
  assert.throws(() => partitionTasks([task(1, 4)], 1, { heuristic: "next-fit" as any }), TypeError);
});

Deno.test("partitionTasks() sorts and sums utilization C/T, not density C/D, for constrained deadlines", () => {
  // a: C = 1, T = 10, D = 2 (U = 0.1, C/D = 0.5); b: C = 2, T = 10, D = 10 (U = 0.2).
  // Decreasing utilization takes b first: order [1, 0] (by density it would be [0, 1]).
  // EDF on one processor: dbf(2) = 1 <= 2, dbf(10) = 1 + 2 = 3 <= 10, so both fit there
  // and the processor carries U = 0.1 + 0.2 = 0.3 (Σ C/D would be 0.7).
  const tasks = [task(1, 10, 2), task(2, 10, 10)];
  const r = partitionTasks(tasks, 2);
  assert.deepEqual(r.order, [1, 0]);
  assert.deepEqual(r.assignment, [0, 0]);
  assert.ok(Math.abs(r.processors[0]!.utilization - 0.3) < 1e-12);
  assert.equal(r.processors[1]!.utilization, 0);
  // Worst fit then places the second task (a) on the emptier processor p1: U 0 < 0.2.
  const wf = partitionTasks(tasks, 2, { heuristic: "worst-fit" });
  assert.deepEqual(wf.assignment, [1, 0]);
  assert.deepEqual(wf.processors.map((p) => p.utilization), [0.2, 0.1]);
});

Deno.test("partitionTasks() tries only the first empty processor: the same packing as trying all of them (60 random sets, 12 processors)", () => {
  // the reference: every processor tried for every task, as the heuristics are defined
  function reference(tasks: PeriodicTask[], m: number, heuristic: string): number[] {
    const util = tasks.map((t) => t.wcetSeconds / t.periodSeconds);
    const order = tasks.map((_, i) => i).sort((a, b) => util[b]! - util[a]! || a - b);
    const on: number[][] = Array.from({ length: m }, () => []);
    const load = new Array(m).fill(0);
    const assignment = tasks.map(() => -1);
    for (const i of order) {
      let best = -1;
      for (let p = 0; p < m; p++) {
        if (!analyzeEdf([...on[p]!.map((j) => tasks[j]!), tasks[i]!]).schedulable) continue;
        if (
          best === -1 || (heuristic === "best-fit" && load[p] > load[best]) ||
          (heuristic === "worst-fit" && load[p] < load[best])
        ) best = p;
        if (heuristic === "first-fit") break;
      }
      if (best < 0) continue;
      assignment[i] = best;
      on[best]!.push(i);
      load[best] += util[i]!;
    }
    return assignment;
  }
  let spread = 0;
  for (let k = 0; k < 60; k++) {
    const prng = createPrng(32, "partition", k);
    const tasks = integerTasks(prng, 15);
    for (const heuristic of PARTITION_HEURISTICS) {
      const got = partitionTasks(tasks, 12, { heuristic }).assignment;
      assert.deepEqual(got, reference(tasks, 12, heuristic), JSON.stringify({ tasks, heuristic }));
      spread = Math.max(spread, ...got);
    }
  }
  assert.ok(spread >= 3, `at most ${spread + 1} processors used`);
});
