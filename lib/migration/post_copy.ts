import { integer, oneOf, positive, requiredOptions } from "../_validate.ts";
import { TECHNIQUE_OPTION_NAMES } from "./_option_names.ts";

import { createContext } from "./_context.ts";
import type { BaseMigrationOptions } from "./base_options.ts";
import { resumeAndPull } from "./_post_copy.ts";
import type { LinkSpec } from "./link_spec.ts";
import type { MigrationResult, RoundRow, TimelineEvent } from "./result.ts";
import type { VmSpec } from "./vm_spec.ts";
import { chooseSampler, type SamplerOption } from "./sampler.ts";

/**
 * How the source chooses the pages of the pull phase (Hines & Gopalan 2009):
 *
 * - `"demand"`: only faulted pages are sent (pure demand paging).
 * - `"active-push"`: faulted pages first; otherwise the link pushes unsent pages in
 *   increasing page order.
 * - `"prepaging"`: like active-push, but the push "bubbles" around the most recent
 *   fault: pages pivot+1, pivot-1, pivot+2, pivot-2, ... (skipping sent pages),
 *   continuing one way when the other reaches the end of memory. Before the first
 *   fault it sends the lowest unsent page.
 */
export type PostCopyFetch = "demand" | "active-push" | "prepaging";

/** Every {@link PostCopyFetch} variant. */
export const POST_COPY_FETCHES: readonly PostCopyFetch[] = [
  "demand",
  "active-push",
  "prepaging",
];

/** Default of {@link PostCopyOptions.maxSeconds}: one hour of pull. */
export const POST_COPY_MAX_SECONDS = 3600;

/** Default of {@link PostCopyOptions.maxEvents}: 100 million accesses. */
export const POST_COPY_MAX_EVENTS = 100_000_000;

/** Options of {@link simulatePostCopy}. */
export interface PostCopyOptions extends BaseMigrationOptions {
  /**
   * How the source chooses pages.
   * @default {"active-push"}
   */
  fetch?: PostCopyFetch;
  /**
   * Wall seconds of pull (from the resume) after which the simulation stops with
   * `stopReason: "time-cap"` if some page has not arrived. A stall in progress at the
   * cap is completed.
   * @default {3600}
   */
  maxSeconds?: number;
  /**
   * Accesses of the VM processed during the pull after which the simulation stops
   * with `stopReason: "event-cap"`.
   * @default {100_000_000}
   */
  maxEvents?: number;
  /**
   * How the workload's accesses are drawn (see `SamplerOption`): `"per-write"` draws
   * every access; `"per-page"` only each page's first access (the later ones cannot
   * fault), with the pull's writes and pages dirtied drawn exactly at the end, at a
   * cost that grows with the pages touched (an error names this field where it is not
   * exact: traces, phased mixes, mechanisms, an access cap that can bind); `"auto"`
   * picks `"per-page"` where it is exact. The result's `sampler` records which ran.
   * @default {"auto"}
   */
  sampler?: SamplerOption;
}

/**
 * Simulates post-copy migration (Hines & Gopalan 2009) at page granularity: the VM
 * moves first, its memory follows.
 *
 * The model, with R = min(bandwidthBytesPerSecond, maxBandwidthBytesPerSecond),
 * L = latencySeconds and tPage = (pageSizeBytes + pageOverheadBytes) / R:
 *
 * 1. Stop-and-copy (round 1). At t = 0 the VM is suspended and its state
 *    (`stateBytes`) is sent; it arrives at d = stateBytes / R + L, when the VM
 *    resumes at the destination. Downtime is exactly d.
 * 2. Pull (round 2). From d, one FIFO sender at rate R sends pages, each exactly
 *    once; a page arrives L after its last byte is sent. What it sends depends on
 *    {@link PostCopyFetch}. The VM runs its access stream from execution time 0
 *    (it did not run while paused). An access to a page that has arrived costs
 *    nothing. Any other access is a remote fault, counted in `remoteFaults`, and the
 *    vCPU stalls (wall time runs, execution time does not) until the page arrives:
 *    - if the page was already sent and is in flight, the VM just waits for it (no
 *      request is sent);
 *    - otherwise a request reaches the source L later; if the push sent the page in
 *      the meantime the VM waits for that copy, else the page takes the link as soon
 *      as the page in flight is finished (requests pre-empt the push between pages,
 *      and a request arriving exactly at a page boundary takes the next slot) and
 *      arrives tPage + L after that. With `"prepaging"` the request makes the page
 *      the new pivot.
 *    `stallSeconds` is the sum of the stalls.
 * 3. The migration ends when every page has arrived: `totalSeconds` is the last
 *    arrival, `pagesSent = pageCount`, `bytesSent = stateBytes + pageCount x
 *    wirePage`, `stopReason: "all-pages-received"`. With a push the link never
 *    idles, so the total is d + pageCount x tPage + L whatever the VM does.
 *
 * Caps: when the last page has not arrived `maxSeconds` after the resume, or after
 * `maxEvents` accesses, the run stops with `stopReason: "time-cap"` (or
 * `"event-cap"`), `converged: false`, `totalSeconds` at the cap and `pagesMissing`
 * the pages never sent. `"demand"` on a VM that never touches some pages always
 * ends this way.
 *
 * Zero pages (`vm.workload.zeroPages`): the source's memory is frozen from the
 * suspend, and a page that is all zeros then is sent as a header only (the link's
 * `zeroPageWireBytes`), pushed or faulted alike: its slot takes
 * `tZero = zeroPageWireBytes / R + zeroPageSeconds` instead of tPage, so the total
 * with a push is d + (pageCount - Z) tPage + Z tZero + L for Z zero pages, and a
 * zero-page fault on an idle link stalls L + tZero + L (QEMU's post-copy sends a
 * zero page with `RAM_SAVE_FLAG_ZERO` from `save_zero_page` in `migration/ram.c`,
 * pushed or requested, and the destination places it with
 * `postcopy_place_page_zero` in `migration/postcopy-ram.c`).
 *
 * The timeline is start (0), suspend (0, round 1), resume (d, round 1), end. Time
 * advances by exact intervals; nothing is allocated per page or per access. Under a
 * preset with `capSemantics: "live-only"` (QEMU) the pull runs at the full link
 * bandwidth.
 *
 * @param vm The VM to migrate.
 * @param link The link it crosses.
 * @param options The seed, fetch variant, caps and label.
 * @returns The migration result (`technique: "post-copy"`, `fidelity: "page"`).
 *
 * @example An idle VM with active push: downtime is the state, total adds every page
 * ```ts
 * import { simulatePostCopy } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const r = simulatePostCopy(
 *   { pageCount: 1024, pageSizeBytes: 4096, stateBytes: 65536, workload: { kind: "idle" } },
 *   { bandwidthBytesPerSecond: 2 ** 27, latencySeconds: 0.001 },
 *   { seed: 1 },
 * );
 * assert.equal(r.downtimeSeconds, 65536 / 2 ** 27 + 0.001);
 * assert.equal(r.totalSeconds, r.downtimeSeconds + 1024 * (4096 / 2 ** 27) + 0.001);
 * assert.equal(r.pagesSent, 1024);
 * assert.equal(r.remoteFaults, 0);
 * assert.equal(r.stopReason, "all-pages-received");
 * ```
 *
 * @example Zero pages travel as a header only: all zero, bytes are the headers plus the state
 * ```ts
 * import { simulatePostCopy } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const r = simulatePostCopy(
 *   { pageCount: 1024, pageSizeBytes: 4096, stateBytes: 65536,
 *     workload: { kind: "idle", zeroPages: { initialShare: 1 } } },
 *   { bandwidthBytesPerSecond: 2 ** 27, pageOverheadBytes: 8 },
 *   { seed: 1 },
 * );
 * assert.equal(r.bytesSent, 1024 * 8 + 65536);
 * assert.equal(r.zeroPagesSent, 1024);
 * ```
 *
 * @example Pure demand paging never finishes an idle VM
 * ```ts
 * import { simulatePostCopy } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const r = simulatePostCopy(
 *   { pageCount: 64, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" } },
 *   { bandwidthBytesPerSecond: 125e6 },
 *   { seed: 1, fetch: "demand", maxSeconds: 10 },
 * );
 * assert.equal(r.stopReason, "time-cap");
 * assert.equal(r.converged, false);
 * assert.equal(r.pagesMissing, 64);
 * assert.equal(r.totalSeconds, 10);
 * ```
 */
export function simulatePostCopy(
  vm: VmSpec,
  link: LinkSpec,
  options: PostCopyOptions,
): MigrationResult {
  requiredOptions("simulate post-copy", "options", options, TECHNIQUE_OPTION_NAMES["post-copy"]);
  const {
    fetch = "active-push",
    maxSeconds = POST_COPY_MAX_SECONDS,
    maxEvents = POST_COPY_MAX_EVENTS,
  } = options;
  const action = "simulate post-copy";
  oneOf(action, "options.fetch", fetch, POST_COPY_FETCHES);
  positive(action, "options.maxSeconds", maxSeconds);
  integer(action, "options.maxEvents", maxEvents, 0);
  const labelled = { ...options, label: options.label ?? `post-copy/${fetch}` };
  const probe = createContext("post-copy", vm, link, labelled, "counts");
  const pushSeconds = fetch === "demand"
    ? Infinity
    : vm.pageCount * probe.wirePageBytes / probe.link.bytesPerSecond("pull") +
      probe.latencySeconds;
  const sampler = chooseSampler(options.sampler, {
    technique: "post-copy",
    workload: vm.workload,
    pageCount: vm.pageCount,
    preset: probe.preset,
    checked: probe.checker !== undefined,
    mechanisms: probe.mech !== undefined,
    maxWrites: undefined,
    liveSecondsBound: 0,
    pull: { maxEvents, execSecondsBound: Math.min(maxSeconds, pushSeconds) },
  });
  const ctx = createContext("post-copy", vm, link, labelled, sampler);
  const rows: RoundRow[] = [];
  const timeline: TimelineEvent[] = [
    { timeSeconds: 0, kind: "start", round: 0, host: "source" },
  ];
  const result = resumeAndPull(ctx, rows, timeline, 0, undefined, { fetch, maxSeconds, maxEvents });
  if (sampler !== "per-write") result.sampler = sampler;
  return result;
}
