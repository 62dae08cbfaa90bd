/**
 * Numbers every technique derives from a VM and a link, computed once.
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { createPrng, type Seed } from "../random/prng.ts";
import { createWorkload } from "../workload/create_workload.ts";
import type { Workload } from "../workload/workload.ts";
import type { LinkSpec } from "./link_spec.ts";
import type { RoundRow, TimelineEvent } from "./result.ts";
import { validateLink, validateVm } from "./validate.ts";
import type { VmSpec } from "./vm_spec.ts";

/** Derived numbers of one migration. */
export interface Context {
  /** Memory pages. */
  pageCount: number;
  /** Bytes per page. */
  pageSizeBytes: number;
  /** pageCount x pageSizeBytes. */
  memoryBytes: number;
  /** vCPU and device state bytes. */
  stateBytes: number;
  /** Bytes on the wire per page (page + overhead). */
  wirePageBytes: number;
  /** Migration bandwidth: min(link bandwidth, cap). */
  bytesPerSecond: number;
  /** One-way latency. */
  latencySeconds: number;
  /** The VM's running workload, on stream `createPrng(seed, "workload")`. */
  workload: Workload;
}

/** Validates the inputs and derives the context of a migration. */
export function createContext(vm: VmSpec, link: LinkSpec, seed: Seed): Context {
  validateVm(vm);
  validateLink(link);
  const prng = createPrng(seed, "workload");
  return {
    pageCount: vm.pageCount,
    pageSizeBytes: vm.pageSizeBytes,
    memoryBytes: vm.pageCount * vm.pageSizeBytes,
    stateBytes: vm.stateBytes,
    wirePageBytes: vm.pageSizeBytes + (link.pageOverheadBytes ?? 0),
    bytesPerSecond: Math.min(
      link.bandwidthBytesPerSecond,
      link.maxBandwidthBytesPerSecond ?? Infinity,
    ),
    latencySeconds: link.latencySeconds ?? 0,
    workload: createWorkload(vm.workload, vm.pageCount, prng),
  };
}

/**
 * Appends the stop-and-copy round that starts at `startSeconds` with the VM paused:
 * `pages` pages and the state go out back to back and the last byte lands one
 * latency later. Returns the downtime.
 */
export function stopAndCopy(
  ctx: Context,
  pages: number,
  startSeconds: number,
  rows: RoundRow[],
  timeline: TimelineEvent[],
): number {
  const bytes = pages * ctx.wirePageBytes + ctx.stateBytes;
  const sendSeconds = bytes / ctx.bytesPerSecond;
  const downtime = sendSeconds + ctx.latencySeconds;
  const round = rows.length + 1;
  rows.push({
    round,
    phase: "stop-and-copy",
    startSeconds,
    endSeconds: startSeconds + sendSeconds,
    pagesSent: pages,
    bytesSent: bytes,
    pagesDirtied: 0,
    writes: 0,
  });
  timeline.push(
    { timeSeconds: startSeconds, kind: "suspend", round, host: "none" },
    {
      timeSeconds: startSeconds + downtime,
      kind: "resume",
      round,
      host: "destination",
    },
  );
  return downtime;
}

/** Sums pages and bytes over round rows. */
export function totals(
  rows: RoundRow[],
): { pagesSent: number; bytesSent: number } {
  let pagesSent = 0;
  let bytesSent = 0;
  for (const r of rows) {
    pagesSent += r.pagesSent;
    bytesSent += r.bytesSent;
  }
  return { pagesSent, bytesSent };
}
