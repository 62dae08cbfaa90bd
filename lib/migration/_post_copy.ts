/**
 * The end of post-copy and hybrid migration: suspend, send the state, resume at the
 * destination and pull the rest. Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import type { Seed } from "../random/prng.ts";
import { type Context, stopAndCopy, totals } from "./_context.ts";
import { pullPhase } from "./_pull.ts";
import { type Bitset, createBitset } from "../bitset/bitset.ts";
import type { PostCopyFetch } from "./post_copy.ts";
import type { MigrationResult, RoundRow, TechniqueName, TimelineEvent } from "./result.ts";

/** What {@link resumeAndPull} needs besides the context. */
export interface PullSettings {
  /** Technique reported in the result. */
  technique: TechniqueName;
  /** Label reported in the result. */
  label: string;
  /** Seed reported in the result. */
  seed: Seed;
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
): MigrationResult {
  const downtime = stopAndCopy(ctx, 0, suspendSeconds, rows, timeline);
  const resume = suspendSeconds + downtime;
  const arrived = createBitset(ctx.pageCount);
  if (missing) {
    const a = arrived.words;
    const m = missing.words;
    for (let i = 0; i < a.length; i++) a[i] = ~m[i]!;
    const tail = ctx.pageCount & 31;
    if (tail !== 0) a[a.length - 1]! &= (1 << tail) - 1;
  }
  const pull = pullPhase({
    pageCount: ctx.pageCount,
    wirePageBytes: ctx.wirePageBytes,
    bytesPerSecond: ctx.bytesPerSecond,
    latencySeconds: ctx.latencySeconds,
    arrived,
    startSeconds: resume,
    startExecSeconds: suspendSeconds,
    workload: ctx.workload,
    fetch: settings.fetch,
    maxSeconds: settings.maxSeconds,
    maxEvents: settings.maxEvents,
  });
  rows.push({
    round: rows.length + 1,
    phase: "pull",
    startSeconds: resume,
    endSeconds: pull.endSeconds,
    pagesSent: pull.pagesSent,
    bytesSent: pull.pagesSent * ctx.wirePageBytes,
    pagesDirtied: pull.pagesDirtied,
    writes: pull.writes,
  });
  timeline.push({
    timeSeconds: pull.endSeconds,
    kind: "end",
    round: 0,
    host: "destination",
  });
  return {
    technique: settings.technique,
    label: settings.label,
    fidelity: "page",
    seed: settings.seed,
    totalSeconds: pull.endSeconds,
    downtimeSeconds: downtime,
    ...totals(rows),
    rounds: rows.length,
    converged: pull.stopped === "all-pages-received",
    stopReason: pull.stopped,
    remoteFaults: pull.remoteFaults,
    stallSeconds: pull.stallSeconds,
    pagesMissing: pull.pagesMissing,
    roundRows: rows,
    timeline,
  };
}
