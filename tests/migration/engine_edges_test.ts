/**
 * Edges of the migration engine that a mutation review found unpinned: each test
 * works its expected values by hand (the arithmetic is in the comments) on a
 * scripted trace, an idle VM or a seeded run.
 */
import assert from "node:assert/strict";
import { closedFormPostCopy } from "../../lib/migration/closed_form_post_copy.ts";
import { closedFormOffline } from "../../lib/migration/closed_form_offline.ts";
import { closedFormPreCopy, estimatePreCopy } from "../../lib/migration/closed_form_pre_copy.ts";
import { simulateHybrid } from "../../lib/migration/hybrid.ts";
import { simulateOffline } from "../../lib/migration/offline.ts";
import { simulatePostCopy } from "../../lib/migration/post_copy.ts";
import { simulatePreCopy } from "../../lib/migration/pre_copy.ts";
import { XEN_LEGACY_PRESET } from "../../lib/migration/presets.ts";
import {
  checkStopRules,
  type RoundState,
  type StopRule,
  validateStopRules,
  XEN_STOP_RULES,
} from "../../lib/migration/stop_rules.ts";
import type { VmSpec } from "../../lib/migration/vm_spec.ts";

Deno.test("simulatePreCopy() switched to post-copy pulls from the guest's own clock", () => {
  // 8 pages of 1000 bytes over 1000 B/s: a page a second, latency 0.5 s. Dirty
  // logging halves the guest's speed, so the 8 s first pass is 4 s of guest time:
  // the write at guest time 1 s dirties page 0; the read of page 0 at guest time
  // 5 s comes after the switch.
  const vm: VmSpec = {
    pageCount: 8,
    pageSizeBytes: 1000,
    stateBytes: 0,
    workload: {
      kind: "trace",
      durationSeconds: 100,
      accesses: [
        { timeSeconds: 1, page: 0, write: true },
        { timeSeconds: 5, page: 0, write: false },
      ],
    },
  };
  const r = simulatePreCopy(vm, { bandwidthBytesPerSecond: 1000, latencySeconds: 0.5 }, {
    seed: 1,
    setupSeconds: 2,
    resumeSeconds: 0.25,
    mechanisms: {
      dirtyLogging: { slowdownFraction: 0.5 },
      postCopySwitch: { afterPasses: 1 },
    },
  });
  // Technique clock: push [0, 8] (guest time 0..4, one page dirtied), switch at 8;
  // stop-and-copy of no page and no state: latency only, resume at 8.5. The pull
  // resumes the guest at ITS time 4 (wall = guest + 4.5): the read at guest time
  // 5 is at wall 9.5, while page 0 (push slot 0, [8.5, 9.5]) is in flight until
  // 9.5 + 0.5 = 10: one fault stalling 0.5 s; the pull ends at 10.
  assert.deepEqual(
    r.roundRows.map((x) => [x.phase, x.startSeconds, x.endSeconds, x.pagesSent]),
    [
      // Every time + setup 2; the pull's + resume 0.25 too.
      ["push", 2, 10, 8],
      ["stop-and-copy", 10, 10, 0],
      ["pull", 10.75, 12.25, 1],
    ],
  );
  // Events: the start stays at 0; the others + setup; from the resume on + resume too.
  assert.deepEqual(r.timeline.map((e) => [e.kind, e.timeSeconds]), [
    ["start", 0],
    ["round-start", 2],
    ["suspend", 10],
    ["resume", 10.75],
    ["end", 12.25],
  ]);
  assert.equal(r.remoteFaults, 1);
  assert.equal(r.stallSeconds, 0.5);
  assert.equal(r.downtimeSeconds, 0.75); // latency 0.5 + resume 0.25
  assert.equal(r.totalSeconds, 12.25); // 10 + setup 2 + resume 0.25
  const m = r.mechanisms!;
  // The switch time is on the result's clock (setup included), as the rows are.
  assert.equal(m.postCopySwitchSeconds, 10);
  assert.equal(m.splitSeconds, 1.5); // 10 - 8.5
  assert.equal(m.guestSlowdownSeconds, 4.5); // 8 s at half speed, then a 0.5 s stall
  assert.deepEqual(m.slowdown, [
    { startSeconds: 2, endSeconds: 10, runFraction: 0.5, cause: "dirty-logging" },
    {
      // From the resume (8.5 + resume 0.25 + setup 2) to the end, running 1 - 0.5 / 1.5.
      startSeconds: 10.75,
      endSeconds: 12.25,
      runFraction: 1 - 0.5 / 1.5,
      cause: "post-copy-stalls",
    },
  ]);
});

Deno.test("simulatePostCopy() pays the zero-page scan in the pull's zero slots", () => {
  // 10 pages of 992 bytes + 8-byte header = 1000 wire bytes over 1000 B/s: 1 s a
  // page. Pages 5..9 are zero: a header only (8 bytes, 0.008 s) plus the 0.25 s scan.
  const r = simulatePostCopy(
    {
      pageCount: 10,
      pageSizeBytes: 992,
      stateBytes: 0,
      workload: { kind: "idle", zeroPages: { initialShare: 0.5 } },
    },
    { bandwidthBytesPerSecond: 1000, pageOverheadBytes: 8, zeroPageSeconds: 0.25 },
    { seed: 1 },
  );
  // Pull: 5 x 1 s + 5 x (0.008 + 0.25) s = 6.29 s; 5 x 1000 + 5 x 8 = 5040 bytes.
  assert.ok(Math.abs(r.totalSeconds - 6.29) < 1e-12, `${r.totalSeconds}`);
  assert.equal(r.bytesSent, 5040);
  assert.equal(r.zeroPagesSent, 5);
});

Deno.test("simulatePostCopy() per-page draws the pull's later writes over guest time only", () => {
  // 1000 pages, uniform, 3000 writes/s and 30000 reads/s; a page every 1 ms, latency
  // 0.1 ms: faults stall the guest most of the 1 s pull, so its guest time e = pull
  // wall time - stalls is a small part of it. The pull's writes are Poisson(3000 e)
  // and its distinct dirtied pages have mean 1000 (1 - exp(-3000 e / 1000)): both
  // within 4 standard deviations (seed fixed). Drawn over the wall time instead, the
  // touched pages' later writes add over a thousand; without the pages first read
  // and written later, the dirtied pages fall to about 1000 x 3000 / 33000 x
  // (1 - exp(-33 e)), less than half.
  const r = simulatePostCopy(
    {
      pageCount: 1000,
      pageSizeBytes: 4096,
      stateBytes: 0,
      workload: { kind: "uniform", writesPerSecond: 3000, readsPerSecond: 30000 },
    },
    { bandwidthBytesPerSecond: 4096 * 1000, latencySeconds: 1e-4 },
    { seed: 1, sampler: "per-page" },
  );
  const pull = r.roundRows.at(-1)!;
  assert.equal(pull.phase, "pull");
  const guest = pull.endSeconds - pull.startSeconds - r.stallSeconds;
  assert.ok(guest > 0.03 && guest < 0.2 * (pull.endSeconds - pull.startSeconds), `${guest}`);
  const writes = 3000 * guest;
  assert.ok(Math.abs(pull.writes - writes) < 4 * Math.sqrt(writes), `${pull.writes} ${writes}`);
  const dirtied = 1000 * (1 - Math.exp(-3000 * guest / 1000));
  assert.ok(
    Math.abs(pull.pagesDirtied - dirtied) < 4 * Math.sqrt(dirtied),
    `${pull.pagesDirtied} ${dirtied}`,
  );
});

Deno.test("simulatePreCopy() write cap: a round expected to make exactly the cap runs", () => {
  // An idle VM writes 0 per second: every round's expected writes, 0, reach but do
  // not pass a cap of 0, so the push runs (100 pages of 1000 bytes at 1e5 B/s: 1 s)
  // and converges; an empty stop-and-copy follows.
  const r = simulatePreCopy(
    { pageCount: 100, pageSizeBytes: 1000, stateBytes: 0, workload: { kind: "idle" } },
    { bandwidthBytesPerSecond: 1e5 },
    { seed: 1, sampler: "per-write", maxWrites: 0 },
  );
  assert.equal(r.stopReason, "max-downtime");
  assert.equal(r.converged, true);
  assert.deepEqual(r.roundRows.map((x) => [x.phase, x.pagesSent, x.endSeconds]), [
    ["push", 100, 1],
    ["stop-and-copy", 0, 1],
  ]);
});

/** A scripted write of `page` at `timeSeconds`. */
const write = (timeSeconds: number, page: number) => ({ timeSeconds, page, write: true });

Deno.test("simulatePreCopy() xen-legacy skips re-dirtied pages batch by batch", () => {
  // 8 pages of 1000 bytes over 1000 B/s (1 s a page), batches of 2 sent pages, the
  // dirty log peeked before each batch. Writes: pages 1..5 in round 1, page 3 at 9 s,
  // page 4 at 10.5 s.
  const vm: VmSpec = {
    pageCount: 8,
    pageSizeBytes: 1000,
    stateBytes: 500,
    workload: {
      kind: "trace",
      durationSeconds: 100,
      accesses: [
        write(0.1, 1),
        write(0.2, 2),
        write(0.3, 3),
        write(0.4, 4),
        write(0.5, 5),
        write(9, 3),
        write(10.5, 4),
      ],
    },
  };
  const link = { bandwidthBytesPerSecond: 1000, latencySeconds: 0.5 };
  const run = (stopRules: StopRule[]) =>
    simulatePreCopy(vm, link, {
      seed: 1,
      preset: { ...XEN_LEGACY_PRESET, batchPages: 2, stopRules },
    });
  // Round 1 [0, 8]: all 8 pages; pages 1..5 dirtied.
  // Round 2 from 8, due {1, 2, 3, 4, 5}: peek at 8 (nothing), send 1 and 2; peek at
  // 8 + 2 sent = 10: page 3 (written at 9) is skipped; page 4 starts the batch, peek
  // at 10 still (a skipped page takes no link time): not dirty, sent with 5. 4 pages
  // in 4 s, to 12; page 4 is written again at 10.5: next set {3, 4}.
  // Xen's test after round 2 counts the pages sent plus skipped: 4 + 1 = 5, not below 5.
  // Round 3 [12, 14]: pages 3 and 4; nothing dirtied: the push ends, converged.
  // Stop-and-copy: the state, 500 bytes in 0.5 s, + latency 0.5 s.
  const expected = [
    ["push", 0, 8, 8, 5],
    ["push", 8, 12, 4, 2],
    ["push", 12, 14, 2, 0],
    ["stop-and-copy", 14, 14.5, 0, 0],
  ];
  for (
    const rules of [
      [{ kind: "dirty-pages-below", pages: 5 }, { kind: "max-rounds", rounds: 10 }],
      // With no target rule, an empty next set still ends the push (no empty round).
      [{ kind: "max-rounds", rounds: 10 }],
    ] as StopRule[][]
  ) {
    const r = run(rules);
    assert.deepEqual(
      r.roundRows.map((x) => [x.phase, x.startSeconds, x.endSeconds, x.pagesSent, x.pagesDirtied]),
      expected,
    );
    assert.equal(r.stopReason, "dirty-pages-below");
    assert.equal(r.converged, true);
    assert.equal(r.bytesSent, 14000 + 500);
    assert.equal(r.downtimeSeconds, 1);
    assert.equal(r.totalSeconds, 15);
  }
});

Deno.test("simulatePreCopy() max-bytes counts the bytes of every push round", () => {
  // 8 pages of 1000 bytes (8000 bytes of memory) over 1000 B/s. Round 1 [0, 8]
  // dirties pages 0..4; round 2 [8, 13] sends them and dirties them again. Bytes
  // after round 1: 8000, not over 1.5 x 8000 = 12000; after round 2: 13000, over.
  const pages = [0, 1, 2, 3, 4];
  const accesses = [...pages.map((p) => write(p + 0.5, p)), ...pages.map((p) => write(p + 8.5, p))];
  const r = simulatePreCopy(
    {
      pageCount: 8,
      pageSizeBytes: 1000,
      stateBytes: 0,
      workload: { kind: "trace", durationSeconds: 100, accesses },
    },
    { bandwidthBytesPerSecond: 1000 },
    {
      seed: 1,
      stopRules: [{ kind: "max-bytes", memoryFactor: 1.5 }, { kind: "max-rounds", rounds: 10 }],
    },
  );
  assert.equal(r.stopReason, "max-bytes");
  assert.equal(r.converged, false);
  // The stop-and-copy carries the 5 pages dirtied in round 2: 5 s, ending at 18.
  assert.deepEqual(r.roundRows.map((x) => [x.phase, x.pagesSent, x.endSeconds]), [
    ["push", 8, 8],
    ["push", 5, 13],
    ["stop-and-copy", 5, 18],
  ]);
  assert.equal(r.bytesSent, 18000);
});

Deno.test("simulatePreCopy() xen-legacy's dirty-rate rule compares with the pages sent", () => {
  // 8 pages of 1000 bytes over 1000 B/s, a peek before every page (batches of 1).
  // Round 1 [0, 8] dirties pages 1, 2, 3. Round 2 from 8: page 1 sent [8, 9]; peek at
  // 9 finds page 2 (written at 8.5): skipped; page 3 sent [9, 10]; page 1 is written
  // again at 9.5. The round sent 2 pages and its writes dirtied 2 (pages 1 and 2):
  // 2 >= 2, the dirty rate has reached the link (the skipped page is not sent).
  const vm: VmSpec = {
    pageCount: 8,
    pageSizeBytes: 1000,
    stateBytes: 0,
    workload: {
      kind: "trace",
      durationSeconds: 100,
      accesses: [write(0.1, 1), write(0.2, 2), write(0.3, 3), write(8.5, 2), write(9.5, 1)],
    },
  };
  const stopRules: StopRule[] = [
    { kind: "dirty-rate-exceeds-link" },
    { kind: "max-rounds", rounds: 10 },
  ];
  const r = simulatePreCopy(vm, { bandwidthBytesPerSecond: 1000 }, {
    seed: 1,
    preset: { ...XEN_LEGACY_PRESET, batchPages: 1, stopRules },
  });
  assert.equal(r.stopReason, "dirty-rate-exceeds-link");
  assert.equal(r.converged, false);
  // Round 1: 3 dirtied < 8 sent, go on. Stop-and-copy: pages 1 and 2, [10, 12].
  assert.deepEqual(
    r.roundRows.map((x) => [x.phase, x.startSeconds, x.endSeconds, x.pagesSent, x.pagesDirtied]),
    [
      ["push", 0, 8, 8, 3],
      ["push", 8, 10, 2, 2],
      ["stop-and-copy", 10, 12, 2, 0],
    ],
  );
});

/** 8 pages of 1000 bytes, the given state and scripted writes. */
function traceVm(stateBytes: number, accesses: ReturnType<typeof write>[]): VmSpec {
  return {
    pageCount: 8,
    pageSizeBytes: 1000,
    stateBytes,
    workload: { kind: "trace", durationSeconds: 100, accesses },
  };
}

/** A controller whose one downtime step allows `maxSeconds` from the start. */
const steps = (maxSeconds: number) => ({
  controller: { downtimeSteps: { maxSeconds, steps: 1, delaySecondsPerGiB: 0 } },
});

Deno.test("simulatePreCopy() controller steps: pages, state and latency at most the limit", () => {
  // 1000 B/s: a page a second. Round 1 [0, 8] dirties pages 0 and 1.
  const writes = [write(1.5, 0), write(2.5, 1)];
  const link = { bandwidthBytesPerSecond: 1000 };
  // Limit 2 s, no state: the 2 pages left would take exactly 2 s: stop (at most).
  const at = simulatePreCopy(traceVm(0, writes), link, { seed: 1, mechanisms: steps(2) });
  assert.equal(at.stopReason, "max-downtime");
  assert.equal(at.converged, true);
  assert.deepEqual(at.roundRows.map((x) => [x.phase, x.pagesSent, x.endSeconds]), [
    ["push", 8, 8],
    ["stop-and-copy", 2, 10],
  ]);
  assert.equal(at.mechanisms!.downtimeLimitSeconds, 2);
  // Limit 2.5 s with 1000 bytes of state: (2000 + 1000) / 1000 = 3 s > 2.5, go on,
  // although the preset's own 2.5 s rule (pages only, 2 s) would hold: the steps
  // replace it. Round 2 [8, 10] sends the 2 pages; then the state alone, 1 s, fits.
  const state = simulatePreCopy(traceVm(1000, writes), link, {
    seed: 1,
    mechanisms: steps(2.5),
    stopRules: [{ kind: "max-downtime", seconds: 2.5 }, { kind: "max-rounds", rounds: 30 }],
  });
  assert.equal(state.stopReason, "max-downtime");
  assert.deepEqual(state.roundRows.map((x) => [x.phase, x.pagesSent, x.endSeconds]), [
    ["push", 8, 8],
    ["push", 2, 10],
    ["stop-and-copy", 0, 11],
  ]);
  assert.equal(state.downtimeSeconds, 1);
});

Deno.test("simulatePreCopy() with a post-copy switch ends normally when pre-copy converges", () => {
  // Round 1 [0, 8] dirties 2 pages (2 s > 0.3 s); round 2 [8, 10] sends them and
  // dirties none: the 300 ms target holds after pass 2, before the switch's 10 passes.
  const r = simulatePreCopy(traceVm(0, [write(1.5, 0), write(2.5, 1)]), {
    bandwidthBytesPerSecond: 1000,
  }, { seed: 1, mechanisms: { postCopySwitch: { afterPasses: 10 } } });
  assert.equal(r.stopReason, "max-downtime");
  assert.equal(r.converged, true);
  assert.deepEqual(r.roundRows.map((x) => x.phase), ["push", "push", "stop-and-copy"]);
  assert.equal(r.mechanisms!.postCopySwitchSeconds, null);
  assert.equal(r.totalSeconds, 10);
});

Deno.test("simulatePreCopy() auto-converge's trigger counts page bytes, not wire bytes", () => {
  // 1000-byte pages with 1000 bytes of header: 2000 wire bytes at 2000 B/s, a page
  // a second. Trigger: dirtied bytes above 50% of the sent bytes, twice in a row.
  // Round 1 [0, 8]: sent 16000, dirtied 5 pages = 5000 <= 8000. Round 2 [8, 13]:
  // sent 10000, dirtied 3 pages = 3000 <= 5000. (Counted in wire bytes, 10000 and
  // 6000 would both exceed, and the throttle would start.) Round 3 [13, 16]: none.
  const pages = [0, 1, 2, 3, 4];
  const writes = [
    ...pages.map((p) => write(p + 0.5, p)),
    ...[0, 1, 2].map((p) => write(p + 8.5, p)),
  ];
  const r = simulatePreCopy(
    traceVm(0, writes),
    { bandwidthBytesPerSecond: 2000, pageOverheadBytes: 1000 },
    { seed: 1, mechanisms: { autoConverge: { triggerThresholdPercent: 50 } } },
  );
  assert.equal(r.mechanisms!.maxThrottlePercent, 0);
  assert.deepEqual(r.mechanisms!.slowdown, []);
  assert.deepEqual(r.roundRows.map((x) => [x.phase, x.pagesSent, x.pagesDirtied, x.endSeconds]), [
    ["push", 8, 5, 8],
    ["push", 5, 3, 13],
    ["push", 3, 0, 16],
    ["stop-and-copy", 0, 0, 16],
  ]);
});

Deno.test("simulatePostCopy() an access when the last page lands is after the pull", () => {
  // 8 pages at a page a second, no state, no latency: the VM resumes at 0 and the
  // push lands page k at k + 1; the last at 8, the end. The write at 8 is not in it.
  const r = simulatePostCopy(traceVm(0, [write(8, 7)]), { bandwidthBytesPerSecond: 1000 }, {
    seed: 1,
  });
  assert.equal(r.totalSeconds, 8);
  assert.equal(r.remoteFaults, 0);
  const pull = r.roundRows.at(-1)!;
  assert.equal(pull.writes, 0);
  assert.equal(pull.pagesDirtied, 0);
});

Deno.test("simulateHybrid() pushes one round by default", () => {
  // Round 1 [0, 8] sends the 8 pages and page 0 is written at 1.5; then the switch
  // (no state, no latency) and the pull of page 0 alone, [8, 9].
  const r = simulateHybrid(traceVm(0, [write(1.5, 0)]), { bandwidthBytesPerSecond: 1000 }, {
    seed: 1,
  });
  assert.deepEqual(
    r.roundRows.map((x) => [x.phase, x.startSeconds, x.endSeconds, x.pagesSent]),
    [["push", 0, 8, 8], ["stop-and-copy", 8, 8, 0], ["pull", 8, 9, 1]],
  );
  assert.equal(r.totalSeconds, 9);
});

Deno.test("simulateHybrid() per-page is refused when a cap can bind over all its rounds", () => {
  // 1000 pages of 1000 bytes at 1e6 B/s: a push round lasts at most 1 s. At 6e8
  // writes/s, 2 rounds may make 1.2e9 writes, over the push's cap of 1e9 (one round,
  // 6e8, stays under).
  const vm = (writesPerSecond: number, readsPerSecond: number): VmSpec => ({
    pageCount: 1000,
    pageSizeBytes: 1000,
    stateBytes: 0,
    workload: { kind: "uniform", writesPerSecond, readsPerSecond },
  });
  const fast = { bandwidthBytesPerSecond: 1e6 };
  const pullFree = { maxEvents: 1e12, maxSeconds: 1e-9 };
  assert.throws(
    () =>
      simulateHybrid(vm(6e8, 0), fast, {
        seed: 1,
        preCopyRounds: 2,
        sampler: "per-page",
        ...pullFree,
      }),
    {
      name: "RangeError",
      message: 'Cannot migrate as options.sampler "per-page" is not exact here: ' +
        "the push's write cap (1000000000) can bind (the cap is per write)",
    },
  );
  const one = simulateHybrid(vm(6e8, 0), fast, {
    seed: 1,
    preCopyRounds: 1,
    sampler: "per-page",
    ...pullFree,
  });
  assert.equal(one.sampler, "per-page");
  // The pull's bound includes the latency: 1000 pages take 1 s, + 1 s of latency =
  // 2 s of 100 accesses/s: mean 200, 200 + 12 sqrt(200) + 12 = 381.7 > 300 events.
  const slow = { bandwidthBytesPerSecond: 1e6, latencySeconds: 1 };
  assert.throws(
    () => simulateHybrid(vm(50, 50), slow, { seed: 1, sampler: "per-page", maxEvents: 300 }),
    {
      name: "RangeError",
      message: 'Cannot migrate as options.sampler "per-page" is not exact here: ' +
        "options.maxEvents (300) can bind (the cap is per access)",
    },
  );
  const room = simulateHybrid(vm(50, 50), slow, { seed: 1, sampler: "per-page", maxEvents: 400 });
  assert.equal(room.sampler, "per-page");
});

Deno.test("simulatePostCopy() time cap: an access at the cap itself is still served", () => {
  // Demand fetch, 8 pages at a page a second, no state or latency: resume at 0, cap
  // at 2. The write of page 3 at exactly 2 faults: the idle link sends page 3 in
  // [2, 3]; the guest stalls 1 s. The next access (none) is past the cap: the pull
  // stops there, at the end of the stall, with 7 pages never sent.
  const r = simulatePostCopy(traceVm(0, [write(2, 3)]), { bandwidthBytesPerSecond: 1000 }, {
    seed: 1,
    fetch: "demand",
    maxSeconds: 2,
  });
  assert.equal(r.stopReason, "time-cap");
  assert.equal(r.converged, false);
  assert.equal(r.remoteFaults, 1);
  assert.equal(r.stallSeconds, 1);
  assert.equal(r.totalSeconds, 3);
  assert.equal(r.pagesSent, 1);
  assert.equal(r.pagesMissing, 7);
  assert.equal(r.roundRows.at(-1)!.writes, 1);
});

Deno.test("checkStopRules() Xen's rules hold at 50 pages, 29 rounds and 3x memory exactly", () => {
  // 1000 pages of 1000 bytes (1e6 bytes); the last round sent 1000 pages and dirtied
  // 50: the dirty rate is under the link's.
  const state: RoundState = {
    round: 28,
    bytesSent: 3e6,
    memoryBytes: 1e6,
    dirtyPages: 50,
    pagesSentLastRound: 1000,
    pagesDirtiedLastRound: 50,
    wirePageBytes: 1000,
    bytesPerSecond: 1e6,
  };
  // 50 is not under 50, round 28 is under 29, 3e6 is not over 3 x 1e6: go on.
  assert.equal(checkStopRules(XEN_STOP_RULES, state), undefined);
  assert.deepEqual(checkStopRules(XEN_STOP_RULES, { ...state, dirtyPages: 49 }), {
    reason: "dirty-pages-below",
    converged: true,
  });
  assert.deepEqual(checkStopRules(XEN_STOP_RULES, { ...state, round: 29 }), {
    reason: "max-rounds",
    converged: false,
  });
  assert.deepEqual(checkStopRules(XEN_STOP_RULES, { ...state, bytesSent: 3e6 + 1 }), {
    reason: "max-bytes",
    converged: false,
  });
});

Deno.test("validateStopRules() rejects an extra field and a zero downtime target", () => {
  assert.throws(
    () => validateStopRules([{ kind: "max-rounds", rounds: 3, extra: 1 } as StopRule]),
    {
      name: "TypeError",
      message: 'Cannot migrate as "extra" must be a known key of stopRules[0] ' +
        '("kind", "rounds"): current value is 1',
    },
  );
  assert.throws(() => validateStopRules([{ kind: "max-downtime", seconds: 0 }]), {
    name: "RangeError",
    message: "Cannot migrate as stopRules[0].seconds must be a finite number > 0: " +
      "current value is 0",
  });
});

Deno.test("checkStopRules() takes round 0 and checks the rate and the optional counts", () => {
  const state: RoundState = {
    round: 0,
    bytesSent: 0,
    memoryBytes: 1e6,
    dirtyPages: 100,
    pagesSentLastRound: 100,
    pagesDirtiedLastRound: 10,
    wirePageBytes: 1000,
    bytesPerSecond: 1000,
  };
  const rules: StopRule[] = [{ kind: "max-rounds", rounds: 1 }];
  // Before any round: no rule holds (round 0 < 1).
  assert.equal(checkStopRules(rules, state), undefined);
  const bad = (field: string, value: number, rule: string) =>
    assert.throws(() => checkStopRules(rules, { ...state, [field]: value }), {
      name: "RangeError",
      message: `Cannot check stop rules as state.${field} must be a finite number ${rule}: ` +
        `current value is ${value}`,
    });
  bad("bytesPerSecond", 0, "> 0");
  bad("pagesToSendNextRound", -1, ">= 0");
  bad("pagesDirtiedLastRound", -1, ">= 0");
});

Deno.test("simulatePostCopy() resume seconds alone move the pull and the end", () => {
  // Idle, 8 pages at a page a second, no state, latency or setup; resume 0.5 s. The
  // VM resumes at 0 + 0.5; the pull [0, 8] on the technique's clock is [0.5, 8.5].
  const r = simulatePostCopy(traceVm(0, []), { bandwidthBytesPerSecond: 1000 }, {
    seed: 1,
    resumeSeconds: 0.5,
  });
  assert.deepEqual(r.roundRows.map((x) => [x.phase, x.startSeconds, x.endSeconds]), [
    ["stop-and-copy", 0, 0],
    ["pull", 0.5, 8.5],
  ]);
  assert.deepEqual(r.timeline.map((e) => [e.kind, e.timeSeconds]), [
    ["start", 0],
    ["suspend", 0],
    ["resume", 0.5],
    ["end", 8.5],
  ]);
  assert.equal(r.downtimeSeconds, 0.5);
  assert.equal(r.totalSeconds, 8.5);
});

Deno.test("simulatePreCopy() aborted by the controller ends at the source, no downtime", () => {
  // 8000 bytes of memory: a timeout of 1e5 s per GiB is 1e5 x 8000 / 2^30 = 0.75 s,
  // passed at the first sync (8 s, after round 1, which left page 0 dirty).
  const r = simulatePreCopy(traceVm(0, [write(1.5, 0)]), { bandwidthBytesPerSecond: 1000 }, {
    seed: 1,
    resumeSeconds: 0.25,
    mechanisms: { controller: { completionTimeoutSecondsPerGiB: 1e5, timeoutAction: "abort" } },
  });
  assert.equal(r.stopReason, "aborted");
  assert.equal(r.converged, false);
  assert.equal(r.mechanisms!.aborted, true);
  assert.equal(r.downtimeSeconds, 0);
  assert.equal(r.totalSeconds, 8); // no stop-and-copy, no resume
  assert.deepEqual(r.timeline.at(-1), { timeSeconds: 8, kind: "end", round: 0, host: "source" });
});

Deno.test("closedFormPreCopy() secure transport: handshake in setup, state at cipher pace", () => {
  // Idle, 8 pages of 1000 bytes, 1e6 bytes of state; 1e6 B/s link, 0.5 s latency; one
  // core encrypts 5e5 B/s, the bound. Setup: the 0.25 s handshake. Round 1: 8000
  // bytes / 5e5 = 0.016 s; nothing dirtied. Stop-and-copy: the state, 1e6 / 5e5 =
  // 2 s (not 1e6 / 1e6 = 1 s), + latency: downtime 2.5; total 0.25 + 0.016 + 2.5.
  const vm: VmSpec = {
    pageCount: 8,
    pageSizeBytes: 1000,
    stateBytes: 1e6,
    workload: { kind: "idle" },
  };
  const r = closedFormPreCopy(vm, { bandwidthBytesPerSecond: 1e6, latencySeconds: 0.5 }, {
    mechanisms: { secureTransport: { cipherBytesPerSecondPerCore: 5e5, handshakeSeconds: 0.25 } },
  });
  assert.equal(r.setupSeconds, 0.25);
  assert.equal(r.downtimeSeconds, 2.5);
  assert.ok(Math.abs(r.totalSeconds - 2.766) < 1e-12, `${r.totalSeconds}`);
  const last = r.roundRows.at(-1)!;
  assert.equal(last.phase, "stop-and-copy");
  assert.ok(Math.abs(last.endSeconds - last.startSeconds - 2) < 1e-12);
});

Deno.test("closedFormPreCopy() auto-converge's trigger counts page bytes, not wire bytes", () => {
  // The closed-form twin of the simulator's case: 8 pages, 1000 + 1000 header bytes
  // at 2000 B/s (1 s a page), 0.625 writes/s ("rate": d = 0.625 T). Round 1: 8 s,
  // sent 16000, dirtied 5 pages = 5000 <= 8000; round 2: 5 s, sent 10000, dirtied
  // 3.125 = 3125 <= 5000: no throttle. Every round sends 0.625 x the last; after
  // round 7 (8 x 0.625^6 pages), 8 x 0.625^7 = 0.298 pages take 0.298 s <= 0.3.
  const r = closedFormPreCopy(
    {
      pageCount: 8,
      pageSizeBytes: 1000,
      stateBytes: 0,
      workload: { kind: "uniform", writesPerSecond: 0.625 },
    },
    { bandwidthBytesPerSecond: 2000, pageOverheadBytes: 1000 },
    { model: "rate", mechanisms: { autoConverge: { triggerThresholdPercent: 50 } } },
  );
  assert.equal(r.mechanisms!.maxThrottlePercent, 0);
  assert.deepEqual(r.mechanisms!.slowdown, []);
  assert.equal(r.stopReason, "max-downtime");
  assert.deepEqual(
    r.roundRows.map((x) => x.pagesSent),
    [0, 1, 2, 3, 4, 5, 6, 7].map((i) => 8 * 0.625 ** i),
  );
});

Deno.test("closedFormPostCopy() pays the zero-page scan in the pull's zero slots", () => {
  // As the simulator's case: 5 pages x 1 s + 5 zero pages x (0.008 + 0.25) s = 6.29 s.
  const r = closedFormPostCopy(
    {
      pageCount: 10,
      pageSizeBytes: 992,
      stateBytes: 0,
      workload: { kind: "idle", zeroPages: { initialShare: 0.5 } },
    },
    { bandwidthBytesPerSecond: 1000, pageOverheadBytes: 8, zeroPageSeconds: 0.25 },
  );
  assert.ok(Math.abs(r.totalSeconds - 6.29) < 1e-12, `${r.totalSeconds}`);
  assert.equal(r.bytesSent, 5040);
  assert.equal(r.zeroPagesSent, 5);
});

Deno.test("simulateHybrid() aborted by the controller before its switch stays at the source", () => {
  // As pre-copy's case above: the 0.75 s timeout passes at the first sync (8 s, after
  // round 1 of 3). The VM keeps running at the source: no suspend, no pull, no downtime.
  // (Before, hybrid ignored the abort, pulled anyway and reported all pages received.)
  const r = simulateHybrid(traceVm(1000, [write(1.5, 0)]), { bandwidthBytesPerSecond: 1000 }, {
    seed: 1,
    preCopyRounds: 3,
    mechanisms: { controller: { completionTimeoutSecondsPerGiB: 1e5, timeoutAction: "abort" } },
  });
  assert.equal(r.stopReason, "aborted");
  assert.equal(r.converged, false);
  assert.equal(r.mechanisms!.aborted, true);
  assert.equal(r.downtimeSeconds, 0);
  assert.equal(r.totalSeconds, 8);
  assert.deepEqual(r.roundRows.map((row) => row.phase), ["push"]);
  assert.deepEqual(r.timeline.at(-1), { timeSeconds: 8, kind: "end", round: 0, host: "source" });
});

Deno.test("simulateHybrid() switched early by the controller's post-copy action reports when", () => {
  // The same timeout with the post-copy action: the push ends at 8 s instead of after 3
  // rounds; the state (1000 B at 1000 B/s) is the downtime, 8 to 9 s; page 0, dirtied
  // at 1.5 s, is then pulled (9 to 10 s). The switch is reported at 8 s (no setup).
  const r = simulateHybrid(traceVm(1000, [write(1.5, 0)]), { bandwidthBytesPerSecond: 1000 }, {
    seed: 1,
    preCopyRounds: 3,
    mechanisms: {
      controller: { completionTimeoutSecondsPerGiB: 1e5, timeoutAction: "post-copy" },
    },
  });
  assert.equal(r.mechanisms!.postCopySwitchSeconds, 8);
  assert.equal(r.downtimeSeconds, 1);
  assert.equal(r.stopReason, "all-pages-received");
  assert.deepEqual(r.roundRows.map((row) => row.phase), ["push", "stop-and-copy", "pull"]);
  assert.equal(r.totalSeconds, 10);
});

Deno.test("the stop-and-copy pays the zero-page scan, as every other batch does (review)", async (t) => {
  // 10 pages of 992 bytes + 8-byte header over 1000 B/s: 1 s a page; pages 5..9 zero:
  // 8 bytes (0.008 s) plus the 0.25 s scan each. Offline sends all 10 while paused:
  // 5 x 1 + 5 x 0.008 + 5 x 0.25 = 6.29 s of downtime and total. Before, the scan was
  // left out of the stop-and-copy (5.04 s) unless a mechanism was on.
  const vm: VmSpec = {
    pageCount: 10,
    pageSizeBytes: 992,
    stateBytes: 0,
    workload: { kind: "idle", zeroPages: { initialShare: 0.5 } },
  };
  const link = { bandwidthBytesPerSecond: 1000, pageOverheadBytes: 8, zeroPageSeconds: 0.25 };
  const { closedFormOffline } = await import("../../lib/migration/closed_form_offline.ts");
  const { simulateOffline } = await import("../../lib/migration/offline.ts");
  await t.step("offline, simulated and in closed form", () => {
    for (const r of [simulateOffline(vm, link, { seed: 1 }), closedFormOffline(vm, link)]) {
      assert.ok(Math.abs(r.downtimeSeconds - 6.29) < 1e-12, `${r.fidelity} ${r.downtimeSeconds}`);
      assert.ok(Math.abs(r.totalSeconds - 6.29) < 1e-12, `${r.fidelity} ${r.totalSeconds}`);
      assert.equal(r.bytesSent, 5040);
    }
  });
  await t.step("pre-copy's last round, with zero pages re-sent (zeroingWriteShare 1)", () => {
    // Pages 1 and 2 are written during round 1 (at 1.5 and 2.5 s) and zeroed. One round
    // only: round 1 sends the 10 pages (6.29 s), the stop-and-copy the two zeroed pages,
    // 2 x (0.008 + 0.25) = 0.516 s of downtime (0.016 s without the scan).
    const scripted: VmSpec = {
      ...vm,
      workload: {
        kind: "trace",
        durationSeconds: 100,
        accesses: [write(1.5, 1), write(2.5, 2)],
        zeroPages: { initialShare: 0.5, zeroingWriteShare: 1 },
      },
    };
    const r = simulatePreCopy(scripted, link, {
      seed: 1,
      stopRules: [{ kind: "max-rounds", rounds: 1 }],
    });
    const last = r.roundRows.at(-1)!;
    assert.equal(last.phase, "stop-and-copy");
    assert.deepEqual([last.pagesSent, last.zeroPagesSent], [2, 2]);
    assert.ok(Math.abs(r.downtimeSeconds - 0.516) < 1e-12, `${r.downtimeSeconds}`);
  });
  await t.step("closed-form pre-copy's last round: the scan of its expected zero pages", () => {
    // Uniform writes, every write zeroing its page: the stop-and-copy's expected zero pages
    // Z_n each add s = 0.25 s to the downtime; the live rounds see the same link either way
    // only if their scan is the same, so compare the last round's own time.
    const uniform: VmSpec = {
      pageCount: 1000,
      pageSizeBytes: 992,
      stateBytes: 0,
      workload: {
        kind: "uniform",
        writesPerSecond: 20,
        zeroPages: { initialShare: 0, zeroingWriteShare: 1 },
      },
    };
    const r = closedFormPreCopy(uniform, link);
    const last = r.roundRows.at(-1)!;
    assert.equal(last.phase, "stop-and-copy");
    assert.ok(last.zeroPagesSent! > 1, `${last.zeroPagesSent}`);
    const wire = last.bytesSent / link.bandwidthBytesPerSecond;
    assert.ok(
      Math.abs(r.downtimeSeconds - (wire + last.zeroPagesSent! * 0.25)) < 1e-9,
      `${r.downtimeSeconds} against ${wire} + ${last.zeroPagesSent} x 0.25`,
    );
  });
});

Deno.test("simulatePostCopy() with a latency of 1e12 s ends (review: the push's slot count passed 2^53 and looped)", () => {
  // One fault's round trip (2 latencies) dominates; the 1024 pages take 0.04 s of wire.
  const r = simulatePostCopy(
    {
      pageCount: 1024,
      pageSizeBytes: 4096,
      stateBytes: 0,
      workload: { kind: "uniform", writesPerSecond: 100, readsPerSecond: 100 },
    },
    { bandwidthBytesPerSecond: 1e8, latencySeconds: 1e12 },
    { seed: 1 },
  );
  assert.ok(Math.abs(r.totalSeconds / 2e12 - 1) < 1e-9, `${r.totalSeconds}`);
  assert.equal(r.pagesMissing, 0);
});

Deno.test("results whose seconds overflow are a RangeError naming the inputs, not a total of Infinity (review)", () => {
  const vm: VmSpec = {
    pageCount: 1000,
    pageSizeBytes: 4096,
    stateBytes: 10_000,
    workload: { kind: "uniform", writesPerSecond: 2000 },
  };
  const overflow = (action: string) =>
    new RegExp(
      `^Cannot ${action} as totalSeconds must be a finite number \\(overflow from vm\\.pageCount, .*options\\.resumeSeconds\\): current value is Infinity$`,
    );
  // 4096 bytes / 1e-310 B/s is Infinity seconds: offline returned a total of Infinity.
  assert.throws(
    () => simulateOffline(vm, { bandwidthBytesPerSecond: 1e-310 }, { seed: 1 }),
    { name: "RangeError", message: overflow("migrate") },
  );
  assert.throws(
    () => closedFormOffline(vm, { bandwidthBytesPerSecond: 1e-310 }),
    { name: "RangeError", message: overflow("compute a closed form") },
  );
  assert.throws(
    () => closedFormPreCopy(vm, { bandwidthBytesPerSecond: 1e-310 }),
    { name: "RangeError", message: overflow("compute a closed form") },
  );
  assert.throws(
    () => estimatePreCopy(vm, { bandwidthBytesPerSecond: 1e-310 }),
    { name: "RangeError", message: overflow("compute the pre-copy closed form") },
  );
  // State, 1000 pages and two latencies of 1e308 s: post-copy returned Infinity.
  assert.throws(
    () =>
      simulatePostCopy(vm, { bandwidthBytesPerSecond: 1e6, latencySeconds: 1e308 }, { seed: 1 }),
    { name: "RangeError", message: overflow("migrate") },
  );
  // 1e308 s of setup and 1e308 s of resume add up to Infinity.
  assert.throws(
    () =>
      simulatePreCopy(vm, { bandwidthBytesPerSecond: 1e6 }, {
        seed: 1,
        setupSeconds: 1e308,
        resumeSeconds: 1e308,
      }),
    { name: "RangeError", message: overflow("migrate") },
  );
  // One latency of 1e308 s stays finite, and runs.
  const r = simulateOffline(vm, { bandwidthBytesPerSecond: 1e6, latencySeconds: 1e308 }, {
    seed: 1,
  });
  assert.equal(r.totalSeconds, 1e308);
});

Deno.test("a push whose seconds overflow is an error naming the VM's and link's fields, not the sampler's (review)", () => {
  // Hybrid said "case.liveSecondsBound", pre-copy "pageCount, wirePageBytes and
  // liveBytesPerSecond": names the caller never wrote.
  const vm: VmSpec = {
    pageCount: 1000,
    pageSizeBytes: 4096,
    stateBytes: 0,
    workload: { kind: "uniform", writesPerSecond: 2000 },
  };
  const message =
    /^Cannot migrate as the push phase's seconds bound must be a finite number \(overflow from vm\.pageCount, vm\.pageSizeBytes, link\.pageOverheadBytes, link\.bandwidthBytesPerSecond and link\.maxBandwidthBytesPerSecond\): current value is Infinity$/;
  const link = { bandwidthBytesPerSecond: 1e-310 };
  assert.throws(() => simulateHybrid(vm, link, { seed: 1 }), { name: "RangeError", message });
  assert.throws(() => simulatePreCopy(vm, link, { seed: 1 }), { name: "RangeError", message });
});
