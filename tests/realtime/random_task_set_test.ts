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

Deno.test("randomTaskSet() rejects a prng draw outside [0, 1) for a period or a deadline", async (t) => {
  const message = (draw: string) =>
    `Cannot draw a task set as prng must return numbers in [0, 1): current value is a draw of ${draw}`;
  const bads: [unknown, string][] = [
    [NaN, "NaN"],
    [-0.5, "-0.5"],
    [1.5, "1.5"],
    [undefined, "undefined"],
    ["0.3", '"0.3"'],
  ];
  for (const [bad, shown] of bads) {
    await t.step(`a period of one task drawn from ${shown}`, () => {
      // one task: UUniFast draws nothing, so the period took the first draw
      // (was a task of period NaN, or 0.003 s and 0.316 s outside [0.01, 0.1])
      assert.throws(() => randomTaskSet(() => bad as number, { taskCount: 1, utilization: 0.5 }), {
        name: "RangeError",
        message: message(shown),
      });
    });
  }
  await t.step("a deadline drawn from NaN after valid draws", () => {
    let draws = 0;
    const prng = () => ++draws <= 2 ? 0.5 : NaN; // UUniFast's draw, the period, the deadline
    assert.throws(
      () => randomTaskSet(prng, { taskCount: 2, utilization: 0.5, minDeadlineRatio: 0.5 }),
      { name: "RangeError", message: message("NaN") },
    );
  });
  await t.step("a valid generator of the caller's gives createPrng's tasks", () => {
    const options = { taskCount: 5, utilization: 0.7, minDeadlineRatio: 0.5 };
    const own = createPrng(9, "tasks");
    assert.deepEqual(
      randomTaskSet(() => own(), options),
      randomTaskSet(createPrng(9, "tasks"), options),
    );
  });
});
