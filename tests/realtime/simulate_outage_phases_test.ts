import assert from "node:assert/strict";
import { affordableDowntime, simulateOutagePhases } from "../../lib/realtime/mod.ts";
import { dedicatedPlatform, processor, task, vm } from "./_fixtures.ts";

Deno.test("simulateOutagePhases() finds a missing phase just above the affordable downtime on a dedicated processor, none at it", () => {
  const tasks = [task(1, 4, 3), task(2, 6, 6)];
  const platform = dedicatedPlatform(tasks, "edf");
  const afford = affordableDowntime(platform.vms[0]!).downtimeSeconds!;
  // By hand: t − dbf(t) is 3 − 1 = 2 at 3, 6 − 3 = 3 at 6, 7 − 4 = 3 at 7: the slack is 2.
  assert.equal(afford, 2);
  const phases = { vm: 0, fromSeconds: 0, spanSeconds: 12, steps: 48, afterSeconds: 12 };
  assert.equal(
    simulateOutagePhases(platform, { ...phases, outageSeconds: afford }).phasesWithMisses,
    0,
  );
  const above = simulateOutagePhases(platform, { ...phases, outageSeconds: afford + 0.25 });
  assert.ok(above.phasesWithMisses > 0);
  assert.equal(above.rows[0]!.startSeconds, 0);
  assert.ok(above.rows[0]!.missed > 0); // the synchronous release is a worst phase
  assert.equal(above.rows.length, 48);
});

Deno.test("simulateOutagePhases(): in a server the affordable downtime never misses at any phase beside a competitor", () => {
  const guest = vm("a", [task(0.5, 10), task(1, 20, 15)], { periodSeconds: 2, budgetSeconds: 1 });
  const hog = vm("hog", [], { periodSeconds: 3, budgetSeconds: 1.5 });
  const platform = { processors: [processor("p0")], vms: [hog, guest], placement: [0, 0] };
  const afford = affordableDowntime(guest).downtimeSeconds!;
  assert.ok(afford > 2);
  const r = simulateOutagePhases(platform, {
    vm: 1,
    outageSeconds: afford,
    fromSeconds: 0,
    spanSeconds: 60,
    steps: 120,
    afterSeconds: 40,
  });
  assert.equal(r.phasesWithMisses, 0);
  assert.throws(
    () =>
      simulateOutagePhases(platform, {
        vm: 5,
        outageSeconds: 1,
        fromSeconds: 0,
        spanSeconds: 1,
        steps: 1,
        afterSeconds: 1,
      }),
    /options\.vm/,
  );
  assert.throws(
    () =>
      simulateOutagePhases(platform, {
        vm: 1,
        outageSeconds: 0,
        fromSeconds: 0,
        spanSeconds: 1,
        steps: 1,
        afterSeconds: 1,
      }),
    /options\.outageSeconds/,
  );
});
