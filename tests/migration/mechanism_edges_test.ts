/**
 * Edges of the samplers and the message-level mechanisms that a mutation review
 * found unpinned: each test works its expected values by hand (the arithmetic is in
 * the comments) on a tiny instance, or from the option's documented range or default.
 */
import assert from "node:assert/strict";
import { mechanismLink } from "../../lib/migration/_mechanism_link.ts";
import { MechanismState } from "../../lib/migration/_mechanism_state.ts";
import { pullPhase } from "../../lib/migration/_pull.ts";
import { XEN_STOP_RULES } from "../../lib/migration/stop_rules.ts";
import {
  chooseSampler,
  closedFormPreCopy,
  type ControllerOptions,
  countsInexactReason,
  createBitset,
  createLink,
  KUBEVIRT_CONTROLLER,
  MECHANISM_DEFAULTS,
  type MigrationResult,
  NOVA_CONTROLLER,
  perPageInexactReason,
  PRESETS,
  resolveMechanisms,
  simulatePreCopy,
  type VmSpec,
  type Workload,
} from "../../mod.ts";

const GIB = 1024 ** 3;

/** A plain pre-copy case where counts are exact (see `sampler_test.ts`). */
const CASE = {
  technique: "pre-copy",
  pageCount: 1000,
  checked: false,
  maxWrites: 1e9,
  liveSecondsBound: 10,
  workload: { kind: "uniform" as const, writesPerSecond: 100 },
  preset: PRESETS.default,
};

Deno.test("sampler: SimGrid's stages read no writes, so a write cap never excludes counts", () => {
  // 100 writes/s over a 10 s bound is 1000 expected writes, far above a cap of 10:
  // under the default preset the cap can bind, under SimGrid's byte-level stages
  // (which never count writes) it cannot.
  const capped = { ...CASE, maxWrites: 10 };
  assert.match(countsInexactReason(capped)!, /options.maxWrites \(10\) can bind/);
  const simgrid = { ...capped, preset: PRESETS.simgrid };
  assert.equal(countsInexactReason(simgrid), undefined);
  assert.equal(chooseSampler("counts", simgrid), "counts");
});

Deno.test("sampler: a cap equal to the writes of the longest push is reached, not passed", () => {
  // 100 writes/s x 10 s = 1000 = the cap: the bound never passes it; one write
  // less and it does.
  assert.equal(countsInexactReason({ ...CASE, maxWrites: 1000 }), undefined);
  assert.match(countsInexactReason({ ...CASE, maxWrites: 999 })!, /can bind/);
});

Deno.test("sampler: the access cap keeps the documented 1e-30 margin on a small mean", () => {
  // One write a second over 1 s of execution: Poisson(1) accesses. The cap of 20 is
  // passed with probability P(N >= 21) = sum_{k>=21} e^-1 / k!, far above 1e-30, so
  // it can bind (12 standard deviations of the mean alone, 1 + 12 = 13, are not a
  // margin at this size).
  let tail = 0;
  let term = Math.exp(-1); // e^-1 / 0!
  for (let k = 1; k <= 60; k++) {
    term /= k;
    if (k >= 21) tail += term;
  }
  assert.ok(tail > 1e-30, `${tail}`);
  const c = {
    ...CASE,
    technique: "post-copy",
    maxWrites: undefined,
    workload: { kind: "uniform" as const, writesPerSecond: 1 },
    pull: { maxEvents: 20, execSecondsBound: 1 },
  };
  assert.match(perPageInexactReason(c)!, /options.maxEvents \(20\) can bind/);
  // With 1000 events allowed the tail is below 1e-30: no reason.
  assert.equal(
    perPageInexactReason({ ...c, pull: { maxEvents: 1000, execSecondsBound: 1 } }),
    undefined,
  );
});

Deno.test("sampler: the case is checked (pages >= 1, live-seconds bound >= 0)", () => {
  assert.throws(() => chooseSampler("auto", { ...CASE, pageCount: 0 }), /case.pageCount/);
  assert.throws(
    () => chooseSampler("auto", { ...CASE, liveSecondsBound: -1 }),
    /case.liveSecondsBound/,
  );
  assert.throws(
    () => countsInexactReason({ ...CASE, liveSecondsBound: -1 }),
    /case.liveSecondsBound/,
  );
});

Deno.test("resolveMechanisms(): the documented ranges are enforced", () => {
  const bad: [unknown, RegExp][] = [
    // QEMU's cpu-throttle-initial is 1..99: 100 would stop the guest.
    [{ autoConverge: { initialPercent: 100 } }, /autoConverge.initialPercent/],
    [{ autoConverge: { triggerThresholdPercent: 101 } }, /triggerThresholdPercent/],
    [{ autoConverge: { triggerThresholdPercent: -1 } }, /triggerThresholdPercent/],
    // At least one pass before a switch; a stall is a positive span.
    [{ postCopySwitch: { afterPasses: 0 } }, /postCopySwitch.afterPasses/],
    [{ postCopySwitch: { stallSeconds: 0 } }, /postCopySwitch.stallSeconds/],
    // Compression ratio in (0, 1].
    [
      { compression: { algorithm: "zlib", ratio: 1.5, bytesPerSecondPerCore: 1e9 } },
      /compression.ratio/,
    ],
    [{ controller: { completionTimeoutSecondsPerGiB: 0 } }, /completionTimeoutSecondsPerGiB/],
    [{ controller: { completionTimeoutSecondsPerGiB: -5 } }, /completionTimeoutSecondsPerGiB/],
    // Dirty logging loses a fraction in [0, 1) of the guest's time.
    [{ dirtyLogging: { slowdownFraction: 1 } }, /dirtyLogging.slowdownFraction/],
    [
      {
        multifd: { packets: { pages: 128, headerBytes: -1, countsUncompressedBytes: true } },
      },
      /packets.headerBytes/,
    ],
  ];
  for (const [m, re] of bad) {
    assert.throws(() => resolveMechanisms(m as never, GIB), re, JSON.stringify(m));
  }
});

Deno.test("resolveMechanisms(): defaults and precedence as documented", () => {
  // The default 64 MiB cache is cut to a 1 MiB memory ("at most the memory").
  assert.equal(resolveMechanisms({ xbzrle: true }, 2 ** 20)!.xbzrle!.cacheBytes, 2 ** 20);
  // An explicit changedBytesPerWrite wins over the workload's, which wins over 64.
  assert.equal(
    resolveMechanisms({ xbzrle: { changedBytesPerWrite: 100 } }, GIB, 16)!.xbzrle!
      .changedBytesPerWrite,
    100,
  );
  assert.equal(resolveMechanisms({ xbzrle: true }, GIB, 16)!.xbzrle!.changedBytesPerWrite, 16);
  assert.equal(resolveMechanisms({ xbzrle: true }, GIB)!.xbzrle!.changedBytesPerWrite, 64);
  // The timeout action defaults to "abort" (Nova's live_migration_timeout_action).
  assert.equal(
    resolveMechanisms({ controller: { completionTimeoutSecondsPerGiB: 1 } }, GIB)!.controller!
      .timeoutAction,
    "abort",
  );
});

/** Two syncs with the dirtied bytes above the sent ones: the trigger fires. */
function trigger(s: MechanismState): void {
  s.sync(1, 1e6, 1, 10);
  s.sync(2, 1e6, 1, 10);
}

Deno.test("MechanismState: dirty logging and the throttle compound", () => {
  // Dirty logging takes half the guest's time, a 20 % throttle a fifth of the rest:
  // the guest runs 0.5 x 0.8 = 0.4 of the time.
  const m = resolveMechanisms({
    dirtyLogging: { slowdownFraction: 0.5 },
    autoConverge: true,
  }, GIB)!;
  const s = new MechanismState(m, 256, 4096, 100);
  trigger(s);
  assert.equal(s.throttlePercent, 20);
  assert.ok(Math.abs(s.exec(0, 10) - 4) < 1e-12); // 10 s x 0.4
  assert.ok(Math.abs(s.report.guestSlowdownSeconds - 6) < 1e-12); // 10 s x 0.6
  // A guest that catches up makes up the throttle's time, not dirty logging's:
  // its writes advance 10 x 0.5 = 5 s; the slowdown is still 6 s.
  const c = resolveMechanisms({
    dirtyLogging: { slowdownFraction: 0.5 },
    autoConverge: { guestCatchesUp: true },
  }, GIB)!;
  const u = new MechanismState(c, 256, 4096, 100);
  trigger(u);
  assert.ok(Math.abs(u.exec(0, 10) - 5) < 1e-12);
  assert.ok(Math.abs(u.report.guestSlowdownSeconds - 6) < 1e-12);
});

Deno.test("MechanismState: dirty-limit caps the dirty rate the guest actually has", () => {
  // 4000 writes/s of 1000-byte pages, dirty logging halves the guest: it dirties
  // 2e6 B/s. A 1e6 B/s limit halves it again: it runs 0.25 of the time, dirtying
  // 4000 x 0.25 x 1000 = 1e6 B/s, the limit exactly.
  const m = resolveMechanisms({
    dirtyLogging: { slowdownFraction: 0.5 },
    dirtyLimit: { vcpuDirtyLimitBytesPerSecond: 1e6 },
  }, GIB)!;
  const s = new MechanismState(m, 256, 1000, 4000);
  trigger(s);
  assert.equal(s.dirtyLimited, true);
  assert.ok(Math.abs(s.exec(0, 4) - 1) < 1e-12);
  assert.deepEqual(s.report.slowdown, [
    { startSeconds: 0, endSeconds: 4, runFraction: 0.25, cause: "dirty-limit" },
  ]);
  // At 2000 writes/s the halved guest dirties 1e6 B/s, the limit itself: it binds
  // no further (min(1, 1e6 / 1e6) = 1), so the slowdown is dirty logging's.
  const t = new MechanismState(m, 256, 1000, 2000);
  trigger(t);
  assert.equal(t.exec(0, 4), 2);
  assert.deepEqual(t.report.slowdown, [
    { startSeconds: 0, endSeconds: 4, runFraction: 0.5, cause: "dirty-logging" },
  ]);
});

Deno.test("MechanismState: slowdown intervals are non-empty and merge only when adjacent", () => {
  const m = resolveMechanisms({ dirtyLogging: { slowdownFraction: 0.5 } }, GIB)!;
  const s = new MechanismState(m, 256, 4096, 100);
  assert.equal(s.exec(3, 0), 0);
  assert.deepEqual(s.report.slowdown, []); // nothing ran
  s.exec(0, 1);
  s.exec(1, 1); // adjacent: merged into [0, 2]
  s.exec(5, 1); // a gap: a new interval
  assert.deepEqual(s.report.slowdown, [
    { startSeconds: 0, endSeconds: 2, runFraction: 0.5, cause: "dirty-logging" },
    { startSeconds: 5, endSeconds: 6, runFraction: 0.5, cause: "dirty-logging" },
  ]);
  assert.equal(s.report.guestSlowdownSeconds, 1.5); // 3 s at half speed
});

Deno.test("MechanismState: the post-copy switch triggers at its thresholds, inclusive", () => {
  const at = (o: object) =>
    new MechanismState(resolveMechanisms({ postCopySwitch: o }, GIB)!, 256, 4096, 0);
  // afterSeconds 5: a sync at t = 5 has had 5 s of push.
  const a = at({ afterSeconds: 5 });
  assert.equal(a.sync(4.5, 0, 1, 10), undefined);
  assert.equal(a.sync(5, 0, 1, 10), "post-copy");
  // stallSeconds 5: 10 pages left at t = 0 is the minimum; equal counts at 3 and 5
  // are no new minimum, so at t = 5 the minimum is 5 s old.
  const s = at({ stallSeconds: 5 });
  assert.equal(s.sync(0, 0, 1, 10), undefined);
  assert.equal(s.sync(3, 0, 1, 10), undefined);
  assert.equal(s.sync(5, 0, 1, 10), "post-copy");
  // A new minimum restarts the clock.
  const r = at({ stallSeconds: 5 });
  assert.equal(r.sync(0, 0, 1, 10), undefined);
  assert.equal(r.sync(3, 0, 1, 9), undefined);
  assert.equal(r.sync(7, 0, 1, 9), undefined); // 4 s since the minimum
  assert.equal(r.sync(8, 0, 1, 9), "post-copy");
});

Deno.test("MechanismState: Nova's downtime steps (int delay, all steps at once without delay)", () => {
  // Nova's downtime_steps: delay = int(delaySecondsPerGiB x data_gb) with data_gb at
  // least 2; base = max / steps; offset = (max - base) / steps; step i at i x delay.
  const state = (delaySecondsPerGiB: number) =>
    new MechanismState(
      resolveMechanisms({
        controller: { downtimeSteps: { maxSeconds: 0.4, steps: 4, delaySecondsPerGiB } },
      }, GIB)!,
      256,
      4096,
      0,
    );
  // 1 MiB of memory counts as 2 GiB: delay = int(0.75 x 2) = 1 s. base 0.1, offset
  // 0.075: at t = 1.2 step 1 (0.175), at t = 2.5 step 2 (0.25), from t = 4 step 4 (0.4).
  const s = state(0.75);
  assert.ok(Math.abs(s.downtimeLimit(0.5, 9) - 0.1) < 1e-12);
  assert.ok(Math.abs(s.downtimeLimit(1.2, 9) - 0.175) < 1e-12);
  assert.ok(Math.abs(s.downtimeLimit(2.5, 9) - 0.25) < 1e-12);
  assert.ok(Math.abs(s.downtimeLimit(100, 9) - 0.4) < 1e-12);
  // A step holds once its time has passed (Nova's `elapsed > step[0]`): at t = 2 exactly,
  // still step 1.
  assert.ok(Math.abs(s.downtimeLimit(2, 9) - 0.175) < 1e-12);
  // No delay: every step's time is 0, the last one (the maximum) holds once any time
  // has passed; at t = 0 none has, and the preset's limit holds.
  assert.ok(Math.abs(state(0).downtimeLimit(1e-9, 9) - 0.4) < 1e-12);
  assert.equal(state(0).downtimeLimit(0, 9), 9);
});

Deno.test("MechanismState: Nova triggers the completion timeout only once it has passed", () => {
  // Nova's should_trigger_timeout_action (nova/virt/libvirt/migration.py) tests
  // `elapsed > completion_timeout`: a sync at exactly the timeout goes on (it aborted
  // there before).
  const m = resolveMechanisms({ controller: { completionTimeoutSecondsPerGiB: 10 } }, GIB)!;
  const s = new MechanismState(m, GIB / 4096, 4096, 0); // 1 GiB: timeout 10 s
  assert.equal(s.sync(10, 0, 1, 10), undefined);
  assert.equal(s.sync(10.5, 0, 1, 10), "aborted");
});

Deno.test("MechanismState: an XBZRLE delta exactly a page long is no overflow", () => {
  // QEMU's xbzrle_encode_buffer fails only when the encoding would pass the page
  // size (its output buffer). 64 writes of 62 changed bytes and 2 encoding bytes
  // encode to 64 x 62 + 64 x 2 = 4096 bytes: a delta of 4096 + 3 header bytes.
  const m = resolveMechanisms({
    xbzrle: { changedBytesPerWrite: 62, encodingBytesPerWrite: 2 },
  }, 2 ** 20)!;
  const s = new MechanismState(m, 256, 4096, 0);
  const link = createLink({ bandwidthBytesPerSecond: 4096 }, 4096);
  const page0 = createBitset(256);
  page0.set(0);
  const miss = s.sendLive(link, page0, 1, 2, 0, undefined, 64); // pass 2 caches page 0
  assert.equal(miss.bytes, 4096);
  const hit = s.sendLive(link, page0, 1, 3, 1, undefined, 64);
  assert.equal(hit.bytes, 4099);
  assert.deepEqual(s.report.xbzrle, {
    cacheHits: 1,
    cacheMisses: 1,
    overflows: 0,
    deltaBytes: 4099,
  });
});

Deno.test("MechanismState: XBZRLE delta size and the last stage after one pass", () => {
  // A delta of w writes: min(page, changed x w) changed bytes plus encoding x w.
  const m = resolveMechanisms({ xbzrle: true }, 2 ** 20)!; // 64 changed, 2 encoding
  const s = new MechanismState(m, 256, 4096, 0);
  assert.equal(s.deltaEncodedBytes(10), 10 * 64 + 10 * 2); // 660
  assert.equal(s.deltaEncodedBytes(100), 4096 + 100 * 2); // the page is all changed
  // After one pass XBZRLE has started (QEMU's xbzrle_started), so the stop-and-copy
  // looks every page up: an empty cache misses both pages, which go whole.
  const link = createLink({ bandwidthBytesPerSecond: 4096 }, 4096);
  const two = createBitset(256);
  two.set(0);
  two.set(1);
  s.sendLive(link, two, 2, 1, 0, undefined, 1); // pass 1: no cache use
  assert.deepEqual(s.report.xbzrle, { cacheHits: 0, cacheMisses: 0, overflows: 0, deltaBytes: 0 });
  const final = s.sendFinal(link, two, 2, 2, undefined);
  assert.equal(final.bytes, 2 * 4096);
  assert.deepEqual(s.report.xbzrle, { cacheHits: 0, cacheMisses: 2, overflows: 0, deltaBytes: 0 });
});

Deno.test("mechanismLink(): the cipher reads the compressed wire bytes; channels add CPU rate", () => {
  // 4096-byte pages compressed to half (2048 wire bytes) at 4.096e6 B/s per core,
  // encrypted at 2.048e6 B/s: per page 1 ms compressing and 1 ms encrypting.
  const report = { cpuSeconds: 0, cipherCpuSeconds: 0 };
  const m = resolveMechanisms({
    compression: { algorithm: "zlib", ratio: 0.5, bytesPerSecondPerCore: 4.096e6 },
    secureTransport: { cipherBytesPerSecondPerCore: 2.048e6, handshakeSeconds: 0 },
  }, GIB)!;
  const link = mechanismLink(createLink({ bandwidthBytesPerSecond: 1e9 }, 4096), 4096, m, report);
  assert.equal(link.pageWireBytes, 2048);
  const batch = link.sendCounted("live", 10, 0);
  assert.equal(batch.bytes, 20480);
  assert.ok(Math.abs(report.cpuSeconds - 0.02) < 1e-12); // 10 x 2 ms
  assert.ok(Math.abs(report.cipherCpuSeconds - 0.01) < 1e-12); // 10 x 1 ms
  assert.ok(Math.abs(batch.seconds - 0.02) < 1e-12); // one channel: the CPU binds
  // Two multifd channels packing 1e6 B/s each: 1000-byte pages take 1 ms of a core,
  // so the channels send 2 x 1000 B / 1 ms = 2e6 B/s, under the 1e9 B/s link.
  const two = mechanismLink(
    createLink({ bandwidthBytesPerSecond: 1e9 }, 1000),
    1000,
    resolveMechanisms({ multifd: { channels: 2, packBytesPerSecondPerChannel: 1e6 } }, GIB)!,
    { cpuSeconds: 0, cipherCpuSeconds: 0 },
  );
  assert.ok(Math.abs(two.bytesPerSecond("live") - 2e6) < 1e-6);
});

Deno.test("mechanismLink(): messages are encrypted; latency is per message only by convention", () => {
  const report = { cpuSeconds: 0, cipherCpuSeconds: 0 };
  const secure = resolveMechanisms({
    secureTransport: { cipherBytesPerSecondPerCore: 2.048e6, handshakeSeconds: 0 },
  }, GIB)!;
  const link = mechanismLink(
    createLink({ bandwidthBytesPerSecond: 1e9 }, 4096),
    4096,
    secure,
    report,
  );
  // 2048 state bytes: 1 ms of cipher, counted as CPU and as cipher CPU.
  assert.ok(Math.abs(link.sendMessage("stop-and-copy", 2048) - 1e-3) < 1e-12);
  assert.ok(Math.abs(report.cpuSeconds - 1e-3) < 1e-12);
  assert.ok(Math.abs(report.cipherCpuSeconds - 1e-3) < 1e-12);
  // One channel packing 1e6 B/s, 1000-byte pages, latency 0.5 s: 10 pages take 10 ms
  // of CPU and 1e-5 s of wire. Under "final-arrival" the batch lasts 10 ms; under
  // "per-message" it waits the latency too: 10 ms + 0.5 s.
  const mf = resolveMechanisms(
    { multifd: { channels: 1, packBytesPerSecondPerChannel: 1e6 } },
    GIB,
  )!;
  const spec = { bandwidthBytesPerSecond: 1e9, latencySeconds: 0.5 };
  const seconds = (latencyConvention: "final-arrival" | "per-message") =>
    mechanismLink(createLink(spec, 1000, { latencyConvention }), 1000, mf, {
      cpuSeconds: 0,
      cipherCpuSeconds: 0,
    }).sendCounted("live", 10, 0).seconds;
  assert.ok(Math.abs(seconds("final-arrival") - 0.01) < 1e-12);
  assert.ok(Math.abs(seconds("per-message") - 0.51) < 1e-12);
});

Deno.test("mechanismLink(): zero pages cost no cipher CPU (cipher CPU is part of the CPU)", () => {
  // Only a cipher: every CPU second is a cipher second. 10 pages of which 4 are zero
  // pages (detected, sent as headers): 6 x 4096 B / 4.096e6 B/s = 6 ms.
  const report = { cpuSeconds: 0, cipherCpuSeconds: 0 };
  const m = resolveMechanisms({
    secureTransport: { cipherBytesPerSecondPerCore: 4.096e6, handshakeSeconds: 0 },
  }, GIB)!;
  const link = mechanismLink(createLink({ bandwidthBytesPerSecond: 1e9 }, 4096), 4096, m, report);
  link.sendCounted("live", 10, 4);
  assert.ok(Math.abs(report.cpuSeconds - 6e-3) < 1e-12);
  assert.ok(Math.abs(report.cipherCpuSeconds - 6e-3) < 1e-12);
});

Deno.test("mechanismLink(): bytes already sent travel as one message at the cipher's pace", () => {
  // 2048 bytes over a 1e9 B/s link take 2.048 us of wire but 1 ms of a 2.048e6 B/s cipher.
  const m = resolveMechanisms({
    secureTransport: { cipherBytesPerSecondPerCore: 2.048e6, handshakeSeconds: 0 },
  }, GIB)!;
  const link = mechanismLink(createLink({ bandwidthBytesPerSecond: 1e9 }, 4096), 4096, m, {
    cpuSeconds: 0,
    cipherCpuSeconds: 0,
  });
  assert.ok(Math.abs(link.transferSeconds("stop-and-copy", 2048) - 1e-3) < 1e-12);
});

Deno.test("mechanismLink(): a zero page still costs the sender's scan (LinkSpec.zeroPageSeconds)", () => {
  // The plain link adds the scan to a batch: 10 zero pages of 1 ms each, 10 ms. Wrapped by
  // multifd, compression or a secure transport, the scan was dropped (the link had no
  // zeroPageSeconds, so qemuPush and the pull read 0 too). The migration thread finds zero
  // pages before the channels get theirs, so the scan adds to the batch, as on the plain
  // link, whatever the channels.
  const inner = createLink({ bandwidthBytesPerSecond: 1e9, zeroPageSeconds: 1e-3 }, 4096);
  assert.ok(Math.abs(inner.sendCounted("live", 10, 10).seconds - 0.01) < 1e-9);
  for (const mechanisms of [{ multifd: { channels: 1 } }, { multifd: { channels: 4 } }]) {
    const m = resolveMechanisms(mechanisms, GIB)!;
    const link = mechanismLink(inner, 4096, m, { cpuSeconds: 0, cipherCpuSeconds: 0 });
    assert.equal(link.zeroPageSeconds, 1e-3);
    // Zero pages cost no channel CPU: the batch is the same wire time for the same header
    // bytes, plus 10 ms of scan.
    const plain = inner.sendCounted("live", 10, 10);
    const batch = link.sendCounted("live", 10, 10);
    assert.equal(batch.bytes, plain.bytes);
    assert.ok(
      Math.abs(batch.seconds - plain.seconds) < 1e-15,
      `${batch.seconds} vs ${plain.seconds}`,
    );
  }
});

Deno.test("createLink(): a cap equal to the bandwidth does not limit; transferSeconds pays latency per message", () => {
  // "Whether the cap is below the bandwidth": equal is not below.
  assert.equal(
    createLink({ bandwidthBytesPerSecond: 1e6, maxBandwidthBytesPerSecond: 1e6 }, 4096).liveCapped,
    false,
  );
  assert.equal(
    createLink({ bandwidthBytesPerSecond: 1e6, maxBandwidthBytesPerSecond: 5e5 }, 4096).liveCapped,
    true,
  );
  // 1000 bytes at 1000 B/s, latency 0.5 s: 1 s, or 1.5 s when every message pays it.
  const spec = { bandwidthBytesPerSecond: 1000, latencySeconds: 0.5 };
  assert.equal(createLink(spec, 100).transferSeconds("live", 1000), 1);
  assert.equal(
    createLink(spec, 100, { latencyConvention: "per-message" }).transferSeconds("live", 1000),
    1.5,
  );
});

Deno.test("createLink(): the cap binds every phase by default; a negative zero-page payload is refused", () => {
  const link = createLink({ bandwidthBytesPerSecond: 1e6, maxBandwidthBytesPerSecond: 5e5 }, 4096);
  // @default "all-phases": the stop-and-copy and the pull are capped too.
  assert.equal(link.bytesPerSecond("stop-and-copy"), 5e5);
  assert.equal(link.bytesPerSecond("pull"), 5e5);
  assert.throws(
    () => createLink({ bandwidthBytesPerSecond: 1e6 }, 4096, { zeroPagePayloadBytes: -1 }),
    /settings.zeroPagePayloadBytes/,
  );
});

Deno.test("controller steps: the predicted downtime includes the link's latency", () => {
  // 8 idle pages of 1000 bytes at 1000 B/s: one 8 s round leaves nothing dirty; the
  // stop-and-copy is the 100-byte state, 0.1 s, plus the 0.5 s latency: 0.6 s.
  const vm = {
    pageCount: 8,
    pageSizeBytes: 1000,
    stateBytes: 100,
    workload: { kind: "idle" as const },
  };
  const run = (maxSeconds: number) =>
    simulatePreCopy(vm, { bandwidthBytesPerSecond: 1000, latencySeconds: 0.5 }, {
      seed: 1,
      mechanisms: {
        controller: { downtimeSteps: { maxSeconds, steps: 1, delaySecondsPerGiB: 0 } },
      },
    });
  // A 0.4 s step is below 0.6 s: the controller does not stop it (the preset's own
  // rule on dirty pages does); a 0.6 s step admits it.
  const short = run(0.4);
  assert.equal(short.stopReason, "dirty-pages-below");
  assert.equal(short.downtimeSeconds, 0.6);
  const enough = run(0.6);
  assert.equal(enough.stopReason, "max-downtime");
  assert.equal(enough.downtimeSeconds, 0.6);
});

/** A trace of writes at the given execution times (replayed every 100 s). */
function writesAt(list: [number, number][]) {
  return {
    kind: "trace" as const,
    durationSeconds: 100,
    accesses: list.map(([timeSeconds, page]) => ({ timeSeconds, page, write: true })),
  };
}

Deno.test("pushRounds(): mechanisms are refused with Xen's within-round skip", () => {
  const vm = {
    pageCount: 8,
    pageSizeBytes: 1000,
    stateBytes: 0,
    workload: { kind: "idle" as const },
  };
  assert.throws(
    () =>
      simulatePreCopy(vm, { bandwidthBytesPerSecond: 1000 }, {
        seed: 1,
        preset: "xen-legacy",
        mechanisms: { dirtyLogging: { slowdownFraction: 0.1 } },
      }),
    /options.mechanisms is not modelled with preset "xen-legacy"/,
  );
});

Deno.test("pushRounds(): XBZRLE sizes a delta by the writes per page dirtied, not per page sent", () => {
  // 4 pages of 4096 bytes at 4096 B/s: a page a second. Round 1 [0, 4] writes page 0
  // three times; round 2 [4, 5] sends page 0 (pass 2: a miss, now cached) while
  // pages 0 and 1 are written once each: 2 writes / 2 pages dirtied = 1 write per page
  // (2 per page sent). Round 3 sends page 1 whole (a miss) and page 0 as a delta of one
  // write: 64 changed + 2 encoding + 3 header bytes = 69, so 4096 + 69 = 4165 bytes,
  // lasting 1 + 69 / 4096 s. Nothing is written after: the stop-and-copy is empty.
  const vm = {
    pageCount: 4,
    pageSizeBytes: 4096,
    stateBytes: 0,
    workload: writesAt([[0.5, 0], [1, 0], [1.5, 0], [4.25, 0], [4.5, 1]]),
  };
  const r = simulatePreCopy(vm, { bandwidthBytesPerSecond: 4096 }, {
    seed: 1,
    mechanisms: { xbzrle: true },
  });
  assert.deepEqual(
    r.roundRows.map((x) => [x.phase, x.pagesSent, x.bytesSent, x.endSeconds]),
    [
      ["push", 4, 16384, 4],
      ["push", 1, 4096, 5],
      ["push", 2, 4165, 6 + 69 / 4096],
      ["stop-and-copy", 0, 0, 6 + 69 / 4096],
    ],
  );
  assert.deepEqual(r.mechanisms!.xbzrle, {
    cacheHits: 1,
    cacheMisses: 2,
    overflows: 0,
    deltaBytes: 69,
  });
});

Deno.test("qemuPush(): an empty bitmap before the first window closes goes straight to completion", () => {
  // QEMU's migration_iteration_run completes when the pending estimate is 0, without
  // an exact sync (0 < threshold 0 is false). 8 pages of 1000 bytes at 1e6 B/s leave
  // in one 8 ms step (the 50 ms step's budget is 50000 bytes); page 0 is written at
  // 1 ms. The window (100 ms) has not closed: completion syncs and sends page 0 in
  // the stop-and-copy, 1 ms.
  const vm = { pageCount: 8, pageSizeBytes: 1000, stateBytes: 0, workload: writesAt([[0.001, 0]]) };
  const r = simulatePreCopy(vm, { bandwidthBytesPerSecond: 1e6 }, { seed: 1, preset: "qemu" });
  assert.equal(r.stopReason, "max-downtime");
  assert.deepEqual(
    r.roundRows.map((x) => [x.phase, x.pagesSent, x.bytesSent, x.pagesDirtied]),
    [["push", 8, 8000, 1], ["stop-and-copy", 1, 1000, 0]],
  );
  assert.ok(Math.abs(r.roundRows[0]!.endSeconds - 0.008) < 1e-12);
  assert.ok(Math.abs(r.downtimeSeconds - 0.001) < 1e-12);
});

/** Rows as [phase, pages, bytes, start, end, pages dirtied], times to 1e-9. */
function rowsOf(r: MigrationResult): (string | number)[][] {
  const t = (x: number) => Math.round(x * 1e9) / 1e9;
  return r.roundRows.map((
    x,
  ) => [x.phase, x.pagesSent, x.bytesSent, t(x.startSeconds), t(x.endSeconds), x.pagesDirtied]);
}

/** QEMU's preset with another downtime limit, and a round (bitmap sync) cap if given. */
function qemuWith(limit: number, rounds?: number) {
  const stopRules = [{ kind: "max-downtime" as const, seconds: limit }];
  return {
    ...PRESETS.qemu,
    name: "qemu-test",
    stopRules: rounds === undefined
      ? stopRules
      : [...stopRules, { kind: "max-rounds" as const, rounds }],
  };
}

Deno.test("qemuPush(): pending equal to the threshold is not below it; the sync cap stops", () => {
  // 40 pages of 1000 bytes at 1e5 B/s, no cap: a 50 ms step sends 5 pages. At t = 0.1
  // the first window closes: threshold = 10000 B / 0.1 s x 0.3 s = 30000 B; pending
  // 30 pages = 30000 B is not below it. At 0.15 pending 25 < 30: sync; pages 0-4,
  // sent in the first step and written at 0.06-0.11, come back: 30 again, not below,
  // so the pass goes on (5 pages to 0.2). At 0.2 the window gives 30000 B again; 25
  // pending, none written since: completion, 25 pages (0.25 s) in the stop-and-copy.
  const vm = {
    pageCount: 40,
    pageSizeBytes: 1000,
    stateBytes: 0,
    workload: writesAt([[0.06, 0], [0.07, 1], [0.08, 2], [0.09, 3], [0.11, 4]]),
  };
  const link = { bandwidthBytesPerSecond: 1e5 };
  const r = simulatePreCopy(vm, link, { seed: 1, preset: "qemu" });
  assert.equal(r.stopReason, "max-downtime");
  assert.deepEqual(rowsOf(r), [
    ["push", 15, 15000, 0, 0.15, 5],
    ["push", 5, 5000, 0.15, 0.2, 0],
    ["stop-and-copy", 25, 25000, 0.2, 0.45, 0],
  ]);
  // A cap of one sync: the first sync (at 0.15, 30 pending) is the last; they all go
  // in the stop-and-copy.
  const one = simulatePreCopy(vm, link, { seed: 1, preset: qemuWith(0.3, 1) });
  assert.equal(one.stopReason, "max-rounds");
  assert.deepEqual(rowsOf(one), [
    ["push", 15, 15000, 0, 0.15, 5],
    ["push", 0, 0, 0.15, 0.15, 0],
    ["stop-and-copy", 30, 30000, 0.15, 0.45, 0],
  ]);
});

Deno.test("qemuPush(): under max-bandwidth a step bursts at the link rate, then sleeps to the window's end", () => {
  // 16 pages of 1000 bytes; link 1e6 B/s capped at 1e5 B/s (live only, QEMU lifts it
  // for the completion); window 100 ms, so 10000 B a window; limit 50 ms: threshold
  // 1e5 x 0.05 = 5000 B. Pages 0-7 are written at 0.01-0.08 (after they left).
  // - [0, 0.01): pages 0-9 burst at 1e6 B/s; the budget is spent: sleep to 0.1.
  // - 0.1: threshold 5000; 6 pending (6000 B) is not below: pages 10-15 (6000 B, under
  //   the 10000 B budget, no sleep) to 0.106.
  // - 0.106: 0 pending: sync, pages 0-7 come back (8000 B, not below): a new row. The
  //   window has 10000 - 6000 = 4000 B left: pages 0-3 to 0.110, then sleep to 0.2.
  // - 0.2: threshold 10000 B / 0.1 s x 0.05 = 5000; 4 pending: sync, nothing new:
  //   completion, pages 4-7 at 1e6 B/s: 4 ms.
  const vm = {
    pageCount: 16,
    pageSizeBytes: 1000,
    stateBytes: 0,
    workload: writesAt([
      [0.01, 0],
      [0.02, 1],
      [0.03, 2],
      [0.04, 3],
      [0.05, 4],
      [0.06, 5],
      [0.07, 6],
      [0.08, 7],
    ]),
  };
  const r = simulatePreCopy(vm, { bandwidthBytesPerSecond: 1e6, maxBandwidthBytesPerSecond: 1e5 }, {
    seed: 1,
    preset: qemuWith(0.05),
  });
  assert.equal(r.stopReason, "max-downtime");
  assert.deepEqual(rowsOf(r), [
    ["push", 16, 16000, 0, 0.106, 8],
    ["push", 4, 4000, 0.106, 0.2, 0],
    ["stop-and-copy", 4, 4000, 0.2, 0.204, 0],
  ]);
});

Deno.test("qemuPush(): finding a zero page costs the scan (zeroPageSeconds)", () => {
  // 8 zero pages: 1 byte each on the wire (QEMU's one-byte payload), 10 ms of scan
  // each: steps of 5 and 3 pages, 8 B / 1e5 B/s + 8 x 0.01 s = 0.08008 s.
  const vm = {
    pageCount: 8,
    pageSizeBytes: 1000,
    stateBytes: 0,
    workload: { kind: "idle" as const, zeroPages: { initialShare: 1 } },
  };
  const r = simulatePreCopy(vm, { bandwidthBytesPerSecond: 1e5, zeroPageSeconds: 0.01 }, {
    seed: 1,
    preset: "qemu",
  });
  assert.deepEqual(rowsOf(r), [
    ["push", 8, 8, 0, 0.08008, 0],
    ["stop-and-copy", 0, 0, 0.08008, 0.08008, 0],
  ]);
});

Deno.test("qemuPush(): XBZRLE from the second pass, deltas with their 3-byte header", () => {
  // 10 pages of 1000 bytes at 1e5 B/s, limit 50 ms (threshold 5000 B once a window
  // closed). Pages 0-5 are written at 0.07-0.095 and again at 0.11-0.135.
  // - [0, 0.1]: pass 1 sends all 10 (no cache yet). Sync 1 at 0.1: 6 pending.
  // - [0.1, 0.15]: pages 0-4 miss the cache (inserted), full pages. At 0.15 one page
  //   is pending (< 5 pages): sync 2 adds pages 0-4 (page 5 is still pending).
  // - From 0.15: page 5 misses (1000 B), pages 0-4 hit: deltas of one write each
  //   (6 writes / 6 pages dirtied): 64 changed + 2 encoding + 3 header = 69 B.
  //   1345 B in 13.45 ms; nothing pending, nothing written: completion.
  const acc: [number, number][] = [];
  for (let p = 0; p < 6; p++) acc.push([0.07 + p * 0.005, p]);
  for (let p = 0; p < 6; p++) acc.push([0.11 + p * 0.005, p]);
  const vm = { pageCount: 10, pageSizeBytes: 1000, stateBytes: 0, workload: writesAt(acc) };
  const link = { bandwidthBytesPerSecond: 1e5 };
  const r = simulatePreCopy(vm, link, {
    seed: 1,
    preset: qemuWith(0.05),
    mechanisms: { xbzrle: true },
  });
  assert.deepEqual(rowsOf(r), [
    ["push", 10, 10000, 0, 0.1, 6],
    ["push", 5, 5000, 0.1, 0.15, 6],
    ["push", 6, 1345, 0.15, 0.16345, 0],
    ["stop-and-copy", 0, 0, 0.16345, 0.16345, 0],
  ]);
  assert.deepEqual(r.mechanisms!.xbzrle, {
    cacheHits: 5,
    cacheMisses: 6,
    overflows: 0,
    deltaBytes: 345,
  });
  // A delta encoded to exactly the page size (998 changed + 2 encoding bytes) is no
  // overflow: 1003 B each. From 0.15: page 5 (1000) and pages 0-3 (4 x 1003) reach
  // the 5000 B budget: 5012 B to 0.20012. At 0.20012 the window gives 5000 B again
  // (10012 B over 0.10012 s x 0.05); 1 pending: completion, page 4 as a delta
  // (cached in pass 2): 1003 B in 10.03 ms.
  const exact = simulatePreCopy(vm, link, {
    seed: 1,
    preset: qemuWith(0.05),
    mechanisms: { xbzrle: { changedBytesPerWrite: 998, encodingBytesPerWrite: 2 } },
  });
  assert.deepEqual(rowsOf(exact), [
    ["push", 10, 10000, 0, 0.1, 6],
    ["push", 5, 5000, 0.1, 0.15, 6],
    ["push", 5, 5012, 0.15, 0.20012, 0],
    ["stop-and-copy", 1, 1003, 0.20012, 0.21015, 0],
  ]);
  assert.deepEqual(exact.mechanisms!.xbzrle, {
    cacheHits: 5,
    cacheMisses: 6,
    overflows: 0,
    deltaBytes: 5015,
  });
});

Deno.test("pullPhase(): a request at exactly a slot's start takes that slot", () => {
  // 100-byte pages at 1000 B/s: a slot is 0.1 s; no latency. One read of page 7 at
  // t = 3 x 0.1 (in floating point 0.30000000000000004, where 3 x 0.1 / 0.1 rounds
  // above 3): the push has used slots 0-2 (pages 0-2); slot 3 starts at t, so the
  // request takes it and page 7 lands at 4 x 0.1: a stall of one slot, not two.
  const at = 3 * 0.1;
  const workload: Workload = {
    accessesPerSecond: 0,
    writesPerSecond: 0,
    write: () => 0,
    accesses() {
      const cursor = {
        timeSeconds: at,
        page: 7,
        write: false,
        advance() {
          cursor.timeSeconds = Infinity;
        },
      };
      return cursor;
    },
  };
  const r = pullPhase({
    pageCount: 10,
    wirePageBytes: 100,
    bytesPerSecond: 1000,
    latencySeconds: 0,
    arrived: createBitset(10),
    startSeconds: 0,
    startExecSeconds: 0,
    workload,
    fetch: "active-push",
    maxSeconds: 3600,
    maxEvents: 1e6,
  });
  assert.equal(r.remoteFaults, 1);
  assert.ok(Math.abs(r.stallSeconds - 0.1) < 1e-9, `${r.stallSeconds}`);
  assert.equal(r.endSeconds, 10 * 0.1);
});

Deno.test("qemuPush(): the measured bandwidth divides by the window's actual length", () => {
  // 13 pages of 1000 bytes at 1e5 B/s, limit 25 ms; every page is written once by
  // 0.113 s. [0, 0.1]: 10 pages; threshold 10000 B / 0.1 s x 0.025 = 2500 B; 3 pending
  // (3000 B) go on to 0.13; none pending: sync, 13 come back. Steps of 5 pages end at
  // 0.18 and 0.23, where the window that opened at 0.1 closes: 13000 B over 0.13 s
  // (not over its nominal 0.1 s) x 0.025 = 2500 B; 3 pending (3000 B) are not below,
  // so they go too (to 0.26), and completion finds nothing left.
  const acc: [number, number][] = [];
  for (let p = 0; p < 13; p++) acc.push([0.005 + p * 0.009, p]);
  const vm = { pageCount: 13, pageSizeBytes: 1000, stateBytes: 0, workload: writesAt(acc) };
  const r = simulatePreCopy(vm, { bandwidthBytesPerSecond: 1e5 }, {
    seed: 1,
    preset: qemuWith(0.025),
  });
  assert.deepEqual(rowsOf(r), [
    ["push", 13, 13000, 0, 0.13, 13],
    ["push", 13, 13000, 0.13, 0.26, 0],
    ["stop-and-copy", 0, 0, 0.26, 0.26, 0],
  ]);
});

Deno.test("qemuPush(): under a cap the write budget covers the sleep to the window's end", () => {
  // 16 pages, link 1e6 B/s capped at 1e5 B/s: the first step bursts 10000 B (+ one
  // page of slack: 11 ms) and sleeps to the window's end, 0.111 s in all; 100 writes/s
  // expect 11.1 writes > the cap of 5: the push stops before it starts, and the 16
  // pages go in the stop-and-copy at the full 1e6 B/s (16 ms).
  const vm = {
    pageCount: 16,
    pageSizeBytes: 1000,
    stateBytes: 0,
    workload: { kind: "uniform" as const, writesPerSecond: 100 },
  };
  const r = simulatePreCopy(vm, { bandwidthBytesPerSecond: 1e6, maxBandwidthBytesPerSecond: 1e5 }, {
    seed: 1,
    preset: "qemu",
    maxWrites: 5,
    sampler: "per-write",
  });
  assert.equal(r.stopReason, "event-cap");
  assert.deepEqual(rowsOf(r), [
    ["push", 0, 0, 0, 0, 0],
    ["stop-and-copy", 16, 16000, 0, 0.016, 0],
  ]);
});

Deno.test("qemuPush(): zero-page scans end a step at 50 ms of the thread's time", () => {
  // 20 pages of 1000 bytes at 1e5 B/s, pages 0-9 zero (1 byte on the wire, 20 ms of
  // scan each). A step goes on while its wire time plus its scans is under 50 ms:
  // - 3 zero pages: 3e-5 + 0.06 = 0.06003 s; again to 0.12006 (the first window closes
  //   there: threshold 6 B / 0.12006 s x 0.3 s, about 15 B); again to 0.18009;
  // - zero page 9, then pages 10, 11, 12 (3001 B: 0.03001 + 0.02 = 0.05001 s) to 0.2301.
  // The window from 0.12006 closes: 3004 B / 0.11004 s x 0.3 = 8190 B; 7 pending
  // (7000 B) are below: sync, completion, 7 pages in the stop-and-copy (0.07 s).
  const vm = {
    pageCount: 20,
    pageSizeBytes: 1000,
    stateBytes: 0,
    workload: {
      kind: "idle" as const,
      zeroPages: { initialShare: 0.5, placement: { kind: "start" as const } },
    },
  };
  const r = simulatePreCopy(vm, { bandwidthBytesPerSecond: 1e5, zeroPageSeconds: 0.02 }, {
    seed: 1,
    preset: "qemu",
  });
  assert.deepEqual(rowsOf(r), [
    ["push", 13, 3010, 0, 0.2301, 0],
    ["stop-and-copy", 7, 7000, 0.2301, 0.3001, 0],
  ]);
  assert.equal(r.roundRows[0]!.zeroPagesSent, 10);
});

Deno.test("counts sampler: Xen's dirty-rate rule compares the pages dirtied with those sent", () => {
  // The sequential writer (no draws): 1000 pages of 1000 bytes at 1e6 B/s, 200 writes/s.
  // Round 1 (1 s) sends 1000 and dirties 200: 200 < 1000, the dirty rate is below
  // the link's, go on. Round 2 (0.2 s) sends 200, dirties 40 < 50: stop; 40 pages in
  // the stop-and-copy. The per-write engine does the same.
  const vm = {
    pageCount: 1000,
    pageSizeBytes: 1000,
    stateBytes: 0,
    workload: { kind: "sequential" as const, writesPerSecond: 200 },
  };
  const preset = { ...PRESETS.xen, name: "xen-29", stopRules: XEN_STOP_RULES };
  for (const sampler of ["counts", "per-write"] as const) {
    const r = simulatePreCopy(vm, { bandwidthBytesPerSecond: 1e6 }, { seed: 1, preset, sampler });
    assert.equal(r.stopReason, "dirty-pages-below", sampler);
    assert.deepEqual(r.roundRows.map((x) => [x.phase, x.pagesSent, x.pagesDirtied]), [
      ["push", 1000, 200],
      ["push", 200, 40],
      ["stop-and-copy", 40, 0],
    ]);
  }
});

Deno.test("counts sampler: a write cap of 0 never stops a VM that writes nothing", () => {
  // Idle: 0 expected writes are not above a cap of 0; one 8 s round, nothing dirty.
  const vm = {
    pageCount: 8,
    pageSizeBytes: 1000,
    stateBytes: 0,
    workload: { kind: "idle" as const },
  };
  for (const sampler of ["counts", "per-write"] as const) {
    const r = simulatePreCopy(vm, { bandwidthBytesPerSecond: 1000 }, {
      seed: 1,
      maxWrites: 0,
      sampler,
    });
    assert.equal(r.stopReason, "max-downtime", sampler);
    assert.deepEqual(r.roundRows.map((x) => [x.phase, x.pagesSent, x.endSeconds]), [
      ["push", 8, 8],
      ["stop-and-copy", 0, 8],
    ]);
  }
});

Deno.test("qemuPush(): auto-converge compares the pages dirtied at page size, not wire size", () => {
  // 6 pages of 1000 bytes with a 1000-byte header each (2000 B on the wire) at 1e5 B/s:
  // a step is 3 pages (6000 B >= its 5000 B budget), 60 ms. A write every 20 ms, to
  // pages 0, 1, 2, 3, 0, ... At 0.12 the window gives 12000 B / 0.12 s x 0.03 s = 3000 B;
  // nothing pending: sync, pages 0-3 (4 dirtied). At 0.18 one page (3) is pending,
  // 1000 B < 3000: sync; the writes at 0.121, 0.141, 0.161 hit pages 2, 3, 0: 3 dirtied.
  // QEMU's trigger compares 3 pages x 1000 B = 3000 B with half the 6000 B sent: not
  // above, so never a throttle (every later period is the same: 3 dirtied, 3 sent).
  const acc: [number, number][] = [];
  for (let k = 0; k < 60; k++) acc.push([0.001 + k * 0.02, k % 4]);
  const vm = { pageCount: 6, pageSizeBytes: 1000, stateBytes: 0, workload: writesAt(acc) };
  const r = simulatePreCopy(vm, { bandwidthBytesPerSecond: 1e5, pageOverheadBytes: 1000 }, {
    seed: 1,
    preset: qemuWith(0.03),
    mechanisms: { autoConverge: true },
  });
  assert.deepEqual(rowsOf(r).slice(0, 3), [
    ["push", 6, 12000, 0, 0.12, 4],
    ["push", 3, 6000, 0.12, 0.18, 3],
    ["push", 3, 6000, 0.18, 0.24, 3],
  ]);
  assert.equal(r.mechanisms!.maxThrottlePercent, 0);
});

Deno.test("QEMU under a cap, both samplers: a step after a sync uses what is left of the window", () => {
  // 16 pages of 1000 bytes, 1e6 writes/s: each page is written 62500 times a second,
  // so every sync finds every sent page written (missing one has probability below
  // 16 x e^-5000): the runs are deterministic. Link 1e6 B/s capped at 1e5 B/s: 10
  // pages a 100 ms window; limit 50 ms: threshold 5000 B; a cap of 2 syncs.
  // - [0, 0.01]: pages 0-9, sleep to 0.1. At 0.1: 6 pending (6000 B, not below):
  //   pages 10-15 to 0.106 (6000 B of the window's 10000). None pending: sync 1, all
  //   16 back.
  // - The window has 4 pages left: pages 0-3 to 0.110, sleep to 0.2. Threshold 10000 B
  //   / 0.1 s x 0.05 = 5000; 12 pending: 10 pages, sleep to 0.3; threshold 5000 again,
  //   2 pending: sync 2, the 14 sent come back; the cap of 2 syncs ends the push, 16
  //   pages in the stop-and-copy at the full 1e6 B/s.
  const preset = qemuWith(0.05, 2);
  const vm = {
    pageCount: 16,
    pageSizeBytes: 1000,
    stateBytes: 0,
    workload: { kind: "uniform" as const, writesPerSecond: 1e6 },
  };
  for (const sampler of ["counts", "per-write"] as const) {
    const r = simulatePreCopy(
      vm,
      { bandwidthBytesPerSecond: 1e6, maxBandwidthBytesPerSecond: 1e5 },
      {
        seed: 1,
        preset,
        sampler,
      },
    );
    assert.equal(r.stopReason, "max-rounds", sampler);
    assert.deepEqual(rowsOf(r), [
      ["push", 16, 16000, 0, 0.106, 16],
      ["push", 14, 14000, 0.106, 0.3, 16],
      ["push", 0, 0, 0.3, 0.3, 0],
      ["stop-and-copy", 16, 16000, 0.3, 0.316, 0],
    ], sampler);
    // Each row's writes are every write of its span: Poisson(1e6 x span), within 5
    // standard deviations.
    for (const row of r.roundRows.slice(0, 2)) {
      const mean = 1e6 * (row.endSeconds - row.startSeconds);
      assert.ok(Math.abs(row.writes - mean) < 5 * Math.sqrt(mean), `${sampler}: ${row.writes}`);
    }
  }
});

Deno.test("QEMU, both samplers: a saturated guest's writes are Poisson; an early empty bitmap completes", () => {
  // 8 pages of 1000 bytes at 1e6 B/s, 1e6 writes/s (125000 a page a second: every
  // page is written in any span of a millisecond, but for a chance below 8 x e^-125).
  // The 8 pages leave in one 8 ms step, before the first window (100 ms) closes:
  // nothing pending, threshold 0: completion (QEMU's `!pending_size`), whose sync
  // finds all 8 written: 8 pages in the stop-and-copy, 8 ms.
  const vm = {
    pageCount: 8,
    pageSizeBytes: 1000,
    stateBytes: 0,
    workload: { kind: "uniform" as const, writesPerSecond: 1e6 },
  };
  for (const sampler of ["counts", "per-write"] as const) {
    const r = simulatePreCopy(vm, { bandwidthBytesPerSecond: 1e6 }, {
      seed: 1,
      preset: "qemu",
      sampler,
    });
    assert.equal(r.stopReason, "max-downtime", sampler);
    assert.deepEqual(rowsOf(r), [
      ["push", 8, 8000, 0, 0.008, 8],
      ["stop-and-copy", 8, 8000, 0.008, 0.016, 0],
    ], sampler);
    // The row's writes are every write of its 8 ms: Poisson(8000), within 5 standard
    // deviations (5 x sqrt(8000), about 447), not one per page dirtied.
    const writes = r.roundRows[0]!.writes;
    assert.ok(Math.abs(writes - 8000) < 5 * Math.sqrt(8000), `${sampler}: ${writes}`);
  }
});

Deno.test("MechanismState: with XBZRLE on, zero pages still count as pages sent (header only)", () => {
  // Pass 2 sends pages 0 and 1; page 1 is a zero page. Page 0 misses the empty cache
  // and goes whole (4096 B + 8 B header); page 1 costs its 8-byte header: 4112 B, two
  // pages sent of which one zero page.
  const m = resolveMechanisms({ xbzrle: true }, 2 ** 20)!;
  const s = new MechanismState(m, 256, 4096, 0);
  const link = createLink({ bandwidthBytesPerSecond: 4096, pageOverheadBytes: 8 }, 4096);
  const pages = createBitset(256);
  pages.set(0);
  pages.set(1);
  const zero = createBitset(256);
  zero.set(1);
  const batch = s.sendLive(link, pages, 2, 2, 0, zero, 1);
  assert.equal(batch.bytes, 4104 + 8);
  assert.equal(batch.zeroPages, 1);
  assert.deepEqual(link.totals, {
    liveBytes: 4112,
    stopAndCopyBytes: 0,
    pullBytes: 0,
    pagesSent: 2,
    zeroPagesSent: 1,
  });
  assert.deepEqual(s.report.xbzrle, { cacheHits: 0, cacheMisses: 1, overflows: 0, deltaBytes: 0 });
});

Deno.test("closedFormPreCopy() charges the sending threads' CPU as the page level does", () => {
  // An idle VM of 100 pages of 1000 bytes and 500 bytes of state, compressed at 1e6 B/s
  // per core to half, encrypted at 1e6 B/s per core: a page costs 1000 / 1e6 s to
  // compress and 500 / 1e6 s to encrypt (its 500 wire bytes), the state 500 / 1e6 s to
  // encrypt. One push of 100 pages, then the state: 100 x 0.0015 + 0.0005 = 0.1505 s of
  // CPU, 100 x 0.0005 + 0.0005 = 0.0505 s of it the cipher's. The closed form reported 0.
  const vm: VmSpec = {
    pageCount: 100,
    pageSizeBytes: 1000,
    stateBytes: 500,
    workload: { kind: "idle" },
  };
  const mechanisms = {
    compression: { algorithm: "zstd" as const, ratio: 0.5, bytesPerSecondPerCore: 1e6 },
    secureTransport: { cipherBytesPerSecondPerCore: 1e6, handshakeSeconds: 0 },
  };
  const link = { bandwidthBytesPerSecond: 1e9 };
  for (
    const r of [
      closedFormPreCopy(vm, link, { mechanisms }),
      simulatePreCopy(vm, link, { seed: 1, mechanisms }),
    ]
  ) {
    assert.ok(
      Math.abs(r.mechanisms!.cpuSeconds - 0.1505) < 1e-12,
      `${r.fidelity}: ${r.mechanisms!.cpuSeconds}`,
    );
    assert.ok(Math.abs(r.mechanisms!.cipherCpuSeconds - 0.0505) < 1e-12, `${r.fidelity}`);
  }
});

Deno.test("MechanismState: dirty-limit's default is QEMU's 1 MB/s of 2^20 bytes (review)", () => {
  // QEMU's dirty rate is (pages x page size) >> 20 per second (migration/dirtyrate.c), so
  // vcpu-dirty-limit 1 is 1,048,576 B/s. 1024 writes/s of 4096-byte pages dirty 4 MiB/s:
  // the guest runs 1/4 of the time (1e6 B/s would give 0.2384).
  assert.equal(MECHANISM_DEFAULTS.dirtyLimit.vcpuDirtyLimitBytesPerSecond, 1048576);
  const m = resolveMechanisms({ dirtyLimit: true }, GIB)!;
  const s = new MechanismState(m, 256, 4096, 1024);
  trigger(s);
  assert.equal(s.dirtyLimited, true);
  assert.equal(s.exec(0, 4), 1);
  assert.deepEqual(s.report.slowdown, [
    { startSeconds: 0, endSeconds: 4, runFraction: 0.25, cause: "dirty-limit" },
  ]);
});

Deno.test("MechanismState: auto-converge fires at the second high sync even with a low one between (QEMU's dirty_rate_high_cnt is not reset by a low sync; review)", () => {
  const m = resolveMechanisms({ autoConverge: true }, GIB)!;
  const s = new MechanismState(m, 256, 4096, 1000);
  s.sync(1, 1e6, 1, 10); // dirtied above 50 % of sent: count 1
  s.sync(2, 0, 1e6, 10); // under: the count stays 1
  assert.equal(s.throttlePercent, 0);
  s.sync(3, 1e6, 1, 10); // count 2: throttle to the initial 20 %
  assert.equal(s.throttlePercent, 20);
});

Deno.test("resolveMechanisms(): auto-converge's percentages keep QEMU's ranges (review)", () => {
  // An initial throttle of 0 never throttled (the throttle starts at it, and stayed 0);
  // a maximum under the initial throttle lowered it at the first increase (20, then 10).
  // QEMU refuses both (migrate_params_check), and a threshold or increment of 0.
  const cases: [Record<string, number>, string][] = [
    [{ initialPercent: 0 }, "initialPercent must be in \\[1, 99\\]: current value is 0"],
    [{ maxPercent: 10 }, "maxPercent must be in \\[20, 99\\]: current value is 10"],
    [{ incrementPercent: 0 }, "incrementPercent must be in \\[1, 99\\]: current value is 0"],
    [
      { triggerThresholdPercent: 0 },
      "triggerThresholdPercent must be in \\[1, 100\\]: current value is 0",
    ],
  ];
  for (const [ac, message] of cases) {
    assert.throws(() => resolveMechanisms({ autoConverge: ac }, GIB), {
      name: "RangeError",
      message: new RegExp(`options\\.mechanisms\\.autoConverge\\.${message}$`),
    });
  }
  // The bounds themselves are taken: the throttle goes 50, then 50 (its maximum).
  const m = resolveMechanisms({ autoConverge: { initialPercent: 50, maxPercent: 50 } }, GIB)!;
  const s = new MechanismState(m, 256, 4096, 1000);
  trigger(s);
  assert.equal(s.throttlePercent, 50);
  trigger(s);
  assert.equal(s.throttlePercent, 50);
});

Deno.test("multifd's default of 2 channels, XBZRLE's 64 MiB cache and the controllers' completion timeouts (mutation audit)", async (t) => {
  await t.step("multifd: 2 channels (DEFAULT_MIGRATE_MULTIFD_CHANNELS) share the packing", () => {
    // Packing at 1e6 bytes/s per channel binds on a 1e9 bytes/s link: 2 channels move
    // 2 x 1e6 bytes/s, so an idle VM's 1000 pages of 1000 bytes take 1e6 / 2e6 = 0.5 s, and
    // the stop-and-copy sends nothing (no page dirty, no state).
    const r = closedFormPreCopy(
      { pageCount: 1000, pageSizeBytes: 1000, stateBytes: 0, workload: { kind: "idle" } },
      { bandwidthBytesPerSecond: 1e9 },
      { mechanisms: { multifd: { packBytesPerSecondPerChannel: 1e6 } } },
    );
    assert.equal(r.totalSeconds, 0.5);
    // each page costs 1000 / 1e6 s of packing CPU, whatever the channels: 1 s in all
    assert.equal(r.mechanisms?.cpuSeconds, 1);
  });
  await t.step("XBZRLE: 64 MiB of 4096-byte pages is 16384 direct-mapped slots", () => {
    // Pages 0 and 8192 take slots 0 and 8192 of 16384 and both stay cached: both hit at the
    // next pass. (A cache of 8192 slots would put page 8192 on page 0's slot, still held.)
    const memory = 64 * 1024 * 1024;
    const m = resolveMechanisms({ xbzrle: true }, memory)!;
    const s = new MechanismState(m, memory / 4096, 4096, 0);
    assert.equal(s.xbzrlePage(0, 2, false), false);
    assert.equal(s.xbzrlePage(8192, 2, false), false);
    assert.equal(s.xbzrlePage(0, 3, false), true);
    assert.equal(s.xbzrlePage(8192, 3, false), true);
    assert.deepEqual([s.report.xbzrle!.cacheHits, s.report.xbzrle!.cacheMisses], [2, 2]);
  });
  /** Whether a controller aborts at `t` seconds a migration of `pages` pages of `size` bytes. */
  const abortsAt = (controller: ControllerOptions, pages: number, size: number, t: number) => {
    const m = resolveMechanisms({ controller }, pages * size)!;
    return new MechanismState(m, pages, size, 0).sync(t, 0, 1, 10) === "aborted";
  };
  await t.step("KubeVirt: 150 s per decimal gigabyte rounded up, then abort", () => {
    // KubeVirt's monitor: CompletionTimeoutPerGiB x getVMIMigrationDataSize, the memory's
    // ScaledValue(resource.Giga) (ceil of bytes / 1e9). 2 GiB = 2.147e9 bytes: 3 x 150 = 450 s;
    // the action comes at the first sync after it.
    assert.equal(abortsAt(KUBEVIRT_CONTROLLER, (2 * GIB) / 4096, 4096, 450), false);
    assert.equal(abortsAt(KUBEVIRT_CONTROLLER, (2 * GIB) / 4096, 4096, 450.5), true);
    // exactly 1e9 bytes: 1 x 150 s; 1000 bytes more: 2 x 150 s
    assert.equal(abortsAt(KUBEVIRT_CONTROLLER, 1e6, 1000, 150.5), true);
    assert.equal(abortsAt(KUBEVIRT_CONTROLLER, 1e6 + 1, 1000, 150.5), false);
    assert.equal(abortsAt(KUBEVIRT_CONTROLLER, 1e6 + 1, 1000, 300.5), true);
  });
  await t.step("Nova: 800 s per GiB of at least 2 GiB, whole seconds, then abort", () => {
    // Nova's monitor: int(live_migration_completion_timeout x data_gb), data_gb the memory in
    // GiB, at least 2 (_live_migration_data_gb). 4 GiB: int(800 x 4) = 3200 s.
    assert.equal(abortsAt(NOVA_CONTROLLER, (4 * GIB) / 4096, 4096, 3200), false);
    assert.equal(abortsAt(NOVA_CONTROLLER, (4 * GIB) / 4096, 4096, 3200.5), true);
    // 1 GiB counts as 2: 1600 s, not 800
    assert.equal(abortsAt(NOVA_CONTROLLER, GIB / 4096, 4096, 800.5), false);
    assert.equal(abortsAt(NOVA_CONTROLLER, GIB / 4096, 4096, 1600.5), true);
    // 2 GiB and one page: 800 x (2 + 2^-18) = 1600.0030517578125, truncated to 1600
    assert.equal(abortsAt(NOVA_CONTROLLER, (2 * GIB) / 4096 + 1, 4096, 1600.001), true);
  });
  await t.step("a controller of its own: the memory in GiB as it is (the default)", () => {
    // 1 GiB at 800 s per GiB: 800 s; the same 1 GiB with Nova's sizing: 1600 s
    const own = { completionTimeoutSecondsPerGiB: 800 };
    assert.equal(abortsAt(own, GIB / 4096, 4096, 800.5), true);
    assert.equal(
      abortsAt({ ...own, completionTimeoutDataSize: "nova" }, GIB / 4096, 4096, 800.5),
      false,
    );
    assert.throws(
      () =>
        resolveMechanisms(
          { controller: { ...own, completionTimeoutDataSize: "xen" as "gib" } },
          GIB,
        ),
      /completionTimeoutDataSize/,
    );
  });
});
