/**
 * Runs the engine on every recorded QEMU grid point and compares: pre-copy points with
 * `preset: "qemu"` (`simulateQemuPoint`: the point's downtime-limit and setup time,
 * the guest's sequential walk over zero-filled memory, convergence within the wait
 * bound) and the acceptance rules of `qemuAcceptance`; post-copy points under the same
 * preset (QEMU switched after the first pass) with `technique: "hybrid"` and one
 * pre-copy round. The machine enters through its host profile
 * (`calibrateQemuHostProfile`, measured on the idle calibration points only): the
 * link runs at its unlimited throughput with the point's cap, the device state is its
 * `stateBytes`, and its fixed downtime costs are added to downtime and total time; a
 * zero page costs the scan `calibrateQemuZeroPageSeconds` measures on the fresh 64 MiB
 * point only; the final copy leaves at the warm rate of a preallocated destination
 * (`calibrateQemuWarmFinalCopyBytesPerSecond` on `first_touch.jsonl`) plus the
 * destination's first-touch cost per page it receives for the first time
 * (`calibrateQemuFirstTouchSeconds`, the idle calibration points); the guest's walk starts where it stood at `migrate`
 * (`QEMU_GRID_WALK_START_SECONDS`). Verdicts are reported for all points and for the held-out (non-calibration) ones. Writes
 * `data/validation/qemu/engine_baseline.json` and prints a Markdown table.
 *
 * Usage: `deno run -A validation/qemu/compare.ts [--record FILE] [--first-touch FILE] [--out FILE] [--preset NAME]`
 *
 * @module
 */
import { atomicWriteTextFile } from "../../lib/_atomic_write.ts";
import { migrate } from "../../lib/migration/migrate.ts";
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
  measuredLoopbackBytesPerSecond,
  qemuAcceptance,
  type QemuComparison,
  qemuPointPreset,
  qemuPointToEngineInputs,
  readQemuRecord,
  simulateQemuPoint,
  summarizeQemuComparisons,
} from "../../lib/validation/mod.ts";

function arg(name: string, fallback: string): string {
  const i = Deno.args.indexOf(name);
  return i >= 0 && Deno.args[i + 1] !== undefined ? Deno.args[i + 1]! : fallback;
}

const here = (p: string) => new URL(p, import.meta.url).pathname;
const recordPath = arg("--record", here("../../data/validation/qemu/runs_quiet.jsonl"));
const outPath = arg("--out", here("../../data/validation/qemu/engine_baseline.json"));
const firstTouchPath = arg(
  "--first-touch",
  here("../../data/validation/qemu/first_touch.jsonl"),
);

const record = await readQemuRecord(recordPath);
const profile = calibrateQemuHostProfile(record.runs);
const zeroScan = calibrateQemuZeroPageSeconds(record.runs, profile);
const warm = calibrateQemuWarmFinalCopyBytesPerSecond(
  (await readQemuRecord(firstTouchPath)).runs,
  profile.downtimeFixedSeconds,
);
const firstTouch = calibrateQemuFirstTouchSeconds(record.runs, profile, warm.bytesPerSecond);
const loopback = profile.unlimitedBytesPerSecond;
// The pre-copy live phase: its own pooled rate, the final copy (modelled apart) left out.
const live = calibrateQemuLiveBytesPerSecond(record.runs, profile.stateBytes);
const stateBytes = profile.stateBytes;
const rows: (QemuComparison & { technique: string })[] = [];
const acceptance = {
  rule: "strict: |sim - mean| <= 15 % of the mean of the completed repeats; spread-aware: " +
    "strict, or (repeats stray > 15 % from their mean and 0.85 min - r <= sim <= 1.15 max + r, " +
    "r = 1 ms for times, 0 for bytes); a point passes when all three figures do",
  bothConverged: 0,
  heldOutBothConverged: 0,
  strict: [] as string[],
  spreadAware: [] as string[],
  heldOutStrict: 0,
  heldOutSpreadAware: 0,
  failures: {} as Record<string, string[]>,
};
for (const { point, runs } of groupQemuRuns(record.runs)) {
  if (point.technique === "pre-copy") {
    const { figures } = simulateQemuPoint(point, runs, {
      bandwidthBytesPerSecond: live.bytesPerSecond,
      stateBytes,
      downtimeFixedSeconds: profile.downtimeFixedSeconds,
      finalCopyBytesPerSecond: warm.bytesPerSecond,
      firstTouchSecondsPerPage: firstTouch.secondsPerPage,
      zeroPageSeconds: zeroScan.zeroPageSeconds,
    });
    rows.push({ technique: point.technique, ...compareWithQemuRuns(point.id, figures, runs) });
    const a = qemuAcceptance(figures, runs);
    if (a === null) continue;
    acceptance.bothConverged++;
    const heldOut = !isQemuCalibrationPoint(point) && !isQemuZeroPageCalibrationPoint(point);
    if (heldOut) acceptance.heldOutBothConverged++;
    if (a.strict) acceptance.strict.push(point.id);
    if (a.strict && heldOut) acceptance.heldOutStrict++;
    if (a.spreadAware && heldOut) acceptance.heldOutSpreadAware++;
    if (a.spreadAware) acceptance.spreadAware.push(point.id);
    else {
      acceptance.failures[point.id] = (["totalSeconds", "downtimeSeconds", "bytes"] as const)
        .filter((k) => !a[k].spreadAware)
        .map((k) =>
          `${k}: simulated ${a[k].simulated.toPrecision(4)}, repeats ${a[k].min.toPrecision(4)}-${
            a[k].max.toPrecision(4)
          }`
        );
    }
    continue;
  }
  // Post-copy: QEMU switched after its first pass, so hybrid with one pre-copy round,
  // under the qemu preset (the pull runs at max-postcopy-bandwidth, unlimited by
  // default: postcopy_start in migration/migration.c).
  const inputs = qemuPointToEngineInputs(point, runs, {
    bandwidthBytesPerSecond: loopback,
    stateBytes,
  });
  const result = migrate(inputs.vm, inputs.link, {
    technique: "hybrid",
    seed: 1,
    preCopyRounds: 1,
    preset: qemuPointPreset(point, runs),
  });
  const fixed = profile.downtimeFixedSeconds;
  const figures = {
    ...result,
    totalSeconds: result.totalSeconds + fixed,
    downtimeSeconds: result.downtimeSeconds + fixed,
    bytesSent: result.bytesSent - stateBytes,
  };
  rows.push({ technique: point.technique, ...compareWithQemuRuns(point.id, figures, runs) });
}

const summary = {
  hostProfile: { ...profile, unlimitedBytesPerSecond: Math.round(loopback) },
  liveRate: { ...live, bytesPerSecond: Math.round(live.bytesPerSecond) },
  zeroPageScan: zeroScan,
  warmFinalCopy: {
    ...warm,
    bytesPerSecond: Math.round(warm.bytesPerSecond),
    record: firstTouchPath.replace(/^.*\/data\//, "data/"),
  },
  firstTouch,
  medianLoopbackBytesPerSecondAllUnlimitedRuns: Math.round(
    measuredLoopbackBytesPerSecond(record.runs),
  ),
  recordedConverged: rows.filter((r) => r.recordedConvergence === "all").length,
  recordedNotConverged: rows.filter((r) => r.recordedConvergence === "none").length,
  recordedMixed: rows.filter((r) => r.recordedConvergence === "mixed").length,
  ...summarizeQemuComparisons(rows, 0.15),
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[s.length >> 1]!;
};

// Facts of the recording itself (no engine): the rate of the stop-and-copy against the
// cap, and the bitmap syncs at completion.
const capped = record.runs.filter((r) =>
  r.converged && r.point.technique === "pre-copy" && r.point.maxBandwidthBytesPerSecond !== null &&
  (r.downtimeSeconds ?? 0) >= 0.005 &&
  Number(r.queryMigrate.ram && (r.queryMigrate.ram as Record<string, number>)["downtime-bytes"]) > 0
);
const downtimeRateOverCap = capped.map((r) =>
  (r.queryMigrate.ram as Record<string, number>)["downtime-bytes"]! / r.downtimeSeconds! /
  r.point.maxBandwidthBytesPerSecond!
);
const syncCounts: Record<string, number> = {};
for (const r of record.runs.filter((r) => r.converged && r.point.technique === "pre-copy")) {
  syncCounts[r.dirtySyncCount] = (syncCounts[r.dirtySyncCount] ?? 0) + 1;
}
// Write-rate accuracy: each run's host-clock rate over its 0.6 s warm-up, and the guest's
// TSC calibration, from the raw lines.
const raw = (await Deno.readTextFile(recordPath)).split("\n").filter((l) => l !== "").slice(1)
  .map((l) => JSON.parse(l));
const rateErrors: Record<string, { runs: number; min: number; median: number; max: number }> = {};
for (const rate of [...new Set(raw.map((r) => r.point.workload.writesPerSecond))]) {
  if (rate === 0) continue;
  const errs = raw.filter((r) =>
    r.point.workload.writesPerSecond === rate && r.guest.writesPerSecondHostClock !== null
  ).map((r) => r.guest.writesPerSecondHostClock / rate - 1);
  rateErrors[rate] = {
    runs: errs.length,
    min: Math.min(...errs),
    median: median(errs),
    max: Math.max(...errs),
  };
}
const tsc = raw.map((r) => r.guest.tscPerMs).filter((x) => typeof x === "number");
// Share of the RAM sent while the VM was stopped (ram.downtime-bytes / ram.total).
const completedPre = record.runs.filter((r) => r.converged && r.point.technique === "pre-copy");
const downtimeShare = completedPre.map((r) =>
  (r.queryMigrate.ram as Record<string, number>)["downtime-bytes"]! / r.ramTotalBytes
);
// How far QEMU's own repeats fall from their mean: the floor under any model's error.
const selfError = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return mean === 0 ? 0 : Math.max(...xs.map((x) => Math.abs(x - mean) / mean));
};
const allDone = groupQemuRuns(record.runs).filter((g) => g.runs.every((r) => r.converged));
const repeatsWithin = (tol: number, pick: (r: (typeof record.runs)[number]) => number | null) =>
  allDone.filter((g) => {
    const xs = g.runs.map(pick).filter((x): x is number => x !== null);
    return xs.length > 0 && selfError(xs) <= tol;
  }).length;
const repeatsAroundTheirMean = {
  completedPoints: allDone.length,
  totalWithin15Percent: repeatsWithin(0.15, (r) => r.totalSeconds),
  downtimeWithin15Percent: repeatsWithin(0.15, (r) => r.downtimeSeconds),
  bytesWithin15Percent: repeatsWithin(0.15, (r) => r.transferredBytes),
  allThreeWithin15Percent: allDone.filter((g) =>
    [
      g.runs.map((r) => r.totalSeconds),
      g.runs.map((r) => r.downtimeSeconds).filter((x): x is number => x !== null),
      g.runs.map((r) => r.transferredBytes),
    ].every((xs) => xs.length > 0 && selfError(xs) <= 0.15)
  ).length,
};
const facts = {
  repeatsAroundTheirMean,
  downtimeBytesOverRam: {
    completedPreCopyRuns: completedPre.length,
    over10Percent: downtimeShare.filter((x) => x > 0.1).length,
    over50Percent: downtimeShare.filter((x) => x > 0.5).length,
    max: Math.max(...downtimeShare),
  },
  warmupRateRelativeError: rateErrors,
  tscPerMs: { runs: tsc.length, min: Math.min(...tsc), median: median(tsc), max: Math.max(...tsc) },
  cappedRunsWithDowntimeOver5ms: capped.length,
  downtimeRateOverCap: {
    min: Math.min(...downtimeRateOverCap),
    median: median(downtimeRateOverCap),
    max: Math.max(...downtimeRateOverCap),
  },
  completedPreCopyRunsByDirtySyncCount: syncCounts,
};

await atomicWriteTextFile(
  outPath,
  JSON.stringify(
    {
      command: `deno run -A validation/qemu/compare.ts ${Deno.args.join(" ")}`.trim(),
      record: recordPath.replace(/^.*\/data\//, "data/"),
      engine: "pre-copy points: simulateQemuPoint (preset qemu with the point's downtime-limit " +
        "and mean setup-time, sequential walk over zero-filled memory from where the guest " +
        "stood at migrate, converged = completed within the wait bound) on the host profile " +
        "calibrated on the idle filled points (link at its unlimited throughput, its device " +
        "state, its fixed downtime costs added to downtime and total), the final copy at the " +
        "warm rate of a preallocated destination (first_touch.jsonl) plus the first-touch " +
        "cost per page the destination receives for the first time (idle calibration " +
        "points), and the zero-page scan " +
        "calibrated on the fresh 64 MiB point; post-copy points as hybrid with 1 pre-copy " +
        "round under the same preset (pull uncapped); seed 1",
      summary,
      acceptance,
      facts,
      rows,
    },
    null,
    2,
  ) + "\n",
);

const pct = (x: number | null | undefined) =>
  x == null ? "-" : `${x >= 0 ? "+" : ""}${(100 * x).toFixed(0)} %`;
const f = (x: number, d = 3) => x.toFixed(d);
console.log(
  `Host profile (calibration points: ${profile.calibrationPointIds.length}): unlimited ${
    (loopback / 2 ** 20).toFixed(0)
  } MiB/s over ${profile.throughputRuns} runs (live phase alone: ${
    (live.bytesPerSecond / 2 ** 20).toFixed(0)
  } MiB/s over ${live.runs} runs), final copy ${
    (profile.finalCopyBytesPerSecond / 2 ** 20).toFixed(0)
  } MiB/s over ${profile.finalCopyRuns} runs, fixed downtime ${
    (profile.downtimeFixedSeconds * 1000).toFixed(1)
  } ms over ${profile.fixedCostRuns} runs, state ${stateBytes} B; zero-page scan ${
    (zeroScan.zeroPageSeconds * 1e6).toFixed(3)
  } us over ${zeroScan.runs} runs of ${zeroScan.calibrationPointIds.join(", ")}; warm final copy ${
    (warm.bytesPerSecond / 2 ** 20).toFixed(0)
  } MiB/s over ${warm.runs} runs to a preallocated destination, first touch ${
    (firstTouch.secondsPerPage * 1e6).toFixed(3)
  } us per page over ${firstTouch.runs} runs\n`,
);
console.log(
  "| point | QEMU converged | engine converged | QEMU total s (spread) | engine total s | err | " +
    "QEMU downtime ms (spread) | engine downtime ms | err | QEMU MiB (spread) | engine MiB | err |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  const rec = r.recorded;
  const s = r.simulated;
  console.log(
    `| ${r.pointId} | ${r.convergedRuns}/${r.runs} | ${s.converged ? "yes" : "no"} | ` +
      (rec ? `${f(rec.totalSeconds.mean)} (${pct(rec.totalSeconds.relativeSpread)})` : "-") +
      ` | ${f(s.totalSeconds)} | ${pct(r.relativeError?.totalSeconds)} | ` +
      (rec
        ? (rec.downtimeSeconds
          ? `${f(rec.downtimeSeconds.mean * 1000, 1)} (${pct(rec.downtimeSeconds.relativeSpread)})`
          : "n/a")
        : "-") +
      ` | ${f(s.downtimeSeconds * 1000, 1)} | ${pct(r.relativeError?.downtimeSeconds)} | ` +
      (rec ? `${f(rec.bytes.mean / 2 ** 20, 1)} (${pct(rec.bytes.relativeSpread)})` : "-") +
      ` | ${f(s.bytesSent / 2 ** 20, 1)} | ${pct(r.relativeError?.bytes)} |`,
  );
}
console.log(`\nSummary: ${JSON.stringify(summary)}`);
console.log(
  `Acceptance (pre-copy, both converged ${acceptance.bothConverged}): strict ${acceptance.strict.length}, spread-aware ${acceptance.spreadAware.length}; held out (${acceptance.heldOutBothConverged}): strict ${acceptance.heldOutStrict}, spread-aware ${acceptance.heldOutSpreadAware}`,
);
for (const [id, why] of Object.entries(acceptance.failures)) {
  console.log(`- ${id}: ${why.join("; ")}`);
}
console.log(`Facts: ${JSON.stringify(facts)}`);
