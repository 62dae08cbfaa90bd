import assert from "node:assert/strict";
import fc from "npm:fast-check@4.10.2";
import { closedForm } from "../../lib/migration/closed_form.ts";
import { migrate } from "../../lib/migration/migrate.ts";
import { closedFormOffline } from "../../lib/migration/closed_form_offline.ts";
import { closedFormPostCopy } from "../../lib/migration/closed_form_post_copy.ts";
import {
  closedFormPreCopy,
  estimatePreCopy,
  type PreCopyModel,
} from "../../lib/migration/closed_form_pre_copy.ts";
import type { LinkSpec } from "../../lib/migration/link_spec.ts";
import { simulateOffline } from "../../lib/migration/offline.ts";
import { simulatePostCopy } from "../../lib/migration/post_copy.ts";
import { simulatePreCopy } from "../../lib/migration/pre_copy.ts";
import { DEFAULT_PRESET } from "../../lib/migration/presets.ts";
import type { MigrationResult } from "../../lib/migration/result.ts";
import { QEMU_STOP_RULES, type StopRule, XEN_STOP_RULES } from "../../lib/migration/stop_rules.ts";
import type { VmSpec } from "../../lib/migration/vm_spec.ts";
import { expectedDistinctPages } from "../../lib/workload/expected_dirty_pages.ts";
import type { WorkloadSpec } from "../../lib/workload/spec.ts";

/** A VM of `pageCount` pages of 1000 bytes with a uniform workload. */
function uniformVm(
  pageCount: number,
  writesPerSecond: number,
  stateBytes = 0,
): VmSpec {
  return {
    pageCount,
    pageSizeBytes: 1000,
    stateBytes,
    workload: { kind: "uniform", writesPerSecond },
  };
}

/** Checks the invariants every result must hold: rows add up, times are ordered. */
function assertConsistent(r: MigrationResult, backToBack = true): void {
  let pages = 0;
  let bytes = 0;
  for (const row of r.roundRows) {
    pages += row.pagesSent;
    bytes += row.bytesSent;
    assert.ok(row.endSeconds >= row.startSeconds);
  }
  assert.ok(Math.abs(pages - r.pagesSent) <= 1e-9 * Math.max(1, pages));
  assert.ok(Math.abs(bytes - r.bytesSent) <= 1e-9 * Math.max(1, bytes));
  assert.equal(r.rounds, r.roundRows.length);
  assert.ok(r.totalSeconds >= r.downtimeSeconds && r.downtimeSeconds >= 0);
  assert.equal(r.fidelity, "closed-form");
  for (let i = 1; backToBack && i < r.roundRows.length; i++) {
    assert.equal(r.roundRows[i]!.startSeconds, r.roundRows[i - 1]!.endSeconds);
  }
}

Deno.test("closedFormOffline() gives downtime = total = (P(S+o) + state)/R + L exactly", async (t) => {
  const vm: VmSpec = {
    pageCount: 1000,
    pageSizeBytes: 1000,
    stateBytes: 5000,
    workload: { kind: "uniform", writesPerSecond: 1e6 },
  };
  const link: LinkSpec = {
    bandwidthBytesPerSecond: 2e6,
    maxBandwidthBytesPerSecond: 1e6,
    pageOverheadBytes: 24,
    latencySeconds: 0.25,
  };
  const r = closedFormOffline(vm, link, { seed: 7 });
  await t.step("hand-computed numbers", () => {
    assert.equal(r.bytesSent, 1000 * 1024 + 5000);
    assert.equal(r.downtimeSeconds, 1.029 + 0.25);
    assert.equal(r.totalSeconds, r.downtimeSeconds);
    assert.equal(r.seed, 7);
    assert.deepEqual(r.roundRows, [{
      round: 1,
      phase: "stop-and-copy",
      startSeconds: 0,
      endSeconds: 1.029,
      pagesSent: 1000,
      bytesSent: 1_029_000,
      pagesDirtied: 0,
      writes: 0,
      zeroPagesSent: 0,
    }]);
    assertConsistent(r);
  });
  await t.step("identical to simulateOffline() but for the fidelity", () => {
    const sim = simulateOffline(vm, link, { seed: 7 });
    assert.deepEqual({ ...r, fidelity: "page" }, sim);
  });
});

Deno.test("closedFormPreCopy() rate model halves every round when D/R = 0.5 (exact round log)", async (t) => {
  // M = 1000 pages of 1000 B over 1 MB/s: round 1 lasts 1 s; 500 writes/s is D/R = 0.5.
  const vm = uniformVm(1000, 500, 10_000);
  const link: LinkSpec = { bandwidthBytesPerSecond: 1e6, latencySeconds: 0.05 };
  await t.step(
    "max-rounds 4: rows 1000, 500, 250, 125, then 62.5 pages and the state",
    () => {
      const r = closedFormPreCopy(vm, link, {
        model: "rate",
        stopRules: [{ kind: "max-rounds", rounds: 4 }],
      });
      assert.deepEqual(
        r.roundRows.map((
          {
            round,
            phase,
            startSeconds,
            endSeconds,
            pagesSent,
            bytesSent,
            pagesDirtied,
            writes,
          },
        ) => [
          round,
          phase,
          startSeconds,
          endSeconds,
          pagesSent,
          bytesSent,
          pagesDirtied,
          writes,
        ]),
        [
          [1, "push", 0, 1, 1000, 1e6, 500, 500],
          [2, "push", 1, 1.5, 500, 5e5, 250, 250],
          [3, "push", 1.5, 1.75, 250, 2.5e5, 125, 125],
          [4, "push", 1.75, 1.875, 125, 1.25e5, 62.5, 62.5],
          [5, "stop-and-copy", 1.875, 1.9475, 62.5, 72_500, 0, 0],
        ],
      );
      assert.equal(r.downtimeSeconds, 0.0725 + 0.05);
      assert.equal(r.totalSeconds, 1.875 + 0.1225);
      assert.equal(r.bytesSent, 1_947_500);
      assert.equal(r.stopReason, "max-rounds");
      assert.equal(r.converged, false);
      assert.deepEqual(r.timeline.map((e) => [e.kind, e.round, e.host]), [
        ["start", 0, "source"],
        ["round-start", 1, "source"],
        ["round-start", 2, "source"],
        ["round-start", 3, "source"],
        ["round-start", 4, "source"],
        ["suspend", 5, "none"],
        ["resume", 5, "destination"],
        ["end", 0, "destination"],
      ]);
      assertConsistent(r);
    },
  );
  await t.step(
    "dirty-pages-below 100 converges after round 4 (62.5 < 100)",
    () => {
      const r = closedFormPreCopy(vm, link, {
        model: "rate",
        stopRules: [{ kind: "dirty-pages-below", pages: 100 }, {
          kind: "max-rounds",
          rounds: 29,
        }],
      });
      assert.deepEqual(r.roundRows.map((row) => row.pagesSent), [
        1000,
        500,
        250,
        125,
        62.5,
      ]);
      assert.equal(r.stopReason, "dirty-pages-below");
      assert.equal(r.converged, true);
      assert.equal(r.totalSeconds, 1.875 + 0.0725 + 0.05);
    },
  );
  await t.step(
    "max-downtime 0.2 s stops once 250 pages remain (0.25 s > 0.2 >= 0.125 s)",
    () => {
      const r = closedFormPreCopy(vm, link, {
        model: "rate",
        stopRules: [{ kind: "max-downtime", seconds: 0.2 }],
      });
      assert.deepEqual(r.roundRows.map((row) => row.pagesSent), [
        1000,
        500,
        250,
        125,
      ]);
      assert.equal(r.stopReason, "max-downtime");
    },
  );
  await t.step(
    "max-bytes 1.6 x memory stops after round 3 (1.75 MB > 1.6 MB)",
    () => {
      const r = closedFormPreCopy(vm, link, {
        model: "rate",
        stopRules: [{ kind: "max-bytes", memoryFactor: 1.6 }],
      });
      assert.equal(r.rounds, 4);
      assert.equal(r.stopReason, "max-bytes");
    },
  );
});

Deno.test("closedFormPreCopy() push bytes follow the geometric series M (1 - (D/R)^n) / (1 - D/R)", () => {
  const pageCount = 1000;
  const link: LinkSpec = { bandwidthBytesPerSecond: 1e6, pageOverheadBytes: 0 };
  for (const ratio of [0.1, 0.5, 0.9, 0.99]) {
    for (let n = 1; n <= 12; n++) {
      const vm = uniformVm(pageCount, ratio * 1000); // D = writes/s x 1000 B = ratio x R
      const r = closedFormPreCopy(vm, link, {
        model: "rate",
        stopRules: [{ kind: "max-rounds", rounds: n }],
      });
      const push = r.roundRows.filter((row) => row.phase === "push");
      assert.equal(push.length, n);
      const pushBytes = push.reduce((s, row) => s + row.bytesSent, 0);
      const m = pageCount * 1000;
      const expected = (m * (1 - ratio ** n)) / (1 - ratio);
      assert.ok(
        Math.abs(pushBytes - expected) <= 1e-12 * expected,
        `${ratio} ${n}`,
      );
      // And the stop-and-copy sends V_(n+1) = M (D/R)^n.
      const last = r.roundRows.at(-1)!;
      assert.ok(Math.abs(last.bytesSent - m * ratio ** n) <= 1e-9 * m);
    }
  }
});

Deno.test("closedFormPreCopy() never converges when D >= R (rate model: stopped by dirty-rate-exceeds-link after round 1)", async (t) => {
  await t.step("rate", () => {
    for (const ratio of [1, 1.5, 3, 100]) {
      const r = closedFormPreCopy(uniformVm(1000, ratio * 1000), {
        bandwidthBytesPerSecond: 1e6,
      }, { model: "rate", stopRules: XEN_STOP_RULES });
      assert.equal(r.converged, false, String(ratio));
      assert.equal(r.stopReason, "dirty-rate-exceeds-link");
      assert.equal(r.rounds, 2);
      // V_1 = M (D/R), capped at the VM's memory.
      assert.ok(Math.abs(r.roundRows[1]!.pagesSent - Math.min(1000 * ratio, 1000)) < 1e-9);
    }
  });
  await t.step(
    "pages: distinct pages saturate, so a cap stops it instead",
    () => {
      // d = P(1 - e^(-rho n / P)) < n: the remaining set shrinks towards a fixed point
      // above Xen's 50-page target, and max-bytes (3 x memory) gives up.
      for (const ratio of [1, 1.5, 3, 100]) {
        const r = closedFormPreCopy(uniformVm(1000, ratio * 1000), {
          bandwidthBytesPerSecond: 1e6,
        }, { model: "pages", stopRules: XEN_STOP_RULES });
        assert.equal(r.converged, false, String(ratio));
        // At D = 100 R every page is dirty again (1 - e^-100 rounds to 1).
        assert.equal(
          r.stopReason,
          ratio === 100 ? "dirty-rate-exceeds-link" : "max-bytes",
        );
        assert.ok(r.roundRows.at(-1)!.pagesSent > 200);
      }
    },
  );
  await t.step(
    "rate model: D just below R converges only through another rule",
    () => {
      const r = closedFormPreCopy(uniformVm(1000, 990), {
        bandwidthBytesPerSecond: 1e6,
      }, {
        model: "rate",
        stopRules: XEN_STOP_RULES,
      });
      assert.notEqual(r.stopReason, "dirty-rate-exceeds-link");
    },
  );
});

Deno.test("closedFormPreCopy() rate model sends at least the pages model's traffic, the gap widening as the working set saturates", () => {
  const vm = (writesPerSecond: number): VmSpec => ({
    pageCount: 10_000,
    pageSizeBytes: 4096,
    stateBytes: 0,
    workload: {
      kind: "hot-cold",
      writesPerSecond,
      hotFraction: 0.02,
      hotShare: 0.95,
    },
  });
  const link: LinkSpec = { bandwidthBytesPerSecond: 125e6 };
  const stopRules: StopRule[] = [{ kind: "max-rounds", rounds: 6 }];
  let lastRatio = 0;
  for (const writesPerSecond of [100, 1000, 5000, 20_000]) {
    const rate = closedFormPreCopy(vm(writesPerSecond), link, {
      model: "rate",
      stopRules,
    });
    const pages = closedFormPreCopy(vm(writesPerSecond), link, {
      model: "pages",
      stopRules,
    });
    assert.ok(rate.bytesSent >= pages.bytesSent);
    assert.ok(rate.totalSeconds >= pages.totalSeconds);
    const ratio = rate.bytesSent / pages.bytesSent;
    assert.ok(ratio > lastRatio, `${writesPerSecond}: ${ratio}`);
    lastRatio = ratio;
    // The pages model never dirties more pages than the VM has.
    for (const row of pages.roundRows) assert.ok(row.pagesDirtied <= 10_000);
  }
  assert.ok(lastRatio > 1.5);
});

Deno.test("closedFormPreCopy() pages model rounds follow d_i = P(1 - (1 - 1/P)^(lambda T_i))", () => {
  const pageCount = 1000;
  const spec: WorkloadSpec = { kind: "uniform", writesPerSecond: 400 };
  const r = closedFormPreCopy(
    { pageCount, pageSizeBytes: 1000, stateBytes: 0, workload: spec },
    { bandwidthBytesPerSecond: 1e6 },
    { stopRules: [{ kind: "max-rounds", rounds: 5 }] },
  );
  let send = pageCount;
  for (const row of r.roundRows.slice(0, 5)) {
    assert.equal(row.pagesSent, send);
    const writes = 400 * send / 1000;
    assert.ok(Math.abs(row.writes - writes) < 1e-12);
    const d = pageCount * (1 - (1 - 1 / pageCount) ** writes);
    assert.ok(Math.abs(row.pagesDirtied - d) < 1e-9);
    send = row.pagesDirtied;
  }
  assert.equal(r.roundRows[5]!.pagesSent, send);
  assertConsistent(r);
});

Deno.test("closedFormPreCopy() of an idle VM sends memory once and converges", () => {
  const vm = {
    pageCount: 1024,
    pageSizeBytes: 4096,
    stateBytes: 4096,
    workload: { kind: "idle" as const },
  };
  const link = { bandwidthBytesPerSecond: 1e8 };
  const r = closedFormPreCopy(vm, link, { seed: 1 });
  const sim = simulatePreCopy(vm, link, { seed: 1, sampler: "per-write" });
  assert.deepEqual({ ...r, fidelity: "page" }, sim);
});

Deno.test("estimatePreCopy() equals closedFormPreCopy()'s summary on 300 random configurations, setup, resume and handshake included", () => {
  const kinds = fc.oneof(
    fc.record({
      kind: fc.constant("uniform" as const),
      writesPerSecond: fc.double({ min: 0, max: 1e6, noNaN: true }),
    }),
    fc.record({
      kind: fc.constant("hot-cold" as const),
      writesPerSecond: fc.double({ min: 0, max: 1e6, noNaN: true }),
      hotFraction: fc.double({ min: 0.001, max: 1, noNaN: true }),
      hotShare: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
    fc.record({
      kind: fc.constant("zipf" as const),
      writesPerSecond: fc.double({ min: 0, max: 1e6, noNaN: true }),
      exponent: fc.double({ min: 0.1, max: 3, noNaN: true }),
    }),
    fc.constant({ kind: "idle" as const }),
  );
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5000 }),
      kinds,
      fc.double({ min: 1e6, max: 1e10, noNaN: true }),
      fc.constantFrom("rate", "pages") as fc.Arbitrary<PreCopyModel>,
      fc.constantFrom(XEN_STOP_RULES, QEMU_STOP_RULES),
      // setup and resume seconds, and a secure transport's handshake (each may be absent)
      fc.record({
        setupSeconds: fc.option(fc.double({ min: 0, max: 5, noNaN: true }), { nil: undefined }),
        resumeSeconds: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        handshakeSeconds: fc.option(fc.double({ min: 0, max: 3, noNaN: true }), {
          nil: undefined,
        }),
      }),
      (pageCount, workload, bandwidthBytesPerSecond, model, stopRules, timing) => {
        const vm: VmSpec = {
          pageCount,
          pageSizeBytes: 4096,
          stateBytes: 1000,
          workload,
        };
        const link: LinkSpec = {
          bandwidthBytesPerSecond,
          latencySeconds: 0.001,
        };
        const { setupSeconds, resumeSeconds, handshakeSeconds } = timing;
        const options = {
          model,
          stopRules,
          ...(setupSeconds === undefined ? {} : { setupSeconds }),
          ...(resumeSeconds === undefined ? {} : { resumeSeconds }),
          ...(handshakeSeconds === undefined ? {} : {
            mechanisms: {
              secureTransport: { cipherBytesPerSecondPerCore: 1e12, handshakeSeconds },
            },
          }),
        };
        const full = closedFormPreCopy(vm, link, options);
        const lean = estimatePreCopy(vm, link, options);
        assert.deepEqual(lean, {
          totalSeconds: full.totalSeconds,
          downtimeSeconds: full.downtimeSeconds,
          bytesSent: full.bytesSent,
          rounds: full.rounds,
          converged: full.converged,
        });
        assertConsistent(full);
      },
    ),
    { numRuns: 300, endOnFailure: true, seed: 42 },
  );
});

Deno.test("closedFormPostCopy() gives downtime state/R + L and total downtime + P(S+o)/R + L", async (t) => {
  const vm = uniformVm(2000, 5000, 50_000);
  const link: LinkSpec = {
    bandwidthBytesPerSecond: 1e6,
    pageOverheadBytes: 24,
    latencySeconds: 0.01,
  };
  const r = closedFormPostCopy(vm, link, { seed: "s" });
  await t.step("hand-computed numbers", () => {
    assert.equal(r.downtimeSeconds, 0.05 + 0.01);
    assert.ok(Math.abs(r.totalSeconds - (0.06 + 2.048 + 0.01)) < 1e-12);
    assert.equal(r.pagesSent, 2000);
    assert.equal(r.bytesSent, 50_000 + 2000 * 1024);
    assert.equal(r.stopReason, "all-pages-received");
    assert.deepEqual(r.roundRows.map((row) => row.phase), [
      "stop-and-copy",
      "pull",
    ]);
    assert.equal(r.roundRows[1]!.startSeconds, r.downtimeSeconds);
    assert.equal(r.roundRows[1]!.endSeconds, r.totalSeconds);
    assertConsistent(r, false);
  });
  await t.step("demand fetching has no closed form (TypeError)", () => {
    assert.throws(
      () =>
        closedFormPostCopy(vm, link, {
          fetch: "demand" as unknown as "active-push",
        }),
      {
        name: "TypeError",
        message:
          'Cannot compute the post-copy closed form as options.fetch must be one of "active-push", "prepaging": current value is "demand"',
      },
    );
  });
});

Deno.test("closedForm() dispatches by technique and rejects techniques without a closed form", async (t) => {
  const vm = uniformVm(100, 10);
  const link: LinkSpec = { bandwidthBytesPerSecond: 1e6 };
  await t.step("dispatch", () => {
    assert.deepEqual(
      closedForm(vm, link, { technique: "offline" }),
      closedFormOffline(vm, link),
    );
    assert.deepEqual(
      closedForm(vm, link, { technique: "pre-copy", model: "rate" }),
      closedFormPreCopy(vm, link, { model: "rate" }),
    );
    assert.deepEqual(
      closedForm(vm, link, { technique: "post-copy" }),
      closedFormPostCopy(vm, link),
    );
  });
  await t.step("time-series pre-copy and hybrid are rejected", () => {
    for (const technique of ["time-series-pre-copy", "hybrid"] as const) {
      assert.throws(() => closedForm(vm, link, { technique }), {
        name: "TypeError",
        message:
          `Cannot compute a closed form as options.technique must be one of "offline", "pre-copy", "post-copy": current value is "${technique}"`,
      });
    }
  });
});

Deno.test("closedFormPreCopy() rejects inputs outside the model", async (t) => {
  const link: LinkSpec = { bandwidthBytesPerSecond: 1e6 };
  await t.step("phased workloads (TypeError)", () => {
    const vm: VmSpec = {
      pageCount: 10,
      pageSizeBytes: 4096,
      stateBytes: 0,
      workload: {
        kind: "phased",
        phases: [{ durationSeconds: 1, workload: { kind: "idle" } }],
      },
    };
    assert.throws(() => estimatePreCopy(vm, link), {
      name: "TypeError",
      message:
        'Cannot compute the pre-copy closed form as vm.workload.kind must be one of "idle", "uniform", "hot-cold", "zipf", "sequential": current value is "phased"',
    });
  });
  await t.step("unknown model (TypeError)", () => {
    assert.throws(
      () =>
        closedFormPreCopy(uniformVm(10, 1), link, {
          model: "fluid" as unknown as PreCopyModel,
        }),
      {
        name: "TypeError",
        message:
          'Cannot compute the pre-copy closed form as options.model must be one of "rate", "pages": current value is "fluid"',
      },
    );
  });
  await t.step("invalid link and VM (validateLink / validateVm)", () => {
    assert.throws(
      () => closedFormPreCopy(uniformVm(10, 1), { bandwidthBytesPerSecond: 0 }),
      {
        name: "RangeError",
        message:
          "Cannot migrate as link.bandwidthBytesPerSecond must be a finite number > 0: current value is 0",
      },
    );
    assert.throws(() => closedFormOffline(uniformVm(0, 1), link), RangeError);
    assert.throws(
      () => closedFormPostCopy(uniformVm(10, -1), link),
      RangeError,
    );
  });
});

Deno.test("simulatePreCopy() mean pages per round match the expected-value page model P(1-(1-1/P)^w) within 2% over 10 seeds", async (t) => {
  const pageCount = 65_536;
  const link: LinkSpec = {
    bandwidthBytesPerSecond: 1e8,
    latencySeconds: 0.001,
  };
  const stopRules: StopRule[] = [{ kind: "max-rounds", rounds: 5 }];
  const workloads: WorkloadSpec[] = [
    { kind: "uniform", writesPerSecond: 20_000 },
    {
      kind: "hot-cold",
      writesPerSecond: 20_000,
      hotFraction: 0.1,
      hotShare: 0.9,
    },
  ];
  for (const workload of workloads) {
    await t.step(workload.kind, () => {
      const vm: VmSpec = {
        pageCount,
        pageSizeBytes: 4096,
        stateBytes: 65_536,
        workload,
      };
      const model = closedFormPreCopy(vm, link, { stopRules });
      const seeds = 10;
      const sums = new Array<number>(model.rounds).fill(0);
      let total = 0;
      for (let seed = 0; seed < seeds; seed++) {
        const sim = simulatePreCopy(vm, link, { seed, stopRules });
        assert.equal(sim.rounds, model.rounds);
        sim.roundRows.forEach((row, i) => sums[i]! += row.pagesSent);
        total += sim.totalSeconds;
      }
      model.roundRows.forEach((row, i) => {
        const mean = sums[i]! / seeds;
        assert.ok(
          Math.abs(mean - row.pagesSent) <= 0.02 * row.pagesSent,
          `round ${i + 1}: simulated ${mean}, model ${row.pagesSent}`,
        );
      });
      assert.ok(
        Math.abs(total / seeds - model.totalSeconds) <=
          0.02 * model.totalSeconds,
      );
      // Sanity: the second round is the model of the first round's writes.
      const w = 20_000 * (pageCount * 4096) / 1e8;
      assert.equal(
        model.roundRows[1]!.pagesSent,
        expectedDistinctPages(workload, pageCount, w),
      );
    });
  }
});

Deno.test("closedFormPostCopy() equals simulatePostCopy() total, downtime and traffic exactly whatever the faults (active push keeps the link busy)", () => {
  const workloads: WorkloadSpec[] = [
    { kind: "idle" },
    // Zero pages (a header each) shorten the push by the same amount in both.
    { kind: "idle", zeroPages: { initialShare: 0.5 } },
    {
      kind: "uniform",
      writesPerSecond: 5000,
      readsPerSecond: 20_000,
      zeroPages: { initialShare: 0.3, placement: { kind: "scattered", seed: 4 } },
    },
    { kind: "uniform", writesPerSecond: 5000, readsPerSecond: 20_000 },
    {
      kind: "hot-cold",
      writesPerSecond: 2000,
      readsPerSecond: 50_000,
      hotFraction: 0.6,
      hotShare: 0.5,
    },
  ];
  const link: LinkSpec = {
    bandwidthBytesPerSecond: 5e7,
    latencySeconds: 0.002,
    pageOverheadBytes: 16,
  };
  for (const workload of workloads) {
    for (const fetch of ["active-push", "prepaging"] as const) {
      const vm: VmSpec = {
        pageCount: 8192,
        pageSizeBytes: 4096,
        stateBytes: 100_000,
        workload,
      };
      const sim = simulatePostCopy(vm, link, { seed: 3, fetch });
      const cf = closedFormPostCopy(vm, link, { seed: 3, fetch });
      if (workload.kind !== "idle") {
        assert.ok(sim.remoteFaults > 0, "faults happened");
      }
      assert.equal(cf.label, sim.label);
      assert.equal(cf.downtimeSeconds, sim.downtimeSeconds);
      assert.ok(
        Math.abs(cf.totalSeconds - sim.totalSeconds) <= 1e-9 * sim.totalSeconds,
      );
      assert.equal(cf.bytesSent, sim.bytesSent);
      assert.equal(cf.pagesSent, sim.pagesSent);
      assert.equal(cf.stopReason, sim.stopReason);
      assert.deepEqual(
        cf.timeline.map((e) => [e.kind, e.round, e.host]),
        sim.timeline.map((e) => [e.kind, e.round, e.host]),
      );
    }
  }
});

Deno.test("closed forms with zero pages equal the page-level engine on a deterministic case (idle VM)", async (t) => {
  // 4096 pages of 4 KiB with 8-byte headers, 64 KiB of state, 100 MB/s, 1 ms.
  const link: LinkSpec = {
    bandwidthBytesPerSecond: 1e8,
    latencySeconds: 0.001,
    pageOverheadBytes: 8,
  };
  const vm = (share: number): VmSpec => ({
    pageCount: 4096,
    pageSizeBytes: 4096,
    stateBytes: 65536,
    workload: { kind: "idle", zeroPages: { initialShare: share } },
  });
  for (const technique of ["offline", "pre-copy", "post-copy"] as const) {
    await t.step(`${technique}: 100 % zero pages send the headers plus the state`, () => {
      const cf = closedForm(vm(1), link, { technique });
      assert.equal(cf.bytesSent, 4096 * 8 + 65536);
      assert.equal(cf.zeroPagesSent, 4096);
    });
    await t.step(`${technique}: 50 % zero pages halve the page payload, as in the engine`, () => {
      const cf = closedForm(vm(0.5), link, { technique });
      const full = closedForm(vm(0), link, { technique });
      assert.equal(cf.bytesSent - 4096 * 8 - 65536, 2048 * 4096);
      assert.equal(full.bytesSent - 4096 * 8 - 65536, 4096 * 4096);
      const sim = migrate(vm(0.5), link, { technique, seed: 1 });
      assert.equal(cf.bytesSent, sim.bytesSent);
      assert.equal(cf.totalSeconds, sim.totalSeconds);
      assert.equal(cf.downtimeSeconds, sim.downtimeSeconds);
      assert.equal(cf.zeroPagesSent, sim.zeroPagesSent);
      assert.equal(cf.pagesSent, sim.pagesSent);
    });
  }
  await t.step("post-copy: total = d + (P - Z) tPage + Z tZero + L by hand", () => {
    const cf = closedForm(vm(0.5), link, { technique: "post-copy" });
    const d = 65536 / 1e8 + 0.001;
    assert.ok(Math.abs(cf.totalSeconds - (d + (2048 * 4104 + 2048 * 8) / 1e8 + 0.001)) < 1e-15);
  });
});

Deno.test("closedFormPreCopy() with zero pages matches simulatePreCopy() bytes per round and total within 2% over 30 seeds", async (t) => {
  const link: LinkSpec = {
    bandwidthBytesPerSecond: 1e8,
    latencySeconds: 0.001,
    pageOverheadBytes: 8,
  };
  const stopRules: StopRule[] = [{ kind: "max-rounds", rounds: 5 }];
  const workloads: WorkloadSpec[] = [
    {
      kind: "uniform",
      writesPerSecond: 20_000,
      zeroPages: { initialShare: 0.5, zeroingWriteShare: 0.5 },
    },
    {
      kind: "hot-cold",
      writesPerSecond: 20_000,
      hotFraction: 0.1,
      hotShare: 0.9,
      zeroPages: { initialShare: 0.3 },
    },
  ];
  for (const workload of workloads) {
    await t.step(workload.kind, () => {
      const vm: VmSpec = { pageCount: 65_536, pageSizeBytes: 4096, stateBytes: 65_536, workload };
      const model = closedFormPreCopy(vm, link, { stopRules });
      const seeds = 30;
      const sums = new Array<number>(model.rounds).fill(0);
      let total = 0;
      for (let seed = 0; seed < seeds; seed++) {
        const sim = simulatePreCopy(vm, link, { seed, stopRules });
        assert.equal(sim.rounds, model.rounds);
        sim.roundRows.forEach((row, i) => sums[i]! += row.bytesSent);
        total += sim.totalSeconds;
      }
      model.roundRows.forEach((row, i) => {
        const mean = sums[i]! / seeds;
        assert.ok(
          Math.abs(mean - row.bytesSent) <= 0.02 * row.bytesSent,
          `round ${i + 1}: simulated ${mean}, model ${row.bytesSent}`,
        );
      });
      assert.ok(Math.abs(total / seeds - model.totalSeconds) <= 0.02 * model.totalSeconds);
      // Round 1 finds the initial zero pages exactly.
      const z = Math.round(workload.zeroPages!.initialShare * 65_536);
      assert.equal(model.roundRows[0]!.zeroPagesSent, z);
      assert.equal(model.roundRows[0]!.bytesSent, (65_536 - z) * 4104 + z * 8);
    });
  }
});

Deno.test("estimatePreCopy() checks setupSeconds and resumeSeconds as closedFormPreCopy() does", () => {
  const vm = uniformVm(100, 10, 1000);
  const link: LinkSpec = { bandwidthBytesPerSecond: 1e6 };
  for (const [key, value] of [["setupSeconds", -5], ["resumeSeconds", Number.NaN]] as const) {
    const message = new RegExp(`options\\.${key} must be`);
    assert.throws(() => closedFormPreCopy(vm, link, { [key]: value }), message);
    assert.throws(() => estimatePreCopy(vm, link, { [key]: value }), message);
  }
  assert.throws(() => estimatePreCopy(vm, link, { setupSecond: 1 } as never), /setupSecond/);
});

Deno.test("closed forms refuse a label that is not a string and a seed that is not a string or a finite number, as the simulator does (review)", () => {
  const vm: VmSpec = {
    pageCount: 1024,
    pageSizeBytes: 4096,
    stateBytes: 0,
    workload: { kind: "uniform", writesPerSecond: 5000 },
  };
  const link: LinkSpec = { bandwidthBytesPerSecond: 4096e3 };
  // They recorded label 5, seed NaN and seed {} in the result.
  for (const f of [closedFormOffline, closedFormPreCopy, closedFormPostCopy]) {
    const run = f as (vm: VmSpec, link: LinkSpec, options: Record<string, unknown>) => unknown;
    assert.throws(() => run(vm, link, { label: 5 }), {
      name: "TypeError",
      message: "Cannot compute a closed form as options.label must be a string: current value is 5",
    });
    for (const [seed, shown] of [[NaN, "NaN"], [{}, "{}"]] as const) {
      assert.throws(() => run(vm, link, { seed }), {
        name: "TypeError",
        message:
          `Cannot compute a closed form as options.seed must be a string or a finite number: current value is ${shown}`,
      });
    }
    assert.equal((run(vm, link, { seed: "s", label: "x" }) as MigrationResult).label, "x");
  }
});

Deno.test("closed forms under a custom end-of-round preset with live-only cap semantics: the cap binds the live rounds only (mutation audit)", async (t) => {
  // QEMU lifts the rate limit at completion (migration_completion_precopy:
  // migration_rate_set(RATE_LIMIT_DISABLED)); a custom end-of-round preset may do the same.
  // R = 1e6 bytes/s, cap 2.5e5 bytes/s, L = 0.5 s, P = 1000 pages of 1000 bytes, state 5e5.
  const link: LinkSpec = {
    bandwidthBytesPerSecond: 1e6,
    maxBandwidthBytesPerSecond: 2.5e5,
    latencySeconds: 0.5,
  };
  const liveOnly = { ...DEFAULT_PRESET, name: "live-only", capSemantics: "live-only" as const };
  const idle: VmSpec = {
    pageCount: 1000,
    pageSizeBytes: 1000,
    stateBytes: 500_000,
    workload: { kind: "idle" },
  };
  await t.step("offline: (1e6 + 5e5) bytes at the full 1e6 B/s, then L: 1.5 + 0.5 = 2 s", () => {
    const r = closedFormOffline(idle, link, { preset: liveOnly });
    assert.equal(r.downtimeSeconds, 2);
    assert.equal(r.totalSeconds, 2);
    // all-phases (the default preset): the cap binds the stop-and-copy, 1.5e6 / 2.5e5 + 0.5
    assert.equal(closedFormOffline(idle, link).downtimeSeconds, 6.5);
  });
  await t.step("post-copy: state 0.5 s + L, then the pull of 1e6 bytes at 1e6 B/s + L", () => {
    const r = closedFormPostCopy(idle, link, { preset: liveOnly });
    assert.equal(r.downtimeSeconds, 1); // 5e5 / 1e6 + 0.5
    assert.equal(r.totalSeconds, 2.5); // 1 + 1e6 / 1e6 + 0.5
    // all-phases: 5e5 / 2.5e5 + 0.5 = 2.5 and 2.5 + 1e6 / 2.5e5 + 0.5 = 7
    const capped = closedFormPostCopy(idle, link);
    assert.equal(capped.downtimeSeconds, 2.5);
    assert.equal(capped.totalSeconds, 7);
  });
  await t.step(
    "pre-copy (rate model): live rounds at the cap, the stop-and-copy at 1e6 B/s",
    () => {
      const vm: VmSpec = { ...idle, workload: { kind: "uniform", writesPerSecond: 100 } };
      const r = closedFormPreCopy(vm, link, { preset: liveOnly, model: "rate" });
      // Round 1: 1e6 bytes at 2.5e5 = 4 s, 400 writes, so 400 pages. The 300 ms rule judges the
      // live rate (as the simulator): 400e3 / 2.5e5 = 1.6 s > 0.3. Round 2: 1.6 s, 160 pages,
      // 0.64 s > 0.3. Round 3: 0.64 s, 64 pages, 64e3 / 2.5e5 = 0.256 s <= 0.3: stop.
      assert.deepEqual(r.roundRows.map((row) => row.pagesSent).slice(0, 3), [1000, 400, 160]);
      const last = r.roundRows.at(-1)!;
      assert.equal(last.phase, "stop-and-copy");
      assert.ok(Math.abs(last.pagesSent - 64) < 1e-9);
      // downtime: (64 x 1000 + 5e5) / 1e6 + 0.5 = 1.064 (at the cap it would be 2.756)
      assert.ok(Math.abs(r.downtimeSeconds - 1.064) < 1e-9, `${r.downtimeSeconds}`);
      // total: 4 + 1.6 + 0.64 + 1.064
      assert.ok(Math.abs(r.totalSeconds - 7.304) < 1e-9, `${r.totalSeconds}`);
      assert.equal(r.converged, true);
    },
  );
});
