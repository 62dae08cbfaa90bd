/**
 * Runs the engine (`preset: "qemu"` with the matching `options.mechanisms`) on every
 * point of the recorded mechanisms dataset and compares, strictly and spread-aware
 * (`compareQemuMechanismPoint`, 15 %). The host profile (`calibrateQemuHostProfile`)
 * comes from the idle calibration points of the plain grid (`--grid`, default
 * `runs_priority.jsonl`), never from the mechanism points: the link runs at its
 * uncapped rate with the point's cap, the final copy is re-timed at its final-copy
 * rate (times `min(channels, cores)` for multifd, the cores from the mechanisms
 * record's `meta.machine`), and its fixed downtime cost is added. The guest's walk
 * starts where it stood when `migrate` was sent (`qemuGuestSecondsAtMigrate` of the
 * record's meta). The compression and decompression rates per core are read from
 * `--rates` (default `data/validation/qemu/compression_rates.json`, made by
 * `measure_compression.ts`: Debian's zlib and libzstd called as QEMU 7.2's multifd
 * channels call them, on the guest's pages); the cores a compressed final copy gets
 * (`calibrateQemuCompressedFinalCopyCores`) from `--trace` (default
 * `data/validation/qemu/final_copy_trace.jsonl`, made by `trace_final_copy.ts`: QEMU's own
 * multifd final copies traced, without compression, with zlib and with zstd). A guest that does not catch up (`catchup=0`) runs slower while it is migrated:
 * `calibrateQemuGuestSlowdown` measures that on the record's auto-converge `catchup=0`
 * points (never on the plain point it is applied to) and the engine gets it as
 * `dirtyLogging.slowdownFraction` for every `catchup=0` point. The XBZRLE encoding rate is
 * measured here, once. All inputs are saved with the verdicts, so the test re-runs the
 * engine on the very same inputs. Writes `data/validation/qemu/mechanisms_engine.json`
 * and prints Markdown tables.
 *
 * The final copy leaves at the warm rate of a preallocated destination
 * (`calibrateQemuWarmFinalCopyBytesPerSecond` on `--first-touch`, default
 * `first_touch.jsonl`) plus the destination's first-touch cost per page it receives for
 * the first time (`calibrateQemuFirstTouchSeconds` on the grid's idle points).
 * `--throughputs FILE` takes the XBZRLE encoding rate saved in an earlier output of this
 * script instead of measuring it (it varies several-fold with the machine's load).
 *
 * Usage: `deno run -A validation/qemu/compare_mechanisms.ts [--record FILE] [--grid FILE]
 * [--baseline FILE] [--rates FILE] [--trace FILE] [--first-touch FILE] [--throughputs FILE] [--out FILE]`; `--baseline` names another recording of the same grid
 * whose repeats' agreement is printed and saved beside this one's.
 *
 * @module
 */
import { atomicWriteTextFile } from "../../lib/_atomic_write.ts";
import { measureXbzrle } from "../../lib/measure/mod.ts";
import {
  calibrateQemuCompressedFinalCopyCores,
  calibrateQemuFirstTouchSeconds,
  calibrateQemuGuestSlowdown,
  calibrateQemuHostProfile,
  calibrateQemuWarmFinalCopyBytesPerSecond,
  compareQemuMechanismPoint,
  finiteMedian,
  measuredLoopbackBytesPerSecond,
  measuredQemuDeviceStateBytes,
  qemuGuestSecondsAtMigrate,
  type QemuMechanismEngineOptions,
  qemuMechanismRepeatAgreement,
  type QemuMechanismRun,
  type QemuMechanismVerdict,
  readQemuFinalCopyTrace,
  readQemuMechanismRecord,
  readQemuRecord,
  simulateQemuMechanismPoint,
} from "../../lib/validation/mod.ts";

function arg(name: string, fallback: string): string {
  const i = Deno.args.indexOf(name);
  return i >= 0 && Deno.args[i + 1] !== undefined ? Deno.args[i + 1]! : fallback;
}

const here = (p: string) => new URL(p, import.meta.url).pathname;
// The quiet recording (5 repeats, autogroup nice -20) is the one the test holds the
// engine to; the first one (3 repeats, under load) is its baseline.
const recordPath = arg("--record", here("../../data/validation/qemu/mechanisms_quiet.jsonl"));
const gridPath = arg("--grid", here("../../data/validation/qemu/runs_priority.jsonl"));
const baselinePath = arg("--baseline", here("../../data/validation/qemu/mechanisms.jsonl"));
const outPath = arg("--out", here("../../data/validation/qemu/mechanisms_engine.json"));
const ratesPath = arg("--rates", here("../../data/validation/qemu/compression_rates.json"));
const firstTouchPath = arg("--first-touch", here("../../data/validation/qemu/first_touch.jsonl"));
const throughputsPath = arg("--throughputs", "");
const tracePath = arg("--trace", here("../../data/validation/qemu/final_copy_trace.jsonl"));
const repoPath = (p: string) => p.replace(here("../../"), "");
const repeatPath = repoPath;

const record = await readQemuMechanismRecord(recordPath);
// The same guest and machine type: the host profile of the plain grid's idle points.
const gridRuns = (await readQemuRecord(gridPath)).runs;
const profile = calibrateQemuHostProfile(gridRuns);
const warm = calibrateQemuWarmFinalCopyBytesPerSecond(
  (await readQemuRecord(firstTouchPath)).runs,
  profile.downtimeFixedSeconds,
);
const firstTouch = calibrateQemuFirstTouchSeconds(gridRuns, profile, warm.bytesPerSecond);
const hostCores = Number(record.meta.machine.cores);
const guestSecondsAtMigrate = qemuGuestSecondsAtMigrate(record.meta);
// Debian's zlib and libzstd as QEMU 7.2's multifd channels call them, on the guest's
// pages (measure_compression.ts): per-core rates. The cores a compressed final copy gets:
// measured on QEMU's own traced final copies (trace_final_copy.ts), the time compression
// added to them against the CPU time of their pages at those rates.
const rates = JSON.parse(await Deno.readTextFile(ratesPath));
const trace = await readQemuFinalCopyTrace(tracePath);
const finalCopyCores = calibrateQemuCompressedFinalCopyCores(trace.runs, {
  zlib: rates.summary["zlib/guest"],
  zstd: rates.summary["zstd/guest"],
});
const rate = (algorithm: "zlib" | "zstd") => {
  const r = rates.summary[`${algorithm}/guest`];
  return {
    compress: r.compressBytesPerSecondPerCore as number,
    decompress: r.decompressBytesPerSecondPerCore as number,
    burstCores: finalCopyCores.cores,
  };
};
const compression = { zlib: rate("zlib"), zstd: rate("zstd") };
const reportSeconds = Number(
  (record.meta.raw.guest as Record<string, unknown>).reportMs,
) / 1000;
// The catchup=0 guest's slowdown during migration, on the auto-converge catchup=0 points.
const slowdownOf = (runs: readonly QemuMechanismRun[]) =>
  calibrateQemuGuestSlowdown(
    runs.filter((r) => r.settings.autoConverge !== undefined && !r.catchup),
    guestSecondsAtMigrate,
    reportSeconds,
  );
const slowdown = slowdownOf(record.runs);

// XBZRLE: the guest changes one 32-bit word of a page per write.
const reused = throughputsPath === ""
  ? null
  : JSON.parse(await Deno.readTextFile(throughputsPath)) as { xbzrleEncodeBytesPerSecond: number };
const xbzrleEncode = reused?.xbzrleEncodeBytesPerSecond ??
  measureXbzrle({ pages: 4096, changedBytesPerPage: 4 }).bytesPerSecondPerCore;

const groups = new Map<string, QemuMechanismRun[]>();
for (const r of record.runs) groups.set(r.point.id, [...(groups.get(r.point.id) ?? []), r]);
type Machine = Omit<
  QemuMechanismEngineOptions,
  | "compressionBytesPerSecondPerCore"
  | "decompressionBytesPerSecondPerCore"
  | "compressionBurstCores"
  | "xbzrleEncodeBytesPerSecond"
>;
const machine: Machine = {
  bandwidthBytesPerSecond: profile.unlimitedBytesPerSecond,
  stateBytes: profile.stateBytes,
  downtimeFixedSeconds: profile.downtimeFixedSeconds,
  finalCopyBytesPerSecond: warm.bytesPerSecond,
  firstTouchSecondsPerPage: firstTouch.secondsPerPage,
  hostCores,
  guestSecondsAtMigrate,
  dirtyLoggingSlowdownFraction: slowdown.slowdownFraction,
};
function verdicts(points: Iterable<QemuMechanismRun[]>, m: Machine) {
  const out: (QemuMechanismVerdict & { simulatedMaxThrottlePercent: number | null })[] = [];
  for (const runs of points) {
    const algorithm = runs[0]!.settings.multifd?.compression;
    const { result, figures } = simulateQemuMechanismPoint(runs, {
      ...m,
      ...(algorithm === "zlib" || algorithm === "zstd"
        ? {
          compressionBytesPerSecondPerCore: compression[algorithm].compress,
          decompressionBytesPerSecondPerCore: compression[algorithm].decompress,
          compressionBurstCores: compression[algorithm].burstCores,
        }
        : {}),
      ...(runs[0]!.settings.xbzrle ? { xbzrleEncodeBytesPerSecond: xbzrleEncode } : {}),
    });
    out.push({
      ...compareQemuMechanismPoint(runs, figures, 0.15),
      simulatedMaxThrottlePercent: result.mechanisms?.maxThrottlePercent ?? null,
    });
  }
  return out;
}
const rows = verdicts(groups.values(), machine);
const baselineRuns = baselinePath === "" || baselinePath === recordPath
  ? null
  : (await readQemuMechanismRecord(baselinePath)).runs;
// QEMU's own reproducibility: per figure, at how many fully completed points every
// repeat lies within 15 % of the repeats' mean, and the median spread.
function agreement(runs: readonly QemuMechanismRun[]) {
  const points = qemuMechanismRepeatAgreement(runs, 0.15);
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length === 0 ? null : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  const round = (x: number | null) => x === null ? null : Math.round(x * 1000) / 1000;
  type Fig = "totalSeconds" | "downtimeSeconds" | "bytes";
  const figs: Fig[] = ["totalSeconds", "downtimeSeconds", "bytes"];
  const per = (f: Fig) => points.map((p) => p[f]).filter((x) => x !== null);
  return {
    repeats: Math.max(...runs.map((r) => r.repeat)) + 1,
    completedPoints: points.length,
    agreeWithin15Percent: Object.fromEntries(
      figs.map((f) => [f, per(f).filter((x) => x!.agree).length]),
    ),
    allThreeAgree:
      points.filter((p) =>
        p.totalSeconds.agree && p.bytes.agree && (p.downtimeSeconds?.agree ?? true)
      ).length,
    medianRelativeSpread: Object.fromEntries(
      figs.map((f) => [f, round(median(per(f).map((x) => x!.recorded.relativeSpread)))]),
    ),
    points,
  };
}
const repeatAgreement = agreement(record.runs);
const baselineAgreement = baselineRuns === null ? null : agreement(baselineRuns);

// What each part of the mapping does, on the same measured inputs: the mapping before
// the host profile (the loopback rate of runs.jsonl for the whole copy) and the walk
// from the region's first page, each part alone, and both; on this record and the
// baseline.
const plainRuns = (await readQemuRecord(here("../../data/validation/qemu/runs.jsonl"))).runs;
const before: Machine = {
  bandwidthBytesPerSecond: measuredLoopbackBytesPerSecond(plainRuns),
  stateBytes: measuredQemuDeviceStateBytes(plainRuns),
};
const { dirtyLoggingSlowdownFraction: _slowdown, ...withoutSlowdown } = machine;
const variants: Record<string, Machine> = {
  "before: loopback rate of runs.jsonl, walk from the region's first page": before,
  "host profile and multifd streams, walk from the first page": (({
    guestSecondsAtMigrate: _,
    ...rest
  }) => rest)(withoutSlowdown),
  "loopback rate, walk at migrate": { ...before, guestSecondsAtMigrate },
  "both": withoutSlowdown,
  "both, and the catchup=0 guest's slowdown, every final copy at the profile's pooled rate (before the first-touch split)":
    {
      ...machine,
      finalCopyBytesPerSecond: profile.finalCopyBytesPerSecond,
      firstTouchSecondsPerPage: 0,
    },
  "both, and the catchup=0 guest's slowdown (auto-converge points of each record)": machine,
};
// The baseline record's own slowdown, calibrated on its own auto-converge points.
const baselineSlowdown = baselineRuns === null ? null : slowdownOf(baselineRuns);
const byPoint = (runs: readonly QemuMechanismRun[]) => {
  const g = new Map<string, QemuMechanismRun[]>();
  for (const r of runs) g.set(r.point.id, [...(g.get(r.point.id) ?? []), r]);
  return g;
};

const counts = (v: QemuMechanismVerdict[]) => ({
  convergenceAgrees: v.filter((r) => r.convergenceAgrees).length,
  strictPass: v.filter((r) => r.strictPass).length,
  spreadAwarePass: v.filter((r) => r.spreadAwarePass).length,
});
const ablation = Object.entries(variants).map(([name, m]) => ({
  mapping: name,
  record: counts(verdicts(groups.values(), m)),
  ...(baselineRuns === null ? {} : {
    baseline: counts(verdicts(
      byPoint(baselineRuns).values(),
      m.dirtyLoggingSlowdownFraction === undefined
        ? m
        : { ...m, dirtyLoggingSlowdownFraction: baselineSlowdown!.slowdownFraction },
    )),
  }),
}));

const out = {
  command: `deno run -A validation/qemu/compare_mechanisms.ts ${Deno.args.join(" ")}`.trim(),
  record: repoPath(recordPath),
  grid: repoPath(gridPath),
  hostProfile: {
    unlimitedBytesPerSecond: Math.round(profile.unlimitedBytesPerSecond),
    finalCopyBytesPerSecond: Math.round(profile.finalCopyBytesPerSecond),
    downtimeFixedSeconds: profile.downtimeFixedSeconds,
    stateBytes: profile.stateBytes,
  },
  warmFinalCopy: { bytesPerSecond: Math.round(warm.bytesPerSecond), runs: warm.runs },
  firstTouchRecord: repoPath(firstTouchPath),
  firstTouch,
  xbzrleEncodeFrom: throughputsPath === "" ? "measured" : repoPath(throughputsPath),
  hostCores,
  guestSecondsAtMigrate,
  rates: repoPath(ratesPath),
  compressionBytesPerSecondPerCore: {
    zlib: compression.zlib.compress,
    zstd: compression.zstd.compress,
  },
  decompressionBytesPerSecondPerCore: {
    zlib: compression.zlib.decompress,
    zstd: compression.zstd.decompress,
  },
  compressionBurstCores: {
    zlib: compression.zlib.burstCores,
    zstd: compression.zstd.burstCores,
  },
  finalCopyTrace: { record: repoPath(tracePath), ...finalCopyCores },
  guestSlowdown: {
    calibratedOn: "completed catchup=0 runs of the auto-converge points of the record",
    slowdownFraction: slowdown.slowdownFraction,
    medianRatio: slowdown.medianRatio,
    runs: slowdown.runs,
  },
  ...(baselineSlowdown === null ? {} : {
    baselineGuestSlowdown: {
      slowdownFraction: baselineSlowdown.slowdownFraction,
      medianRatio: baselineSlowdown.medianRatio,
      runs: baselineSlowdown.runs.length,
    },
  }),
  xbzrleEncodeBytesPerSecond: Math.round(xbzrleEncode),
  tolerance: 0.15,
  points: rows.length,
  convergenceAgrees: rows.filter((r) => r.convergenceAgrees).length,
  strictPass: rows.filter((r) => r.strictPass).length,
  spreadAwarePass: rows.filter((r) => r.spreadAwarePass).length,
  rows,
  ablation,
  repeatAgreement: { ...repeatAgreement, points: undefined },
  ...(baselineAgreement === null ? {} : {
    baseline: repeatPath(baselinePath),
    baselineRepeatAgreement: { ...baselineAgreement, points: undefined },
  }),
};
await atomicWriteTextFile(outPath, JSON.stringify(out, null, 2) + "\n");

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? "-" : `${x >= 0 ? "+" : ""}${(x * 100).toFixed(0)} %`;
const cell = (
  f:
    | {
      recorded: { mean: number; relativeSpread: number };
      simulated: number;
      relativeError: number | null;
    }
    | null
    | undefined,
  scale: number,
  digits: number,
) =>
  f
    ? `${(f.recorded.mean * scale).toFixed(digits)} (${pct(f.recorded.relativeSpread)}) | ${
      (f.simulated * scale).toFixed(digits)
    } | ${pct(f.relativeError)}`
    : "- | - | -";
console.log(
  `host profile of ${out.grid}: ${
    (profile.unlimitedBytesPerSecond / 1e6).toFixed(0)
  } MB/s uncapped, final copy ${(profile.finalCopyBytesPerSecond / 1e6).toFixed(0)} MB/s, ` +
    `fixed ${(profile.downtimeFixedSeconds * 1000).toFixed(1)} ms; ${hostCores} cores; ` +
    `migrate at ${guestSecondsAtMigrate} s of guest time; ` +
    `catchup=0 guest slowdown ${(slowdown.slowdownFraction * 100).toFixed(2)} % (median ratio ${
      slowdown.medianRatio.toFixed(4)
    } over ${slowdown.runs.length} auto-converge runs); ` +
    `zlib ${(compression.zlib.compress / 1e6).toFixed(0)}/${
      (compression.zlib.decompress / 1e6).toFixed(0)
    } MB/s per core (burst ${compression.zlib.burstCores} cores), zstd ${
      (compression.zstd.compress / 1e6).toFixed(0)
    }/${
      (compression.zstd.decompress / 1e6).toFixed(0)
    } MB/s per core (burst ${compression.zstd.burstCores} cores); ` +
    `convergence agrees ${out.convergenceAgrees}/${rows.length}; ` +
    `strict ${out.strictPass}/${rows.length}; spread-aware ${out.spreadAwarePass}/${rows.length}\n`,
);
console.log(
  "| point | QEMU converged | engine converged | QEMU total s (spread) | engine | err | QEMU downtime ms (spread) | engine | err | QEMU MiB (spread) | engine | err | strict | spread-aware |",
);
console.log(
  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
);
for (const r of rows) {
  const f = r.figures;
  console.log(
    `| ${r.pointId} | ${r.convergedRuns}/${r.runs} | ${r.simulatedConverged ? "yes" : "no"} | ` +
      `${cell(f?.totalSeconds, 1, 3)} | ${cell(f?.downtimeSeconds, 1000, 1)} | ` +
      `${cell(f?.bytes, 1 / 2 ** 20, 1)} | ${r.strictPass ? "pass" : "fail"} | ${
        r.spreadAwarePass ? "pass" : "fail"
      } |`,
  );
}

// Facts of the recording itself (no engine), per point.
console.log(
  "\n| point | QEMU converged | writes/s measured (median) | max cpu-throttle-percentage | dirty syncs | xbzrle pages / cache-miss / overflow | multifd-bytes / transferred | load 1m |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
/** The median of the runs that measured a rate ("-" when none did; "(n of m)" when some did not). */
const med = (xs: (number | null)[]) => {
  const { median, count, skipped } = finiteMedian(xs);
  return count === 0
    ? "-"
    : `${median.toFixed(0)}${skipped > 0 ? ` (${count} of ${xs.length})` : ""}`;
};
const range = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length === 0 ? "-" : `${Math.min(...v)}-${Math.max(...v)}`;
};
for (const runs of groups.values()) {
  const x = runs.map((r) => r.xbzrle).filter((s) => s !== null);
  console.log(
    `| ${runs[0]!.point.id} | ${runs.filter((r) => r.converged).length}/${runs.length} | ` +
      `${med(runs.map((r) => r.measuredWritesPerSecond))} | ` +
      `${range(runs.map((r) => r.maxCpuThrottlePercentage))} | ${
        range(runs.map((r) => r.dirtySyncCount))
      } | ` +
      `${
        x.length ? x.map((s) => `${s.pages}/${s.cacheMisses}/${s.overflows}`).join(", ") : "-"
      } | ` +
      `${
        runs[0]!.settings.multifd
          ? runs.map((r) => ((r.multifdBytes ?? 0) / r.transferredBytes).toFixed(3)).join(", ")
          : "-"
      } | ${range(runs.map((r) => Math.round(r.loadAverage1m * 10) / 10))} |`,
  );
}

// QEMU's own repeats: this record, and the baseline's beside it.
const pctOrDash = (x: number | null | undefined) =>
  x === null || x === undefined ? "-" : `${(x * 100).toFixed(0)} %`;
console.log(
  `\nQEMU's repeats (${repeatAgreement.repeats} per point): of ${repeatAgreement.completedPoints} ` +
    `fully completed points, all within 15 % of their mean on total ${repeatAgreement.agreeWithin15Percent.totalSeconds}, ` +
    `downtime ${repeatAgreement.agreeWithin15Percent.downtimeSeconds}, bytes ${repeatAgreement.agreeWithin15Percent.bytes}, ` +
    `all three ${repeatAgreement.allThreeAgree}`,
);
if (baselineAgreement !== null) {
  const b = baselineAgreement;
  console.log(
    `baseline ${
      repoPath(baselinePath)
    } (${b.repeats} per point): of ${b.completedPoints}: total ${b.agreeWithin15Percent.totalSeconds}, ` +
      `downtime ${b.agreeWithin15Percent.downtimeSeconds}, bytes ${b.agreeWithin15Percent.bytes}, all three ${b.allThreeAgree}`,
  );
}
console.log(
  "\n| point | spread total (this / baseline) | downtime | bytes | downtime ms, min-max (this / baseline) |",
);
console.log("| --- | --- | --- | --- | --- |");
const base = new Map((baselineAgreement?.points ?? []).map((p) => [p.pointId, p]));
for (const p of repeatAgreement.points) {
  const q = base.get(p.pointId);
  const both = (f: "totalSeconds" | "downtimeSeconds" | "bytes") =>
    `${pctOrDash(p[f]?.recorded.relativeSpread)} / ${pctOrDash(q?.[f]?.recorded.relativeSpread)}`;
  const range = (x: typeof p | undefined) =>
    x?.downtimeSeconds
      ? `${(x.downtimeSeconds.recorded.min * 1000).toFixed(0)}-${
        (x.downtimeSeconds.recorded.max * 1000).toFixed(0)
      }`
      : "-";
  console.log(
    `| ${p.pointId} | ${both("totalSeconds")} | ${both("downtimeSeconds")} | ${both("bytes")} | ${
      range(p)
    } / ${range(q)} |`,
  );
}

console.log(
  `\n| mapping | ${repoPath(recordPath)}: convergence, strict, spread-aware | ${
    baselineRuns === null ? "-" : repoPath(baselinePath)
  } |`,
);
console.log("| --- | --- | --- |");
for (const a of ablation) {
  const c = (x: ReturnType<typeof counts> | undefined) =>
    x === undefined ? "-" : `${x.convergenceAgrees}, ${x.strictPass}, ${x.spreadAwarePass}`;
  console.log(`| ${a.mapping} | ${c(a.record)} | ${c(a.baseline)} |`);
}
