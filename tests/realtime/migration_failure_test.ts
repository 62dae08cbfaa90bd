import assert from "node:assert/strict";
import { migrate } from "../../mod.ts";
import {
  failDuringMigration,
  migrationCoverage,
  planRealTimeMigrations,
  type Platform,
  type RealTimeVm,
  simulateMigrationFailures,
} from "../../lib/realtime/mod.ts";
import { processor, task } from "./_fixtures.ts";

const IMAGE = {
  pageCount: 1024,
  pageSizeBytes: 4096,
  stateBytes: 4096,
  workload: { kind: "uniform" as const, writesPerSecond: 2000 },
};
const LINK = { bandwidthBytesPerSecond: 1e8 };

Deno.test("failDuringMigration(): source failures lose the VM; destination failures before the resume leave it at the source, after post-copy's resume lose it", () => {
  for (const technique of ["offline", "pre-copy", "post-copy"] as const) {
    const r = migrate(IMAGE, LINK, { technique, seed: 1 });
    const resume = r.timeline.find((e) => e.kind === "resume")!.timeSeconds;
    const probe = (processor: "source" | "destination", timeSeconds: number) =>
      failDuringMigration(r, { processor, timeSeconds }).outcome;
    assert.equal(probe("source", 0), "lost");
    assert.equal(probe("source", r.totalSeconds * 0.99), "lost");
    assert.equal(probe("source", r.totalSeconds), "completed");
    assert.equal(probe("destination", resume / 2), "stays-at-source");
    // Just before the end: only post-copy has already resumed at the destination.
    assert.equal(
      probe("destination", r.totalSeconds * 0.99),
      technique === "post-copy" ? "lost" : "stays-at-source",
      technique,
    );
    if (technique !== "post-copy") assert.equal(resume, r.totalSeconds);
    else {
      // At the resume instant the VM runs at the destination (resumeSeconds is "the time
      // at which the VM runs at the destination"): its failure then loses the VM.
      assert.ok(resume < r.totalSeconds);
      assert.equal(probe("destination", resume), "lost");
    }
  }
  const r = migrate(IMAGE, LINK, { technique: "pre-copy", seed: 1 });
  assert.throws(
    () => failDuringMigration(r, { processor: "source", timeSeconds: -1 }),
    /failure\.timeSeconds/,
  );
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => failDuringMigration(r, { processor: "both" as any, timeSeconds: 0 }),
    /failure\.processor/,
  );
});

/** Three VMs on failing p0, targets p1 and p2; the plan migrates them one after another. */
function threeVms(): Platform {
  const vm = (name: string, deadline: number): RealTimeVm => ({
    name,
    scheduler: "edf",
    server: { periodSeconds: 0.01, budgetSeconds: 0.003 },
    tasks: [task(0.002, 0.1, deadline)],
    image: IMAGE,
  });
  return {
    processors: [processor("p0"), processor("p1"), processor("p2")],
    vms: [vm("a", 0.1), vm("b", 0.05), vm("c", 0.02)],
    placement: [0, 0, 0],
  };
}

Deno.test("migrationCoverage() is e^(−μ · end) per VM and for the system when destinations do not fail (closed form)", () => {
  const platform = threeVms();
  platform.processors = platform.processors.map((p) => ({
    ...p,
    link: { bandwidthBytesPerSecond: 1e8 },
  }));
  const plan = planRealTimeMigrations(platform, [0], { seed: 1, detectionSeconds: 0.01 });
  const mu = 3;
  const c = migrationCoverage(plan, { sourceFailureRatePerSecond: mu });
  let last = 0;
  for (const row of c.vms) {
    const v = plan.vms.find((x) => x.vmIndex === row.vmIndex)!;
    const chosen = v.candidates.find((x) => x.technique === v.technique)!;
    const end = chosen.startSeconds + chosen.migrationSeconds;
    last = Math.max(last, end);
    assert.ok(Math.abs(row.coverage - Math.exp(-mu * end)) < 1e-15);
  }
  assert.ok(last > 0.1); // three migrations of ~42 ms after 10 ms detection
  assert.ok(Math.abs(c.coverage! - Math.exp(-mu * last)) < 1e-15);
  assert.equal(c.lastEndSeconds, last);
});

Deno.test("simulateMigrationFailures() agrees with migrationCoverage() within 4 standard errors (40,000 missions)", async (t) => {
  const plan = planRealTimeMigrations(threeVms(), [0], { seed: 1 });
  assert.ok(new Set(plan.vms.map((v) => v.technique)).size >= 2, "several techniques in the plan");
  await t.step("source failures only: per VM and the system coverage c", () => {
    const rates = { sourceFailureRatePerSecond: 4 };
    const model = migrationCoverage(plan, rates);
    const mc = simulateMigrationFailures(plan, { seed: 7, missions: 40_000, ...rates });
    mc.vms.forEach((row, k) => {
      assert.ok(Math.abs(row.restoredFraction - model.vms[k]!.coverage) < 4 * row.standardError);
    });
    assert.ok(
      Math.abs(mc.allRestoredFraction - model.coverage!) < 4 * mc.allRestoredStandardError,
    );
  });
  await t.step("source and destination failures, with retries", () => {
    const rates = { sourceFailureRatePerSecond: 2, destinationFailureRatePerSecond: 8 };
    const model = migrationCoverage(plan, rates);
    assert.equal(model.coverage, null);
    const mc = simulateMigrationFailures(plan, { seed: 8, missions: 40_000, ...rates });
    mc.vms.forEach((row, k) => {
      assert.ok(
        Math.abs(row.restoredFraction - model.vms[k]!.coverage) < 4 * row.standardError,
        JSON.stringify({ row, model: model.vms[k] }),
      );
    });
    assert.ok(mc.vms.some((row) => row.meanRetries > 0.05));
  });
  await t.step("same seed, same result", () => {
    const a = simulateMigrationFailures(plan, {
      seed: 3,
      missions: 500,
      sourceFailureRatePerSecond: 1,
    });
    const b = simulateMigrationFailures(plan, {
      seed: 3,
      missions: 500,
      sourceFailureRatePerSecond: 1,
    });
    assert.deepEqual(a, b);
  });
});

Deno.test("migrationCoverage(): post-copy is never more covered than pre-copy of the same length when destinations fail", () => {
  const platform = threeVms();
  const pre = planRealTimeMigrations(platform, [0], { seed: 1, techniques: ["pre-copy"] });
  const post = planRealTimeMigrations(platform, [0], { seed: 1, techniques: ["post-copy"] });
  const rates = { sourceFailureRatePerSecond: 0, destinationFailureRatePerSecond: 10 };
  const a = migrationCoverage(pre, rates).vms;
  const b = migrationCoverage(post, rates).vms;
  // μ = 0: pre-copy always retries to success; post-copy is lost after its resume.
  a.forEach((row) => assert.equal(row.coverage, 1));
  b.forEach((row) => {
    const lossWindow = row.migrationSeconds - row.resumeSeconds;
    assert.ok(Math.abs(row.coverage - Math.exp(-10 * lossWindow)) < 1e-12);
  });
  assert.throws(
    () => migrationCoverage(pre, { sourceFailureRatePerSecond: -1 }),
    /options\.sourceFailureRatePerSecond/,
  );
  assert.throws(
    () => simulateMigrationFailures(pre, { seed: 1, missions: 0, sourceFailureRatePerSecond: 1 }),
    /options\.missions/,
  );
});

Deno.test("simulateMigrationFailures() refuses, naming the rates, a migration whose retries would never end", () => {
  // μ = 0: the source never fails; λ = 100/s against a resume of about 0.08 s leaves the
  // migration e^-8 of a chance per attempt (fine), against one of 0.84 s e^-84 (never).
  const vm = (pageCount: number): RealTimeVm => ({
    name: "a",
    scheduler: "edf",
    server: { periodSeconds: 0.01, budgetSeconds: 0.004 },
    tasks: [task(0.002, 0.02)],
    image: { ...IMAGE, pageCount, workload: { kind: "idle" } },
  });
  const planOf = (pageCount: number) =>
    planRealTimeMigrations(
      {
        processors: [processor("p0"), processor("p1")],
        vms: [vm(pageCount)],
        placement: [0],
      },
      [0],
      { seed: 1, techniques: ["pre-copy"] },
    );
  const rates = { sourceFailureRatePerSecond: 0, destinationFailureRatePerSecond: 100 };
  const small = simulateMigrationFailures(planOf(2048), { seed: 1, missions: 20, ...rates });
  assert.equal(small.allRestoredFraction, 1);
  assert.throws(
    () => simulateMigrationFailures(planOf(20_480), { seed: 1, missions: 1, ...rates }),
    {
      name: "RangeError",
      message:
        "Cannot simulate failures during migrations as the attempts of one migration must be <= 1000000 (options.destinationFailureRatePerSecond 100 against options.sourceFailureRatePerSecond 0): current value is 1000001",
    },
  );
});
