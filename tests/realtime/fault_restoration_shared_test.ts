import assert from "node:assert/strict";
import { injectFault } from "../../lib/realtime/fault_restoration.ts";
import type { Platform, Processor, RealTimeVm } from "../../lib/realtime/model.ts";

const link = { bandwidthBytesPerSecond: 1e8, latencySeconds: 0, pageOverheadBytes: 0 };
function processor(name: string): Processor {
  return { name, capacity: 1, ramBytes: 2 ** 30, link };
}
function vm(name: string, pageCount: number, writesPerSecond = 0): RealTimeVm {
  return {
    name,
    scheduler: "edf",
    server: { periodSeconds: 0.01, budgetSeconds: 0.004 },
    tasks: [{ name: "t", periodSeconds: 0.1, wcetSeconds: 0.02, deadlineSeconds: 0.1 }],
    image: {
      pageCount,
      pageSizeBytes: 4096,
      stateBytes: 0,
      workload: writesPerSecond > 0 ? { kind: "uniform", writesPerSecond } : { kind: "idle" },
    },
  };
}
const fault = { processorIndex: 0, timeSeconds: 0.5, kind: "degraded" as const };

Deno.test("injectFault() shares the faulty link max-min (linkSharing: concurrent, the default)", async (t) => {
  // Two idle VMs of 409.6 kB (a) and 819.2 kB (b) on p0, offline over 100 MB/s.
  const platform: Platform = {
    processors: [processor("p0"), processor("p1"), processor("p2")],
    vms: [vm("a", 100), vm("b", 200)],
    placement: [0, 0],
  };
  const base = {
    technique: "offline" as const,
    seed: 1,
    windowSeconds: 10,
    detectionSeconds: 0.05,
    scheduleAfterFaultSeconds: 0,
  };
  await t.step("each gets half until the smaller ends, then the rest is the larger's", () => {
    // No linkSharing given: the default shares the link.
    const r = injectFault(platform, fault, base);
    assert.deepEqual(r, injectFault(platform, fault, { ...base, linkSharing: "concurrent" }));
    const [a, b] = r.vms;
    // a: 409,600 B at 50 MB/s = 8.192 ms; b: the same then 409,600 B at 100 MB/s.
    assert.ok(Math.abs(a!.migrationSeconds - 0.008192) < 1e-12);
    assert.ok(Math.abs(b!.migrationSeconds - 0.012288) < 1e-12);
    assert.deepEqual([a!.startSeconds, b!.startSeconds], [0.05, 0.05]);
    assert.ok(Math.abs(a!.outageSeconds - (0.05 + 0.008192)) < 1e-12);
  });
  await t.step("sequential (the old default) is kept: b waits for a", () => {
    const r = injectFault(platform, fault, { ...base, linkSharing: "sequential" });
    assert.ok(Math.abs(r.vms[1]!.startSeconds - (0.05 + 0.004096)) < 1e-12);
    // The last VM is back at the same time either way (the link is never idle).
    const c = injectFault(platform, fault, { ...base, linkSharing: "concurrent" });
    const endSeq = r.vms[1]!.startSeconds + r.vms[1]!.migrationSeconds;
    const endCon = c.vms[1]!.startSeconds + c.vms[1]!.migrationSeconds;
    assert.ok(Math.abs(endSeq - endCon) < 1e-12);
  });
  await t.step("a single VM: the same as sequential, page level, seed for seed", () => {
    const one: Platform = { ...platform, vms: [vm("a", 1024, 2000)], placement: [0] };
    for (const technique of ["offline", "pre-copy"] as const) {
      const s = injectFault(one, fault, { ...base, technique, linkSharing: "sequential" });
      const c = injectFault(one, fault, { ...base, technique, linkSharing: "concurrent" });
      assert.equal(c.vms[0]!.bytesSent, s.vms[0]!.bytesSent);
      assert.ok(Math.abs(c.vms[0]!.outageSeconds - s.vms[0]!.outageSeconds) < 1e-12);
    }
  });
  await t.step("post-copy at page level: alone as sequential; shared, the pull slows", () => {
    const busy = (name: string) => {
      const v = vm(name, 1024, 2000);
      v.image.workload = { kind: "uniform", writesPerSecond: 2000, readsPerSecond: 20000 };
      return v;
    };
    const technique = "post-copy" as const;
    const one: Platform = { ...platform, vms: [busy("a")], placement: [0] };
    const s = injectFault(one, fault, { ...base, technique, linkSharing: "sequential" });
    const c = injectFault(one, fault, { ...base, technique, linkSharing: "concurrent" });
    assert.equal(c.vms[0]!.bytesSent, s.vms[0]!.bytesSent);
    assert.ok(c.vms[0]!.stallSeconds > 0);
    assert.ok(Math.abs(c.vms[0]!.stallSeconds - s.vms[0]!.stallSeconds) < 1e-12);
    // Two such VMs at once: each pull gets half the link, so its faults wait longer.
    const two: Platform = { ...platform, vms: [busy("a"), busy("b")], placement: [0, 0] };
    const both = injectFault(two, fault, { ...base, technique, linkSharing: "concurrent" });
    for (const v of both.vms) {
      assert.ok(v.migrationSeconds > c.vms[0]!.migrationSeconds * 1.9);
      assert.ok(v.stallSeconds > c.vms[0]!.stallSeconds);
    }
  });
  await t.step("past the window, the VM ending last is dropped and the rest re-shared", () => {
    // Together both would end at 12.288 ms after detection; a alone ends at 4.096 ms.
    const r = injectFault(platform, fault, {
      ...base,
      linkSharing: "concurrent",
      windowSeconds: 0.06,
    });
    assert.deepEqual(r.vms.map((v) => v.outcome), ["restored", "window-exceeded"]);
    assert.ok(Math.abs(r.vms[0]!.migrationSeconds - 0.004096) < 1e-12);
  });
  await t.step(
    "past the window, the one dropped is the VM ending last, not the first in order",
    () => {
      // a (200 pages), b (300), c (100), idle, offline over 100 MB/s from 50 ms: shared by three,
      // c ends at 12.288 ms, a at 20.48 ms, b at 24.576 ms after detection; with a window 19 ms
      // after detection, b (last) is dropped, then a ends at 12.288 ms and c at 8.192 ms.
      // (Dropping a, the first past the window, would have let b end at 16.384 ms instead.)
      const three: Platform = {
        ...platform,
        vms: [vm("a", 200), vm("b", 300), vm("c", 100)],
        placement: [0, 0, 0],
      };
      const r = injectFault(three, fault, { ...base, windowSeconds: 0.069 });
      assert.deepEqual(r.vms.map((v) => v.outcome), ["restored", "window-exceeded", "restored"]);
      assert.ok(Math.abs(r.vms[0]!.migrationSeconds - 0.012288) < 1e-12);
      assert.ok(Math.abs(r.vms[2]!.migrationSeconds - 0.008192) < 1e-12);
    },
  );
  await t.step(
    "a single VM over a link with latency and page headers: the same as sequential",
    () => {
      const slow = { bandwidthBytesPerSecond: 1e8, latencySeconds: 1e-3, pageOverheadBytes: 64 };
      const busy = vm("a", 1024, 2000);
      busy.image.workload = { kind: "uniform", writesPerSecond: 2000, readsPerSecond: 20000 };
      const one: Platform = {
        processors: [0, 1, 2].map((i) => ({ ...processor(`p${i}`), link: slow })),
        vms: [busy],
        placement: [0],
      };
      for (const fidelity of ["page", "closed-form"] as const) {
        for (const technique of ["offline", "pre-copy", "post-copy"] as const) {
          const what = `${technique} ${fidelity}`;
          const o = { ...base, technique, fidelity };
          const s = injectFault(one, fault, { ...o, linkSharing: "sequential" });
          const c = injectFault(one, fault, { ...o, linkSharing: "concurrent" });
          // 1024 pages of 4096 + 64 bytes at least
          assert.ok(s.vms[0]!.bytesSent >= 1024 * 4160, what);
          assert.equal(c.vms[0]!.bytesSent, s.vms[0]!.bytesSent, what);
          assert.ok(Math.abs(c.vms[0]!.outageSeconds - s.vms[0]!.outageSeconds) < 1e-12, what);
          assert.ok(Math.abs(c.vms[0]!.stallSeconds - s.vms[0]!.stallSeconds) < 1e-12, what);
        }
      }
    },
  );
  await t.step("an unknown sharing is refused by name", () => {
    assert.throws(
      () => injectFault(platform, fault, { ...base, linkSharing: "fair" as "concurrent" }),
      /options.linkSharing/,
    );
  });
});
