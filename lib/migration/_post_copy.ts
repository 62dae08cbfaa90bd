/**
 * The end of post-copy and hybrid migration: suspend, send the state, resume at the
 * destination and pull the rest. Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { type Context, stopAndCopy } from "./_context.ts";
import { buildResult, contextParts } from "./_result_builder.ts";
import { pullPhase } from "./_pull.ts";
import { type Bitset, createBitset } from "../bitset/bitset.ts";
import type { PostCopyFetch } from "./post_copy.ts";
import type { PerPageWorkload } from "../workload/_per_page.ts";
import type { MigrationResult, RoundRow, TimelineEvent } from "./result.ts";

/** What {@link resumeAndPull} needs besides the context. */
export interface PullSettings {
  /** How the source chooses pages. */
  fetch: PostCopyFetch;
  /** Cap on pull wall seconds. */
  maxSeconds: number;
  /** Cap on accesses processed. */
  maxEvents: number;
}

/**
 * Suspends the VM at `suspendSeconds` (which is also its execution time so far),
 * sends the state, resumes it at the destination and runs the pull phase. Pages not
 * in `missing` are already at the destination (all are missing when undefined).
 */
export function resumeAndPull(
  ctx: Context,
  rows: RoundRow[],
  timeline: TimelineEvent[],
  suspendSeconds: number,
  missing: Bitset | undefined,
  settings: PullSettings,
  execSeconds: number = suspendSeconds,
): MigrationResult {
  const downtime = stopAndCopy(ctx, undefined, 0, suspendSeconds, rows, timeline);
  const resume = suspendSeconds + downtime;
  const arrived = createBitset(ctx.pageCount);
  if (missing) {
    const a = arrived.words;
    const m = missing.words;
    for (let i = 0; i < a.length; i++) a[i] = ~m[i]!;
    const tail = ctx.pageCount & 31;
    if (tail !== 0) a[a.length - 1]! &= (1 << tail) - 1;
  }
  const checker = ctx.checker;
  if (checker !== undefined) {
    // What the push left at the destination must be current.
    const stale = checker.stale.countAnd(arrived);
    if (stale > 0) {
      throw new Error(
        `Checked ${ctx.technique} failed: ${stale} page(s) at the destination are stale when the VM resumes there`,
      );
    }
  }
  // The source's memory is frozen from the suspend: its zero pages then are the ones
  // the pull sends as a header only, pushed or faulted alike: in QEMU's
  // `migration/ram.c`, `ram_save_target_page` tries `save_zero_page` first for every
  // page, the background push's and those the destination requested
  // (`ram_save_queue_pages`), which sends RAM_SAVE_FLAG_ZERO and one byte; the
  // destination's `ram_load_postcopy` places it with `postcopy_place_page_zero`
  // (`migration/postcopy-ram.c`). A faulted zero page still costs the request and
  // the reply, one round trip, but header bytes only.
  const liveZero = ctx.workload.zeroPages;
  let zeroPages: Bitset | undefined;
  if (liveZero !== undefined) {
    zeroPages = createBitset(ctx.pageCount);
    zeroPages.copyFrom(liveZero);
  }
  const pullRate = ctx.link.bytesPerSecond("pull");
  const pull = pullPhase({
    pageCount: ctx.pageCount,
    wirePageBytes: ctx.wirePageBytes,
    bytesPerSecond: pullRate,
    zeroPages,
    zeroSlotSeconds: ctx.link.zeroPageWireBytes / pullRate + (ctx.link.zeroPageSeconds ?? 0),
    latencySeconds: ctx.latencySeconds,
    arrived,
    startSeconds: resume,
    startExecSeconds: execSeconds,
    workload: ctx.workload,
    fetch: settings.fetch,
    maxSeconds: settings.maxSeconds,
    maxEvents: settings.maxEvents,
    onEnd: checker && ((sent) => checker.sent(sent)),
  });
  const perPage = (ctx.workload as Partial<PerPageWorkload>).pullTail;
  if (perPage !== undefined) {
    // Per-page sampling yields first accesses only: the later ones of each touched
    // page, up to the execution time the pull ended at, are drawn here.
    const tail = perPage(pull.endSeconds - (resume - execSeconds) - pull.stallSeconds);
    pull.writes += tail.writes;
    pull.pagesDirtied += tail.pagesDirtied;
  }
  const batch = ctx.link.sendCounted("pull", pull.pagesSent, pull.zeroPagesSent, resume);
  rows.push({
    round: rows.length + 1,
    phase: "pull",
    startSeconds: resume,
    endSeconds: pull.endSeconds,
    pagesSent: pull.pagesSent,
    bytesSent: batch.bytes,
    pagesDirtied: pull.pagesDirtied,
    writes: pull.writes,
    zeroPagesSent: pull.zeroPagesSent,
  });
  checker?.verify(ctx.technique, pull.pagesMissing);
  const mech = ctx.mech;
  if (mech !== undefined) {
    // From the resume to the last page the VM exists only split across the hosts.
    const split = pull.endSeconds - resume;
    mech.report.splitSeconds = split;
    if (pull.stallSeconds > 0 && split > 0) {
      mech.report.guestSlowdownSeconds += pull.stallSeconds;
      mech.report.slowdown.push({
        startSeconds: resume + ctx.resumeSeconds,
        endSeconds: pull.endSeconds + ctx.resumeSeconds,
        runFraction: Math.max(0, 1 - pull.stallSeconds / split),
        cause: "post-copy-stalls",
      });
    }
  }
  return buildResult({
    ...contextParts(ctx),
    endSeconds: pull.endSeconds,
    downtimeSeconds: downtime,
    converged: pull.stopped === "all-pages-received",
    stopReason: pull.stopped,
    remoteFaults: pull.remoteFaults,
    stallSeconds: pull.stallSeconds,
    pagesMissing: pull.pagesMissing,
    rows,
    timeline,
    mechanisms: mech,
  });
}
