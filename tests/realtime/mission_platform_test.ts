import assert from "node:assert/strict";
import { createMissionPlatform } from "../../lib/realtime/mission_platform.ts";
import { checkPlacement } from "../../lib/realtime/check_placement.ts";
import { simulateSchedule } from "../../lib/realtime/simulate_schedule.ts";
import { utilization } from "../../lib/realtime/utilization.ts";

const link = { bandwidthBytesPerSecond: 125e6 };
const vms = Array.from(
  { length: 6 },
  (_, i) => ({
    name: `vm${i}`,
    taskCount: 3,
    utilization: 0.25,
    pageCount: 1024,
    writesPerSecond: 100 * i,
  }),
);

Deno.test("createMissionPlatform() builds a feasible, spread placement whose schedule misses no deadline without faults", () => {
  const platform = createMissionPlatform({ processorCount: 4, vms, link, seed: 2 });
  assert.equal(checkPlacement(platform).feasible, true);
  assert.deepEqual([...new Set(platform.placement)].sort(), [0, 1, 2, 3]);
  for (const vm of platform.vms) {
    assert.ok(Math.abs(utilization(vm.tasks) - 0.25) < 1e-6);
    assert.ok(vm.server.budgetSeconds >= 0.25 * vm.server.periodSeconds);
  }
  assert.deepEqual(platform.vms.map((v) => v.image.workload.kind), [
    "idle",
    "uniform",
    "uniform",
    "uniform",
    "uniform",
    "uniform",
  ]);
  assert.equal(simulateSchedule(platform, { horizonSeconds: 1 }).totalMissed, 0);
});

Deno.test("createMissionPlatform() is reproducible from its seed and rejects VMs that do not fit", () => {
  const a = createMissionPlatform({ processorCount: 4, vms, link, seed: 2 });
  assert.deepEqual(createMissionPlatform({ processorCount: 4, vms, link, seed: 2 }), a);
  assert.notDeepEqual(
    createMissionPlatform({ processorCount: 4, vms, link, seed: 3 }).vms[0]!.tasks,
    a.vms[0]!.tasks,
  );
  assert.throws(() => createMissionPlatform({ processorCount: 1, vms, link, seed: 2 }), {
    name: "RangeError",
    message:
      'Cannot create a mission platform as config.vms must fit on 1 processors: current value is ["vm0","vm1","vm2","vm3","vm4","vm5"]',
  });
});

Deno.test("createMissionPlatform() scales every budget by budgetFactor, capped at the server period", () => {
  const base = {
    processorCount: 4,
    vms: Array.from({ length: 4 }, (_, i) => ({
      name: `vm${i}`,
      taskCount: 3,
      utilization: 0.2,
      pageCount: 256,
    })),
    link: { bandwidthBytesPerSecond: 125e6 },
    seed: 3,
  };
  const least = createMissionPlatform(base);
  const roomy = createMissionPlatform({ ...base, budgetFactor: 1.5 });
  roomy.vms.forEach((vm, i) => {
    const expected = Math.min(0.005, 1.5 * least.vms[i]!.server.budgetSeconds);
    assert.ok(Math.abs(vm.server.budgetSeconds - expected) < 1e-15);
  });
  const capped = createMissionPlatform({ ...base, budgetFactor: 100 });
  assert.ok(capped.vms.every((vm) => vm.server.budgetSeconds === 0.005));
  assert.throws(() => createMissionPlatform({ ...base, budgetFactor: 0 }), /config\.budgetFactor/);
});

Deno.test("createMissionPlatform() checks each VM's fields, naming them, instead of running a bad one as idle", async (t) => {
  const one = (extra: Record<string, unknown>) => () =>
    createMissionPlatform({
      processorCount: 2,
      vms: [{ name: "a", taskCount: 2, utilization: 0.3, pageCount: 64, ...extra } as never],
      link,
      seed: 1,
    });
  await t.step("writesPerSecond NaN, negative or Infinity", () => {
    for (const writesPerSecond of [NaN, -5, Infinity]) {
      assert.throws(one({ writesPerSecond }), {
        name: "RangeError",
        message:
          `Cannot create a mission platform as config.vms[0].writesPerSecond must be a finite number >= 0: current value is ${writesPerSecond}`,
      });
    }
  });
  await t.step("a misspelt field", () => {
    assert.throws(one({ writesPerSec: 5000 }), /known key of config\.vms\[0\]/);
  });
  await t.step("scheduler, taskCount and utilization under this action", () => {
    assert.throws(one({ scheduler: "rm" }), {
      name: "TypeError",
      message:
        'Cannot create a mission platform as config.vms[0].scheduler must be one of "edf", "fixed-priority": current value is "rm"',
    });
    assert.throws(
      one({ taskCount: 0 }),
      /create a mission platform as config\.vms\[0\]\.taskCount/,
    );
    assert.throws(
      one({ utilization: -1 }),
      /create a mission platform as config\.vms\[0\]\.utilization/,
    );
  });
  await t.step("a good VM still builds", () => {
    assert.equal(one({ writesPerSecond: 100 })().vms[0]!.image.workload.kind, "uniform");
  });
});
