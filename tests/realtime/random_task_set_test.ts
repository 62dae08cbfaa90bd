import assert from "node:assert/strict";
import { createPrng } from "../../mod.ts";
import { randomTaskSet, utilization } from "../../lib/realtime/mod.ts";

Deno.test("randomTaskSet() draws periods on the grid within range and deadlines in [max(C, rT), T]", () => {
  for (let k = 0; k < 50; k++) {
    const tasks = randomTaskSet(createPrng(2026, "taskset", k), {
      taskCount: 6,
      utilization: 0.9,
      minPeriodSeconds: 0.01,
      maxPeriodSeconds: 0.2,
      minDeadlineRatio: 0.5,
    });
    assert.equal(tasks.length, 6);
    assert.deepEqual(tasks.map((t) => t.name), ["t0", "t1", "t2", "t3", "t4", "t5"]);
    for (const t of tasks) {
      assert.ok(t.periodSeconds >= 0.01 - 1e-12 && t.periodSeconds <= 0.2 + 1e-12);
      const steps = t.periodSeconds / 0.001;
      assert.ok(Math.abs(steps - Math.round(steps)) < 1e-9);
      assert.ok(t.deadlineSeconds <= t.periodSeconds);
      assert.ok(t.deadlineSeconds >= Math.max(t.wcetSeconds, 0.5 * t.periodSeconds) - 1e-12);
    }
    assert.ok(Math.abs(utilization(tasks) - 0.9) < 1e-9);
  }
});

Deno.test("randomTaskSet() is a function of the seed", () => {
  const options = { taskCount: 5, utilization: 0.5 };
  assert.deepEqual(
    randomTaskSet(createPrng(7, "a"), options),
    randomTaskSet(createPrng(7, "a"), options),
  );
  assert.notDeepEqual(
    randomTaskSet(createPrng(7, "a"), options),
    randomTaskSet(createPrng(7, "b"), options),
  );
});

Deno.test("randomTaskSet() rejects an inverted period range", () => {
  assert.throws(
    () =>
      randomTaskSet(createPrng(1), {
        taskCount: 2,
        utilization: 0.5,
        minPeriodSeconds: 1,
        maxPeriodSeconds: 0.5,
      }),
    {
      name: "RangeError",
      message:
        "Cannot draw a task set as options.maxPeriodSeconds must be >= options.minPeriodSeconds (1): current value is 0.5",
    },
  );
});

Deno.test("randomTaskSet() names option fields as options.<field>", () => {
  const cases: [Record<string, unknown>, string, string][] = [
    [
      { taskCount: 0 },
      "RangeError",
      "options.taskCount must be an integer >= 1: current value is 0",
    ],
    [
      { utilization: -1 },
      "RangeError",
      "options.utilization must be a finite number >= 0: current value is -1",
    ],
    [
      { minPeriodSeconds: 0 },
      "RangeError",
      "options.minPeriodSeconds must be a finite number > 0: current value is 0",
    ],
    [
      { periodGranularitySeconds: -1 },
      "RangeError",
      "options.periodGranularitySeconds must be a finite number >= 0: current value is -1",
    ],
    [
      { minDeadlineRatio: 2 },
      "RangeError",
      "options.minDeadlineRatio must be in [0, 1]: current value is 2",
    ],
    [{ namePrefix: 1 }, "TypeError", "options.namePrefix must be a string: current value is 1"],
  ];
  for (const [bad, name, message] of cases) {
    assert.throws(
      () => randomTaskSet(createPrng(1), { taskCount: 2, utilization: 0.5, ...bad } as never),
      { name, message: `Cannot draw a task set as ${message}` },
    );
  }
});
