import assert from "node:assert/strict";
import {
  type AccessCursor,
  type Bitset,
  createBitset,
  createPrng,
  type LinkSpec,
  type MigrationResult,
  simulatePostCopy,
  type TraceAccess,
  type VmSpec,
  type Workload,
} from "../../mod.ts";
import { type PullArgs, pullPhase } from "../../lib/migration/_pull.ts";

// A tiny dyadic setup, so that every time below is exact in binary floating point:
// 4 KiB pages at 32 KiB/s take tPage = 0.125 s, latency L = 0.0625 s, the 4 KiB state
// arrives at d = 0.125 + 0.0625 = 0.1875 s.
const TINY_LINK: LinkSpec = {
  bandwidthBytesPerSecond: 32768,
  latencySeconds: 0.0625,
};

/** An 8-page VM replaying `accesses` once every 100 s. */
function tinyVm(accesses: TraceAccess[]): VmSpec {
  return {
    pageCount: 8,
    pageSizeBytes: 4096,
    stateBytes: 4096,
    workload: { kind: "trace", durationSeconds: 100, accesses },
  };
}

// Execution times 0.25, 0.5625, 0.625: pages 5 (write), 6 and 7 (reads).
const TRACE: TraceAccess[] = [
  { timeSeconds: 0.25, page: 5, write: true },
  { timeSeconds: 0.5625, page: 6, write: false },
  { timeSeconds: 0.625, page: 7, write: false },
];

/** Checks the invariants every post-copy result must hold. */
function assertConsistent(
  r: MigrationResult,
  vm: VmSpec,
  link: LinkSpec,
): void {
  const wire = vm.pageSizeBytes + (link.pageOverheadBytes ?? 0);
  assert.equal(r.rounds, 2);
  assert.equal(r.roundRows.length, 2);
  assert.equal(
    r.pagesSent,
    r.roundRows[0]!.pagesSent + r.roundRows[1]!.pagesSent,
  );
  assert.equal(
    r.bytesSent,
    r.roundRows[0]!.bytesSent + r.roundRows[1]!.bytesSent,
  );
  assert.equal(r.bytesSent, vm.stateBytes + r.pagesSent * wire);
  assert.equal(r.pagesSent + r.pagesMissing, vm.pageCount);
  assert.ok(r.totalSeconds >= r.downtimeSeconds);
  assert.equal(r.converged, r.stopReason === "all-pages-received");
}

/** A workload that replays a fixed list once (no loop): [executionSeconds, page, write]. */
function scripted(list: [number, number, boolean][]): Workload {
  return {
    accessesPerSecond: 0,
    writesPerSecond: 0,
    write: () => 0,
    accesses(fromSeconds: number): AccessCursor {
      let i = list.findIndex(([t]) => t >= fromSeconds) - 1;
      if (i < -1) i = list.length - 1;
      const cursor: AccessCursor = {
        timeSeconds: 0,
        page: 0,
        write: false,
        advance() {
          i++;
          const a = list[i];
          if (a === undefined) {
            cursor.timeSeconds = Infinity;
            return;
          }
          [cursor.timeSeconds, cursor.page, cursor.write] = a;
        },
      };
      cursor.advance();
      return cursor;
    },
  };
}

/** Pull arguments for 4 pages, tPage = 0.125 s, starting at wall 0 with nothing there. */
function tinyPull(overrides: Partial<PullArgs>): PullArgs {
  return {
    pageCount: 4,
    wirePageBytes: 4096,
    bytesPerSecond: 32768,
    latencySeconds: 0,
    arrived: createBitset(4),
    startSeconds: 0,
    startExecSeconds: 0,
    workload: scripted([]),
    fetch: "active-push",
    maxSeconds: 3600,
    maxEvents: 1e6,
    ...overrides,
  };
}

Deno.test("simulatePostCopy() downtime is stateBytes / R + L exactly and the VM resumes then", () => {
  const vm: VmSpec = {
    pageCount: 1000,
    pageSizeBytes: 4096,
    stateBytes: 262144,
    workload: { kind: "uniform", writesPerSecond: 5000, readsPerSecond: 5000 },
  };
  const link: LinkSpec = {
    bandwidthBytesPerSecond: 1.25e9,
    maxBandwidthBytesPerSecond: 1.1e8,
    latencySeconds: 0.0003,
    pageOverheadBytes: 50,
  };
  const r = simulatePostCopy(vm, link, { seed: 3 });
  const d = 262144 / 1.1e8 + 0.0003;
  assert.equal(r.downtimeSeconds, d);
  assert.deepEqual(r.roundRows[0], {
    round: 1,
    phase: "stop-and-copy",
    startSeconds: 0,
    endSeconds: 262144 / 1.1e8,
    pagesSent: 0,
    bytesSent: 262144,
    pagesDirtied: 0,
    writes: 0,
    zeroPagesSent: 0,
  });
  assert.deepEqual(r.timeline, [
    { timeSeconds: 0, kind: "start", round: 0, host: "source" },
    { timeSeconds: 0, kind: "suspend", round: 1, host: "none" },
    { timeSeconds: d, kind: "resume", round: 1, host: "destination" },
    { timeSeconds: r.totalSeconds, kind: "end", round: 0, host: "destination" },
  ]);
  assert.equal(r.roundRows[1]!.startSeconds, d);
  assertConsistent(r, vm, link);
});

Deno.test("simulatePostCopy() sends every page exactly once under every fetch variant", async (t) => {
  const vm: VmSpec = {
    pageCount: 2000,
    pageSizeBytes: 4096,
    stateBytes: 10000,
    workload: {
      kind: "uniform",
      writesPerSecond: 20000,
      readsPerSecond: 20000,
    },
  };
  const link: LinkSpec = {
    bandwidthBytesPerSecond: 1.25e8,
    latencySeconds: 0.0005,
    pageOverheadBytes: 64,
  };
  for (const fetch of ["demand", "active-push", "prepaging"] as const) {
    await t.step(fetch, () => {
      const r = simulatePostCopy(vm, link, { seed: 11, fetch });
      assert.equal(r.stopReason, "all-pages-received");
      assert.equal(r.converged, true);
      assert.equal(r.pagesSent, 2000);
      assert.equal(r.pagesMissing, 0);
      assert.equal(r.bytesSent, 10000 + 2000 * 4160);
      assert.equal(r.label, `post-copy/${fetch}`);
      assert.equal(r.technique, "post-copy");
      assert.equal(r.fidelity, "page");
      assert.equal(r.seed, 11);
      assert.ok(r.remoteFaults > 0);
      assert.ok(r.stallSeconds > 0);
      assertConsistent(r, vm, link);
    });
  }
});

Deno.test("simulatePostCopy() with a push ends at d + pageCount x tPage + L whatever the VM does", async (t) => {
  const link: LinkSpec = {
    bandwidthBytesPerSecond: 1.25e8,
    latencySeconds: 0.0005,
    pageOverheadBytes: 64,
  };
  const R = 1.25e8;
  const L = 0.0005;
  const tPage = (4096 + 64) / R;
  const d = 262144 / R + L;
  const workloads = [
    { kind: "idle" },
    { kind: "uniform", writesPerSecond: 50000, readsPerSecond: 50000 },
    { kind: "hot-cold", writesPerSecond: 1e5, hotFraction: 0.1, hotShare: 0.9 },
  ] as const;
  for (const workload of workloads) {
    for (const fetch of ["active-push", "prepaging"] as const) {
      await t.step(`${workload.kind}, ${fetch}`, () => {
        const vm: VmSpec = {
          pageCount: 10000,
          pageSizeBytes: 4096,
          stateBytes: 262144,
          workload,
        };
        const r = simulatePostCopy(vm, link, { seed: 5, fetch });
        assert.equal(r.totalSeconds, d + 10000 * tPage + L);
        assert.equal(r.roundRows[1]!.endSeconds, r.totalSeconds);
        assert.equal(r.pagesSent, 10000);
        if (workload.kind === "idle") {
          assert.equal(r.remoteFaults, 0);
          assert.equal(r.stallSeconds, 0);
        }
        assertConsistent(r, vm, link);
      });
    }
  }
});

Deno.test("simulatePostCopy() reproduces the hand-computed trace of an 8-page VM", async (t) => {
  await t.step(
    "active-push: one requested fault, two waits on pages in flight",
    () => {
      // Slot k of the push starts at 0.1875 + 0.125 k. Page 5 faults at wall 0.4375
      // (pages 0, 1 sent); its request lands at 0.5 while page 2 is sent, so page 5
      // takes slot 3 and arrives at 0.1875 + 4(0.125) + 0.0625 = 0.75: stall 0.3125.
      // Pages 3, 4, 6, 7 then fill slots 4-7. Page 6 is touched at wall
      // 0.5625 + 0.5 = 1.0625 while in flight (slot 6, arrives 1.125): stall 0.0625. Page 7 at wall 0.625 + 0.5625 = 1.1875, in flight
      // (slot 7, arrives 1.25): stall 0.0625. The last page arrives at 1.25.
      const r = simulatePostCopy(tinyVm(TRACE), TINY_LINK, { seed: 1 });
      assert.equal(r.downtimeSeconds, 0.1875);
      assert.equal(r.totalSeconds, 1.25);
      assert.equal(r.remoteFaults, 3);
      assert.equal(r.stallSeconds, 0.3125 + 0.0625 + 0.0625);
      assert.deepEqual(r.roundRows, [
        {
          round: 1,
          phase: "stop-and-copy",
          startSeconds: 0,
          endSeconds: 0.125,
          pagesSent: 0,
          bytesSent: 4096,
          pagesDirtied: 0,
          writes: 0,
          zeroPagesSent: 0,
        },
        {
          round: 2,
          phase: "pull",
          startSeconds: 0.1875,
          endSeconds: 1.25,
          pagesSent: 8,
          bytesSent: 8 * 4096,
          pagesDirtied: 1,
          writes: 1,
          zeroPagesSent: 0,
        },
      ]);
    },
  );

  await t.step(
    "prepaging: the bubble around page 5 brings 6 and 7 before they are touched",
    () => {
      // Same first fault (stall 0.3125), then pivot 5 pushes 6 (slot 4, arrives
      // 0.875), 4 (slot 5), 7 (slot 6, arrives 1.125), 3 (slot 7, arrives 1.25). Page 6
      // is touched at 1.0625 and page 7 at 1.125: both hits.
      const r = simulatePostCopy(tinyVm(TRACE), TINY_LINK, {
        seed: 1,
        fetch: "prepaging",
      });
      assert.equal(r.totalSeconds, 1.25);
      assert.equal(r.remoteFaults, 1);
      assert.equal(r.stallSeconds, 0.3125);
    },
  );

  await t.step(
    "demand: every fault pays L + tPage + L on an idle link, then the time cap",
    () => {
      // Faults at wall 0.4375, 1.0 and 1.3125, each stalls 0.0625 + 0.125 + 0.0625.
      // The trace repeats at execution 100.25, beyond the cap at 0.1875 + 5.
      const r = simulatePostCopy(tinyVm(TRACE), TINY_LINK, {
        seed: 1,
        fetch: "demand",
        maxSeconds: 5,
      });
      assert.equal(r.remoteFaults, 3);
      assert.equal(r.stallSeconds, 0.75);
      assert.equal(r.pagesSent, 3);
      assert.equal(r.pagesMissing, 5);
      assert.equal(r.stopReason, "time-cap");
      assert.equal(r.converged, false);
      assert.equal(r.totalSeconds, 5.1875);
      assert.equal(r.bytesSent, 4096 + 3 * 4096);
    },
  );
});

Deno.test("pullPhase() handles the request and link races exactly", async (t) => {
  await t.step(
    "a request that arrives at a slot boundary takes that slot",
    () => {
      // L = 0. Page 3 faults at 0.125, when slot 1 begins: page 0 went in slot 0,
      // page 3 takes slot 1 and arrives at 0.25. Pages 1, 2 follow; the end is 0.5.
      const out = pullPhase(
        tinyPull({ workload: scripted([[0.125, 3, false]]) }),
      );
      assert.deepEqual(out, {
        endSeconds: 0.5,
        pagesSent: 4,
        zeroPagesSent: 0,
        remoteFaults: 1,
        stallSeconds: 0.125,
        pagesMissing: 0,
        stopped: "all-pages-received",
        writes: 0,
        pagesDirtied: 0,
      });
    },
  );

  await t.step(
    "the push may send the page while the request travels: the VM waits for it",
    () => {
      // L = 0.25. Page 2 faults at 0.0625; the request lands at 0.3125, after slot 2
      // (start 0.25) has pushed page 2, which arrives at 0.375 + 0.25 = 0.625.
      const out = pullPhase(tinyPull({
        latencySeconds: 0.25,
        workload: scripted([[0.0625, 2, true]]),
      }));
      assert.equal(out.remoteFaults, 1);
      assert.equal(out.stallSeconds, 0.5625);
      assert.equal(out.endSeconds, 0.75);
      assert.equal(out.writes, 1);
      assert.equal(out.pagesDirtied, 1);
    },
  );

  await t.step(
    "pages already at the destination are not sent, and the input is not mutated",
    () => {
      const arrived: Bitset = createBitset(4);
      arrived.set(0);
      arrived.set(2);
      const out = pullPhase(tinyPull({
        arrived,
        startSeconds: 10,
        startExecSeconds: 3,
        latencySeconds: 0.0625,
        workload: scripted([[2, 1, false], [3.0625, 2, false], [
          3.0625,
          3,
          false,
        ]]),
      }));
      // The access at execution 2 precedes the pull and is skipped. Page 2 is a hit.
      // Page 3 faults at wall 10.0625: slot 0 (page 1) is under way, the request lands
      // at 10.125 and takes slot 1, arriving at 10.25 + 0.0625.
      assert.deepEqual(out, {
        endSeconds: 10.3125,
        pagesSent: 2,
        zeroPagesSent: 0,
        remoteFaults: 1,
        stallSeconds: 0.25,
        pagesMissing: 0,
        stopped: "all-pages-received",
        writes: 0,
        pagesDirtied: 0,
      });
      assert.equal(arrived.count(), 2);
      assert.equal(arrived.has(1), false);
    },
  );

  await t.step("nothing to send ends at the start", () => {
    const all = createBitset(4);
    all.fill();
    const out = pullPhase(tinyPull({ arrived: all, startSeconds: 2 }));
    assert.equal(out.endSeconds, 2);
    assert.equal(out.pagesSent, 0);
    assert.equal(out.stopped, "all-pages-received");
  });

  await t.step("an access outside the VM throws", () => {
    assert.throws(
      () => pullPhase(tinyPull({ workload: scripted([[0, 4, false]]) })),
      {
        name: "RangeError",
        message:
          "Cannot pull pages as the accessed page must be an integer in [0, 3]: current value is 4",
      },
    );
  });
});

Deno.test("simulatePostCopy() demand paging faults once per page, each stalling tPage + 2L", () => {
  const vm: VmSpec = {
    pageCount: 500,
    pageSizeBytes: 4096,
    stateBytes: 4096,
    workload: { kind: "uniform", writesPerSecond: 1000, readsPerSecond: 1000 },
  };
  const link: LinkSpec = {
    bandwidthBytesPerSecond: 1.25e8,
    latencySeconds: 0.001,
  };
  const r = simulatePostCopy(vm, link, { seed: 9, fetch: "demand" });
  assert.equal(r.stopReason, "all-pages-received");
  assert.equal(r.remoteFaults, 500);
  const perFault = 4096 / 1.25e8 + 2 * 0.001;
  assert.ok(Math.abs(r.stallSeconds - 500 * perFault) < 1e-9 * r.stallSeconds);
  assertConsistent(r, vm, link);
});

Deno.test("simulatePostCopy() prepaging faults less than active-push on a hot range in the upper half", () => {
  // 4096 pages; 4000 accesses per second uniform over pages [3000, 3400).
  const prng = createPrng(21, "trace");
  const accesses: TraceAccess[] = [];
  for (let i = 0; i < 20000; i++) {
    accesses.push({
      timeSeconds: i / 4000,
      page: 3000 + Math.floor(prng() * 400),
      write: prng() < 0.5,
    });
  }
  const vm: VmSpec = {
    pageCount: 4096,
    pageSizeBytes: 4096,
    stateBytes: 65536,
    workload: { kind: "trace", durationSeconds: 5, accesses },
  };
  const link: LinkSpec = {
    bandwidthBytesPerSecond: 1.25e8,
    latencySeconds: 0.0005,
  };
  const push = simulatePostCopy(vm, link, { seed: 1, fetch: "active-push" });
  const prepaging = simulatePostCopy(vm, link, { seed: 1, fetch: "prepaging" });
  assert.equal(push.totalSeconds, prepaging.totalSeconds);
  assert.ok(
    prepaging.remoteFaults * 2 < push.remoteFaults,
    `prepaging ${prepaging.remoteFaults} faults, active-push ${push.remoteFaults}`,
  );
  assert.ok(prepaging.stallSeconds < push.stallSeconds);
});

Deno.test("simulatePostCopy() stops at its caps and never hangs", async (t) => {
  await t.step(
    "demand on an idle VM hits the time cap with every page missing",
    () => {
      const vm: VmSpec = {
        pageCount: 100,
        pageSizeBytes: 4096,
        stateBytes: 0,
        workload: { kind: "idle" },
      };
      const r = simulatePostCopy(vm, { bandwidthBytesPerSecond: 1e8 }, {
        seed: 1,
        fetch: "demand",
      });
      assert.equal(r.stopReason, "time-cap");
      assert.equal(r.converged, false);
      assert.equal(r.pagesMissing, 100);
      assert.equal(r.pagesSent, 0);
      assert.equal(r.totalSeconds, 3600);
    },
  );
  await t.step("demand on a hot set never fetches the cold pages", () => {
    const vm: VmSpec = {
      pageCount: 1000,
      pageSizeBytes: 4096,
      stateBytes: 0,
      workload: {
        kind: "hot-cold",
        writesPerSecond: 1000,
        hotFraction: 0.1,
        hotShare: 1,
      },
    };
    const r = simulatePostCopy(vm, { bandwidthBytesPerSecond: 1e8 }, {
      seed: 1,
      fetch: "demand",
      maxSeconds: 60,
    });
    assert.equal(r.stopReason, "time-cap");
    assert.equal(r.pagesSent, 100);
    assert.equal(r.pagesMissing, 900);
  });
  await t.step(
    "a push slower than maxSeconds stops with the unsent pages missing",
    () => {
      const vm: VmSpec = {
        pageCount: 1000,
        pageSizeBytes: 4096,
        stateBytes: 0,
        workload: { kind: "idle" },
      };
      // tPage = 0.125 s: 8 pages start in the first second.
      const r = simulatePostCopy(vm, { bandwidthBytesPerSecond: 32768 }, {
        seed: 1,
        maxSeconds: 1,
      });
      assert.equal(r.stopReason, "time-cap");
      assert.equal(r.pagesSent, 8);
      assert.equal(r.pagesMissing, 992);
      assert.equal(r.totalSeconds, 1);
    },
  );
  await t.step("maxEvents stops a busy VM with an event-cap", () => {
    const vm: VmSpec = {
      pageCount: 100000,
      pageSizeBytes: 4096,
      stateBytes: 0,
      workload: { kind: "uniform", writesPerSecond: 1e6 },
    };
    const r = simulatePostCopy(vm, { bandwidthBytesPerSecond: 1e8 }, {
      seed: 1,
      maxEvents: 1000,
    });
    assert.equal(r.stopReason, "event-cap");
    assert.equal(r.converged, false);
    assert.ok(r.pagesMissing > 0);
    assert.equal(r.roundRows[1]!.writes, 1000);
  });
});

Deno.test("simulatePostCopy() gives deep-equal results for the same seed", () => {
  const vm: VmSpec = {
    pageCount: 5000,
    pageSizeBytes: 4096,
    stateBytes: 262144,
    workload: {
      kind: "zipf",
      writesPerSecond: 20000,
      readsPerSecond: 30000,
      exponent: 1,
    },
  };
  const link: LinkSpec = {
    bandwidthBytesPerSecond: 1.25e8,
    latencySeconds: 0.0002,
  };
  const a = simulatePostCopy(vm, link, { seed: "s", fetch: "prepaging" });
  const b = simulatePostCopy(vm, link, { seed: "s", fetch: "prepaging" });
  const c = simulatePostCopy(vm, link, { seed: "t", fetch: "prepaging" });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.stallSeconds, c.stallSeconds);
});

Deno.test("simulatePostCopy() rejects invalid options and inputs", async (t) => {
  const vm: VmSpec = {
    pageCount: 8,
    pageSizeBytes: 4096,
    stateBytes: 0,
    workload: { kind: "idle" },
  };
  const link: LinkSpec = { bandwidthBytesPerSecond: 1e6 };
  await t.step("unknown fetch", () => {
    assert.throws(
      () =>
        simulatePostCopy(vm, link, {
          seed: 1,
          fetch: "lazy" as unknown as "demand",
        }),
      {
        name: "TypeError",
        message:
          'Cannot simulate post-copy as options.fetch must be one of "demand", "active-push", "prepaging": current value is "lazy"',
      },
    );
  });
  await t.step("maxSeconds 0", () => {
    assert.throws(
      () => simulatePostCopy(vm, link, { seed: 1, maxSeconds: 0 }),
      {
        name: "RangeError",
        message:
          "Cannot simulate post-copy as options.maxSeconds must be a finite number > 0: current value is 0",
      },
    );
  });
  await t.step("maxEvents -1", () => {
    assert.throws(
      () => simulatePostCopy(vm, link, { seed: 1, maxEvents: -1 }),
      {
        name: "RangeError",
        message:
          "Cannot simulate post-copy as options.maxEvents must be an integer >= 0: current value is -1",
      },
    );
  });
  await t.step("zero bandwidth", () => {
    assert.throws(
      () => simulatePostCopy(vm, { bandwidthBytesPerSecond: 0 }, { seed: 1 }),
      {
        name: "RangeError",
        message:
          "Cannot migrate as link.bandwidthBytesPerSecond must be a finite number > 0: current value is 0",
      },
    );
  });
  await t.step("the inputs are not mutated", () => {
    const v = structuredClone(vm);
    const l = structuredClone(link);
    simulatePostCopy(v, l, { seed: 1 });
    assert.deepEqual(v, vm);
    assert.deepEqual(l, link);
  });
});

Deno.test("simulatePostCopy() sends zero pages as a header only, pushed or faulted", async (t) => {
  // 8 pages of 4 KiB with a 1 KiB header at 32 KiB/s: a page takes tPage = 0.15625 s,
  // a zero page (header only) tZero = 0.03125 s; L = 0.0625, d = 0.1875.
  const link: LinkSpec = { ...TINY_LINK, pageOverheadBytes: 1024 };
  const zeroVm = (share: number): VmSpec => ({
    ...tinyVm(TRACE),
    workload: {
      kind: "trace",
      durationSeconds: 100,
      accesses: TRACE,
      zeroPages: { initialShare: share },
    },
  });

  await t.step("active-push, pages 4-7 zero: hand-computed trace", () => {
    // Slots: page 0 [0.1875, 0.34375), page 1 [0.34375, 0.5). Page 5 faults at wall
    // 0.4375; its request lands at 0.5 and it takes slot 2 [0.5, 0.53125): a zero
    // page, it arrives at 0.59375 (stall 0.15625: a round trip plus a header). Then
    // page 2 [0.53125, 0.6875), 3 [.., 0.84375), and the zero pages 4 [.., 0.875),
    // 6 [.., 0.90625), 7 [.., 0.9375). Page 6 is touched at wall 0.5625 + 0.34375 =
    // 0.90625, in flight (arrives 0.96875): stall 0.0625. The last page lands at
    // 0.9375 + 0.0625 = 1.0, before page 7 is touched.
    const r = simulatePostCopy(zeroVm(0.5), link, { seed: 1, checked: true });
    assert.equal(r.downtimeSeconds, 0.1875);
    assert.equal(r.totalSeconds, 1);
    assert.equal(r.remoteFaults, 2);
    assert.equal(r.stallSeconds, 0.15625 + 0.0625);
    assert.equal(r.zeroPagesSent, 4);
    assert.deepEqual(r.roundRows[1], {
      round: 2,
      phase: "pull",
      startSeconds: 0.1875,
      endSeconds: 1,
      pagesSent: 8,
      bytesSent: 4 * 5120 + 4 * 1024,
      pagesDirtied: 1,
      writes: 1,
      zeroPagesSent: 4,
    });
    assert.equal(r.bytesSent, 4096 + 4 * 5120 + 4 * 1024);
  });

  await t.step("demand: a zero-page fault costs a round trip and a header", () => {
    // Every page is zero: each fault stalls L + tZero + L = 0.15625 on an idle link.
    const r = simulatePostCopy(zeroVm(1), link, { seed: 1, fetch: "demand", maxSeconds: 5 });
    assert.equal(r.remoteFaults, 3);
    assert.equal(r.stallSeconds, 3 * 0.15625);
    assert.equal(r.pagesSent, 3);
    assert.equal(r.zeroPagesSent, 3);
    assert.equal(r.bytesSent, 4096 + 3 * 1024);
  });

  await t.step("100 % zero pages: bytes are the headers plus the state", () => {
    const r = simulatePostCopy(zeroVm(1), link, { seed: 1 });
    assert.equal(r.bytesSent, 8 * 1024 + 4096);
    assert.equal(r.totalSeconds, 0.1875 + 8 * 0.03125 + 0.0625);
  });

  await t.step("50 % zero pages halve the page payload (every fetch variant)", () => {
    const vm = (share: number): VmSpec => ({
      pageCount: 4096,
      pageSizeBytes: 4096,
      stateBytes: 65536,
      workload: { kind: "uniform", writesPerSecond: 5000, zeroPages: { initialShare: share } },
    });
    const wide: LinkSpec = { bandwidthBytesPerSecond: 1e8, pageOverheadBytes: 8 };
    for (const fetch of ["active-push", "prepaging"] as const) {
      const full = simulatePostCopy(vm(0), wide, { seed: 3, fetch });
      const half = simulatePostCopy(vm(0.5), wide, { seed: 3, fetch });
      const headers = 4096 * 8 + 65536;
      assert.equal(full.bytesSent - headers, 4096 * 4096);
      assert.equal(half.bytesSent - headers, (4096 * 4096) / 2);
      assert.equal(half.zeroPagesSent, 2048);
    }
  });
});

Deno.test("simulatePostCopy(): zero pages of no wire time land one latency after the push sends them", () => {
  // No page header: a zero page takes no link time. Every page is zero, so the push
  // sends all 8 at the resume (0.1875) and they land at 0.25. Page 3, touched at the
  // resume, is requested; its request reaches the source at 0.25, when the push's
  // copy lands: a stall of one latency, no more.
  const vm: VmSpec = {
    ...tinyVm([]),
    workload: {
      kind: "trace",
      durationSeconds: 100,
      accesses: [{ timeSeconds: 0, page: 3, write: false }],
      zeroPages: { initialShare: 1 },
    },
  };
  const r = simulatePostCopy(vm, TINY_LINK, { seed: 1, checked: true });
  assert.equal(r.totalSeconds, 0.25);
  assert.equal(r.remoteFaults, 1);
  assert.equal(r.stallSeconds, 0.0625);
  assert.equal(r.bytesSent, 4096);
});
