import assert from "node:assert/strict";
import {
  type LinkSpec,
  simulateHybrid,
  simulatePostCopy,
  simulatePreCopy,
  type VmSpec,
} from "../../mod.ts";

const vm: VmSpec = {
  pageCount: 32768,
  pageSizeBytes: 4096,
  stateBytes: 131072,
  workload: {
    kind: "hot-cold",
    writesPerSecond: 10000,
    readsPerSecond: 10000,
    hotFraction: 0.05,
    hotShare: 0.9,
  },
};
const link: LinkSpec = { bandwidthBytesPerSecond: 125e6, latencySeconds: 2e-4 };
const tPage = 4096 / 125e6;

Deno.test("simulateHybrid() pushes k rounds, then pulls only the pages dirtied since", async (t) => {
  for (const k of [1, 2, 3]) {
    await t.step(`${k} pre-copy round(s)`, () => {
      const r = simulateHybrid(vm, link, { seed: 4, preCopyRounds: k, sampler: "per-write" });
      const pre = simulatePreCopy(vm, link, {
        seed: 4,
        sampler: "per-write",
        stopRules: [{ kind: "max-rounds", rounds: k }],
      });
      // Same workload stream, so the push rounds are those of pre-copy.
      assert.deepEqual(
        r.roundRows.filter((x) => x.phase === "push"),
        pre.roundRows.filter((x) => x.phase === "push"),
      );
      const pushEnd = pre.roundRows.at(-1)!.startSeconds;
      const missing = pre.roundRows.at(-1)!.pagesSent;
      const pull = r.roundRows.at(-1)!;
      assert.equal(pull.phase, "pull");
      assert.equal(pull.pagesSent, missing);
      // Downtime is the state transfer only.
      assert.equal(r.downtimeSeconds, 131072 / 125e6 + 2e-4);
      // With active push the link never idles: the last page lands at
      // resume + missing pages x tPage + latency.
      const expected = pushEnd + r.downtimeSeconds + missing * tPage + 2e-4;
      assert.ok(
        Math.abs(r.totalSeconds - expected) < 1e-9,
        `${r.totalSeconds} vs ${expected}`,
      );
      assert.equal(
        r.bytesSent,
        r.roundRows.reduce((s, x) => s + x.bytesSent, 0),
      );
      assert.equal(r.pagesMissing, 0);
      assert.equal(r.stopReason, "all-pages-received");
    });
  }
});

Deno.test("simulateHybrid() faults less than post-copy and sends less than pre-copy on a hot/cold VM", () => {
  const hybrid = simulateHybrid(vm, link, { seed: 9, fetch: "prepaging" });
  const post = simulatePostCopy(vm, link, { seed: 9, fetch: "prepaging" });
  // The same sampler as hybrid's default (per-page), so the first rounds are the same draws.
  const pre = simulatePreCopy(vm, link, { seed: 9, sampler: "per-page" });
  assert.ok(
    hybrid.remoteFaults < post.remoteFaults,
    `${hybrid.remoteFaults} vs ${post.remoteFaults}`,
  );
  assert.ok(hybrid.downtimeSeconds < pre.downtimeSeconds);
  assert.ok(hybrid.pagesSent <= pre.pagesSent);
});

Deno.test("simulateHybrid() rejects bad options", () => {
  assert.throws(() => simulateHybrid(vm, link, { seed: 1, preCopyRounds: 0 }), {
    name: "RangeError",
    message:
      "Cannot simulate hybrid migration as options.preCopyRounds must be an integer >= 1: current value is 0",
  });
});

Deno.test("simulateHybrid() sends zero pages as a header only in the push and the pull", async (t) => {
  const link = { bandwidthBytesPerSecond: 1e8, pageOverheadBytes: 8, latencySeconds: 0.001 };
  const vm = (share: number, zeroing: number) => ({
    pageCount: 4096,
    pageSizeBytes: 4096,
    stateBytes: 65536,
    workload: {
      kind: "uniform" as const,
      writesPerSecond: 1e6,
      zeroPages: { initialShare: share, zeroingWriteShare: zeroing },
    },
  });
  await t.step(
    "100 % zero pages (every write zeroes): bytes are the headers plus the state",
    () => {
      const r = simulateHybrid(vm(1, 1), link, { seed: 2, preCopyRounds: 2, checked: true });
      const pull = r.roundRows.find((row) => row.phase === "pull")!;
      assert.ok(pull.pagesSent > 0);
      assert.equal(pull.zeroPagesSent, pull.pagesSent);
      assert.equal(r.zeroPagesSent, r.pagesSent);
      assert.equal(r.bytesSent, r.pagesSent * 8 + 65536);
    },
  );
  await t.step("a zero page written non-zero before the suspend is pulled in full", () => {
    const r = simulateHybrid(vm(1, 0), link, { seed: 2, preCopyRounds: 1, checked: true });
    const pull = r.roundRows.find((row) => row.phase === "pull")!;
    // Every page the pull sends was written during the push: none is zero.
    assert.equal(pull.zeroPagesSent, 0);
    assert.equal(pull.bytesSent, pull.pagesSent * 4104);
  });
});
