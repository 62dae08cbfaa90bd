import assert from "node:assert/strict";
import { simulateHybrid, simulatePreCopy, toQueryMigrate, type VmSpec } from "../../mod.ts";

const VM: VmSpec = {
  pageCount: 1000,
  pageSizeBytes: 1000,
  stateBytes: 5000,
  workload: { kind: "uniform", writesPerSecond: 200, readsPerSecond: 200 },
};

Deno.test("toQueryMigrate() gives QEMU's query-migrate names and units", () => {
  const r = simulatePreCopy(VM, { bandwidthBytesPerSecond: 1e6, pageOverheadBytes: 8 }, {
    seed: 1,
    preset: "qemu",
    setupSeconds: 0.02,
  });
  const q = toQueryMigrate(r, VM);
  assert.equal(q.status, "completed");
  assert.equal(q["total-time"], r.totalSeconds * 1000);
  assert.equal(q["setup-time"], 20);
  assert.equal(q.downtime, r.downtimeSeconds * 1000);
  assert.equal(q.ram.transferred, r.bytesSent);
  assert.equal(q.ram.total, 1e6);
  assert.equal(q.ram["page-size"], 1000);
  assert.equal(q.ram.normal + q.ram.duplicate, r.pagesSent);
  assert.equal(q.ram["precopy-bytes"] + q.ram["downtime-bytes"], q.ram.transferred);
  assert.equal(q.ram["postcopy-bytes"], 0);
  assert.equal(q.ram["dirty-sync-count"], r.rounds - 1);
  assert.ok(Math.abs(q.ram.mbps - (r.bytesSent * 8) / (r.totalSeconds - 0.02) / 1e6) < 1e-9);
});

Deno.test("toQueryMigrate() counts post-copy requests and bytes", () => {
  const r = simulateHybrid(VM, { bandwidthBytesPerSecond: 1e6, latencySeconds: 1e-3 }, { seed: 2 });
  const q = toQueryMigrate(r, VM);
  assert.equal(q.ram["postcopy-requests"], r.remoteFaults);
  assert.equal(q.ram["postcopy-bytes"], r.pullBytesSent);
  assert.ok(q.ram["postcopy-bytes"] > 0);
  assert.equal(q.ram["downtime-bytes"], 5000);
});

Deno.test("toQueryMigrate() counts zero pages as QEMU's duplicate and the resume in downtime", () => {
  // 100 idle pages of 1000 bytes, 30 of them zero: one push of 100 pages (30 as headers),
  // then a stop-and-copy of no page and 5000 bytes of state at 1e6 B/s (5 ms), and 0.5 s
  // of resume. QEMU counts zero pages as `duplicate`, the others as `normal` pages of
  // `normal-bytes` page bytes (headers aside): 30, 70 and 70,000; downtime 5 + 500 ms.
  const vm: VmSpec = {
    pageCount: 100,
    pageSizeBytes: 1000,
    stateBytes: 5000,
    workload: { kind: "idle", zeroPages: { initialShare: 0.3 } },
  };
  const r = simulatePreCopy(vm, { bandwidthBytesPerSecond: 1e6 }, { seed: 1, resumeSeconds: 0.5 });
  const q = toQueryMigrate(r, vm);
  assert.equal(q.ram.duplicate, 30);
  assert.equal(q.ram.normal, 70);
  assert.equal(q.ram["normal-bytes"], 70000);
  assert.ok(Math.abs(q.downtime - 505) < 1e-9, `${q.downtime}`);
  assert.equal(q.ram.remaining, 0);
});

Deno.test("toQueryMigrate() reports a migration the controller aborted as cancelled, not completed (review)", () => {
  // 1e6 bytes of memory: a timeout of 100 s per GiB is about 0.093 s, passed at the
  // first sync (round 1 takes 1 s at 1e6 B/s), whose dirty pages keep the push going.
  const r = simulatePreCopy(VM, { bandwidthBytesPerSecond: 1e6 }, {
    seed: 1,
    mechanisms: { controller: { completionTimeoutSecondsPerGiB: 100, timeoutAction: "abort" } },
  });
  assert.equal(r.stopReason, "aborted");
  const q = toQueryMigrate(r, VM);
  assert.equal(q.status, "cancelled");
  assert.equal(q.downtime, 0);
  // A run that completes is still "completed".
  assert.equal(
    toQueryMigrate(simulatePreCopy(VM, { bandwidthBytesPerSecond: 1e6 }, { seed: 1 }), VM).status,
    "completed",
  );
});

Deno.test("toQueryMigrate() does not count pages XBZRLE sent as deltas as normal pages (review)", () => {
  // Five rounds of a hot set: pages re-sent from the third round on hit the cache.
  const vm: VmSpec = {
    pageCount: 1000,
    pageSizeBytes: 4096,
    stateBytes: 0,
    workload: { kind: "hot-cold", writesPerSecond: 3000, hotFraction: 0.05, hotShare: 0.95 },
  };
  const r = simulatePreCopy(vm, { bandwidthBytesPerSecond: 4096e3 }, {
    seed: 1,
    stopRules: [{ kind: "max-rounds", rounds: 5 }],
    mechanisms: { xbzrle: true },
  });
  const x = r.mechanisms!.xbzrle!;
  const deltas = x.cacheHits - x.overflows;
  assert.ok(deltas > 0, `${deltas}`);
  const q = toQueryMigrate(r, vm);
  // Every page sent is a zero page, a delta or a page in full.
  assert.equal(q.ram.normal, r.pagesSent - r.zeroPagesSent - deltas);
  assert.equal(q.ram["normal-bytes"], q.ram.normal * 4096);
  // Pages in full cannot carry more bytes than the whole transfer.
  assert.ok(q.ram["normal-bytes"] <= q.ram.transferred);
});
