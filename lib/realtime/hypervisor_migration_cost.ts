import { nonNegative, object, options as checkOptions } from "../_validate.ts";
import type { MigrationResult } from "../migration/result.ts";

/**
 * What a migration costs the embedded hypervisor that carries it out. The defaults
 * are assumptions, not measurements, for an embedded core of about 1 GHz: copying a
 * 4 KiB page into a send buffer with its dirty-log bookkeeping about 1 µs, and the
 * network stack about 1 ns per byte (1 GB/s per core).
 */
export interface HypervisorCostModel {
  /**
   * Processor seconds per page sent (copy, dirty-log and page-table work).
   * @default {1e-6}
   */
  cpuSecondsPerPage?: number;
  /**
   * Processor seconds per byte put on the wire (network stack, checksums).
   * @default {1e-9}
   */
  cpuSecondsPerByte?: number;
  /**
   * Bytes of send/receive buffer the hypervisor keeps per migration, besides the
   * dirty-page bitmap (one bit per page).
   * @default {65_536}
   */
  bufferBytes?: number;
}

/** The defaults of {@link HypervisorCostModel}, in one place. */
export const DEFAULT_HYPERVISOR_COST: Readonly<Required<HypervisorCostModel>> = Object.freeze({
  cpuSecondsPerPage: 1e-6,
  cpuSecondsPerByte: 1e-9,
  bufferBytes: 65_536,
});

/** What {@link hypervisorMigrationCost} returns. */
export interface HypervisorMigrationCost {
  /** Processor seconds the hypervisor spends on the migration (on each end). */
  cpuSeconds: number;
  /**
   * Share of the processor the hypervisor takes while the migration runs:
   * cpuSeconds / totalSeconds (0 for an instantaneous migration), at most 1.
   */
  processorShare: number;
  /** Hypervisor memory in bytes during the migration: dirty bitmap plus buffer. */
  memoryBytes: number;
}

/**
 * The hypervisor's processor time and memory for one migration, from the engine's
 * result (pages and bytes sent): cpuSeconds = pagesSent · cpuSecondsPerPage +
 * bytesSent · cpuSecondsPerByte, spent on the source (sending) and on the destination
 * (receiving) alike. This time is taken from the servers sharing those processors
 * (Groesbrink 2014 analyses this overhead of the migration in the hypervisor;
 * `planRealTimeMigrations` squeezes the servers by it).
 *
 * @param result A migration result (`migrate()`).
 * @param pageCount The VM's page count (for the one-bit-per-page dirty bitmap).
 * @param cost The cost model; missing fields take {@link DEFAULT_HYPERVISOR_COST}.
 * @returns Processor seconds, processor share and memory.
 * @throws {RangeError} If a cost field or the page count is negative or not finite.
 *
 * @example 256 pages of 4 KiB sent at 100 MB/s
 * ```ts
 * import { migrate } from "../../mod.ts";
 * import { hypervisorMigrationCost } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const image = { pageCount: 256, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" as const } };
 * const r = migrate(image, { bandwidthBytesPerSecond: 1e8 }, { technique: "offline", seed: 1 });
 * const cost = hypervisorMigrationCost(r, 256);
 * assert.ok(Math.abs(cost.cpuSeconds - (256e-6 + r.bytesSent * 1e-9)) < 1e-15);
 * assert.equal(cost.memoryBytes, 32 + 65_536);
 * assert.ok(Math.abs(cost.processorShare - cost.cpuSeconds / r.totalSeconds) < 1e-12);
 * ```
 */
export function hypervisorMigrationCost(
  result: MigrationResult,
  pageCount: number,
  cost: HypervisorCostModel = {},
): HypervisorMigrationCost {
  checkOptions("run hypervisorMigrationCost()", "cost", cost, [
    "bufferBytes",
    "cpuSecondsPerByte",
    "cpuSecondsPerPage",
  ]);
  const action = "compute the hypervisor's migration cost";
  object(action, "result", result);
  object(action, "cost", cost);
  const {
    cpuSecondsPerPage = DEFAULT_HYPERVISOR_COST.cpuSecondsPerPage,
    cpuSecondsPerByte = DEFAULT_HYPERVISOR_COST.cpuSecondsPerByte,
    bufferBytes = DEFAULT_HYPERVISOR_COST.bufferBytes,
  } = cost;
  nonNegative(action, "cost.cpuSecondsPerPage", cpuSecondsPerPage);
  nonNegative(action, "cost.cpuSecondsPerByte", cpuSecondsPerByte);
  nonNegative(action, "cost.bufferBytes", bufferBytes);
  nonNegative(action, "pageCount", pageCount);
  nonNegative(action, "result.pagesSent", result.pagesSent);
  nonNegative(action, "result.bytesSent", result.bytesSent);
  nonNegative(action, "result.totalSeconds", result.totalSeconds);
  const cpuSeconds = result.pagesSent * cpuSecondsPerPage + result.bytesSent * cpuSecondsPerByte;
  const processorShare = result.totalSeconds > 0
    ? Math.min(1, cpuSeconds / result.totalSeconds)
    : 0;
  return { cpuSeconds, processorShare, memoryBytes: Math.ceil(pageCount / 8) + bufferBytes };
}
