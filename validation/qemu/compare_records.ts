/**
 * Compares recordings of the same grid made under different machine load: how well
 * QEMU repeats itself in each (the spread of a point's repeats, and how a run's
 * distance from its point's median grows with the load average it started at), and
 * how well the `qemu` preset agrees with each (the method of `compare.ts`: host profile
 * calibrated on the record's own idle filled points, `simulateQemuPoint`,
 * `qemuAcceptance`). Writes `data/validation/qemu/reproducibility.json` and prints
 * Markdown tables.
 *
 * Usage: `deno run -A validation/qemu/compare_records.ts [--out FILE] [RECORD ...]`
 * (default records: `runs.jsonl`, `runs_priority.jsonl` and `runs_quiet.jsonl`).
 *
 * @module
 */
import { atomicWriteTextFile } from "../../lib/_atomic_write.ts";
import {
  calibrateQemuHostProfile,
  calibrateQemuZeroPageSeconds,
  groupQemuRuns,
  isQemuCalibrationPoint,
  isQemuZeroPageCalibrationPoint,
  qemuAcceptance,
  type QemuRun,
  readQemuRecord,
  simulateQemuPoint,
} from "../../lib/validation/mod.ts";

const here = (p: string) => new URL(p, import.meta.url).pathname;
const args = [...Deno.args];
const outAt = args.indexOf("--out");
const outPath = outAt >= 0 ? args.splice(outAt, 2)[1]! : here(
  "../../data/validation/qemu/reproducibility.json",
);
const paths = args.length > 0 ? args : [
  here("../../data/validation/qemu/runs.jsonl"),
  here("../../data/validation/qemu/runs_priority.jsonl"),
  here("../../data/validation/qemu/runs_quiet.jsonl"),
];

type Figure = "totalSeconds" | "downtimeSeconds" | "bytes";
const FIGURES: Figure[] = ["totalSeconds", "downtimeSeconds", "bytes"];
const value = (r: QemuRun, k: Figure): number | null =>
  k === "bytes" ? r.transferredBytes : k === "totalSeconds" ? r.totalSeconds : r.downtimeSeconds;
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (x: number, d = 3) => Number(x.toFixed(d));
/** Load buckets (1-minute load average at a run's start), on 2 cores. */
const BUCKETS: [string, number, number][] = [
  ["< 2", 0, 2],
  ["2-4", 2, 4],
  ["4-8", 4, 8],
  ["8-16", 8, 16],
  [">= 16", 16, Infinity],
];

const records = [];
for (const path of paths) {
  const record = await readQemuRecord(path);
  const meta = record.meta.raw as Record<string, unknown>;
  const pre = groupQemuRuns(record.runs).filter((g) => g.point.technique === "pre-copy");
  const loads = record.runs.map((r) => r.loadAverage1m).filter((x): x is number =>
    typeof x === "number"
  );
  // QEMU against itself: points whose repeats all completed.
  const done = pre.filter((g) => g.runs.every((r) => r.converged));
  const repeatsByFigure = {} as Record<
    Figure,
    { within15Percent: number; medianRelativeSpread: number }
  >;
  for (const k of FIGURES) {
    const self: number[] = [];
    const spread: number[] = [];
    for (const g of done) {
      const xs = g.runs.map((r) => value(r, k)).filter((x): x is number => x !== null);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      if (!(mean > 0)) continue;
      self.push(Math.max(...xs.map((x) => Math.abs(x - mean) / mean)));
      spread.push((Math.max(...xs) - Math.min(...xs)) / mean);
    }
    repeatsByFigure[k] = {
      within15Percent: self.filter((x) => x <= 0.15).length,
      medianRelativeSpread: round(median(spread)),
    };
  }
  const repeats = { completedPoints: done.length, ...repeatsByFigure };
  // A run's distance from its point's median, by the load it started at.
  const byLoad: Record<string, Record<string, number> & { runs: number }> = {};
  for (const [name, lo, hi] of BUCKETS) {
    const row: Record<string, number> & { runs: number } = { runs: 0 };
    for (const k of FIGURES) {
      const devs: number[] = [];
      for (const g of done) {
        const xs = g.runs.map((r) => value(r, k)).filter((x): x is number => x !== null);
        const m = median(xs);
        if (!(m > 0)) continue;
        for (const r of g.runs) {
          const l = r.loadAverage1m;
          const x = value(r, k);
          if (typeof l !== "number" || l < lo || l >= hi || x === null) continue;
          devs.push(Math.abs(x - m) / m);
        }
      }
      row.runs = Math.max(row.runs, devs.length);
      row[`${k}MedianAbsDeviation`] = round(median(devs));
    }
    byLoad[name] = row;
  }
  // The preset against the record, on the record's own host profile.
  const profile = calibrateQemuHostProfile(record.runs);
  const options = {
    bandwidthBytesPerSecond: profile.unlimitedBytesPerSecond,
    stateBytes: profile.stateBytes,
    downtimeFixedSeconds: profile.downtimeFixedSeconds,
    finalCopyBytesPerSecond: profile.finalCopyBytesPerSecond,
    zeroPageSeconds: calibrateQemuZeroPageSeconds(record.runs, profile).zeroPageSeconds,
  };
  let both = 0;
  let held = 0;
  let strict = 0;
  let spreadAware = 0;
  let heldStrict = 0;
  let heldSpreadAware = 0;
  let convergenceAgrees = 0;
  const perFigure = { totalSeconds: 0, downtimeSeconds: 0, bytes: 0 };
  for (const { point, runs } of pre) {
    const { figures } = simulateQemuPoint(point, runs, options);
    const completed = runs.filter((r) => r.converged).length;
    if (
      (completed === runs.length && figures.converged) || (completed === 0 && !figures.converged)
    ) convergenceAgrees++;
    const a = qemuAcceptance(figures, runs);
    if (a === null) continue;
    const heldOut = !isQemuCalibrationPoint(point) && !isQemuZeroPageCalibrationPoint(point);
    both++;
    if (heldOut) held++;
    if (a.strict) strict++;
    if (a.spreadAware) spreadAware++;
    if (a.strict && heldOut) heldStrict++;
    if (a.spreadAware && heldOut) heldSpreadAware++;
    for (const k of FIGURES) if (a[k].strict) perFigure[k]++;
  }
  records.push({
    record: path.replace(/^.*\/data\//, "data/"),
    command: meta.command,
    priority: meta.priority ?? null,
    startedAt: meta.startedAt,
    recordingSeconds: meta.recordingSeconds,
    loadAverageStart: meta.loadAverageStart,
    loadAverageEnd: meta.loadAverageEnd,
    runLoad: {
      runs: loads.length,
      min: round(Math.min(...loads), 2),
      median: round(median(loads), 2),
      max: round(Math.max(...loads), 2),
    },
    repeats,
    deviationByLoad: byLoad,
    hostProfile: {
      unlimitedBytesPerSecond: Math.round(profile.unlimitedBytesPerSecond),
      finalCopyBytesPerSecond: Math.round(profile.finalCopyBytesPerSecond),
      downtimeFixedSeconds: profile.downtimeFixedSeconds,
      stateBytes: profile.stateBytes,
      zeroPageSeconds: options.zeroPageSeconds,
    },
    preset: {
      points: pre.length,
      convergenceAgrees,
      bothConverged: both,
      heldOutBothConverged: held,
      strict,
      spreadAware,
      heldOutStrict: heldStrict,
      heldOutSpreadAware: heldSpreadAware,
      strictPerFigure: perFigure,
    },
  });
}

await atomicWriteTextFile(
  outPath,
  JSON.stringify(
    {
      command: `deno run -A validation/qemu/compare_records.ts ${Deno.args.join(" ")}`.trim(),
      method: "repeats: pre-copy points whose repeats all completed; within15Percent counts " +
        "points whose repeats all lie within 15 % of their mean; medianRelativeSpread is the " +
        "median of (max - min) / mean. deviationByLoad: |run - point median| / point median " +
        "of every run of those points, by the 1-minute load average at the run's start. " +
        "preset: simulateQemuPoint on the record's own host profile (calibrated on its idle " +
        "filled points) and zero-page scan (its fresh 64 MiB point), qemuAcceptance; held out: " +
        "the other points",
      records,
    },
    null,
    2,
  ) + "\n",
);

for (const r of records) {
  const rep = r.repeats;
  console.log(
    `${r.record}: ${
      r.priority ? JSON.stringify(r.priority) : "normal priority"
    }, started ${r.startedAt}, ${r.recordingSeconds} s; run load ${r.runLoad.min}/${r.runLoad.median}/${r.runLoad.max} (min/median/max)`,
  );
  console.log(
    `  repeats (${rep.completedPoints} points all completed), within 15 % of their mean: total ${rep.totalSeconds.within15Percent}, downtime ${rep.downtimeSeconds.within15Percent}, bytes ${rep.bytes.within15Percent}; median spread: total ${rep.totalSeconds.medianRelativeSpread}, downtime ${rep.downtimeSeconds.medianRelativeSpread}, bytes ${rep.bytes.medianRelativeSpread}`,
  );
  console.log("  | load | runs | total dev | downtime dev | bytes dev |");
  for (const [name, row] of Object.entries(r.deviationByLoad)) {
    if (row.runs === 0) continue;
    console.log(
      `  | ${name} | ${row.runs} | ${row.totalSecondsMedianAbsDeviation} | ${row.downtimeSecondsMedianAbsDeviation} | ${row.bytesMedianAbsDeviation} |`,
    );
  }
  const p = r.preset;
  console.log(
    `  preset: convergence ${p.convergenceAgrees}/${p.points}; of ${p.bothConverged} both converged: strict ${p.strict}, spread-aware ${p.spreadAware}; held out (${p.heldOutBothConverged}): strict ${p.heldOutStrict}, spread-aware ${p.heldOutSpreadAware}; strict per figure ${
      JSON.stringify(p.strictPerFigure)
    }`,
  );
}
