/**
 * The recorded real-QEMU validation dataset (`data/validation/qemu/runs.jsonl`, made by
 * `validation/qemu/run.ts`): a reader that validates every line, and plain-data views
 * of it (runs grouped by grid point, statistics of the repeats).
 *
 * File format (JSON Lines, `migrate-lab/qemu-validation@1`): the first line is a `meta`
 * object (command, machine facts, load averages, guest rate checks); every other line
 * is a `run` object: the grid `point`, the `repeat` index, the `outcome` (`completed`,
 * `timeout-cancelled` after the wait bound, or `failed`), `converged` (completed within
 * the bound), `wallSeconds`, and QEMU's own final `queryMigrate` reply.
 *
 * @module
 */
import {
  array,
  finiteNumber,
  integer,
  nonNegative,
  object,
  oneOf,
  positive,
  show,
  string,
} from "../_validate.ts";
import { QEMU_OUTCOMES } from "./_qemu_outcomes.ts";
import { readRecordText } from "./_record_text.ts";
import { pointOf, record, runList } from "./_qemu_run.ts";

/** Format tag of the first (meta) line. */
export const QEMU_RECORD_FORMAT = "migrate-lab/qemu-validation@1";

/**
 * Format tag of the destination first-touch experiment (`first_touch.jsonl`, made by
 * `validation/qemu/first_touch.ts`): the same run lines, each with its destination
 * `variant`.
 */
export const QEMU_FIRST_TOUCH_RECORD_FORMAT = "migrate-lab/qemu-first-touch@1";

/** The guest's workload at a grid point, as passed on its kernel command line. */
export interface QemuGuestWorkload {
  /** Page writes per second of guest time (0 = idle). */
  writesPerSecond: number;
  /** First page of the written region. */
  regionStartPage: number;
  /** Pages in the region (0 = up to the end of RAM). */
  regionPages: number;
  /** Pages between successive writes; the walk cycles: idx = (idx + stride) mod regionPages. */
  stridePages: number;
  /** Whether every region page was written once at boot (else it is a zero page until written). */
  fill: boolean;
}

/** One grid point of the dataset. */
export interface QemuPoint {
  /** Stable id, e.g. `pre-64M-r2000-fill-bw32M-dl300`. */
  id: string;
  /** `pre-copy`, or `post-copy` (switched with `migrate-start-postcopy` after the first pass). */
  technique: "pre-copy" | "post-copy";
  /** Guest RAM (`-m`) in MiB. */
  ramMiB: number;
  /** What the guest did. */
  workload: QemuGuestWorkload;
  /** `max-bandwidth` in bytes per second, or null for unlimited. */
  maxBandwidthBytesPerSecond: number | null;
  /** `downtime-limit` in milliseconds. */
  downtimeLimitMs: number;
  /** Wait bound after which a migration still running was cancelled. */
  waitLimitSeconds: number;
}

/** One recorded migration, with the `query-migrate` figures in SI units. */
export interface QemuRun {
  /** Its grid point. */
  point: QemuPoint;
  /** Repeat index (0-based). */
  repeat: number;
  /** How the run ended. */
  outcome: "completed" | "timeout-cancelled" | "failed";
  /** Completed within the wait bound. */
  converged: boolean;
  /** `total-time` (for a cancelled run, the time until the last query before cancelling). */
  totalSeconds: number;
  /**
   * `downtime` (completed runs only, else null; also null when QEMU reported a downtime
   * longer than the total time, which QEMU 7.2 did in some post-copy runs, or a total time
   * of 0 ms: see `anomalies`).
   */
  downtimeSeconds: number | null;
  /**
   * Figures QEMU reported that cannot be true: a downtime longer than the total time (kept
   * out of `downtimeSeconds`), or a total time of 0 ms after seconds of wall time (kept in
   * `totalSeconds` as reported; its downtime kept out of `downtimeSeconds`). The second is a
   * race in QEMU 7.2: `migration_completion` sets the status `completed` before
   * `migration_iteration_finish` calls `migration_calculate_complete`, which computes
   * `total-time`, `downtime` and `mbps` (`migration/migration.c`); a `query-migrate` in
   * between reads `total-time` and `downtime` at their initial 0 and the last iteration's
   * `mbps` (fixed upstream by "migration: Fix qmp_query_migrate mbps value", 2024).
   */
  anomalies: string[];
  /**
   * Memory check (`consistency.jsonl` only, else null): guest pages whose copy at the
   * destination differed from the source's final copy after completion.
   */
  stalePages: number[] | null;
  /** `setup-time`, or null when QEMU did not report it. */
  setupSeconds: number | null;
  /** `expected-downtime` of the last active query (cancelled runs), else null. */
  expectedDowntimeSeconds: number | null;
  /** `ram.transferred`: RAM bytes put on the wire (page headers included, device state not). */
  transferredBytes: number;
  /** `ram.total`: guest RAM blocks in bytes (RAM plus ROMs). */
  ramTotalBytes: number;
  /** `ram.normal`: full pages sent (counting resends). */
  normalPages: number;
  /** `ram.duplicate`: zero pages sent as a header only. */
  zeroPages: number;
  /** `ram.dirty-sync-count`: dirty-bitmap syncs (the first is at setup). */
  dirtySyncCount: number;
  /** `ram.mbps`: QEMU's throughput figure in Mbit/s. */
  mbps: number;
  /** `ram.postcopy-requests` (0 for pre-copy). */
  postcopyRequests: number;
  /** Host wall seconds from the `migrate` command to the final status. */
  wallSeconds: number;
  /** 1-minute load average of the host when the run started. */
  loadAverage1m: number;
  /**
   * The destination's variant (`first_touch.jsonl` only, else absent): `default`,
   * `prealloc` (guest RAM touched at start-up) or `memfd` (`validation/qemu/first_touch.ts`).
   */
  destinationVariant?: string;
  /** QEMU's raw final `query-migrate` reply. */
  queryMigrate: Record<string, unknown>;
}

/** Machine facts and provenance from the meta line. */
export interface QemuRecordMeta {
  /** The command that made the file. */
  command: string;
  /** When recording started (ISO 8601). */
  startedAt: string;
  /** How long recording took. */
  recordingSeconds: number;
  /** CPU model, cores, QEMU version and the like. */
  machine: Record<string, unknown>;
  /** Load averages (1, 5, 15 min) at the start and end of recording. */
  loadAverageStart: number[];
  /** Load averages at the end. */
  loadAverageEnd: number[];
  /** The whole meta object as recorded. */
  raw: Record<string, unknown>;
}

/** A parsed dataset. */
export interface QemuRecord {
  /** Provenance. */
  meta: QemuRecordMeta;
  /** Every run, in file order. */
  runs: QemuRun[];
}

/**
 * Parses the dataset's text, validating every line; errors name the file, the line and
 * the field. A point id stands for one point (every run of it must carry the same point)
 * and a repeat index appears once per point (and destination variant), so that a line
 * written twice or a point changed under its id cannot enter a point's statistics.
 *
 * @param text The JSON Lines text.
 * @param fileName The name used in error messages.
 * @returns The meta data and the runs.
 * @throws {TypeError} If `text` or `fileName` is not a string.
 *
 * @example A malformed line is reported with its file and line
 * ```ts
 * import { parseQemuRecord } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.throws(
 *   () => parseQemuRecord('{"kind":"meta"\n', "x.jsonl"),
 *   /^SyntaxError: Cannot read QEMU record x\.jsonl:1 as line must be JSON/,
 * );
 * ```
 */
export function parseQemuRecord(text: string, fileName: string): QemuRecord {
  // text that was not a string failed inside ("text.split is not a function")
  string("read a QEMU record", "text", text);
  string("read a QEMU record", "fileName", fileName);
  const lines = text.split("\n");
  let meta: QemuRecordMeta | undefined;
  const runs: QemuRun[] = [];
  // Per point id: its point (as read) and line; per run key: its line.
  const points = new Map<string, { json: string; line: number }>();
  const repeats = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    const where = `${fileName}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      // "x.jsonl:1: invalid JSON: ..." was outside the grammar
      throw new SyntaxError(
        `Cannot read QEMU record ${where} as line must be JSON (${
          (error as Error).message
        }): current value is ${show(line)}`,
      );
    }
    const action = `read QEMU record ${where}`;
    const o = object(action, "line", value);
    if (meta === undefined) {
      if (o.kind !== "meta") {
        throw new TypeError(
          `Cannot ${action} as kind must be "meta" on the first line: current value is ${
            show(o.kind)
          }`,
        );
      }
      meta = parseMeta(action, o);
      continue;
    }
    oneOf(action, "kind", o.kind, ["run"] as const);
    const run = parseRun(action, o);
    const json = JSON.stringify(run.point);
    const first = points.get(run.point.id);
    if (first === undefined) points.set(run.point.id, { json, line: i + 1 });
    else if (first.json !== json) {
      throw new RangeError(
        `Cannot ${action} as point must equal the point of line ${first.line} with the same id ` +
          `${show(run.point.id)}: current value is ${json}`,
      );
    }
    const key = JSON.stringify([run.point.id, run.destinationVariant ?? null, run.repeat]);
    const seen = repeats.get(key);
    if (seen !== undefined) {
      throw new RangeError(
        `Cannot ${action} as repeat must be unique for point ${show(run.point.id)}` +
          `${
            run.destinationVariant === undefined
              ? ""
              : ` and variant ${show(run.destinationVariant)}`
          } (line ${seen} has it): current value is ${run.repeat}`,
      );
    }
    repeats.set(key, i + 1);
    runs.push(run);
  }
  if (meta === undefined) {
    // "x.jsonl: empty file (no meta line)" was outside the grammar
    throw new SyntaxError(
      `Cannot read QEMU record ${fileName} as text must hold a meta line: current value is ${
        show(`an empty file of ${lines.length} blank line(s)`)
      }`,
    );
  }
  return { meta, runs };
}

/**
 * Reads and validates a dataset file.
 *
 * @param path The file (`data/validation/qemu/runs.jsonl`).
 * @returns The meta data and the runs.
 *
 * @example Reading the recorded dataset
 * ```ts
 * import { readQemuRecord } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const record = await readQemuRecord(
 *   new URL("../../data/validation/qemu/runs.jsonl", import.meta.url).pathname,
 * );
 * assert.ok(record.runs.length > 0);
 * ```
 */
export async function readQemuRecord(path: string): Promise<QemuRecord> {
  // "" reached Deno ("Empty path is not allowed")
  return parseQemuRecord(await readRecordText("read a QEMU record", path), path);
}

function parseMeta(action: string, o: Record<string, unknown>): QemuRecordMeta {
  oneOf(action, "format", o.format, [QEMU_RECORD_FORMAT, QEMU_FIRST_TOUCH_RECORD_FORMAT]);
  if (typeof o.command !== "string" || o.command === "") {
    throw new TypeError(
      `Cannot ${action} as command must be a non-empty string: current value is ${show(o.command)}`,
    );
  }
  if (typeof o.startedAt !== "string") {
    throw new TypeError(
      `Cannot ${action} as startedAt must be a string: current value is ${show(o.startedAt)}`,
    );
  }
  const machine = object(action, "machine", o.machine);
  for (const key of ["cpuModel", "cores", "qemuVersion"]) {
    if (typeof machine[key] !== "string") {
      throw new TypeError(
        `Cannot ${action} as machine.${key} must be a string: current value is ${
          show(machine[key])
        }`,
      );
    }
  }
  return {
    command: o.command,
    startedAt: o.startedAt,
    recordingSeconds: nonNegative(action, "recordingSeconds", o.recordingSeconds),
    machine,
    loadAverageStart: loadAverage(action, "loadAverageStart", o.loadAverageStart),
    loadAverageEnd: loadAverage(action, "loadAverageEnd", o.loadAverageEnd),
    raw: o,
  };
}

function loadAverage(action: string, field: string, value: unknown): number[] {
  if (!Array.isArray(value) || value.length !== 3) {
    throw new TypeError(
      `Cannot ${action} as ${field} must be an array of 3 numbers: current value is ${show(value)}`,
    );
  }
  return value.map((x, i) => nonNegative(action, `${field}[${i}]`, x));
}

function parsePoint(action: string, value: unknown): QemuPoint {
  const p = object(action, "point", value);
  if (typeof p.id !== "string" || p.id === "") {
    throw new TypeError(
      `Cannot ${action} as point.id must be a non-empty string: current value is ${show(p.id)}`,
    );
  }
  const w = object(action, "point.workload", p.workload);
  if (typeof w.fill !== "boolean") {
    throw new TypeError(
      `Cannot ${action} as point.workload.fill must be a boolean: current value is ${show(w.fill)}`,
    );
  }
  const cap = p.maxBandwidthBytesPerSecond;
  return {
    id: p.id,
    technique: oneOf(action, "point.technique", p.technique, ["pre-copy", "post-copy"] as const),
    ramMiB: integer(action, "point.ramMiB", p.ramMiB, 1),
    workload: {
      writesPerSecond: nonNegative(action, "point.workload.writesPerSecond", w.writesPerSecond),
      regionStartPage: integer(action, "point.workload.regionStartPage", w.regionStartPage, 0),
      regionPages: integer(action, "point.workload.regionPages", w.regionPages, 0),
      stridePages: integer(action, "point.workload.stridePages", w.stridePages, 1),
      fill: w.fill,
    },
    maxBandwidthBytesPerSecond: cap === null
      ? null
      : positive(action, "point.maxBandwidthBytesPerSecond", cap),
    downtimeLimitMs: positive(action, "point.downtimeLimitMs", p.downtimeLimitMs),
    waitLimitSeconds: positive(action, "point.waitLimitSeconds", p.waitLimitSeconds),
  };
}

function parseRun(action: string, o: Record<string, unknown>): QemuRun {
  const point = parsePoint(action, o.point);
  const outcome = oneOf(action, "outcome", o.outcome, QEMU_OUTCOMES);
  if (typeof o.converged !== "boolean") {
    throw new TypeError(
      `Cannot ${action} as converged must be a boolean: current value is ${show(o.converged)}`,
    );
  }
  if (o.converged !== (outcome === "completed")) {
    throw new RangeError(
      `Cannot ${action} as converged must be true exactly when outcome is "completed": ` +
        `current value is ${show(o.converged)} with outcome ${show(outcome)}`,
    );
  }
  const q = object(action, "queryMigrate", o.queryMigrate);
  const ram = object(action, "queryMigrate.ram", q.ram);
  const ms = (field: string, value: unknown) => nonNegative(action, field, value) / 1000;
  const completed = outcome === "completed";
  if (completed && q.status !== "completed") {
    throw new RangeError(
      `Cannot ${action} as queryMigrate.status must be "completed" when outcome is ` +
        `"completed": current value is ${show(q.status)}`,
    );
  }
  const load = loadAverage(action, "loadAverage", o.loadAverage);
  const totalSeconds = ms("queryMigrate.total-time", q["total-time"]);
  let downtimeSeconds = completed ? ms("queryMigrate.downtime", q.downtime) : null;
  const anomalies: string[] = [];
  const wallSeconds = nonNegative(action, "wallSeconds", o.wallSeconds);
  // Seen with QEMU 7.2: "completed", total-time 0 ms, after 2 s of wall time; the
  // downtime of such a reply is QEMU's initial 0, not a measurement (see `anomalies`).
  const unfinished = completed && totalSeconds === 0 && wallSeconds > 0.5;
  if (unfinished) anomalies.push(`total-time 0 ms after ${wallSeconds} s of wall time`);
  if (downtimeSeconds !== null && downtimeSeconds > totalSeconds) {
    anomalies.push(
      `downtime ${q.downtime} ms exceeds total-time ${q["total-time"]} ms`,
    );
    downtimeSeconds = null;
  }
  if (unfinished) downtimeSeconds = null;
  if (o.variant !== undefined && typeof o.variant !== "string") {
    throw new TypeError(
      `Cannot ${action} as variant must be a string: current value is ${show(o.variant)}`,
    );
  }
  let stalePages: number[] | null = null;
  if (o.memoryCheck !== undefined) {
    const check = object(action, "memoryCheck", o.memoryCheck);
    const pages = integer(action, "memoryCheck.pagesCompared", check.pagesCompared, 1);
    if (!Array.isArray(check.differingPages)) {
      throw new TypeError(
        `Cannot ${action} as memoryCheck.differingPages must be an array: current value is ${
          show(check.differingPages)
        }`,
      );
    }
    stalePages = check.differingPages.map((p, i) =>
      integer(action, `memoryCheck.differingPages[${i}]`, p, 0, pages - 1)
    );
  }
  return {
    ...(o.variant === undefined ? {} : { destinationVariant: o.variant }),
    point,
    repeat: integer(action, "repeat", o.repeat, 0),
    stalePages,
    outcome,
    converged: o.converged,
    totalSeconds,
    downtimeSeconds,
    anomalies,
    setupSeconds: q["setup-time"] === undefined
      ? null
      : ms("queryMigrate.setup-time", q["setup-time"]),
    expectedDowntimeSeconds: q["expected-downtime"] === undefined
      ? null
      : ms("queryMigrate.expected-downtime", q["expected-downtime"]),
    transferredBytes: nonNegative(action, "queryMigrate.ram.transferred", ram.transferred),
    ramTotalBytes: positive(action, "queryMigrate.ram.total", ram.total),
    normalPages: integer(action, "queryMigrate.ram.normal", ram.normal, 0),
    zeroPages: integer(action, "queryMigrate.ram.duplicate", ram.duplicate, 0),
    dirtySyncCount: integer(
      action,
      "queryMigrate.ram.dirty-sync-count",
      ram["dirty-sync-count"],
      0,
    ),
    mbps: nonNegative(action, "queryMigrate.ram.mbps", ram.mbps),
    postcopyRequests: integer(
      action,
      "queryMigrate.ram.postcopy-requests",
      ram["postcopy-requests"] ?? 0,
      0,
    ),
    wallSeconds,
    loadAverage1m: load[0]!,
    queryMigrate: q,
  };
}

/** The runs of one grid point. */
export interface QemuPointRuns {
  /** The point. */
  point: QemuPoint;
  /** Its runs, in file order. */
  runs: QemuRun[];
}

/**
 * Groups runs by grid point id, in order of first appearance.
 *
 * @param runs The runs.
 * @returns One entry per point.
 *
 * @example Two repeats of one point form one group
 * ```ts
 * import { groupQemuRuns, type QemuRun } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const run = { point: { id: "p" } } as QemuRun;
 * assert.equal(groupQemuRuns([run, run])[0]!.runs.length, 2);
 * ```
 */
export function groupQemuRuns(runs: readonly QemuRun[]): QemuPointRuns[] {
  // runs that were not an array, or a run without a point, failed inside ("runs is not
  // iterable", "Cannot read properties of undefined (reading 'id')")
  const action = "group QEMU runs";
  runList(action, runs);
  const byId = new Map<string, QemuPointRuns>();
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!;
    const point = pointOf(action, `runs[${i}]`, record(action, `runs[${i}]`, run));
    string(action, `runs[${i}].point.id`, point.id, true);
    const group = byId.get(run.point.id);
    if (group) group.runs.push(run);
    else byId.set(run.point.id, { point: run.point, runs: [run] });
  }
  return [...byId.values()];
}

/** Mean and spread of a recorded figure over a point's repeats. */
export interface RepeatStats {
  /** Number of values. */
  count: number;
  /** Arithmetic mean. */
  mean: number;
  /** Smallest value. */
  min: number;
  /** Largest value. */
  max: number;
  /** (max - min) / mean (0 when the mean is 0). */
  relativeSpread: number;
}

/**
 * Mean, min, max and relative spread of values (at least one, each finite).
 *
 * @param values The values.
 * @returns Their statistics.
 * @throws {RangeError} If a value is not finite, or the relative spread is beyond the
 *   largest double (values of opposite signs near it around a mean near 0).
 *
 * @example
 * ```ts
 * import { repeatStats } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(repeatStats([1, 2, 3]), {
 *   count: 3, mean: 2, min: 1, max: 3, relativeSpread: 1,
 * });
 * ```
 */
export function repeatStats(values: readonly number[]): RepeatStats {
  const action = "compute repeat statistics";
  array(action, "values", values, 1);
  // One pass, no spread into Math.min/max (which overflows the stack on long arrays); a
  // value that is not finite is an error, not a NaN or infinite mean.
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const x = finiteNumber(action, `values[${i}]`, values[i]);
    sum += x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const n = values.length;
  let mean = sum / n;
  // a sum beyond the largest double (1e308 + 1e308): the mean of the values divided first,
  // whose partial sums stay within the largest |value|
  if (!Number.isFinite(mean)) {
    mean = 0;
    for (let i = 0; i < n; i++) mean += values[i]! / n;
  }
  let relativeSpread = mean === 0 ? 0 : (max - min) / mean;
  if (!Number.isFinite(relativeSpread)) relativeSpread = max / mean - min / mean;
  if (!Number.isFinite(relativeSpread)) {
    throw new RangeError(
      `Cannot ${action} as the values' relative spread (max - min) / mean must be a finite number: current value is beyond the largest double (min ${min}, max ${max}, mean ${mean})`,
    );
  }
  return { count: n, mean, min, max, relativeSpread };
}
