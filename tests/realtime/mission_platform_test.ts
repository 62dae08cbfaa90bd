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
