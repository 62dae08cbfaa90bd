/**
 * Holds `preset: "qemu"` to the recorded real QEMU 7.2 runs
 * (`data/validation/qemu/runs_priority.jsonl`: 50 pre-copy and 4 post-copy points x 5
 * repeats, recorded at nice -15 in its own autogroup), through `simulateQemuPoint` on
 * the machine's host profile and the rules of `qemuAcceptance`.
 *
 * Calibration split (`calibrateQemuHostProfile`, `isQemuCalibrationPoint`): the host
 * profile (unlimited throughput, final-copy rate, fixed downtime costs, device state)
 * is measured on the 12 idle filled points only (0 writes/s, every cap and limit);
 * the 38 other points (guests writing 2000-32000 pages/s, fresh guests) are held out
 * and only predicted. Nothing is fitted per point. The test checks that the profile
 * does not move when every held-out run is removed.
 *
 * The acceptance rule, per figure (total time, downtime, RAM bytes), on points where
 * both the engine and QEMU converged:
 * - strict: within 15 % of the mean of QEMU's completed repeats (the issue's target);
 * - spread-aware: strict, or, only where QEMU's own repeats stray more than 15 % from
 *   their mean, inside the repeats' range widened by 15 % (and by 1 ms for times:
 *   QEMU reports whole milliseconds).
 * QEMU's five repeats lie within 15 % of their mean on downtime at 1 of the 39 points
 * compared (and on all three figures at 1), so the strict rule on downtime asks far
 * more than QEMU reproduces on this machine.
 *
 * The test pins exactly the points that pass and the known failures (with their
 * reasons below), so that any regression, or any improvement not yet recorded here,
 * fails.
 */
import assert from "node:assert/strict";
import { migrate } from "../../mod.ts";
import {
  calibrateQemuHostProfile,
  compareWithQemuRuns,
  groupQemuRuns,
  isQemuCalibrationPoint,
  measuredLoopbackBytesPerSecond,
  measuredQemuDeviceStateBytes,
  qemuAcceptance,
  qemuPointPreset,
  qemuPointToEngineInputs,
  type QemuRun,
  readQemuRecord,
  simulateQemuPoint,
} from "../../lib/validation/mod.ts";

const DIR = new URL("../../data/validation/qemu/", import.meta.url).pathname;

/** Points within 15 % of QEMU's mean on all three figures (strict rule). */
const STRICT_PASS = [
  "pre-64M-r0-fill-bw32M-dl50", // calibration point
  "pre-64M-r0-fill-bw128M-dl300", // calibration point
  "pre-64M-r2000-fill-bw128M-dl50",
  "pre-256M-r2000-fill-bw128M-dl300",
];

/** Points that pass the spread-aware rule on all three figures. */
const SPREAD_AWARE_PASS = [
  "pre-64M-r0-fill-bw32M-dl300",
  "pre-64M-r0-fill-bw32M-dl50",
  "pre-64M-r0-fill-bw128M-dl300",
  "pre-64M-r0-fill-bw128M-dl50",
  "pre-64M-r0-fill-bwunl-dl300",
  "pre-64M-r0-fill-bwunl-dl50",
  "pre-64M-r2000-fill-bw32M-dl50",
  "pre-64M-r2000-fill-bw128M-dl50",
  "pre-64M-r2000-fill-bwunl-dl300",
  "pre-64M-r2000-fill-bwunl-dl50",
  "pre-64M-r8000-fill-bw128M-dl50",
  "pre-64M-r8000-fill-bwunl-dl300",
  "pre-64M-r8000-fill-bwunl-dl50",
  "pre-64M-r32000-fill-bwunl-dl300",
  "pre-64M-r32000-fill-bwunl-dl50",
  "pre-256M-r0-fill-bw32M-dl300",
  "pre-256M-r0-fill-bw32M-dl50",
  "pre-256M-r0-fill-bw128M-dl300",
  "pre-256M-r0-fill-bw128M-dl50",
  "pre-256M-r0-fill-bwunl-dl300",
  "pre-256M-r2000-fill-bw32M-dl300",
  "pre-256M-r2000-fill-bw32M-dl50",
  "pre-256M-r2000-fill-bw128M-dl300",
  "pre-256M-r2000-fill-bw128M-dl50",
  "pre-256M-r2000-fill-bwunl-dl300",
  "pre-256M-r2000-fill-bwunl-dl50",
  "pre-256M-r8000-fill-bw128M-dl50",
  "pre-256M-r8000-fill-bwunl-dl50",
  "pre-256M-r32000-fill-bwunl-dl300",
  "pre-256M-r32000-fill-bwunl-dl50",
];

/**
 * Known failures of the spread-aware rule: the figures that fail, and why.
 * "Final-copy rate": the profile's final-copy rate, pooled over the idle calibration
 * points' final copies, is 698 MB/s; the final copies of the guests that write ran at
 * about 1.0-2.1 GB/s (`ram.downtime-bytes / downtime`, same bytes as the engine's),
 * and not because they were smaller. Why an idle guest's final copy is slower on this
 * machine is not known (its vCPU is halted with interrupts off when QEMU stops it).
 */
const KNOWN_FAILURES: Record<string, string[]> = {
  // 9.7 MB in 14.9 ms vs QEMU's 9.6-9.7 MB in 5-8 ms: final-copy rate.
  "pre-64M-r2000-fill-bw32M-dl300": ["downtimeSeconds"],
  // 38.5 MB in 40.7 ms vs 15-22 ms: final-copy rate.
  "pre-64M-r2000-fill-bw128M-dl300": ["downtimeSeconds"],
  // Total 352 ms vs 224-303 ms: the engine's live phase sends at the cap from the first
  // window; QEMU's first 100 ms sometimes carried two windows' budgets (its samples at
  // 0.1 s show 13.4 or 26.8 MB), which the engine does not model.
  "pre-64M-r8000-fill-bw128M-dl300": ["totalSeconds"],
  // 32,000 writes/s against 128 MiB/s (32,700 pages/s): the engine's pending pages after
  // each sync settle at ~9,900, just over the threshold (134 MB/s x 0.3 s = 9,816 pages),
  // so it converges only after 8.7 s; QEMU's syncs found 9,100-9,500 and it completed in
  // 0.5-1.0 s. Which sync falls under the threshold depends on where the guest's walk
  // stands against QEMU's scan, which the recording does not hold.
  "pre-64M-r32000-fill-bw128M-dl300": ["totalSeconds", "downtimeSeconds", "bytes"],
  // 49 MB in 71.7 ms vs 16-56 MB in 18-57 ms: the engine's switch-over leaves more.
  "pre-256M-r0-fill-bwunl-dl50": ["downtimeSeconds"],
  // 34 MB in 49.7 ms vs 34-36 MB in 21-23 ms (QEMU's repeats within 5 %): final-copy rate.
  "pre-256M-r8000-fill-bw128M-dl300": ["downtimeSeconds"],
  // 162 MB in 233 ms vs QEMU's 60-129 MB in 28-80 ms: the engine stops when the first
  // window closes (pending 162 MB under 1.09 GB/s x 0.3 s) and copies at 698 MB/s;
  // QEMU stopped later with less left and copied at 1.6-2.1 GB/s.
  "pre-256M-r8000-fill-bwunl-dl300": ["downtimeSeconds"],
  // Fresh guests (16,398 and 65,550 zero pages): 2-3 ms vs 5-39 and 13-30 ms. QEMU reads
  // every page to find it is zero (buffer_is_zero in migration/ram.c); the link charges a
  // zero page its 9 wire bytes only, now sent at the unlimited rate within one window.
  "pre-64M-r0-fresh-bw32M-dl300": ["totalSeconds"],
  "pre-256M-r0-fresh-bw32M-dl300": ["totalSeconds"],
};

const record = await readQemuRecord(`${DIR}runs_priority.jsonl`);
const profile = calibrateQemuHostProfile(record.runs);
const options = {
  bandwidthBytesPerSecond: profile.unlimitedBytesPerSecond,
  stateBytes: profile.stateBytes,
  downtimeFixedSeconds: profile.downtimeFixedSeconds,
  finalCopyBytesPerSecond: profile.finalCopyBytesPerSecond,
};
const points = groupQemuRuns(record.runs).filter((g) => g.point.technique === "pre-copy");
const simulated = points.map(({ point, runs }) => ({
  point,
  runs,
  ...simulateQemuPoint(point, runs, options),
}));
const FIGURES = ["totalSeconds", "downtimeSeconds", "bytes"] as const;

function verdictsOf(
  runsOf: readonly { point: QemuRun["point"]; runs: QemuRun[] }[],
  opts: Parameters<typeof simulateQemuPoint>[2],
) {
  return runsOf
    .map(({ point, runs }) => ({
      point,
      a: qemuAcceptance(simulateQemuPoint(point, runs, opts).figures, runs),
    }))
    .filter((v) => v.a !== null)
    .map((v) => ({ point: v.point, a: v.a! }));
}

Deno.test('preset "qemu" against the recorded QEMU 7.2 runs (5 repeats, high priority)', async (t) => {
  await t.step("the host profile comes from the 12 calibration points alone", () => {
    assert.equal(points.length, 50);
    assert.deepEqual(
      profile.calibrationPointIds,
      points.filter((g) => isQemuCalibrationPoint(g.point)).map((g) => g.point.id),
    );
    assert.equal(profile.calibrationPointIds.length, 12);
    // Removing every held-out run changes nothing.
    const calibrationOnly = record.runs.filter((r) => isQemuCalibrationPoint(r.point));
    assert.deepEqual(calibrateQemuHostProfile(calibrationOnly), profile);
    // Measured values (bytes/s, s): 1.09 GB/s live, 698 MB/s final copy, 1 ms fixed.
    assert.equal(Math.round(profile.unlimitedBytesPerSecond / 1e6), 1089);
    assert.equal(Math.round(profile.finalCopyBytesPerSecond / 1e6), 698);
    assert.equal(profile.downtimeFixedSeconds, 0.001);
    assert.equal(profile.stateBytes, 112_705);
    assert.deepEqual(
      [profile.throughputRuns, profile.finalCopyRuns, profile.fixedCostRuns],
      [20, 31, 29],
    );
  });

  await t.step(
    "the convergence boundary: exact on 49 points, the 50th is QEMU's own 4 of 5",
    () => {
      const mixed: string[] = [];
      for (const { point, runs, figures } of simulated) {
        const completed = runs.filter((r) => r.converged).length;
        if (completed > 0 && completed < runs.length) {
          mixed.push(point.id);
          continue;
        }
        assert.equal(figures.converged, completed > 0, point.id);
      }
      // 32,000 writes/s against 128 MiB/s sits on the boundary: QEMU completed 4 of 5
      // (the fifth, at load 20.7, was cancelled after 10 s and 55 syncs); the engine
      // completes after 8.7 s, inside the 10 s bound.
      assert.deepEqual(mixed, ["pre-64M-r32000-fill-bw128M-dl300"]);
      assert.equal(simulated.find((s) => s.point.id === mixed[0])!.figures.converged, true);
    },
  );

  const verdicts = verdictsOf(points, options);

  await t.step("39 points converge in both, 27 of them held out", () => {
    assert.equal(verdicts.length, 39);
    assert.equal(verdicts.filter((v) => !isQemuCalibrationPoint(v.point)).length, 27);
  });

  await t.step(`strict rule: exactly ${STRICT_PASS.length} of 39 points pass`, () => {
    assert.deepEqual(verdicts.filter((v) => v.a.strict).map((v) => v.point.id), STRICT_PASS);
    const held = verdicts.filter((v) => !isQemuCalibrationPoint(v.point));
    assert.equal(held.filter((v) => v.a.strict).length, 2, "held out: 2 of 27");
  });

  await t.step(
    `spread-aware rule: exactly ${SPREAD_AWARE_PASS.length} of 39 pass; ${
      Object.keys(KNOWN_FAILURES).length
    } known failures`,
    () => {
      assert.deepEqual(
        verdicts.filter((v) => v.a.spreadAware).map((v) => v.point.id),
        SPREAD_AWARE_PASS,
      );
      assert.equal(SPREAD_AWARE_PASS.length + Object.keys(KNOWN_FAILURES).length, 39);
      for (const v of verdicts.filter((v) => !v.a.spreadAware)) {
        const failing = FIGURES.filter((k) => !v.a[k].spreadAware);
        assert.deepEqual(failing, KNOWN_FAILURES[v.point.id], v.point.id);
      }
      const held = verdicts.filter((v) => !isQemuCalibrationPoint(v.point));
      assert.equal(held.filter((v) => v.a.spreadAware).length, 19, "held out: 19 of 27");
    },
  );

  await t.step("per figure, strict: total time 23, downtime 6, bytes 38 of 39 points", () => {
    assert.deepEqual(FIGURES.map((k) => verdicts.filter((v) => v.a[k].strict).length), [
      23,
      6,
      38,
    ]);
  });

  await t.step("QEMU's own repeats: within 15 % of their mean on downtime at 1 of 39", () => {
    // The floor under any model of the mean: where QEMU does not repeat itself.
    assert.equal(verdicts.filter((v) => v.a.downtimeSeconds.repeatsSelfError <= 0.15).length, 1);
    assert.equal(
      verdicts.filter((v) => FIGURES.every((k) => v.a[k].repeatsSelfError <= 0.15)).length,
      1,
    );
    // Every strict downtime failure is at a point whose repeats stray more than 15 %,
    // except the final-copy-rate failure pre-256M-r8000-fill-bw128M-dl300.
    const steady = verdicts.filter((v) =>
      !v.a.downtimeSeconds.strict && v.a.downtimeSeconds.repeatsSelfError <= 0.15
    );
    assert.deepEqual(steady.map((v) => v.point.id), ["pre-256M-r8000-fill-bw128M-dl300"]);
  });

  await t.step("without the host profile (the previous mapping): 3 strict, 32 spread-aware", () => {
    // The previous mapping: the median loopback rate of every unlimited run (held-out
    // points included), no fixed costs, one rate for the final copy.
    const before = verdictsOf(points, {
      bandwidthBytesPerSecond: measuredLoopbackBytesPerSecond(record.runs),
      stateBytes: measuredQemuDeviceStateBytes(record.runs),
    });
    assert.equal(before.filter((v) => v.a.strict).length, 3);
    assert.equal(before.filter((v) => v.a.spreadAware).length, 32);
    assert.deepEqual(FIGURES.map((k) => before.filter((v) => v.a[k].strict).length), [
      23,
      4,
      38,
    ]);
  });

  await t.step(
    "post-copy points (hybrid, 1 round, pull uncapped): total and bytes within 15 %",
    () => {
      const post = groupQemuRuns(record.runs).filter((g) => g.point.technique === "post-copy");
      assert.equal(post.length, 4);
      for (const { point, runs } of post) {
        const { vm, link } = qemuPointToEngineInputs(point, runs, {
          bandwidthBytesPerSecond: profile.unlimitedBytesPerSecond,
          stateBytes: profile.stateBytes,
        });
        const r = migrate(vm, link, {
          technique: "hybrid",
          seed: 1,
          preCopyRounds: 1,
          preset: qemuPointPreset(point, runs),
        });
        const fixed = profile.downtimeFixedSeconds;
        const c = compareWithQemuRuns(point.id, {
          ...r,
          totalSeconds: r.totalSeconds + fixed,
          downtimeSeconds: r.downtimeSeconds + fixed,
          bytesSent: r.bytesSent - profile.stateBytes,
        }, runs);
        assert.ok(c.convergenceAgrees, point.id);
        assert.ok(Math.abs(c.relativeError!.totalSeconds!) <= 0.15, `${point.id} total`);
        assert.ok(Math.abs(c.relativeError!.bytes!) <= 0.15, `${point.id} bytes`);
      }
    },
  );
});

Deno.test("the first recording (3 repeats, loaded machine) with its own host profile", async () => {
  // The same method on runs.jsonl (recorded at load 6-14 without priority): the profile
  // is re-measured on its own calibration points; QEMU's repeats there lie within 15 %
  // on downtime at 0 of 39 points.
  const first = await readQemuRecord(`${DIR}runs.jsonl`);
  const p = calibrateQemuHostProfile(first.runs);
  const v = verdictsOf(
    groupQemuRuns(first.runs).filter((g) => g.point.technique === "pre-copy"),
    {
      bandwidthBytesPerSecond: p.unlimitedBytesPerSecond,
      stateBytes: p.stateBytes,
      downtimeFixedSeconds: p.downtimeFixedSeconds,
      finalCopyBytesPerSecond: p.finalCopyBytesPerSecond,
    },
  );
  assert.equal(v.length, 39);
  assert.equal(v.filter((x) => x.a.strict).length, 1);
  assert.equal(v.filter((x) => x.a.spreadAware).length, 22);
  assert.equal(v.filter((x) => x.a.downtimeSeconds.repeatsSelfError <= 0.15).length, 0);
});
