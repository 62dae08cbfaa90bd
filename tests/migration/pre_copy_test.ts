import assert from "node:assert/strict";
import {
  type LinkSpec,
  type MigrationResult,
  QEMU_STOP_RULES,
  simulatePreCopy,
  type VmSpec,
  XEN_STOP_RULES,
} from "../../mod.ts";

/** Checks the invariants every result must satisfy. */
function assertConsistent(r: MigrationResult): void {
  assert.equal(r.bytesSent, r.roundRows.reduce((s, x) => s + x.bytesSent, 0));
  assert.equal(r.pagesSent, r.roundRows.reduce((s, x) => s + x.pagesSent, 0));
  assert.equal(r.rounds, r.roundRows.length);
  assert.ok(r.totalSeconds >= r.downtimeSeconds && r.downtimeSeconds >= 0);
}

Deno.test("simulatePreCopy() gives the exact per-round log of a scripted trace", () => {
  // 8 pages of 1000 bytes over 1000 B/s: one page a second. Writes at 0.5 s
  // (page 2), 3.5 s (page 5) and 9 s (page 1).
  const vm: VmSpec = {
    pageCount: 8,
    pageSizeBytes: 1000,
    stateBytes: 500,
    workload: {
      kind: "trace",
      durationSeconds: 100,
      accesses: [
        { timeSeconds: 0.5, page: 2, write: true },
        { timeSeconds: 2, page: 7, write: false },
        { timeSeconds: 3.5, page: 5, write: true },
        { timeSeconds: 9, page: 1, write: true },
      ],
    },
  };
  const link: LinkSpec = {
    bandwidthBytesPerSecond: 1000,
    latencySeconds: 0.25,
  };
  const r = simulatePreCopy(vm, link, {
    seed: 7,
    stopRules: [{ kind: "dirty-pages-below", pages: 2 }],
  });
  assert.deepEqual(r.roundRows, [
    {
      round: 1,
      phase: "push",
      startSeconds: 0,
      endSeconds: 8,
      pagesSent: 8,
      bytesSent: 8000,
      pagesDirtied: 2,
      writes: 2,
      zeroPagesSent: 0,
    },
    {
      round: 2,
      phase: "push",
      startSeconds: 8,
      endSeconds: 10,
      pagesSent: 2,
      bytesSent: 2000,
      pagesDirtied: 1,
      writes: 1,
      zeroPagesSent: 0,
    },
    {
      round: 3,
      phase: "stop-and-copy",
      startSeconds: 10,
      endSeconds: 11.5,
      pagesSent: 1,
      bytesSent: 1500,
      pagesDirtied: 0,
      writes: 0,
      zeroPagesSent: 0,
    },
  ]);
  assert.equal(r.downtimeSeconds, 1.75);
  assert.equal(r.totalSeconds, 11.75);
  assert.equal(r.stopReason, "dirty-pages-below");
  assert.equal(r.converged, true);
  assert.deepEqual(r.timeline.map((e) => [e.timeSeconds, e.kind, e.host]), [
    [0, "start", "source"],
    [0, "round-start", "source"],
    [8, "round-start", "source"],
    [10, "suspend", "none"],
    [11.75, "resume", "destination"],
    [11.75, "end", "destination"],
  ]);
  assertConsistent(r);
});

Deno.test("simulatePreCopy() on an idle VM sends one full round and an empty final round", async (t) => {
  const vm: VmSpec = {
    pageCount: 4096,
    pageSizeBytes: 4096,
    stateBytes: 65536,
    workload: { kind: "idle" },
  };
  for (
    const [name, rules] of [["QEMU", QEMU_STOP_RULES], [
      "Xen",
      XEN_STOP_RULES,
    ]] as const
  ) {
    await t.step(`with ${name} rules`, () => {
      const r = simulatePreCopy(vm, {
        bandwidthBytesPerSecond: 125e6,
        latencySeconds: 1e-4,
      }, {
        seed: 1,
        stopRules: rules,
      });
      assert.deepEqual(r.roundRows.map((x) => [x.phase, x.pagesSent]), [
        ["push", 4096],
        ["stop-and-copy", 0],
      ]);
      assert.equal(r.downtimeSeconds, 65536 / 125e6 + 1e-4);
      assert.equal(
        r.totalSeconds,
        (4096 * 4096) / 125e6 + 65536 / 125e6 + 1e-4,
      );
      assert.equal(r.converged, true);
      assertConsistent(r);
    });
  }
});

Deno.test("simulatePreCopy() stops by its rule and reports converged = false when the dirty rate exceeds the link rate", async (t) => {
  // 100 pages/s on the link, 5000 writes/s over 1000 pages.
  const vm: VmSpec = {
    pageCount: 1000,
    pageSizeBytes: 1000,
    stateBytes: 0,
    workload: { kind: "uniform", writesPerSecond: 5000 },
  };
  const link: LinkSpec = { bandwidthBytesPerSecond: 100_000 };
  await t.step("Xen rules stop on the dirty rate", () => {
    const r = simulatePreCopy(vm, link, { seed: 3, stopRules: XEN_STOP_RULES });
    assert.equal(r.converged, false);
    assert.equal(r.stopReason, "dirty-rate-exceeds-link");
    assertConsistent(r);
  });
  await t.step("QEMU rules run into the 30-round cap", () => {
    const r = simulatePreCopy(vm, link, {
      seed: 3,
      stopRules: QEMU_STOP_RULES,
    });
    assert.equal(r.converged, false);
    assert.equal(r.stopReason, "max-rounds");
    assert.equal(r.roundRows.filter((x) => x.phase === "push").length, 30);
    assertConsistent(r);
  });
  await t.step("a byte budget of 2x memory stops it", () => {
    const r = simulatePreCopy(vm, link, {
      seed: 3,
      stopRules: [{ kind: "max-bytes", memoryFactor: 2 }],
    });
    assert.equal(r.stopReason, "max-bytes");
    const pushBytes = r.roundRows.filter((x) => x.phase === "push")
      .reduce((s, x) => s + x.bytesSent, 0);
    assert.ok(pushBytes > 2 * 1000 * 1000);
    assert.ok(pushBytes - r.roundRows.at(-2)!.bytesSent <= 2 * 1000 * 1000);
  });
  await t.step("the write cap stops it with event-cap", () => {
    const r = simulatePreCopy(vm, link, { seed: 3, maxWrites: 120_000 });
    assert.equal(r.stopReason, "event-cap");
    assert.equal(r.converged, false);
    // Round 1 (10 s, ~50,000 writes) and round 2 fit; a third would pass the cap.
    const writes = r.roundRows.reduce((s, x) => s + x.writes, 0);
    assert.ok(writes <= 120_000 && writes > 60_000, `writes = ${writes}`);
    assertConsistent(r);
  });
});

Deno.test("simulatePreCopy() converges under QEMU's 300 ms rule on a hot/cold VM", () => {
  const r = simulatePreCopy(
    {
      pageCount: 65536,
      pageSizeBytes: 4096,
      stateBytes: 0,
      workload: {
        kind: "hot-cold",
        writesPerSecond: 2000,
        hotFraction: 0.05,
        hotShare: 0.9,
      },
    },
    { bandwidthBytesPerSecond: 125e6 },
    { seed: 11 },
  );
  assert.equal(r.stopReason, "max-downtime");
  assert.ok(r.downtimeSeconds <= 0.3);
  // Rounds shrink until the rest fits in the target.
  const push = r.roundRows.filter((x) => x.phase === "push").map((x) => x.pagesSent);
  for (let i = 1; i < push.length; i++) assert.ok(push[i]! < push[i - 1]!);
  assertConsistent(r);
});

Deno.test("simulatePreCopy() gives identical results for the same seed and different ones for another", () => {
  const vm: VmSpec = {
    pageCount: 16384,
    pageSizeBytes: 4096,
    stateBytes: 1000,
    workload: { kind: "zipf", writesPerSecond: 5000, exponent: 1 },
  };
  const link: LinkSpec = { bandwidthBytesPerSecond: 5e7, pageOverheadBytes: 8 };
  const a = simulatePreCopy(vm, link, { seed: "s" });
  const b = simulatePreCopy(vm, link, { seed: "s" });
  const c = simulatePreCopy(vm, link, { seed: "t" });
  assert.deepEqual(a, b);
  assert.equal(JSON.stringify(a), JSON.stringify(b));
  assert.notDeepEqual(a.roundRows, c.roundRows);
});

Deno.test("simulatePreCopy() uses the capped bandwidth and per-page overhead", () => {
  const r = simulatePreCopy(
    {
      pageCount: 100,
      pageSizeBytes: 1000,
      stateBytes: 0,
      workload: { kind: "idle" },
    },
    {
      bandwidthBytesPerSecond: 1e6,
      maxBandwidthBytesPerSecond: 1e5,
      pageOverheadBytes: 24,
    },
    { seed: 1 },
  );
  assert.equal(r.bytesSent, 100 * 1024);
  assert.equal(r.totalSeconds, (100 * 1024) / 1e5);
});

Deno.test("simulatePreCopy() rejects bad input with an error naming the field and value", async (t) => {
  const vm: VmSpec = {
    pageCount: 10,
    pageSizeBytes: 4096,
    stateBytes: 0,
    workload: { kind: "idle" },
  };
  await t.step("negative state", () => {
    assert.throws(
      () =>
        simulatePreCopy({ ...vm, stateBytes: -1 }, {
          bandwidthBytesPerSecond: 1,
        }, { seed: 1 }),
      {
        name: "RangeError",
        message:
          "Cannot migrate as vm.stateBytes must be a finite number >= 0: current value is -1",
      },
    );
  });
  await t.step("NaN bandwidth", () => {
    assert.throws(
      () => simulatePreCopy(vm, { bandwidthBytesPerSecond: NaN }, { seed: 1 }),
      {
        name: "RangeError",
        message:
          "Cannot migrate as link.bandwidthBytesPerSecond must be a finite number > 0: current value is NaN",
      },
    );
  });
  await t.step("a string page count", () => {
    const bad = { ...vm, pageCount: "10" } as unknown as VmSpec;
    assert.throws(
      () => simulatePreCopy(bad, { bandwidthBytesPerSecond: 1 }, { seed: 1 }),
      {
        name: "TypeError",
        message: 'Cannot migrate as vm.pageCount must be a number: current value is "10"',
      },
    );
  });
  await t.step("a hot share above 1", () => {
    assert.throws(
      () =>
        simulatePreCopy(
          {
            ...vm,
            workload: {
              kind: "hot-cold",
              writesPerSecond: 1,
              hotFraction: 0.1,
              hotShare: 1.5,
            },
          },
          { bandwidthBytesPerSecond: 1 },
          { seed: 1 },
        ),
      {
        name: "RangeError",
        message: "Cannot migrate as vm.workload.hotShare must be in [0, 1]: current value is 1.5",
      },
    );
  });
});
