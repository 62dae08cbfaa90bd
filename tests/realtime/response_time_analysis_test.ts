import assert from "node:assert/strict";
import { createPrng, integer } from "../../mod.ts";
import {
  analyzeFixedPriority,
  type PeriodicTask,
  responseTimeAnalysis,
  simulateSchedule,
} from "../../lib/realtime/mod.ts";
import { dedicatedPlatform, hyperperiod, task } from "./_fixtures.ts";

/** Integer task sets with deadlines up to 2T (arbitrary deadlines), U <= 1. */
function arbitraryTaskSet(k: number): PeriodicTask[] {
  const prng = createPrng(11, "rta-arbitrary", k);
  const n = integer(prng, 1, 4);
  const tasks = Array.from({ length: n }, (_, i) => {
    const period = [3, 4, 6, 8, 12][integer(prng, 0, 5)]!;
    const wcet = integer(prng, 1, 4);
    return task(wcet, period, integer(prng, wcet, 2 * period + 1), `t${i}`);
  });
  const u = tasks.reduce((s, t) => s + t.wcetSeconds / t.periodSeconds, 0);
  return u <= 1 ? tasks : tasks.slice(0, 1).map((t) => ({ ...t, wcetSeconds: 1 }));
}

Deno.test("responseTimeAnalysis() equals the simulated worst response time with late jobs kept, for arbitrary deadlines (200 random sets)", () => {
  let beyondDeadline = 0;
  let secondJobWorse = 0;
  for (let k = 0; k < 200; k++) {
    const tasks = arbitraryTaskSet(k);
    const r = responseTimeAnalysis(tasks);
    // Synchronous release is the critical instant; the first level-i busy period holds
    // the worst job. Simulate two hyperperiods keeping late jobs (no abort).
    const sim = simulateSchedule(dedicatedPlatform(tasks, "fixed-priority"), {
      horizonSeconds: 2 * hyperperiod(tasks) + 24,
      keepLateJobs: true,
    });
    r.tasks.forEach((row, i) => {
      assert.equal(row.responseSeconds, sim.tasks[i]!.maxResponseSeconds, JSON.stringify(tasks));
      assert.equal(row.schedulable, row.responseSeconds <= tasks[i]!.deadlineSeconds);
      if (row.responseSeconds > tasks[i]!.deadlineSeconds) beyondDeadline++;
      // The first job's response (the constrained-deadline analysis) may be smaller.
      if (row.jobsExamined > 1 && row.responseSeconds > firstJob(tasks, i)) secondJobWorse++;
    });
    assert.equal(r.schedulable, sim.totalMissed === 0, JSON.stringify(tasks));
  }
  assert.ok(beyondDeadline > 0, "some fixed points lie past the deadline");
  assert.ok(secondJobWorse > 0, "some task's worst job is not its first");
});

/** Response time of the first job only: R = C + Σ ⌈R/T_j⌉ C_j over DM-higher tasks. */
function firstJob(tasks: readonly PeriodicTask[], i: number): number {
  const order = tasks.map((_, k) => k).sort((a, b) =>
    tasks[a]!.deadlineSeconds - tasks[b]!.deadlineSeconds || a - b
  );
  const hp = order.slice(0, order.indexOf(i)).map((k) => tasks[k]!);
  let r = tasks[i]!.wcetSeconds;
  for (;;) {
    const next = tasks[i]!.wcetSeconds +
      hp.reduce((s, t) => s + Math.ceil(r / t.periodSeconds) * t.wcetSeconds, 0);
    if (next === r) return r;
    r = next;
  }
}

Deno.test("responseTimeAnalysis() agrees with analyzeFixedPriority() on constrained deadlines, also in servers", () => {
  for (let k = 0; k < 100; k++) {
    const tasks = arbitraryTaskSet(k).map((t) => ({
      ...t,
      deadlineSeconds: Math.min(t.deadlineSeconds, t.periodSeconds),
    }));
    for (const server of [undefined, { periodSeconds: 2, budgetSeconds: 1.5 }]) {
      const options = server === undefined ? {} : { server };
      const a = analyzeFixedPriority(tasks, options);
      const b = responseTimeAnalysis(tasks, options);
      assert.equal(b.schedulable, a.schedulable);
      b.tasks.forEach((row, i) => {
        const known = a.responseTimesSeconds[i]!;
        if (known !== null) assert.ok(Math.abs(row.responseSeconds - known) < 1e-9);
        else assert.ok(row.responseSeconds > tasks[i]!.deadlineSeconds);
      });
    }
  }
});

Deno.test("responseTimeAnalysis() returns Infinity when the level-i load exceeds the supply, and honours a given priority order", () => {
  const r = responseTimeAnalysis([task(2, 4), task(3, 4)]);
  assert.equal(r.tasks[0]!.responseSeconds, 2);
  assert.equal(r.tasks[1]!.responseSeconds, Infinity);
  assert.equal(r.tasks[1]!.jobsExamined, 0);
  const reversed = responseTimeAnalysis([task(1, 4), task(2, 8)], { priorityOrder: [1, 0] });
  assert.deepEqual(reversed.tasks.map((t) => t.responseSeconds), [3, 2]);
  const served = responseTimeAnalysis([task(1, 10)], {
    server: { periodSeconds: 2, budgetSeconds: 1 },
  });
  assert.equal(served.tasks[0]!.responseSeconds, 3); // blackout 2(Π − Θ) = 2, then 1
});

Deno.test("responseTimeAnalysis() rejects bad task sets and orders naming the field", async (t) => {
  await t.step("NaN WCET", () => {
    assert.throws(() => responseTimeAnalysis([{ ...task(1, 4), wcetSeconds: NaN }]), {
      name: "RangeError",
      message: /tasks\[0\]\.wcetSeconds/,
    });
  });
  await t.step("negative period", () => {
    assert.throws(
      () => responseTimeAnalysis([task(1, 4), { ...task(1, 4), periodSeconds: -4 }]),
      /tasks\[1\]\.periodSeconds/,
    );
  });
  await t.step("order with a repeat", () => {
    assert.throws(
      () => responseTimeAnalysis([task(1, 4), task(1, 4)], { priorityOrder: [0, 0] }),
      /options\.priorityOrder must list each task once/,
    );
  });
  await t.step("order too short", () => {
    assert.throws(
      () => responseTimeAnalysis([task(1, 4), task(1, 4)], { priorityOrder: [0] }),
      /permutation/,
    );
  });
});
