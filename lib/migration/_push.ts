/**
 * The iterative push phase shared by pre-copy, time-series pre-copy and hybrid.
 * Internal: not re-exported from `mod.ts`.
 *
 * Model (the dirty-log model of Xen and QEMU): round 1 sends every page. Each later
 * round sends the pages whose dirty bit was set when it started; the log is then
 * cleared, and the pages the VM writes while the round is sending (the VM runs, so
 * execution time equals wall time) are the next round's set. Pages leave back to
 * back through the link, so a round lasts its wire bytes / live bandwidth; rounds
 * follow each other with no gap and the latency of the link is paid once, when the
 * final round lands.
 *
 * With a preset whose `skipRedirtied` is set (Xen's `xc_domain_save`), rounds after
 * the first go out in batches of `batchPages` sent pages; before each batch the
 * dirty log is peeked and a due page the VM has already dirtied again in this round
 * is skipped (it is in the next round's set anyway).
 *
 * @module
 */
import { finiteResult } from "../_validate.ts";
import type { Context } from "./_context.ts";
import { type Bitset, createBitset } from "../bitset/bitset.ts";
import type { RoundRow, StopReason, TimelineEvent } from "./result.ts";
import { compileStopRules, decideStop, meetsTarget } from "./_compiled_stop_rules.ts";
import { MAX_PUSH_ROUNDS, type RoundState, type StopRule } from "./stop_rules.ts";
import { TEST_HOOKS } from "./_test_hooks.ts";
import type { PerPageWorkload } from "../workload/_per_page.ts";

/** Default cap on page writes simulated in one migration. */
export const DEFAULT_MAX_WRITES = 1e9;

/**
 * Seconds that `rounds` push rounds of every page take at most at the live rate. A
 * bound that overflows (a bandwidth of 1e-310) is a RangeError naming the VM's and the
 * link's fields it comes from, not the sampler's own parameters.
 */
export function pushSecondsBound(
  pageCount: number,
  wirePageBytes: number,
  bytesPerSecond: number,
  rounds: number,
): number {
  return finiteResult(
    "migrate",
    "the push phase's seconds bound",
    (rounds * pageCount * wirePageBytes) / bytesPerSecond,
    "vm.pageCount, vm.pageSizeBytes, link.pageOverheadBytes, link.bandwidthBytesPerSecond and link.maxBandwidthBytesPerSecond",
  );
}

/** Decides which pages of a round's set to hold back (time-series pre-copy). */
export interface Withholder {
  /**
   * Called before push round `round` (1-based) with the pages due; clears from
   * `toSend` the pages to hold back and returns how many it cleared.
   */
  withhold(round: number, toSend: Bitset): number;
  /**
   * Adds to `into` the pages the last `withhold` cleared; returns how many of them
   * `into` did not hold.
   */
  restore(into: Bitset): number;
  /** Called after each push round with the pages dirtied during it. */
  record(dirtied: Bitset): void;
  /**
   * Pages of `due` that the next round would send (those it would not withhold);
   * when given, the stop rules' page-count tests read it (`pagesToSendNextRound`).
   * The next `withhold` gets the same set, unchanged, and may reuse this pass.
   */
  sendable?(due: Bitset): number;
}

/** What the push phase leaves behind. */
export interface PushOutcome {
  /** Pages still to send (dirty or withheld), owned by the caller. */
  remaining: Bitset;
  /** Wall and execution time at the end of the last push round. */
  endSeconds: number;
  /** Why it stopped. */
  stopReason: StopReason;
  /** Whether it met a target. */
  converged: boolean;
  /** Guest execution time at the end when mechanisms slowed the guest (else `endSeconds`). */
  execSeconds?: number;
}

/** Runs push rounds until a stop rule holds or `maxRounds` rounds ran. */
export function pushRounds(
  ctx: Context,
  rulesIn: readonly StopRule[],
  rows: RoundRow[],
  timeline: TimelineEvent[],
  maxWrites: number,
  withholder?: Withholder,
): PushOutcome {
  const { pageCount, wirePageBytes, bytesPerSecond, workload, link, checker, preset, mech } = ctx;
  let rules = rulesIn;
  if (mech?.stepsDowntime) rules = rules.filter((r) => r.kind !== "max-downtime");
  if (mech !== undefined && preset.skipRedirtied) {
    throw new TypeError(
      `Cannot migrate as options.mechanisms is not modelled with preset "${preset.name}" (it skips re-dirtied pages): current value is ${
        JSON.stringify(mech.report.enabled)
      }`,
    );
  }
  let writesPerDirty = 1;
  const addedPages = (workload as Partial<PerPageWorkload>).addedPages;
  let toSend = createBitset(pageCount);
  let dirty = createBitset(pageCount);
  const compiled = compileStopRules(rules);
  const skipRedirtied = preset.skipRedirtied;
  const forgetWithheld = TEST_HOOKS.forgetWithheld;
  toSend.fill();
  let due = pageCount;
  let t = 0;
  let writesSoFar = 0;
  let bytesSoFar = 0;
  for (let round = 1;; round++) {
    let heldPages = 0;
    if (withholder) {
      heldPages = withholder.withhold(round, toSend);
    }
    // The due set is the last round's remaining set, already counted, less the pages
    // the withholder cleared from it.
    let pages = due - heldPages;
    if (pages === 0 && heldPages > 0) {
      // Every due page is predicted high-dirty: only the final round is left. It
      // converged only if what is left meets a target rule.
      if (!forgetWithheld) withholder!.restore(toSend);
      const converged = meetsTarget(
        compiled,
        heldPages,
        wirePageBytes,
        bytesPerSecond,
        withholder?.sendable ? 0 : heldPages,
      ) !== undefined;
      return { remaining: toSend, endSeconds: t, stopReason: "withheld", converged };
    }
    const upperSeconds = (pages * wirePageBytes) / bytesPerSecond;
    if (writesSoFar + workload.writesPerSecond * upperSeconds > maxWrites) {
      if (heldPages > 0 && !forgetWithheld) withholder!.restore(toSend);
      return {
        remaining: toSend,
        endSeconds: t,
        stopReason: "event-cap",
        converged: false,
      };
    }
    timeline.push({
      timeSeconds: t,
      kind: "round-start",
      round: rows.length + 1,
      host: "source",
    });
    let writes: number;
    let seconds: number;
    let skipped = 0;
    if (skipRedirtied && round > 1) {
      const r = skippingRound(ctx, toSend, dirty, t, preset.batchPages);
      writes = r.writes;
      skipped = r.skipped;
      pages -= skipped;
      seconds = r.seconds;
    } else {
      seconds = 0;
      writes = 0;
    }
    const batch = mech === undefined
      ? link.sendPages("live", toSend, pages, t)
      : mech.sendLive(link, toSend, pages, round, t, workload.zeroPages, writesPerDirty);
    checker?.sent(toSend);
    if (!(skipRedirtied && round > 1)) {
      seconds = batch.seconds;
      if (mech === undefined) writes = workload.write(t, t + seconds, dirty);
      else {
        const e = mech.execSeconds;
        writes = workload.write(e, e + mech.exec(t, seconds), dirty);
      }
    }
    checker?.dirtied(dirty);
    writesSoFar += writes;
    withholder?.record(dirty);
    // The per-page sampler counts the pages it marks (dirty starts each round empty;
    // Xen's skipping round writes more than once).
    const dirtied = addedPages !== undefined && !(skipRedirtied && round > 1)
      ? addedPages()
      : dirty.count();
    // Next set: pages dirtied now, plus pages held back this round (pages Xen's round
    // skipped are in `dirty` already).
    const remaining = heldPages > 0 && !forgetWithheld
      ? dirtied + withholder!.restore(dirty)
      : dirtied;
    rows.push({
      round: rows.length + 1,
      phase: "push",
      startSeconds: t,
      endSeconds: t + seconds,
      pagesSent: pages,
      bytesSent: batch.bytes,
      pagesDirtied: dirtied,
      writes,
      zeroPagesSent: batch.zeroPages,
    });
    t += seconds;
    bytesSoFar += batch.bytes;
    const next = dirty;
    dirty = toSend;
    dirty.clear();
    toSend = next;
    due = remaining;
    if (skipRedirtied && remaining === 0) {
      return { remaining: toSend, endSeconds: t, stopReason: "dirty-pages-below", converged: true };
    }
    const state: RoundState = {
      round,
      bytesSent: bytesSoFar,
      memoryBytes: ctx.memoryBytes,
      // Xen's xc_domain_save tests the pages sent plus skipped in the last round.
      dirtyPages: skipRedirtied ? pages + skipped : remaining,
      pagesSentLastRound: pages,
      pagesDirtiedLastRound: dirtied,
      wirePageBytes,
      bytesPerSecond,
    };
    if (withholder?.sendable) state.pagesToSendNextRound = withholder.sendable(toSend);
    if (mech !== undefined) {
      if (dirtied > 0) writesPerDirty = mech.writesPerDirtyPage = writes / dirtied;
      const out = mechanismStop(ctx, mech, t, dirtied, batch.bytes, remaining, round);
      if (out !== undefined) return { ...out, remaining: toSend };
    }
    const stop = decideStop(compiled, state, MAX_PUSH_ROUNDS);
    if (stop && mech?.m.postCopySwitch !== undefined && !stop.converged) {
      // Pre-copy stopped converging: switch to post-copy instead of a long pause.
      return {
        remaining: toSend,
        endSeconds: t,
        stopReason: "post-copy",
        converged: false,
        execSeconds: mech.execSeconds,
      };
    }
    if (stop) {
      return {
        remaining: toSend,
        endSeconds: t,
        stopReason: stop.reason,
        converged: stop.converged,
        ...(mech === undefined ? {} : { execSeconds: mech.execSeconds }),
      };
    }
  }
}

/**
 * The mechanisms' decisions at a sync (end of a push round, or a QEMU bitmap sync)
 * at wall time `t`: the controller's stepped downtime limit (converged when the
 * pages left and the state fit it), then the throttle trigger, the post-copy
 * switch and the completion timeout. Returns the outcome without `remaining`, or
 * undefined to go on.
 */
export function mechanismStop(
  ctx: Context,
  mech: NonNullable<Context["mech"]>,
  t: number,
  dirtiedPages: number,
  sentBytes: number,
  remainingPages: number,
  _pass: number,
): Omit<PushOutcome, "remaining"> | undefined {
  if (mech.stepsDowntime) {
    const limit = mech.downtimeLimit(t, Infinity);
    mech.report.downtimeLimitSeconds = limit;
    const final = ctx.link.bytesPerSecond("stop-and-copy");
    const predicted = (remainingPages * ctx.wirePageBytes + ctx.stateBytes) / final +
      ctx.latencySeconds;
    if (predicted <= limit) {
      return {
        endSeconds: t,
        stopReason: "max-downtime",
        converged: true,
        execSeconds: mech.execSeconds,
      };
    }
  }
  const decision = mech.sync(t, dirtiedPages * ctx.pageSizeBytes, sentBytes, remainingPages);
  if (decision === undefined) return undefined;
  return { endSeconds: t, stopReason: decision, converged: false, execSeconds: mech.execSeconds };
}

/**
 * One live round of Xen's `xc_domain_save` with re-dirtied pages skipped: batches
 * of `batchPages` sent pages, the dirty log peeked before each. Clears skipped
 * pages from `toSend`; writes of the round land in `dirty`.
 */
function skippingRound(
  ctx: Context,
  toSend: Bitset,
  dirty: Bitset,
  start: number,
  batchPages: number,
): { seconds: number; writes: number; skipped: number } {
  const { workload, wirePageBytes, bytesPerSecond } = ctx;
  const tPage = wirePageBytes / bytesPerSecond;
  const words = toSend.words;
  let sent = 0;
  let skipped = 0;
  let inBatch = 0;
  let written = start;
  let writes = 0;
  for (let i = 0; i < words.length; i++) {
    let word = words[i]!;
    while (word !== 0) {
      const low = word & -word;
      const page = (i << 5) + 31 - Math.clz32(low);
      word ^= low;
      if (inBatch === 0) {
        const now = start + sent * tPage;
        writes += workload.write(written, now, dirty);
        written = now;
      }
      if (dirty.has(page)) {
        words[i]! &= ~low;
        skipped++;
      } else {
        sent++;
        if (++inBatch === batchPages) inBatch = 0;
      }
    }
  }
  const end = start + sent * tPage;
  writes += workload.write(written, end, dirty);
  return { seconds: end - start, writes, skipped };
}
