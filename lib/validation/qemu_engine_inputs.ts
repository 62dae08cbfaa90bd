/**
 * From a recorded QEMU grid point to the engine's inputs: the VM (pages, page size,
 * state, workload), the link (measured loopback rate, the point's `max-bandwidth` cap,
 * QEMU's page header) and the stop rules of its `downtime-limit`.
 *
 * @module
 */
import type { LinkSpec } from "../migration/link_spec.ts";
import type { StopRule } from "../migration/stop_rules.ts";
import type { VmSpec } from "../migration/vm_spec.ts";
import type { WorkloadSpec } from "../workload/spec.ts";
import type { ZeroPagesSpec } from "../workload/zero_pages.ts";
import {
  array,
  boolean,
  integer,
  nonNegative,
  oneOf,
  optionNames,
  positive,
  requiredOptions,
  show,
} from "../_validate.ts";
import type { QemuPoint, QemuRun } from "./qemu_record.ts";
import {
  convergedOf,
  optionalNonNegative,
  pointOf,
  record,
  runList,
  techniqueOf,
  workloadOf,
} from "./_qemu_run.ts";
import { median } from "../datacenter/_stats.ts";

/** QEMU's target page size on x86 (`TARGET_PAGE_BITS` 12). */
export const QEMU_X86_PAGE_SIZE_BYTES = 4096;

/**
 * Bytes QEMU puts before every page: one big-endian 64-bit word of offset and flags
 * (QEMU `migration/ram.c`, `save_page_header`; the block name that follows the first
 * page of each RAM block is ignored).
 */
export const QEMU_PAGE_HEADER_BYTES = 8;

/**
 * Pages the validation guest sees short of its RAM: QEMU's multiboot loader reports
 * `mem_upper` 128 KiB (32 pages) under `-m` (the guest's MIGLAB line prints
 * `mem = ramMiB x 256 - 32`).
 */
export const QEMU_GUEST_HIDDEN_PAGES = 32;

/** The guest's sequential writer as the workload helper's `sequential` spec expresses it. */
export interface QemuSequentialWorkload {
  /** Discriminant. */
  kind: "sequential";
  /** Page writes per second of VM execution time. */
  writesPerSecond: number;
  /** First page of the walked region (in guest-physical page numbers). */
  regionStartPage: number;
  /** Pages in the region. */
  regionPages: number;
  /** Pages between successive writes; the walk cycles over the region. */
  stridePages: number;
  /** Whether the guest wrote every region page once at boot (`fill=1`). */
  fill: boolean;
}

/** Options of {@link qemuPointToEngineInputs}. */
export interface QemuEngineInputOptions {
  /** The link's rate: the measured loopback rate (bytes/s, > 0). */
  bandwidthBytesPerSecond: number;
  /**
   * vCPU and device state bytes. `ram.transferred` excludes them and the guest's devices
   * (CPU, PIC, PIT, serial) hold a few KiB, so 0 keeps bytes comparable.
   * @default {0}
   */
  stateBytes?: number;
  /**
   * Pages that are all zeros when the migration starts.
   * @default {the fewest zero pages (`ram.duplicate`) any of the point's runs sent:
   * the guest never writes a zero page, so QEMU sends each of them once, as a zero
   * page, in its first pass}
   */
  zeroPageCount?: number;
  /**
   * Seconds of guest time the guest had been writing when `migrate` was sent: the walk
   * then starts at visit `floor(writesPerSecond x walkStartSeconds)` of its pass (the
   * guest's `idx` is its write count modulo the region, `validation/qemu/guest.S`),
   * not at the region's first page. For the recorded grid,
   * {@link QEMU_GRID_WALK_START_SECONDS}.
   * @default {0}
   */
  walkStartSeconds?: number;
  /**
   * Seconds QEMU's migration thread spends per zero page (the link's
   * `zeroPageSeconds`; `calibrateQemuZeroPageSeconds`).
   * @default {0}
   */
  zeroPageSeconds?: number;
}

/**
 * Guest seconds of writing before `migrate` in the recorded grid: the harness
 * (`validation/qemu/harness.ts`, warm-up) waits for `round(0.6 s / 200 ms) + 1` = 4
 * progress lines, printed at guest milliseconds 200, 400, 600 and 800 (`report=200`),
 * then sends `migrate` (a few QMP round trips, tens of milliseconds, later: not
 * counted). The runs agree: a run's last progress line at the source, less its live
 * time, puts `migrate` at guest millisecond 605-829 + [0, 200). It equals
 * `qemuGuestSecondsAtMigrate(meta)` of every committed record (a test checks).
 */
export const QEMU_GRID_WALK_START_SECONDS = 0.8;

/** What the engine needs to simulate a recorded point. */
export interface QemuEngineInputs {
  /** The VM; its workload is the guest's walk over zero-filled memory ({@link qemuEngineWorkload}). */
  vm: VmSpec;
  /** The link. */
  link: LinkSpec;
  /** Pre-copy stop rules: the point's `downtime-limit`, with `QEMU_STOP_RULES`'s 30-round cap. */
  stopRules: StopRule[];
  /** The guest's exact workload as a sequential writer. */
  sequential: QemuSequentialWorkload;
}

/**
 * The guest's workload at a point as a sequential writer over its region.
 *
 * @param point The grid point.
 * @returns The sequential-writer spec.
 *
 * @example The default region runs from 2 MiB to the end of the guest's RAM
 * ```ts
 * import { type QemuPoint, qemuSequentialWorkload } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const point = { ramMiB: 64, workload: { writesPerSecond: 2000, regionStartPage: 512,
 *   regionPages: 0, stridePages: 1, fill: true } } as QemuPoint;
 * assert.equal(qemuSequentialWorkload(point).regionPages, 64 * 256 - 32 - 512);
 * ```
 */
export function qemuSequentialWorkload(point: QemuPoint): QemuSequentialWorkload {
  // a point without a workload failed inside ("Cannot read properties of undefined
  // (reading 'regionStartPage')"); a field that was not a number gave a NaN region
  const action = "describe a QEMU point's workload";
  const p = record(action, "point", point);
  integer(action, "point.ramMiB", p.ramMiB, 1);
  const wl = workloadOf(action, "point", p);
  nonNegative(action, "point.workload.writesPerSecond", wl.writesPerSecond);
  integer(action, "point.workload.regionStartPage", wl.regionStartPage, 0);
  integer(action, "point.workload.regionPages", wl.regionPages, 0);
  integer(action, "point.workload.stridePages", wl.stridePages, 1);
  boolean(action, "point.workload.fill", wl.fill);
  const w = point.workload;
  const visible = point.ramMiB * 256 - QEMU_GUEST_HIDDEN_PAGES;
  const start = w.regionStartPage < visible ? w.regionStartPage : 512;
  const available = visible - start;
  const regionPages = w.regionPages === 0 || w.regionPages > available ? available : w.regionPages;
  return {
    kind: "sequential",
    writesPerSecond: w.writesPerSecond,
    regionStartPage: start,
    regionPages,
    stridePages: w.stridePages,
    fill: w.fill,
  };
}

/** The fields of a {@link QemuSequentialWorkload}, all required. */
const SEQUENTIAL_FIELDS = optionNames<QemuSequentialWorkload>({
  kind: 0,
  writesPerSecond: 0,
  regionStartPage: 0,
  regionPages: 0,
  stridePages: 0,
  fill: 0,
});

/**
 * The engine workload for a point: the guest's walk as the engine's sequential
 * writer, on a memory that is all zeros except what was written before the
 * migration started, so the link sends the zero pages as QEMU does (a header and
 * one byte: `save_zero_page` in `migration/ram.c` of github.com/qemu/qemu).
 *
 * - Rate 0: `idle` (the guest halts with interrupts off and writes nothing).
 * - Otherwise `sequential`: `writesPerSecond`, the region from `regionStartPage` for
 *   `regionPages` pages, `stridePages`, cycling (`idx = (idx + stride) mod pages` in
 *   `validation/qemu/guest.S`). Written as shares of `pageCount` that give back the
 *   exact pages (`floor` of the start, `round` of the size).
 * - `zeroPageCount > 0` adds `zeroPages` with that many zero pages. With `fill` (the
 *   guest wrote every region page at boot) they lie outside the region: from the
 *   region's end upwards, wrapping to page 0 (an `offset` placement), so the
 *   non-zero pages outside the region (kernel, BIOS data, ROMs) sit just below it.
 *   Without `fill`, at the top of memory (the default `top` placement), the
 *   non-zero boot pages at the bottom.
 *
 * - `startVisit` is where the walk stands when the migration starts (the guest's
 *   write count so far; the walk's `startVisit`).
 *
 * Not modelled: the guest's two bookkeeping pages (its variables and the top of its
 * stack, pages 257 and 261) written every millisecond, i.e. two pages more in each
 * dirty-bitmap sync (8 KiB against a switch-over threshold of at least 410 pages
 * on the recorded grid).
 *
 * @param sequential The guest's workload.
 * @param pageCount Pages of the VM (QEMU's `ram.total` / 4096).
 * @param zeroPageCount Pages that are all zeros when the migration starts.
 * @param startVisit Writes the guest made before the migration started.
 * @returns The engine's workload spec.
 * @throws {TypeError | RangeError} If a field of `sequential` is missing, unknown or out of
 *   range (a rate >= 0, pages integers, a stride >= 1), or a count is not an integer in range.
 *
 * @example A filled region of 1024 pages at page 512 of 4096; 1000 zero pages
 * ```ts
 * import { createPrng, createWorkload } from "../../mod.ts";
 * import { qemuEngineWorkload } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const spec = qemuEngineWorkload({ kind: "sequential", writesPerSecond: 1000,
 *   regionStartPage: 512, regionPages: 1024, stridePages: 1, fill: true }, 4096, 1000);
 * assert.equal(spec.kind, "sequential");
 * const w = createWorkload(spec, 4096, createPrng(1, "workload"));
 * assert.equal(w.zeroPages!.count(), 1000);
 * assert.ok(w.zeroPages!.has(1536) && !w.zeroPages!.has(1535) && !w.zeroPages!.has(512));
 * ```
 */
export function qemuEngineWorkload(
  sequential: QemuSequentialWorkload,
  pageCount: number,
  zeroPageCount: number = 0,
  startVisit: number = 0,
): WorkloadSpec {
  const action = "convert QEMU point";
  requiredOptions(action, "sequential", sequential, SEQUENTIAL_FIELDS);
  oneOf(action, "sequential.kind", sequential.kind, ["sequential"]);
  nonNegative(action, "sequential.writesPerSecond", sequential.writesPerSecond);
  integer(action, "sequential.regionStartPage", sequential.regionStartPage, 0);
  integer(action, "sequential.regionPages", sequential.regionPages, 1);
  integer(action, "sequential.stridePages", sequential.stridePages, 1);
  boolean(action, "sequential.fill", sequential.fill);
  integer(action, "pageCount", pageCount, 1);
  integer(action, "zeroPageCount", zeroPageCount, 0, pageCount);
  integer(action, "startVisit", startVisit, 0, Number.MAX_SAFE_INTEGER);
  const zeroPages = zeroPageCount === 0
    ? undefined
    : qemuZeroPages(sequential, pageCount, zeroPageCount);
  if (sequential.writesPerSecond === 0) {
    return zeroPages === undefined ? { kind: "idle" } : { kind: "idle", zeroPages };
  }
  const spec: WorkloadSpec = {
    kind: "sequential",
    writesPerSecond: sequential.writesPerSecond,
    // floor((start + 0.5) / P x P) = start, safe from rounding below.
    regionStartFraction: (sequential.regionStartPage + 0.5) / pageCount,
    regionFraction: sequential.regionPages / pageCount,
    stridePages: sequential.stridePages,
  };
  if (startVisit > 0) spec.startVisit = startVisit;
  if (zeroPages !== undefined) spec.zeroPages = zeroPages;
  return spec;
}

/** Where the zero pages of a guest lie (see {@link qemuEngineWorkload}). */
function qemuZeroPages(
  sequential: QemuSequentialWorkload,
  pageCount: number,
  zeroPageCount: number,
): ZeroPagesSpec {
  const initialShare = zeroPageCount / pageCount;
  const regionEnd = sequential.regionStartPage + sequential.regionPages;
  if (!sequential.fill || regionEnd >= pageCount) return { initialShare };
  return {
    initialShare,
    placement: { kind: "offset", offsetFraction: (regionEnd + 0.5) / pageCount },
  };
}

/**
 * Converts a recorded point to engine inputs. The page count is QEMU's `ram.total`
 * (RAM plus ROM blocks) over the page size, taken from the point's runs.
 *
 * @param point The grid point.
 * @param runs Its recorded runs (at least one; their `ramTotalBytes` agree).
 * @param options The measured link rate and state bytes.
 * @returns VM, link, stop rules and the exact sequential workload.
 *
 * @example A 64 MiB point capped at 32 MiB/s
 * ```ts
 * import { type QemuPoint, qemuPointToEngineInputs, type QemuRun } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const point = { id: "p", technique: "pre-copy", ramMiB: 64, downtimeLimitMs: 300,
 *   maxBandwidthBytesPerSecond: 33554432, waitLimitSeconds: 10,
 *   workload: { writesPerSecond: 0, regionStartPage: 512, regionPages: 0, stridePages: 1,
 *     fill: true } } as QemuPoint;
 * const runs = [{ ramTotalBytes: 67641344, zeroPages: 585 } as QemuRun];
 * const inputs = qemuPointToEngineInputs(point, runs, { bandwidthBytesPerSecond: 3e8 });
 * assert.equal(inputs.vm.pageCount, 16514);
 * assert.equal(inputs.vm.workload.zeroPages?.initialShare, 585 / 16514);
 * assert.equal(inputs.link.maxBandwidthBytesPerSecond, 33554432);
 * assert.deepEqual(inputs.stopRules[0], { kind: "max-downtime", seconds: 0.3 });
 * ```
 */
export function qemuPointToEngineInputs(
  point: QemuPoint,
  runs: readonly QemuRun[],
  options: QemuEngineInputOptions,
): QemuEngineInputs {
  const action = "convert QEMU point";
  requiredOptions(
    action,
    "options",
    options,
    optionNames<QemuEngineInputOptions>({
      bandwidthBytesPerSecond: 0,
      stateBytes: 0,
      zeroPageCount: 0,
      walkStartSeconds: 0,
      zeroPageSeconds: 0,
    }),
  );
  const bandwidth = positive(action, "bandwidthBytesPerSecond", options.bandwidthBytesPerSecond);
  const stateBytes = nonNegative(action, "stateBytes", options.stateBytes ?? 0);
  const walkStart = nonNegative(action, "walkStartSeconds", options.walkStartSeconds ?? 0);
  const zeroSeconds = nonNegative(action, "zeroPageSeconds", options.zeroPageSeconds ?? 0);
  // an empty runs gave "... as runs must not be empty: point p", outside the grammar
  array(action, "runs", runs, 1);
  const first = runs[0]!;
  for (const run of runs) {
    if (run.ramTotalBytes !== first.ramTotalBytes) {
      throw new RangeError(
        `Cannot ${action} as runs[].ramTotalBytes must agree: ${run.ramTotalBytes} vs ${first.ramTotalBytes}`,
      );
    }
  }
  const pageCount = Math.round(first.ramTotalBytes / QEMU_X86_PAGE_SIZE_BYTES);
  const sequential = qemuSequentialWorkload(point);
  const zeroPageCount = options.zeroPageCount ??
    Math.min(...runs.map((r) => Math.min(r.zeroPages, pageCount)));
  const link: LinkSpec = {
    bandwidthBytesPerSecond: bandwidth,
    latencySeconds: 0,
    pageOverheadBytes: QEMU_PAGE_HEADER_BYTES,
  };
  if (point.maxBandwidthBytesPerSecond !== null) {
    link.maxBandwidthBytesPerSecond = point.maxBandwidthBytesPerSecond;
  }
  if (zeroSeconds > 0) link.zeroPageSeconds = zeroSeconds;
  return {
    vm: {
      pageCount,
      pageSizeBytes: QEMU_X86_PAGE_SIZE_BYTES,
      stateBytes,
      workload: qemuEngineWorkload(
        sequential,
        pageCount,
        zeroPageCount,
        Math.floor(sequential.writesPerSecond * walkStart),
      ),
    },
    link,
    stopRules: [
      { kind: "max-downtime", seconds: point.downtimeLimitMs / 1000 },
      { kind: "max-rounds", rounds: 30 },
    ],
    sequential,
  };
}

/**
 * The loopback rate QEMU reached without a cap: the median, over completed pre-copy runs
 * at unlimited `max-bandwidth`, of `ram.transferred / (total-time - setup-time)`.
 *
 * @param runs Recorded runs.
 * @returns Bytes per second.
 *
 * @example
 * ```ts
 * import { measuredLoopbackBytesPerSecond, type QemuRun } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const run = (bytes: number) => ({ converged: true, transferredBytes: bytes, totalSeconds: 1,
 *   setupSeconds: 0, point: { technique: "pre-copy", maxBandwidthBytesPerSecond: null } }) as QemuRun;
 * assert.equal(measuredLoopbackBytesPerSecond([run(1), run(5), run(3)]), 3);
 * ```
 */
export function measuredLoopbackBytesPerSecond(runs: readonly QemuRun[]): number {
  // runs that were not an array, or a run without a point, failed inside ("runs.filter is
  // not a function", "Cannot read properties of undefined (reading 'technique')"); a figure
  // that was not a number gave NaN, dropped without a word
  const action = "measure the loopback rate";
  runList(action, runs);
  const rates: number[] = [];
  for (let i = 0; i < runs.length; i++) {
    const field = `runs[${i}]`;
    const r = record(action, field, runs[i]);
    if (!convergedOf(action, field, r)) continue;
    const p = pointOf(action, field, r);
    if (techniqueOf(action, `${field}.point`, p) !== "pre-copy") continue;
    if (p.maxBandwidthBytesPerSecond !== null) continue;
    const bytes = nonNegative(action, `${field}.transferredBytes`, r.transferredBytes);
    const total = nonNegative(action, `${field}.totalSeconds`, r.totalSeconds);
    const setup = optionalNonNegative(action, `${field}.setupSeconds`, r.setupSeconds) ?? 0;
    const x = bytes / (total - setup);
    if (Number.isFinite(x) && x > 0) rates.push(x);
  }
  if (rates.length === 0) {
    throw new RangeError(
      `Cannot ${action} as runs must hold a completed pre-copy run at unlimited bandwidth ` +
        `with a rate > 0: current value is ${show(`an array of ${runs.length} with none`)}`,
    );
  }
  return median(rates);
}
