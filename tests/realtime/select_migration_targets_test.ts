import assert from "node:assert/strict";
import { checkPlacement, type Platform, selectMigrationTargets } from "../../lib/realtime/mod.ts";
import { processor, randomPlatform, task, vm } from "./_fixtures.ts";

/** Processors p0..p3; p0 hosts VMs of bandwidth 0.5, 0.3, 0.2; p1 0.6, p2 0.3, p3 0.7. */
function platform(): Platform {
  const v = (name: string, budget: number) =>
    vm(name, [task(0.1, 10)], { periodSeconds: 1, budgetSeconds: budget });
  return {
    processors: [processor("p0"), processor("p1"), processor("p2"), processor("p3")],
    vms: [v("a", 0.3), v("b", 0.5), v("c", 0.2), v("x", 0.6), v("y", 0.3), v("z", 0.7)],
    placement: [0, 0, 0, 1, 2, 3],
  };
}

Deno.test("selectMigrationTargets() moves VMs by decreasing bandwidth with each policy", async (t) => {
  await t.step("best-fit fills the tightest processor", () => {
    const r = selectMigrationTargets(platform(), [0]);
    // b 0.5: only p2 (0.8); a 0.3: p1 → 0.9 or p3 → 1.0, the tighter; c 0.2: p1 → 0.8 or p2 → 1.0.
    assert.deepEqual(r.moved, [
      { vm: 1, from: 0, to: 2 },
      { vm: 0, from: 0, to: 3 },
      { vm: 2, from: 0, to: 2 },
    ]);
    assert.deepEqual(r.placement, [3, 2, 2, 1, 2, 3]);
    assert.deepEqual(r.unrestorable, []);
    assert.equal(r.policy, "best-fit");
  });
  await t.step("worst-fit spreads", () => {
    // b → p2 (only fit); a → p1 (spare 0.1 beats 0); c → p3 (spare 0.1 beats p2's 0).
    const r = selectMigrationTargets(platform(), [0], { policy: "worst-fit" });
    assert.deepEqual(r.placement, [1, 2, 3, 1, 2, 3]);
  });
  await t.step("first-fit takes the lowest index", () => {
    // b → p2; a → p1; c: p1 would reach 1.1, so p2.
    const r = selectMigrationTargets(platform(), [0], { policy: "first-fit" });
    assert.deepEqual(r.placement, [1, 2, 2, 1, 2, 3]);
  });
});

Deno.test("selectMigrationTargets() reports VMs that fit nowhere instead of forcing them", () => {
  const r = selectMigrationTargets(platform(), [0, 2]);
  // Survivors p1 (0.6) and p3 (0.7); movers b 0.5, a 0.3, y 0.3, c 0.2.
  assert.deepEqual(r.moved, [
    { vm: 0, from: 0, to: 3 },
    { vm: 4, from: 2, to: 1 },
  ]);
  assert.deepEqual(r.unrestorable, [1, 2]);
  assert.deepEqual(r.placement, [3, -1, -1, 1, 1, 3]);
  assert.equal(checkPlacement({ ...platform(), placement: r.placement }).feasible, true);
});

Deno.test("selectMigrationTargets() never targets a processor that is infeasible already", () => {
  const p = platform();
  p.vms[3] = vm("x", [task(9, 10)], { periodSeconds: 1, budgetSeconds: 0.1 }); // unschedulable
  const r = selectMigrationTargets(p, [0], { policy: "first-fit" });
  assert.ok(r.moved.every((m) => m.to !== 1));
});

Deno.test("selectMigrationTargets() keeps every seeded random platform feasible after any single or double fault", () => {
  for (const seed of [11, 12, 13]) {
    const p = randomPlatform(seed, 4, 3, 0.08);
    assert.equal(checkPlacement(p).feasible, true);
    for (const failed of [[0], [1], [2, 3], [0, 3]]) {
      for (const policy of ["best-fit", "worst-fit", "first-fit"] as const) {
        const r = selectMigrationTargets(p, failed, { policy });
        const check = checkPlacement({ ...p, placement: r.placement });
        assert.equal(check.feasible, true, `seed ${seed} failed ${failed} ${policy}`);
        for (const f of failed) assert.equal(check.processors[f]!.vmCount, 0);
        const movers = p.placement.filter((h) => failed.includes(h)).length;
        assert.equal(r.moved.length + r.unrestorable.length, movers);
      }
    }
  }
});

Deno.test("selectMigrationTargets() does not mutate the platform and rejects bad indices", () => {
  const p = platform();
  const copy = structuredClone(p);
  selectMigrationTargets(p, [0, 1]);
  assert.deepEqual(p, copy);
  assert.throws(() => selectMigrationTargets(p, [4]), {
    name: "RangeError",
    message:
      "Cannot select migration targets as failedProcessors[0] must be an integer in [0, 3]: current value is 4",
  });
  assert.throws(() => selectMigrationTargets(p, [0], { policy: "random" as never }), TypeError);
});
