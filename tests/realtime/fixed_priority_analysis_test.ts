import assert from "node:assert/strict";
import { createPrng, integer } from "../../mod.ts";
import {
  analyzeEdf,
  analyzeFixedPriority,
  type PeriodicTask,
  responseTimeAnalysis,
} from "../../lib/realtime/mod.ts";
import { task } from "./_fixtures.ts";

Deno.test("analyzeFixedPriority() gives Buttazzo's response times 1, 3 and 10 for (1,4), (2,6), (3,12)", () => {
  // R3: 6 → 3 + 2·1 + 1·2 = 7 → 3 + 2 + 4 = 9 → 3 + 3 + 4 = 10 → 10.
  const r = analyzeFixedPriority([task(1, 4), task(2, 6), task(3, 12)]);
  assert.deepEqual(r, {
    schedulable: true,
    responseTimesSeconds: [1, 3, 10],
    priorityOrder: [0, 1, 2],
  });
});

Deno.test("analyzeFixedPriority() fails (2,5), (4,7) at U = 0.97 that EDF schedules", () => {
  // R2: 6 → 4 + 2·2 = 8 > 7.
  const tasks = [task(2, 5), task(4, 7)];
  const r = analyzeFixedPriority(tasks);
  assert.deepEqual(r.responseTimesSeconds, [2, null]);
  assert.equal(r.schedulable, false);
  assert.equal(analyzeEdf(tasks).schedulable, true);
});

Deno.test("analyzeFixedPriority() orders by deadline, not period (deadline-monotonic)", () => {
  const r = analyzeFixedPriority([task(1, 10, 10), task(2, 20, 3), task(1, 5, 5)]);
  assert.deepEqual(r.priorityOrder, [1, 2, 0]);
  assert.deepEqual(r.responseTimesSeconds, [4, 2, 3]);
});

Deno.test("analyzeFixedPriority() in a server: R = sbf⁻¹(rbf) (Shin and Lee 2003)", async (t) => {
  await t.step("one task (1, 10) in Γ = (5, 1): blackout 8, then 1 of supply", () => {
    const r = analyzeFixedPriority([task(1, 10)], {
      server: { periodSeconds: 5, budgetSeconds: 1 },
    });
    assert.deepEqual(r.responseTimesSeconds, [9]);
  });
  await t.step("capacity 2 halves the work: (2, 10) in Γ = (5, 1) also finishes at 9", () => {
    const r = analyzeFixedPriority([task(2, 10)], {
      server: { periodSeconds: 5, budgetSeconds: 1 },
      capacity: 2,
    });
    assert.deepEqual(r.responseTimesSeconds, [9]);
  });
  await t.step("a budget of 0.9 pushes it to 13.3 > 10", () => {
    const r = analyzeFixedPriority([task(1, 10)], {
      server: { periodSeconds: 5, budgetSeconds: 0.9 },
    });
    assert.deepEqual(r.responseTimesSeconds, [null]);
  });
});

Deno.test("analyzeFixedPriority() response times match an exact slot-by-slot simulation of the critical instant", () => {
  // Integer tasks on a dedicated processor: simulate unit slots from a synchronous release.
  const prng = createPrng(2026, "rta", "sim");
  for (let k = 0; k < 200; k++) {
    const n = integer(prng, 1, 4);
    const tasks: PeriodicTask[] = [];
    for (let i = 0; i < n; i++) {
      const period = integer(prng, 3, 13);
      tasks.push(task(integer(prng, 1, 3), period, integer(prng, 2, period + 1), `t${i}`));
    }
    const r = analyzeFixedPriority(tasks);
    // Unit slots from the synchronous release; each task's work is served FIFO, so
    // its first job finishes when it has executed C units in total.
    const pending = tasks.map(() => 0);
    const executed = tasks.map(() => 0);
    const finish: (number | null)[] = tasks.map(() => null);
    for (let time = 0; time < 200; time++) {
      tasks.forEach((tk, i) => {
        if (time % tk.periodSeconds === 0) pending[i] = pending[i]! + tk.wcetSeconds;
      });
      const run = r.priorityOrder.find((i) => pending[i]! > 0);
      if (run === undefined) continue;
      pending[run]!--;
      executed[run]!++;
      if (executed[run] === tasks[run]!.wcetSeconds) finish[run] = time + 1;
    }
    for (let i = 0; i < n; i++) {
      const rt = r.responseTimesSeconds[i];
      if (rt === null || rt === undefined) {
        assert.ok(
          finish[i] === null || finish[i]! > tasks[i]!.deadlineSeconds,
          JSON.stringify(tasks),
        );
      } else {
        assert.equal(rt, finish[i], JSON.stringify(tasks));
      }
    }
  }
});

Deno.test("analyzeFixedPriority() in a server counts a demand of 0.1 + 0.2 as three budgets of 0.1, not four", () => {
  // Server (0.3, 0.1): blackout 0.4, then 0.1 every 0.3. b's demand 0.1 + 0.2 is met at
  // 0.4 + 2 · 0.3 + 0.1 = 1.1 <= 1.2; a fourth budget (rounding) would put it at 1.3.
  const tasks = [task(0.1, 2, 0.7, "a"), task(0.2, 2, 1.2, "b")];
  const server = { periodSeconds: 0.3, budgetSeconds: 0.1 };
  const r = analyzeFixedPriority(tasks, { server });
  assert.equal(r.schedulable, true);
  assert.ok(Math.abs(r.responseTimesSeconds[1]! - 1.1) < 1e-12, `${r.responseTimesSeconds[1]}`);
  const rta = responseTimeAnalysis(tasks, { server });
  assert.ok(Math.abs(rta.tasks[1]!.responseSeconds - 1.1) < 1e-12);
  assert.equal(rta.schedulable, true);
});
