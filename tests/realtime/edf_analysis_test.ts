import assert from "node:assert/strict";
import { createPrng, integer } from "../../mod.ts";
import { analyzeEdf, demandBound, type PeriodicTask, supplyBound } from "../../lib/realtime/mod.ts";
import { task } from "./_fixtures.ts";

/** Brute force: dbf(t) <= sbf(t) at every absolute deadline up to `horizon`. */
function bruteForce(
  tasks: PeriodicTask[],
  server: { periodSeconds: number; budgetSeconds: number },
  horizon: number,
): boolean {
  for (const tk of tasks) {
    for (let d = tk.deadlineSeconds; d <= horizon; d += tk.periodSeconds) {
      if (demandBound(tasks, d) > supplyBound(server, d) + 1e-9) return false;
    }
  }
  return true;
}

Deno.test("analyzeEdf() is exact for implicit deadlines: U <= 1 (Liu and Layland 1973)", async (t) => {
  await t.step("U = 1 exactly is schedulable", () => {
    const r = analyzeEdf([task(1, 2), task(1, 4), task(1, 4)]);
    assert.deepEqual(r, {
      schedulable: true,
      utilization: 1,
      bandwidth: 1,
      checkedUpToSeconds: 0,
      failureSeconds: null,
    });
  });
  await t.step("U slightly above 1 is not", () => {
    assert.equal(analyzeEdf([task(1, 2), task(1.01, 2)]).schedulable, false);
  });
  await t.step("capacity 2 halves the utilization", () => {
    const r = analyzeEdf([task(2, 2), task(1, 2)], { capacity: 2 });
    assert.equal(r.utilization, 0.75);
    assert.equal(r.schedulable, true);
  });
  await t.step("the empty set is schedulable", () => {
    assert.equal(analyzeEdf([]).schedulable, true);
  });
});

Deno.test("analyzeEdf() applies the processor-demand criterion to constrained deadlines", async (t) => {
  await t.step("U < 1 yet a deadline fails: dbf(3) = 4 > 3", () => {
    const r = analyzeEdf([task(2, 4, 3), task(2, 6, 3)]);
    assert.equal(r.schedulable, false);
    assert.equal(r.failureSeconds, 3);
  });
  await t.step("U = 1 with constrained deadlines uses the busy period", () => {
    // (1, 2, D 2), (2, 4, D 3): dbf(3) = 3, dbf(4) = 4 — schedulable at U = 1.
    const r = analyzeEdf([task(1, 2), task(2, 4, 3)]);
    assert.equal(r.schedulable, true);
    assert.equal(r.checkedUpToSeconds, 4);
  });
  await t.step("U > 1 reports a failing deadline", () => {
    const r = analyzeEdf([task(3, 4, 4), task(2, 5, 4)]);
    assert.equal(r.schedulable, false);
    assert.ok(r.failureSeconds !== null);
    assert.ok(demandBound([task(3, 4, 4), task(2, 5, 4)], r.failureSeconds) > r.failureSeconds);
  });
});

Deno.test("analyzeEdf() in a server: dbf <= sbf (Shin and Lee 2003)", async (t) => {
  const tk = task(1, 10);
  await t.step("Θ = 1 of Π = 5 suffices, 0.9 does not (sbf(10) = Θ)", () => {
    assert.equal(
      analyzeEdf([tk], { server: { periodSeconds: 5, budgetSeconds: 1 } }).schedulable,
      true,
    );
    const r = analyzeEdf([tk], { server: { periodSeconds: 5, budgetSeconds: 0.9 } });
    assert.equal(r.schedulable, false);
    assert.equal(r.failureSeconds, 10);
  });
  await t.step("U equal to the bandwidth (< 1) is unschedulable", () => {
    const r = analyzeEdf([task(1, 4), task(2, 8)], {
      server: { periodSeconds: 2, budgetSeconds: 1 },
    });
    assert.equal(r.schedulable, false);
  });
  await t.step("a dedicated server gives the dedicated verdict", () => {
    const tasks = [task(2, 4, 3), task(2, 6, 4)];
    assert.equal(
      analyzeEdf(tasks, { server: { periodSeconds: 1, budgetSeconds: 1 } }).schedulable,
      analyzeEdf(tasks).schedulable,
    );
  });
});

Deno.test("analyzeEdf() agrees with a brute-force scan of every deadline over 300 random integer task sets", () => {
  const prng = createPrng(2026, "edf", "brute");
  let schedulable = 0;
  for (let k = 0; k < 300; k++) {
    const n = integer(prng, 1, 4);
    const tasks: PeriodicTask[] = [];
    for (let i = 0; i < n; i++) {
      const period = [4, 6, 8, 12][integer(prng, 0, 4)]!;
      const wcet = integer(prng, 1, 3);
      const deadline = integer(prng, wcet, period + 1);
      tasks.push(task(wcet, period, deadline, `t${i}`));
    }
    const period = integer(prng, 1, 4);
    const server = { periodSeconds: period, budgetSeconds: integer(prng, 1, period + 1) };
    // Hyperperiod 24, server period <= 3: ten hyperperiods cover every failure these sizes produce.
    const expected = bruteForce(tasks, server, 240);
    const got = analyzeEdf(tasks, { server }).schedulable;
    assert.equal(got, expected, JSON.stringify({ tasks, server }));
    if (got) schedulable++;
  }
  assert.ok(schedulable > 30 && schedulable < 270, `${schedulable} schedulable`);
});

Deno.test("analyzeEdf() rejects a zero capacity", () => {
  assert.throws(() => analyzeEdf([task(1, 2)], { capacity: 0 }), {
    name: "RangeError",
    message:
      "Cannot analyze EDF schedulability as capacity must be a finite number > 0: current value is 0",
  });
});
