import assert from "node:assert/strict";
import { checkPlacement } from "../../lib/realtime/mod.ts";
import { processor, randomPlatform, task, vm } from "./_fixtures.ts";

Deno.test("checkPlacement() reports bandwidth, RAM and in-server schedulability per processor", () => {
  const check = checkPlacement({
    processors: [
      processor("p0"),
      processor("p1", 1, 2 * 2 ** 20),
      processor("p2"),
      processor("p3"),
    ],
    vms: [
      vm("a", [task(1, 10)], { periodSeconds: 5, budgetSeconds: 3 }),
      vm("b", [task(1, 10)], { periodSeconds: 5, budgetSeconds: 3 }),
      vm("c", [task(1, 10)], { periodSeconds: 5, budgetSeconds: 1 }, "edf", 768),
      vm("d", [task(1, 10)], { periodSeconds: 5, budgetSeconds: 0.5 }),
      vm("e", [task(1, 10)], { periodSeconds: 5, budgetSeconds: 2 }),
    ],
    placement: [0, 0, 1, 2, 3],
  });
  assert.equal(check.feasible, false);
  assert.deepEqual(check.processors.map((p) => p.serverUtilization), [1.2, 0.2, 0.1, 0.4]);
  assert.deepEqual(check.processors.map((p) => p.reasons), [
    ["server utilization 1.2 exceeds 1"],
    ["RAM used 3145728 bytes exceeds 2097152 bytes"],
    ['VM "d" is not schedulable in its server'],
    [],
  ]);
  assert.deepEqual(check.processors.map((p) => p.feasible), [false, false, false, true]);
  assert.deepEqual(check.vms.map((v) => v.schedulableInServer), [true, true, true, false, true]);
  assert.deepEqual(check.processors.map((p) => p.vmCount), [2, 1, 1, 1]);
  assert.equal(check.processors[3]!.ramBytesUsed, 256 * 4096);
  assert.deepEqual(check.unplaced, []);
});

Deno.test("checkPlacement() accepts unplaced VMs (-1) without loading a processor", () => {
  const check = checkPlacement({
    processors: [processor("p0")],
    vms: [
      vm("a", [task(1, 10)], { periodSeconds: 5, budgetSeconds: 3 }),
      vm("b", [task(1, 10)], { periodSeconds: 5, budgetSeconds: 3 }),
    ],
    placement: [0, -1],
  });
  assert.equal(check.feasible, true);
  assert.deepEqual(check.unplaced, [1]);
  assert.equal(check.vms[1]!.schedulableInServer, false);
  assert.equal(check.processors[0]!.serverUtilization, 0.6);
});

Deno.test("checkPlacement() passes the seeded random platforms built with minimumBudget", () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    assert.equal(checkPlacement(randomPlatform(seed, 2, 3, 0.12)).feasible, true, `seed ${seed}`);
  }
});

Deno.test("checkPlacement() rejects a placement of the wrong length or out of range", () => {
  const base = {
    processors: [processor("p0")],
    vms: [vm("a", [task(1, 10)], { periodSeconds: 5, budgetSeconds: 3 })],
  };
  assert.throws(() => checkPlacement({ ...base, placement: [] }), {
    name: "RangeError",
    message:
      "Cannot check a placement as platform.placement.length must be platform.vms.length (1): current value is 0",
  });
  assert.throws(() => checkPlacement({ ...base, placement: [1] }), {
    name: "RangeError",
    message:
      "Cannot check a placement as platform.placement[0] must be an integer in [-1, 0]: current value is 1",
  });
});

Deno.test("a platform's names are unique: processors, VMs, and tasks within a VM (review)", async () => {
  const { randomTaskSet } = await import("../../lib/realtime/mod.ts");
  const { createPrng } = await import("../../lib/random/prng.ts");
  const base = {
    processors: [processor("p0"), processor("p1")],
    vms: [vm("a", [task(1, 10)], { periodSeconds: 5, budgetSeconds: 3 })],
    placement: [0],
  };
  assert.throws(
    () => checkPlacement({ ...base, processors: [processor("p0"), processor("p0")] }),
    {
      name: "RangeError",
      message:
        'Cannot check a placement as platform.processors[1].name must be unique (platform.processors[0] has it): current value is "p0"',
    },
  );
  assert.throws(
    () => checkPlacement({ ...base, vms: [base.vms[0]!, base.vms[0]!], placement: [0, 1] }),
    /platform\.vms\[1\]\.name must be unique \(platform\.vms\[0\] has it\): current value is "a"/,
  );
  const twice = vm("b", [task(1, 10), task(1, 10)], { periodSeconds: 5, budgetSeconds: 3 });
  assert.throws(
    () => checkPlacement({ ...base, vms: [twice] }),
    /platform\.vms\[0\]\.tasks\[1\]\.name must be unique \(platform\.vms\[0\]\.tasks\[0\] has it\)/,
  );
  // randomTaskSet: a share over 1 (possible when utilization > 1) has no deadline in [C, T]
  assert.throws(
    () =>
      randomTaskSet(createPrng(1, "r"), { taskCount: 1, utilization: 1.5, minDeadlineRatio: 0.5 }),
    /task 0's utilization must be <= 1 \(its WCET within its period\): current value is 1\.5/,
  );
});

Deno.test("checkPlacement() takes a VM image as the migration engine does: whole pages, at most 2^53 bytes", () => {
  // found by the fuzz tests (FUZZ_RUNS=10): images of 1e308-byte pages summed to an Infinity
  // of RAM used; the engine would refuse such a VM at its first migration
  const server = { periodSeconds: 0.002, budgetSeconds: 0.001 };
  const platform = (image: { pageCount: number; pageSizeBytes: number }) => {
    const a = vm("a", [task(0.001, 0.01)], server);
    return {
      processors: [processor("p0")],
      vms: [{ ...a, image: { ...a.image, ...image } }],
      placement: [0],
    };
  };
  assert.equal(checkPlacement(platform({ pageCount: 256, pageSizeBytes: 4096 })).feasible, true);
  const cases: [{ pageCount: number; pageSizeBytes: number }, string][] = [
    [
      { pageCount: 256, pageSizeBytes: 1e308 },
      "platform.vms[0].image.pageSizeBytes must be an integer >= 1: current value is 1e+308",
    ],
    [
      { pageCount: 2 ** 30, pageSizeBytes: 2 ** 24 },
      "platform.vms[0].image must hold at most 2^53 bytes (pageCount · pageSizeBytes): current value is 18014398509481984",
    ],
    [
      { pageCount: 2.5, pageSizeBytes: 4096 },
      "platform.vms[0].image.pageCount must be an integer in [1, 1073741824]: current value is 2.5",
    ],
    [
      { pageCount: 2 ** 31, pageSizeBytes: 4096 },
      "platform.vms[0].image.pageCount must be an integer in [1, 1073741824]: current value is 2147483648",
    ],
  ];
  for (const [image, message] of cases) {
    assert.throws(() => checkPlacement(platform(image)), {
      name: "RangeError",
      message: `Cannot check a placement as ${message}`,
    });
  }
});
