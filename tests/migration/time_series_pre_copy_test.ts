import assert from "node:assert/strict";
import {
  type LinkSpec,
  simulatePreCopy,
  simulateTimeSeriesPreCopy,
  type VmSpec,
  type WorkloadSpec,
  XEN_STOP_RULES,
} from "../../mod.ts";

const link: LinkSpec = { bandwidthBytesPerSecond: 125e6 };

function vmWith(workload: WorkloadSpec): VmSpec {
  return {
    pageCount: 262144,
    pageSizeBytes: 4096,
    stateBytes: 65536,
    workload,
  };
}

Deno.test("simulateTimeSeriesPreCopy() sends fewer pages than pre-copy on a hot/cold workload", () => {
  const vm = vmWith({
    kind: "hot-cold",
    writesPerSecond: 20000,
    hotFraction: 0.05,
    hotShare: 0.9,
  });
  for (const seed of [1, 2, 3]) {
    const pre = simulatePreCopy(vm, link, { seed });
    const ts = simulateTimeSeriesPreCopy(vm, link, { seed });
    assert.ok(
      ts.pagesSent < pre.pagesSent,
      `seed ${seed}: ${ts.pagesSent} vs ${pre.pagesSent}`,
    );
    assert.equal(
      ts.bytesSent,
      ts.roundRows.reduce((s, r) => s + r.bytesSent, 0),
    );
    // Every page reaches the destination at least once.
    assert.ok(ts.pagesSent >= vm.pageCount);
  }
});

Deno.test("simulateTimeSeriesPreCopy() matches pre-copy exactly when no page is predicted high-dirty", async (t) => {
  await t.step("idle VM", () => {
    const vm = vmWith({ kind: "idle" });
    assert.deepEqual(
      {
        ...simulateTimeSeriesPreCopy(vm, link, { seed: 5, sampler: "per-page" }),
        technique: "x",
        label: "x",
      },
      {
        ...simulatePreCopy(vm, link, { seed: 5, sampler: "per-page" }),
        technique: "x",
        label: "x",
      },
    );
  });
  await t.step(
    "uniform writes with no hot set and a threshold no page reaches",
    () => {
      const vm = vmWith({ kind: "uniform", writesPerSecond: 2000 });
      const ts = simulateTimeSeriesPreCopy(vm, link, {
        seed: 5,
        historyRounds: 2,
        threshold: 2,
      });
      const pre = simulatePreCopy(vm, link, { seed: 5 });
      // Rounds shrink fast, so a page dirtied in two kept rounds is rare: traffic agrees within 1 %.
      assert.ok(Math.abs(ts.bytesSent - pre.bytesSent) / pre.bytesSent < 0.01);
    },
  );
});

Deno.test("simulateTimeSeriesPreCopy() withholds pages dirtied in K of the last N rounds", () => {
  // Page 0 is written every second; the link sends one page a second.
  const accesses = Array.from({ length: 100 }, (_, i) => ({
    timeSeconds: i + 0.5,
    page: 0,
    write: true,
  }));
  const vm: VmSpec = {
    pageCount: 4,
    pageSizeBytes: 1000,
    stateBytes: 0,
    workload: { kind: "trace", durationSeconds: 100, accesses },
  };
  const slow: LinkSpec = { bandwidthBytesPerSecond: 1000 };
  const pre = simulatePreCopy(vm, slow, {
    seed: 1,
    stopRules: [{ kind: "max-rounds", rounds: 5 }],
  });
  // Plain pre-copy resends page 0 every round.
  assert.deepEqual(pre.roundRows.map((r) => r.pagesSent), [4, 1, 1, 1, 1, 1]);
  const ts = simulateTimeSeriesPreCopy(vm, slow, {
    seed: 1,
    historyRounds: 2,
    threshold: 2,
    stopRules: [{ kind: "max-rounds", rounds: 5 }],
  });
  // Round 2 resends it (seen once); from then on it is predicted high-dirty and
  // withheld, so the push phase ends and the final round carries it.
  assert.deepEqual(ts.roundRows.map((r) => [r.phase, r.pagesSent]), [
    ["push", 4],
    ["push", 1],
    ["stop-and-copy", 1],
  ]);
  assert.equal(ts.stopReason, "withheld");
});

Deno.test("simulateTimeSeriesPreCopy() with Xen's rules is not stopped by its own withheld pages", () => {
  // Round 3 sends 1827 pages and the VM dirties 1170 of them (below the link rate),
  // but about 9000 hot pages are withheld: the remaining set is not a dirty rate.
  const vm = vmWith({
    kind: "hot-cold",
    writesPerSecond: 20000,
    hotFraction: 0.05,
    hotShare: 0.9,
  });
  const ts = simulateTimeSeriesPreCopy(vm, link, { seed: 1, stopRules: XEN_STOP_RULES });
  const push = ts.roundRows.filter((r) => r.phase === "push");
  if (ts.stopReason === "dirty-rate-exceeds-link") {
    const last = push[push.length - 1]!;
    assert.ok(
      last.pagesDirtied >= last.pagesSent,
      `stopped on the dirty rate after a round that sent ${last.pagesSent} and dirtied ${last.pagesDirtied}`,
    );
  }
  // Every push round but the last dirtied fewer pages than it sent.
  for (const r of push.slice(0, -1)) assert.ok(r.pagesDirtied < r.pagesSent);
  const pre = simulatePreCopy(vm, link, { seed: 1, stopRules: XEN_STOP_RULES });
  assert.equal(pre.stopReason, "dirty-pages-below");
  // Fewer rounds and pages than pre-copy (Hu et al. 2011); the final round carries the
  // withheld pages, at most the hot set (5 % of memory) plus the 50-page rest.
  assert.ok(ts.rounds <= pre.rounds, `${ts.rounds} vs ${pre.rounds} rounds`);
  assert.ok(ts.pagesSent < pre.pagesSent);
  const last = ts.roundRows[ts.roundRows.length - 1]!;
  assert.ok(
    last.pagesSent < 0.05 * vm.pageCount + 50,
    `${last.pagesSent} pages in the final round`,
  );
});

Deno.test("simulateTimeSeriesPreCopy() stops when the pages a round would send fall under Xen's 50, withheld pages not counted", async (t) => {
  // xc_domain_save tests the pages an iteration sends (sent_this_iter + skip_this_iter < 50).
  // Page 0 is written every second; the link sends one page a second.
  const accesses = Array.from({ length: 100 }, (_, i) => ({
    timeSeconds: i + 0.5,
    page: 0,
    write: true,
  }));
  const vm: VmSpec = {
    pageCount: 4,
    pageSizeBytes: 1000,
    stateBytes: 0,
    workload: { kind: "trace", durationSeconds: 100, accesses },
  };
  const slow: LinkSpec = { bandwidthBytesPerSecond: 1000 };
  const stopRules = [{ kind: "dirty-pages-below", pages: 1 }, {
    kind: "max-rounds",
    rounds: 5,
  }] as const;
  await t.step(
    "after round 2, page 0 is predicted high-dirty: no page left to push, converged",
    () => {
      const ts = simulateTimeSeriesPreCopy(vm, slow, {
        seed: 1,
        historyRounds: 2,
        threshold: 2,
        stopRules: [...stopRules],
      });
      assert.deepEqual(ts.roundRows.map((r) => [r.phase, r.pagesSent]), [
        ["push", 4],
        ["push", 1],
        ["stop-and-copy", 1],
      ]);
      assert.equal(ts.stopReason, "dirty-pages-below");
      assert.equal(ts.converged, true);
    },
  );
  await t.step("counting withheld pages as left to send never meets the 1-page target", () => {
    const ts = simulateTimeSeriesPreCopy(vm, slow, {
      seed: 1,
      historyRounds: 2,
      threshold: 2,
      stopRules: [...stopRules],
      countWithheldInStopRules: true,
    });
    assert.equal(ts.stopReason, "withheld");
    assert.equal(ts.converged, false);
  });
  await t.step("a skewed workload needs no more rounds than pre-copy under Xen's rules", () => {
    const zipf = vmWith({ kind: "zipf", exponent: 1, writesPerSecond: 20000 });
    const pre = simulatePreCopy(zipf, link, { seed: 1, stopRules: XEN_STOP_RULES });
    const ts = simulateTimeSeriesPreCopy(zipf, link, { seed: 1, stopRules: XEN_STOP_RULES });
    assert.ok(ts.rounds <= pre.rounds, `${ts.rounds} vs ${pre.rounds} rounds`);
    assert.ok(ts.pagesSent < pre.pagesSent);
    assert.ok(ts.totalSeconds < pre.totalSeconds);
  });
});

Deno.test("simulateTimeSeriesPreCopy() rejects a threshold above the history", () => {
  assert.throws(
    () =>
      simulateTimeSeriesPreCopy(vmWith({ kind: "idle" }), link, {
        seed: 1,
        historyRounds: 2,
        threshold: 3,
      }),
    {
      name: "RangeError",
      message:
        "Cannot simulate time-series pre-copy as threshold must be an integer in [1, 2]: current value is 3",
    },
  );
});

Deno.test("simulateTimeSeriesPreCopy() keeps exactly the last N rounds, K = 2 of N = 4 by default, and counts K > 4 (mutation audit)", async (t) => {
  // Four pages of 1000 bytes over 1000 bytes/s: one page a second, so a round of n pages
  // takes n seconds and the trace's writes (at x.5 s) fall in known rounds. A page is
  // withheld when the rounds kept in its history dirtied it at least K times (Hu et al. 2011).
  const slow: LinkSpec = { bandwidthBytesPerSecond: 1000 };
  const traceVm = (writes: readonly [number, number][]): VmSpec => ({
    pageCount: 4,
    pageSizeBytes: 1000,
    stateBytes: 0,
    workload: {
      kind: "trace",
      durationSeconds: 1000, // no loop within the run
      accesses: writes.map(([timeSeconds, page]) => ({ timeSeconds, page, write: true })),
    },
  });
  const rows = (r: { roundRows: { phase: string; pagesSent: number }[] }) =>
    r.roundRows.map((row) => [row.phase, row.pagesSent]);
  const stopRules = [{ kind: "max-rounds" as const, rounds: 10 }];
  await t.step("defaults: page 0 dirtied in rounds 1 and 4 is withheld in round 5", () => {
    // Round 1 [0, 4): pages 0 and 1 written; round 2 sends them [4, 6) (each seen once, under
    // K = 2), page 2 written; round 3 sends it [6, 7), page 3 written; round 4 sends it
    // [7, 8), page 0 written. Round 5: the last 4 rounds dirtied page 0 twice: withheld, the
    // push phase ends and the stop-and-copy carries it. (N = 3 would keep rounds 2-4 only and
    // send it; K = 1 would withhold pages 0 and 1 already in round 2.)
    const vm = traceVm([[0.5, 0], [1.5, 1], [4.5, 2], [6.5, 3], [7.5, 0]]);
    const r = simulateTimeSeriesPreCopy(vm, slow, { seed: 1, stopRules });
    assert.deepEqual(rows(r), [
      ["push", 4],
      ["push", 2],
      ["push", 1],
      ["push", 1],
      ["stop-and-copy", 1],
    ]);
    assert.equal(r.stopReason, "withheld");
  });
  await t.step(
    "N = 2: a page dirtied in rounds 1 and 3 is sent in round 4 (round 1 forgotten)",
    () => {
      // Round 1 [0, 4): pages 0 and 1; round 2 [4, 6): page 2; round 3 [6, 7): page 0. Round 4:
      // rounds 2 and 3 dirtied page 0 once, so it is sent [7, 8); nothing is written after, so
      // the push phase ends with no dirty page.
      const vm = traceVm([[0.5, 0], [1.5, 1], [4.5, 2], [6.5, 0]]);
      const r = simulateTimeSeriesPreCopy(vm, slow, {
        seed: 1,
        historyRounds: 2,
        threshold: 2,
        stopRules,
      });
      assert.deepEqual(rows(r), [
        ["push", 4],
        ["push", 2],
        ["push", 1],
        ["push", 1],
        ["stop-and-copy", 0],
      ]);
    },
  );
  await t.step("K = N = 5: a page dirtied in every round is withheld once 5 rounds saw it", () => {
    // Page 0 written every second: rounds 1 [0, 4) to 5 [7, 8) all dirty it; round 6 withholds it.
    const vm = traceVm(Array.from({ length: 20 }, (_, i) => [i + 0.5, 0] as [number, number]));
    const r = simulateTimeSeriesPreCopy(vm, slow, {
      seed: 1,
      historyRounds: 5,
      threshold: 5,
      stopRules,
    });
    assert.deepEqual(rows(r), [
      ["push", 4],
      ["push", 1],
      ["push", 1],
      ["push", 1],
      ["push", 1],
      ["stop-and-copy", 1],
    ]);
    assert.equal(r.stopReason, "withheld");
  });
});
