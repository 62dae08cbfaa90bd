/**
 * Mechanisms of real hypervisors and controllers as options of the techniques:
 * each moves the metrics the way it must, by the exact amount on hand-computable
 * cases, and keeps the destination consistent (checked mode).
 */
import assert from "node:assert/strict";
import { mechanismLink, setMechanismZeroPages } from "../../lib/migration/_mechanism_link.ts";
import { MechanismState, XbzrleCache } from "../../lib/migration/_mechanism_state.ts";
import {
  createBitset,
  createLink,
  measureCipher,
  migrate,
  type MigrationMechanisms,
  NOVA_CONTROLLER,
  POSTCOPY_AFTER_PRECOPY,
  PRESETS,
  resolveMechanisms,
  secureTransportCost,
  simulateHybrid,
  simulatePostCopy,
  simulatePreCopy,
  type VmSpec,
} from "../../mod.ts";
import { measureCompression } from "../../lib/measure/mod.ts";
import { failDuringMigration } from "../../lib/realtime/mod.ts";

/** 16 MiB guest writing 5000 pages/s uniformly; the link sends about 1000 pages/s. */
const HOT: VmSpec = {
  pageCount: 4096,
  pageSizeBytes: 4096,
  stateBytes: 4096,
  workload: { kind: "uniform", writesPerSecond: 5000, readsPerSecond: 1000 },
};
const SLOW = { bandwidthBytesPerSecond: 4096 * 1000, pageOverheadBytes: 8 };

Deno.test("dirty rate above the link: plain pre-copy does not converge, the mechanisms do", async (t) => {
  for (const preset of ["default", "qemu"] as const) {
    await t.step(`preset ${preset}`, () => {
      const plain = simulatePreCopy(HOT, SLOW, { seed: 1, preset, maxWrites: 2e6 });
      assert.equal(plain.converged, false);
      assert.ok(plain.downtimeSeconds > 1, `${plain.downtimeSeconds}`);
      const ac = simulatePreCopy(HOT, SLOW, {
        seed: 1,
        preset,
        checked: true,
        mechanisms: { autoConverge: true },
      });
      assert.equal(ac.converged, true, ac.stopReason);
      assert.ok(ac.downtimeSeconds <= 0.3 + 1e-3, `${ac.downtimeSeconds}`);
      assert.ok(ac.mechanisms!.maxThrottlePercent >= 20);
      assert.equal(ac.mechanisms!.downtimeLimitSeconds, 0.3);
      assert.ok(ac.mechanisms!.guestSlowdownSeconds > 0);
      const dl = simulatePreCopy(HOT, SLOW, {
        seed: 1,
        preset,
        checked: true,
        // 3 vCPUs x 1 MiB/s of dirtying, under the link's 4.096e6 B/s (4 would dirty
        // 4.19e6 B/s, above it)
        mechanisms: { dirtyLimit: { vcpus: 3 } },
      });
      assert.equal(dl.converged, true, dl.stopReason);
      assert.ok(dl.mechanisms!.slowdown.some((s) => s.cause === "dirty-limit"));
      const pc = simulatePreCopy(HOT, SLOW, {
        seed: 1,
        preset,
        checked: true,
        mechanisms: { postCopySwitch: { afterPasses: 3 } },
      });
      assert.equal(pc.converged, true, pc.stopReason);
      assert.equal(pc.pagesMissing, 0);
      assert.ok(pc.mechanisms!.postCopySwitchSeconds! > 0);
      assert.ok(pc.mechanisms!.splitSeconds > 0);
      // Downtime is the state only: post-copy's pause.
      assert.ok(pc.downtimeSeconds < 0.01, `${pc.downtimeSeconds}`);
    });
  }
});

Deno.test("auto-converge follows QEMU's trigger, initial, increment and maximum", () => {
  const m = resolveMechanisms({ autoConverge: true }, 1 << 20)!;
  const s = new MechanismState(m, 256, 4096, 1000);
  // Dirtied 60 % of what was sent: above 50 %, but only the second time throttles.
  assert.equal(s.sync(1, 60, 100, 10), undefined);
  assert.equal(s.throttlePercent, 0);
  s.sync(2, 60, 100, 10);
  assert.equal(s.throttlePercent, 20);
  s.sync(3, 50, 100, 10); // exactly 50 %: not above the threshold
  s.sync(4, 60, 100, 10);
  assert.equal(s.throttlePercent, 20);
  s.sync(5, 60, 100, 10);
  assert.equal(s.throttlePercent, 30);
  for (let i = 0; i < 40; i++) s.sync(6 + i, 60, 100, 10);
  assert.equal(s.throttlePercent, 99);
});

Deno.test("throttling by 50 % halves the guest's time, so its dirty rate", () => {
  const m = resolveMechanisms({ autoConverge: { initialPercent: 50 } }, 1 << 20)!;
  const s = new MechanismState(m, 256, 4096, 1000);
  assert.equal(s.exec(0, 2), 2);
  s.sync(2, 1e6, 1, 10);
  s.sync(2, 1e6, 1, 10);
  assert.equal(s.exec(2, 2), 1);
  assert.equal(s.execSeconds, 3);
  assert.equal(s.report.guestSlowdownSeconds, 1);
  assert.deepEqual(s.report.slowdown, [
    { startSeconds: 2, endSeconds: 4, runFraction: 0.5, cause: "throttle" },
  ]);
  // Same seed, same link, the guest at half speed: a round writes about half as much.
  const vm: VmSpec = {
    pageCount: 1 << 14,
    pageSizeBytes: 4096,
    stateBytes: 0,
    workload: { kind: "uniform", writesPerSecond: 2000 },
  };
  const link = { bandwidthBytesPerSecond: 4096 * 4000 };
  const logged = simulatePreCopy(vm, link, {
    seed: 3,
    mechanisms: { dirtyLogging: { slowdownFraction: 0.5 } },
  });
  const plain = simulatePreCopy(vm, link, { seed: 3 });
  // Round 1 lasts the same wall time (all pages); the guest runs half of it.
  assert.equal(logged.roundRows[0]!.endSeconds, plain.roundRows[0]!.endSeconds);
  const ratio = logged.roundRows[0]!.writes / plain.roundRows[0]!.writes;
  assert.ok(Math.abs(ratio - 0.5) < 0.05, `${ratio}`);
});

Deno.test("dirty-limit caps the guest at vCPUs x limit", () => {
  const m = resolveMechanisms({ dirtyLimit: { vcpus: 2, vcpuDirtyLimitBytesPerSecond: 4096 } }, 1)!;
  const s = new MechanismState(m, 256, 4096, 100); // 100 writes/s = 409600 B/s
  s.sync(1, 1e6, 1, 10);
  s.sync(2, 1e6, 1, 10);
  assert.equal(s.dirtyLimited, true);
  // 2 x 4096 B/s of 409600 B/s: the guest runs 1/50 of the time.
  assert.equal(s.exec(0, 50), 1);
});

Deno.test("100 % zero pages: bytes are the headers plus the state, with every link mechanism", () => {
  const inner = createLink({ bandwidthBytesPerSecond: 1e6, pageOverheadBytes: 8 }, 4096);
  const m = resolveMechanisms({
    multifd: { channels: 4 },
    compression: { algorithm: "zstd", ratio: 0.25, bytesPerSecondPerCore: 1e6 },
    secureTransport: { cipherBytesPerSecondPerCore: 1e9, handshakeSeconds: 0 },
  }, 1 << 30)!;
  const report = { cpuSeconds: 0, cipherCpuSeconds: 0 };
  const link = mechanismLink(inner, 4096, m, report);
  const zero = createBitset(100);
  zero.fill();
  setMechanismZeroPages(link, zero);
  const batch = link.sendPages("stop-and-copy", zero, 100);
  link.sendMessage("stop-and-copy", 1000);
  assert.equal(batch.bytes, 100 * 8);
  assert.equal(link.totals.stopAndCopyBytes, 100 * 8 + 1000);
  assert.ok(Math.abs(report.cpuSeconds - 1000 / 1e9) < 1e-18);
});

Deno.test("100 % zero pages, whole migration: bytes are the headers plus the state", async (t) => {
  // 1000 zero pages, 8-byte headers, 5000 bytes of state; QEMU's zero page also carries
  // one byte (save_zero_page_to_file). Link mechanisms must not change it: a zero page
  // is neither compressed nor XBZRLE-encoded, and nothing is ever dirtied.
  const vm: VmSpec = {
    pageCount: 1000,
    pageSizeBytes: 4096,
    stateBytes: 5000,
    workload: { kind: "idle", zeroPages: { initialShare: 1 } },
  };
  const link = { bandwidthBytesPerSecond: 1e8, pageOverheadBytes: 8 };
  const mechanisms: MigrationMechanisms = {
    multifd: { channels: 4 },
    compression: { algorithm: "zstd", ratio: 0.25, bytesPerSecondPerCore: 1e8 },
    secureTransport: { cipherBytesPerSecondPerCore: 1e9, handshakeSeconds: 0.001 },
    xbzrle: true,
    autoConverge: true,
  };
  for (const [preset, header] of [["default", 8], ["xen", 8], ["qemu", 9]] as const) {
    await t.step(preset, () => {
      for (const m of [undefined, mechanisms]) {
        const r = simulatePreCopy(vm, link, { seed: 1, preset, ...(m ? { mechanisms: m } : {}) });
        assert.equal(r.bytesSent, 1000 * header + 5000, `${preset} ${m ? "with" : "without"}`);
        assert.equal(r.zeroPagesSent, 1000);
        assert.equal(r.converged, true);
      }
    });
  }
  await t.step("hybrid: one round, nothing to pull", () => {
    assert.equal(simulateHybrid(vm, link, { seed: 1 }).bytesSent, 1000 * 8 + 5000);
  });
});

Deno.test("compression: pages cost header + ratio x page; the channels' CPU bounds the rate", () => {
  const inner = createLink({ bandwidthBytesPerSecond: 1e9, pageOverheadBytes: 8 }, 4096);
  const m = resolveMechanisms({
    multifd: { channels: 2 },
    compression: { algorithm: "zlib", ratio: 0.5, bytesPerSecondPerCore: 4096 * 100 },
  }, 1 << 30)!;
  const report = { cpuSeconds: 0, cipherCpuSeconds: 0 };
  const link = mechanismLink(inner, 4096, m, report);
  assert.equal(link.pageWireBytes, 8 + 2048);
  const b = link.sendCounted("live", 400, 0);
  assert.equal(b.bytes, 400 * 2056);
  // 400 pages at 100 pages/s per core on 2 channels: 2 s (the link would take 0.8 ms).
  assert.equal(b.seconds, 2);
  assert.equal(report.cpuSeconds, 4);
  // Four channels halve it.
  const m4 = resolveMechanisms({
    multifd: { channels: 4 },
    compression: { algorithm: "zlib", ratio: 0.5, bytesPerSecondPerCore: 4096 * 100 },
  }, 1 << 30)!;
  const l4 = mechanismLink(inner, 4096, m4, { cpuSeconds: 0, cipherCpuSeconds: 0 });
  assert.equal(l4.sendCounted("live", 400, 0).seconds, 1);
});

Deno.test("compression and multifd move a whole migration's bytes and time", () => {
  const vm: VmSpec = { ...HOT, workload: { kind: "uniform", writesPerSecond: 200 } };
  const link = { bandwidthBytesPerSecond: 4096 * 1000 };
  const plain = simulatePreCopy(vm, link, { seed: 1 });
  const comp = simulatePreCopy(vm, link, {
    seed: 1,
    checked: true,
    mechanisms: {
      multifd: true,
      compression: { algorithm: "zstd", ratio: 0.5, bytesPerSecondPerCore: 1e9 },
    },
  });
  // Round 1 (every page) costs exactly half.
  assert.equal(comp.roundRows[0]!.bytesSent, plain.roundRows[0]!.bytesSent / 2);
  assert.ok(comp.totalSeconds < plain.totalSeconds);
  assert.ok(comp.mechanisms!.cpuSeconds > 0);
});

Deno.test("XBZRLE: a perfect delta halves the re-sent volume; a miss sends the full page", () => {
  const pages = 64;
  const m = resolveMechanisms({
    xbzrle: { cacheBytes: pages * 4096, changedBytesPerWrite: 2043, encodingBytesPerWrite: 2 },
  }, pages * 4096)!;
  const s = new MechanismState(m, pages, 4096, 1);
  const link = createLink({ bandwidthBytesPerSecond: 1e6 }, 4096);
  const all = createBitset(pages);
  all.fill();
  const first = s.sendLive(link, all, pages, 1, 0, undefined, 1);
  const second = s.sendLive(link, all, pages, 2, 0, undefined, 1); // misses fill the cache
  const third = s.sendLive(link, all, pages, 3, 0, undefined, 1); // hits: 3 + 2043 + 2
  assert.equal(first.bytes, pages * 4096);
  assert.equal(second.bytes, pages * 4096);
  assert.equal(third.bytes, (pages * 4096) / 2);
  assert.deepEqual(s.report.xbzrle, {
    cacheHits: pages,
    cacheMisses: pages,
    overflows: 0,
    deltaBytes: pages * 2048,
  });
  // The last stage sends cached pages as deltas and inserts no miss.
  const fin = s.sendFinal(link, all, pages, 0, undefined);
  assert.equal(fin.bytes, (pages * 4096) / 2);
  const cold = new MechanismState(m, pages, 4096, 1);
  cold.sendLive(link, all, pages, 1, 0, undefined, 1);
  assert.equal(cold.sendFinal(link, all, pages, 0, undefined).bytes, pages * 4096);
  assert.equal(cold.sendFinal(link, all, pages, 0, undefined).bytes, pages * 4096);
  // A delta larger than the page overflows: the full page goes.
  const o = new MechanismState(
    resolveMechanisms({ xbzrle: { cacheBytes: 4096 * 64, changedBytesPerWrite: 4096 } }, 1 << 20)!,
    pages,
    4096,
    1,
  );
  o.sendLive(link, all, pages, 2, 0, undefined, 1);
  assert.equal(o.sendLive(link, all, pages, 3, 0, undefined, 1).bytes, pages * 4096);
  assert.equal(o.report.xbzrle!.overflows, pages);
});

Deno.test("XBZRLE cache: direct-mapped, power-of-two slots, entries live 2 syncs", () => {
  const c = new XbzrleCache(16, 4096, 3 * 4096); // 3 pages fit: 2 slots
  assert.equal(c.slots, 2);
  assert.equal(c.lookup(0, 1), false); // miss, inserted in slot 0
  assert.equal(c.lookup(0, 2), true);
  assert.equal(c.lookup(2, 3), false); // slot 0 held by page 0, age 2: too young
  assert.equal(c.lookup(0, 3), true);
  assert.equal(c.lookup(2, 5), false); // age 3 + 2 <= 5: evicted, page 2 inserted
  assert.equal(c.lookup(0, 5), false);
  assert.equal(c.lookup(2, 6), true);
});

Deno.test("XBZRLE in a migration sends fewer bytes and stays consistent", async (t) => {
  const vm: VmSpec = {
    pageCount: 2048,
    pageSizeBytes: 4096,
    stateBytes: 0,
    workload: {
      kind: "hot-cold",
      writesPerSecond: 3000,
      hotFraction: 0.1,
      hotShare: 0.95,
    },
  };
  const link = { bandwidthBytesPerSecond: 4096 * 2000, pageOverheadBytes: 8 };
  // A 10 ms limit and 10 passes: the hot set is re-sent several times.
  const rules = [{ kind: "max-downtime" as const, seconds: 0.01 }, {
    kind: "max-rounds" as const,
    rounds: 10,
  }];
  for (const name of ["default", "qemu"] as const) {
    await t.step(name, () => {
      const preset = { ...PRESETS[name], stopRules: rules };
      const plain = simulatePreCopy(vm, link, { seed: 2, preset });
      const x = simulatePreCopy(vm, link, {
        seed: 2,
        preset,
        checked: true,
        mechanisms: { xbzrle: true },
      });
      assert.ok(x.mechanisms!.xbzrle!.cacheHits > 0);
      const resent = (r: typeof x) => r.liveBytesSent - r.roundRows[0]!.bytesSent;
      assert.ok(resent(x) < resent(plain), `${resent(x)} vs ${resent(plain)}`);
    });
  }
});

Deno.test("controller: Nova's downtime steps, the completion timeout and its actions", () => {
  const m = resolveMechanisms({ controller: NOVA_CONTROLLER }, 1024 ** 3)!;
  const s = new MechanismState(m, 262144, 4096, 0);
  // 1 GiB counts as 2 (Nova's floor): steps 150 s apart, 50 ms then +45 ms each, each
  // once its time has passed (Nova's `elapsed > step[0]`): none yet at 0 s.
  assert.equal(s.downtimeLimit(0, 9), 9);
  assert.equal(s.downtimeLimit(1e-9, 9), 0.05);
  assert.equal(s.downtimeLimit(149, 9), 0.05);
  assert.equal(s.downtimeLimit(150, 9), 0.05);
  assert.equal(s.downtimeLimit(150.5, 9), 0.05 + 0.045);
  assert.equal(s.downtimeLimit(1e6, 9), 0.05 + 0.045 * 10);
  const timeout = { completionTimeoutSecondsPerGiB: 1024 ** 3 / (HOT.pageCount * 4096) * 20 };
  const aborted = simulatePreCopy(HOT, SLOW, {
    seed: 1,
    preset: "qemu",
    mechanisms: { controller: { ...timeout, timeoutAction: "abort" } },
  });
  assert.equal(aborted.stopReason, "aborted");
  assert.equal(aborted.downtimeSeconds, 0);
  assert.equal(aborted.mechanisms!.aborted, true);
  assert.ok(aborted.totalSeconds >= 20 && aborted.totalSeconds < 30, `${aborted.totalSeconds}`);
  const paused = simulatePreCopy(HOT, SLOW, {
    seed: 1,
    preset: "qemu",
    checked: true,
    mechanisms: { controller: { ...timeout, timeoutAction: "pause" } },
  });
  assert.equal(paused.stopReason, "controller-pause");
  assert.equal(paused.mechanisms!.pausedByController, true);
  assert.ok(paused.downtimeSeconds > 1);
  const post = simulatePreCopy(HOT, SLOW, {
    seed: 1,
    preset: "qemu",
    checked: true,
    mechanisms: { controller: { ...timeout, timeoutAction: "post-copy" } },
  });
  assert.equal(post.pagesMissing, 0);
  assert.ok(post.mechanisms!.splitSeconds > 0);
  assert.ok(post.downtimeSeconds < 0.01);
});

Deno.test("controller steps let a migration converge that a fixed small limit would not", () => {
  const vm: VmSpec = { ...HOT, workload: { kind: "uniform", writesPerSecond: 300 } };
  const link = { bandwidthBytesPerSecond: 4096 * 1000 };
  const steps = { maxSeconds: 2, steps: 4, delaySecondsPerGiB: 0.5 };
  const r = simulatePreCopy(vm, link, {
    seed: 1,
    checked: true,
    mechanisms: { controller: { downtimeSteps: steps } },
  });
  assert.equal(r.converged, true);
  assert.ok(r.downtimeSeconds <= r.mechanisms!.downtimeLimitSeconds + 1e-9);
});

Deno.test("secure transport: a slow cipher slows the run by the computed factor", () => {
  const vm: VmSpec = {
    pageCount: 1000,
    pageSizeBytes: 4096,
    stateBytes: 4096,
    workload: { kind: "idle" },
  };
  const link = { bandwidthBytesPerSecond: 4096 * 1000 };
  const plain = simulatePreCopy(vm, link, { seed: 1 });
  const tls = simulatePreCopy(vm, link, {
    seed: 1,
    mechanisms: {
      secureTransport: { cipherBytesPerSecondPerCore: 4096 * 250, handshakeSeconds: 0.01 },
    },
  });
  // Pages at 250 pages/s on one core (4 s), the state at the same rate, plus the handshake.
  assert.equal(plain.totalSeconds, 1000 / 1000 + 1 / 1000);
  assert.ok(Math.abs(tls.totalSeconds - (0.01 + 4 + 4 / 1000)) < 1e-12, `${tls.totalSeconds}`);
  assert.equal(tls.setupSeconds, 0.01);
  assert.equal(tls.bytesSent, plain.bytesSent);
  const factor = tls.totalSeconds / plain.totalSeconds;
  assert.ok(factor > 3.9 && factor < 4.1);
});

Deno.test("checked mode passes with every mechanism on", async (t) => {
  const all: MigrationMechanisms = {
    autoConverge: true,
    postCopySwitch: { stallSeconds: 5, afterPasses: 40 },
    multifd: { channels: 3, packBytesPerSecondPerChannel: 1e9 },
    compression: { algorithm: "zlib", ratio: 0.4, bytesPerSecondPerCore: 5e7 },
    xbzrle: { cacheBytes: 4 * 1024 * 1024 },
    controller: { ...NOVA_CONTROLLER, completionTimeoutSecondsPerGiB: 1e5 },
    secureTransport: { cipherBytesPerSecondPerCore: 1e9, handshakeSeconds: 0.002 },
    dirtyLogging: { slowdownFraction: 0.05 },
  };
  for (const preset of ["default", "qemu"] as const) {
    await t.step(preset, () => {
      const r = simulatePreCopy(HOT, SLOW, { seed: 4, preset, checked: true, mechanisms: all });
      assert.equal(r.pagesMissing, 0);
      assert.ok(r.mechanisms!.enabled.length === 8);
    });
  }
  await t.step("post-copy and hybrid", () => {
    const mech = { multifd: true, compression: all.compression!, dirtyLogging: all.dirtyLogging! };
    const p = simulatePostCopy(HOT, SLOW, { seed: 4, checked: true, mechanisms: mech });
    assert.ok(p.mechanisms!.splitSeconds > 0);
    const h = simulateHybrid(HOT, SLOW, {
      seed: 4,
      checked: true,
      mechanisms: { ...mech, autoConverge: true },
    });
    assert.ok(h.mechanisms!.splitSeconds > 0);
  });
});

Deno.test("bad mechanism input names the field and the value", () => {
  const run = (mechanisms: unknown) =>
    simulatePreCopy(HOT, SLOW, { seed: 1, mechanisms: mechanisms as MigrationMechanisms });
  assert.throws(
    () => run({ multifd: { channels: -2 } }),
    /options\.mechanisms\.multifd\.channels must be an integer in \[1, 255\]: current value is -2/,
  );
  assert.throws(
    () => run({ xbzrle: { cacheBytes: 2 * 4096 * 4096 } }),
    /options\.mechanisms\.xbzrle\.cacheBytes must be at most the memory \(16777216 bytes\): current value is 33554432/,
  );
  assert.throws(() => run({ turbo: true }), /options\.mechanisms\.turbo is not a known field/);
  assert.throws(
    () => run({ compression: { algorithm: "lz4", ratio: 0.5, bytesPerSecondPerCore: 1 } }),
    /options\.mechanisms\.compression\.algorithm must be one of "zlib", "zstd": current value is "lz4"/,
  );
  assert.throws(
    () => run({ autoConverge: { maxPercent: 120 } }),
    /options\.mechanisms\.autoConverge\.maxPercent must be in \[20, 99\]: current value is 120/,
  );
  assert.throws(() => run({ postCopySwitch: {} }), /options\.mechanisms\.postCopySwitch must give/);
  assert.throws(
    () => run({ autoConverge: true, dirtyLimit: true }),
    /options\.mechanisms\.dirtyLimit excludes options\.mechanisms\.autoConverge/,
  );
  assert.throws(
    () => run({ controller: { timeoutAction: "retry" } }),
    /options\.mechanisms\.controller\.timeoutAction must be one of/,
  );
});

Deno.test("mechanisms off: results carry no mechanisms field and equal the plain run", () => {
  const a = simulatePreCopy(HOT, SLOW, { seed: 5, maxWrites: 1e5 });
  const b = simulatePreCopy(HOT, SLOW, { seed: 5, maxWrites: 1e5, mechanisms: {} });
  assert.equal("mechanisms" in a, false);
  assert.deepEqual(a, b);
});

Deno.test("closed forms: throttle, compression and transport by the same algebra; others refused", () => {
  const cf = (mechanisms?: MigrationMechanisms) =>
    migrate(HOT, SLOW, {
      technique: "pre-copy",
      seed: 1,
      fidelity: "closed-form",
      ...(mechanisms ? { mechanisms } : {}),
    });
  assert.throws(
    () => cf({ xbzrle: true }),
    /options\.mechanisms\.xbzrle must be left out \(the page-level engine models it/,
  );
  assert.throws(
    () =>
      migrate(HOT, SLOW, {
        technique: "post-copy",
        seed: 1,
        fidelity: "closed-form",
        mechanisms: { multifd: true },
      }),
    /options\.mechanisms\.multifd must be left out \(the page-level engine models it/,
  );
  // Half speed: round 1 writes exactly half; compression 0.5: round 1 bytes exactly half.
  const plain = cf();
  const half = cf({ dirtyLogging: { slowdownFraction: 0.5 } });
  assert.equal(half.roundRows[0]!.writes, plain.roundRows[0]!.writes / 2);
  const comp = cf({ compression: { algorithm: "zstd", ratio: 0.5, bytesPerSecondPerCore: 1e12 } });
  assert.equal(comp.roundRows[0]!.bytesSent, HOT.pageCount * (8 + 2048));
  // Dirty rate above the link: the closed form does not converge plainly, does with auto-converge.
  assert.equal(plain.converged, false);
  const ac = cf({ autoConverge: true });
  assert.equal(ac.converged, true);
  assert.ok(ac.mechanisms!.maxThrottlePercent > 0);
  // And agrees with the page-level engine on the throttle reached.
  const page = simulatePreCopy(HOT, SLOW, { seed: 1, mechanisms: { autoConverge: true } });
  assert.ok(
    Math.abs(page.mechanisms!.maxThrottlePercent - ac.mechanisms!.maxThrottlePercent) <= 10,
  );
  assert.ok(
    Math.abs(page.totalSeconds / ac.totalSeconds - 1) < 0.15,
    `${page.totalSeconds} vs ${ac.totalSeconds}`,
  );
});

Deno.test("measured compressors and cipher (tiny case): ratio falls with entropy", async () => {
  for (const algorithm of ["zlib", "zstd"] as const) {
    const low = measureCompression({ algorithm, entropyBitsPerByte: 1, pages: 2 });
    const high = measureCompression({ algorithm, entropyBitsPerByte: 8, pages: 2 });
    assert.ok(low.ratio < high.ratio);
    assert.equal(high.ratio, 1); // random bytes do not compress
    assert.equal(
      measureCompression({ algorithm, entropyBitsPerByte: 1, pages: 2 }).ratio,
      low.ratio,
    );
  }
  const c = await measureCipher({ messages: 2, messageBytes: 1024 });
  assert.ok(c.bytesPerSecondPerCore > 0);
  assert.throws(
    () => measureCompression({ algorithm: "lz4" as "zlib", entropyBitsPerByte: 1 }),
    /options\.algorithm must be one of "zlib", "zstd": current value is "lz4"/,
  );
});

Deno.test("a guest at half speed makes exactly half the writes of a round (trace workload)", () => {
  // One write per millisecond to page k at k ms: a 1 s round sees 1000 writes, or
  // 500 when the guest runs half of the time.
  const accesses = Array.from({ length: 1000 }, (_, k) => ({
    timeSeconds: k / 1000,
    page: k,
    write: true,
  }));
  const vm: VmSpec = {
    pageCount: 4096,
    pageSizeBytes: 4096,
    stateBytes: 0,
    workload: { kind: "trace", durationSeconds: 1, accesses },
  };
  const link = { bandwidthBytesPerSecond: 4096 * 4096 };
  const plain = simulatePreCopy(vm, link, { seed: 1 });
  const half = simulatePreCopy(vm, link, {
    seed: 1,
    mechanisms: { dirtyLogging: { slowdownFraction: 0.5 } },
  });
  assert.equal(plain.roundRows[0]!.writes, 1000);
  assert.equal(half.roundRows[0]!.writes, 500);
  assert.equal(half.roundRows[0]!.pagesDirtied, 500);
  assert.deepEqual(half.mechanisms!.slowdown[0], {
    startSeconds: 0,
    endSeconds: 1,
    runFraction: 0.5,
    cause: "dirty-logging",
  });
});

Deno.test("switch to post-copy after a time, or when pre-copy stalls", () => {
  const timed = simulatePreCopy(HOT, SLOW, {
    seed: 1,
    checked: true,
    mechanisms: { postCopySwitch: { afterSeconds: 6 } },
  });
  // Checked at the end of the push round that passes 6 s.
  const pushEnds = timed.roundRows.filter((r) => r.phase === "push").map((r) => r.endSeconds);
  assert.equal(timed.mechanisms!.postCopySwitchSeconds, pushEnds[pushEnds.length - 1]);
  assert.ok(pushEnds[pushEnds.length - 1]! >= 6 && pushEnds[pushEnds.length - 2]! < 6);
  const stalled = simulatePreCopy(HOT, SLOW, {
    seed: 1,
    preset: "qemu",
    checked: true,
    mechanisms: { postCopySwitch: { stallSeconds: 10 } },
  });
  assert.equal(stalled.pagesMissing, 0);
  assert.ok(stalled.mechanisms!.postCopySwitchSeconds! >= 10);
  assert.ok(stalled.mechanisms!.splitSeconds > 0);
});

Deno.test("the workload's changedBytesPerWrite sizes XBZRLE deltas", () => {
  const vm = (changed: number): VmSpec => ({
    pageCount: 2048,
    pageSizeBytes: 4096,
    stateBytes: 0,
    workload: {
      kind: "hot-cold",
      writesPerSecond: 3000,
      hotFraction: 0.1,
      hotShare: 0.95,
      changedBytesPerWrite: changed,
    },
  });
  const preset = {
    ...PRESETS.default,
    stopRules: [{ kind: "max-rounds" as const, rounds: 8 }],
  };
  const link = { bandwidthBytesPerSecond: 4096 * 2000 };
  const small = simulatePreCopy(vm(16), link, { seed: 2, preset, mechanisms: { xbzrle: true } });
  const big = simulatePreCopy(vm(1024), link, { seed: 2, preset, mechanisms: { xbzrle: true } });
  assert.ok(small.mechanisms!.xbzrle!.deltaBytes < big.mechanisms!.xbzrle!.deltaBytes);
  assert.throws(
    () => simulatePreCopy(vm(-1), link, { seed: 2, mechanisms: { xbzrle: true } }),
    /vm\.workload\.changedBytesPerWrite must be a finite number >= 0: current value is -1/,
  );
});

Deno.test("secureTransportCost reports the slowdown factor and the cipher's CPU share", () => {
  const c = secureTransportCost(HOT, SLOW, { technique: "pre-copy", seed: 1, preset: "qemu" }, {
    cipherBytesPerSecondPerCore: 4096 * 2000,
    handshakeSeconds: 0.005,
  });
  // Both runs draw with the same sampler (mechanisms need per-write; "auto" alone
  // would give the plain run another one, and other draws for the same seed).
  assert.equal(c.plain.sampler, c.secure.sampler);
  // The cipher is faster than the link: only the handshake adds time, no CPU bound.
  assert.ok(c.slowdownFactor >= 1);
  assert.ok(c.cipherCpuShare > 0.4 && c.cipherCpuShare <= 0.51, `${c.cipherCpuShare}`);
  assert.equal(c.secure.setupSeconds, 0.005);
});

Deno.test("postcopy-after-precopy switches after the first pass", () => {
  const r = simulatePreCopy(HOT, SLOW, {
    seed: 1,
    checked: true,
    mechanisms: { postCopySwitch: POSTCOPY_AFTER_PRECOPY },
  });
  assert.deepEqual(r.roundRows.map((row) => row.phase), ["push", "stop-and-copy", "pull"]);
  assert.equal(r.mechanisms!.postCopySwitchSeconds, r.roundRows[0]!.endSeconds);
  // The split window runs from the resume to the last page at the destination.
  const resume = r.timeline.find((e) => e.kind === "resume")!.timeSeconds;
  assert.ok(Math.abs(r.mechanisms!.splitSeconds - (r.totalSeconds - resume)) < 1e-9);
});

Deno.test("after the switch to post-copy: stalls are guest slowdown; a failure in the split window loses the VM", () => {
  const r = simulatePreCopy(HOT, SLOW, {
    seed: 1,
    checked: true,
    mechanisms: { postCopySwitch: POSTCOPY_AFTER_PRECOPY },
  });
  const m = r.mechanisms!;
  const resume = r.timeline.find((e) => e.kind === "resume")!.timeSeconds;
  // The only slowdown is the pull's stalls: one interval from the resume to the end.
  assert.ok(r.stallSeconds > 0);
  assert.equal(m.guestSlowdownSeconds, r.stallSeconds);
  assert.deepEqual(m.slowdown, [{
    startSeconds: resume,
    endSeconds: r.totalSeconds,
    runFraction: 1 - r.stallSeconds / m.splitSeconds,
    cause: "post-copy-stalls",
  }]);
  // Before the resume the source holds the whole VM; in the split window it is lost.
  const fail = (processor: "source" | "destination", timeSeconds: number) =>
    failDuringMigration(r, { processor, timeSeconds }).outcome;
  assert.equal(fail("destination", resume * 0.99), "stays-at-source");
  assert.equal(fail("destination", resume + m.splitSeconds / 2), "lost");
  assert.equal(fail("source", resume + m.splitSeconds / 2), "lost");
  assert.equal(fail("destination", resume + m.splitSeconds), "completed");
  // Plain pre-copy of the same VM (it never resumes before the end) keeps it at the source.
  const plain = simulatePreCopy(HOT, SLOW, { seed: 1, maxWrites: 2e6 });
  assert.equal(
    failDuringMigration(plain, { processor: "destination", timeSeconds: resume + 1 }).outcome,
    "stays-at-source",
  );
});
