import assert from "node:assert/strict";
import { createPrng, integer } from "../../mod.ts";
import {
  analyzeEdf,
  analyzeFixedPriority,
  checkPlacement,
  type GuestScheduler,
  type PeriodicTask,
  type Platform,
  simulateSchedule,
} from "../../lib/realtime/mod.ts";
import { dedicatedPlatform, processor, randomPlatform, task, vm } from "./_fixtures.ts";

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

/** A random integer task set (periods 4, 6, 8, 12; hyperperiod 24) from one named stream. */
function integerTaskSet(seed: number, k: number): PeriodicTask[] {
  const prng = createPrng(seed, "simulate-vs-analysis", k);
  const n = integer(prng, 1, 5);
  return Array.from({ length: n }, (_, i) => {
    const period = [4, 6, 8, 12][integer(prng, 0, 4)]!;
    const wcet = integer(prng, 1, 3);
    return task(wcet, period, integer(prng, wcet, period + 1), `t${i}`);
  });
}

Deno.test("simulateSchedule() reproduces analyzeFixedPriority() response times and analyzeEdf() verdicts exactly on a dedicated processor (150 random sets)", () => {
  let schedulable = 0;
  for (let k = 0; k < 150; k++) {
    const tasks = integerTaskSet(1, k);
    const dedicated = { periodSeconds: 1, budgetSeconds: 1 };
    const run = (scheduler: GuestScheduler) =>
      simulateSchedule({
        processors: [processor("p0")],
        vms: [vm("a", tasks, dedicated, scheduler)],
        placement: [0],
      }, { horizonSeconds: 48 });
    const fp = analyzeFixedPriority(tasks);
    if (fp.schedulable) {
      // Synchronous release is the critical instant: the simulated worst response is the analysed one.
      schedulable++;
      const simulated = run("fixed-priority");
      assert.equal(simulated.totalMissed, 0);
      assert.deepEqual(
        simulated.tasks.map((t) => t.maxResponseSeconds),
        fp.responseTimesSeconds,
        JSON.stringify(tasks),
      );
    } else {
      assert.ok(run("fixed-priority").totalMissed > 0, JSON.stringify(tasks));
    }
    // EDF with constrained deadlines: synchronous release over two hyperperiods decides.
    assert.equal(
      analyzeEdf(tasks).schedulable,
      run("edf").totalMissed === 0,
      JSON.stringify(tasks),
    );
  }
  assert.ok(schedulable > 20 && schedulable < 130, `${schedulable} schedulable`);
});

Deno.test("simulateSchedule() never misses when the server analysis accepts a VM, at any task phase beside a competing server (100 random sets)", () => {
  let accepted = 0;
  for (let k = 0; k < 100; k++) {
    const tasks = integerTaskSet(2, k);
    const prng = createPrng(2, "simulate-vs-analysis-server", k);
    const period = integer(prng, 2, 5);
    const server = { periodSeconds: period, budgetSeconds: integer(prng, 1, period) };
    // Competitors take the rest of the processor with other periods, so VM a's budget comes
    // early in some periods and late in others (the 2(Π − Θ) blackout of the sbf).
    const hogs = [1, 1.5, 2, 2.5].map((ratio) =>
      vm("hog", [], {
        periodSeconds: period * ratio,
        budgetSeconds: (period - server.budgetSeconds) * ratio,
      })
    );
    for (const scheduler of ["edf", "fixed-priority"] as const) {
      const verdict = scheduler === "edf"
        ? analyzeEdf(tasks, { server }).schedulable
        : analyzeFixedPriority(tasks, { server }).schedulable;
      if (!verdict) continue;
      accepted++;
      for (const hog of hogs) {
        for (let phase = 0; phase < 2 * period; phase += 0.5) {
          const phased = tasks.map((t) => ({ ...t, offsetSeconds: phase }));
          const r = simulateSchedule({
            processors: [processor("p0")],
            vms: [hog, vm("a", phased, server, scheduler)],
            placement: [0, 0],
          }, { horizonSeconds: 120 + phase });
          const context = { tasks, server, scheduler, hog: hog.server, phase };
          assert.equal(r.totalMissed, 0, JSON.stringify(context));
        }
      }
    }
  }
  assert.ok(accepted > 20 && accepted < 190, `${accepted} accepted`);
});

Deno.test("simulateSchedule() keeps late jobs running with keepLateJobs, and reports the first missed deadline (hand trace)", () => {
  // Dedicated processor, EDF: a = (C 2, T 4, D 4), b = (C 3, T 8, D 3).
  // t=0: b (d 3) runs [0,3), a (d 4) runs [3,5): misses at 4. Aborted: a is dropped at 4,
  // a's 2nd job runs [4,6). Kept: a finishes at 5 (R 5), its 2nd job runs [5,7) (R 3).
  const tasks = [task(2, 4, 4, "a"), task(3, 8, 3, "b")];
  const platform = dedicatedPlatform(tasks, "edf");
  const aborted = simulateSchedule(platform, { horizonSeconds: 8 });
  const kept = simulateSchedule(platform, { horizonSeconds: 8, keepLateJobs: true });
  assert.deepEqual(
    aborted.tasks.map((t) => [t.task, t.released, t.completed, t.missed, t.maxResponseSeconds]),
    [["a", 2, 1, 1, 2], ["b", 1, 1, 0, 3]],
  );
  assert.deepEqual(
    kept.tasks.map((t) => [t.task, t.released, t.completed, t.missed, t.maxResponseSeconds]),
    [["a", 2, 1, 1, 5], ["b", 1, 1, 0, 3]],
  );
  assert.equal(aborted.firstMissSeconds, 4);
  assert.equal(kept.firstMissSeconds, 4);
  assert.equal(simulateSchedule(platform, { horizonSeconds: 3.5 }).firstMissSeconds, null);
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => simulateSchedule(platform, { horizonSeconds: 8, keepLateJobs: 1 as any }),
    { name: "TypeError", message: /options\.keepLateJobs must be a boolean/ },
  );
});

Deno.test("simulateSchedule() runs servers by EDF on their period ends, which reorders servers of different periods (hand trace)", () => {
  // a: Γ = (2, 1), task a1 (C 0.5, T = D = 2); b: Γ = (3, 1.5), task b1 (C 1.5, T = D = 3).
  // Server deadlines are the ends of their periods: [0,1) a (deadline 2 before 3; a1 runs
  // [0,0.5), R 0.5, then a idles its budget), [1,2) b (b1 gets 1 of 1.5); at 2 a is
  // released with deadline 4, after b's 3: [2,2.5) b (b1 done, R 2.5); [2.5,3.5) a (a1's
  // second job [2.5,3), R 1); at 3 b is released with deadline 6 > 4; [3.5,4) b.
  // Neither task misses (a deadline 2 periods later would run a at 2 and miss b1 at 3).
  const platform: Platform = {
    processors: [processor("p0")],
    vms: [
      vm("a", [task(0.5, 2, 2, "a1")], { periodSeconds: 2, budgetSeconds: 1 }),
      vm("b", [task(1.5, 3, 3, "b1")], { periodSeconds: 3, budgetSeconds: 1.5 }),
    ],
    placement: [0, 0],
  };
  const r = simulateSchedule(platform, { horizonSeconds: 4 });
  assert.deepEqual(
    r.tasks.map((t) => [t.task, t.released, t.completed, t.missed, t.maxResponseSeconds]),
    [
      ["a1", 2, 2, 0, 1],
      ["b1", 2, 1, 0, 2.5],
    ],
  );
  assert.equal(r.firstMissSeconds, null);
});

Deno.test("simulateSchedule() gives servers with equal deadlines to the lower VM index first (hand trace)", () => {
  // a and b both Γ = (2, 1), one task (C 1, T = D = 2) each: every period both servers
  // have the same deadline, a (index 0) runs [0,1) and b [1,2): a1 R = 1, b1 R = 2, no miss.
  const platform: Platform = {
    processors: [processor("p0")],
    vms: [
      vm("a", [task(1, 2, 2, "a1")], { periodSeconds: 2, budgetSeconds: 1 }),
      vm("b", [task(1, 2, 2, "b1")], { periodSeconds: 2, budgetSeconds: 1 }),
    ],
    placement: [0, 0],
  };
  const r = simulateSchedule(platform, { horizonSeconds: 4 });
  assert.deepEqual(
    r.tasks.map((t) => [t.task, t.released, t.completed, t.missed, t.maxResponseSeconds]),
    [
      ["a1", 2, 2, 0, 1],
      ["b1", 2, 2, 0, 2],
    ],
  );
});

Deno.test("simulateSchedule() refuses, before running, a task with more releases in the horizon than the event cap", () => {
  // found by the realtime fuzz test (FUZZ_RUNS=5): a period of 2e-91 s over a 0.1 s horizon,
  // 5e89 releases of one step each, ran on without end before the cap could be checked
  const tiny: Platform = {
    processors: [processor("p0")],
    vms: [vm("a", [task(0.002, 2e-91, 0.02, "t")], { periodSeconds: 0.01, budgetSeconds: 0.004 })],
    placement: [0],
  };
  assert.throws(() => simulateSchedule(tiny, { horizonSeconds: 0.1 }), {
    name: "RangeError",
    message:
      /^Cannot simulate the schedule as the event count must be <= maxEvents \(10000000\): current value is at least \d(?:\.\d+)?e\+89 \(the jobs platform\.vms\[0\]\.tasks\[0\] releases in options\.horizonSeconds/,
  });
  // the same rule at a small cap: 16 releases of a1 in 64 s need at least 15 steps
  assert.throws(() => simulateSchedule(twoVms(), { horizonSeconds: 64, maxEvents: 14 }), {
    name: "RangeError",
    message: /current value is at least 15 \(the jobs platform\.vms\[0\]\.tasks\[0\]/,
  });
});

Deno.test("simulateSchedule() on an overloaded task: counts by hand, late jobs dropped or kept", () => {
  // a job of 1 ms every 0.1 ms (deadline 50 ms) in a full server, ten times what the processor
  // does, with up to 500 jobs pending: the pending jobs are walked only from the first one not
  // yet late up to the first deadline ahead (each step walked all of them before: the same
  // counts, 17 ms against 862 ms with late jobs kept, once on 2026-12-07)
  const overloaded: Platform = {
    processors: [processor("p0")],
    vms: [vm("a", [task(1e-3, 1e-4, 0.05, "t")], { periodSeconds: 1, budgetSeconds: 1 })],
    placement: [0],
  };
  for (const keepLateJobs of [false, true]) {
    const result = simulateSchedule(overloaded, { horizonSeconds: 2, keepLateJobs });
    const row = result.tasks[0]!;
    // jobs run in release order: job k runs from k ms and meets 0.1k + 50 ms while k <= 54
    assert.equal(row.released, 20_000);
    assert.equal(row.completed, 55);
    // every other job whose deadline falls in the horizon (k <= 19,500) misses it
    assert.equal(row.missed, 19_501 - 55);
    assert.equal(result.firstMissSeconds, 0.0555);
    if (!keepLateJobs) assert.ok(Math.abs(row.maxResponseSeconds! - 0.0496) < 1e-12);
  }
});
