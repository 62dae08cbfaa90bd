import assert from "node:assert/strict";
import {
  closedForm,
  migrate,
  PRESET_NAMES,
  PRESETS,
  QEMU_PRESET,
  resolvePreset,
  SIMGRID_PRESET,
  simulatePreCopy,
  simulateTimeSeriesPreCopy,
  type VmSpec,
  XEN_LEGACY_PRESET,
  XEN_STOP_RULES,
} from "../../mod.ts";
import { DEFAULT_PRESET } from "../../lib/migration/presets.ts";

/** 1000 pages of 1000 bytes: one page per millisecond at 1 MB/s. */
function vm(workload: VmSpec["workload"], stateBytes = 0): VmSpec {
  return { pageCount: 1000, pageSizeBytes: 1000, stateBytes, workload };
}

Deno.test("every built-in preset cites its sources and validates", () => {
  for (const name of PRESET_NAMES) {
    const p = PRESETS[name];
    assert.equal(p.name, name);
    assert.ok(Object.keys(p.sources).length > 0, name);
    for (const source of Object.values(p.sources)) assert.match(source, /\.(c|cpp)|engine/);
    assert.equal(resolvePreset(name), p);
  }
});

Deno.test('preset "qemu" switches over mid-pass when the pending estimate falls under bandwidth x downtime-limit', async (t) => {
  await t.step("idle guest: stop after 750 of 1000 pages, the other 250 go in the downtime", () => {
    // Steps of 50 pages (MAX_WAIT 50 ms); the first bandwidth window closes at
    // 0.1 s with 1e6 B/s, so the threshold is 300,000 bytes = 300 pages. After 15
    // steps (t = 0.75 s) 250 pages are pending: the sync adds nothing (idle) and
    // the guest stops with 250 pages still to send.
    const r = simulatePreCopy(vm({ kind: "idle" }), { bandwidthBytesPerSecond: 1e6 }, {
      seed: 1,
      preset: "qemu",
    });
    assert.equal(r.preset, "qemu");
    assert.deepEqual(r.roundRows.map((row) => [row.phase, row.pagesSent]), [
      ["push", 750],
      ["stop-and-copy", 250],
    ]);
    assert.ok(Math.abs(r.roundRows[0]!.endSeconds - 0.75) < 1e-12);
    assert.ok(Math.abs(r.downtimeSeconds - 0.25) < 1e-12);
    assert.equal(r.stopReason, "max-downtime");
    assert.equal(r.converged, true);
  });

  await t.step("the cap binds the live phase only: the final copy runs at link speed", () => {
    // Capped, QEMU checks once per 100 ms window (the budget, then a sleep): steps
    // of 100 pages. With a 250 ms limit the threshold is 250 pages, so the
    // switch-over comes at 800 pages (200 pending < 250; 300 was not).
    const preset = {
      ...QEMU_PRESET,
      stopRules: [{ kind: "max-downtime" as const, seconds: 0.25 }],
    };
    const r = simulatePreCopy(
      vm({ kind: "idle" }, 50_000),
      { bandwidthBytesPerSecond: 1e9, maxBandwidthBytesPerSecond: 1e6 },
      { seed: 1, preset },
    );
    assert.equal(r.roundRows[0]!.pagesSent, 800);
    assert.ok(Math.abs(r.roundRows[0]!.endSeconds - 0.8) < 1e-12, "live phase at the 1e6 cap");
    assert.equal(r.downtimeSeconds, (200 * 1000 + 50_000) / 1e9, "final copy at 1e9");
    assert.equal(r.stopAndCopyBytesSent, 250_000);
    assert.equal(r.liveBytesSent, 800_000);
    const capped = simulatePreCopy(
      vm({ kind: "idle" }, 50_000),
      { bandwidthBytesPerSecond: 1e9, maxBandwidthBytesPerSecond: 1e6 },
      { seed: 1, preset: { ...preset, capSemantics: "all-phases" } },
    );
    assert.ok(
      capped.downtimeSeconds > 100 * r.downtimeSeconds,
      "the default preset caps every phase",
    );
  });

  await t.step("the first bitmap sync comes before pass 1 ends", () => {
    const r = simulatePreCopy(
      vm({ kind: "uniform", writesPerSecond: 200 }),
      { bandwidthBytesPerSecond: 1e6 },
      { seed: 2, preset: "qemu", checked: true },
    );
    assert.equal(r.roundRows[0]!.pagesSent, 750, "sync at 750 of 1000 pages");
    assert.ok(r.roundRows[0]!.pagesDirtied > 50, "the sync found pages written since the start");
    assert.ok(r.pagesSent >= 1000);
    assert.ok(r.roundRows.length >= 3);
  });

  await t.step("a step is a byte budget: zero pages barely use it (qemu_file_rate_limit)", () => {
    // Cap 1e5 B/s, window 0.1 s: 10,000 wire bytes per window. Pages 0-499 are zero
    // (8-byte header + 1 byte = 9 bytes), the rest 1008 bytes. Step 1: 500 zero
    // pages (4,500 B) and 6 full pages (6,048 B) = 10,548 B at 1e9 B/s, then a sleep
    // to 0.1 s, so the window closes with the threshold 10,548 / 0.1 x 0.3 = 31,644
    // B, then 10 full pages per window (10,080 B: threshold 30,240 B, 30 pages of
    // 1000 B): 494 - 10 k < 30.24 first at k = 47, so 24 pages go in the downtime.
    // Counting pages instead of bytes would have sent only 10 pages in step 1.
    const r = simulatePreCopy(
      vm({ kind: "idle", zeroPages: { initialShare: 0.5, placement: { kind: "start" } } }),
      { bandwidthBytesPerSecond: 1e9, maxBandwidthBytesPerSecond: 1e5, pageOverheadBytes: 8 },
      { seed: 1, preset: "qemu" },
    );
    const push = r.roundRows[0]!;
    assert.equal(push.pagesSent, 976);
    assert.equal(push.zeroPagesSent, 500);
    assert.equal(push.bytesSent, 500 * 9 + 476 * 1008);
    assert.equal(r.roundRows[1]!.pagesSent, 24);
    assert.ok(Math.abs(r.downtimeSeconds - (24 * 1008) / 1e9) < 1e-15);
  });
  await t.step(
    "under a cap a window's budget leaves at the link's rate, then QEMU sleeps (migration_rate_limit)",
    () => {
      // 1000 zero pages of 9 wire bytes = 9,000 B, under one window's budget (1e5
      // B/s x 0.1 s = 10,000 B): the pass leaves in 9,000 / 1e9 s, not 9,000 / 1e5 s;
      // the bitmap is then empty and the guest stops with nothing to send.
      const r = simulatePreCopy(
        vm({ kind: "idle", zeroPages: { initialShare: 1 } }),
        { bandwidthBytesPerSecond: 1e9, maxBandwidthBytesPerSecond: 1e5, pageOverheadBytes: 8 },
        { seed: 1, preset: "qemu" },
      );
      assert.equal(r.roundRows[0]!.bytesSent, 9000);
      assert.ok(Math.abs(r.totalSeconds - 9000 / 1e9) < 1e-15, `${r.totalSeconds}`);
      // 2,000 pages of 1008 B: 10 pages per window (the budget spent, then a sleep
      // to the window's end), so each window lasts 0.1 s; the guest stops when the
      // pending pages fall under the threshold.
      const big = simulatePreCopy(
        { pageCount: 2000, pageSizeBytes: 1000, stateBytes: 0, workload: { kind: "idle" } },
        { bandwidthBytesPerSecond: 1e9, maxBandwidthBytesPerSecond: 1e5, pageOverheadBytes: 8 },
        { seed: 1, preset: "qemu" },
      );
      // Threshold 10,080 / 0.1 x 0.3 = 30,240 B: 2000 - 10 k < 30.24 first at k = 197.
      assert.equal(big.roundRows[0]!.pagesSent, 1970);
      assert.ok(Math.abs(big.roundRows[0]!.endSeconds - 19.7) < 1e-9);
    },
  );

  await t.step(
    "a zero page costs its scan on the migration thread (buffer_is_zero), and a step ends at MAX_WAIT",
    () => {
      // 1000 zero pages of 9 wire bytes under a 1e5 B/s cap (one window's budget is
      // 10,000 B): with 1e-4 s per zero page the pass is 0.1 s of scanning plus 9,000 B
      // at 1e9 B/s, and MAX_WAIT (50 ms) cuts it into steps of 500 zero pages, each
      // well under the budget: 2 steps, 0.1 s + 9e-6 s, nothing left for the downtime.
      const link = {
        bandwidthBytesPerSecond: 1e9,
        maxBandwidthBytesPerSecond: 1e5,
        pageOverheadBytes: 8,
        zeroPageSeconds: 1e-4,
      };
      const r = simulatePreCopy(vm({ kind: "idle", zeroPages: { initialShare: 1 } }), link, {
        seed: 1,
        preset: "qemu",
      });
      assert.deepEqual(r.roundRows.map((row) => [row.phase, row.pagesSent, row.zeroPagesSent]), [
        ["push", 1000, 1000],
        ["stop-and-copy", 0, 0],
      ]);
      assert.ok(Math.abs(r.totalSeconds - (0.1 + 9000 / 1e9)) < 1e-12, `${r.totalSeconds}`);
      // Without the scan the same pass takes 9,000 / 1e9 s.
      const free = simulatePreCopy(
        vm({ kind: "idle", zeroPages: { initialShare: 1 } }),
        { ...link, zeroPageSeconds: 0 },
        { seed: 1, preset: "qemu" },
      );
      assert.ok(Math.abs(free.totalSeconds - 9000 / 1e9) < 1e-15);
    },
  );

  await t.step("a guest that dirties faster than the link stops at the sync cap", () => {
    const preset = {
      ...QEMU_PRESET,
      stopRules: [{ kind: "max-downtime" as const, seconds: 0.3 }, {
        kind: "max-rounds" as const,
        rounds: 4,
      }],
    };
    const r = simulatePreCopy(
      vm({ kind: "uniform", writesPerSecond: 5000 }),
      { bandwidthBytesPerSecond: 1e6 },
      { seed: 3, preset, checked: true },
    );
    assert.equal(r.stopReason, "max-rounds");
    assert.equal(r.converged, false);
    // One push row per sync interval: 4 syncs, then the interval the cap ended.
    assert.equal(r.roundRows.filter((row) => row.phase === "push").length, 5);
  });
});

Deno.test('preset "xen" stops after 5 iterations or under 50 dirty pages (xg_sr_save.c)', () => {
  const link = { bandwidthBytesPerSecond: 1e6 };
  const busy = simulatePreCopy(vm({ kind: "uniform", writesPerSecond: 5000 }), link, {
    seed: 1,
    preset: "xen",
  });
  assert.equal(busy.roundRows.filter((r) => r.phase === "push").length, 5);
  assert.equal(busy.stopReason, "max-rounds");
  const idle = simulatePreCopy(vm({ kind: "idle" }), link, { seed: 1, preset: "xen" });
  assert.deepEqual(idle.roundRows.map((r) => r.pagesSent), [1000, 0]);
  assert.equal(idle.stopReason, "dirty-pages-below");
});

Deno.test('preset "xen-legacy" skips pages re-dirtied within the round being sent', () => {
  // 4 pages, one page per second, batches of one page, and the 50-page rule scaled
  // down to 3 pages. Round 1 sends all 4 in [0, 4) while pages 0 and 1 are
  // written (4 >= 3: go on); round 2 sends page 0 in [4, 5), then peeks before
  // page 1's batch, finds it written at 4.5 and skips it. 1 sent + 1 skipped < 3:
  // the stop-and-copy sends page 1.
  const tiny: VmSpec = {
    pageCount: 4,
    pageSizeBytes: 1000,
    stateBytes: 0,
    workload: {
      kind: "trace",
      durationSeconds: 10,
      accesses: [
        { timeSeconds: 0.5, page: 0, write: true },
        { timeSeconds: 1.5, page: 1, write: true },
        { timeSeconds: 4.5, page: 1, write: true },
      ],
    },
  };
  const link = { bandwidthBytesPerSecond: 1000 };
  const stopRules = [
    { kind: "dirty-pages-below" as const, pages: 3 },
    { kind: "max-rounds" as const, rounds: 29 },
    { kind: "max-bytes" as const, memoryFactor: 3 },
  ];
  const legacy = simulatePreCopy(tiny, link, {
    seed: 1,
    preset: { ...XEN_LEGACY_PRESET, batchPages: 1, stopRules },
    checked: true,
  });
  assert.deepEqual(legacy.roundRows.map((r) => [r.phase, r.pagesSent]), [
    ["push", 4],
    ["push", 1],
    ["stop-and-copy", 1],
  ]);
  assert.equal(legacy.stopReason, "dirty-pages-below");
  assert.equal(legacy.downtimeSeconds, 1);
  // Without skipping, the rule counts the 2 pages left after round 1 and stops.
  const noSkip = simulatePreCopy(tiny, link, {
    seed: 1,
    preset: { ...XEN_LEGACY_PRESET, skipRedirtied: false, stopRules },
    checked: true,
  });
  assert.deepEqual(noSkip.roundRows.map((r) => r.pagesSent), [4, 2]);
});

Deno.test('preset "simgrid" reproduces SimGrid\'s stage formulas (VmLiveMigration.cpp) exactly', async (t) => {
  const M = 1e6; // ramsize, bytes
  const R = 1e6; // migration speed, bytes/s
  const L = 0.01; // latency, s
  const link = { bandwidthBytesPerSecond: R, latencySeconds: L };

  await t.step("converging: stage 1, one stage-2 round, stage 3 and the ack", () => {
    const D = 100 * 1000; // 100 page writes/s of 1000 bytes: dirty bytes per second
    const r = simulatePreCopy(vm({ kind: "uniform", writesPerSecond: 100 }), link, {
      seed: 1,
      preset: "simgrid",
    });
    // Stage 1: the whole RAM in L + M / R; bandwidth M / d1; threshold floor(bw x 30 ms).
    const d1 = L + M / R;
    const threshold1 = Math.floor((M / d1) * 0.03);
    const u1 = Math.min(Math.floor(d1 * D), Math.floor(0.9 * M));
    assert.equal(d1, 1.01);
    assert.equal(threshold1, 29702);
    assert.equal(u1, 101000);
    // Stage 2: 101000 > 29702, one round of u1 bytes.
    const d2 = L + u1 / R;
    const threshold2 = Math.floor((u1 / d2) * 0.03);
    const u2 = Math.min(Math.floor(d2 * D), Math.floor(0.9 * M));
    assert.ok(u2 <= threshold2, "stage 2 ends after one round");
    // Stage 3 (downtime) and the zero-byte acknowledgement.
    const d3 = L + u2 / R;
    assert.deepEqual(r.roundRows.map((row) => row.bytesSent), [M, u1, u2]);
    assert.equal(r.downtimeSeconds, d3);
    assert.equal(r.totalSeconds, d1 + d2 + d3 + L);
    assert.equal(r.bytesSent, M + u1 + u2);
    assert.equal(r.stopReason, "max-downtime");
  });

  await t.step(
    "stage 2 runs only while the first threshold is strictly below the stage-1 dirtying",
    () => {
      // threshold1 = floor(0.03 M / d1) = 29702 bytes with d1 = 1.01 s (as above). The stage-1
      // dirtying u1 = floor(1.01 x dirty bytes per second): 29702 at 29.408 writes/s of 1000
      // bytes (equal: no stage-2 round, the comparison is strict), 29704 at 29.41 (one round),
      // 25250 at 25 (none).
      const run = (writesPerSecond: number) =>
        simulatePreCopy(vm({ kind: "uniform", writesPerSecond }), link, {
          seed: 1,
          preset: "simgrid",
        });
      for (const [writes, u1] of [[29.408, 29702], [25, 25250]]) {
        const r = run(writes!);
        assert.deepEqual(r.roundRows.map((row) => row.bytesSent), [M, u1], String(writes));
        assert.equal(r.downtimeSeconds, L + u1! / R);
        assert.equal(r.totalSeconds, 1.01 + (L + u1! / R) + L);
        assert.equal(r.converged, true);
      }
      // one round of 29704 bytes in d2 = 0.039704 s dirties floor(0.039704 x 29410) = 1167 bytes,
      // under its threshold floor(0.03 x 29704 / 0.039704) = 22443
      const r = run(29.41);
      assert.deepEqual(r.roundRows.map((row) => row.bytesSent), [M, 29704, 1167]);
      assert.equal(r.downtimeSeconds, L + 1167 / R);
    },
  );

  await t.step("the bytes re-sent per round are capped at the working set (90 % of RAM)", () => {
    const preset = {
      ...SIMGRID_PRESET,
      stopRules: [{ kind: "max-downtime" as const, seconds: 0.03 }, {
        kind: "max-rounds" as const,
        rounds: 3,
      }],
    };
    const r = simulatePreCopy(vm({ kind: "uniform", writesPerSecond: 100_000 }), link, {
      seed: 1,
      preset,
    });
    assert.deepEqual(r.roundRows.map((row) => row.bytesSent), [M, 9e5, 9e5, 9e5, 9e5]);
    assert.equal(r.converged, false);
    assert.equal(r.downtimeSeconds, L + 9e5 / R);
  });
});

Deno.test("presets: bad presets, unknown names and contradictions are errors naming the field", async (t) => {
  const v = vm({ kind: "idle" });
  const link = { bandwidthBytesPerSecond: 1e6 };
  await t.step("unknown name", () => {
    assert.throws(
      // deno-lint-ignore no-explicit-any
      () => simulatePreCopy(v, link, { seed: 1, preset: "vmware" as any }),
      { name: "TypeError", message: /options\.preset must be one of .*current value is "vmware"/ },
    );
  });
  await t.step("stop rules that contradict the preset", () => {
    assert.throws(
      () =>
        simulatePreCopy(v, link, {
          seed: 1,
          preset: "qemu",
          stopRules: [{ kind: "max-rounds", rounds: 30 }],
        }),
      {
        name: "TypeError",
        message:
          /^Cannot migrate as options\.stopRules must be left out or equal preset "qemu"'s own, \[\{"kind":"max-downtime","seconds":0\.3\}\] \(pass a preset object with the rules you want\): current value is \[\{"kind":"max-rounds","rounds":30\}\]$/,
      },
    );
  });
  await t.step("bad preset objects name their field", () => {
    assert.throws(
      () => simulatePreCopy(v, link, { seed: 1, preset: { ...QEMU_PRESET, batchPages: 0 } }),
      /options\.preset\.batchPages/,
    );
    assert.throws(
      () =>
        simulatePreCopy(v, link, {
          seed: 1,
          // deno-lint-ignore no-explicit-any
          preset: { ...QEMU_PRESET, switchover: "whenever" as any },
        }),
      /options\.preset\.switchover/,
    );
    assert.throws(
      () =>
        simulatePreCopy(v, link, { seed: 1, preset: { ...SIMGRID_PRESET, workingSetFraction: 2 } }),
      /options\.preset\.workingSetFraction/,
    );
  });
  await t.step("SimGrid sends no page headers", () => {
    assert.throws(
      () => simulatePreCopy(v, { ...link, pageOverheadBytes: 8 }, { seed: 1, preset: "simgrid" }),
      /link\.pageOverheadBytes must be 0 under preset "simgrid"/,
    );
  });
  await t.step("mid-pass and SimGrid presets refuse time-series pre-copy", () => {
    assert.throws(
      () => simulateTimeSeriesPreCopy(v, link, { seed: 1, preset: "qemu" }),
      /options\.preset "qemu" switches over mid-pass/,
    );
  });
  await t.step("the closed forms follow end-of-round presets and refuse the others", () => {
    for (const name of ["qemu", "xen-legacy", "simgrid"] as const) {
      assert.throws(
        () => closedForm(v, link, { technique: "pre-copy", preset: name }),
        new RegExp(`options\\.preset "${name}" has no closed form`),
      );
    }
    const xen = migrate(vm({ kind: "uniform", writesPerSecond: 100 }), link, {
      technique: "pre-copy",
      fidelity: "closed-form",
      seed: 1,
      preset: "xen",
    });
    assert.equal(xen.preset, "xen");
    assert.ok(xen.rounds <= 6);
  });
});

Deno.test('preset "default" (or none) gives exactly the numbers of the engine before presets', () => {
  const v = vm({ kind: "hot-cold", writesPerSecond: 3000, hotFraction: 0.1, hotShare: 0.9 }, 4096);
  const link = { bandwidthBytesPerSecond: 2e6, latencySeconds: 1e-3, pageOverheadBytes: 8 };
  const none = simulatePreCopy(v, link, { seed: 9 });
  assert.deepEqual(simulatePreCopy(v, link, { seed: 9, preset: "default" }), none);
  assert.equal(none.preset, "default");
  assert.equal(none.setupSeconds, 0);
  assert.equal(none.resumeSeconds, 0);
  // Default rules: QEMU's 300 ms checked after each round, 30-round cap.
  const last = none.roundRows.at(-1)!;
  assert.equal(last.phase, "stop-and-copy");
  assert.ok(none.converged ? last.bytesSent - 4096 <= 0.3 * 2e6 : none.rounds === 31);
});

Deno.test("setup and resume seconds shift the timeline and add to total and downtime", () => {
  const v = vm({ kind: "idle" });
  const link = { bandwidthBytesPerSecond: 1e6 };
  const base = simulatePreCopy(v, link, { seed: 1 });
  const r = simulatePreCopy(v, link, { seed: 1, setupSeconds: 0.5, resumeSeconds: 0.25 });
  assert.equal(r.setupSeconds, 0.5);
  assert.equal(r.resumeSeconds, 0.25);
  assert.equal(r.totalSeconds, base.totalSeconds + 0.75);
  assert.equal(r.downtimeSeconds, base.downtimeSeconds + 0.25);
  assert.equal(r.roundRows[0]!.startSeconds, 0.5);
  assert.deepEqual(r.timeline.map((e) => e.kind), base.timeline.map((e) => e.kind));
  assert.throws(
    () => simulatePreCopy(v, link, { seed: 1, setupSeconds: -1 }),
    /options\.setupSeconds/,
  );
});

Deno.test("closed forms add setup and resume seconds as the simulator does", () => {
  const v = vm({ kind: "idle" }, 2000);
  const link = { bandwidthBytesPerSecond: 1e6, latencySeconds: 0.01 };
  for (const technique of ["offline", "pre-copy"] as const) {
    const options = {
      technique,
      seed: 1,
      setupSeconds: 0.5,
      resumeSeconds: 0.125,
      sampler: "per-write" as const,
    };
    const sim = migrate(v, link, options);
    const cf = migrate(v, link, { ...options, fidelity: "closed-form" });
    assert.deepEqual({ ...cf, fidelity: "page" }, sim, technique);
  }
});

Deno.test("Xen's legacy rules stop after iteration 29 (DEF_MAX_ITERS), not 30, when neither 50 pages nor 3x memory is reached (mutation audit)", async (t) => {
  // Rate model in closed form: P = 1e7 pages of 1000 bytes over 1e6 bytes/s, 660 writes/s, so
  // each round sends r = 660 x 1000 / 1e6 = 0.66 of the last one's pages. Round i sends
  // P r^(i-1): after round 29 the dirty pages are P r^29 = 1e7 x 0.66^29 = 58.6 >= 50, and all
  // 29 rounds sent P (1 - r^29) / (1 - r) = 2.94e7 pages < 3 P. Only the 29-round cap stops
  // it: 29 push rounds and the stop-and-copy of those 58.6 pages, not converged. (A 30th round
  // would leave 0.66 x 58.6 = 38.7 < 50 pages and end converged.)
  const big: VmSpec = {
    pageCount: 1e7,
    pageSizeBytes: 1000,
    stateBytes: 0,
    workload: { kind: "uniform", writesPerSecond: 660 },
  };
  const link = { bandwidthBytesPerSecond: 1e6 };
  const check = (r: ReturnType<typeof closedForm>) => {
    assert.equal(r.rounds, 30);
    assert.equal(r.stopReason, "max-rounds");
    assert.equal(r.converged, false);
    const last = r.roundRows.at(-1)!;
    assert.equal(last.phase, "stop-and-copy");
    assert.ok(Math.abs(last.pagesSent - 1e7 * 0.66 ** 29) < 1e-6, `${last.pagesSent}`);
  };
  await t.step("XEN_STOP_RULES", () => {
    check(
      closedForm(big, link, { technique: "pre-copy", model: "rate", stopRules: XEN_STOP_RULES }),
    );
  });
  await t.step('the "xen-legacy" preset\'s rules, on an end-of-round preset', () => {
    const preset = {
      ...DEFAULT_PRESET,
      name: "xen-legacy-rules",
      stopRules: XEN_LEGACY_PRESET.stopRules,
    };
    check(closedForm(big, link, { technique: "pre-copy", model: "rate", preset }));
  });
});
