import { object, oneOf } from "../_validate.ts";
import type { Seed } from "../random/prng.ts";
import type { LinkSpec } from "./link_spec.ts";
import type { MigrationResult } from "./result.ts";
import { validateLink, validateVm } from "./validate.ts";
import type { VmSpec } from "./vm_spec.ts";

/** Options of {@link closedFormPostCopy}. */
export interface ClosedFormPostCopyOptions {
  /**
   * Seed recorded in the result (closed forms draw nothing).
   * @default {0}
   */
  seed?: Seed;
  /**
   * Fetch variant. Only variants with active push have this closed form; on-demand
   * fetching (`"demand"`) depends on the access stream and is rejected.
   * @default {"active-push"}
   */
  fetch?: "active-push" | "prepaging";
  /**
   * Label of the variant in results (the simulator's default).
   * @default {`post-copy/${fetch}`}
   */
  label?: string;
}

const ACTION = "compute the post-copy closed form";
const FETCHES = ["active-push", "prepaging"] as const;

/**
 * Computes post-copy migration with active push (Hines & Gopalan 2009, "Post-copy
 * based live virtual machine migration using adaptive pre-paging and dynamic
 * self-ballooning", VEE) in closed form, with the simulator's conventions.
 *
 * The VM pauses at the source and its state is sent; it resumes at the destination
 * when the state lands: downtime `d = stateBytes / R + L`. From then on the link
 * sends every page exactly once, faulted pages first and pushed pages otherwise;
 * it never idles while a page is unsent, so the last page leaves at
 * `d + P (S + o) / R` and lands one latency later:
 * total `= d + P (S + o) / R + L`, `pagesSent = P`. This is exact whatever the
 * faults do (they reorder the pages, not their number or the link's busy time),
 * with `R = min(bandwidth, cap)`, `P` pages of `S` bytes and per-page overhead `o`.
 * The simulator's caps (`maxSeconds`) are not modelled. Faults and stalls depend on
 * the access stream, so `remoteFaults` and `stallSeconds` are reported as 0 (not
 * modelled), as are the pull round's `writes` and `pagesDirtied`.
 *
 * @param vm The VM to migrate.
 * @param link The link it crosses.
 * @param options Fetch variant, label and seed.
 * @returns The migration result: a stop-and-copy round (the state) and a pull
 * round (the pages), with `fidelity: "closed-form"`.
 *
 * @example 1000 pages of 1000 bytes over 1 MB/s with 0.1 s latency
 * ```ts
 * import { closedFormPostCopy } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const r = closedFormPostCopy(
 *   { pageCount: 1000, pageSizeBytes: 1000, stateBytes: 100_000,
 *     workload: { kind: "uniform", writesPerSecond: 100 } },
 *   { bandwidthBytesPerSecond: 1e6, latencySeconds: 0.1 },
 * );
 * assert.equal(r.downtimeSeconds, 0.2);
 * assert.equal(r.totalSeconds, 1.3);
 * assert.equal(r.pagesSent, 1000);
 * ```
 */
export function closedFormPostCopy(
  vm: VmSpec,
  link: LinkSpec,
  options: ClosedFormPostCopyOptions = {},
): MigrationResult {
  object(ACTION, "options", options);
  const { seed = 0, fetch = "active-push", label = `post-copy/${fetch}` } = options;
  validateVm(vm);
  validateLink(link);
  oneOf(ACTION, "options.fetch", fetch, FETCHES);
  const wirePageBytes = vm.pageSizeBytes + (link.pageOverheadBytes ?? 0);
  const bytesPerSecond = Math.min(
    link.bandwidthBytesPerSecond,
    link.maxBandwidthBytesPerSecond ?? Infinity,
  );
  const latency = link.latencySeconds ?? 0;
  const stateSeconds = vm.stateBytes / bytesPerSecond;
  const downtime = stateSeconds + latency;
  const pageBytes = vm.pageCount * wirePageBytes;
  const total = downtime + pageBytes / bytesPerSecond + latency;
  return {
    technique: "post-copy",
    label,
    fidelity: "closed-form",
    seed,
    totalSeconds: total,
    downtimeSeconds: downtime,
    bytesSent: vm.stateBytes + pageBytes,
    pagesSent: vm.pageCount,
    rounds: 2,
    converged: true,
    stopReason: "all-pages-received",
    remoteFaults: 0,
    stallSeconds: 0,
    pagesMissing: 0,
    roundRows: [
      {
        round: 1,
        phase: "stop-and-copy",
        startSeconds: 0,
        endSeconds: stateSeconds,
        pagesSent: 0,
        bytesSent: vm.stateBytes,
        pagesDirtied: 0,
        writes: 0,
      },
      {
        round: 2,
        phase: "pull",
        startSeconds: downtime,
        endSeconds: total,
        pagesSent: vm.pageCount,
        bytesSent: pageBytes,
        pagesDirtied: 0,
        writes: 0,
      },
    ],
    timeline: [
      { timeSeconds: 0, kind: "start", round: 0, host: "source" },
      { timeSeconds: 0, kind: "suspend", round: 1, host: "none" },
      { timeSeconds: downtime, kind: "resume", round: 1, host: "destination" },
      { timeSeconds: total, kind: "end", round: 0, host: "destination" },
    ],
  };
}
