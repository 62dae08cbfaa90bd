import assert from "node:assert/strict";
import { createPrng, integer } from "../../mod.ts";
import { analyzeFixedPriority, utilizationBounds } from "../../lib/realtime/mod.ts";
import { dedicatedPlatform, hyperperiod, task } from "./_fixtures.ts";
import { simulateSchedule } from "../../lib/realtime/mod.ts";

Deno.test("utilizationBounds() gives n(2^(1/n) - 1): 1, 2(√2 - 1), and ln 2 in the limit", () => {
  assert.equal(utilizationBounds([task(1, 2)]).liuLaylandBound, 1);
  assert.ok(
    Math.abs(utilizationBounds([task(1, 4), task(1, 4)]).liuLaylandBound - 2 * (Math.SQRT2 - 1)) <
      1e-15,
  );
  const many = Array.from({ length: 10_000 }, () => task(1e-6, 1));
  assert.ok(Math.abs(utilizationBounds(many).liuLaylandBound - Math.LN2) < 1e-4);
  assert.equal(utilizationBounds([]).liuLayland, true);
});

Deno.test("utilizationBounds(): hyperbolic accepts every Liu-Layland set, and both are sound against simulated rate-monotonic schedules (300 random sets)", () => {
  let liu = 0;
  let hyperOnly = 0;
  for (let k = 0; k < 300; k++) {
    const prng = createPrng(5, "bounds", k);
    const n = integer(prng, 1, 5);
    const tasks = Array.from({ length: n }, (_, i) => {
      const period = [4, 5, 6, 8, 10, 12][integer(prng, 0, 6)]!;
      return task(integer(prng, 1, 4) / 2, period, period, `t${i}`);
    });
    const r = utilizationBounds(tasks);
    // Independent computations of both quantities.
    const u = tasks.reduce((s, t) => s + t.wcetSeconds / t.periodSeconds, 0);
    assert.ok(Math.abs(r.density - u) < 1e-12);
    const product = tasks.reduce((p, t) => p * (1 + t.wcetSeconds / t.periodSeconds), 1);
    assert.ok(Math.abs(r.hyperbolicProduct - product) < 1e-12);
    if (r.liuLayland) {
      liu++;
      assert.equal(r.hyperbolic, true, JSON.stringify(tasks));
    } else if (r.hyperbolic) hyperOnly++;
    if (r.hyperbolic) {
      const sim = simulateSchedule(dedicatedPlatform(tasks, "fixed-priority"), {
        horizonSeconds: hyperperiod(tasks),
      });
      assert.equal(sim.totalMissed, 0, JSON.stringify(tasks));
      assert.equal(analyzeFixedPriority(tasks).schedulable, true);
    }
  }
  assert.ok(liu > 30 && hyperOnly > 0, `${liu} Liu-Layland, ${hyperOnly} hyperbolic only`);
});

Deno.test("utilizationBounds() uses densities C/D for constrained deadlines and rejects bad task sets naming the field", async (t) => {
  await t.step("density", () => {
    const r = utilizationBounds([task(1, 10, 2)]);
    assert.equal(r.density, 0.5);
    assert.equal(r.hyperbolicProduct, 1.5);
  });
  await t.step("deadline beyond the period", () => {
    assert.throws(() => utilizationBounds([task(1, 4, 5)]), {
      name: "RangeError",
      message:
        "Cannot test utilization bounds as tasks[0].deadlineSeconds must be <= periodSeconds (4): current value is 5",
    });
  });
  await t.step("zero, negative and NaN periods", () => {
    for (const bad of [0, -1, NaN]) {
      assert.throws(
        () => utilizationBounds([task(1, 4), { ...task(1, 4), periodSeconds: bad }]),
        (e: Error) => e.message.includes("tasks[1].periodSeconds"),
      );
    }
  });
  await t.step("zero capacity", () => {
    assert.throws(() => utilizationBounds([task(1, 4)], { capacity: 0 }), /options\.capacity/);
  });
});

Deno.test("utilizationBounds() accepts a set exactly on both bounds: U = n(2^(1/n) − 1) and Π(U_i + 1) = 2 are schedulable (the tests are <=)", () => {
  // One task with C = T = 2: U = 1 = 1·(2^1 − 1), the Liu-Layland bound for n = 1, and
  // (1 + 1) = 2, the hyperbolic bound (Bini et al. 2003); both theorems read U <= bound,
  // and rate-monotonic meets the deadline (the task runs alone, R = C = D).
  const one = utilizationBounds([task(2, 2)]);
  assert.equal(one.density, 1);
  assert.equal(one.liuLaylandBound, 1);
  assert.equal(one.liuLayland, true);
  assert.equal(one.hyperbolicProduct, 2);
  assert.equal(one.hyperbolic, true);
  assert.equal(one.edfDensity, true);
  // Densities 1/2 and 1/3 (C/D with D < T): (1 + 1/2)(1 + 1/3) = 2 exactly in reals.
  const two = utilizationBounds([task(1, 4, 2), task(1, 6, 3)]);
  assert.ok(Math.abs(two.hyperbolicProduct - 2) < 1e-15);
  assert.equal(two.hyperbolic, true);
});
