import assert from "node:assert/strict";
import {
  closedFormPreCopy,
  createBitset,
  createLink,
  pageWireBytes,
  phaseBytesPerSecond,
  simulatePreCopy,
} from "../../mod.ts";

Deno.test("createLink() charges headers, zero pages, phase rates and latency by convention", async (t) => {
  await t.step("zero pages cost the header only, and totals add per phase", () => {
    const zero = createBitset(64);
    for (let p = 0; p < 64; p += 4) zero.set(p); // 16 zero pages
    const link = createLink(
      { bandwidthBytesPerSecond: 1e6, maxBandwidthBytesPerSecond: 5e5, pageOverheadBytes: 8 },
      4096,
      { zeroPages: zero, capSemantics: "live-only" },
    );
    const all = createBitset(64);
    all.fill();
    const live = link.sendPages("live", all, 64);
    assert.equal(live.zeroPages, 16);
    assert.equal(live.bytes, 48 * 4104 + 16 * 8);
    assert.equal(live.seconds, live.bytes / 5e5);
    const final = link.sendPages("stop-and-copy", all, 64);
    assert.equal(final.seconds, final.bytes / 1e6, "the cap is lifted for the final copy");
    assert.equal(link.sendMessage("pull", 100), 100 / 1e6, "and for the post-copy pull");
    assert.deepEqual(link.totals, {
      liveBytes: live.bytes,
      stopAndCopyBytes: final.bytes,
      pullBytes: 100,
      pagesSent: 128,
      zeroPagesSent: 32,
    });
  });

  await t.step("a preset may add a payload to zero pages (QEMU: one byte)", () => {
    const zero = createBitset(4);
    zero.fill();
    const link = createLink({ bandwidthBytesPerSecond: 1e6, pageOverheadBytes: 8 }, 4096, {
      zeroPages: zero,
      zeroPagePayloadBytes: 1,
    });
    assert.equal(link.zeroPageWireBytes, 9);
    assert.equal(link.sendPages("live", zero, 4).bytes, 36);
  });

  await t.step("a zero page may cost the sender's scan (zeroPageSeconds)", () => {
    const zero = createBitset(4);
    zero.set(0);
    zero.set(1);
    const link = createLink(
      { bandwidthBytesPerSecond: 1e6, pageOverheadBytes: 8, zeroPageSeconds: 1e-3 },
      4096,
      { zeroPages: zero },
    );
    const all = createBitset(4);
    all.fill();
    const batch = link.sendPages("live", all, 4);
    assert.equal(batch.seconds, (2 * 4104 + 2 * 8) / 1e6 + 2e-3);
    assert.equal(link.zeroPageSeconds, 1e-3);
    assert.throws(
      () => createLink({ bandwidthBytesPerSecond: 1, zeroPageSeconds: -1 }, 4096),
      {
        name: "RangeError",
        message:
          "Cannot migrate as link.zeroPageSeconds must be a finite number >= 0: current value is -1",
      },
    );
  });

  await t.step("per-message latency is added to every message", () => {
    const link = createLink({ bandwidthBytesPerSecond: 1000, latencySeconds: 0.5 }, 100, {
      latencyConvention: "per-message",
    });
    assert.equal(link.sendMessage("live", 1000), 1.5);
    assert.equal(link.sendMessage("live", 0), 0.5, "an acknowledgement costs the latency");
    const pipelined = createLink({ bandwidthBytesPerSecond: 1000, latencySeconds: 0.5 }, 100);
    assert.equal(pipelined.sendMessage("live", 1000), 1);
  });

  await t.step("bad specs are rejected by name", () => {
    assert.throws(
      () => createLink({ bandwidthBytesPerSecond: -1 }, 4096),
      /link\.bandwidthBytesPerSecond/,
    );
  });
});

Deno.test("the simulator and the closed forms use the link's wire bytes and rates", () => {
  const link = {
    bandwidthBytesPerSecond: 1e6,
    pageOverheadBytes: 24,
    maxBandwidthBytesPerSecond: 4e5,
  };
  assert.equal(pageWireBytes(1000, link), 1024);
  assert.equal(phaseBytesPerSecond(link, "stop-and-copy"), 4e5);
  const vm = {
    pageCount: 100,
    pageSizeBytes: 1000,
    stateBytes: 0,
    workload: { kind: "idle" as const },
  };
  const sim = simulatePreCopy(vm, link, { seed: 1 });
  const cf = closedFormPreCopy(vm, link);
  assert.equal(sim.bytesSent, 100 * 1024);
  assert.equal(sim.totalSeconds, (100 * 1024) / 4e5);
  assert.equal(cf.totalSeconds, sim.totalSeconds);
  assert.equal(sim.liveBytesSent, 102400);
  assert.equal(sim.stopAndCopyBytesSent, 0);
});
