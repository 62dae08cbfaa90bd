/**
 * Holding the engine's `qemu` preset with `options.mechanisms` to the recorded QEMU
 * mechanisms dataset (`qemu_mechanisms_record.ts`): the engine run for a point (the
 * mapping of `simulateQemuPoint`, plus the same mechanism settings as QEMU's), and a verdict per point, strict (within
 * a tolerance of the repeats' mean) and spread-aware (the same, where QEMU's own
 * repeats lie within the tolerance of their mean; else within the repeats' range
 * widened by the tolerance). Convergence must agree in both: "converged" means
 * completed within the point's wait bound, for QEMU and for the engine alike.
 *
 * @module
 */
import { qemuFirstTouchPages } from "./qemu_first_touch.ts";
import { finalCopySettings } from "./_final_copy_settings.ts";
import { deflateSync, zstdCompressSync } from "node:zlib";
import {
  array,
  boolean,
  integer,
  nonNegative,
  object,
  oneOf,
  optionNames,
  positive,
  requiredOptions,
  string,
  within,
} from "../_validate.ts";
import { migrate } from "../migration/migrate.ts";
import type { CompressionAlgorithm, MigrationMechanisms } from "../migration/mechanisms.ts";
import { POSTCOPY_AFTER_PRECOPY } from "../migration/mechanisms.ts";
import type { QemuMechanismRun, QemuMechanismSettings } from "./qemu_mechanisms_record.ts";
import { qemuPointToEngineInputs } from "./qemu_engine_inputs.ts";
import type { SimulatedFigures } from "./qemu_comparison.ts";
import { qemuPointPreset, type SimulatedQemuPoint } from "./qemu_simulate_point.ts";
import { type RepeatStats, repeatStats } from "./qemu_record.ts";
import { median } from "../datacenter/_stats.ts";
import { checkSimulatedFigures } from "./_simulated_figures.ts";
import {
  completedFigures,
  convergedOf,
  optionalNonNegative,
  pointOf,
  record,
} from "./_qemu_run.ts";

/** Bytes of a page the validation guest changes per write: one 32-bit word (guest.S). */
export const QEMU_GUEST_CHANGED_BYTES_PER_WRITE = 4;

/**
 * Compressed size over page size of one page as the validation guest leaves it (a
 * non-zero 32-bit write count in its first word, the rest zero), compressed alone at
 * level 1 as QEMU's multifd channels do (`multifd-zlib.c`, `multifd-zstd.c` in
 * qemu/qemu), with this machine's `node:zlib`. Deterministic.
 *
 * @param algorithm `zlib` or `zstd`.
 * @returns The ratio, in (0, 1].
 *
 * @example
 * ```ts
 * import { qemuGuestPageCompressionRatio } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(qemuGuestPageCompressionRatio("zlib") < 0.02); // 51 of 4096 bytes
 * ```
 */
export function qemuGuestPageCompressionRatio(algorithm: CompressionAlgorithm): number {
  oneOf("compress a guest page", "algorithm", algorithm, ["zlib", "zstd"] as const);
  const page = new Uint8Array(4096);
  new DataView(page.buffer).setUint32(0, 0x00012345, true);
  const bytes = algorithm === "zlib"
    ? deflateSync(page, { level: 1 }).length
    : zstdCompressSync(page, { params: { 100: 1 } }).length;
  return Math.min(1, bytes / page.length);
}

/**
 * QEMU 7.2's multifd packets on 4 KiB pages (`migration/multifd.c` of
 * github.com/qemu/qemu at v7.2.0): `MULTIFD_PACKET_SIZE` 512 KiB, i.e. 128 pages per
 * packet; `packet_len` = the 320-byte `MultiFDPacket_t` plus a 64-bit offset per page
 * = 1344 bytes; `multifd_send_pages` charges and counts `pages->num * page_size +
 * packet_len`, the uncompressed size. The recording agrees: a capped window carries
 * 7 packets of 525,632 bytes plus sync headers (3,684,808 or 3,690,248 bytes) where
 * the budget is 3,355,443.
 */
const QEMU_7_2_MULTIFD_PACKETS = Object.freeze({
  pages: 128,
  headerBytes: 320 + 8 * 128,
  countsUncompressedBytes: true,
});

/** Inputs of {@link qemuMechanismOptions} beyond the point's settings. */
export interface QemuMechanismEngineOptions {
  /** The measured loopback rate (e.g. `measuredLoopbackBytesPerSecond` of `runs.jsonl`). */
  bandwidthBytesPerSecond: number;
  /**
   * Non-RAM stream bytes sent in the downtime: `measuredQemuDeviceStateBytes` of
   * `runs.jsonl` (the same guest and machine type). Excluded again from the compared
   * bytes, as `ram.transferred` excludes them.
   */
  stateBytes: number;
  /**
   * Page bytes one core compresses per second (multifd compression points only), e.g.
   * `summary["zlib/guest"].compressBytesPerSecondPerCore` of
   * `data/validation/qemu/compression_rates.json` (`validation/qemu/measure_compression.ts`:
   * Debian's zlib/libzstd called as QEMU 7.2's multifd channels call them, on the
   * guest's pages).
   */
  compressionBytesPerSecondPerCore?: number;
  /**
   * Page bytes one core decompresses per second on the destination (multifd compression
   * points, with `finalCopyBytesPerSecond`): on loopback the destination's channels
   * decompress the final pages on the same machine's cores.
   * @default {free}
   */
  decompressionBytesPerSecondPerCore?: number;
  /**
   * Cores the compressed final copy gets on the recording machine: its compression and
   * decompression CPU time (at the per-core rates above) is divided by this. Measured on
   * QEMU's own traced final copies (`calibrateQemuCompressedFinalCopyCores` on
   * `data/validation/qemu/final_copy_trace.jsonl`: the time compression added to QEMU
   * 7.2's multifd final copies against that CPU time; 0.95 at the recording's load), or,
   * as before, the `burstEffectiveCores` of `compression_rates.json` (CPU seconds over
   * wall seconds of 4 threads of `compress_rate.c` alone, 1.27, which left multifd with
   * zlib 33 % under QEMU's downtime).
   * @default {min(channels, hostCores)}
   */
  compressionBurstCores?: number;
  /** Page bytes one core XBZRLE-encodes per second (XBZRLE points; else free). */
  xbzrleEncodeBytesPerSecond?: number;
  /**
   * Seconds of QEMU's downtime spent other than sending (stopping the vCPUs, the last
   * sync, saving the devices), added to the simulated downtime and total time, as
   * `simulateQemuPoint` does with a host profile's `downtimeFixedSeconds`.
   * @default {0}
   */
  downtimeFixedSeconds?: number;
  /**
   * Rate of the final copy of one stream (bytes/s, > 0): the engine's stop-and-copy
   * bytes are re-timed at this rate, as `simulateQemuPoint` does with a host
   * profile's `finalCopyBytesPerSecond`; with multifd, at this rate times
   * `min(channels, hostCores)`: each channel's thread sends its packets on its own
   * socket (`multifd_send_thread`, `migration/multifd.c` of github.com/qemu/qemu,
   * 7.2), and `ram_save_complete` (`migration/ram.c`) waits for all of them
   * (`multifd_send_sync_main`), so the final copy runs on as many cores as there are
   * channels, up to the machine's. With multifd compression the final copy also
   * compresses its pages on the source and decompresses them on the destination
   * (`multifd-zlib.c`/`multifd-zstd.c` of QEMU 7.2: page by page, per packet); on
   * loopback that CPU time is spent on the same cores as the copy, so it adds to the
   * copy's time: `pages x page size x (1 / compress + 1 / decompress)` per core,
   * over `compressionBurstCores`.
   * @default {undefined: the engine's stop-and-copy is kept, not re-timed (the link's rate,
   * with the engine's own XBZRLE encoding and multifd compression costs)}
   */
  finalCopyBytesPerSecond?: number;
  /**
   * Seconds the destination adds per page of the final copy it receives for the first
   * time, as `simulateQemuPoint` does (`calibrateQemuFirstTouchSeconds`,
   * `qemuFirstTouchPages`); with multifd, divided among the `min(channels, hostCores)`
   * receiving threads. Only with `finalCopyBytesPerSecond`.
   * @default {0}
   */
  firstTouchSecondsPerPage?: number;
  /**
   * Cores of the recording machine (`meta.machine.cores`), bounding the multifd
   * channels that copy in parallel (only with `finalCopyBytesPerSecond`).
   * @default {1}
   */
  hostCores?: number;
  /**
   * Guest seconds at which `migrate` was sent (`qemuGuestSecondsAtMigrate` of the
   * record's meta): the guest's walk then starts where it stood
   * (the sequential writer's `startVisit`: `rate x seconds` writes into the region), not at the
   * region's first page.
   * @default {undefined: the walk starts at the region's first page}
   */
  guestSecondsAtMigrate?: number;
  /**
   * For a guest that does not catch up (`catchup=0`) only: the fraction of its time lost
   * while it is being migrated (the engine's `mechanisms.dirtyLogging.slowdownFraction`),
   * e.g. `calibrateQemuGuestSlowdown(...).slowdownFraction` measured on other points.
   * A catching-up guest makes up lost time, so it keeps its rate.
   * @default {0}
   */
  dirtyLoggingSlowdownFraction?: number;
}

/**
 * The engine's `options.mechanisms` matching a recorded point: auto-converge with
 * QEMU's `cpu-throttle-initial`/`-increment`; XBZRLE with the cache size and the
 * guest's 4 changed bytes per write; multifd with the channels (and, for
 * `multifd-compression` zlib/zstd, the guest page's ratio and the given per-core
 * throughput); post-copy points switch after the first pass (libvirt's
 * `--postcopy-after-precopy`, what the harness did).
 *
 * @param settings The point's QEMU settings.
 * @param postCopy Whether the point switched to post-copy after the first pass.
 * @param compressionBytesPerSecondPerCore Needed for a compressed multifd point.
 * @returns The engine mechanisms (empty for plain pre-copy).
 *
 * @example
 * ```ts
 * import { qemuMechanismOptions } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const m = qemuMechanismOptions({ autoConverge: { initialPercent: 20, incrementPercent: 10 } }, false);
 * assert.deepEqual(m, { autoConverge: { initialPercent: 20, incrementPercent: 10 } });
 * assert.equal(qemuMechanismOptions({}, true).postCopySwitch?.afterPasses, 1);
 * ```
 */
export function qemuMechanismOptions(
  settings: QemuMechanismSettings,
  postCopy: boolean,
  compressionBytesPerSecondPerCore?: number,
  catchup = false,
  xbzrleEncodeBytesPerSecond?: number,
): MigrationMechanisms {
  const action = "map QEMU mechanisms";
  const given = requiredOptions(action, "settings", settings, [
    "autoConverge",
    "xbzrle",
    "multifd",
  ]);
  const nested: [string, readonly string[]][] = [
    ["autoConverge", ["initialPercent", "incrementPercent"]],
    ["xbzrle", ["cacheSizeBytes"]],
    ["multifd", ["channels", "compression"]],
  ];
  for (const [key, fields] of nested) {
    if (given[key] !== undefined) requiredOptions(action, `settings.${key}`, given[key], fields);
  }
  const m: MigrationMechanisms = {};
  if (settings.autoConverge) {
    m.autoConverge = {
      initialPercent: settings.autoConverge.initialPercent,
      incrementPercent: settings.autoConverge.incrementPercent,
    };
    if (catchup) m.autoConverge.guestCatchesUp = true;
  }
  if (settings.xbzrle) {
    m.xbzrle = {
      cacheBytes: settings.xbzrle.cacheSizeBytes,
      changedBytesPerWrite: QEMU_GUEST_CHANGED_BYTES_PER_WRITE,
    };
    if (xbzrleEncodeBytesPerSecond !== undefined) {
      m.xbzrle.encodeBytesPerSecond = positive(
        "map QEMU mechanisms",
        "xbzrleEncodeBytesPerSecond",
        xbzrleEncodeBytesPerSecond,
      );
    }
  }
  if (settings.multifd) {
    m.multifd = { channels: settings.multifd.channels, packets: { ...QEMU_7_2_MULTIFD_PACKETS } };
    const algorithm = settings.multifd.compression;
    if (algorithm !== "none") {
      m.compression = {
        algorithm,
        ratio: qemuGuestPageCompressionRatio(algorithm),
        bytesPerSecondPerCore: positive(
          "map QEMU mechanisms",
          "compressionBytesPerSecondPerCore",
          compressionBytesPerSecondPerCore,
        ),
      };
    }
  }
  if (postCopy) m.postCopySwitch = { ...POSTCOPY_AFTER_PRECOPY };
  return m;
}

/**
 * Runs the engine on a recorded mechanisms point with the mapping of
 * `simulateQemuPoint`: the point's preset (`qemuPointPreset`: its downtime limit and
 * its mean recorded setup time), VM and link from `qemuPointToEngineInputs` (the
 * guest's sequential walk, zero pages, the device state sent in the downtime), seed 1,
 * plus the mechanisms from {@link qemuMechanismOptions}. The guest's write rate is the
 * set rate when it catches up missed milliseconds, else the median of the rates
 * measured before each repeat's `migrate` (a guest that does not catch up writes what
 * its CPU time allows). With a host profile (`calibrateQemuHostProfile` of the plain
 * grid), pass its uncapped rate, state, fixed downtime cost and final-copy rate: the
 * stop-and-copy is re-timed at that rate, on `min(channels, hostCores)` streams for
 * multifd (see {@link QemuMechanismEngineOptions}); with `guestSecondsAtMigrate` the
 * guest's walk continues from where it stood when `migrate` was sent
 * (the sequential writer's `startVisit`).
 *
 * @param runs The point's repeats (at least one).
 * @param options Link rate, device state, throughputs, host profile and walk phase.
 * @returns The engine's result (bytes include the device state) and the figures to
 * compare (RAM bytes only; converged only if it ended within the wait bound).
 *
 * @example
 * ```ts
 * import { readQemuMechanismRecord, simulateQemuMechanismPoint } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { runs } = await readQemuMechanismRecord(
 *   new URL("../../data/validation/qemu/mechanisms.jsonl", import.meta.url).pathname,
 * );
 * const point = runs.filter((r) => r.point.id === runs[0]!.point.id);
 * const { result, figures } = simulateQemuMechanismPoint(point, {
 *   bandwidthBytesPerSecond: 3e8,
 *   stateBytes: 112585,
 * });
 * assert.equal(result.preset, "qemu");
 * assert.equal(figures.bytesSent, result.bytesSent - 112585);
 * ```
 */
export function simulateQemuMechanismPoint(
  runs: readonly QemuMechanismRun[],
  options: QemuMechanismEngineOptions,
): SimulatedQemuPoint {
  // runs that were not an array, or an empty one, failed inside ("Cannot read properties of
  // undefined (reading '0')") or with "... as runs must not be empty", outside the grammar
  const action = "simulate a QEMU mechanisms point";
  array(action, "runs", runs, 1);
  const first = runs[0]!;
  requiredOptions(
    action,
    "options",
    options,
    optionNames<QemuMechanismEngineOptions>({
      bandwidthBytesPerSecond: 0,
      stateBytes: 0,
      compressionBytesPerSecondPerCore: 0,
      decompressionBytesPerSecondPerCore: 0,
      compressionBurstCores: 0,
      xbzrleEncodeBytesPerSecond: 0,
      downtimeFixedSeconds: 0,
      finalCopyBytesPerSecond: 0,
      firstTouchSecondsPerPage: 0,
      hostCores: 0,
      guestSecondsAtMigrate: 0,
      dirtyLoggingSlowdownFraction: 0,
    }),
  );
  const { stateBytes, fixedSeconds: fixed, finalRate, firstTouchSeconds: firstTouch } =
    finalCopySettings(action, options);
  const cores = integer(action, "hostCores", options.hostCores ?? 1, 1);
  const atMigrate = options.guestSecondsAtMigrate === undefined
    ? undefined
    : nonNegative(action, "guestSecondsAtMigrate", options.guestSecondsAtMigrate);
  // the runs after the options, so that a misspelt option is named before a run's field
  for (let i = 0; i < runs.length; i++) {
    const r = record(action, `runs[${i}]`, runs[i]);
    if (i === 0) {
      pointOf(action, "runs[0]", r);
      boolean(action, "runs[0].catchup", r.catchup);
      object(action, "runs[0].settings", r.settings);
    }
    if (!runs[0]!.catchup) {
      optionalNonNegative(action, `runs[${i}].measuredWritesPerSecond`, r.measuredWritesPerSecond);
    }
  }
  let point = first.point;
  if (!first.catchup) {
    const rates = runs.map((r) => r.measuredWritesPerSecond).filter((x): x is number => x !== null);
    if (rates.length > 0) {
      point = { ...point, workload: { ...point.workload, writesPerSecond: median(rates) } };
    }
  }
  const inputs = qemuPointToEngineInputs(point, runs, {
    bandwidthBytesPerSecond: options.bandwidthBytesPerSecond,
    stateBytes,
  });
  if (atMigrate !== undefined && inputs.vm.workload.kind === "sequential") {
    // The guest made `set rate x guest ms / 1000` writes by then (guest.S), whatever
    // CPU time it got; the engine's walk continues from there at the rate used above.
    inputs.vm.workload = {
      ...inputs.vm.workload,
      startVisit: Math.round(first.point.workload.writesPerSecond * atMigrate),
    };
  }
  const mechanisms = qemuMechanismOptions(
    first.settings,
    point.technique === "post-copy",
    options.compressionBytesPerSecondPerCore,
    first.catchup,
    options.xbzrleEncodeBytesPerSecond,
  );
  const slowdown = within(
    action,
    "dirtyLoggingSlowdownFraction",
    options.dirtyLoggingSlowdownFraction ?? 0,
    0,
    0.99,
  );
  if (!first.catchup && slowdown > 0) mechanisms.dirtyLogging = { slowdownFraction: slowdown };
  const result = migrate(inputs.vm, inputs.link, {
    technique: "pre-copy",
    seed: 1,
    preset: qemuPointPreset(point, runs),
    mechanisms,
  });
  const streams = first.settings.multifd === undefined
    ? 1
    : Math.min(first.settings.multifd.channels, cores);
  let downtime = result.downtimeSeconds;
  if (finalRate !== undefined) {
    downtime = result.stopAndCopyBytesSent / (finalRate * streams) +
      (firstTouch > 0
        ? qemuFirstTouchPages(result, inputs.vm.pageCount) * firstTouch / streams
        : 0);
    const stop = result.roundRows.find((r) => r.phase === "stop-and-copy");
    const compressed = first.settings.multifd !== undefined &&
      first.settings.multifd.compression !== "none" && stop !== undefined;
    if (compressed) {
      // Compression and decompression of the final pages (QEMU 7.2 multifd-zlib.c,
      // multifd-zstd.c: every page of a packet through the stream), added to the copy:
      // on loopback they run on the same cores.
      const bytes = (stop.pagesSent - (stop.zeroPagesSent ?? 0)) * inputs.vm.pageSizeBytes;
      const perCore = positive(
        action,
        "compressionBytesPerSecondPerCore",
        options.compressionBytesPerSecondPerCore,
      );
      const unpack = options.decompressionBytesPerSecondPerCore === undefined ? Infinity : positive(
        action,
        "decompressionBytesPerSecondPerCore",
        options.decompressionBytesPerSecondPerCore,
      );
      const burstCores = options.compressionBurstCores === undefined
        ? streams
        : positive(action, "compressionBurstCores", options.compressionBurstCores);
      downtime += (bytes / perCore + bytes / unpack) / burstCores;
    }
  }
  const total = result.totalSeconds - result.downtimeSeconds + downtime + fixed;
  const figures: SimulatedFigures = {
    totalSeconds: total,
    downtimeSeconds: downtime + fixed,
    bytesSent: result.bytesSent - stateBytes,
    converged: result.converged && total <= point.waitLimitSeconds,
  };
  return { result, figures };
}

/** The verdict on one figure (total time, downtime or bytes). */
export interface QemuFigureVerdict {
  /**
   * The completed repeats' statistics (total times QEMU reported impossibly, a
   * `total-time` anomaly, left out).
   */
  recorded: RepeatStats;
  /** The engine's figure. */
  simulated: number;
  /** (simulated - mean) / mean, or null when the mean is 0. */
  relativeError: number | null;
  /** Whether every repeat lies within the tolerance of the repeats' mean. */
  repeatsAgree: boolean;
  /** Within the tolerance of the mean (for times, plus QEMU's 1 ms resolution). */
  strict: boolean;
  /**
   * `strict` where the repeats agree, else within [min x (1 - tol), max x (1 + tol)]
   * (for times widened by the 1 ms resolution).
   */
  spreadAware: boolean;
}

/** The verdict on one mechanisms point. */
export interface QemuMechanismVerdict {
  /** The point id. */
  pointId: string;
  /** The mechanism label. */
  mechanism: string;
  /** Repeats, and how many completed within the wait bound. */
  runs: number;
  /** Completed repeats. */
  convergedRuns: number;
  /** Whether the engine completed within the point's wait bound. */
  simulatedConverged: boolean;
  /** All repeats completed and the engine did, or none did and the engine did not. */
  convergenceAgrees: boolean;
  /**
   * Figure verdicts when both completed (else null); the downtime's is null when no
   * completed repeat has a downtime (QEMU reported each impossibly).
   */
  figures: {
    totalSeconds: QemuFigureVerdict;
    downtimeSeconds: QemuFigureVerdict | null;
    bytes: QemuFigureVerdict;
  } | null;
  /**
   * Convergence agrees and every figure is `strict` (a downtime without a verdict is not,
   * as `summarizeQemuComparisons` counts a missing downtime outside the tolerance).
   */
  strictPass: boolean;
  /** Convergence agrees and every figure is `spreadAware` (a missing downtime is not). */
  spreadAwarePass: boolean;
}

/**
 * The resolution of QEMU's `total-time` and `downtime`: whole milliseconds, each the
 * difference of two millisecond clock readings (`qemu_clock_get_ms` in
 * `migration/migration.c` of github.com/qemu/qemu), so a recorded value lies within
 * 1 ms of the interval it measures. The verdicts on times allow it on top of the
 * relative tolerance.
 */
const QEMU_TIME_RESOLUTION_SECONDS = 0.001;

/**
 * The total times of completed runs, less those QEMU reported impossibly (a `total-time`
 * anomaly: 0 ms after seconds of wall time), as `compareWithQemuRuns` and `qemuAcceptance`
 * leave them out; all of them if every run has one.
 */
function timedTotals(done: readonly QemuMechanismRun[]): number[] {
  const timed = done.filter((r) => !r.anomalies?.some((a) => a.startsWith("total-time")));
  return (timed.length > 0 ? timed : done).map((r) => r.totalSeconds);
}

/** Whether every value lies within `tol x mean + resolution` of the mean. */
function agree(values: readonly number[], mean: number, tol: number, resolution: number): boolean {
  return values.every((x) => mean === 0 ? x === 0 : Math.abs(x - mean) <= tol * mean + resolution);
}

function figure(
  values: readonly number[],
  simulated: number,
  tol: number,
  resolution = 0,
): QemuFigureVerdict {
  const recorded = repeatStats(values);
  const { mean, min, max } = recorded;
  const relativeError = mean === 0 ? null : (simulated - mean) / mean;
  const repeatsAgree = agree(values, mean, tol, resolution);
  const strict = Math.abs(simulated - mean) <= tol * mean + resolution;
  const spreadAware = repeatsAgree
    ? strict
    : simulated >= min * (1 - tol) - resolution && simulated <= max * (1 + tol) + resolution;
  return { recorded, simulated, relativeError, repeatsAgree, strict, spreadAware };
}

/**
 * Compares the engine's result on a point with its recorded repeats.
 *
 * @param runs The point's repeats (at least one).
 * @param simulated The engine's figures (`figures` of {@link simulateQemuMechanismPoint};
 *   finite, >= 0, else an error names the field).
 * @param tolerance Relative tolerance (0.15 for 15 %).
 * @returns The verdict.
 *
 * @example Figures within 15 % of repeats that agree pass both ways
 * ```ts
 * import { compareQemuMechanismPoint, type QemuMechanismRun } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const run = (t: number) => ({ converged: true, totalSeconds: t, downtimeSeconds: 0.01,
 *   transferredBytes: 1e6, mechanism: "plain",
 *   point: { id: "p", waitLimitSeconds: 20 } }) as QemuMechanismRun;
 * const v = compareQemuMechanismPoint([run(1), run(1.1)],
 *   { converged: true, totalSeconds: 1.1, downtimeSeconds: 0.011, bytesSent: 1.05e6 }, 0.15);
 * assert.equal(v.strictPass, true);
 * assert.equal(v.spreadAwarePass, true);
 * ```
 */
export function compareQemuMechanismPoint(
  runs: readonly QemuMechanismRun[],
  simulated: SimulatedFigures,
  tolerance: number,
): QemuMechanismVerdict {
  const tol = within("compare a QEMU mechanisms point", "tolerance", tolerance, 0, 1);
  checkSimulatedFigures("compare a QEMU mechanisms point", "simulated", simulated);
  const first = runs[0];
  if (first === undefined) {
    throw new RangeError("Cannot compare a QEMU mechanisms point as runs must not be empty");
  }
  const done = runs.filter((r) => r.converged);
  const simulatedConverged = simulated.converged &&
    simulated.totalSeconds <= first.point.waitLimitSeconds;
  const convergenceAgrees = done.length === runs.length
    ? simulatedConverged
    : done.length === 0
    ? !simulatedConverged
    : false;
  let figures: QemuMechanismVerdict["figures"] = null;
  if (done.length > 0 && simulatedConverged) {
    const downtimes = done.map((r) => r.downtimeSeconds).filter((x): x is number => x !== null);
    figures = {
      totalSeconds: figure(
        timedTotals(done),
        simulated.totalSeconds,
        tol,
        QEMU_TIME_RESOLUTION_SECONDS,
      ),
      downtimeSeconds: downtimes.length === 0
        ? null
        : figure(downtimes, simulated.downtimeSeconds, tol, QEMU_TIME_RESOLUTION_SECONDS),
      bytes: figure(done.map((r) => r.transferredBytes), simulated.bytesSent, tol),
    };
  }
  // a downtime without a verdict (no repeat has one) is held, not passed over
  const all: (QemuFigureVerdict | null)[] = figures
    ? [figures.totalSeconds, figures.downtimeSeconds, figures.bytes]
    : [];
  return {
    pointId: first.point.id,
    mechanism: first.mechanism,
    runs: runs.length,
    convergedRuns: done.length,
    simulatedConverged,
    convergenceAgrees,
    figures,
    strictPass: convergenceAgrees && all.every((f) => f !== null && f.strict),
    spreadAwarePass: convergenceAgrees && all.every((f) => f !== null && f.spreadAware),
  };
}

/** How QEMU's own repeats of one mechanisms point agree (only if all completed). */
export interface QemuMechanismRepeatAgreement {
  /** The point id. */
  pointId: string;
  /** Repeats (all completed). */
  runs: number;
  /** Per figure: the repeats' statistics and whether each lies within the tolerance of their mean. */
  totalSeconds: { recorded: RepeatStats; agree: boolean };
  /** Downtime (null if QEMU reported none). */
  downtimeSeconds: { recorded: RepeatStats; agree: boolean } | null;
  /** `ram.transferred`. */
  bytes: { recorded: RepeatStats; agree: boolean };
}

/**
 * QEMU's own reproducibility at the points of a mechanisms record whose repeats all
 * completed: per figure, the repeats' spread and whether every repeat lies within
 * `tolerance` of their mean (times within it plus QEMU's 1 ms resolution), the rule
 * {@link compareQemuMechanismPoint} uses to choose between its strict and its
 * spread-aware verdict.
 *
 * @param runs Every run of a record.
 * @param tolerance Relative tolerance (0.15 for 15 %).
 * @returns One entry per fully completed point, in record order.
 *
 * @example Two repeats 10 % apart agree within 15 %
 * ```ts
 * import { qemuMechanismRepeatAgreement, type QemuMechanismRun } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const run = (t: number) => ({ converged: true, totalSeconds: t, downtimeSeconds: 0.01,
 *   transferredBytes: 1e6, point: { id: "p" } }) as QemuMechanismRun;
 * const [a] = qemuMechanismRepeatAgreement([run(1), run(1.1)], 0.15);
 * assert.equal(a!.totalSeconds.agree, true);
 * assert.equal(qemuMechanismRepeatAgreement([run(1), run(2)], 0.15)[0]!.totalSeconds.agree, false);
 * ```
 */
export function qemuMechanismRepeatAgreement(
  runs: readonly QemuMechanismRun[],
  tolerance: number,
): QemuMechanismRepeatAgreement[] {
  const action = "compare QEMU's repeats";
  const tol = within(action, "tolerance", tolerance, 0, 1);
  if (!Array.isArray(runs)) {
    throw new TypeError(
      `Cannot ${action} as runs must be an array: current value is ${typeof runs}`,
    );
  }
  const groups = new Map<string, QemuMechanismRun[]>();
  // a run without a point failed inside ("Cannot read properties of undefined (reading
  // 'id')"); a completed run's figures went unchecked into the statistics
  for (let i = 0; i < runs.length; i++) {
    const field = `runs[${i}]`;
    const o = record(action, field, runs[i]);
    string(action, `${field}.point.id`, pointOf(action, field, o).id, true);
    if (convergedOf(action, field, o)) completedFigures(action, field, o);
  }
  for (const r of runs) groups.set(r.point.id, [...(groups.get(r.point.id) ?? []), r]);
  const out: QemuMechanismRepeatAgreement[] = [];
  const one = (values: number[], resolution: number) => {
    const recorded = repeatStats(values);
    return { recorded, agree: agree(values, recorded.mean, tol, resolution) };
  };
  for (const [pointId, g] of groups) {
    if (!g.every((r) => r.converged)) continue;
    const downtimes = g.map((r) => r.downtimeSeconds).filter((x): x is number => x !== null);
    out.push({
      pointId,
      runs: g.length,
      totalSeconds: one(timedTotals(g), QEMU_TIME_RESOLUTION_SECONDS),
      downtimeSeconds: downtimes.length === 0 ? null : one(downtimes, QEMU_TIME_RESOLUTION_SECONDS),
      bytes: one(g.map((r) => r.transferredBytes), 0),
    });
  }
  return out;
}
