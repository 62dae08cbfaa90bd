import { array, nonNegative, object, positive } from "../_validate.ts";
import type { MigrationResult } from "./result.ts";
import type { VmSpec } from "./vm_spec.ts";

/**
 * The RAM statistics of QEMU's `query-migrate` (`MigrationStats` in
 * `qapi/migration.json` of github.com/qemu/qemu), as far as the engine models them.
 * Bytes are wire bytes, including page headers.
 */
export interface QueryMigrateRam {
  /** Bytes transferred (all phases). */
  "transferred": number;
  /** Bytes still to transfer (0 once completed; the missing pages of a capped post-copy). */
  "remaining": number;
  /** Guest RAM in bytes. */
  "total": number;
  /** Zero pages sent (QEMU: pages found to hold one repeated byte). */
  "duplicate": number;
  /** Pages sent in full (not zero pages, nor pages XBZRLE sent as deltas). */
  "normal": number;
  /** `normal` x page size. */
  "normal-bytes": number;
  /** Throughput in Mbit/s over the transfer (total minus setup time). */
  "mbps": number;
  /**
   * Push rounds (under `preset: "qemu"`, the intervals between bitmap syncs). QEMU's
   * own `dirty-sync-count` also counts its setup sync and its completion sync.
   */
  "dirty-sync-count": number;
  /** Post-copy page requests (remote faults). */
  "postcopy-requests": number;
  /** Bytes per page. */
  "page-size": number;
  /** Bytes sent in the pre-copy (live) phase. */
  "precopy-bytes": number;
  /** Bytes sent while the guest was paused. */
  "downtime-bytes": number;
  /** Bytes sent in the post-copy phase. */
  "postcopy-bytes": number;
}

/** A `query-migrate` reply (`MigrationInfo` in `qapi/migration.json`); times in milliseconds. */
export interface QueryMigrateInfo {
  /**
   * `"completed"`; `"postcopy-active"` when a cap left pages missing; `"cancelled"` when a
   * controller aborted the migration (`stopReason: "aborted"`: the VM stayed at the source,
   * as after QEMU's `migrate_cancel`).
   */
  "status": "completed" | "postcopy-active" | "cancelled";
  /** Milliseconds from the start to the end, setup included. */
  "total-time": number;
  /** Milliseconds the guest was paused. */
  "downtime": number;
  /** Milliseconds of setup. */
  "setup-time": number;
  /** RAM statistics. */
  "ram": QueryMigrateRam;
}

/**
 * Converts a migration result to the field names and units of QEMU's
 * `query-migrate`, so that simulated and real runs sit side by side. Times are in
 * milliseconds and not rounded (QEMU reports whole milliseconds).
 *
 * @param result A migration result (any technique or fidelity).
 * @param vm The VM that migrated (for page size and RAM size).
 * @returns The `query-migrate` reply QEMU would have given.
 *
 * @example Offline migration of 16 pages
 * ```ts
 * import { simulateOffline, toQueryMigrate } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const vm = { pageCount: 16, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" as const } };
 * const r = simulateOffline(vm, { bandwidthBytesPerSecond: 65536 }, { seed: 1 });
 * const q = toQueryMigrate(r, vm);
 * assert.equal(q["total-time"], 1000);
 * assert.equal(q.downtime, 1000);
 * assert.equal(q.ram.transferred, 65536);
 * assert.equal(q.ram.normal, 16);
 * assert.equal(q.ram["downtime-bytes"], 65536);
 * ```
 */
export function toQueryMigrate(result: MigrationResult, vm: VmSpec): QueryMigrateInfo {
  object("convert to query-migrate", "result", result);
  object("convert to query-migrate", "vm", vm);
  const action = "convert to query-migrate";
  for (
    const key of [
      "totalSeconds",
      "setupSeconds",
      "downtimeSeconds",
      "pagesSent",
      "zeroPagesSent",
      "pagesMissing",
      "bytesSent",
      "remoteFaults",
      "liveBytesSent",
      "stopAndCopyBytesSent",
      "pullBytesSent",
    ] as const
  ) nonNegative(action, `result.${key}`, result[key]);
  array(action, "result.roundRows", result.roundRows).forEach((r, i) =>
    object(action, `result.roundRows[${i}]`, r)
  );
  positive(action, "vm.pageSizeBytes", vm.pageSizeBytes);
  nonNegative(action, "vm.pageCount", vm.pageCount);
  const transferSeconds = result.totalSeconds - result.setupSeconds;
  // Pages XBZRLE sent as deltas are not sent in full (QEMU counts them in its
  // `xbzrle-cache` statistics, not in `normal`): a hit that did not overflow.
  const xbzrle = result.mechanisms?.xbzrle;
  const deltaPages = xbzrle ? xbzrle.cacheHits - xbzrle.overflows : 0;
  const normal = result.pagesSent - result.zeroPagesSent - deltaPages;
  return {
    "status": result.stopReason === "aborted"
      ? "cancelled"
      : result.pagesMissing > 0
      ? "postcopy-active"
      : "completed",
    "total-time": result.totalSeconds * 1000,
    "downtime": result.downtimeSeconds * 1000,
    "setup-time": result.setupSeconds * 1000,
    "ram": {
      "transferred": result.bytesSent,
      "remaining": result.pagesMissing * vm.pageSizeBytes,
      "total": vm.pageCount * vm.pageSizeBytes,
      "duplicate": result.zeroPagesSent,
      "normal": normal,
      "normal-bytes": normal * vm.pageSizeBytes,
      "mbps": transferSeconds > 0 ? (result.bytesSent * 8) / transferSeconds / 1e6 : 0,
      "dirty-sync-count": result.roundRows.filter((r) => r.phase === "push").length,
      "postcopy-requests": result.remoteFaults,
      "page-size": vm.pageSizeBytes,
      "precopy-bytes": result.liveBytesSent,
      "downtime-bytes": result.stopAndCopyBytesSent,
      "postcopy-bytes": result.pullBytesSent,
    },
  };
}
