/**
 * Holds `preset: "qemu"` to the recorded real QEMU 7.2 runs
 * (`data/validation/qemu/runs_quiet.jsonl`: 50 pre-copy and 4 post-copy points x 5
 * repeats, recorded in an autogroup of its own at nice -20, started on an idle machine),
 * through `simulateQemuPoint` on the machine's host profile and the rules of
 * `qemuAcceptance`. Why this record and not `runs_priority.jsonl`: QEMU repeats itself
 * better in it (downtime within 15 % of the repeats' mean at 5 of 39 points against 1;
 * the data README, section "The quiet recording"), so it is the stricter reference.
 *
 * Calibration split (`calibrateQemuHostProfile`, `isQemuCalibrationPoint`,
 * `calibrateQemuZeroPageSeconds`, `isQemuZeroPageCalibrationPoint`): the host profile
 * (unlimited throughput, final-copy rate, fixed downtime costs, device state) is
 * measured on the 12 idle filled points only (0 writes/s, every cap and limit), the
 * zero-page scan on the fresh 64 MiB point only, the destination's first-touch cost per
 * page (`calibrateQemuFirstTouchSeconds`) on the same 12 idle points with the warm
 * final-copy rate of the idle points' runs to a preallocated destination
 * (`first_touch.jsonl`, `calibrateQemuWarmFinalCopyBytesPerSecond`), and the uncapped live
 * phase's rate on the same points' uncapped runs, final copies left out
 * (`calibrateQemuLiveBytesPerSecond`); the 37 other points (guests writing
 * 2000-32000 pages/s, the fresh 256 MiB guest) are held out and only predicted. Nothing
 * is fitted per point. The test checks that neither calibration moves when every
 * held-out run is removed.
 *
 * The acceptance rule, per figure (total time, downtime, RAM bytes), on points where
 * both the engine and QEMU converged:
 * - strict: within 15 % of the mean of QEMU's completed repeats (the issue's target);
 * - spread-aware: strict, or, only where QEMU's own repeats stray more than 15 % from
 *   their mean, inside the repeats' range widened by 15 % (and by 1 ms for times:
 *   QEMU reports whole milliseconds).
 * QEMU's five repeats lie within 15 % of their mean on downtime at 5 of the 39 points
 * compared (and on all three figures at 4), so the strict rule on downtime asks far
 * more than QEMU reproduces on this machine.
 *
 * The test pins exactly the points that pass and the known failures (with their
 * reasons below), so that any regression, or any improvement not yet recorded here,
 * fails. */
import assert from "node:assert/strict";
import { migrate } from "../../mod.ts";
import {
  calibrateQemuFirstTouchSeconds,
  calibrateQemuHostProfile,
  calibrateQemuLiveBytesPerSecond,
  calibrateQemuWarmFinalCopyBytesPerSecond,
  calibrateQemuZeroPageSeconds,
  compareWithQemuRuns,
  groupQemuRuns,
  isQemuCalibrationPoint,
  isQemuZeroPageCalibrationPoint,
  qemuAcceptance,
  qemuDowntimeBytes,
  qemuPointPreset,
  qemuPointToEngineInputs,
  type QemuRun,
  readQemuRecord,
  simulateQemuPoint,
} from "../../lib/validation/mod.ts";

const DIR = new URL("../../data/validation/qemu/", import.meta.url).pathname;

/** Points within 15 % of QEMU's mean on all three figures (strict rule). */
const STRICT_PASS = [
  "pre-64M-r0-fill-bw128M-dl300", // calibration point
  "pre-64M-r0-fill-bw128M-dl50", // calibration point
  "pre-64M-r2000-fill-bw32M-dl300",
  "pre-64M-r2000-fill-bw32M-dl50",
  "pre-64M-r2000-fill-bw128M-dl300",
  "pre-64M-r8000-fill-bw128M-dl50",
  "pre-256M-r0-fill-bw32M-dl50", // calibration point
  "pre-256M-r0-fill-bw128M-dl50", // calibration point
  "pre-256M-r0-fill-bwunl-dl50", // calibration point
  "pre-256M-r2000-fill-bw32M-dl300",
  "pre-256M-r2000-fill-bw32M-dl50",
  "pre-256M-r8000-fill-bw128M-dl300",
  "pre-256M-r8000-fill-bw128M-dl50",
];

/** Points that pass the spread-aware rule on all three figures. */
const SPREAD_AWARE_PASS = [
  "pre-64M-r0-fill-bw32M-dl300",
  "pre-64M-r0-fill-bw32M-dl50",
  "pre-64M-r0-fill-bw128M-dl300",
  "pre-64M-r0-fill-bw128M-dl50",
  "pre-64M-r0-fill-bwunl-dl300",
  "pre-64M-r0-fill-bwunl-dl50",
  "pre-64M-r2000-fill-bw32M-dl300",
  "pre-64M-r2000-fill-bw32M-dl50",
  "pre-64M-r2000-fill-bw128M-dl300",
  "pre-64M-r2000-fill-bw128M-dl50",
  "pre-64M-r2000-fill-bwunl-dl50",
  "pre-64M-r8000-fill-bw128M-dl50",
  "pre-64M-r8000-fill-bwunl-dl300",
  "pre-64M-r32000-fill-bwunl-dl300",
  "pre-256M-r0-fill-bw32M-dl300",
  "pre-256M-r0-fill-bw32M-dl50",
  "pre-256M-r0-fill-bw128M-dl50",
  "pre-256M-r0-fill-bwunl-dl50",
  "pre-256M-r2000-fill-bw32M-dl300",
  "pre-256M-r2000-fill-bw32M-dl50",
  "pre-256M-r2000-fill-bw128M-dl50",
  "pre-256M-r2000-fill-bwunl-dl300",
  "pre-256M-r2000-fill-bwunl-dl50",
  "pre-256M-r8000-fill-bw128M-dl300",
  "pre-256M-r8000-fill-bw128M-dl50",
  "pre-256M-r32000-fill-bwunl-dl300",
  "pre-256M-r32000-fill-bwunl-dl50",
  "pre-64M-r0-fresh-bw32M-dl300", // zero-page calibration point
  "pre-256M-r0-fresh-bw32M-dl300",
];

/**
 * Known failures of the spread-aware rule: the figures that fail, and why.
 *
 * "First touch": the final copy leaves at the warm rate (1.61 GB/s, measured on a
 * preallocated destination: `first_touch.jsonl`) plus 2.40 us per page the destination
 * receives for the first time, pooled over the idle calibration points. That pooled cost
 * is too high for the 64 MiB guests (their first touches ran at 1.0-2.0 GB/s) and too low
 * for the 256 MiB idle guest under a cap (0.35-0.8 GB/s): how much a first touch costs
 * depends on whether the memory the destination gets was handed back to this machine's
 * host (free-page reporting, order 9) since it was last used, i.e. on the machine's recent
 * history (in `first_touch.jsonl` the same 256 MiB point's default destination ran its
 * final copy at 0.34-1.25 GB/s, the preallocated one at 1.39-1.56 GB/s).
 * "Bimodal live rate": without a cap the live stream of the same point ran at ~1.4-1.6
 * GB/s in some repeats and ~0.3-0.6 GB/s in others (the samples at 0.1 s): the first touch
 * of the pages of pass 1, fast or slow with the machine's history as above (the 256 MiB
 * uncapped point: 0.29-0.34 GB/s live to the default destination, 1.41-1.51 GB/s to the
 * preallocated one in `first_touch.jsonl`), which one rate cannot follow. Splitting the
 * live rate into first-sent and re-sent pages does not help: both speeds occur inside
 * pass 1, where every page is sent for the first time, and the engine's uncapped live
 * phases re-send no page (step "the two-speed uncapped live rate is inside pass 1").
 * "Uncapped switch-over": the rule is QEMU's (given the bandwidth QEMU measured in its
 * first window, the engine leaves QEMU's pending bytes to within 11 MB at 17 of 18 runs:
 * step "the uncapped switch-over at QEMU's own first-window rate"); where it stops
 * depends on the rate through a sawtooth (the threshold is rate x limit, a step sends
 * rate x 50 ms), so one pooled rate (0.97 GB/s), between QEMU's two speeds, stops where
 * few runs stopped.
 */
const KNOWN_FAILURES: Record<string, string[]> = {
  // Two-speed live rate: 69.5 ms vs 41-55 ms: the uncapped pass at the live phase's
  // pooled 0.97 GB/s; QEMU's whole pass ran within its first window (> 0.65 GB/s).
  "pre-64M-r2000-fill-bwunl-dl300": ["totalSeconds"],
  // 38.5 MB, all first touches, in 47.7 ms vs 23-32 ms: the pooled first-touch cost (the
  // 64 MiB guests' first touches were cheap).
  "pre-64M-r8000-fill-bw128M-dl300": ["downtimeSeconds"],
  // Two-speed live rate: 71 ms vs 148-220 ms, QEMU's first windows (pass 1) carried
  // 34-54 MB (0.33-0.52 GB/s).
  "pre-64M-r8000-fill-bwunl-dl50": ["totalSeconds", "downtimeSeconds"],
  // 32,000 writes/s against 128 MiB/s (32,700 pages/s): 0.34 s vs 0.52-1.03 s. Which
  // sync falls under the threshold depends on where the walk stands against the scan
  // to within a few hundred pages (`migrate` leaves the harness tens of ms after the
  // guest's 4th progress line).
  "pre-64M-r32000-fill-bw128M-dl300": ["totalSeconds"],
  // Uncapped switch-over: 6.6 ms vs 5-6 ms (8.5 MB vs 5.0-6.6 MB): the engine stops
  // later in its pass.
  "pre-64M-r32000-fill-bwunl-dl50": ["downtimeSeconds"],
  // Downtime 25.3 ms vs 44-60 ms (widened: 36.4-70 ms). Its repeat 1 reported total-time
  // and downtime 0 ms (QEMU 7.2 read before computing them; see QemuRun.anomalies), which
  // opened the range down to 0 and passed it until the reader left that downtime out.
  "pre-256M-r2000-fill-bw128M-dl300": ["downtimeSeconds"],
  // 39 MB, all first touches, in 48 ms vs 105-121 ms: the first touches of the 256 MiB
  // idle guest under a cap (a calibration point) were the slowest.
  "pre-256M-r0-fill-bw128M-dl300": ["downtimeSeconds"],
  // Uncapped switch-over and first touches: 207 ms of downtime vs 16-94 ms: at 0.97
  // GB/s the engine stops at the first window with 168 MB left, all first touches;
  // QEMU's first windows ran at 1.35-2.40 GB/s and left 18-126 MB.
  "pre-256M-r0-fill-bwunl-dl300": ["totalSeconds", "downtimeSeconds"],
  // The same: 209 ms vs 49-140 ms (QEMU left 107-141 MB).
  "pre-256M-r8000-fill-bwunl-dl300": ["totalSeconds", "downtimeSeconds"],
  // 287 ms vs 406-850 ms, downtime 36.8 ms vs 2-27: QEMU's live stream slowed to
  // ~0.3 GB/s after its first window (1.1-1.4 GB/s) in 4 of 5 repeats, and it switched
  // over with little left; the engine's one rate does not slow down. The slowdown is the
  // destination's first touch, not the writing guest: recorded again to a preallocated
  // destination it never happened (10 of 10 runs), and an idle guest showed it too
  // (`first_touch_uncapped.jsonl`).
  "pre-256M-r8000-fill-bwunl-dl50": ["totalSeconds", "downtimeSeconds"],
};

const RECORD = "runs_quiet.jsonl";
const record = await readQemuRecord(`${DIR}${RECORD}`);
const profile = calibrateQemuHostProfile(record.runs);
const zeroScan = calibrateQemuZeroPageSeconds(record.runs, profile);
const firstTouchRecord = await readQemuRecord(`${DIR}first_touch.jsonl`);
const warm = calibrateQemuWarmFinalCopyBytesPerSecond(
  firstTouchRecord.runs,
  profile.downtimeFixedSeconds,
);
const firstTouch = calibrateQemuFirstTouchSeconds(record.runs, profile, warm.bytesPerSecond);
/** The model before the first-touch split: every final copy at the pooled rate. */
const pooledOptions = {
  bandwidthBytesPerSecond: profile.unlimitedBytesPerSecond,
  stateBytes: profile.stateBytes,
  downtimeFixedSeconds: profile.downtimeFixedSeconds,
  finalCopyBytesPerSecond: profile.finalCopyBytesPerSecond,
  zeroPageSeconds: zeroScan.zeroPageSeconds,
};
/** With the first-touch split, the live phase at the whole migration's pooled rate. */
const wholeRunRateOptions = {
  ...pooledOptions,
  finalCopyBytesPerSecond: warm.bytesPerSecond,
  firstTouchSecondsPerPage: firstTouch.secondsPerPage,
};
/** The live phase's own rate (the final copy, modelled apart, left out of it). */
const live = calibrateQemuLiveBytesPerSecond(record.runs, profile.stateBytes);
const options = { ...wholeRunRateOptions, bandwidthBytesPerSecond: live.bytesPerSecond };
const points = groupQemuRuns(record.runs).filter((g) => g.point.technique === "pre-copy");
const simulated = points.map(({ point, runs }) => ({
  point,
  runs,
  ...simulateQemuPoint(point, runs, options),
}));
const FIGURES = ["totalSeconds", "downtimeSeconds", "bytes"] as const;
const heldOut = (p: QemuRun["point"]) =>
  !isQemuCalibrationPoint(p) && !isQemuZeroPageCalibrationPoint(p);

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

Deno.test('preset "qemu" against the recorded QEMU 7.2 runs (5 repeats, autogroup nice -20)', async (t) => {
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
    // Measured values (bytes/s, s): 1.02 GB/s live, 831 MB/s final copy, 1 ms fixed.
    assert.equal(Math.round(profile.unlimitedBytesPerSecond / 1e6), 1024);
    assert.equal(Math.round(profile.finalCopyBytesPerSecond / 1e6), 831);
    assert.equal(profile.downtimeFixedSeconds, 0.001);
    assert.equal(profile.stateBytes, 112_725);
    assert.deepEqual(
      [profile.throughputRuns, profile.finalCopyRuns, profile.fixedCostRuns],
      [20, 33, 27],
    );
  });

  await t.step("the zero-page scan comes from the fresh 64 MiB point alone", () => {
    assert.deepEqual(zeroScan.calibrationPointIds, ["pre-64M-r0-fresh-bw32M-dl300"]);
    assert.equal(zeroScan.runs, 5);
    // 0.55 us per zero page: 16,398 of them take 9.1 ms of the 12.6 ms mean total.
    assert.equal(Math.round(zeroScan.zeroPageSeconds * 1e9), 554);
    const own = record.runs.filter((r) =>
      isQemuCalibrationPoint(r.point) || isQemuZeroPageCalibrationPoint(r.point)
    );
    assert.deepEqual(calibrateQemuZeroPageSeconds(own, calibrateQemuHostProfile(own)), zeroScan);
  });

  await t.step("the convergence boundary: exact on all 50 points", () => {
    for (const { point, runs, figures } of simulated) {
      const completed = runs.filter((r) => r.converged).length;
      assert.ok(completed === 0 || completed === runs.length, `${point.id}: mixed`);
      assert.equal(figures.converged, completed > 0, point.id);
    }
  });

  const verdicts = verdictsOf(points, options);

  await t.step("39 points converge in both, 26 of them held out", () => {
    assert.equal(verdicts.length, 39);
    assert.equal(verdicts.filter((v) => heldOut(v.point)).length, 26);
  });

  await t.step(`strict rule: exactly ${STRICT_PASS.length} of 39 points pass`, () => {
    assert.deepEqual(verdicts.filter((v) => v.a.strict).map((v) => v.point.id), STRICT_PASS);
    const held = verdicts.filter((v) => heldOut(v.point));
    assert.equal(held.filter((v) => v.a.strict).length, 8, "held out: 8 of 26");
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
      const held = verdicts.filter((v) => heldOut(v.point));
      assert.equal(held.filter((v) => v.a.spreadAware).length, 18, "held out: 18 of 26");
    },
  );

  await t.step("per figure, strict: total time 23, downtime 15, bytes 38 of 39 points", () => {
    // Total time 23: pre-256M-r2000-fill-bw128M-dl300's repeat 1 reported total-time
    // 0 ms after 1.9 s of wall time, which is no repeat's time (mean 1.954 s, not 1.563 s).
    assert.deepEqual(FIGURES.map((k) => verdicts.filter((v) => v.a[k].strict).length), [
      23,
      15,
      38,
    ]);
  });

  await t.step(
    "the live phase at its own rate: from 12 to 13 strict, 27 to 29 spread-aware (held out 8 and 17 to 18)",
    () => {
      // The profile's rate pools whole uncapped migrations, their final copies included;
      // the final copy has its own model now, so the live phase gets the live phases'
      // pooled rate: 0.97 GB/s over the same 20 calibration runs (1.02 before).
      assert.equal(live.runs, 20);
      assert.equal(Math.round(live.bytesPerSecond / 1e6), 968);
      const calibrationOnly = record.runs.filter((r) => isQemuCalibrationPoint(r.point));
      assert.deepEqual(calibrateQemuLiveBytesPerSecond(calibrationOnly, profile.stateBytes), live);
      const before = verdictsOf(points, wholeRunRateOptions);
      assert.equal(before.filter((v) => v.a.strict).length, 12);
      assert.equal(before.filter((v) => v.a.spreadAware).length, 27);
      assert.equal(before.filter((v) => heldOut(v.point) && v.a.spreadAware).length, 17);
      const gained = verdicts.filter((v) => v.a.spreadAware).map((v) => v.point.id)
        .filter((id) => !before.find((b) => b.point.id === id)!.a.spreadAware);
      assert.deepEqual(gained, ["pre-256M-r0-fill-bwunl-dl50", "pre-256M-r32000-fill-bwunl-dl50"]);
      assert.ok(
        before.every((b) =>
          !b.a.spreadAware || verdicts.find((v) => v.point.id === b.point.id)!.a.spreadAware
        ),
      );
    },
  );

  await t.step(
    "the destination's first touch: from 6 to 12 strict, 24 to 27 spread-aware",
    () => {
      // Calibrated on idle points only: the warm rate on the preallocated destination's
      // runs of the idle points of first_touch.jsonl, the first-touch cost on the grid's
      // 12 idle calibration points (their final copies are all first touches).
      assert.equal(warm.runs, 15);
      assert.equal(Math.round(warm.bytesPerSecond / 1e6), 1614);
      assert.equal(firstTouch.runs, 33);
      assert.equal(Math.round(firstTouch.secondsPerPage * 1e9), 2397); // 1.23 ms per 2 MiB
      // On the idle points the split changes nothing on average: the pooled cost of the
      // calibration runs' final copies is their pooled rate's.
      const before = verdictsOf(points, pooledOptions);
      const after = verdictsOf(points, wholeRunRateOptions);
      assert.equal(before.filter((v) => v.a.strict).length, 6);
      assert.equal(before.filter((v) => v.a.spreadAware).length, 24);
      assert.equal(before.filter((v) => heldOut(v.point) && v.a.spreadAware).length, 14);
      // The three guests that write and re-send pages the destination holds: their final
      // copies (8.5-34 MB) now at the warm rate, as QEMU's ran (1.4-2.1 GB/s).
      const gained = after.filter((v) => v.a.spreadAware).map((v) => v.point.id)
        .filter((id) => !before.find((b) => b.point.id === id)!.a.spreadAware);
      assert.deepEqual(gained, [
        "pre-64M-r2000-fill-bw32M-dl300",
        "pre-256M-r2000-fill-bw32M-dl300",
        "pre-256M-r8000-fill-bw128M-dl300",
      ]);
      assert.ok(
        before.every((b) =>
          !b.a.spreadAware || after.find((v) => v.point.id === b.point.id)!.a.spreadAware
        ),
      );
    },
  );

  await t.step("the first-touch experiment: a preallocated destination is faster", () => {
    // first_touch.jsonl, 5 repeats per destination: the 256 MiB idle guest's final copy
    // (38.9 MB, all first touches) and its uncapped migration.
    const of = (id: string, variant: string) =>
      firstTouchRecord.runs.filter((r) =>
        r.point.id === id && r.destinationVariant === variant && r.converged
      );
    const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
    const capped = "pre-256M-r0-fill-bw128M-dl300";
    const down = (v: string) => mean(of(capped, v).map((r) => r.downtimeSeconds!));
    assert.equal(of(capped, "default").length, 5);
    assert.equal(of(capped, "prealloc").length, 5);
    assert.ok(down("default") > 2 * down("prealloc")); // 82 ms vs 28 ms
    const unl = "pre-256M-r0-fill-bwunl-dl300";
    const total = (v: string) => mean(of(unl, v).map((r) => r.totalSeconds));
    assert.ok(total("default") > 4 * total("prealloc")); // 0.86 s vs 0.17 s
    // A guest that writes (64 MiB, 2000/s, 32 MiB/s): its final copy re-sends pages the
    // destination holds, so preallocating changes little.
    const busy = "pre-64M-r2000-fill-bw32M-dl300";
    const busyDown = (v: string) => mean(of(busy, v).map((r) => r.downtimeSeconds!));
    assert.ok(busyDown("default") < 2 * busyDown("prealloc"));
  });

  await t.step("QEMU's own repeats: within 15 % of their mean on downtime at 5 of 39", () => {
    // The floor under any model of the mean: where QEMU does not repeat itself.
    assert.equal(verdicts.filter((v) => v.a.downtimeSeconds.repeatsSelfError <= 0.15).length, 5);
    assert.equal(
      verdicts.filter((v) => FIGURES.every((k) => v.a[k].repeatsSelfError <= 0.15)).length,
      4,
    );
  });

  await t.step(
    "the walk's start and the zero-page scan: from 22 to 24 spread-aware (held out 13 to 14)",
    () => {
      // Without them (the walk from the region's first page, zero pages free): the
      // model of the previous session on this record.
      const before = verdictsOf(points, {
        ...pooledOptions,
        walkStartSeconds: 0,
        zeroPageSeconds: 0,
      });
      assert.equal(before.filter((v) => v.a.strict).length, 6);
      assert.equal(before.filter((v) => v.a.spreadAware).length, 22);
      assert.equal(before.filter((v) => heldOut(v.point) && v.a.spreadAware).length, 13);
      assert.deepEqual(FIGURES.map((k) => before.filter((v) => v.a[k].strict).length), [
        21,
        8,
        38,
      ]);
      // The fresh 256 MiB guest (held out): 65,550 zero pages.
      const fresh = (vs: typeof before) =>
        vs.find((v) => v.point.id === "pre-256M-r0-fresh-bw32M-dl300")!.a.totalSeconds;
      assert.ok(fresh(before).simulated < 0.006 && !fresh(before).spreadAware); // 5.0 ms vs 13-41
      assert.ok(fresh(verdictsOf(points, pooledOptions)).spreadAware);
      assert.ok(fresh(verdicts).spreadAware);
      // The walk's start: 64 MiB at 8000 writes/s and 128 MiB/s stops after two windows,
      // as QEMU did (its downtime-bytes: 38.5-38.8 MB, pending only).
      const r8000 = (vs: typeof before) =>
        vs.find((v) => v.point.id === "pre-64M-r8000-fill-bw128M-dl300")!.a.totalSeconds;
      assert.equal(r8000(before).strict, false);
      assert.equal(r8000(verdicts).strict, true);
    },
  );

  // The raw `query-migrate` samples (every 100 ms: seconds, ram.transferred,
  // ram.remaining, dirty-sync-count, dirty-pages-rate), which the reader leaves out.
  const samplesOf = new Map<string, number[][]>();
  for (const line of (await Deno.readTextFile(`${DIR}${RECORD}`)).split("\n")) {
    if (line === "") continue;
    const d = JSON.parse(line);
    if (d.kind === "run") samplesOf.set(`${d.point.id}#${d.repeat}`, d.samples);
  }
  /** Bytes/s of a run's first window (sample at >= 90 ms) if pass 1 was still going then. */
  const firstWindowRate = (r: QemuRun): number | null => {
    const s = samplesOf.get(`${r.point.id}#${r.repeat}`)!.find((x) => x[0]! >= 0.09);
    return s !== undefined && s[3] === 1 ? s[1]! / s[0]! : null;
  };
  const uncapped = (id: string) => points.find((g) => g.point.id === id)!;

  await t.step(
    "the two-speed uncapped live rate is inside pass 1, so a first-touch / re-sent split cannot explain it",
    () => {
      // Split of the live rate into pages sent for the first time (a first touch at the
      // destination) and re-sent pages: in the engine, the live phase of the three
      // two-speed points is pass 1 alone (no page is re-sent before the switch-over), so
      // the split changes nothing there.
      const twoSpeed = [
        "pre-64M-r2000-fill-bwunl-dl300",
        "pre-64M-r8000-fill-bwunl-dl50",
        "pre-256M-r8000-fill-bwunl-dl50",
      ];
      for (const s of simulated.filter((g) => twoSpeed.includes(g.point.id))) {
        const live = s.result.roundRows.filter((r) => r.phase === "push");
        const pageCount = s.runs[0]!.ramTotalBytes / 4096;
        assert.ok(live.reduce((a, r) => a + r.pagesSent, 0) <= pageCount, s.point.id);
      }
      // In QEMU the two speeds show within pass 1: a window of 100 ms in which
      // dirty-sync-count is still 1 holds only pages sent for the first time. At
      // `pre-64M-r8000-fill-bwunl-dl50` every repeat's first window was in pass 1, at
      // 0.33-0.52 GB/s; at `pre-64M-r2000-fill-bwunl-dl300` every repeat ended pass 1
      // (65.4 MB) within its first window (> 0.65 GB/s); same guest, same first pass.
      const rates = (id: string) => uncapped(id).runs.map(firstWindowRate);
      const slow = rates("pre-64M-r8000-fill-bwunl-dl50");
      assert.ok(slow.every((x) => x !== null && x > 0.3e9 && x < 0.55e9), `${slow}`);
      assert.ok(rates("pre-64M-r2000-fill-bwunl-dl300").every((x) => x === null));
      // The 256 MiB idle calibration points: 9 of 10 first windows at 1.28-2.40 GB/s,
      // one at 0.39 GB/s (pre-256M-r0-fill-bwunl-dl50 #3).
      const idle = ["pre-256M-r0-fill-bwunl-dl300", "pre-256M-r0-fill-bwunl-dl50"]
        .flatMap(rates);
      assert.equal(idle.filter((x) => x !== null && x > 1.2e9).length, 9);
      assert.equal(idle.filter((x) => x !== null && x < 0.4e9).length, 1);
    },
  );

  await t.step(
    "first_touch_uncapped.jsonl: a preallocated destination removes the slow live stream",
    async () => {
      // Both 256 MiB uncapped 50 ms points (an idle guest and one writing 8000 pages/s),
      // 5 repeats to the grid's destination and to a preallocated one. Live rate: the bytes
      // sent before the stop over the time before it.
      const rec = await readQemuRecord(`${DIR}first_touch_uncapped.jsonl`);
      assert.equal(rec.runs.length, 20);
      const liveRate = (r: QemuRun) =>
        (r.transferredBytes - qemuDowntimeBytes(r)) / (r.totalSeconds - r.downtimeSeconds!);
      for (const id of ["pre-256M-r8000-fill-bwunl-dl50", "pre-256M-r0-fill-bwunl-dl50"]) {
        const of = (v: string) =>
          rec.runs.filter((r) => r.point.id === id && r.destinationVariant === v);
        // Preallocated: every run at 1.2-1.5 GB/s.
        assert.ok(of("prealloc").every((r) => r.converged && liveRate(r) > 1.2e9), id);
        // Default: one run in five slow (0.29 and 0.48 GB/s); in the idle guest's slow run
        // the stream fell from 1.2 GB/s to ~0.3 GB/s after its first window, as the
        // writing guests' streams did in the grid: not the guest's doing.
        assert.equal(of("default").filter((r) => liveRate(r) < 0.6e9).length, 1, id);
      }
    },
  );

  await t.step(
    "the uncapped switch-over at QEMU's own first-window rate lands where QEMU's did",
    () => {
      // QEMU's threshold is the bandwidth of its first window of at least BUFFER_DELAY
      // (100 ms) x downtime-limit (migration_update_counters, migration/migration.c,
      // v7.2.0). Given the bandwidth QEMU measured in that window (its sample at 0.1 s,
      // pass 1 still going), the engine's switch-over at the four 256 MiB points with a
      // 300 ms limit leaves the pages QEMU left: within 11 MB of 18-176 MB at 17 of the
      // 18 such runs, always a little more (the engine's window closes at 100 ms; QEMU's
      // at the end of the iteration that passes it, >= 102 ms: ram_save_iterate returns
      // when `t1 > MAX_WAIT` in whole milliseconds, i.e. after >= 51 ms). The exception
      // ran at 0.31 GB/s (slow first touches) and did not switch at the first window.
      // So the pinned uncapped failures come from the live rate, not from the rule.
      let close = 0;
      let runsSeen = 0;
      for (const rate of [0, 2000, 8000, 32000]) {
        const { point, runs } = uncapped(`pre-256M-r${rate}-fill-bwunl-dl300`);
        for (const r of runs) {
          const bw = firstWindowRate(r);
          if (bw === null) continue;
          runsSeen++;
          const { result } = simulateQemuPoint(point, runs, {
            ...options,
            bandwidthBytesPerSecond: bw,
          });
          const engine = result.stopAndCopyBytesSent - profile.stateBytes;
          const qemu = qemuDowntimeBytes(r);
          if (engine >= qemu && engine - qemu <= 11e6) close++;
        }
      }
      assert.equal(runsSeen, 18);
      assert.equal(close, 17);
    },
  );

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

Deno.test("the two earlier recordings (loaded machine) with their own host profiles", async (t) => {
  // The same method on runs_priority.jsonl (nice -15, load 3.5-23) and runs.jsonl
  // (normal priority, load 6-14): each profile is re-measured on its own calibration
  // points (the first-touch cost too; the warm final-copy rate is the machine's, from
  // first_touch.jsonl). Their repeats spread wider, so the spread-aware rule passes more
  // points. (With every final copy at the pooled rate: 4 and 32, 2 and 26; with the
  // first-touch split but the live phase at the whole runs' rate: 7 and 34, 3 and 26.)
  for (
    const [file, strict, spreadAware, selfDowntime] of [
      ["runs_priority.jsonl", 7, 34, 1],
      ["runs.jsonl", 5, 25, 0],
    ] as const
  ) {
    await t.step(file, async () => {
      const other = await readQemuRecord(`${DIR}${file}`);
      const p = calibrateQemuHostProfile(other.runs);
      const w = calibrateQemuWarmFinalCopyBytesPerSecond(
        firstTouchRecord.runs,
        p.downtimeFixedSeconds,
      );
      const v = verdictsOf(
        groupQemuRuns(other.runs).filter((g) => g.point.technique === "pre-copy"),
        {
          bandwidthBytesPerSecond: calibrateQemuLiveBytesPerSecond(other.runs, p.stateBytes)
            .bytesPerSecond,
          stateBytes: p.stateBytes,
          downtimeFixedSeconds: p.downtimeFixedSeconds,
          finalCopyBytesPerSecond: w.bytesPerSecond,
          firstTouchSecondsPerPage: calibrateQemuFirstTouchSeconds(
            other.runs,
            p,
            w.bytesPerSecond,
          ).secondsPerPage,
          zeroPageSeconds: calibrateQemuZeroPageSeconds(other.runs, p).zeroPageSeconds,
        },
      );
      assert.equal(v.length, 39);
      assert.equal(v.filter((x) => x.a.strict).length, strict);
      assert.equal(v.filter((x) => x.a.spreadAware).length, spreadAware);
      assert.equal(
        v.filter((x) => x.a.downtimeSeconds.repeatsSelfError <= 0.15).length,
        selfDowntime,
      );
    });
  }
});

Deno.test("qemuPointPreset() averages the setup times QEMU reported, not missing ones as 0", () => {
  const point = { id: "p", downtimeLimitMs: 300 } as QemuRun["point"];
  const run = (setupSeconds: number | null, converged = true) =>
    ({ converged, setupSeconds }) as QemuRun;
  assert.equal(qemuPointPreset(point, [run(0.004), run(null)]).setupSeconds, 0.004); // not 0.002
  assert.equal(qemuPointPreset(point, [run(null), run(null)]).setupSeconds, 0);
  assert.equal(qemuPointPreset(point, [run(0.002), run(0.006, false)]).setupSeconds, 0.002);
});

// A point without a usable downtime-limit made a stop rule of NaN seconds (no error), and runs
// that were not an array failed inside ("runs.filter is not a function").
Deno.test("qemuPointPreset() refuses a bad downtime limit, runs or setup time, naming it", () => {
  const run = { converged: true, setupSeconds: 0.001 } as QemuRun;
  const cases: [unknown, unknown, RegExp][] = [
    [{ id: "p" }, [run], /as point\.downtimeLimitMs must be a number: current value is undefined$/],
    [
      { downtimeLimitMs: NaN },
      [run],
      /as point\.downtimeLimitMs must be a finite number > 0: current value is NaN$/,
    ],
    [
      { downtimeLimitMs: -5 },
      [run],
      /as point\.downtimeLimitMs must be a finite number > 0: current value is -5$/,
    ],
    [null, [run], /as point must be an object: current value is null$/],
    [{ downtimeLimitMs: 50 }, "runs", /as runs must be an array: current value is "runs"$/],
    [{ downtimeLimitMs: 50 }, [], /as runs must hold at least 1 items/],
    [{ downtimeLimitMs: 50 }, [null], /as runs\[0\] must be an object: current value is null$/],
    [
      { downtimeLimitMs: 50 },
      [{ converged: true }],
      /as runs\[0\]\.setupSeconds must be a number: current value is undefined$/,
    ],
  ];
  for (const [point, runs, message] of cases) {
    assert.throws(
      () => qemuPointPreset(point as QemuRun["point"], runs as QemuRun[]),
      (e: Error) =>
        /^Cannot build a QEMU point's preset as /.test(e.message) && message.test(e.message),
    );
  }
});

Deno.test("calibrateQemuZeroPageSeconds() leaves out a run whose total-time QEMU reported as 0 ms", () => {
  const point = {
    id: "fresh",
    technique: "pre-copy",
    ramMiB: 64,
    workload: { writesPerSecond: 0, fill: false },
  };
  // 10 ms for 1,000 zero pages, 1 ms of it the stream and 1 ms the fixed costs: 8 us a page.
  const good = {
    point,
    converged: true,
    totalSeconds: 0.01,
    setupSeconds: 0,
    mbps: 8,
    zeroPages: 1000,
    anomalies: [],
  } as unknown as QemuRun;
  // As runs_quiet.jsonl's pre-256M-r2000-fill-bw128M-dl300 #1: total-time 0, setup-time 1 ms.
  const bad = {
    ...good,
    totalSeconds: 0,
    setupSeconds: 0.001,
    mbps: 1073.9,
    anomalies: ["total-time 0 ms after 1.949 s of wall time"],
  } as unknown as QemuRun;
  const profile = { unlimitedBytesPerSecond: 1e7, downtimeFixedSeconds: 0.001 } as ReturnType<
    typeof calibrateQemuHostProfile
  >;
  const c = calibrateQemuZeroPageSeconds([good, bad], profile);
  assert.equal(c.runs, 1);
  assert.equal(c.zeroPageSeconds.toFixed(9), "0.000008000"); // not 0.000009712 (2 runs)
  assert.throws(() => calibrateQemuZeroPageSeconds([bad], profile), /zero-page calibration run/);
});

Deno.test("calibrateQemuZeroPageSeconds() names a profile field that is missing or not a rate", () => {
  const run = {
    point: {
      id: "fresh",
      technique: "pre-copy",
      ramMiB: 64,
      workload: { writesPerSecond: 0, fill: false },
    },
    converged: true,
    totalSeconds: 0.01,
    setupSeconds: 0,
    mbps: 8,
    zeroPages: 1000,
  } as unknown as QemuRun;
  type Profile = ReturnType<typeof calibrateQemuHostProfile>;
  // No rate gave zeroPageSeconds NaN; a rate of 0 gave 0 (-Infinity, clamped).
  assert.throws(
    () => calibrateQemuZeroPageSeconds([run], { downtimeFixedSeconds: 0.001 } as Profile),
    {
      name: "TypeError",
      message: "Cannot calibrate QEMU zero-page seconds as profile.unlimitedBytesPerSecond " +
        "must be a number: current value is undefined",
    },
  );
  assert.throws(
    () =>
      calibrateQemuZeroPageSeconds([run], {
        unlimitedBytesPerSecond: 0,
        downtimeFixedSeconds: 0.001,
      } as Profile),
    /profile\.unlimitedBytesPerSecond must be a finite number > 0: current value is 0/,
  );
  assert.throws(
    () => calibrateQemuZeroPageSeconds([run], { unlimitedBytesPerSecond: 1e7 } as Profile),
    /profile\.downtimeFixedSeconds must be a number: current value is undefined/,
  );
});

Deno.test("the calibrations leave out a run that did not report its downtime bytes, not take them as 0", () => {
  const point = (cap: number | null) => ({
    id: `idle-${cap}`,
    technique: "pre-copy",
    maxBandwidthBytesPerSecond: cap,
    workload: { writesPerSecond: 0, fill: true },
  });
  const run = (cap: number | null, downtime: number, downtimeBytes?: number) =>
    ({
      point: point(cap),
      converged: true,
      totalSeconds: 0.101,
      setupSeconds: 0.001,
      downtimeSeconds: downtime,
      mbps: 808,
      transferredBytes: 1e7,
      queryMigrate: { ram: downtimeBytes === undefined ? {} : { "downtime-bytes": downtimeBytes } },
    }) as unknown as QemuRun;
  const runs = [run(1e8, 0.001, 0), run(null, 0.02, 2e6)];
  // a 50 ms downtime of unknown bytes was a second "empty" run: a fixed cost of 25.5 ms
  const silent = run(1e8, 0.05);
  assert.equal(calibrateQemuHostProfile([...runs, silent]).downtimeFixedSeconds, 0.001);
  // and its final copy was taken as 0 bytes, raising the live rate
  const live = calibrateQemuLiveBytesPerSecond(runs, 1e4);
  assert.deepEqual(calibrateQemuLiveBytesPerSecond([...runs, run(null, 0.02)], 1e4), live);
  assert.equal(live.runs, 1);
});
