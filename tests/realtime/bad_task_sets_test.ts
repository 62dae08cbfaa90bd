// Issue 12, "Tests must show": bad task sets (zero or negative periods, deadlines beyond
// periods where unsupported, NaN) get errors naming the field and the value, in every
// analysis of the real-time migration method.
import assert from "node:assert/strict";
import {
  affordableDowntime,
  analyzeEdf,
  analyzeFixedPriority,
  minimumBudget,
  partitionTasks,
  type PeriodicTask,
  planRealTimeMigrations,
  type Platform,
  responseTimeAnalysis,
  schedulableInServer,
  scheduleAffordableDowntime,
  simulateSchedule,
  utilizationBounds,
} from "../../lib/realtime/mod.ts";
import { processor, task, vm } from "./_fixtures.ts";

const server = { periodSeconds: 1, budgetSeconds: 1 };
const platformOf = (t: PeriodicTask): Platform => ({
  processors: [processor("p0"), processor("p1")],
  vms: [vm("v", [t], server)],
  placement: [0],
});

/** Each analysis, where its task list sits, and whether it allows deadlines beyond periods. */
const ANALYSES: [string, string, boolean, (t: PeriodicTask) => unknown][] = [
  ["utilizationBounds", "tasks[0]", false, (t) => utilizationBounds([t])],
  ["analyzeEdf", "tasks[0]", true, (t) => analyzeEdf([t])],
  ["analyzeFixedPriority", "tasks[0]", false, (t) => analyzeFixedPriority([t])],
  ["responseTimeAnalysis", "tasks[0]", true, (t) => responseTimeAnalysis([t])],
  ["partitionTasks", "tasks[0]", false, (t) => partitionTasks([t], 2)],
  [
    "affordableDowntime (EDF)",
    "vm.tasks[0]",
    false,
    (t) => affordableDowntime({ tasks: [t], scheduler: "edf", server }),
  ],
  [
    "affordableDowntime (DM)",
    "vm.tasks[0]",
    false,
    (t) => affordableDowntime({ tasks: [t], scheduler: "fixed-priority", server }),
  ],
  [
    "schedulableInServer",
    "vm.tasks[0]",
    false,
    (t) => schedulableInServer({ tasks: [t], scheduler: "edf", server }),
  ],
  [
    "simulateSchedule",
    "platform.vms[0].tasks[0]",
    true,
    (t) => simulateSchedule(platformOf(t), { horizonSeconds: 8 }),
  ],
  [
    "scheduleAffordableDowntime",
    "platform.vms[0].tasks[0]",
    false,
    (t) => scheduleAffordableDowntime(platformOf(t), { vm: 0, fromSeconds: 0, spanSeconds: 1 }),
  ],
  [
    "planRealTimeMigrations",
    "platform.vms[0].tasks[0]",
    false,
    (t) => planRealTimeMigrations(platformOf(t), [0], { seed: 1 }),
  ],
];

const BAD: [string, keyof PeriodicTask, number][] = [
  ["zero period", "periodSeconds", 0],
  ["negative period", "periodSeconds", -1],
  ["NaN period", "periodSeconds", NaN],
  ["infinite period", "periodSeconds", Infinity],
  ["NaN WCET", "wcetSeconds", NaN],
  ["negative WCET", "wcetSeconds", -1],
  ["zero deadline", "deadlineSeconds", 0],
  ["NaN deadline", "deadlineSeconds", NaN],
];

for (const [name, where, arbitraryDeadlines, analyse] of ANALYSES) {
  Deno.test(`${name}() rejects bad task sets naming the field and the value`, async (t) => {
    const good = task(1, 4);
    analyse(good); // the template itself is accepted
    for (const [label, field, value] of BAD) {
      await t.step(label, () => {
        assert.throws(() => analyse({ ...good, [field]: value }), (e: Error) => {
          assert.ok(e instanceof RangeError, `${e.name}: ${e.message}`);
          assert.match(e.message, new RegExp(`${where.replaceAll(/[.[\]]/g, "\\$&")}\\.${field}`));
          assert.ok(e.message.endsWith(`current value is ${value}`), e.message);
          return true;
        });
      });
    }
    await t.step(
      `a deadline beyond the period is ${arbitraryDeadlines ? "accepted" : "rejected"}`,
      () => {
        const late = { ...good, deadlineSeconds: 6 };
        if (arbitraryDeadlines) analyse(late);
        else {
          assert.throws(() => analyse(late), {
            name: "RangeError",
            message: new RegExp(
              `${
                where.replaceAll(/[.[\]]/g, "\\$&")
              }\\.deadlineSeconds must be <= periodSeconds \\(4\\): current value is 6$`,
            ),
          });
        }
      },
    );
  });
}

Deno.test("the analyses name a bad option by its place in options, as their options are passed", () => {
  const tasks = [task(1, 4)];
  const cases: [() => unknown, string][] = [
    [() => analyzeEdf(tasks, { capacity: 0 }), "options.capacity"],
    [() => analyzeFixedPriority(tasks, { capacity: NaN }), "options.capacity"],
    [
      () => analyzeEdf(tasks, { server: { periodSeconds: 1, budgetSeconds: 2 } }),
      "options.server.budgetSeconds",
    ],
    [
      () => analyzeFixedPriority(tasks, { server: { periodSeconds: -1, budgetSeconds: 1 } }),
      "options.server.periodSeconds",
    ],
    [
      () => schedulableInServer({ tasks, scheduler: "edf", server }, { capacity: -1 }),
      "options.capacity",
    ],
    [() => minimumBudget(tasks, "edf", 1, { capacity: 0 }), "options.capacity"],
    [() => minimumBudget(tasks, "edf", 1, { toleranceSeconds: 0 }), "options.toleranceSeconds"],
  ];
  for (const [run, field] of cases) {
    assert.throws(
      run,
      (e: Error) => e instanceof RangeError && e.message.includes(` as ${field} `),
    );
  }
});
