/**
 * QEMU 7.2's multifd final copies traced with QEMU's own trace events
 * (`data/validation/qemu/final_copy_trace.jsonl`, made by
 * `validation/qemu/trace_final_copy.ts`), and the cores a compressed final copy gets on
 * the recording machine, measured from them.
 *
 * @module
 */
import { median } from "../datacenter/_stats.ts";
import { object, oneOf, positive, show } from "../_validate.ts";
import { QEMU_OUTCOMES } from "./_qemu_outcomes.ts";
import { readRecordText } from "./_record_text.ts";
import type { CompressionAlgorithm } from "../migration/mechanisms.ts";

/** One traced migration (a `run` line of `final_copy_trace.jsonl`). */
export interface QemuFinalCopyTraceRun {
  /** The point's `multifd-compression`. */
  compression: "none" | CompressionAlgorithm;
  /** `completed`, `timeout-cancelled` or `failed`. */
  outcome: string;
  /** QEMU's `downtime` (ms), or null. */
  downtimeMs: number | null;
  /**
   * The final copy, times in ms after the source's `migration_completion_vm_stop`
   * (null unless completed): `pages` sent by the channels in it, and `syncEndMs`, when
   * `multifd_send_sync_main` returned in `ram_save_complete` (every channel had
   * compressed and written its last packet; `migration/ram.c`, `migration/multifd.c` of
   * QEMU 7.2).
   */
  timeline: { pages: number; syncEndMs: number } | null;
}

/** Per-core rates of one algorithm (as in `compression_rates.json`'s summary). */
export interface QemuCompressionCoreRates {
  /** Page bytes one core compresses per second. */
  compressBytesPerSecondPerCore: number;
  /** Page bytes one core decompresses per second. */
  decompressBytesPerSecondPerCore: number;
}

/** What {@link calibrateQemuCompressedFinalCopyCores} measured. */
export interface QemuCompressedFinalCopyCores {
  /**
   * Cores the compressed final copies got: their compression and decompression CPU
   * seconds at the given per-core rates over the time they added to the final copy,
   * pooled over the algorithms (sum over sum).
   */
  cores: number;
  /** Median `syncEndMs` of the completed runs without compression. */
  noneMedianMs: number;
  /** Per algorithm: completed runs, median pages and `syncEndMs`, the CPU and extra ms. */
  perAlgorithm: Record<CompressionAlgorithm, {
    runs: number;
    medianPages: number;
    medianSyncEndMs: number;
    cpuMs: number;
    extraMs: number;
    cores: number;
  }>;
}

/**
 * The cores a compressed multifd final copy gets on the recording machine, from QEMU's
 * own traced final copies: per algorithm, the median time compression added to the
 * final copy (median `syncEndMs` with it minus median without) against the CPU time its
 * median final pages take to compress and decompress at the given per-core rates;
 * pooled, sum of CPU over sum of added time. On loopback the source's channels compress
 * (`zlib_send_prepare`, `zstd_send_prepare`) while the destination's decompress
 * (`zlib_recv_pages`, `zstd_recv_pages`, `migration/multifd-zlib.c`/`multifd-zstd.c` of
 * QEMU 7.2) on the same machine's cores, so this is the share of the machine the two
 * QEMU processes got in that burst, at the load of the recording.
 *
 * @param runs The traced runs (every point: none, zlib, zstd).
 * @param rates Per-core rates per algorithm (e.g. `compression_rates.json`'s guest pages).
 * @param pageSizeBytes Bytes per page (4096).
 * @returns The pooled cores and the per-algorithm figures.
 *
 * @example Compression adding 20 ms for 10 ms of CPU: half a core
 * ```ts
 * import { calibrateQemuCompressedFinalCopyCores } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const run = (compression: "none" | "zlib" | "zstd", syncEndMs: number) => ({
 *   compression, outcome: "completed", downtimeMs: null,
 *   timeline: { pages: 1000, syncEndMs },
 * });
 * const rate = { compressBytesPerSecondPerCore: 4096e3 / 0.008,
 *   decompressBytesPerSecondPerCore: 4096e3 / 0.002 }; // 8 + 2 ms for 1000 pages
 * const c = calibrateQemuCompressedFinalCopyCores(
 *   [run("none", 5), run("zlib", 25), run("zstd", 25)], { zlib: rate, zstd: rate });
 * assert.ok(Math.abs(c.cores - 0.5) < 1e-12);
 * ```
 */
export function calibrateQemuCompressedFinalCopyCores(
  runs: readonly QemuFinalCopyTraceRun[],
  rates: Record<CompressionAlgorithm, QemuCompressionCoreRates>,
  pageSizeBytes = 4096,
): QemuCompressedFinalCopyCores {
  const action = "calibrate the compressed final copy's cores";
  positive(action, "pageSizeBytes", pageSizeBytes);
  if (!Array.isArray(runs)) {
    throw new TypeError(
      `Cannot ${action} as runs must be an array: current value is ${typeof runs}`,
    );
  }
  const checked = runs.map((r, i) => {
    const o = object(action, `runs[${i}]`, r);
    const compression = oneOf(
      action,
      `runs[${i}].compression`,
      o.compression,
      ["none", "zlib", "zstd"] as const,
    );
    if (o.outcome !== "completed" || o.timeline === null || o.timeline === undefined) return null;
    const t = object(action, `runs[${i}].timeline`, o.timeline);
    return {
      compression,
      pages: positive(action, `runs[${i}].timeline.pages`, t.pages),
      syncEndMs: positive(action, `runs[${i}].timeline.syncEndMs`, t.syncEndMs),
    };
  });
  const done = (c: string) =>
    checked.filter((r) => r !== null && r.compression === c) as {
      pages: number;
      syncEndMs: number;
    }[];
  const none = done("none");
  if (none.length === 0) {
    throw new RangeError(
      `Cannot ${action} as runs must hold a completed run without compression: current value is ${
        show(`an array of ${checked.length} with none`)
      }`,
    );
  }
  const noneMedianMs = median(none.map((t) => t.syncEndMs));
  const perAlgorithm = {} as QemuCompressedFinalCopyCores["perAlgorithm"];
  let cpu = 0;
  let extra = 0;
  for (const a of ["zlib", "zstd"] as const) {
    const t = done(a);
    if (t.length === 0) {
      throw new RangeError(
        `Cannot ${action} as runs must hold a completed ${a} run: current value is ${
          show(`an array of ${checked.length} with none`)
        }`,
      );
    }
    const r = object(action, `rates.${a}`, object(action, "rates", rates)[a]);
    const c = positive(
      action,
      `rates.${a}.compressBytesPerSecondPerCore`,
      r?.compressBytesPerSecondPerCore,
    );
    const d = positive(
      action,
      `rates.${a}.decompressBytesPerSecondPerCore`,
      r.decompressBytesPerSecondPerCore,
    );
    const medianPages = median(t.map((x) => x.pages));
    const medianSyncEndMs = median(t.map((x) => x.syncEndMs));
    const cpuMs = medianPages * pageSizeBytes * (1 / c + 1 / d) * 1000;
    const extraMs = medianSyncEndMs - noneMedianMs;
    if (!(extraMs > 0)) {
      throw new RangeError(
        `Cannot ${action} as the ${a} final copies must take longer than those without ` +
          `compression: current value is ${extraMs} ms`,
      );
    }
    perAlgorithm[a] = {
      runs: t.length,
      medianPages,
      medianSyncEndMs,
      cpuMs,
      extraMs,
      cores: cpuMs / extraMs,
    };
    cpu += cpuMs;
    extra += extraMs;
  }
  return { cores: cpu / extra, noneMedianMs, perAlgorithm };
}

/**
 * Reads `final_copy_trace.jsonl`: its `meta` line and its `run` lines, each checked
 * (compression, outcome, downtime, and for a completed run the final copy's pages and
 * `syncEndMs`); a malformed line is named with its field.
 *
 * @param path The file.
 * @returns The meta object and the runs in file order.
 *
 * @example
 * ```ts
 * import { readQemuFinalCopyTrace } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { runs } = await readQemuFinalCopyTrace(
 *   new URL("../../data/validation/qemu/final_copy_trace.jsonl", import.meta.url).pathname,
 * );
 * assert.ok(runs.some((r) => r.compression === "zlib" && r.timeline !== null));
 * ```
 */
export async function readQemuFinalCopyTrace(
  path: string,
): Promise<{ meta: Record<string, unknown>; runs: QemuFinalCopyTraceRun[] }> {
  // Blank lines are skipped but still counted, so that errors name the file's own line.
  // "" reached Deno ("Empty path is not allowed")
  const lines = (await readRecordText("read a QEMU final-copy trace", path)).split("\n");
  let meta: Record<string, unknown> | null = null;
  const runs: QemuFinalCopyTraceRun[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    const where = `read ${path} line ${i + 1}`;
    let parsed: unknown;
    try {
      // trim(): a byte-order mark (U+FEFF) or a Windows line end is not part of the JSON.
      parsed = JSON.parse(line.trim());
    } catch (error) {
      // "x.jsonl:1: invalid JSON: ..." was outside the grammar
      throw new SyntaxError(
        `Cannot ${where} as line must be JSON (${(error as Error).message}): current value is ${
          show(line.trim())
        }`,
      );
    }
    const o = object(where, "line", parsed);
    if (o.kind === "meta") {
      meta = o;
      return;
    }
    oneOf(where, "kind", o.kind, ["run"] as const);
    const compression = oneOf(
      where,
      "compression",
      o.compression,
      ["none", "zlib", "zstd"] as const,
    );
    const outcome = oneOf(where, "outcome", o.outcome, QEMU_OUTCOMES);
    const downtimeMs = o.downtimeMs === null ? null : positive(where, "downtimeMs", o.downtimeMs);
    // A completed run must hold its final copy (the calibration would skip it unseen).
    const t = outcome === "completed" || (o.timeline !== null && o.timeline !== undefined)
      ? object(where, "timeline", o.timeline)
      : null;
    const timeline = t === null ? null : {
      pages: positive(where, "timeline.pages", t.pages),
      syncEndMs: positive(where, "timeline.syncEndMs", t.syncEndMs),
    };
    runs.push({ compression, outcome, downtimeMs, timeline });
  });
  if (meta === null) {
    throw new RangeError(`Cannot read ${path} as it must hold a meta line: current value has none`);
  }
  return { meta, runs };
}
