/**
 * QEMU's mid-pass live phase (`_qemu_push.ts`) from counts: the `"counts"` sampler
 * under `switchover: "mid-pass"`. Internal: not re-exported from `mod.ts`.
 *
 * QEMU's cursor sends dirty pages in memory order, so which runs a step's pages come
 * from depends on where pages lie. Memory is therefore kept as pieces in page order:
 * a piece is a stretch of one run of equal probability (a `pageOrderRun`) with a
 * count of pending (dirty-bitmap) pages, and the invariant that, given the count,
 * the pending pages of a piece are a uniformly random subset of its pages. It holds
 * at the start (every page pending) and is kept by the two things that happen:
 *
 * - A step sends the next `n` pending pages from the cursor. A piece passed whole
 *   becomes empty. In the piece where the step ends, with `p` pending of `L` pages
 *   and `j` of them sent, the cursor lands after the `j`-th pending page: the
 *   failures before it are negative hypergeometric, drawn as Binomial(L - p,
 *   Beta(j, p - j + 1)). The passed part is empty and the rest holds `p - j`
 *   pending pages, uniformly (the order statistics after the j-th are uniform).
 * - A bitmap sync adds the pages written since the last sync. Writes are Poisson
 *   and independent of what was sent, so in run `r` they hit a uniform random subset
 *   of `Binomial(pagesᵣ, 1 - exp(-λᵣ·T))` pages (`T` since the last sync); how many
 *   fall on the non-pending pages of each piece is a multivariate hypergeometric
 *   draw, piece by piece. Uniform additions to a uniform subset keep it uniform.
 *
 * Pieces are never finer than the steps and syncs made them, so the cost grows with
 * steps and syncs, not with pages or writes. A sync also draws the writes since the
 * last one given the pages they hit (each of the pages hit in run `r` received a
 * zero-truncated Poisson(λᵣ·T) count, one sum per run), and a row's `writes` adds
 * those of the syncs in its span (rows end at syncs), so that rows are exact jointly
 * with the pages dirtied. The write cap reads them only through the expectation (a
 * cap that can bind is ruled out by `chooseSampler` first).
 *
 * @module
 */
import type { Context } from "./_context.ts";
import type { CountsOutcome } from "./_counts_pre_copy.ts";
import { presetDowntimeLimitSeconds, presetMaxRounds } from "./presets.ts";
import type { RoundRow, StopReason, TimelineEvent } from "./result.ts";
import { MAX_PUSH_ROUNDS } from "./stop_rules.ts";
import { binomialUnchecked } from "../random/_binomial.ts";
import { failuresBeforeKth } from "../random/_beta_binomial.ts";
import { hypergeometricUnchecked } from "../random/_hypergeometric.ts";
import type { Prng } from "../random/prng.ts";
import { zeroTruncatedPoissonSum } from "../random/_zero_truncated_poisson.ts";
import { pageOrderRuns } from "../workload/page_order_runs.ts";
import type { WorkloadSpec } from "../workload/spec.ts";

/** A stretch of one run in page order, with its pending pages. */
interface Piece {
  run: number;
  pages: number;
  pending: number;
}

/** Runs QEMU's live phase from counts until the switch-over or a cap. */
export function countsQemuPush(
  ctx: Context,
  spec: WorkloadSpec,
  prng: Prng,
  rows: RoundRow[],
  timeline: TimelineEvent[],
  maxWrites: number,
): CountsOutcome {
  const { pageCount, pageSizeBytes, link, preset } = ctx;
  const runs = pageOrderRuns(spec, pageCount);
  const rate = ctx.workload.writesPerSecond;
  const runPages = runs.map((r) => r.pages);
  const perPage = runs.map((r) => (rate * r.writeShare) / r.pages);
  const limit = presetDowntimeLimitSeconds(preset);
  const maxSyncs = presetMaxRounds(preset, MAX_PUSH_ROUNDS);
  const window = preset.bandwidthWindowSeconds;
  const liveRate = link.bytesPerSecond("live");
  const wire = link.pageWireBytes;
  const stepSeconds = link.liveCapped ? window : preset.iterationSeconds;
  const stepPages = Math.max(1, Math.ceil((stepSeconds * liveRate) / wire));
  // Under a cap a step is the rest of the window's budget, sent at the rate with the
  // cap lifted, then the thread sleeps to the window's end (as in _qemu_push.ts).
  const burst = link.liveCapped ? link.bytesPerSecond("stop-and-copy") : liveRate;
  const windowPages = Math.max(1, Math.ceil((window * liveRate) / wire));
  // Pieces in page order from the cursor: pieces[0] starts at the cursor.
  let pieces: Piece[] = runs.map((r, run) => ({ run, pages: r.pages, pending: r.pages }));
  let pending = pageCount;
  let t = 0;
  let lastSync = 0;
  let threshold = 0;
  let windowStart = 0;
  let windowBytes = 0;
  let writesSoFar = 0;
  let rowWrites = 0; // drawn by the syncs since the row opened
  let rowStart = 0;
  let rowPages = 0;
  let syncs = 0;
  const hits = new Float64Array(runs.length);
  const unvisited = new Float64Array(runs.length);

  /**
   * A bitmap sync: draws the pages written since the last one per run and places
   * those that were not pending on the pieces (multivariate hypergeometric, piece by
   * piece, the pending pages of the run as the last category).
   */
  const sync = (): { dirtied: number; added: number } => {
    const span = t - lastSync;
    lastSync = t;
    let dirtied = 0;
    let added = 0;
    if (rate === 0 || !(span > 0)) return { dirtied, added };
    // Pages each run's writes hit (and the writes, given them), and the run's pages
    // not yet walked over.
    for (let r = 0; r < runs.length; r++) {
      const mean = perPage[r]! * span;
      const w = perPage[r] === 0 ? 0 : binomialUnchecked(prng, runPages[r]!, -Math.expm1(-mean));
      rowWrites += zeroTruncatedPoissonSum(prng, w, mean);
      hits[r] = w;
      unvisited[r] = runPages[r]!;
      dirtied += w;
    }
    for (const piece of pieces) {
      const r = piece.run;
      const w = hits[r]!;
      if (w === 0) continue;
      const free = piece.pages - piece.pending;
      const x = hypergeometricUnchecked(prng, unvisited[r]!, free, w);
      piece.pending += x;
      added += x;
      hits[r] = w - x;
      unvisited[r]! -= free;
    }
    return { dirtied, added };
  };

  /** Sends the next `n` pending pages from the cursor (n <= pending). */
  const step = (n: number): void => {
    let left = n;
    let i = 0;
    let cut: Piece[] | undefined;
    while (left > 0) {
      const piece = pieces[i]!;
      if (piece.pending < left) {
        left -= piece.pending;
        piece.pending = 0;
        i++;
        continue;
      }
      // The step ends in this piece, after its left-th pending page.
      const passed = left +
        failuresBeforeKth(prng, left, piece.pending, piece.pages - piece.pending);
      const rest: Piece = {
        run: piece.run,
        pages: piece.pages - passed,
        pending: piece.pending - left,
      };
      piece.pages = passed;
      piece.pending = 0;
      cut = rest.pages > 0 ? [rest] : [];
      left = 0;
    }
    // Rotate so that pieces[0] starts at the new cursor; merge neighbours of one
    // run that are both empty or both full (the uniform invariant holds for them).
    const order = [...(cut ?? []), ...pieces.slice(i + 1), ...pieces.slice(0, i + 1)];
    const merged: Piece[] = [];
    for (const p of order) {
      if (p.pages === 0) continue;
      const last = merged[merged.length - 1];
      if (
        last !== undefined && last.run === p.run &&
        ((last.pending === 0 && p.pending === 0) ||
          (last.pending === last.pages && p.pending === p.pages))
      ) {
        last.pages += p.pages;
        last.pending += p.pending;
      } else merged.push(p);
    }
    pieces = merged;
  };

  const openRow = () => {
    timeline.push({ timeSeconds: t, kind: "round-start", round: rows.length + 1, host: "source" });
  };
  const closeRow = (dirtied: number) => {
    const batch = link.sendCounted("live", rowPages, 0, rowStart);
    const writes = rowWrites;
    rowWrites = 0;
    writesSoFar += writes;
    rows.push({
      round: rows.length + 1,
      phase: "push",
      startSeconds: rowStart,
      endSeconds: t,
      pagesSent: rowPages,
      bytesSent: batch.bytes,
      pagesDirtied: dirtied,
      writes,
      zeroPagesSent: 0,
    });
    rowStart = t;
    rowPages = 0;
  };
  const finish = (stopReason: StopReason, converged: boolean): CountsOutcome => {
    // The completion's own bitmap sync (nothing new right after a sync).
    const last = sync();
    closeRow(last.dirtied);
    return { remainingPages: pending + last.added, endSeconds: t, stopReason, converged };
  };
  openRow();
  for (;;) {
    if (t >= windowStart + window) {
      threshold = (windowBytes / (t - windowStart)) * limit;
      windowStart = t;
      windowBytes = 0;
    }
    if (pending * pageSizeBytes < threshold) {
      // ram_state_pending_exact: sync the bitmap.
      const { dirtied, added } = sync();
      pending += added;
      syncs++;
      if (pending === 0 || pending * pageSizeBytes < threshold) {
        return finish("max-downtime", true);
      }
      closeRow(dirtied);
      if (syncs >= maxSyncs) return finish("max-rounds", false);
      openRow();
    } else if (pending === 0) {
      return finish("max-downtime", true);
    }
    const budgetPages = link.liveCapped
      ? Math.max(1, windowPages - Math.round(windowBytes / wire))
      : stepPages;
    const n = Math.min(budgetPages, pending);
    const upper = (n * wire) / burst + (link.liveCapped ? window : 0);
    // The open row's writes are not drawn yet: its expectation stands in (the cap
    // cannot bind when this sampler runs; see chooseSampler).
    if (writesSoFar + rate * (t - rowStart) + rate * upper > maxWrites) {
      return finish("event-cap", false);
    }
    step(n);
    pending -= n;
    const bytes = n * wire;
    t += bytes / burst;
    if (link.liveCapped && n === budgetPages && t < windowStart + window) {
      t = windowStart + window; // migration_rate_limit: the budget is spent
    }
    windowBytes += bytes;
    rowPages += n;
  }
}
