import assert from "node:assert/strict";
import { checkPlacement, simulateSchedule, utilization } from "../../lib/realtime/mod.ts";
import { processor, task, vm } from "./_fixtures.ts";

Deno.test("utilization() refuses a misspelt optional task field instead of reading it as absent", () => {
  // `offsetSecond` for `offsetSeconds` would otherwise release the first job at 0.
  const tasks = [{ ...task(1, 4), offsetSecond: 2 }];
  assert.throws(() => utilization(tasks), {
    name: "TypeError",
    message:
      'Cannot compute utilization as "offsetSecond" must be a known key of tasks[0] ("name", "periodSeconds", "wcetSeconds", "deadlineSeconds", "offsetSeconds"): current value is 2',
  });
});

Deno.test("simulateSchedule() still reads a correctly spelt offset (the refusal is of unknown keys only)", () => {
  // One task C = 1, T = 4 with offset 2 on a dedicated server (Θ = Π) over [0, 5): one job,
  // released at 2 (without the offset there would be two, at 0 and 4).
  const platform = {
    processors: [processor("p0")],
    vms: [vm("a", [{ ...task(1, 4), offsetSeconds: 2 }], { periodSeconds: 1, budgetSeconds: 1 })],
    placement: [0],
  };
  const row = simulateSchedule(platform, { horizonSeconds: 5 }).tasks[0]!;
  assert.equal(row.released, 1);
  assert.equal(row.completed, 1);
  assert.equal(row.maxResponseSeconds, 1);
});

Deno.test("checkPlacement() names an unknown field of the platform, a processor or a VM", async (t) => {
  const base = () => ({
    processors: [processor("p0")],
    vms: [vm("a", [task(1, 10)], { periodSeconds: 5, budgetSeconds: 1 })],
    placement: [0],
  });
  await t.step("platform", () => {
    assert.throws(() => checkPlacement({ ...base(), placements: [0] } as never), {
      name: "TypeError",
      message:
        'Cannot check a placement as "placements" must be a known key of platform ("processors", "vms", "placement"): current value is [0]',
    });
  });
  await t.step("processor", () => {
    const platform = base();
    Object.assign(platform.processors[0]!, { speed: 2 });
    assert.throws(() => checkPlacement(platform), {
      name: "TypeError",
      message:
        'Cannot check a placement as "speed" must be a known key of platform.processors[0] ("name", "capacity", "ramBytes", "link"): current value is 2',
    });
  });
  await t.step("VM", () => {
    const platform = base();
    Object.assign(platform.vms[0]!, { sched: "edf" });
    assert.throws(() => checkPlacement(platform), {
      name: "TypeError",
      message:
        'Cannot check a placement as "sched" must be a known key of platform.vms[0] ("name", "tasks", "scheduler", "server", "image"): current value is "edf"',
    });
  });
  await t.step("the same platform without them is accepted", () => {
    assert.equal(checkPlacement(base()).vms.length, 1);
  });
});
