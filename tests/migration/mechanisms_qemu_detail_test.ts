/**
 * The QEMU details of the mechanisms that the real-QEMU comparison needed: multifd
 * packets (charged whole to the rate limit, counted uncompressed in QEMU 7.2), a
 * guest that catches up the time auto-converge took, and the CPU cost of XBZRLE
 * encoding; each by the exact amount on a hand-computable case.
 */
import assert from "node:assert/strict";
import { mechanismLink } from "../../lib/migration/_mechanism_link.ts";
import { MechanismState } from "../../lib/migration/_mechanism_state.ts";
import { createLink, resolveMechanisms, simulatePreCopy, type VmSpec } from "../../mod.ts";
import { measureCompression, measureXbzrle, pageOfEntropy } from "../../lib/measure/mod.ts";

const PACKETS = { pages: 128, headerBytes: 1344, countsUncompressedBytes: true };

Deno.test("multifd packets: a page carries its share of the packet header", () => {
  const inner = createLink({ bandwidthBytesPerSecond: 1e9, pageOverheadBytes: 8 }, 4096);
  const report = { cpuSeconds: 0, cipherCpuSeconds: 0 };
  const m = resolveMechanisms({ multifd: { channels: 4, packets: PACKETS } }, 1 << 30)!;
  assert.equal(mechanismLink(inner, 4096, m, report).pageWireBytes, 4096 + 1344 / 128);
  // QEMU 7.2 counts compressed packets at their uncompressed size; later QEMU does not.
  const comp = { algorithm: "zstd" as const, ratio: 0.25, bytesPerSecondPerCore: 1e9 };
  const m72 = resolveMechanisms({ multifd: { packets: PACKETS }, compression: comp }, 1 << 30)!;
  assert.equal(mechanismLink(inner, 4096, m72, report).pageWireBytes, 4096 + 10.5);
  const mNew = resolveMechanisms({
    multifd: { packets: { ...PACKETS, countsUncompressedBytes: false } },
    compression: comp,
  }, 1 << 30)!;
  assert.equal(mechanismLink(inner, 4096, mNew, report).pageWireBytes, 1024 + 10.5);
});

Deno.test("multifd packets under max-bandwidth: a window carries whole packets", () => {
  // An idle 64 MiB guest, every page non-zero, capped at 32 MiB/s, preset qemu.
  const vm: VmSpec = {
    pageCount: 16384,
    pageSizeBytes: 4096,
    stateBytes: 0,
    workload: { kind: "idle" },
  };
  const link = {
    bandwidthBytesPerSecond: 1e9,
    maxBandwidthBytesPerSecond: 2 ** 25,
    pageOverheadBytes: 8,
  };
  const run = (packets?: typeof PACKETS) =>
    simulatePreCopy(vm, link, {
      seed: 1,
      preset: "qemu",
      mechanisms: { multifd: packets ? { channels: 4, packets } : { channels: 4 } },
    });
  const plain = run();
  const packed = run(PACKETS);
  // Bytes: 4096 + 1344/128 per page instead of 4096 + 8.
  assert.equal(packed.bytesSent, 16384 * (4096 + 10.5));
  assert.equal(plain.bytesSent, 16384 * (4096 + 8));
  // The window's budget, 0.1 s x 32 MiB/s = 3,355,443 bytes, is charged 525,632 bytes at a
  // time: 7 packets (3,679,424 bytes) leave per 100 ms window, 9.65 % over the cap.
  const packet = 128 * (4096 + 10.5);
  assert.equal(Math.ceil((0.1 * 2 ** 25) / packet), 7);
  const liveRate = (r: typeof plain) => r.liveBytesSent / (r.totalSeconds - r.downtimeSeconds);
  assert.ok(Math.abs(liveRate(packed) / (7 * packet * 10) - 1) < 0.02, `${liveRate(packed)}`);
  assert.ok(Math.abs(liveRate(plain) / 2 ** 25 - 1) < 0.02, `${liveRate(plain)}`);
});

Deno.test("a guest that catches up keeps its dirty rate under auto-converge", async (t) => {
  const hot: VmSpec = {
    pageCount: 4096,
    pageSizeBytes: 4096,
    stateBytes: 4096,
    workload: { kind: "uniform", writesPerSecond: 5000 },
  };
  const slow = { bandwidthBytesPerSecond: 4096 * 1000 };
  await t.step("exec: throttled time still advances the writes, and is still slowdown", () => {
    const m = resolveMechanisms({ autoConverge: { guestCatchesUp: true } }, 1 << 30)!;
    const s = new MechanismState(m, 256, 4096, 100);
    s.sync(1, 1e6, 1, 10);
    s.sync(2, 1e6, 1, 10);
    assert.equal(s.throttlePercent, 20);
    assert.equal(s.exec(0, 10), 10); // the writes keep pace
    assert.ok(Math.abs(s.report.guestSlowdownSeconds - 2) < 1e-12); // 20 % of 10 s
    const off = resolveMechanisms({ autoConverge: true }, 1 << 30)!;
    const u = new MechanismState(off, 256, 4096, 100);
    u.sync(1, 1e6, 1, 10);
    u.sync(2, 1e6, 1, 10);
    assert.equal(u.exec(0, 10), 8);
  });
  for (const preset of ["default", "qemu"] as const) {
    await t.step(`preset ${preset}: converges without catch-up, not with it`, () => {
      const run = (guestCatchesUp: boolean) =>
        simulatePreCopy(hot, slow, {
          seed: 1,
          preset,
          maxWrites: 2e6,
          mechanisms: { autoConverge: { guestCatchesUp } },
        });
      const follows = run(false);
      const catches = run(true);
      assert.equal(follows.converged, true);
      assert.equal(catches.converged, false);
      assert.ok(catches.mechanisms!.maxThrottlePercent >= follows.mechanisms!.maxThrottlePercent);
      // Writes keep 5000/s of wall time (the throttle takes 20-99 % of the guest's time):
      // Poisson draws, so within 2 %.
      const push = catches.roundRows.filter((r) => r.phase === "push");
      const writes = push.reduce((a, r) => a + r.writes, 0);
      const seconds = push.reduce((a, r) => a + r.endSeconds - r.startSeconds, 0);
      assert.ok(Math.abs(writes / seconds / 5000 - 1) < 0.02, `${writes / seconds}`);
      assert.ok(catches.mechanisms!.guestSlowdownSeconds > 0);
    });
  }
});

Deno.test("XBZRLE encoding costs page size / rate per delta", () => {
  // 819 hot pages written 1000 times/s: pass 2 caches them, the stop sends deltas.
  const vm: VmSpec = {
    pageCount: 4096,
    pageSizeBytes: 4096,
    stateBytes: 0,
    workload: { kind: "hot-cold", writesPerSecond: 1000, hotFraction: 0.2, hotShare: 1 },
  };
  const rate = 4096 * 2000;
  const run = (encodeBytesPerSecond?: number) =>
    simulatePreCopy(vm, { bandwidthBytesPerSecond: rate }, {
      seed: 1,
      mechanisms: {
        xbzrle: encodeBytesPerSecond === undefined ? true : { encodeBytesPerSecond },
      },
    });
  const free = run();
  const costly = run(4096 * 1000); // 1 ms per delta
  const x = free.mechanisms!.xbzrle!;
  assert.deepEqual(costly.mechanisms!.xbzrle, x);
  // Pass 2 only filled the cache (its pages all missed), so every hit is a delta of the stop.
  assert.equal(free.roundRows.length, 3);
  assert.equal(
    x.cacheMisses,
    free.roundRows[1]!.pagesSent + free.roundRows[2]!.pagesSent - x.cacheHits,
  );
  assert.ok(x.cacheHits > 0 && x.deltaBytes > 0);
  // The deltas' wire time gives way to 1 ms of encoding per delta.
  const expected = free.downtimeSeconds - x.deltaBytes / rate + x.cacheHits * 0.001;
  assert.ok(Math.abs(costly.downtimeSeconds - expected) < 1e-12, `${costly.downtimeSeconds}`);
});

Deno.test("measured XBZRLE encoder and packet-wise compression", () => {
  const a = measureXbzrle({ pages: 8, changedBytesPerPage: 4, seed: 3 });
  const b = measureXbzrle({ pages: 8, changedBytesPerPage: 4, seed: 3 });
  assert.equal(a.encodedBytesPerPage, b.encodedBytesPerPage); // deterministic for a seed
  // A changed byte costs its unchanged-run length (1-2 bytes), its run length and itself.
  assert.ok(a.encodedBytesPerPage >= 3 && a.encodedBytesPerPage <= 16);
  assert.equal(measureXbzrle({ pages: 2, changedBytesPerPage: 0 }).encodedBytesPerPage, 0);
  assert.equal(
    measureXbzrle({ pages: 2, changedBytesPerPage: 4096 }).encodedBytesPerPage,
    4096,
  ); // overflow: the page goes whole
  const c = measureCompression({
    algorithm: "zlib",
    entropyBitsPerByte: 0,
    pages: 8,
    pagesPerCall: 4,
  });
  assert.equal(c.pagesPerCall, 4);
  assert.ok(
    c.ratio < measureCompression({ algorithm: "zlib", entropyBitsPerByte: 0, pages: 8 }).ratio,
  );
});

Deno.test("pageOfEntropy() and measureCompression() pages have the stated entropy, not a rounded one", () => {
  // Bytes were uniform over round(2^H) symbols: 0.5 bits gave all zeros (as 0 bits
  // did), 0.58 zeros and 0.59 a full bit, 1.5 bits log2 3 = 1.585, 2.5 log2 6 = 2.585.
  // The plug-in entropy of 2^18 bytes is within 0.01 bits of the law's.
  const plugIn = (page: Uint8Array): number => {
    const counts = new Map<number, number>();
    for (const b of page) counts.set(b, (counts.get(b) ?? 0) + 1);
    let bits = 0;
    for (const c of counts.values()) bits -= (c / page.length) * Math.log2(c / page.length);
    return bits;
  };
  for (const bits of [0, 0.3, 0.5, 0.58, 0.59, 1, 1.5, 2.5, 4, 7.3, 8]) {
    const page = pageOfEntropy(2 ** 18, bits, 7);
    assert.ok(Math.abs(plugIn(page) - bits) < 0.01, `${bits} bits: ${plugIn(page)}`);
    assert.ok(page.every((b) => b < Math.ceil(2 ** bits)), `${bits} bits: alphabet`);
  }
  const zero = measureCompression({ algorithm: "zstd", entropyBitsPerByte: 0, pages: 4 });
  const half = measureCompression({ algorithm: "zstd", entropyBitsPerByte: 0.5, pages: 4 });
  assert.ok(half.ratio > 10 * zero.ratio, `${half.ratio} vs ${zero.ratio}`);
});

Deno.test("measureXbzrle() changes exactly changedBytesPerPage distinct bytes of each page", () => {
  // Places were drawn with replacement: a place drawn twice left fewer bytes changed
  // (4096 of 4096 changed 2,590 on average, 1024 changed 905). One page per seed, so
  // encodedBytesPerPage is that page's encoding: 2 distinct changed bytes of 8 encode
  // in 4 (adjacent: runs 0 and 2, 2 bytes) or 6 bytes (runs 0, 1, 1 and 1, 2 bytes);
  // 12 of 16 (the 4 unchanged drawn instead) in 14 or 16 (also 16 for an encoding that
  // does not fit). Fewer changed bytes encode in 3 (one byte) or, for 16, at most 13.
  for (let seed = 0; seed < 100; seed++) {
    const two = measureXbzrle({ pageSizeBytes: 8, pages: 1, changedBytesPerPage: 2, seed });
    assert.ok([4, 6].includes(two.encodedBytesPerPage), `seed ${seed}: ${two.encodedBytesPerPage}`);
    const most = measureXbzrle({ pageSizeBytes: 16, pages: 1, changedBytesPerPage: 12, seed });
    assert.ok(
      [14, 16].includes(most.encodedBytesPerPage),
      `seed ${seed}: ${most.encodedBytesPerPage}`,
    );
  }
});

Deno.test("bad input names the field and value", () => {
  const bad = (mechanisms: unknown) => () => resolveMechanisms(mechanisms as never, 1 << 30);
  assert.throws(
    bad({ multifd: { packets: { ...PACKETS, pages: 0 } } }),
    /options\.mechanisms\.multifd\.packets\.pages must be an integer .*current value is 0/,
  );
  assert.throws(
    bad({ multifd: { packets: { ...PACKETS, colour: 1 } } }),
    /options\.mechanisms\.multifd\.packets\.colour is not a known field/,
  );
  assert.throws(
    bad({ multifd: { packets: { ...PACKETS, countsUncompressedBytes: "yes" } } }),
    /countsUncompressedBytes must be a boolean: current value is "yes"/,
  );
  assert.throws(
    bad({ autoConverge: { guestCatchesUp: 1 } }),
    /options\.mechanisms\.autoConverge\.guestCatchesUp must be a boolean: current value is 1/,
  );
  assert.throws(
    bad({ xbzrle: { encodeBytesPerSecond: 0 } }),
    /options\.mechanisms\.xbzrle\.encodeBytesPerSecond .*current value is 0/,
  );
  assert.throws(() => measureXbzrle({ pages: 0 }), /options\.pages .*current value is 0/);
  // Was "Cannot make a page as entropyBitsPerByte ...", pageOfEntropy's action and field.
  for (const [value, shown] of [[9, "9"], [NaN, "NaN"], [undefined, "undefined"]] as const) {
    assert.throws(
      () => measureCompression({ algorithm: "zlib", entropyBitsPerByte: value as number }),
      {
        message: new RegExp(
          `^Cannot measure compression as options\\.entropyBitsPerByte must be .*current value is ${shown}$`,
        ),
      },
    );
  }
  assert.throws(
    () =>
      measureCompression({ algorithm: "zlib", entropyBitsPerByte: 0, pages: 2, pagesPerCall: 3 }),
    /options\.pagesPerCall .*current value is 3/,
  );
});
