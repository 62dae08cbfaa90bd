import assert from "node:assert/strict";
import { utilization } from "../../lib/realtime/mod.ts";
import { task } from "./_fixtures.ts";

Deno.test("utilization() sums C/T (Buttazzo's three tasks give 5/6)", async (t) => {
  await t.step("three tasks", () => {
    const u = utilization([task(1, 4), task(2, 6), task(3, 12)]);
    assert.ok(Math.abs(u - 5 / 6) < 1e-15);
  });
  await t.step("empty set is 0", () => assert.equal(utilization([]), 0));
  await t.step("deadlines do not matter", () => {
    assert.equal(utilization([task(1, 4, 2)]), 0.25);
  });
});

Deno.test("utilization() rejects malformed tasks with std-style messages", async (t) => {
  await t.step("not an array", () => {
    assert.throws(() => utilization(5 as never), {
      name: "TypeError",
      message: "Cannot compute utilization as tasks must be an array: current value is 5",
    });
  });
  await t.step("deadline above period", () => {
    assert.throws(() => utilization([task(1, 4, 5)]), {
      name: "RangeError",
      message:
        "Cannot compute utilization as tasks[0].deadlineSeconds must be <= periodSeconds (4): current value is 5",
    });
  });
  await t.step("zero WCET", () => {
    assert.throws(() => utilization([task(0, 4)]), {
      name: "RangeError",
      message:
        "Cannot compute utilization as tasks[0].wcetSeconds must be a finite number > 0: current value is 0",
    });
  });
  await t.step("missing name", () => {
    assert.throws(
      () => utilization([{ periodSeconds: 1, wcetSeconds: 1, deadlineSeconds: 1 } as never]),
      TypeError,
    );
  });
});
