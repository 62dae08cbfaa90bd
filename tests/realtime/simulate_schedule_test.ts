import assert from "node:assert/strict";
import { checkPlacement, type Platform, simulateSchedule } from "../../mod.ts";
import { processor, randomPlatform, task, vm } from "./_fixtures.ts";

/** Two VMs on one processor: a (EDF, Γ = (2, 1)) and b (fixed priority, Γ = (4, 1)). */
function twoVms(): Platform {
  return {
    processors: [processor("p0")],
    vms: [
      vm("a", [task(1, 4, 4, "a1")], { periodSeconds: 2, budgetSeconds: 1 }),
      vm("b", [task(0.5, 8, 8, "b1"), task(0.5, 8, 6, "b2")], {
        periodSeconds: 4,
        budgetSeconds: 1,
      }, "fixed-priority"),
    ],
    placement: [0, 0],
  };
}

Deno.test("simulateSchedule() reproduces a hand-traced hierarchical schedule", () => {
  // Servers by EDF: a runs [0,1), b [1,2), a [2,3), b idles..., a [4,5), b [5,6) ...
  // a1: released 0 runs [0,1) → R = 1. b: DM puts b2 (D 6) first: [1,1.5), b1 [1.5,2) → R 2.
  const r = simulateSchedule(twoVms(), { horizonSeconds: 16 });
  assert.deepEqual(
    r.tasks.map((t) => [t.task, t.released, t.completed, t.missed, t.maxResponseSeconds]),
    [
      ["a1", 4, 4, 0, 1],
      ["b1", 2, 2, 0, 2],
      ["b2", 2, 2, 0, 1.5],
    ],
  );
  assert.equal(r.totalMissed, 0);
});

Deno.test("simulateSchedule() shows zero deadline misses on seeded UUniFast platforms that pass checkPlacement", () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const platform = randomPlatform(seed, 2, 3, 0.12);
    assert.equal(checkPlacement(platform).feasible, true, `seed ${seed}`);
    const r = simulateSchedule(platform, { horizonSeconds: 1 });
    assert.equal(r.totalMissed, 0, `seed ${seed}`);
    assert.ok(r.tasks.every((t) => t.released >= 10 && t.completed >= t.released - 1));
  }
});

Deno.test("simulateSchedule() shows misses when a server's bandwidth is below its tasks' utilization", () => {
  const platform = randomPlatform(7, 1, 2, 0.12);
  const starved = structuredClone(platform);
  starved.vms[0]!.server.budgetSeconds = 0.8 * 0.12 * 0.005; // bandwidth 0.096 < U = 0.12
  assert.equal(checkPlacement(starved).feasible, false);
  const r = simulateSchedule(starved, { horizonSeconds: 2 });
  assert.ok(r.tasks.filter((t) => t.vm === 0).some((t) => t.missed > 0));
  assert.ok(r.tasks.filter((t) => t.vm === 1).every((t) => t.missed === 0));
});

Deno.test("simulateSchedule() charges an outage longer than D to that VM's tasks only", () => {
  const platform = randomPlatform(8, 2, 3, 0.12);
  const longest = Math.max(...platform.vms[1]!.tasks.map((t) => t.deadlineSeconds));
  const r = simulateSchedule(platform, {
    horizonSeconds: 1,
    outages: [{ vm: 1, fromSeconds: 0.3, toSeconds: 0.3 + longest + 0.01 }],
  });
  for (const t of r.tasks) {
    if (t.vm === 1) assert.ok(t.missed >= 1, `${t.vmName}/${t.task} should miss`);
    else assert.equal(t.missed, 0, `${t.vmName}/${t.task} should not miss`);
  }
});

Deno.test("simulateSchedule() counts every job of an unplaced or never-resumed VM as missed", () => {
  const p = twoVms();
  const unplaced = simulateSchedule({ ...p, placement: [0, -1] }, { horizonSeconds: 16 });
  assert.deepEqual(unplaced.tasks.map((t) => [t.released, t.missed]), [[4, 0], [2, 2], [2, 2]]);
  const lost = simulateSchedule(p, {
    horizonSeconds: 16,
    outages: [{ vm: 1, fromSeconds: 0, toSeconds: Infinity }],
  });
  assert.deepEqual(lost.tasks.map((t) => [t.released, t.missed]), [[4, 0], [2, 2], [2, 2]]);
});

Deno.test("simulateSchedule() enforces maxEvents and validates outages", () => {
  assert.throws(() => simulateSchedule(twoVms(), { horizonSeconds: 16, maxEvents: 5 }), {
    name: "RangeError",
    message:
      "Cannot simulate the schedule as the event count must be <= maxEvents (5): current value is 6",
  });
  assert.throws(
    () =>
      simulateSchedule(twoVms(), {
        horizonSeconds: 1,
        outages: [{ vm: 0, fromSeconds: 2, toSeconds: 1 }],
      }),
    {
      name: "RangeError",
      message:
        "Cannot simulate the schedule as options.outages[0].toSeconds must be a number >= fromSeconds (2): current value is 1",
    },
  );
  assert.throws(() => simulateSchedule(twoVms(), { horizonSeconds: 0 }), RangeError);
});
