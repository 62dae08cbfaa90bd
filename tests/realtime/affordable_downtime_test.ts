import assert from "node:assert/strict";
import { createPrng, integer } from "../../mod.ts";
import {
  affordableDowntime,
  type GuestScheduler,
  type PeriodicTask,
  type Platform,
  schedulableInServer,
  simulateSchedule,
} from "../../lib/realtime/mod.ts";
import { dedicatedPlatform, hyperperiod, processor, task, vm } from "./_fixtures.ts";

function randomTasks(seed: number, k: number): PeriodicTask[] {
  const prng = createPrng(seed, "affordable", k);
  const n = integer(prng, 1, 4);
  return Array.from({ length: n }, (_, i) => {
    const period = [4, 6, 8, 12][integer(prng, 0, 4)]!;
    const wcet = integer(prng, 1, 3);
    return task(wcet, period, integer(prng, wcet, period + 1), `t${i}`);
  });
}

/** Whether the platform misses a deadline with VM `v` out of service in [from, from + length). */
function misses(platform: Platform, v: number, from: number, length: number, horizon: number) {
  return simulateSchedule(platform, {
    horizonSeconds: horizon,
    outages: [{ vm: v, fromSeconds: from, toSeconds: from + length }],
  }).tasks.some((t) => t.vm === v && t.missed > 0);
}

/** The longest outage from `from` with no miss, by bisection to 1e-7 s. */
function simulatedAffordable(platform: Platform, v: number, from: number, horizon: number) {
  let lo = 0;
  let hi = 40;
  if (!misses(platform, v, from, hi, horizon)) return Infinity;
  while (hi - lo > 1e-7) {
    const mid = (lo + hi) / 2;
    if (misses(platform, v, from, mid, horizon)) hi = mid;
    else lo = mid;
  }
  return lo;
}

Deno.test("affordableDowntime() equals the simulated longest outage from the synchronous release on a dedicated processor, EDF and DM (bisection, 120 random sets)", () => {
  let checked = 0;
  for (let k = 0; k < 60; k++) {
    const tasks = randomTasks(1, k);
    for (const scheduler of ["edf", "fixed-priority"] as GuestScheduler[]) {
      const platform = dedicatedPlatform(tasks, scheduler);
      const a = affordableDowntime(platform.vms[0]!);
      const horizon = 2 * hyperperiod(tasks) + 40;
      if (a.downtimeSeconds === null) {
        assert.equal(schedulableInServer(platform.vms[0]!), false);
        continue;
      }
      checked++;
      const simulated = simulatedAffordable(platform, 0, 0, horizon);
      assert.ok(
        Math.abs(simulated - a.downtimeSeconds) < 1e-6,
        JSON.stringify({ tasks, scheduler, simulated, analysed: a.downtimeSeconds }),
      );
    }
  }
  assert.ok(checked > 40, `${checked} checked`);
});

Deno.test("affordableDowntime() in a server is safe against the simulator at every outage phase beside a competing server, and within the simulated bound (60 random sets)", () => {
  let checked = 0;
  let tight = 0;
  for (let k = 0; k < 60; k++) {
    const tasks = randomTasks(2, k).map((t) => ({ ...t, wcetSeconds: t.wcetSeconds / 4 }));
    const prng = createPrng(2, "affordable-server", k);
    const period = integer(prng, 1, 3);
    const server = {
      periodSeconds: period,
      budgetSeconds: period * (0.5 + integer(prng, 0, 3) / 6),
    };
    const scheduler: GuestScheduler = k % 2 === 0 ? "edf" : "fixed-priority";
    const guest = vm("a", tasks, server, scheduler);
    const a = affordableDowntime(guest);
    if (a.downtimeSeconds === null || a.downtimeSeconds === 0) continue;
    checked++;
    const hog = vm("hog", [], {
      periodSeconds: period * 1.5,
      budgetSeconds: (period - server.budgetSeconds) * 1.5,
    });
    const platform = { processors: [processor("p0")], vms: [hog, guest], placement: [0, 0] };
    const horizon = 2 * hyperperiod(tasks) + 30;
    let worst = Infinity;
    for (let from = 0; from < hyperperiod(tasks); from += period / 4) {
      assert.equal(
        misses(platform, 1, from, a.downtimeSeconds, horizon),
        false,
        JSON.stringify({ tasks, server, scheduler, from, downtime: a.downtimeSeconds }),
      );
      worst = Math.min(worst, simulatedAffordable(platform, 1, from, horizon));
    }
    assert.ok(worst >= a.downtimeSeconds - 1e-6);
    if (worst < a.downtimeSeconds + 2 * period) tight++;
  }
  assert.ok(checked > 15 && tight > checked / 2, `${checked} checked, ${tight} within 2Π`);
});

Deno.test("affordableDowntime(): hand values in a server, U >= α, no task and bad input", async (t) => {
  await t.step(
    "server Γ = (2, 1): S = min sbf(t) − dbf(t) = sbf(10) − 1 = 3, usbf⁻¹(3) = 1 + 2·2 + 0 = 5",
    () => {
      // sbf(10) = 4 (blackout 2, then 1 per 2 s); usbf: 2 back to back, then 1 every 2 s.
      const r = affordableDowntime(vm("a", [task(1, 10)], { periodSeconds: 2, budgetSeconds: 1 }));
      assert.equal(r.slackSeconds, 3);
      assert.equal(r.downtimeSeconds, 5);
    },
  );
  await t.step("U = 1 on a dedicated processor affords nothing", () => {
    const r = affordableDowntime(
      vm("a", [task(2, 4), task(2, 4)], { periodSeconds: 1, budgetSeconds: 1 }),
    );
    assert.equal(r.downtimeSeconds, 0);
  });
  await t.step("unschedulable: null", () => {
    const r = affordableDowntime(
      vm("a", [task(3, 4, 2)], { periodSeconds: 1, budgetSeconds: 1 }, "fixed-priority"),
    );
    assert.equal(r.downtimeSeconds, null);
  });
  await t.step("no task: Infinity", () => {
    assert.equal(
      affordableDowntime(vm("a", [], { periodSeconds: 1, budgetSeconds: 1 })).downtimeSeconds,
      Infinity,
    );
  });
  await t.step("bad task sets name the field", () => {
    assert.throws(
      () =>
        affordableDowntime(
          vm("a", [{ ...task(1, 4), periodSeconds: 0 }], { periodSeconds: 1, budgetSeconds: 1 }),
        ),
      /vm\.tasks\[0\]\.periodSeconds/,
    );
    assert.throws(
      () => affordableDowntime(vm("a", [task(1, 4, 6)], { periodSeconds: 1, budgetSeconds: 1 })),
      /vm\.tasks\[0\]\.deadlineSeconds must be <= periodSeconds/,
    );
  });
});

Deno.test("affordableDowntime() under EDF counts a first deadline that a sum of periods meets within rounding", () => {
  // a's deadlines are summed (0.1 + 0.1 + … = 0.7999999999999999 for the eighth), b's
  // first is 0.8: both are one deadline, where dbf = 0.58 > sbf(0.8) = 0.575.
  const tasks = [task(0.01, 0.1, 0.1, "a"), task(0.5, 1, 0.8, "b")];
  const server = { periodSeconds: 0.1, budgetSeconds: 0.075 };
  assert.equal(schedulableInServer({ tasks, scheduler: "edf", server }), false);
  const r = affordableDowntime({ tasks, scheduler: "edf", server });
  assert.equal(r.downtimeSeconds, null);
  assert.ok(Math.abs(r.slackSeconds - -0.005) < 1e-12, `${r.slackSeconds}`);
});

Deno.test("affordableDowntime() in a server reaches the end of the plateau its slack sits on, also when the slack is rounded", () => {
  // Server (0.1, 0.025): the slack sbf(1.1) - C = 0.25 - 0.125 = 0.125 is five budgets,
  // and usbf stays at five budgets up to 0.025 + 4 · 0.1 = 0.425 (0.35 is where it reaches them).
  const tasks = [task(0.125, 1.2, 1.1, "a")];
  const server = { periodSeconds: 0.1, budgetSeconds: 0.025 };
  for (const scheduler of ["edf", "fixed-priority"] as const) {
    const r = affordableDowntime({ tasks, scheduler, server });
    assert.equal(r.slackSeconds, 0.125);
    assert.ok(Math.abs(r.downtimeSeconds! - 0.425) < 1e-12, `${scheduler}: ${r.downtimeSeconds}`);
  }
  // The same VM ten times slower, in integers: 4.25 with or without the rounding.
  const slow = affordableDowntime({
    tasks: [task(1.25, 12, 11, "a")],
    scheduler: "edf",
    server: { periodSeconds: 1, budgetSeconds: 0.25 },
  });
  assert.equal(slow.downtimeSeconds, 4.25);
});

Deno.test("affordableDowntime() under fixed priorities caps the scheduling points by options.maxDeadlines, as under EDF", () => {
  // 100 / 5e-6 = 2e7 multiples of the fast period below the slow deadline: before, a bare
  // "Set maximum size exceeded" after many seconds.
  const tasks = [task(5e-8, 5e-6, 5e-6, "fast"), task(1, 100, 100, "slow")];
  const server = { periodSeconds: 1, budgetSeconds: 1 };
  assert.throws(
    () =>
      affordableDowntime({ tasks, scheduler: "fixed-priority", server }, { maxDeadlines: 1000 }),
    {
      name: "RangeError",
      message:
        "Cannot compute the affordable downtime as the scheduling points examined must be <= options.maxDeadlines (1000): current value is 1001",
    },
  );
  // Within the cap (10 points for slow: 10, 20, …, 100) the value is as before: fast binds, 10 - 0.5.
  const few = [task(0.5, 10, 10, "fast"), task(1, 100, 100, "slow")];
  const r = affordableDowntime({ tasks: few, scheduler: "fixed-priority", server }, {
    maxDeadlines: 10,
  });
  assert.equal(r.downtimeSeconds, 9.5);
});
