import assert from "node:assert/strict";
import { createPrng } from "../../mod.ts";
import {
  analyzeEdf,
  analyzeFixedPriority,
  randomTaskSet,
  schedulableInServer,
} from "../../lib/realtime/mod.ts";
import { task } from "./_fixtures.ts";

Deno.test("schedulableInServer() follows the VM's scheduler and the capacity", async (t) => {
  const tasks = [task(1, 10)];
  await t.step("EDF: Θ = 1 of Π = 5 suffices", () => {
    assert.equal(
      schedulableInServer({
        tasks,
        scheduler: "edf",
        server: { periodSeconds: 5, budgetSeconds: 1 },
      }),
      true,
    );
  });
  await t.step("fixed priority: Θ = 0.9 fails on capacity 1, passes on capacity 2", () => {
    const vm = {
      tasks,
      scheduler: "fixed-priority" as const,
      server: { periodSeconds: 5, budgetSeconds: 0.9 },
    };
    assert.equal(schedulableInServer(vm), false);
    assert.equal(schedulableInServer(vm, { capacity: 2 }), true);
  });
  await t.step("a VM without tasks is schedulable", () => {
    assert.equal(
      schedulableInServer({
        tasks: [],
        scheduler: "edf",
        server: { periodSeconds: 1, budgetSeconds: 0.1 },
      }),
      true,
    );
  });
});

Deno.test("schedulableInServer() equals analyzeEdf / analyzeFixedPriority with the server on 100 random sets", () => {
  for (let k = 0; k < 100; k++) {
    const prng = createPrng(2026, "in-server", k);
    const tasks = randomTaskSet(prng, { taskCount: 4, utilization: 0.3, minDeadlineRatio: 0.5 });
    const server = { periodSeconds: 0.005, budgetSeconds: 0.001 + 0.004 * prng() };
    assert.equal(
      schedulableInServer({ tasks, scheduler: "edf", server }),
      analyzeEdf(tasks, { server }).schedulable,
    );
    assert.equal(
      schedulableInServer({ tasks, scheduler: "fixed-priority", server }),
      analyzeFixedPriority(tasks, { server }).schedulable,
    );
    // EDF is optimal: whatever fixed priority schedules, EDF schedules.
    if (schedulableInServer({ tasks, scheduler: "fixed-priority", server })) {
      assert.ok(schedulableInServer({ tasks, scheduler: "edf", server }));
    }
  }
});

Deno.test("schedulableInServer() rejects an unknown scheduler", () => {
  assert.throws(
    () =>
      schedulableInServer({
        tasks: [],
        scheduler: "rm" as never,
        server: { periodSeconds: 1, budgetSeconds: 1 },
      }),
    {
      name: "TypeError",
      message:
        'Cannot test schedulability in a server as vm.scheduler must be one of "edf", "fixed-priority": current value is "rm"',
    },
  );
});
