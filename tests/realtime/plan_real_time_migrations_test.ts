import assert from "node:assert/strict";
import { migrate } from "../../mod.ts";
import {
  affordableDowntime,
  hypervisorMigrationCost,
  type PeriodicTask,
  planRealTimeMigrations,
  type Platform,
  type Processor,
  type RealTimeVm,
  simulateSchedule,
} from "../../lib/realtime/mod.ts";
import { randomPlatform, task } from "./_fixtures.ts";

const WRITES = { kind: "uniform" as const, writesPerSecond: 2000 };

function proc(name: string, latencySeconds = 0): Processor {
  return {
    name,
    capacity: 1,
    ramBytes: 2 ** 30,
    link: { bandwidthBytesPerSecond: 1e8, latencySeconds },
  };
}

/** A VM alone on a dedicated processor (Θ = Π), 1024 pages of 4 KiB. */
function dedicatedVm(name: string, tasks: PeriodicTask[], idle = false): RealTimeVm {
  return {
    name,
    scheduler: "edf",
    server: { periodSeconds: 0.001, budgetSeconds: 0.001 },
    tasks,
    image: {
      pageCount: 1024,
      pageSizeBytes: 4096,
      stateBytes: 4096,
      workload: idle ? { kind: "idle" } : WRITES,
    },
  };
}

/**
 * Four failing processors p0..p3, one VM each on a dedicated server, four empty
 * targets. p2's link has 0.5 ms latency, so post-copy's remote faults are slow there.
 */
function handBuilt(): Platform {
  return {
    processors: [
      proc("p0"),
      proc("p1"),
      proc("p2", 5e-4),
      proc("p3"),
      proc("q0"),
      proc("q1"),
      proc("q2"),
      proc("q3"),
    ],
    vms: [
      dedicatedVm("relaxed", [task(0.01, 0.1)], true), // slack 90 ms
      dedicatedVm("tight", [task(0.005, 0.02)]), // slack 15 ms
      dedicatedVm("far", [task(0.005, 0.02)]), // slack 15 ms, slow faults
      dedicatedVm("hopeless", [task(0.0001, 0.001)]), // slack 0.9 ms
    ],
    placement: [0, 1, 2, 3],
  };
}

Deno.test("planRealTimeMigrations() picks per VM the technique a by-hand slack analysis picks", () => {
  const platform = handBuilt();
  const plan = planRealTimeMigrations(platform, [0, 1, 2, 3], { seed: 1 });
  // By hand: the slack of one EDF task (C, T = D) on a dedicated processor is T − C.
  const slack = [0.09, 0.015, 0.015, 0.0009];
  plan.vms.forEach((v, i) => {
    assert.ok(Math.abs(v.affordableDowntimeSeconds! - slack[i]!) < 1e-12);
    // Each technique's outage, from the engine: suspend to resume, plus post-copy's stalls.
    const link = platform.processors[i]!.link;
    const outage = (technique: "offline" | "pre-copy" | "post-copy") => {
      const r = migrate(platform.vms[i]!.image, link, { technique, seed: 1 });
      const at = (kind: string) => r.timeline.find((e) => e.kind === kind)!.timeSeconds;
      return { outage: at("resume") - at("suspend") + r.stallSeconds, total: r.totalSeconds };
    };
    const byHand = (["offline", "pre-copy", "post-copy"] as const).map((t) => ({
      t,
      ...outage(t),
    }));
    const fitting = byHand.filter((c) => c.outage <= slack[i]!);
    const expected = fitting.length > 0
      ? fitting.reduce((a, b) => b.total < a.total ? b : a).t
      : byHand.reduce((a, b) => b.outage < a.outage ? b : a).t;
    assert.equal(v.technique, expected, v.vm);
  });
  // What that analysis gives here: offline fits 90 ms; post-copy (2.3 ms) is the shorter
  // migration of the two that fit 15 ms; with 0.5 ms latency post-copy stalls 21 ms, so
  // pre-copy; nothing fits 0.9 ms and post-copy has the least outage.
  assert.deepEqual(plan.vms.map((v) => v.technique), [
    "offline",
    "post-copy",
    "pre-copy",
    "post-copy",
  ]);
  assert.deepEqual(plan.vms.map((v) => v.outcome), [
    "keeps-deadlines",
    "keeps-deadlines",
    "keeps-deadlines",
    "misses-deadlines",
  ]);
  assert.deepEqual(plan.order, [3, 1, 2, 0]); // least affordable downtime first
  assert.deepEqual(plan.predictedMisses, [3]);
});

Deno.test("planRealTimeMigrations(): predicted misses equal simulated misses on hand-built platforms", async (t) => {
  const cases: [string, Platform, Parameters<typeof planRealTimeMigrations>[2]][] = [
    ["four dedicated VMs, source serves", handBuilt(), { seed: 1 }],
    ["four dedicated VMs, offline only", handBuilt(), { seed: 1, techniques: ["offline"] }],
    ["source stops serving at the fault, 30 ms detection", handBuilt(), {
      seed: 2,
      sourceServesGuests: false,
      detectionSeconds: 0.03,
    }],
  ];
  for (const [name, platform, options] of cases) {
    await t.step(name, () => {
      const plan = planRealTimeMigrations(platform, [0, 1, 2, 3], options);
      const sim = simulateSchedule({ ...platform, placement: plan.simulation.placement }, {
        horizonSeconds: 0.5,
        outages: plan.simulation.outages,
      });
      const simulated = plan.vms.filter((v) =>
        sim.tasks.some((row) => row.vm === v.vmIndex && row.missed > 0)
      ).map((v) => v.vmIndex);
      assert.deepEqual(simulated, plan.predictedMisses);
    });
  }
});

Deno.test("planRealTimeMigrations() orders by urgency, so sequential migrations on one link keep both VMs", () => {
  // Two VMs on p0, servers (1 ms, 0.5 ms); the source stops serving at the fault, so a
  // VM's outage is the wait for the link plus its own migration (idle: 42 ms offline).
  const server = { periodSeconds: 0.001, budgetSeconds: 0.0005 };
  const vm = (name: string, period: number): RealTimeVm => ({
    name,
    scheduler: "edf",
    server,
    tasks: [task(0.001, period)],
    image: { pageCount: 1024, pageSizeBytes: 4096, stateBytes: 4096, workload: { kind: "idle" } },
  });
  const platform: Platform = {
    processors: [proc("p0"), proc("p1"), proc("p2")],
    vms: [vm("slow", 0.3), vm("fast", 0.06)],
    placement: [0, 0],
  };
  const afford = platform.vms.map((v) => affordableDowntime(v).downtimeSeconds!);
  const plan = planRealTimeMigrations(platform, [0], {
    seed: 1,
    techniques: ["offline"],
    sourceServesGuests: false,
  });
  const offline = migrate(platform.vms[0]!.image, platform.processors[0]!.link, {
    technique: "offline",
    seed: 1,
  }).totalSeconds;
  // By hand: "fast" affords less than 2 offline transfers but more than one; "slow" more than two.
  assert.ok(afford[1]! > offline && afford[1]! < 2 * offline, JSON.stringify(afford));
  assert.ok(afford[0]! > 2 * offline);
  assert.deepEqual(plan.order, [1, 0]);
  assert.deepEqual(plan.predictedMisses, []);
  assert.ok(Math.abs(plan.vms[0]!.outage.toSeconds - 2 * offline) < 1e-12);
  const sim = simulateSchedule({ ...platform, placement: plan.simulation.placement }, {
    horizonSeconds: 1,
    outages: plan.simulation.outages,
  });
  assert.equal(sim.totalMissed, 0);
});

Deno.test("planRealTimeMigrations() shares the link equally among concurrent migrations", () => {
  const platform = handBuilt();
  platform.placement = [0, 0, 0, 0];
  platform.vms = platform.vms.map((v) => ({
    ...v,
    server: { periodSeconds: 0.001, budgetSeconds: 0.0002 },
  }));
  for (const v of platform.vms) v.tasks = [task(0.0001, 0.1)];
  const plan = planRealTimeMigrations(platform, [0], {
    seed: 1,
    techniques: ["offline"],
    concurrent: true,
  });
  const alone = migrate(platform.vms[0]!.image, { bandwidthBytesPerSecond: 0.25e8 }, {
    technique: "offline",
    seed: 1,
  }).totalSeconds;
  for (const v of plan.vms) {
    assert.equal(v.candidates[0]!.startSeconds, 0);
    assert.ok(Math.abs(v.candidates[0]!.migrationSeconds - alone) < 1e-12);
  }
});

Deno.test("planRealTimeMigrations(): the hypervisor's copying time squeezes a full target's servers (bystanders)", () => {
  // q0 carries a resident VM at 0.95 bandwidth whose budget is just enough; migrating
  // into... a VM of bandwidth 0.05 takes a 12 % processor share on q0 while it migrates.
  const resident: RealTimeVm = {
    ...dedicatedVm("resident", [task(0.0009, 0.001)]),
    server: { periodSeconds: 0.001, budgetSeconds: 0.00095 },
  };
  const mover: RealTimeVm = {
    ...dedicatedVm("mover", [task(0.001, 1)], true),
    server: { periodSeconds: 0.01, budgetSeconds: 0.0005 },
  };
  const platform: Platform = {
    processors: [proc("p0"), proc("q0")],
    vms: [mover, resident],
    placement: [0, 1],
  };
  const plan = planRealTimeMigrations(platform, [0], { seed: 1, techniques: ["offline"] });
  assert.equal(plan.vms[0]!.targetProcessor, 1);
  assert.equal(plan.bystanders.length, 1);
  const b = plan.bystanders[0]!;
  assert.equal(b.vmIndex, 1);
  // The share is cpu / migration time, cpu = pages · 1 µs + bytes · 1 ns.
  const r = migrate(mover.image, platform.processors[0]!.link, { technique: "offline", seed: 1 });
  const share = (r.pagesSent * 1e-6 + r.bytesSent * 1e-9) / r.totalSeconds;
  assert.ok(Math.abs(b.hypervisorShare - share) < 1e-12);
  assert.ok(Math.abs(b.budgetFactor - (1 - share) / 1) < 1e-12);
  // A free hypervisor squeezes nobody.
  const free = planRealTimeMigrations(platform, [0], {
    seed: 1,
    techniques: ["offline"],
    hypervisorCost: { cpuSecondsPerPage: 0, cpuSecondsPerByte: 0 },
  });
  assert.deepEqual(free.bystanders, []);
  assert.ok(plan.vms[0]!.hypervisorMemoryBytes === 1024 / 8 + 65_536);
});

Deno.test("planRealTimeMigrations() is safe against the simulator on seeded random platforms: a VM predicted to keep its deadlines never misses", () => {
  let kept = 0;
  for (const seed of [1, 2, 3, 4]) {
    const platform = randomPlatform(seed, 3, 3, 0.12);
    for (const sourceServesGuests of [true, false]) {
      const plan = planRealTimeMigrations(platform, [0], { seed, sourceServesGuests });
      const sim = simulateSchedule({ ...platform, placement: plan.simulation.placement }, {
        horizonSeconds: 0.5,
        outages: plan.simulation.outages,
      });
      for (const v of plan.vms) {
        if (v.predictedMiss) continue;
        kept++;
        assert.equal(
          sim.tasks.filter((r) => r.vm === v.vmIndex).every((r) => r.missed === 0),
          true,
        );
      }
      assert.equal(
        sim.tasks.filter((r) => platform.placement[r.vm] !== 0).every((r) => r.missed === 0),
        true,
      );
    }
  }
  assert.ok(kept > 10, `${kept} kept`);
});

Deno.test("planRealTimeMigrations() rejects bad options naming the field", () => {
  const platform = handBuilt();
  assert.throws(() => planRealTimeMigrations(platform, [9], { seed: 1 }), /failedProcessors\[0\]/);
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => planRealTimeMigrations(platform, [0], { seed: 1, techniques: ["teleport" as any] }),
    /options\.techniques\[0\]/,
  );
  assert.throws(
    () => planRealTimeMigrations(platform, [0], { seed: 1, windowSeconds: 0 }),
    /options\.windowSeconds/,
  );
  assert.throws(
    () => planRealTimeMigrations(platform, [0], { seed: 1, detectionSeconds: NaN }),
    /options\.detectionSeconds/,
  );
  assert.throws(
    () =>
      planRealTimeMigrations(platform, [0], { seed: 1, hypervisorCost: { cpuSecondsPerPage: -1 } }),
    /cost\.cpuSecondsPerPage/,
  );
});

Deno.test("planRealTimeMigrations(): a VM with no target on a source that serves it and never fails keeps running there", () => {
  const platform = handBuilt();
  platform.processors = platform.processors.slice(0, 4); // no spare processor
  const plan = planRealTimeMigrations(platform, [0], { seed: 1 });
  assert.equal(plan.vms[0]!.outcome, "no-target");
  assert.equal(plan.vms[0]!.predictedMiss, false);
  assert.deepEqual(plan.simulation.outages, []);
  const windowed = planRealTimeMigrations(platform, [0], { seed: 1, windowSeconds: 0.2 });
  assert.equal(windowed.vms[0]!.predictedMiss, true);
  assert.deepEqual(windowed.simulation.outages, [{ vm: 0, fromSeconds: 0.2, toSeconds: Infinity }]);
  const sim = simulateSchedule({ ...platform, placement: windowed.simulation.placement }, {
    horizonSeconds: 0.5,
    outages: windowed.simulation.outages,
  });
  assert.ok(sim.tasks[0]!.missed > 0);
});

Deno.test("planRealTimeMigrations() reports a target whose RAM cannot hold the image plus the hypervisor's buffers", () => {
  const platform = handBuilt();
  const image = 1024 * 4096;
  // q0 has exactly room for the image (selectMigrationTargets accepts it), not for the buffers.
  platform.processors[4] = { ...platform.processors[4]!, ramBytes: image };
  const plan = planRealTimeMigrations(platform, [0], { seed: 1, techniques: ["offline"] });
  assert.equal(plan.vms[0]!.targetProcessor, 4);
  assert.deepEqual(plan.memoryShortfalls, [{
    processor: 4,
    neededBytes: image + 1024 / 8 + 65_536,
    ramBytes: image,
  }]);
  const roomy = planRealTimeMigrations(handBuilt(), [0], { seed: 1 });
  assert.deepEqual(roomy.memoryShortfalls, []);
});

Deno.test("hypervisorMigrationCost(): processor time by hand, its share capped at the whole processor, bitmap plus buffers", () => {
  const image = { pageCount: 1001, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" } };
  const r = migrate(image as never, { bandwidthBytesPerSecond: 1e8 }, {
    technique: "offline",
    seed: 1,
  });
  // 1001 pages of 4096 bytes over 1e8 bytes/s: 41.0 ms
  assert.equal(r.pagesSent, 1001);
  assert.equal(r.bytesSent, 1001 * 4096);
  const cheap = hypervisorMigrationCost(r, 1001);
  const cpu = 1001 * 1e-6 + 1001 * 4096 * 1e-9;
  assert.ok(Math.abs(cheap.cpuSeconds - cpu) < 1e-15);
  assert.ok(Math.abs(cheap.processorShare - cpu / (1001 * 4096 / 1e8)) < 1e-12);
  // ceil(1001 / 8) bytes of dirty bitmap and 64 KiB of buffers
  assert.equal(cheap.memoryBytes, 126 + 65_536);
  // 1 ms per page: 1.001 s of processor time within 41 ms, so the whole processor (not 24x it)
  const dear = hypervisorMigrationCost(r, 1001, { cpuSecondsPerPage: 1e-3, bufferBytes: 0 });
  assert.ok(dear.cpuSeconds > 1);
  assert.equal(dear.processorShare, 1);
  assert.equal(dear.memoryBytes, 126);
});

Deno.test("planRealTimeMigrations(): an outage exactly equal to the affordable downtime keeps the deadlines (Δ <= budget)", () => {
  // One EDF task C = 1, T = D = 2 on a dedicated server (Θ = Π): the least slack over the
  // deadlines is min_t t − dbf(t) = 2 − 1 = 1 at t = 2 (4 − 2 = 2 later), and on a
  // dedicated processor usbf(Δ) = Δ, so the affordable downtime is 1 s. Offline migration
  // of 2 pages of 4096 bytes and 8192 bytes of state over 16384 B/s suspends at 0 and
  // resumes when the last of the 16384 bytes arrives: an outage of exactly 1 s.
  const link = { bandwidthBytesPerSecond: 16384 };
  const platform: Platform = {
    processors: [0, 1].map((p) => ({ name: `p${p}`, capacity: 1, ramBytes: 2 ** 30, link })),
    vms: [{
      name: "vm",
      scheduler: "edf",
      server: { periodSeconds: 1, budgetSeconds: 1 },
      tasks: [task(1, 2)],
      image: { pageCount: 2, pageSizeBytes: 4096, stateBytes: 8192, workload: { kind: "idle" } },
    }],
    placement: [0],
  };
  const plan = planRealTimeMigrations(platform, [0], {
    seed: 1,
    techniques: ["offline"],
    fidelity: "closed-form",
  });
  const row = plan.vms[0]!;
  assert.equal(row.affordableDowntimeSeconds, 1);
  assert.equal(row.candidates[0]!.outageSeconds, 1);
  assert.equal(row.candidates[0]!.keepsDeadlines, true);
  assert.equal(row.outcome, "keeps-deadlines");
  assert.deepEqual(plan.predictedMisses, []);
});

Deno.test("planRealTimeMigrations(): a hypervisor share that overloads the target by only 1 % still squeezes its servers (bandwidth + share > 1)", () => {
  // Offline migration of 2 pages of 4096 bytes and 8192 bytes of state at 16384 B/s: 1 s,
  // 16384 bytes; at 2^-20 cpu s per byte the hypervisor takes 2^-6 = 0.015625 of the
  // processor. Target p1 then carries the resident (Γ = (1, 0.99)) and the mover
  // (Γ = (0.01, 0.00004), bandwidth 0.004; its task (0.001, 1) gets sbf(1) = 99 · 0.00004
  // = 0.00396 >= 0.001): 0.994 + 0.015625 = 1.009625 > 1, so every server keeps the factor
  // (1 − 0.015625) / 0.994 = 0.99031... of its budget: the resident's 0.99 becomes 0.98042,
  // below its EDF task's U = 98.5 / 100 = 0.985 (schedulable at 0.99: dbf(100) = 98.5 <=
  // sbf(100) = 99 · 0.99 + (99.99 − 99 − 0.01) = 98.99), so it is at risk.
  const link = { bandwidthBytesPerSecond: 16384 };
  const image = {
    pageCount: 2,
    pageSizeBytes: 4096,
    stateBytes: 8192,
    workload: { kind: "idle" as const },
  };
  const platform: Platform = {
    processors: [0, 1].map((p) => ({ name: `p${p}`, capacity: 1, ramBytes: 2 ** 30, link })),
    vms: [
      {
        name: "mover",
        scheduler: "edf",
        server: { periodSeconds: 0.01, budgetSeconds: 0.00004 },
        tasks: [task(0.001, 1)],
        image,
      },
      {
        name: "resident",
        scheduler: "edf",
        server: { periodSeconds: 1, budgetSeconds: 0.99 },
        tasks: [task(98.5, 100)],
        image,
      },
    ],
    placement: [0, 1],
  };
  const plan = planRealTimeMigrations(platform, [0], {
    seed: 1,
    techniques: ["offline"],
    fidelity: "closed-form",
    hypervisorCost: { cpuSecondsPerPage: 0, cpuSecondsPerByte: 2 ** -20, bufferBytes: 0 },
  });
  assert.equal(plan.vms[0]!.targetProcessor, 1);
  assert.equal(plan.bystanders.length, 1);
  const b = plan.bystanders[0]!;
  assert.equal(b.vmIndex, 1);
  assert.equal(b.processor, 1);
  assert.equal(b.hypervisorShare, 2 ** -6);
  assert.ok(Math.abs(b.budgetFactor - (1 - 2 ** -6) / 0.994) < 1e-12, `${b.budgetFactor}`);
});
