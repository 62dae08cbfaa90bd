import assert from "node:assert/strict";
import { createPrng } from "../../mod.ts";
import {
  createMissionPlatform,
  planRealTimeMigrations,
  type Platform,
  randomTaskSet,
  scheduleAffordableDowntime,
  simulateSchedule,
} from "../../lib/realtime/mod.ts";
import { processor, task, vm } from "./_fixtures.ts";

/** The VM's misses in the simulator for one outage. */
function missesOf(platform: Platform, v: number, start: number, length: number): number {
  const result = simulateSchedule(platform, {
    horizonSeconds: start + length + 5, // past every deadline the outage can touch
    outages: [{ vm: v, fromSeconds: start, toSeconds: start + length }],
  });
  return result.tasks.filter((t) => t.vm === v).reduce((sum, t) => sum + t.missed, 0);
}

/** Checks the exact value against the simulator: shorter outages never miss, longer ones do. */
function checkAgainstSimulator(
  platform: Platform,
  v: number,
  fromSeconds: number,
  spanSeconds: number,
  steps: number,
): number | null {
  const exact = scheduleAffordableDowntime(platform, { vm: v, fromSeconds, spanSeconds });
  if (exact.downtimeSeconds === null) {
    assert.ok(simulateSchedule(platform, { horizonSeconds: fromSeconds + 2 }).totalMissed > 0);
    return null;
  }
  const safe = exact.downtimeSeconds * (1 - 1e-6) - 1e-9;
  const starts = Array.from({ length: steps + 1 }, (_, k) => fromSeconds + spanSeconds * k / steps);
  starts.push(exact.worstStartSeconds!);
  if (safe > 0) {
    for (const s of starts) assert.equal(missesOf(platform, v, s, safe), 0, `start ${s}`);
  }
  const longer = exact.downtimeSeconds + 1e-4;
  const check = scheduleAffordableDowntime(platform, {
    vm: v,
    fromSeconds,
    spanSeconds,
    outageSeconds: longer,
  });
  assert.equal(check.downtimeSeconds, exact.downtimeSeconds);
  assert.notEqual(check.missStartSeconds, null);
  assert.ok(missesOf(platform, v, check.missStartSeconds!, longer) > 0);
  return exact.downtimeSeconds;
}

Deno.test("scheduleAffordableDowntime() on hand-built platforms, against the simulator", async (t) => {
  await t.step("a VM served at the start of each period affords 2 s; the analysis 0.5 s", () => {
    const platform = {
      processors: [processor("p0")],
      vms: [vm("a", [task(1, 4)], { periodSeconds: 1, budgetSeconds: 0.5 })],
      placement: [0],
    };
    // By hand: supply [k, k + 0.5), 2 s in [0, 4), demand 1: σ = 1. An outage of 2 s covers
    // two half budgets at most; 0.5 s = sup{Δ : usbf(Δ) <= sbf(4) - 1 = 1.5 - 1}.
    const r = scheduleAffordableDowntime(platform, { vm: 0, fromSeconds: 0, spanSeconds: 4 });
    assert.equal(r.downtimeSeconds, 2);
    assert.equal(r.worstCaseDowntimeSeconds, 0.5);
    assert.equal(checkAgainstSimulator(platform, 0, 0, 4, 80), 2);
  });

  await t.step("the second server of a processor is served late in its period", () => {
    // Two servers (Π = 1, Θ = 0.5): EDF ties go to vm 0, so vm 1 gets [k + 0.5, k + 1).
    const platform = {
      processors: [processor("p0")],
      vms: [
        vm("a", [task(0.2, 2)], { periodSeconds: 1, budgetSeconds: 0.5 }),
        vm("b", [task(1, 4)], { periodSeconds: 1, budgetSeconds: 0.5 }),
      ],
      placement: [0, 0],
    };
    // vm 1: supply [k + .5, k + 1), σ = 1 in [0, 4). From 0.5 an outage covers [.5, 1) and
    // [1.5, 2) (1 s of supply) and may last until the next service at 2.5: 2 s. From 0 it
    // may last until 2.5 as well (2.5 s), so the start that binds is 0.5.
    const r = scheduleAffordableDowntime(platform, { vm: 1, fromSeconds: 0, spanSeconds: 4 });
    assert.equal(r.worstStartSeconds, 0.5);
    assert.equal(checkAgainstSimulator(platform, 1, 0, 4, 80), 2);
  });

  await t.step("a VM that misses without an outage affords none", () => {
    const platform = {
      processors: [processor("p0")],
      vms: [vm("a", [task(1, 2)], { periodSeconds: 1, budgetSeconds: 0.4 })],
      placement: [0],
    };
    assert.equal(checkAgainstSimulator(platform, 0, 0, 2, 4), null);
  });
});

Deno.test("scheduleAffordableDowntime() equals the simulator on random platforms", () => {
  const prng = createPrng(5, "schedule-affordable");
  let checked = 0;
  for (let n = 0; n < 12; n++) {
    const vmCount = 1 + Math.floor(prng() * 3);
    const vms = Array.from({ length: vmCount }, (_, i) => {
      const tasks = randomTaskSet(prng, {
        taskCount: 1 + Math.floor(prng() * 3),
        utilization: 0.05 + 0.2 * prng(),
        minPeriodSeconds: 0.02,
        maxPeriodSeconds: 0.1,
        periodGranularitySeconds: 0.01,
        minDeadlineRatio: 0.6,
      });
      const u = tasks.reduce((sum, x) => sum + x.wcetSeconds / x.periodSeconds, 0);
      const period = [0.005, 0.01, 0.02][Math.floor(prng() * 3)]!;
      return vm(`v${i}`, tasks, {
        periodSeconds: period,
        budgetSeconds: period * Math.min(0.9 / vmCount, 1.5 * u + 0.1),
      });
    });
    const platform = { processors: [processor("p0")], vms, placement: vms.map(() => 0) };
    const v = Math.floor(prng() * vmCount);
    const exact = checkAgainstSimulator(platform, v, 0.1, 0.1, 40);
    if (exact === null) continue;
    checked++;
    // The worst-case-safe bound never exceeds what this schedule affords.
    const bound =
      scheduleAffordableDowntime(platform, { vm: v, fromSeconds: 0.1, spanSeconds: 0.1 })
        .worstCaseDowntimeSeconds;
    if (bound !== null) assert.ok(bound <= exact + 1e-9, `${bound} > ${exact}`);
  }
  assert.ok(checked >= 6, `${checked} schedulable platforms`);
});

Deno.test("scheduleAffordableDowntime() rejects bad input naming the field", () => {
  const platform = {
    processors: [processor("p0")],
    vms: [vm("a", [task(1, 4)], { periodSeconds: 1, budgetSeconds: 0.5 }, "fixed-priority")],
    placement: [0],
  };
  assert.throws(
    () => scheduleAffordableDowntime(platform, { vm: 0, fromSeconds: 0, spanSeconds: 1 }),
    /platform\.vms\[0\]\.scheduler must be "edf": current value is "fixed-priority"/,
  );
  assert.throws(
    () => scheduleAffordableDowntime(platform, { vm: 1, fromSeconds: 0, spanSeconds: 1 }),
    /options\.vm/,
  );
  assert.throws(
    () => scheduleAffordableDowntime(platform, { vm: 0, fromSeconds: NaN, spanSeconds: 1 }),
    /options\.fromSeconds.*NaN/,
  );
  assert.throws(
    () =>
      scheduleAffordableDowntime({ ...platform, placement: [-1] }, {
        vm: 0,
        fromSeconds: 0,
        spanSeconds: 1,
      }),
    /platform\.placement\[0\] must be a processor index >= 0: current value is -1/,
  );
});

Deno.test("planRealTimeMigrations() with the schedule-exact value: predicted and simulated misses agree for every restored VM", () => {
  // The platform of notebook 05's policy section.
  const platform = createMissionPlatform({
    processorCount: 5,
    budgetFactor: 1.5,
    stateBytes: 16_384,
    vms: Array.from({ length: 6 }, (_, i) => ({
      name: `vm${i}`,
      taskCount: 3,
      utilization: 0.15 + 0.03 * i,
      pageCount: 256 * 2 ** i,
      writesPerSecond: 1_000 * (i + 1),
    })),
    link: { bandwidthBytesPerSecond: 125e6, latencySeconds: 1e-4, pageOverheadBytes: 8 },
    seed: 1,
  });
  const plan = planRealTimeMigrations(platform, [4], {
    seed: 1,
    faultTimeSeconds: 0.5,
    detectionSeconds: 0.001,
    windowSeconds: 1.3,
  });
  const placed = { ...platform, placement: plan.simulation.placement };
  const span = 0.1;
  let predictedMisses = 0;
  for (const v of plan.vms.filter((x) => x.technique !== null)) {
    const from = v.outage.fromSeconds;
    const exact = scheduleAffordableDowntime(placed, {
      vm: v.vmIndex,
      fromSeconds: from,
      spanSeconds: span,
    });
    assert.ok(exact.downtimeSeconds !== null);
    const afford: number = exact.downtimeSeconds;
    // The worst-case-safe value never exceeds the schedule-exact one.
    assert.ok(v.affordableDowntimeSeconds! <= afford + 1e-12);
    const chosen = v.outage.toSeconds - v.outage.fromSeconds;
    for (const length of [chosen, afford * 0.999, afford + 1e-4]) {
      const predicted: boolean = length > afford;
      const { missStartSeconds } = scheduleAffordableDowntime(placed, {
        vm: v.vmIndex,
        fromSeconds: from,
        spanSeconds: span,
        outageSeconds: length,
      });
      assert.equal(missStartSeconds !== null, predicted);
      const starts = Array.from({ length: 51 }, (_, k) => from + span * k / 50);
      if (missStartSeconds !== null) starts.push(missStartSeconds);
      const simulated = starts.some((s) => missesOf(placed, v.vmIndex, s, length) > 0);
      assert.equal(simulated, predicted, `${v.vm}, outage ${length}`);
      if (predicted) predictedMisses++;
    }
  }
  assert.ok(predictedMisses >= 2); // the longer outages do miss
});

Deno.test("scheduleAffordableDowntime() refuses to examine more than options.maxJobs jobs, naming it", () => {
  // a 1 ms task over a range of 1 s: some 1,000 jobs, a million windows (seconds of work)
  const platform: Platform = {
    processors: [processor("p0")],
    vms: [vm("a", [task(0.0001, 0.001)], { periodSeconds: 0.0005, budgetSeconds: 0.0004 })],
    placement: [0],
  };
  assert.throws(
    () =>
      scheduleAffordableDowntime(platform, { vm: 0, fromSeconds: 0, spanSeconds: 1, maxJobs: 500 }),
    (e: Error) => e instanceof RangeError && e.message.includes("must be <= options.maxJobs (500)"),
  );
  assert.throws(
    () =>
      scheduleAffordableDowntime(platform, { vm: 0, fromSeconds: 0, spanSeconds: 0, maxJobs: 0.5 }),
    /options\.maxJobs must be an integer/,
  );
  // a short range stays under the default
  const r = scheduleAffordableDowntime(platform, { vm: 0, fromSeconds: 0, spanSeconds: 0.01 });
  assert.ok(r.downtimeSeconds !== null && r.downtimeSeconds > 0);
});
