import assert from "node:assert/strict";
import { createPrng } from "../../mod.ts";
import {
  minimumBudget,
  randomTaskSet,
  schedulableInServer,
  uunifast,
} from "../../lib/realtime/mod.ts";
import { task } from "./_fixtures.ts";

Deno.test("minimumBudget() finds Θ = 1 for (1, 10) in a server of period 5 (sbf(10) = Θ)", () => {
  for (const scheduler of ["edf", "fixed-priority"] as const) {
    const budget = minimumBudget([task(1, 10)], scheduler, 5)!;
    assert.ok(Math.abs(budget - 1) <= 5e-6, `${scheduler}: ${budget}`);
  }
});

Deno.test("minimumBudget() is tight: the result is schedulable and the result minus 2·tolerance is not", () => {
  for (let k = 0; k < 30; k++) {
    const tasks = randomTaskSet(createPrng(2026, "budget", k), {
      taskCount: 3,
      utilization: 0.2,
      minDeadlineRatio: 0.6,
    });
    for (const scheduler of ["edf", "fixed-priority"] as const) {
      const tol = 1e-7;
      const budget = minimumBudget(tasks, scheduler, 0.005, { toleranceSeconds: tol })!;
      const server = (b: number) => ({ periodSeconds: 0.005, budgetSeconds: b });
      assert.ok(schedulableInServer({ tasks, scheduler, server: server(budget) }));
      assert.ok(!schedulableInServer({ tasks, scheduler, server: server(budget - 2 * tol) }));
    }
  }
});

Deno.test("minimumBudget() grows with the load: scaling every WCET up never lowers it", () => {
  const shares = uunifast(createPrng(2026, "budget", "monotone"), 4, 1);
  const periods = [0.02, 0.03, 0.05, 0.1];
  for (const scheduler of ["edf", "fixed-priority"] as const) {
    let previous = 0;
    for (const load of [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]) {
      const tasks = shares.map((u, i) => task(u * load * periods[i]!, periods[i]!));
      const budget = minimumBudget(tasks, scheduler, 0.005)!;
      assert.ok(budget >= previous - 5e-9, `${scheduler} at ${load}: ${budget} < ${previous}`);
      assert.ok(budget >= load * 0.005 - 1e-12, "no budget below U·Π");
      previous = budget;
    }
  }
});

Deno.test("minimumBudget() returns 0 for no task and null when even a dedicated processor fails", () => {
  assert.equal(minimumBudget([], "edf", 1), 0);
  assert.equal(minimumBudget([task(3, 4), task(2, 4)], "edf", 1), null);
  assert.equal(minimumBudget([task(2, 5), task(4, 7)], "fixed-priority", 1), null);
});

Deno.test("minimumBudget() rejects a zero period", () => {
  assert.throws(() => minimumBudget([task(1, 4)], "edf", 0), {
    name: "RangeError",
    message:
      "Cannot find the minimum budget as periodSeconds must be a finite number > 0: current value is 0",
  });
});
