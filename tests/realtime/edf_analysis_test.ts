import assert from "node:assert/strict";
import { createPrng, integer } from "../../mod.ts";
import {
  analyzeEdf,
  analyzeFixedPriority,
  demandBound,
  type PeriodicTask,
  simulateSchedule,
  supplyBound,
} from "../../lib/realtime/mod.ts";
import { dedicatedPlatform, hyperperiod, task } from "./_fixtures.ts";

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
      iterations: 0,
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
      "Cannot analyze EDF schedulability as options.capacity must be a finite number > 0: current value is 0",
  });
});

Deno.test("analyzeEdf() returns the earliest failing deadline: brute force over every deadline, and the simulated first miss on a dedicated processor (300 random sets, deadlines up to 2T)", () => {
  let failing = 0;
  let several = 0;
  for (let k = 0; k < 300; k++) {
    const prng = createPrng(21, "edf-earliest", k);
    const n = integer(prng, 1, 5);
    const tasks = Array.from({ length: n }, (_, i) => {
      const period = [3, 4, 6, 8, 12][integer(prng, 0, 5)]!;
      const wcet = integer(prng, 1, 4);
      return task(wcet, period, integer(prng, 1, 2 * period + 1), `t${i}`);
    });
    const r = analyzeEdf(tasks);
    // Brute force: every absolute deadline up to 60 hyperperiods + max D, ascending (with
    // integer C and T, U > 1 means U >= 1 + 1/H, so demand passes supply well before).
    const horizon = 60 * hyperperiod(tasks) + 24;
    const deadlines = [
      ...new Set(tasks.flatMap((t) => {
        const out: number[] = [];
        for (let d = t.deadlineSeconds; d <= horizon; d += t.periodSeconds) out.push(d);
        return out;
      })),
    ].sort((a, b) => a - b);
    const failures = deadlines.filter((d) => demandBound(tasks, d) > d);
    assert.equal(r.failureSeconds, failures[0] ?? null, JSON.stringify(tasks));
    assert.equal(r.schedulable, failures.length === 0);
    if (failures.length > 0) {
      failing++;
      if (failures.length > 1) several++;
      const sim = simulateSchedule(dedicatedPlatform(tasks, "edf"), {
        horizonSeconds: failures[0]! + 1,
      });
      assert.equal(sim.firstMissSeconds, r.failureSeconds, JSON.stringify(tasks));
    }
  }
  assert.ok(failing > 30 && several > 10, `${failing} failing, ${several} with several failures`);
});

Deno.test("analyzeEdf() accepts deadlines beyond periods (exact demand test) while the fixed-priority and utilization-bound tests reject them naming the field", () => {
  // dbf with D > T: (C 2, T 4, D 6) and (C 3, T 6, D 8): dbf(6) = 2, dbf(8) = 5, dbf(10) = 7.
  const tasks = [task(2, 4, 6), task(3, 6, 8)];
  assert.equal(demandBound(tasks, 10), 7);
  assert.equal(analyzeEdf(tasks).schedulable, true);
  // U = 5/4: dbf(5) = 5 still fits, dbf(9) = 10 does not.
  assert.equal(analyzeEdf([task(3, 4, 5), task(2, 4, 5)]).failureSeconds, 9);
  assert.throws(() => analyzeFixedPriority(tasks), {
    name: "RangeError",
    message:
      "Cannot analyze fixed-priority schedulability as tasks[0].deadlineSeconds must be <= periodSeconds (4): current value is 6",
  });
  assert.throws(
    () => analyzeEdf([{ ...task(1, 4), periodSeconds: NaN }]),
    /tasks\[0\]\.periodSeconds/,
  );
  assert.throws(
    () => analyzeEdf([{ ...task(1, 4), deadlineSeconds: 0 }]),
    /tasks\[0\]\.deadlineSeconds/,
  );
});

Deno.test("analyzeEdf() examines the short deadlines beside a task whose deadline exceeds its period", async (t) => {
  // A task with D > T adds nothing to dbf before D, so it must not shrink the bound L*
  // (Σ (T_i − D_i) U_i would be −0.625 here and only t = 1 would be examined).
  const tasks = [task(1.5, 6, 15, "long"), task(1.75, 4, 2, "a"), task(1, 4, 1, "b")];
  await t.step("dedicated: dbf(2) = 2.75 > 2 is the first miss", () => {
    assert.equal(demandBound(tasks, 2), 2.75);
    const r = analyzeEdf(tasks);
    assert.equal(r.schedulable, false);
    assert.equal(r.failureSeconds, 2);
    const sim = simulateSchedule(dedicatedPlatform(tasks, "edf"), { horizonSeconds: 12 });
    assert.equal(sim.firstMissSeconds, 2);
  });
  await t.step("in a server: dbf(2) = 1.75 > sbf(2) = 1.7", () => {
    const inServer = [task(1.5, 6, 15, "long"), task(1.5, 4, 2, "a"), task(0.25, 4, 1, "b")];
    const server = { periodSeconds: 1, budgetSeconds: 0.9 };
    assert.equal(bruteForce(inServer, server, 240), false);
    const r = analyzeEdf(inServer, { server });
    assert.equal(r.schedulable, false);
    assert.equal(r.failureSeconds, 2);
  });
});

Deno.test("analyzeEdf() in a server with U = α: a deadline far beyond the period can keep the demand within the supply", async (t) => {
  const server = { periodSeconds: 1, budgetSeconds: 0.25 };
  await t.step("(C 1, T 4, D 15): dbf(15 + 4k) = k + 1 <= sbf = k + 3.5", () => {
    const tasks = [task(1, 4, 15)];
    assert.equal(bruteForce(tasks, server, 400), true);
    const r = analyzeEdf(tasks, { server });
    assert.equal(r.utilization, r.bandwidth);
    assert.equal(r.schedulable, true);
  });
  await t.step("a short deadline before the bound still fails", () => {
    const tasks = [task(0.5, 4, 13), task(0.5, 4, 1)];
    assert.equal(bruteForce(tasks, server, 400), false);
    assert.equal(analyzeEdf(tasks, { server }).failureSeconds, 1);
  });
  await t.step("every D <= T: unschedulable, as before", () => {
    assert.equal(analyzeEdf([task(1, 4, 4)], { server }).schedulable, false);
    assert.equal(bruteForce([task(1, 4, 4)], server, 400), false);
  });
});

Deno.test("analyzeEdf() in a server with U = α where no linear bound holds: exact over t0 + H, dbf − sbf repeating with the hyperperiod", async (t) => {
  // Γ = (2, 1): α = 0.5, 2α(Π − Θ) = 1; one task (C 0.5, T 1) has U = α, and with D = 2.9,
  // Σ U_i (T_i − D_i) = −0.95 leaves 0.05 > 0: the linear bounds decide nothing
  const server = { periodSeconds: 2, budgetSeconds: 1 };
  await t.step(
    "D = 2.9: dbf(2.9 + k) = 0.5 (k + 1) never above sbf, equal at 3.9, 5.9, ...",
    () => {
      const tasks = [task(0.5, 1, 2.9)];
      assert.equal(bruteForce(tasks, server, 400), true);
      const r = analyzeEdf(tasks, { server });
      assert.equal(r.schedulable, true);
      // t0 = max(Π − Θ, D − T) = 1.9, H = lcm(1, 2) = 2
      assert.ok(Math.abs(r.checkedUpToSeconds - 3.9) < 1e-12, `${r.checkedUpToSeconds}`);
    },
  );
  await t.step("D = 2.4: dbf(2.4) = 0.5 > sbf(2.4) = 0.4, the failing deadline named", () => {
    const r = analyzeEdf([task(0.5, 1, 2.4)], { server });
    assert.equal(r.schedulable, false);
    assert.equal(r.failureSeconds, 2.4);
  });
  await t.step("decimal periods: 0.3 s and 0.5 s in Γ = (0.2, 0.1), H = 3 s", () => {
    // C 0.06 of T 0.3 (U 0.2) and C 0.15 of T 0.5 (U 0.3): U = 0.5 = α; t0 = 0.15, H = 3
    const tasks = [task(0.06, 0.3, 0.45), task(0.15, 0.5, 0.65)];
    const decimal = { periodSeconds: 0.2, budgetSeconds: 0.1 };
    const r = analyzeEdf(tasks, { server: decimal });
    assert.ok(Math.abs(r.utilization - 0.5) < 1e-12);
    assert.equal(bruteForce(tasks, decimal, 60), true);
    assert.equal(r.schedulable, true);
    assert.ok(r.checkedUpToSeconds > 3 && r.checkedUpToSeconds < 3.3, `${r.checkedUpToSeconds}`);
  });
  await t.step(
    "200 seeded sets with U = α exactly: the verdict and the earliest failure of a brute-force scan",
    () => {
      const prng = createPrng(2026, "edf", "u-equals-alpha");
      let decided = 0, schedulable = 0;
      for (let k = 0; k < 200; k++) {
        // shares of 0.5 in sixteenths, periods 1, 2 or 4, deadlines T + j/8: every value exact
        const n = integer(prng, 1, 4);
        const cuts = [0, ...Array.from({ length: n - 1 }, () => integer(prng, 0, 9)), 8].sort((
          a,
          b,
        ) => a - b);
        const tasks: PeriodicTask[] = [];
        for (let i = 0; i < n; i++) {
          const share = (cuts[i + 1]! - cuts[i]!) / 16;
          if (share === 0) continue;
          const period = [1, 2, 4][integer(prng, 0, 3)]!;
          tasks.push(task(share * period, period, period + integer(prng, 0, 13) / 8, `t${i}`));
        }
        const half = { periodSeconds: 1, budgetSeconds: 0.5 };
        let shift = 0.5;
        for (const tk of tasks) {
          shift += (tk.periodSeconds - tk.deadlineSeconds) * tk.wcetSeconds / tk.periodSeconds;
        }
        if (!(shift > 0)) continue;
        decided++;
        const r = analyzeEdf(tasks, { server: half });
        // the brute force: every deadline over 100 hyperperiods (H <= 4, t0 <= 2.5)
        let earliest: number | null = null;
        for (const tk of tasks) {
          for (let d = tk.deadlineSeconds; d <= 400; d += tk.periodSeconds) {
            if (demandBound(tasks, d) > supplyBound(half, d) + 1e-9) {
              if (earliest === null || d < earliest) earliest = d;
              break;
            }
          }
        }
        assert.equal(r.schedulable, earliest === null, JSON.stringify(tasks));
        assert.equal(r.failureSeconds, earliest, JSON.stringify(tasks));
        if (r.schedulable) schedulable++;
      }
      assert.ok(
        decided > 100 && schedulable > 10 && schedulable < decided - 10,
        `${decided} ${schedulable}`,
      );
    },
  );
});

Deno.test("analyzeEdf(): QPA jumps back to sbf⁻¹(dbf(t)), and a server's scan bound is (Σ U_i (T_i − D_i) + α · 2(Π − Θ)) / (α − U) (hand-iterated)", async (t) => {
  await t.step("QPA on a dedicated processor: 3 deadlines of the 5 below L", () => {
    // τ1 (1, 2, 2), τ2 (4.5, 10, 9): U = 0.95; L = min((0 + 0.45) / 0.05, busy 9.5) = 9.
    // Deadlines up to 9: 2, 4, 6, 8, 9. QPA (Zhang and Burns 2009): dbf(9) = 4 + 4.5 = 8.5
    // → last deadline below 8.5 is 8; dbf(8) = 4 → below 4: 2; dbf(2) = 1 → none below 1.
    const r = analyzeEdf([task(1, 2, 2), task(4.5, 10, 9)]);
    assert.equal(r.schedulable, true);
    assert.ok(Math.abs(r.checkedUpToSeconds - 9) < 1e-9);
    assert.equal(r.iterations, 3);
  });
  await t.step("server Γ = (0.5, 0.15): the blackout term is scaled by α", () => {
    // One task (1, 4, 4): U = 0.25, α = 0.3, 2(Π − Θ) = 0.7, no deadline slack:
    // bound = 0.3 · 0.7 / (0.3 − 0.25) = 4.2 (sbf(t) >= α(t − 0.7) >= U t beyond it).
    // Schedulable: sbf(4) = 7 · 0.15 = 1.05 >= 1, sbf(8) = 15 · 0.15 = 2.25 >= 2.
    const r = analyzeEdf([task(1, 4, 4)], { server: { periodSeconds: 0.5, budgetSeconds: 0.15 } });
    assert.equal(r.schedulable, true);
    assert.ok(Math.abs(r.checkedUpToSeconds - 4.2) < 1e-9, `${r.checkedUpToSeconds}`);
  });
});

Deno.test("analyzeEdf() and the simulator refuse a task whose utilization overflows, by name", () => {
  // found by the realtime fuzz test (FUZZ_RUNS=5): a period of 5e-323 s made U = Infinity,
  // and analyzeEdf returned checkedUpToSeconds NaN (Infinity / Infinity)
  const tasks = [task(1, 4, 3, "a"), task(2, 5e-323, 6, "b")];
  const message =
    "Cannot analyze EDF schedulability as tasks[1].wcetSeconds / periodSeconds (its utilization) must be finite: current value is Infinity";
  assert.throws(() => analyzeEdf(tasks), { name: "RangeError", message });
  assert.throws(
    () => simulateSchedule(dedicatedPlatform(tasks, "edf"), { horizonSeconds: 10 }),
    {
      name: "RangeError",
      message: /tasks\[1\]\.wcetSeconds \/ periodSeconds \(its utilization\) must be finite/,
    },
  );
});
