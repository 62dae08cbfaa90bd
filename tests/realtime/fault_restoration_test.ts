import assert from "node:assert/strict";
import { injectFault } from "../../lib/realtime/fault_restoration.ts";
import { migrate } from "../../lib/migration/migrate.ts";
import type { Platform, Processor, RealTimeVm } from "../../lib/realtime/model.ts";

const link = { bandwidthBytesPerSecond: 1e8, latencySeconds: 0, pageOverheadBytes: 0 };
function processor(name: string): Processor {
  return { name, capacity: 1, ramBytes: 2 ** 30, link };
}
/** A VM with one task (T = D = 0.1 s, C = 0.02 s) in a server of the given bandwidth. */
function vm(name: string, bandwidth: number, pageCount = 256): RealTimeVm {
  return {
    name,
    scheduler: "edf",
    server: { periodSeconds: 0.01, budgetSeconds: 0.01 * bandwidth },
    tasks: [{ name: "t", periodSeconds: 0.1, wcetSeconds: 0.02, deadlineSeconds: 0.1 }],
    image: {
      pageCount,
      pageSizeBytes: 4096,
      stateBytes: 4096,
      workload: { kind: "uniform", writesPerSecond: 500 },
    },
  };
}
const platform: Platform = {
  processors: [processor("p0"), processor("p1"), processor("p2")],
  vms: [vm("a", 0.4), vm("b", 0.4, 512), vm("c", 0.4)],
  placement: [0, 0, 1],
};

Deno.test("injectFault() with linkSharing: sequential migrates a degraded processor's VMs one after another and counts detection, wait and transfer as outage", async (t) => {
  for (const technique of ["offline", "pre-copy", "post-copy"] as const) {
    await t.step(technique, () => {
      const fault = { processorIndex: 0, timeSeconds: 0.5, kind: "degraded" as const };
      const result = injectFault(platform, fault, {
        technique,
        seed: 3,
        windowSeconds: 10,
        detectionSeconds: 0.05,
        scheduleAfterFaultSeconds: 0,
        linkSharing: "sequential",
      });
      const a = migrate(platform.vms[0]!.image, link, { technique, seed: 3, sampler: "per-write" });
      const b = migrate(platform.vms[1]!.image, link, { technique, seed: 3, sampler: "per-write" });
      const resume = (r: typeof a) => r.timeline.find((e) => e.kind === "resume")!.timeSeconds;
      assert.deepEqual(result.vms.map((v) => [v.vm, v.outcome, v.fromProcessor]), [[
        "a",
        "restored",
        0,
      ], ["b", "restored", 0]]);
      assert.equal(result.vms[0]!.startSeconds, 0.05);
      assert.equal(result.vms[1]!.startSeconds, 0.05 + a.totalSeconds);
      assert.equal(result.vms[0]!.outageSeconds, 0.05 + resume(a) + a.stallSeconds);
      assert.equal(
        result.vms[1]!.outageSeconds,
        0.05 + a.totalSeconds + resume(b) + b.stallSeconds,
      );
      assert.equal(result.vms[1]!.bytesSent, b.bytesSent);
      if (technique !== "post-copy") assert.equal(resume(a), a.totalSeconds);
      // best-fit: the bigger VMs go where they leave least spare bandwidth; p1 takes one (0.8), p2 one
      assert.deepEqual(result.placement.slice(2), [1]);
      assert.deepEqual(new Set(result.vms.map((v) => v.targetProcessor)), new Set([1, 2]));
      assert.equal(result.allRestored, true);
      assert.deepEqual(result.tasks, []);
    });
  }
});

Deno.test("injectFault() gives post-copy the least outage and offline the most among techniques for a written-to VM", () => {
  const fault = { processorIndex: 0, timeSeconds: 0, kind: "degraded" as const };
  const outage = (technique: "offline" | "pre-copy" | "post-copy") =>
    injectFault(platform, fault, {
      technique,
      seed: 1,
      windowSeconds: 10,
      scheduleAfterFaultSeconds: 0,
    }).vms[0]!.outageSeconds;
  // pre-copy keeps the VM on the degraded source until the stop-and-copy ends: more than offline
  assert.ok(outage("post-copy") < outage("offline"));
  assert.ok(outage("offline") <= outage("pre-copy"));
});

Deno.test("injectFault() with linkSharing: sequential loses a VM whose migration would end after the window, without spending link time on it", () => {
  const fault = { processorIndex: 0, timeSeconds: 0, kind: "degraded" as const };
  const small =
    migrate(platform.vms[0]!.image, link, { technique: "offline", seed: 1 }).totalSeconds;
  const big = migrate(platform.vms[1]!.image, link, { technique: "offline", seed: 1 }).totalSeconds;
  // VMs a (small), b (big), d (small) on p0; the window fits a and d but not b after a
  const three: Platform = {
    ...platform,
    vms: [...platform.vms, vm("d", 0.3)],
    placement: [0, 0, 1, 0],
  };
  const result = injectFault(three, fault, {
    technique: "offline",
    seed: 1,
    windowSeconds: small + (small + big) / 2,
    scheduleAfterFaultSeconds: 0,
    linkSharing: "sequential",
  });
  assert.deepEqual(result.vms.map((v) => [v.vm, v.outcome]), [["a", "restored"], [
    "b",
    "window-exceeded",
  ], ["d", "restored"]]);
  assert.equal(result.vms[2]!.startSeconds, small);
  assert.equal(result.vms[1]!.outageSeconds, Infinity);
  assert.equal(result.vms[1]!.targetProcessor, null);
  assert.equal(result.placement[1], -1);
  assert.equal(result.allRestored, false);
});

Deno.test("injectFault() loses every VM on a fail-stop or uncovered fault, and reports VMs with no schedulable target", async (t) => {
  await t.step("fail-stop", () => {
    const result = injectFault(platform, { processorIndex: 0, timeSeconds: 0, kind: "fail-stop" }, {
      technique: "pre-copy",
      seed: 1,
      windowSeconds: 1,
      scheduleAfterFaultSeconds: 0,
    });
    assert.deepEqual(result.vms.map((v) => [v.outcome, v.restored, v.outageSeconds, v.bytesSent]), [
      ["fail-stop", false, Infinity, 0],
      ["fail-stop", false, Infinity, 0],
    ]);
    assert.deepEqual(result.placement, [-1, -1, 1]);
  });
  await t.step("uncovered", () => {
    const result = injectFault(platform, { processorIndex: 1, timeSeconds: 0, kind: "degraded" }, {
      technique: "pre-copy",
      seed: 1,
      windowSeconds: 1,
      covered: false,
      scheduleAfterFaultSeconds: 0,
    });
    assert.deepEqual(result.vms.map((v) => [v.vm, v.outcome]), [["c", "uncovered"]]);
  });
  await t.step("no target: p2 already failed, p1 can take only one more VM", () => {
    const result = injectFault(platform, { processorIndex: 0, timeSeconds: 0, kind: "degraded" }, {
      technique: "offline",
      seed: 1,
      windowSeconds: 10,
      failedProcessors: [2],
      scheduleAfterFaultSeconds: 0,
    });
    assert.deepEqual(result.vms.map((v) => v.outcome).sort(), ["no-target", "restored"]);
    assert.ok(result.vms.every((v) => v.targetProcessor === null || v.targetProcessor === 1));
  });
  await t.step("an empty processor loses nothing", () => {
    const result = injectFault(platform, { processorIndex: 2, timeSeconds: 0, kind: "fail-stop" }, {
      technique: "offline",
      seed: 1,
      windowSeconds: 1,
      scheduleAfterFaultSeconds: 0,
    });
    assert.deepEqual(result.vms, []);
    assert.equal(result.allRestored, true);
  });
});

Deno.test("injectFault() counts the deadlines missed during the outage with simulateSchedule", () => {
  // One VM on a dedicated server (Θ = Π): its jobs (T = D = 0.1, C = 0.02) meet every
  // deadline except those released while it is out. Fault at 1.0, detection 0.3,
  // offline transfer of 1 MiB + 4 KiB at 1e8 B/s: outage ends at about 1.3105 s.
  const solo: Platform = {
    processors: [processor("p0"), processor("p1")],
    vms: [{
      ...vm("a", 1),
      image: { pageCount: 256, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" } },
    }],
    placement: [0],
  };
  const result = injectFault(solo, { processorIndex: 0, timeSeconds: 1, kind: "degraded" }, {
    technique: "offline",
    seed: 1,
    windowSeconds: 5,
    detectionSeconds: 0.3,
    scheduleAfterFaultSeconds: 1,
  });
  const outage = result.vms[0]!.outageSeconds;
  assert.ok(Math.abs(outage - (0.3 + 1048576 / 1e8)) < 1e-9, `${outage}`);
  // released in [0, 2): 20 jobs; the jobs released at 1.0, 1.1 and 1.2 have no time
  // before their deadlines outside the outage; the one released at 1.3 has 0.0895 s >= C
  assert.deepEqual(result.tasks, [{
    vmIndex: 0,
    vm: "a",
    task: "t",
    jobs: 20,
    deadlinesMissed: 3,
  }]);
  const lost = injectFault(solo, { processorIndex: 0, timeSeconds: 1, kind: "fail-stop" }, {
    technique: "offline",
    seed: 1,
    windowSeconds: 5,
    scheduleAfterFaultSeconds: 1,
  });
  // every job whose deadline falls in (1, 2] misses: released at 1.0 .. 1.9, 10 jobs
  assert.equal(lost.tasks[0]!.deadlinesMissed, 10);
});

Deno.test("injectFault() does not mutate its inputs and rejects bad options", async (t) => {
  const copy = structuredClone(platform);
  const fault = { processorIndex: 0, timeSeconds: 0, kind: "degraded" as const };
  injectFault(platform, fault, { technique: "post-copy", seed: 1, windowSeconds: 10 });
  assert.deepEqual(platform, copy);
  await t.step("processor index out of range", () => {
    assert.throws(
      () =>
        injectFault(platform, { ...fault, processorIndex: 3 }, {
          technique: "offline",
          seed: 1,
          windowSeconds: 1,
        }),
      {
        name: "RangeError",
        message:
          "Cannot inject a fault as fault.processorIndex must be an integer in [0, 2]: current value is 3",
      },
    );
  });
  await t.step("unknown technique", () => {
    assert.throws(
      // deno-lint-ignore no-explicit-any
      () => injectFault(platform, fault, { technique: "hybrid" as any, seed: 1, windowSeconds: 1 }),
      {
        name: "TypeError",
        message:
          'Cannot inject a fault as options.technique must be one of "offline", "pre-copy", "post-copy": current value is "hybrid"',
      },
    );
  });
  await t.step("window of zero", () => {
    assert.throws(
      () => injectFault(platform, fault, { technique: "offline", seed: 1, windowSeconds: 0 }),
      {
        name: "RangeError",
        message:
          "Cannot inject a fault as options.windowSeconds must be a number > 0: current value is 0",
      },
    );
  });
  await t.step("failed processors not an array", () => {
    for (const failedProcessors of [1, null, "0"]) {
      assert.throws(
        () =>
          injectFault(platform, fault, {
            technique: "offline",
            seed: 1,
            windowSeconds: 1,
            failedProcessors: failedProcessors as unknown as number[],
          }),
        {
          name: "TypeError",
          message:
            `Cannot inject a fault as options.failedProcessors must be an array: current value is ${
              JSON.stringify(failedProcessors)
            }`,
        },
      );
    }
  });
  await t.step("unknown fault kind", () => {
    assert.throws(
      () =>
        injectFault(platform, { ...fault, kind: "byzantine" as unknown as "degraded" }, {
          technique: "offline",
          seed: 1,
          windowSeconds: 1,
        }),
      TypeError,
    );
  });
});

Deno.test("injectFault() names its own action in its errors: a bad platform, link or schedule horizon", async (t) => {
  const fault = { processorIndex: 0, timeSeconds: 0, kind: "degraded" as const };
  const options = { technique: "pre-copy" as const, seed: 1, windowSeconds: 1 };
  await t.step("processors not an array (was: fault.processorIndex in [0, -1])", () => {
    assert.throws(
      () => injectFault({ ...platform, processors: 3 as unknown as Processor[] }, fault, options),
      {
        name: "TypeError",
        message:
          "Cannot inject a fault as platform.processors must be an array: current value is 3",
      },
    );
  });
  await t.step("a placement out of range (was: select migration targets)", () => {
    for (const kind of ["degraded", "fail-stop"] as const) {
      assert.throws(
        () => injectFault({ ...platform, placement: [0, 0, 5] }, { ...fault, kind }, options),
        {
          name: "RangeError",
          message:
            "Cannot inject a fault as platform.placement[2] must be an integer in [-1, 2]: current value is 5",
        },
      );
    }
  });
  await t.step("a schedule past the event cap (was: simulate the schedule)", () => {
    assert.throws(
      () =>
        injectFault(platform, { ...fault, kind: "fail-stop" }, {
          ...options,
          scheduleAfterFaultSeconds: 1e9,
        }),
      {
        name: "RangeError",
        message:
          "Cannot inject a fault as fault.timeSeconds + options.scheduleAfterFaultSeconds must be short enough for the schedule to take <= 10000000 events (options.scheduleAfterFaultSeconds: 0 skips it): current value is 1000000000",
      },
    );
  });
  await t.step("a link field of the faulty processor (was: build a network)", () => {
    const processors = [{ ...processor("p0"), link: { ...link, latencySeconds: -1 } }];
    assert.throws(
      () =>
        injectFault(
          { ...platform, processors: [...processors, ...platform.processors.slice(1)] },
          fault,
          options,
        ),
      {
        name: "RangeError",
        message:
          "Cannot inject a fault as platform.processors[0].link.latencySeconds must be a finite number >= 0: current value is -1",
      },
    );
  });
});

Deno.test("injectFault() honours link.zeroPageSeconds under both link sharings: one VM gives the same outage either way", async (t) => {
  // One VM, so sharing cannot matter: half its 1024 pages are zero pages, each of which
  // costs the sender 0.1 ms to scan (51.2 ms in all, more than the 21 ms on the wire).
  const zeroLink = { ...link, zeroPageSeconds: 1e-4 };
  const one = (zeroPages: boolean): Platform => ({
    processors: [{ ...processor("p0"), link: zeroLink }, processor("p1")],
    vms: [{
      ...vm("a", 0.4, 1024),
      image: {
        pageCount: 1024,
        pageSizeBytes: 4096,
        stateBytes: 4096,
        workload: zeroPages ? { kind: "idle", zeroPages: { initialShare: 0.5 } } : { kind: "idle" },
      },
    }],
    placement: [0],
  });
  const fault = { processorIndex: 0, timeSeconds: 0.5, kind: "degraded" as const };
  const options = {
    seed: 1,
    windowSeconds: 10,
    detectionSeconds: 0.05,
    scheduleAfterFaultSeconds: 0,
  };
  for (const fidelity of ["page", "closed-form"] as const) {
    for (const technique of ["offline", "pre-copy", "post-copy"] as const) {
      await t.step(`${fidelity} ${technique}`, () => {
        for (const zeroPages of [true, false]) {
          const platform = one(zeroPages);
          const s = injectFault(platform, fault, {
            ...options,
            technique,
            fidelity,
            linkSharing: "sequential",
          });
          const m = migrate(platform.vms[0]!.image, zeroLink, {
            technique,
            seed: 1,
            fidelity,
            sampler: "per-write",
          });
          assert.equal(s.vms[0]!.migrationSeconds, m.totalSeconds);
          // the default, concurrent: the scan reaches simulateMigrations (it was refused)
          const c = injectFault(platform, fault, { ...options, technique, fidelity });
          assert.equal(c.vms[0]!.outcome, "restored");
          assert.equal(c.vms[0]!.bytesSent, s.vms[0]!.bytesSent);
          assert.ok(Math.abs(c.vms[0]!.migrationSeconds - m.totalSeconds) < 1e-12);
          assert.ok(Math.abs(c.vms[0]!.outageSeconds - s.vms[0]!.outageSeconds) < 1e-12);
          assert.equal(c.vms[0]!.stallSeconds, s.vms[0]!.stallSeconds);
          // the scan is in the migration: 51.2 ms of it besides the ~21 ms on the wire
          if (zeroPages) assert.ok(m.totalSeconds > 512 * 1e-4);
          else assert.ok(m.totalSeconds < 512 * 1e-4);
        }
      });
    }
  }
  await t.step("a fault that migrates nothing scans nothing", () => {
    const platform = one(true);
    for (const lost of [{ kind: "fail-stop" as const }, { covered: false }]) {
      const r = injectFault(platform, { ...fault, kind: lost.kind ?? "degraded" }, {
        ...options,
        technique: "offline",
        covered: lost.covered ?? true,
      });
      assert.equal(r.vms[0]!.restored, false);
    }
  });
});

Deno.test("injectFault() with linkSharing: concurrent scans the zero pages of the VMs it migrates, sharing the link while one scans", async (t) => {
  const zeroLink = { ...link, zeroPageSeconds: 1e-4 };
  const image = (zeroPages?: { initialShare: number; zeroingWriteShare?: number }) => ({
    pageCount: 256,
    pageSizeBytes: 4096,
    stateBytes: 4096,
    workload: zeroPages === undefined
      ? { kind: "uniform" as const, writesPerSecond: 500 }
      : { kind: "uniform" as const, writesPerSecond: 500, zeroPages },
  });
  const fault = { processorIndex: 0, timeSeconds: 0.5, kind: "degraded" as const };
  const options = {
    technique: "pre-copy" as const,
    seed: 1,
    windowSeconds: 10,
    detectionSeconds: 0.05,
    scheduleAfterFaultSeconds: 0,
  };
  const outages = (platform: Platform, linkSharing: "sequential" | "concurrent") =>
    injectFault(platform, fault, { ...options, linkSharing }).vms.map((v) => [
      v.vm,
      v.outcome,
      v.bytesSent,
      v.outageSeconds,
    ]);
  await t.step("a VM with zero pages but no target does not migrate: nothing is scanned", () => {
    // a (0.9 of a processor) fits nowhere once c holds 0.4 of p1; b goes to p1
    const platform: Platform = {
      processors: [{ ...processor("p0"), link: zeroLink }, processor("p1")],
      vms: [
        { ...vm("a", 0.9), image: image({ initialShare: 0.5 }) },
        vm("b", 0.4),
        vm("c", 0.4),
      ],
      placement: [0, 0, 1],
    };
    const concurrent = outages(platform, "concurrent");
    assert.deepEqual(concurrent.map((v) => v.slice(0, 2)), [["a", "no-target"], ["b", "restored"]]);
    const sequential = outages(platform, "sequential");
    assert.deepEqual(concurrent.map((v) => v.slice(0, 3)), sequential.map((v) => v.slice(0, 3)));
    // the same outage up to rounding (the two paths add the detection in another order)
    assert.ok(Math.abs((concurrent[1]![3] as number) - (sequential[1]![3] as number)) < 1e-12);
  });
  for (
    const [name, zeroPages] of [
      ["zeroPages that can never mark a page (both shares 0)", {
        initialShare: 0,
        zeroingWriteShare: 0,
      }],
      ["a zeroing write share alone (written pages may become zero)", {
        initialShare: 0,
        zeroingWriteShare: 0.5,
      }],
      ["zero pages of time 0 and written ones", { initialShare: 0.5, zeroingWriteShare: 0.5 }],
    ] as const
  ) {
    await t.step(`${name}: one VM, the same as sequential`, () => {
      const platform: Platform = {
        processors: [{ ...processor("p0"), link: zeroLink }, processor("p1")],
        vms: [{ ...vm("a", 0.4), image: image(zeroPages) }],
        placement: [0],
      };
      const concurrent = outages(platform, "concurrent");
      const sequential = outages(platform, "sequential");
      assert.deepEqual(concurrent.map((v) => v.slice(0, 3)), sequential.map((v) => v.slice(0, 3)));
      assert.ok(Math.abs((concurrent[0]![3] as number) - (sequential[0]![3] as number)) < 1e-12);
    });
  }
  await t.step("two VMs share the link: the one scanning leaves it to the other", () => {
    // As simulateMigrations' hand-computed case: a has 500 zero pages of its 1000 (no wire
    // byte, no page overhead) that the sender scans at 1 ms each, b none; 1e6 bytes/s. a
    // scans 0.5 s while b sends alone (5e5 bytes), then both send their last 5e5 bytes at
    // 5e5 bytes/s each: both resume 1.5 s after detection. One after another instead: a
    // takes 0.5 s of scan and 0.5 s of wire, then b 1 s.
    const idleImage = (zero: boolean) => ({
      pageCount: 1000,
      pageSizeBytes: 1000,
      stateBytes: 0,
      workload: zero
        ? { kind: "idle" as const, zeroPages: { initialShare: 0.5 } }
        : { kind: "idle" as const },
    });
    const scanLink = {
      bandwidthBytesPerSecond: 1e6,
      latencySeconds: 0,
      pageOverheadBytes: 0,
      zeroPageSeconds: 1e-3,
    };
    const platform: Platform = {
      processors: [{ ...processor("p0"), link: scanLink }, processor("p1")],
      vms: [{ ...vm("a", 0.4), image: idleImage(true) }, {
        ...vm("b", 0.4),
        image: idleImage(false),
      }],
      placement: [0, 0],
    };
    const close = (a: number, b: number, what: string) =>
      assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} != ${b}`);
    for (const fidelity of ["page", "closed-form"] as const) {
      for (const technique of ["offline", "pre-copy"] as const) {
        const what = `${fidelity} ${technique}`;
        const run = (linkSharing: "sequential" | "concurrent") =>
          injectFault(platform, fault, { ...options, technique, fidelity, linkSharing }).vms;
        const [a, b] = run("concurrent");
        assert.deepEqual([a!.outcome, b!.outcome], ["restored", "restored"], what);
        close(a!.migrationSeconds, 1.5, `${what} a`);
        close(b!.migrationSeconds, 1.5, `${what} b`);
        close(a!.outageSeconds, 0.05 + 1.5, `${what} a outage`);
        close(b!.outageSeconds, 0.05 + 1.5, `${what} b outage`);
        assert.deepEqual([a!.bytesSent, b!.bytesSent], [5e5, 1e6], what);
        const [sa, sb] = run("sequential");
        close(sa!.outageSeconds, 0.05 + 1, `${what} a sequential`);
        close(sb!.outageSeconds, 0.05 + 1 + 1, `${what} b sequential`);
      }
    }
  });
});
