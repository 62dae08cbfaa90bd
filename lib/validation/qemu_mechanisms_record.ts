/**
 * The recorded real-QEMU mechanisms dataset (`data/validation/qemu/mechanisms.jsonl`, made
 * by `deno run -A validation/qemu/run.ts --mechanisms`): the same line format as
 * `runs.jsonl` (read by `parseQemuRecord`), plus per point the mechanism switched on
 * (QEMU 7.2's `auto-converge` with `cpu-throttle-initial`/`-increment`, `xbzrle` with
 * `xbzrle-cache-size`, `multifd` with `multifd-channels` and `multifd-compression`, or
 * the post-copy switch after the first pass), whether the guest catches up missed
 * milliseconds, and per run what QEMU reported back: its capabilities and parameters,
 * the highest `cpu-throttle-percentage`, the `xbzrle-cache` statistics and
 * `ram.multifd-bytes` (names from qemu/qemu `qapi/migration.json`).
 *
 * @module
 */
import { integer, nonNegative, object, oneOf, show, within } from "../_validate.ts";
import { readRecordText } from "./_record_text.ts";
import { parseQemuRecord, type QemuRecordMeta, type QemuRun } from "./qemu_record.ts";

/** The QEMU settings of a mechanisms point (absent fields: mechanism off). */
export interface QemuMechanismSettings {
  /** `auto-converge` on, with `cpu-throttle-initial` and `cpu-throttle-increment` in percent. */
  autoConverge?: { initialPercent: number; incrementPercent: number };
  /** `xbzrle` on, with `xbzrle-cache-size` in bytes. */
  xbzrle?: { cacheSizeBytes: number };
  /** `multifd` on both sides, with `multifd-channels` and `multifd-compression`. */
  multifd?: { channels: number; compression: "none" | "zlib" | "zstd" };
}

/** QEMU's final `xbzrle-cache` statistics of a run. */
export interface QemuXbzrleStats {
  /** `cache-size`, bytes. */
  cacheSizeBytes: number;
  /** `bytes`: bytes sent as XBZRLE deltas. */
  bytes: number;
  /** `pages`: pages sent as deltas. */
  pages: number;
  /** `cache-miss`: pages not found in the cache (sent in full). */
  cacheMisses: number;
  /** `overflow`: deltas larger than a page (sent in full). */
  overflows: number;
}

/** One run of the mechanisms dataset: the plain run plus what the mechanisms did. */
export interface QemuMechanismRun extends QemuRun {
  /** The point's mechanism label (`plain`, `auto-converge`, `xbzrle-16M`, ...). */
  mechanism: string;
  /** The settings asked of QEMU (none for `plain` and the post-copy switch). */
  settings: QemuMechanismSettings;
  /** Whether the guest caught up missed milliseconds (`catchup=1`, the default). */
  catchup: boolean;
  /** Highest `cpu-throttle-percentage` seen while polling, or null (never throttled). */
  maxCpuThrottlePercentage: number | null;
  /** Final `xbzrle-cache` statistics (XBZRLE points that reported them), else null. */
  xbzrle: QemuXbzrleStats | null;
  /** Final `ram.multifd-bytes`, or null when QEMU did not report it. */
  multifdBytes: number | null;
  /** Host seconds after `migrate` at which `migrate-start-postcopy` was sent, or null. */
  postcopyStartSeconds: number | null;
  /**
   * The guest's write rate over its warm-up before `migrate`, by the host clock (null for
   * a run that failed before). Without catch-up it falls below the set rate when the
   * guest's vCPU gets less CPU time than it asks for.
   */
  measuredWritesPerSecond: number | null;
  /**
   * The write count of the guest's last progress line at the source before it stopped
   * (`guest.lastSourceWrites`; completed runs), else null.
   */
  lastSourceWrites: number | null;
  /**
   * `cpu-throttle-percentage` at every `query-migrate` poll (`mechanisms.samples`: host
   * seconds after `migrate`, percent or null while unthrottled); empty for points
   * without mechanism settings.
   */
  throttleSamples: [seconds: number, percent: number | null][];
}

/** A parsed mechanisms dataset. */
export interface QemuMechanismRecord {
  /** Provenance (machine facts, load averages, command). */
  meta: QemuRecordMeta;
  /** Which `multifd-compression` values QEMU accepted when recording started. */
  multifdCompression: Record<string, string>;
  /** Every run, in file order. */
  runs: QemuMechanismRun[];
}

/**
 * Parses the mechanisms dataset, validating every line (as `parseQemuRecord` does) and
 * the mechanism fields; a run whose settings QEMU did not echo back (capability off, or a
 * parameter other than the one set) is an error naming the file, line and field.
 *
 * @param text The JSON Lines text.
 * @param fileName The name used in error messages.
 * @returns The meta data and the runs.
 *
 * @example A run without its mechanism label is reported with its line
 * ```ts
 * import { parseQemuMechanismRecord } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const meta = JSON.stringify({ kind: "meta", format: "migrate-lab/qemu-validation@1",
 *   command: "x", startedAt: "t", recordingSeconds: 1, loadAverageStart: [1, 1, 1],
 *   loadAverageEnd: [1, 1, 1], machine: { cpuModel: "c", cores: "2", qemuVersion: "q" } });
 * assert.throws(() => parseQemuMechanismRecord(meta + "\n", "m.jsonl"), /multifdCompression/);
 * ```
 */
export function parseQemuMechanismRecord(text: string, fileName: string): QemuMechanismRecord {
  const base = parseQemuRecord(text, fileName);
  const lines = text.split("\n");
  // The meta line is the first non-blank one (parseQemuRecord skips blank lines).
  const metaLine = lines.findIndex((l) => l.trim() !== "") + 1;
  const metaAction = `read QEMU mechanisms record ${fileName}:${metaLine}`;
  const mc = object(metaAction, "multifdCompression", base.meta.raw.multifdCompression);
  const multifdCompression: Record<string, string> = {};
  for (const [k, v] of Object.entries(mc)) multifdCompression[k] = String(v);
  const runs: QemuMechanismRun[] = [];
  let seenMeta = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    if (!seenMeta) {
      seenMeta = true;
      continue;
    }
    const action = `read QEMU mechanisms record ${fileName}:${i + 1}`;
    const o = JSON.parse(line) as Record<string, unknown>;
    runs.push(parseMechanismRun(action, o, base.runs[runs.length]!));
  }
  return { meta: base.meta, multifdCompression, runs };
}

/**
 * Reads and validates the mechanisms dataset.
 *
 * @param path The file (`data/validation/qemu/mechanisms.jsonl`).
 * @returns The meta data and the runs.
 *
 * @example
 * ```ts
 * import { readQemuMechanismRecord } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const record = await readQemuMechanismRecord(
 *   new URL("../../data/validation/qemu/mechanisms.jsonl", import.meta.url).pathname,
 * );
 * assert.ok(record.runs.some((r) => r.mechanism === "plain"));
 * ```
 */
export async function readQemuMechanismRecord(path: string): Promise<QemuMechanismRecord> {
  // "" reached Deno ("Empty path is not allowed")
  const text = await readRecordText("read a QEMU mechanisms record", path);
  return parseQemuMechanismRecord(text, path);
}

function fail(action: string, field: string, condition: string, value: unknown): never {
  throw new RangeError(
    `Cannot ${action} as ${field} ${condition}: current value is ${show(value)}`,
  );
}

function parseSettings(action: string, value: unknown): QemuMechanismSettings {
  if (value === undefined) return {};
  const m = object(action, "point.mechanisms", value);
  const out: QemuMechanismSettings = {};
  if (m.autoConverge !== undefined) {
    const a = object(action, "point.mechanisms.autoConverge", m.autoConverge);
    out.autoConverge = {
      initialPercent: integer(
        action,
        "point.mechanisms.autoConverge.initialPercent",
        a.initialPercent,
        1,
        99,
      ),
      incrementPercent: integer(
        action,
        "point.mechanisms.autoConverge.incrementPercent",
        a.incrementPercent,
        1,
        99,
      ),
    };
  }
  if (m.xbzrle !== undefined) {
    const x = object(action, "point.mechanisms.xbzrle", m.xbzrle);
    out.xbzrle = {
      cacheSizeBytes: integer(
        action,
        "point.mechanisms.xbzrle.cacheSizeBytes",
        x.cacheSizeBytes,
        4096,
      ),
    };
  }
  if (m.multifd !== undefined) {
    const f = object(action, "point.mechanisms.multifd", m.multifd);
    out.multifd = {
      channels: integer(action, "point.mechanisms.multifd.channels", f.channels, 1, 255),
      compression: oneOf(
        action,
        "point.mechanisms.multifd.compression",
        f.compression,
        ["none", "zlib", "zstd"] as const,
      ),
    };
  }
  return out;
}

function parseMechanismRun(
  action: string,
  o: Record<string, unknown>,
  run: QemuRun,
): QemuMechanismRun {
  const point = object(action, "point", o.point);
  if (typeof point.mechanism !== "string" || point.mechanism === "") {
    fail(action, "point.mechanism", "must be a non-empty string", point.mechanism);
  }
  const settings = parseSettings(action, point.mechanisms);
  const workload = object(action, "point.workload", point.workload);
  if (workload.catchup !== undefined && workload.catchup !== false) {
    fail(action, "point.workload.catchup", "must be false or absent", workload.catchup);
  }
  const post = o.postcopyStartSeconds;
  const postcopyStartSeconds = post === null || post === undefined
    ? null
    : nonNegative(action, "postcopyStartSeconds", post);
  if (run.point.technique === "post-copy" && run.converged && postcopyStartSeconds === null) {
    fail(action, "postcopyStartSeconds", "must be set for a completed post-copy run", post);
  }
  let maxCpuThrottlePercentage: number | null = null;
  const throttleSamples: [number, number | null][] = [];
  const hasSettings = Object.keys(settings).length > 0;
  if (hasSettings && run.outcome !== "failed") {
    const rec = object(action, "mechanisms", o.mechanisms);
    const caps = object(action, "mechanisms.sourceCapabilities", rec.sourceCapabilities);
    const dcaps = object(
      action,
      "mechanisms.destinationCapabilities",
      rec.destinationCapabilities,
    );
    const params = object(action, "mechanisms.sourceParameters", rec.sourceParameters);
    const expect = (field: string, actual: unknown, wanted: unknown) => {
      if (actual !== wanted) fail(action, field, `must be ${show(wanted)} (as set)`, actual);
    };
    expect(
      "mechanisms.sourceCapabilities.auto-converge",
      caps["auto-converge"],
      !!settings.autoConverge,
    );
    expect("mechanisms.sourceCapabilities.xbzrle", caps.xbzrle, !!settings.xbzrle);
    expect("mechanisms.sourceCapabilities.multifd", caps.multifd, !!settings.multifd);
    expect("mechanisms.destinationCapabilities.multifd", dcaps.multifd, !!settings.multifd);
    if (settings.autoConverge) {
      expect(
        "mechanisms.sourceParameters.cpu-throttle-initial",
        params["cpu-throttle-initial"],
        settings.autoConverge.initialPercent,
      );
      expect(
        "mechanisms.sourceParameters.cpu-throttle-increment",
        params["cpu-throttle-increment"],
        settings.autoConverge.incrementPercent,
      );
    }
    if (settings.xbzrle) {
      expect(
        "mechanisms.sourceParameters.xbzrle-cache-size",
        params["xbzrle-cache-size"],
        settings.xbzrle.cacheSizeBytes,
      );
    }
    if (settings.multifd) {
      expect(
        "mechanisms.sourceParameters.multifd-channels",
        params["multifd-channels"],
        settings.multifd.channels,
      );
      expect(
        "mechanisms.sourceParameters.multifd-compression",
        params["multifd-compression"],
        settings.multifd.compression,
      );
    }
    if (rec.samples !== undefined) {
      if (!Array.isArray(rec.samples)) {
        fail(action, "mechanisms.samples", "must be an array", rec.samples);
      }
      (rec.samples as unknown[]).forEach((x, i) => {
        const at = `mechanisms.samples[${i}]`;
        if (!Array.isArray(x)) fail(action, at, "must be an array", x);
        const t = nonNegative(action, `${at}[0]`, x[0]);
        // Polls in time order, a percentage of the vCPU's time (as maxCpuThrottlePercentage).
        const before = throttleSamples.at(-1)?.[0] ?? 0;
        if (t < before) fail(action, `${at}[0]`, `must be >= the previous poll's ${before}`, t);
        const p = x[1] === null ? null : within(action, `${at}[1]`, x[1], 0, 100);
        throttleSamples.push([t, p]);
      });
    }
    const max = rec.maxCpuThrottlePercentage;
    maxCpuThrottlePercentage = max === null
      ? null
      : integer(action, "mechanisms.maxCpuThrottlePercentage", max, 0, 100);
    if (!settings.autoConverge && maxCpuThrottlePercentage !== null) {
      fail(
        action,
        "mechanisms.maxCpuThrottlePercentage",
        "must be null without auto-converge",
        max,
      );
    }
  }
  let xbzrle: QemuXbzrleStats | null = null;
  const x = run.queryMigrate["xbzrle-cache"];
  if (x !== undefined) {
    const c = object(action, "queryMigrate.xbzrle-cache", x);
    const n = (f: string) => integer(action, `queryMigrate.xbzrle-cache.${f}`, c[f], 0);
    xbzrle = {
      cacheSizeBytes: n("cache-size"),
      bytes: n("bytes"),
      pages: n("pages"),
      cacheMisses: n("cache-miss"),
      overflows: n("overflow"),
    };
  }
  const ram = run.queryMigrate.ram as Record<string, unknown>;
  const guest = o.guest === undefined ? {} : object(action, "guest", o.guest);
  const measured = guest.writesPerSecondHostClock;
  const lastWrites = guest.lastSourceWrites;
  return {
    lastSourceWrites: lastWrites === null || lastWrites === undefined
      ? null
      : nonNegative(action, "guest.lastSourceWrites", lastWrites),
    throttleSamples,
    measuredWritesPerSecond: measured === null || measured === undefined
      ? null
      : nonNegative(action, "guest.writesPerSecondHostClock", measured),
    ...run,
    mechanism: point.mechanism,
    settings,
    catchup: workload.catchup !== false,
    maxCpuThrottlePercentage,
    xbzrle,
    multifdBytes: ram["multifd-bytes"] === undefined
      ? null
      : nonNegative(action, "queryMigrate.ram.multifd-bytes", ram["multifd-bytes"]),
    postcopyStartSeconds,
  };
}
