import assert from "node:assert/strict";
import { simulateMission } from "../../lib/realtime/mission.ts";
import { drawFaults } from "../../lib/realtime/fault_model.ts";
import type { Platform, RealTimeVm } from "../../lib/realtime/model.ts";

const link = { bandwidthBytesPerSecond: 1e8 };
/** m processors, v identical VMs of server bandwidth 0.4 (two per processor), round-robin. */
function platformOf(m: number, v: number): Platform {
  const vm = (i: number): RealTimeVm => ({
    name: `vm${i}`,
    scheduler: "edf",
    server: { periodSeconds: 0.01, budgetSeconds: 0.004 },
    tasks: [{ name: "t", periodSeconds: 0.1, wcetSeconds: 0.02, deadlineSeconds: 0.1 }],
    image: { pageCount: 64, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" } },
  });
  return {
    processors: Array.from(
      { length: m },
      (_, p) => ({ name: `p${p}`, capacity: 1, ramBytes: 2 ** 30, link }),
    ),
    vms: Array.from({ length: v }, (_, i) => vm(i)),
    placement: Array.from({ length: v }, (_, i) => i % m),
  };
}
const lifetimes = { kind: "exponential" as const, ratePerSecond: 1e-3 };

Deno.test("simulateMission() handles the drawn faults in time order and fails at the fault that loses a VM", () => {
  // 4 processors, 6 VMs: 3 processors are needed, so the second fault ends the mission
  const platform = platformOf(4, 6);
  const options = {
    missionSeconds: 5000,
    lifetimes,
    pDegraded: 1,
    technique: "offline" as const,
    seed: 11,
  };
  const faults = drawFaults(platform, { lifetimes, pDegraded: 1, seed: 11, horizonSeconds: 5000 });
  assert.ok(faults.length >= 2, "this seed draws at least two faults in the mission");
  const result = simulateMission(platform, options);
  assert.equal(result.survived, false);
  assert.deepEqual(result.faults.map((f) => f.fault), faults.slice(0, 2));
  assert.equal(result.failureSeconds, faults[1]!.timeSeconds);
  assert.deepEqual(result.faults.map((f) => f.systemFailed), [false, true]);
  assert.ok(result.faults[0]!.restoration.allRestored);
  assert.ok(result.faults[1]!.restoration.vms.some((v) => v.outcome === "no-target"));
  // the second fault sees the placement the first left: no VM on the first failed processor
  const first = faults[0]!.processorIndex;
  assert.ok(!result.faults[1]!.restoration.placement.includes(first));
});

Deno.test("simulateMission() survives when no fault falls in the mission and records the seed", () => {
  const result = simulateMission(platformOf(3, 2), {
    missionSeconds: 1,
    lifetimes: { kind: "exponential", ratePerSecond: 1e-12 },
    pDegraded: 1,
    technique: "post-copy",
    seed: "x",
    missionIndex: 4,
  });
  assert.deepEqual(
    {
      survived: result.survived,
      failureSeconds: result.failureSeconds,
      faults: result.faults,
      seed: result.seed,
      missionIndex: result.missionIndex,
    },
    { survived: true, failureSeconds: null, faults: [], seed: "x", missionIndex: 4 },
  );
});

Deno.test("simulateMission() fails at a fail-stop fault of a hosting processor and at an uncovered fault of a spare", async (t) => {
  await t.step("pDegraded 0: the first fault of a hosting processor loses its VMs", () => {
    const platform = platformOf(3, 2); // p2 is a spare
    for (let missionIndex = 0; missionIndex < 20; missionIndex++) {
      const result = simulateMission(platform, {
        missionSeconds: 1e5,
        lifetimes,
        pDegraded: 0,
        technique: "offline",
        seed: 2,
        missionIndex,
      });
      const firstHosting = result.faults.findIndex((f) => f.fault.processorIndex !== 2);
      assert.equal(result.faults.length, firstHosting + 1);
      assert.equal(result.faults.at(-1)!.restoration.vms[0]!.outcome, "fail-stop");
    }
  });
  await t.step("coverage 0: the first fault ends the mission even on a spare", () => {
    const result = simulateMission(platformOf(3, 1), {
      missionSeconds: 1e5,
      lifetimes,
      pDegraded: 1,
      coverage: 0,
      technique: "offline",
      seed: 3,
    });
    assert.equal(result.faults.length, 1);
    assert.equal(result.faults[0]!.covered, false);
    assert.equal(result.failureSeconds, result.faults[0]!.fault.timeSeconds);
  });
});

Deno.test("simulateMission() is reproducible and its window turns a long migration into a lost VM", () => {
  const platform = platformOf(4, 6);
  const options = {
    missionSeconds: 5000,
    lifetimes,
    pDegraded: 1,
    technique: "pre-copy" as const,
    seed: 5,
  };
  assert.deepEqual(simulateMission(platform, options), simulateMission(platform, options));
  const tight = simulateMission(platform, { ...options, windowSeconds: 1e-4 });
  // every processor hosts VMs (round-robin), so the first fault ends the mission
  assert.equal(tight.faults.length, 1);
  assert.ok(tight.faults[0]!.restoration.vms.every((v) => v.outcome === "window-exceeded"));
  assert.equal(tight.survived, false);
});

Deno.test("simulateMission() rejects bad options", () => {
  assert.throws(
    () =>
      simulateMission(platformOf(2, 1), {
        missionSeconds: 0,
        lifetimes,
        pDegraded: 1,
        technique: "offline",
        seed: 1,
      }),
    {
      name: "RangeError",
      message:
        "Cannot simulate a mission as options.missionSeconds must be a finite number > 0: current value is 0",
    },
  );
  assert.throws(
    () =>
      simulateMission(platformOf(2, 1), {
        missionSeconds: 1,
        lifetimes,
        pDegraded: 1,
        coverage: -0.1,
        technique: "offline",
        seed: 1,
      }),
    {
      name: "RangeError",
      message:
        "Cannot simulate a mission as options.coverage must be in [0, 1]: current value is -0.1",
    },
  );
});
