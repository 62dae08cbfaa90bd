import assert from "node:assert/strict";
import { migrate, type VmSpec } from "../../mod.ts";
import { adviceCandidates, advise } from "../../lib/advisor/mod.ts";

const vm: VmSpec = {
  pageCount: 65536,
  pageSizeBytes: 4096,
  stateBytes: 262144,
  workload: { kind: "hot-cold", writesPerSecond: 5000, hotFraction: 0.05, hotShare: 0.9 },
};
const link = { bandwidthBytesPerSecond: 125e6, latencySeconds: 1e-4 };

Deno.test("advise() ranks settings that meet the goal by its cost", async (t) => {
  await t.step("the top pick meets the goal when re-simulated with another seed", () => {
    const goal = { maxDowntimeSeconds: 0.05, maxSlowdown: 0.02, minimise: "total-time" as const };
    const advice = advise(vm, link, goal);
    assert.ok(advice.meetsGoal);
    assert.ok(advice.ranking.length >= 1);
    const top = advice.ranking[0]!;
    assert.equal(top.rank, 1);
    assert.deepEqual(top.violations, []);
    const candidate = adviceCandidates(0.05).find((c) => c.label === top.label)!;
    const again = migrate(vm, link, { ...candidate.options, seed: 99 } as never);
    assert.ok(again.downtimeSeconds <= 0.05, `${top.label}: ${again.downtimeSeconds}`);
    const slowdown = again.stallSeconds / (again.totalSeconds - again.downtimeSeconds);
    assert.ok(!(slowdown > 0.02), `${top.label}: slowdown ${slowdown}`);
  });
  await t.step("the ranking is sorted by the cost and every row meets every limit", () => {
    for (const minimise of ["total-time", "downtime", "traffic"] as const) {
      const advice = advise(vm, link, { maxDowntimeSeconds: 0.3, maxSlowdown: 0.05, minimise });
      const key = minimise === "total-time"
        ? "totalSeconds"
        : minimise === "downtime"
        ? "downtimeSeconds"
        : "bytesSent";
      const costs = advice.ranking.map((r) => r[key]);
      assert.deepEqual(costs, [...costs].sort((a, b) => a - b), minimise);
      for (const r of advice.ranking) {
        assert.ok(r.downtimeSeconds <= 0.3 && r.slowdown <= 0.05 && r.meetsGoal);
      }
    }
  });
  await t.step("a traffic budget below the memory size rules out everything", () => {
    const advice = advise(vm, link, { maxBytes: 1e8 });
    assert.equal(advice.meetsGoal, false);
    assert.equal(advice.ranking.length, 0);
    assert.ok(advice.explanation.includes("No setting meets the goal."));
  });
  await t.step("same inputs, same advice", () => {
    const goal = { maxDowntimeSeconds: 0.1 };
    assert.deepEqual(advise(vm, link, goal), advise(vm, link, goal));
  });
});

Deno.test("advise() says what would meet the goal when nothing does", async (t) => {
  // 1 GiB dirtied uniformly at 2x the link rate: pre-copy cannot converge, and
  // post-copy stalls the guest on almost every page.
  const hot: VmSpec = {
    pageCount: 262144,
    pageSizeBytes: 4096,
    stateBytes: 262144,
    workload: { kind: "uniform", writesPerSecond: 61035, readsPerSecond: 10000 },
  };
  const advice = advise(hot, link, { maxDowntimeSeconds: 0.3, maxSlowdown: 0.1 });
  await t.step("nothing meets the goal, plainly said", () => {
    assert.equal(advice.meetsGoal, false);
    assert.ok(advice.explanation.includes("No setting meets the goal."));
  });
  await t.step("the bandwidth it names (plus 30 %) is enough at page level", () => {
    const need = advice.neededBandwidthBytesPerSecond;
    assert.ok(need > link.bandwidthBytesPerSecond, String(need));
    assert.match(advice.explanation.join("\n"), /More bandwidth: .* would meet the goal at about/);
    const fast = advise(hot, { ...link, bandwidthBytesPerSecond: need * 1.3 }, {
      maxDowntimeSeconds: 0.3,
      maxSlowdown: 0.1,
    });
    assert.ok(fast.meetsGoal, fast.explanation.join("\n"));
  });
  await t.step("throttling: the share of writes to keep, and post-copy's slowdown", () => {
    assert.ok(advice.neededWriteShare > 0 && advice.neededWriteShare < 1);
    assert.match(advice.explanation.join("\n"), /Throttling: pre-copy would meet the goal if/);
    assert.match(advice.explanation.join("\n"), /Post-copy with active push: .*slowdown/);
  });
});

Deno.test("advise() rejects bad goals and options by name", () => {
  assert.throws(
    () => advise(vm, link, { maxDowntimeSeconds: -1 }),
    /goal.maxDowntimeSeconds must be a finite number > 0: current value is -1/,
  );
  assert.throws(() => advise(vm, link, { maxSlowdown: 2 }), /goal.maxSlowdown must be in \[0, 1\]/);
  assert.throws(
    () => advise(vm, link, { minimise: "cheap" as "traffic" }),
    /goal.minimise/,
  );
  assert.throws(() => advise(vm, link, {}, { finalists: 0 }), /options.finalists/);
  assert.throws(() => advise(vm, link, {}, { seeds: [] }), /options.seeds/);
  assert.throws(
    () => advise(vm, { bandwidthBytesPerSecond: 0 }, {}),
    /link.bandwidthBytesPerSecond/,
  );
});

Deno.test("adviceCandidates() is data: techniques x presets x knobs x fetch variants", () => {
  const c = adviceCandidates();
  const techniques = new Set(c.map((x) => x.options.technique));
  assert.deepEqual([...techniques].sort(), [
    "hybrid",
    "offline",
    "post-copy",
    "pre-copy",
    "time-series-pre-copy",
  ]);
  assert.equal(c.filter((x) => x.label.startsWith("pre-copy/qemu/")).length, 4);
  assert.equal(
    adviceCandidates(0.25).filter((x) => x.label.startsWith("pre-copy/qemu/")).length,
    5,
  );
});

Deno.test("advise() prunes a VM of zero pages by closed forms that send them as headers", () => {
  // 256 MiB, 90 % zero pages: pre-copy sends 27.6 MB at page level; closed forms that
  // charged every page in full (257 MiB) would rule every setting out.
  const zero: VmSpec = {
    pageCount: 65536,
    pageSizeBytes: 4096,
    stateBytes: 262144,
    workload: { kind: "idle", zeroPages: { initialShare: 0.9 } },
  };
  const zlink = { bandwidthBytesPerSecond: 125e6, pageOverheadBytes: 8 };
  const goal = { maxBytes: 50e6, maxDowntimeSeconds: 0.3 };
  const advice = advise(zero, zlink, goal);
  assert.ok(advice.meetsGoal, advice.explanation.join("\n"));
  const top = advice.ranking[0]!;
  // The closed forms now estimate it (headers for the zero pages) and prune by it.
  assert.ok(Number.isFinite(top.estimatedTotalSeconds), `${top.label} has an estimate`);
  assert.ok(advice.pruned > 0, `pruned ${advice.pruned}`);
  const candidate = adviceCandidates(0.3).find((c) => c.label === top.label)!;
  const again = migrate(zero, zlink, { ...candidate.options, seed: 99 } as never);
  assert.ok(again.bytesSent <= goal.maxBytes, `${top.label}: ${again.bytesSent}`);
  assert.ok(again.downtimeSeconds <= goal.maxDowntimeSeconds, `${top.label}`);
});
