import assert from "node:assert/strict";
import { createPrng, migrate } from "../../mod.ts";
import { drawLifetime } from "../../lib/reliability/lifetime.ts";
import { checkPlacement } from "../../lib/realtime/check_placement.ts";
import { drawFaults } from "../../lib/realtime/fault_model.ts";
import { injectFault } from "../../lib/realtime/fault_restoration.ts";
import { simulateMission } from "../../lib/realtime/mission.ts";
import { createMissionPlatform } from "../../lib/realtime/mission_platform.ts";
import { migrationCoverage } from "../../lib/realtime/migration_coverage.ts";
import { migrationFeasibility } from "../../lib/realtime/migration_feasibility.ts";
import { selectMigrationTargets } from "../../lib/realtime/select_migration_targets.ts";
import { simulateMigrationFailures } from "../../lib/realtime/simulate_migration_failures.ts";
import { randomTaskSet } from "../../lib/realtime/random_task_set.ts";
import { planRealTimeMigrations } from "../../lib/realtime/plan_real_time_migrations.ts";
import type { Platform, Processor, RealTimeVm } from "../../lib/realtime/model.ts";
import { processor, task, vm } from "./_fixtures.ts";

const LINK = { bandwidthBytesPerSecond: 1e8 };
/** 1024 idle pages of 4 KiB plus 4 KiB of state: offline sends 4,198,400 B in 41.984 ms. */
const IMAGE = {
  pageCount: 1024,
  pageSizeBytes: 4096,
  stateBytes: 4096,
  workload: { kind: "idle" as const },
};
const OFFLINE_SECONDS = 4_198_400 / 1e8; // 0.041984
const IMAGE_BYTES = 1024 * 4096; // 4,194,304
const HYPERVISOR_BYTES = 1024 / 8 + 65_536; // dirty bitmap plus buffers: 65,664

function proc(name: string, capacity = 1, ramBytes = 2 ** 30): Processor {
  return { name, capacity, ramBytes, link: LINK };
}

function rtVm(name: string, wcet: number, budgetSeconds: number): RealTimeVm {
  return {
    name,
    scheduler: "edf",
    server: { periodSeconds: 0.01, budgetSeconds },
    tasks: [task(wcet, 0.1)],
    image: IMAGE,
  };
}

/**
 * p0 fails with two movers m0, m1 (task 10 ms / 100 ms; minimumBudget at Π = 10 ms is
 * 1.1111 ms, so Θ = 1.2 ms, bandwidth 0.12, schedulable down to a factor 0.926); q0
 * holds a resident r (task 50 ms / 100 ms; least budget 5.4545 ms, Θ = 5.5 ms,
 * bandwidth 0.55, schedulable down to a factor 0.9917). q0 is the only target: after
 * the plan it carries 0.55 + 2 · 0.12 = 0.79. p0's RAM holds exactly its two images.
 */
function squeezePlatform(): Platform {
  return {
    processors: [proc("p0", 1, 2 * IMAGE_BYTES), proc("q0")],
    vms: [rtVm("m0", 0.01, 0.0012), rtVm("m1", 0.01, 0.0012), rtVm("r", 0.05, 0.0055)],
    placement: [0, 0, 1],
  };
}

Deno.test("planRealTimeMigrations() starts at detection, then when the link is free", () => {
  const plan = planRealTimeMigrations(squeezePlatform(), [0], {
    seed: 1,
    techniques: ["offline"],
    detectionSeconds: 0.01,
  });
  // Equal urgency: index order. m0 starts at detection 0.01 s, m1 when m0 has sent
  // its 41.984 ms: 0.01 + 0.041984 = 0.051984 s (detection counted once).
  assert.deepEqual(plan.order, [0, 1]);
  assert.deepEqual(plan.vms.map((v) => v.rank), [0, 1]);
  for (const v of plan.vms) {
    assert.ok(Math.abs(v.candidates[0]!.migrationSeconds - OFFLINE_SECONDS) < 1e-15);
  }
  const starts = plan.vms.map((v) => v.candidates[0]!.startSeconds);
  assert.equal(starts[0], 0.01);
  assert.ok(Math.abs(starts[1]! - 0.051984) < 1e-12, `${starts[1]}`);
  // The source serves its guests until each stops: offline's outage is its transfer,
  // from the suspend at the start to the resume at the end.
  const [a, b] = plan.vms.map((v) => v.outage);
  assert.equal(a!.fromSeconds, 0.01);
  assert.ok(Math.abs(a!.toSeconds - 0.051984) < 1e-12);
  assert.ok(Math.abs(b!.fromSeconds - 0.051984) < 1e-12);
  assert.ok(Math.abs(b!.toSeconds - 0.093968) < 1e-12);
  // Both go to q0; the simulation runs them there.
  assert.deepEqual(plan.placement, [1, 1, 1]);
  assert.deepEqual(plan.simulation.placement, [1, 1, 1]);
});

Deno.test("planRealTimeMigrations() counts the link wait against the window", () => {
  const base = { seed: 1, techniques: ["offline" as const], detectionSeconds: 0.01 };
  // m1 would end at 0.01 + 2 · 0.041984 = 0.093968 s: a window of 0.071984 s fits m0
  // (ends 0.051984) but not m1, though m1's transfer alone (0.041984) would fit.
  const tight = planRealTimeMigrations(squeezePlatform(), [0], {
    ...base,
    windowSeconds: 0.071984,
  });
  assert.deepEqual(tight.vms.map((v) => v.outcome), ["misses-deadlines", "window-exceeded"]);
  assert.deepEqual(tight.vms.map((v) => v.candidates[0]!.withinWindow), [true, false]);
  assert.deepEqual(tight.placement, [1, -1, 1]);
  // A window ending exactly when m1's migration ends still takes it.
  const open = planRealTimeMigrations(squeezePlatform(), [0], base);
  const last = open.vms[1]!.candidates[0]!;
  const exact = planRealTimeMigrations(squeezePlatform(), [0], {
    ...base,
    windowSeconds: last.startSeconds + last.migrationSeconds,
  });
  assert.deepEqual(exact.vms.map((v) => v.technique), ["offline", "offline"]);
  assert.equal(exact.vms[1]!.candidates[0]!.withinWindow, true);
});

Deno.test("planRealTimeMigrations() squeezes by the overlapping share, skips movers", () => {
  // cpuSecondsPerByte 3e-9 at 1e8 B/s: a share of 3e-9 · 1e8 = 0.3 while a VM migrates.
  // The two migrations into q0 follow each other (no overlap), so the share is 0.3,
  // not 0.6. q0's servers sum to 0.79; 0.79 + 0.3 > 1, so every server is squeezed to
  // (1 − 0.3) / 0.79 = 0.886 of its budget: r (needs 0.9917) is at risk; the movers
  // would be too (they need 0.926) but are not yet running there.
  const plan = planRealTimeMigrations(squeezePlatform(), [0], {
    seed: 1,
    techniques: ["offline"],
    hypervisorCost: { cpuSecondsPerPage: 0, cpuSecondsPerByte: 3e-9 },
  });
  assert.equal(plan.bystanders.length, 1);
  const b = plan.bystanders[0]!;
  assert.equal(b.vmIndex, 2);
  assert.equal(b.processor, 1);
  assert.ok(Math.abs(b.hypervisorShare - 0.3) < 1e-12, `${b.hypervisorShare}`);
  assert.ok(Math.abs(b.budgetFactor - 0.7 / 0.79) < 1e-12, `${b.budgetFactor}`);
});

Deno.test("planRealTimeMigrations() caps the summed overlapping share at 1", () => {
  // Concurrent: each mover gets half the link, so each share is 1.2e-8 · 0.5e8 = 0.6;
  // both run at once: 1.2, capped at 1; the budget factor is max(0, (1 − 1) / 0.79) = 0.
  const plan = planRealTimeMigrations(squeezePlatform(), [0], {
    seed: 1,
    techniques: ["offline"],
    concurrent: true,
    hypervisorCost: { cpuSecondsPerPage: 0, cpuSecondsPerByte: 1.2e-8 },
  });
  assert.deepEqual(plan.bystanders, [{
    vmIndex: 2,
    processor: 1,
    hypervisorShare: 1,
    budgetFactor: 0,
  }]);
});

Deno.test("planRealTimeMigrations() reports a source short of RAM for the buffers", () => {
  // p0 holds exactly its two images (8,388,608 B); each migration from it adds
  // 1024 / 8 + 65,536 = 65,664 B: 8,388,608 + 2 · 65,664 = 8,519,936 B needed.
  const plan = planRealTimeMigrations(squeezePlatform(), [0], { seed: 1, techniques: ["offline"] });
  assert.deepEqual(plan.memoryShortfalls, [{
    processor: 0,
    neededBytes: 2 * IMAGE_BYTES + 2 * HYPERVISOR_BYTES,
    ramBytes: 2 * IMAGE_BYTES,
  }]);
});

Deno.test("planRealTimeMigrations() takes the affordable downtime on the target's capacity", () => {
  // A dedicated server (Θ = Π = 1 ms) and one EDF task (C = 10 ms, T = D = 100 ms): the
  // slack is T − C / capacity: 100 − 10 = 90 ms on p0 (capacity 1), 100 − 5 = 95 ms on
  // the target q0 (capacity 2).
  const vm: RealTimeVm = {
    name: "v",
    scheduler: "edf",
    server: { periodSeconds: 0.001, budgetSeconds: 0.001 },
    tasks: [task(0.01, 0.1)],
    image: IMAGE,
  };
  const plan = planRealTimeMigrations(
    {
      processors: [proc("p0"), proc("q0", 2)],
      vms: [vm],
      placement: [0],
    },
    [0],
    { seed: 1 },
  );
  assert.equal(plan.vms[0]!.targetProcessor, 1);
  assert.ok(Math.abs(plan.vms[0]!.affordableDowntimeSeconds! - 0.095) < 1e-12);
});

Deno.test("planRealTimeMigrations() predicts no miss for a lost VM without tasks", () => {
  // No spare processor and a finite window: the VM is lost at 0.2 s, but with no tasks
  // it has no deadline to miss.
  const idle: RealTimeVm = { ...rtVm("idle", 0.01, 0.0012), tasks: [] };
  const plan = planRealTimeMigrations({ processors: [proc("p0")], vms: [idle], placement: [0] }, [
    0,
  ], { seed: 1, windowSeconds: 0.2 });
  assert.equal(plan.vms[0]!.outcome, "no-target");
  assert.equal(plan.vms[0]!.predictedMiss, false);
  assert.deepEqual(plan.predictedMisses, []);
});

/** An EDF VM of n idle pages, server (10 ms, 4 ms), task 20 ms / 100 ms. */
function pagesVm(name: string, pageCount: number): RealTimeVm {
  return {
    name,
    scheduler: "edf",
    server: { periodSeconds: 0.01, budgetSeconds: 0.004 },
    tasks: [task(0.02, 0.1)],
    image: { pageCount, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" } },
  };
}

Deno.test("injectFault() shared link: drops the VM ending last among the late ones", () => {
  // a, b, c: 409,600, 819,200 and 1,228,800 B offline over 1e8 B/s, all from 0.
  // All three: a ends at 3 · 409,600 / 1e8 = 12.288 ms, b at 12.288 + 2 · 409,600 / 1e8
  // = 20.48 ms, c at 24.576 ms. A 15 ms window: b and c end late; c ends last and is
  // dropped. a and b then: a ends at 8.192 ms, b at 12.288 ms, both within.
  // (Dropping b instead would leave a and c, c ending at 16.384 ms, so c too.)
  const platform: Platform = {
    processors: [proc("p0"), proc("p1"), proc("p2")],
    vms: [pagesVm("a", 100), pagesVm("b", 200), pagesVm("c", 300)],
    placement: [0, 0, 0],
  };
  const r = injectFault(platform, { processorIndex: 0, timeSeconds: 0, kind: "degraded" }, {
    technique: "offline",
    seed: 1,
    windowSeconds: 0.015,
    scheduleAfterFaultSeconds: 0,
  });
  assert.deepEqual(r.vms.map((v) => v.outcome), ["restored", "restored", "window-exceeded"]);
  assert.ok(Math.abs(r.vms[0]!.migrationSeconds - 0.008192) < 1e-12);
  assert.ok(Math.abs(r.vms[1]!.migrationSeconds - 0.012288) < 1e-12);
});

Deno.test("injectFault() simulates a restored VM on its target's capacity", () => {
  // One VM on a dedicated server (Θ = Π = 10 ms), task C = 20 ms, T = D = 100 ms, moved
  // from p0 (capacity 1) to p1 (capacity 2). Fault at 1 s; detection chosen so the
  // offline transfer of 1,048,576 B (10.48576 ms) ends the outage at 1.385 s. Jobs
  // released at 1.0, 1.1 and 1.2 s miss; the one at 1.3 s has 15 ms left before its
  // deadline: enough at capacity 2 (C / 2 = 10 ms), not at capacity 1 (20 ms).
  const solo: Platform = {
    processors: [proc("p0"), proc("p1", 2)],
    vms: [{ ...pagesVm("a", 256), server: { periodSeconds: 0.01, budgetSeconds: 0.01 } }],
    placement: [0],
  };
  const result = injectFault(solo, { processorIndex: 0, timeSeconds: 1, kind: "degraded" }, {
    technique: "offline",
    seed: 1,
    windowSeconds: 5,
    detectionSeconds: 0.385 - 1_048_576 / 1e8,
    scheduleAfterFaultSeconds: 1,
  });
  assert.equal(result.vms[0]!.targetProcessor, 1);
  assert.ok(Math.abs(result.vms[0]!.outageSeconds - 0.385) < 1e-12);
  assert.deepEqual(result.tasks.map((t) => [t.jobs, t.deadlinesMissed]), [[20, 3]]);
  assert.equal(result.observedUntilSeconds, 2);
});

/** p0 hosts one small VM; p1 and p2 are spares. */
function missionPlatform(): Platform {
  return {
    processors: [proc("p0"), proc("p1"), proc("p2")],
    vms: [pagesVm("a", 64)],
    placement: [0],
  };
}

Deno.test("simulateMission() fails at an uncovered spare, dated at the fault", () => {
  // p1 faults within the mission (rate 1/s), p0 and p2 practically never (1e-12/s).
  // Coverage 0: p1's fault is uncovered, so the system fails there although no VM was
  // on it; the failure time is the fault's, not the fault plus detection.
  const rare = { kind: "exponential" as const, ratePerSecond: 1e-12 };
  const result = simulateMission(missionPlatform(), {
    missionSeconds: 1000,
    lifetimes: [rare, { kind: "exponential", ratePerSecond: 1 }, rare],
    pDegraded: 1,
    coverage: 0,
    technique: "offline",
    seed: 4,
    detectionSeconds: 0.5,
  });
  assert.equal(result.survived, false);
  assert.equal(result.faults.length, 1);
  const [record] = result.faults;
  assert.equal(record!.fault.processorIndex, 1);
  assert.equal(record!.covered, false);
  assert.equal(record!.systemFailed, true);
  assert.deepEqual(record!.restoration.vms, []);
  assert.equal(result.failureSeconds, record!.fault.timeSeconds);
});

Deno.test("simulateMission() uses its mission's faults and per-processor coverage", () => {
  const options = {
    missionSeconds: 1e5,
    lifetimes: { kind: "exponential" as const, ratePerSecond: 1e-3 },
    pDegraded: 1,
    coverage: 0.5,
    technique: "offline" as const,
    seed: 9,
  };
  let discriminating = 0;
  for (let missionIndex = 0; missionIndex < 12; missionIndex++) {
    const result = simulateMission(missionPlatform(), { ...options, missionIndex });
    // Its faults are drawFaults' for this mission index, in time order, up to the failure.
    const drawn = drawFaults(missionPlatform(), {
      lifetimes: options.lifetimes,
      pDegraded: 1,
      seed: 9,
      missionIndex,
      horizonSeconds: options.missionSeconds,
    });
    assert.deepEqual(result.faults.map((f) => f.fault), drawn.slice(0, result.faults.length));
    for (const record of result.faults) {
      const p = record.fault.processorIndex;
      const u = createPrng(9, "coverage", missionIndex, p)();
      assert.equal(record.covered, u < 0.5, `mission ${missionIndex} processor ${p}`);
      const u0 = createPrng(9, "coverage", missionIndex, 0)();
      if (p !== 0 && (u < 0.5) !== (u0 < 0.5)) discriminating++;
    }
  }
  assert.ok(discriminating > 0, "some fault's coverage differs from processor 0's draw");
});

const MISSION_VMS = [0.1, 0.35, 0.2, 0.3, 0.15, 0.25].map((utilization, i) => ({
  name: `vm${i}`,
  taskCount: 3,
  utilization,
  pageCount: 256,
}));

Deno.test("createMissionPlatform() draws VM i's tasks from its stream; 4 GiB RAM", () => {
  const platform = createMissionPlatform({
    processorCount: 3,
    vms: MISSION_VMS,
    link: LINK,
    seed: 7,
  });
  MISSION_VMS.forEach((spec, i) => {
    const expected = randomTaskSet(createPrng(7, "tasks", i), {
      taskCount: 3,
      utilization: spec.utilization,
      namePrefix: `vm${i}.t`,
    });
    assert.deepEqual(platform.vms[i]!.tasks, expected);
  });
  assert.ok(platform.processors.every((p) => p.ramBytes === 4 * 2 ** 30));
});

Deno.test("createMissionPlatform() never budgets below the least budget", () => {
  const config = { processorCount: 3, vms: MISSION_VMS, link: LINK, seed: 7 };
  const least = createMissionPlatform(config);
  const half = createMissionPlatform({ ...config, budgetFactor: 0.5 });
  assert.deepEqual(
    half.vms.map((v) => v.server.budgetSeconds),
    least.vms.map((v) => v.server.budgetSeconds),
  );
});

Deno.test("createMissionPlatform() places by worst-fit decreasing, ties to index", () => {
  const platform = createMissionPlatform({
    processorCount: 3,
    vms: MISSION_VMS,
    link: LINK,
    seed: 7,
  });
  const bandwidth = platform.vms.map((v) => v.server.budgetSeconds / v.server.periodSeconds);
  // Replays the rule on the built budgets (every VM fits anywhere: the loads stay < 1).
  const order = bandwidth.map((_, i) => i).sort((a, b) => bandwidth[b]! - bandwidth[a]! || a - b);
  const load = [0, 0, 0];
  for (const i of order) {
    const p = load.indexOf(Math.min(...load));
    assert.equal(platform.placement[i], p, `vm${i}`);
    load[p] = load[p]! + bandwidth[i]!;
  }
  assert.ok(load.every((l) => l < 1));
  // The largest VM opens processor 0 (all loads tie at 0).
  assert.equal(platform.placement[order[0]!], 0);
});

Deno.test("injectFault() restores a VM whose migration ends exactly at the window's end", () => {
  const one: Platform = {
    processors: [proc("p0"), proc("p1")],
    vms: [{ ...pagesVm("a", 256), image: { ...pagesVm("a", 256).image, stateBytes: 4096 } }],
    placement: [0],
  };
  const fault = { processorIndex: 0, timeSeconds: 0, kind: "degraded" as const };
  const base = { technique: "offline" as const, seed: 3, scheduleAfterFaultSeconds: 0 };
  // Offline, idle: 1,052,672 B at 1e8 B/s, 10.52672 ms; no detection, so it ends then.
  const total = migrate(one.vms[0]!.image, LINK, { technique: "offline", seed: 3 }).totalSeconds;
  assert.ok(Math.abs(total - 0.01052672) < 1e-15);
  for (const linkSharing of ["sequential", "concurrent"] as const) {
    const r = injectFault(one, fault, { ...base, linkSharing, windowSeconds: total });
    assert.equal(r.vms[0]!.outcome, "restored", linkSharing);
  }
});

Deno.test("injectFault() closed-form shared link: post-copy stalls of the VM alone", () => {
  // The closed form has no fault stream, so the shared-link simulation reports no
  // stalls; the VM alone on the link stalls (reads on not-yet-pushed pages).
  const busy = (name: string): RealTimeVm => ({
    ...pagesVm(name, 1024),
    image: {
      pageCount: 1024,
      pageSizeBytes: 4096,
      stateBytes: 0,
      workload: { kind: "uniform", writesPerSecond: 2000, readsPerSecond: 20_000 },
    },
  });
  const platform: Platform = {
    processors: [proc("p0"), proc("p1"), proc("p2")],
    vms: [busy("a"), busy("b")],
    placement: [0, 0],
  };
  const alone = migrate(platform.vms[0]!.image, LINK, {
    technique: "post-copy",
    seed: 1,
    fidelity: "closed-form",
  }).stallSeconds;
  assert.ok(alone > 0.01, `${alone}`);
  const r = injectFault(platform, { processorIndex: 0, timeSeconds: 0, kind: "degraded" }, {
    technique: "post-copy",
    seed: 1,
    windowSeconds: 10,
    fidelity: "closed-form",
    scheduleAfterFaultSeconds: 0,
  });
  for (const v of r.vms) {
    assert.equal(v.stallSeconds, alone);
    assert.ok(v.outageSeconds >= alone);
  }
});

/** A VM of the given server bandwidth (Π = 1 s), task 0.1 s / 10 s, 1 MiB image. */
function bandwidthVm(name: string, bandwidth: number) {
  return vm(name, [task(0.1, 10)], { periodSeconds: 1, budgetSeconds: bandwidth });
}

Deno.test("selectMigrationTargets() worst-fit ties to lowest index; counts used RAM", () => {
  // p0 fails with a (0.3) and b (0.2). p1 and p2 are empty; p1's RAM holds one 1 MiB image.
  const platform: Platform = {
    processors: [processor("p0"), processor("p1", 1, 1_048_576), processor("p2")],
    vms: [bandwidthVm("a", 0.3), bandwidthVm("b", 0.2)],
    placement: [0, 0],
  };
  // worst-fit: a sees spare 0.7 on p1 and p2, a tie: p1. b sees p1 full of RAM: p2.
  assert.deepEqual(selectMigrationTargets(platform, [0], { policy: "worst-fit" }).placement, [
    1,
    2,
  ]);
  // best-fit: a to p1 (tie); b would leave p1 with spare 0.5 < 0.8, but p1's RAM is full.
  assert.deepEqual(selectMigrationTargets(platform, [0]).placement, [1, 2]);
});

Deno.test("selectMigrationTargets() lists the unrestorable VMs in index order", () => {
  // Movers by bandwidth: b (0.5) then a (0.2); p1 (0.9 used) takes neither.
  const platform: Platform = {
    processors: [processor("p0"), processor("p1")],
    vms: [bandwidthVm("a", 0.2), bandwidthVm("b", 0.5), bandwidthVm("x", 0.9)],
    placement: [0, 0, 1],
  };
  const r = selectMigrationTargets(platform, [0]);
  assert.deepEqual(r.unrestorable, [0, 1]);
  assert.deepEqual(r.placement, [-1, -1, 1]);
});

Deno.test("checkPlacement() accepts exact RAM, judges on the processor's capacity", () => {
  const exact = checkPlacement({
    processors: [processor("p0", 1, 1_048_576)],
    vms: [bandwidthVm("a", 0.5)],
    placement: [0],
  });
  assert.equal(exact.feasible, true);
  assert.equal(exact.processors[0]!.ramBytesUsed, 1_048_576);
  // Dedicated server (Θ = Π = 1 s), task C = 1.5 s, T = D = 2 s: 1.5 / 0.5 = 3 s of
  // processor time per 2 s on capacity 0.5: unschedulable (it would fit on capacity 1).
  const slow = checkPlacement({
    processors: [processor("p0", 0.5)],
    vms: [vm("a", [task(1.5, 2)], { periodSeconds: 1, budgetSeconds: 1 })],
    placement: [0],
  });
  assert.equal(slow.vms[0]!.schedulableInServer, false);
  assert.deepEqual(slow.processors[0]!.reasons, ['VM "a" is not schedulable in its server']);
});

/** p0 fails with a and b (bandwidth 0.6 each); p1 can take only one of them. */
function oneLostPlan() {
  const platform: Platform = {
    processors: [proc("p0"), proc("q0")],
    vms: [rtVm("a", 0.01, 0.006), rtVm("b", 0.01, 0.006)],
    placement: [0, 0],
  };
  return planRealTimeMigrations(platform, [0], { seed: 1, techniques: ["offline"] });
}

Deno.test("migrationCoverage(), simulateMigrationFailures(): 0 if the plan loses a VM", () => {
  const plan = oneLostPlan();
  assert.deepEqual(plan.vms.map((v) => v.outcome), ["keeps-deadlines", "no-target"]);
  // μ = 0: the source never fails, so the migrated VM is always restored; the plan
  // itself loses b, so every VM is restored with probability 0.
  const model = migrationCoverage(plan, { sourceFailureRatePerSecond: 0 });
  assert.deepEqual(model.vms.map((v) => v.coverage), [1]);
  assert.equal(model.coverage, 0);
  const mc = simulateMigrationFailures(plan, {
    seed: 1,
    missions: 200,
    sourceFailureRatePerSecond: 0,
  });
  assert.deepEqual(mc.vms.map((v) => v.restoredFraction), [1]);
  assert.equal(mc.allRestoredFraction, 0);
  assert.equal(mc.allRestoredStandardError, 0);
});

Deno.test("simulateMigrationFailures() √(p(1 − p)/n); retries only if dest fails first", () => {
  const plan = planRealTimeMigrations(
    {
      processors: [proc("p0"), proc("q0")],
      vms: [rtVm("a", 0.01, 0.006)],
      placement: [0],
    },
    [0],
    { seed: 1, techniques: ["offline"] },
  );
  // The migration starts at 0 and takes 41.984 ms.
  const n = 400;
  const mc = simulateMigrationFailures(plan, {
    seed: 2,
    missions: n,
    sourceFailureRatePerSecond: 20,
  });
  const p = mc.vms[0]!.restoredFraction;
  assert.ok(p > 0.2 && p < 0.7, `${p}`); // e^(−20 · 0.041984) = 0.43
  assert.equal(mc.vms[0]!.standardError, Math.sqrt(p * (1 - p) / n));
  // μ = 1e6: the source fails after about 1 µs. A retry needs the destination (λ = 50)
  // to fail first: probability 50 / (1e6 + 50) = 5e-5 per mission, so about 0.1 retries
  // in 2000 missions (had the source's failure been checked only at the attempt's
  // start, the VM would retry e^(50 · 0.041984) − 1 = 7.2 times per mission).
  const fast = simulateMigrationFailures(plan, {
    seed: 3,
    missions: 2000,
    sourceFailureRatePerSecond: 1e6,
    destinationFailureRatePerSecond: 50,
  });
  assert.equal(fast.vms[0]!.restoredFraction, 0);
  assert.ok(fast.vms[0]!.meanRetries <= 2 / 2000, `${fast.vms[0]!.meanRetries}`);
});

Deno.test("drawFaults() draws a processor's lifetime first, then its kind, from one stream", () => {
  const lifetimes = { kind: "exponential" as const, ratePerSecond: 1e-3 };
  const platform: Platform = { processors: [proc("p0"), proc("p1")], vms: [], placement: [] };
  const faults = drawFaults(platform, { lifetimes, pDegraded: 0.5, seed: 6, missionIndex: 2 });
  for (const f of faults) {
    const prng = createPrng(6, "fault", 2, f.processorIndex);
    assert.equal(f.timeSeconds, drawLifetime(prng, lifetimes));
    assert.equal(f.kind, prng() < 0.5 ? "degraded" : "fail-stop");
  }
  assert.equal(faults.length, 2);
});

Deno.test("migrationFeasibility() uses the page size and honours sourceServesGuests", () => {
  const config = {
    pageCounts: [256],
    writesPerSecond: [2000],
    periodsSeconds: [1],
    link: LINK,
    seed: 1,
    techniques: ["pre-copy" as const],
    pageSizeBytes: 8192,
  };
  const [serving] = migrationFeasibility(config);
  assert.equal(serving!.memoryBytes, 256 * 8192);
  // Serving: pre-copy's outage is its stop-and-copy only, shorter than the migration.
  assert.ok(serving!.outageSeconds < serving!.migrationSeconds / 2);
  // Not serving: the outage runs from the fault to the resume, which for pre-copy is
  // the migration's end.
  const [stopped] = migrationFeasibility({ ...config, sourceServesGuests: false });
  assert.equal(stopped!.outageSeconds, stopped!.migrationSeconds);
});
