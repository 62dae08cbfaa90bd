/**
 * QEMU's live phase: one cursor walking the dirty bitmap, the switch-over decided
 * during a pass. Internal: not re-exported from `mod.ts`.
 *
 * What QEMU does (github.com/qemu/qemu, 7.2 to current):
 *
 * - Setup marks every page dirty (`ram_save_setup` / `ram_init_bitmaps`, `migration/ram.c`).
 * - The migration thread loops on `migration_iteration_run` (`migration/migration.c`):
 *   the pending estimate is the dirty pages still in the bitmap times the page size
 *   (`ram_state_pending_estimate`), which includes the unsent rest of the current
 *   pass. When it is under `threshold_size` the bitmap is synced
 *   (`ram_state_pending_exact` calls `migration_bitmap_sync_precopy`, adding every page
 *   written since the last sync); if the pending size is then 0 or still under the
 *   threshold, `migration_completion` stops the guest. Otherwise `ram_save_iterate`
 *   sends dirty pages from where the cursor stopped, for at most `MAX_WAIT` (50 ms).
 * - `threshold_size` is the bandwidth measured over the last window of at least
 *   `BUFFER_DELAY` (100 ms) times `downtime-limit` (`migration_update_counters`); it is 0
 *   until the first window closes.
 * - The completion syncs the bitmap once more and sends what is dirty, and the
 *   device state, with the rate limit lifted.
 *
 * The model: pages leave from a cursor that wraps around memory; after every step of
 * `iterationSeconds` worth of bytes at the live rate (without a cap), or of the rest of
 * the window's budget (`max-bandwidth` x `bandwidthWindowSeconds`) when the cap binds,
 * or when the bitmap empties, the rule above
 * is applied with the measured bandwidth (wire bytes sent in the window / its
 * seconds). Each bitmap sync closes a push row (QEMU's `dirty-sync-count`); the final
 * remaining set is the bitmap plus the pages written since the last sync. Pages
 * compare by page size, as QEMU's pending size does; the threshold is in wire bytes.
 * Zero pages cost their wire bytes, not a page's. Under a cap, a step's bytes leave at
 * the link's rate with the cap lifted (`bytesPerSecond("stop-and-copy")` under
 * `"live-only"` semantics; the cap itself under `"all-phases"`), and once the window's
 * budget is used the thread sleeps to the window's end: `migration_rate_limit`
 * (`migration/migration.c`) waits `iteration_start_time + BUFFER_DELAY - now` when
 * `qemu_file_rate_limit` says the budget is spent. So a transfer smaller than a
 * window's budget (a fresh guest, the last step of a pass) is not stretched to the
 * cap, while a long one averages the cap.
 *
 * @module
 */
import type { Context } from "./_context.ts";
import type { PushOutcome } from "./_push.ts";
import { createBitset } from "./bitset.ts";
import { popcount } from "../bitset/_popcount.ts";
import { presetDowntimeLimitSeconds, presetMaxRounds } from "./presets.ts";
import type { RoundRow, TimelineEvent } from "./result.ts";
import { MAX_PUSH_ROUNDS } from "./stop_rules.ts";

/** Runs QEMU's live phase until the switch-over or a cap. */
export function qemuPush(
  ctx: Context,
  rows: RoundRow[],
  timeline: TimelineEvent[],
  maxWrites: number,
): PushOutcome {
  const { pageCount, pageSizeBytes, workload, link, checker, preset, mech } = ctx;
  const presetLimit = presetDowntimeLimitSeconds(preset);
  // XBZRLE: delta size from the writes per dirtied page of the last sync period.
  let deltaWire = 0;
  let deltaOverflow = false;
  const setDelta = (w: number) => {
    if (mech === undefined || !mech.xbzrle) return;
    const enc = mech.deltaEncodedBytes(w);
    deltaOverflow = enc > pageSizeBytes;
    deltaWire = link.pageWireBytes - pageSizeBytes + 3 + enc;
  };
  setDelta(1);
  const maxSyncs = presetMaxRounds(preset, MAX_PUSH_ROUNDS);
  const window = preset.bandwidthWindowSeconds;
  let rate = link.bytesPerSecond("live");
  const wire = link.pageWireBytes;
  const zeroWire = link.zeroPageWireBytes;
  const zeroScan = link.zeroPageSeconds ?? 0;
  const zero = workload.zeroPages;
  // ram_save_iterate returns after MAX_WAIT, or, when max-bandwidth binds, once the
  // window's budget (cap x BUFFER_DELAY) is sent; the thread then sleeps to the
  // window's end (migration_rate_limit). Either way the next check comes one step on.
  // QEMU's rate limit counts bytes (qemu_file_rate_limit against xfer_limit = cap /
  // XFER_LIMIT_RATIO in migration/qemu-file.c and migration/migration.c), so a step
  // is a byte budget: a zero page (header and one byte) barely uses it.
  const stepSeconds = link.liveCapped ? window : preset.iterationSeconds;
  let stepBytes = Math.max(wire, stepSeconds * rate);
  // Multifd packets (QEMU's multifd_send_pages and multifd_send_sync_main in
  // migration/multifd.c): the rate limit is charged a whole packet at a time, so a
  // capped window carries whole packets past its budget; the window still lasts its
  // length, so the rate rises. (The header per channel of each iteration's sync,
  // under 0.2 % of a window, is left out.)
  const packets = mech?.m.multifd?.packets;
  if (packets !== undefined && link.liveCapped) {
    const packet = packets.pages * wire;
    stepBytes = Math.ceil(stepBytes / packet) * packet;
    rate = stepBytes / stepSeconds;
  }
  // Under a cap: the rate of a step's burst (the cap lifted), then a sleep.
  const burst = link.liveCapped ? link.bytesPerSecond("stop-and-copy") : rate;
  // Without zero pages, XBZRLE or the checker every page costs `wire`, and a step is
  // the fewest pages whose wire bytes reach its budget (the loop below, counted at
  // once; exact while `wire` is an integer number of bytes); otherwise walk page by page.
  const plain = zero === undefined && mech === undefined && checker === undefined &&
    Number.isInteger(wire) && stepBytes < Number.MAX_SAFE_INTEGER;
  const bitmap = createBitset(pageCount);
  bitmap.fill();
  const written = createBitset(pageCount); // written since the last sync
  const words = bitmap.words;
  let pending = pageCount;
  let cursor = 0; // next page the scan looks at
  let t = 0;
  let threshold = 0; // bytes
  let windowStart = 0;
  let windowBytes = 0;
  let writesSoFar = 0;
  // The open row: since the last sync.
  let rowStart = 0;
  let rowPages = 0;
  let rowZero = 0;
  let rowWrites = 0;
  let rowDeltas = 0;
  let rowBytes = 0;
  let syncs = 0;
  const openRow = () => {
    timeline.push({ timeSeconds: t, kind: "round-start", round: rows.length + 1, host: "source" });
  };
  const closeRow = (dirtied: number) => {
    const batch = link.sendCounted("live", rowPages - rowDeltas, rowZero, rowStart);
    let bytes = batch.bytes;
    if (rowDeltas > 0) {
      const d = rowDeltas * deltaWire;
      link.sendMessage("live", d, rowStart);
      mech!.report.xbzrle!.deltaBytes += d;
      bytes += d;
    }
    rows.push({
      round: rows.length + 1,
      phase: "push",
      startSeconds: rowStart,
      endSeconds: t,
      pagesSent: rowPages,
      bytesSent: bytes,
      pagesDirtied: dirtied,
      writes: rowWrites,
      zeroPagesSent: rowZero,
    });
    rowStart = t;
    rowPages = 0;
    rowZero = 0;
    rowWrites = 0;
    rowDeltas = 0;
    rowBytes = 0;
  };
  const finish = (stopReason: PushOutcome["stopReason"], converged: boolean): PushOutcome => {
    closeRow(written.count());
    // The completion's own bitmap sync.
    const w = written.words;
    for (let i = 0; i < words.length; i++) words[i]! |= w[i]!;
    return { remaining: bitmap, endSeconds: t, stopReason, converged };
  };
  openRow();
  for (;;) {
    if (t >= windowStart + window) {
      const limit = mech === undefined ? presetLimit : mech.downtimeLimit(t, presetLimit);
      if (mech !== undefined) mech.report.downtimeLimitSeconds = limit;
      threshold = (windowBytes / (t - windowStart)) * limit;
      windowStart = t;
      windowBytes = 0;
    }
    if (pending * pageSizeBytes < threshold) {
      // ram_state_pending_exact: sync the bitmap.
      const w = written.words;
      let added = 0;
      for (let i = 0; i < words.length; i++) {
        const fresh = w[i]! & ~words[i]!;
        if (fresh !== 0) {
          added += popcount(fresh);
          words[i]! |= fresh;
        }
      }
      const dirtied = written.count();
      written.clear();
      pending += added;
      syncs++;
      if (pending === 0 || pending * pageSizeBytes < threshold) {
        return finish("max-downtime", true);
      }
      if (mech !== undefined) {
        if (dirtied > 0) {
          setDelta(rowWrites / dirtied);
          mech.writesPerDirtyPage = rowWrites / dirtied;
        }
        mech.notePass(syncs + 1);
        const d = mech.sync(t, dirtied * pageSizeBytes, rowBytes, pending);
        if (d !== undefined) {
          // The bitmap already holds every dirty page (just synced).
          closeRow(dirtied);
          return {
            remaining: bitmap,
            endSeconds: t,
            stopReason: d,
            converged: false,
            execSeconds: mech.execSeconds,
          };
        }
      }
      closeRow(dirtied);
      if (syncs >= maxSyncs) return finish("max-rounds", false);
      openRow();
    } else if (pending === 0) {
      return finish("max-downtime", true); // threshold still 0: nothing pending
    }
    // ram_save_iterate: dirty pages from the cursor until the step's byte budget is
    // used (ram_find_and_save_block per page, in migration/ram.c).
    // The step's byte budget: the rest of the window's under a cap (at least a page).
    const budget = link.liveCapped ? Math.max(wire, stepBytes - windowBytes) : stepBytes;
    const upper = Math.min(pending * wire, budget + wire) / burst +
      (link.liveCapped ? window : 0);
    if (writesSoFar + workload.writesPerSecond * upper > maxWrites) {
      return finish("event-cap", false);
    }
    let sent = 0;
    let zeros = 0;
    let deltas = 0;
    let stepWire = 0;
    if (plain) {
      // Every page costs `wire`: the step is a count of pages, taken a word at a time.
      sent = Math.min(pending, pagesToReach(budget, wire));
      cursor = takePages(words, cursor, sent, pageCount);
      stepWire = sent * wire;
    }
    let i = cursor >>> 5;
    let word = words[i]! & (0xffffffff << (cursor & 31));
    // ram_save_iterate also returns after MAX_WAIT of its own time, which zero pages
    // use without using the byte budget.
    while (
      !plain && sent < pending && stepWire < budget &&
      (zeros === 0 || stepWire / burst + zeros * zeroScan < preset.iterationSeconds)
    ) {
      while (word === 0) {
        i = i + 1 === words.length ? 0 : i + 1;
        word = words[i]!;
      }
      const low = word & -word;
      const page = (i << 5) + 31 - Math.clz32(low);
      word ^= low;
      words[i]! &= ~low;
      sent++;
      if (zero !== undefined && zero.has(page)) {
        zeros++;
        stepWire += zeroWire;
      } else if (
        mech !== undefined && syncs > 0 && mech.xbzrle &&
        mech.xbzrlePage(page, syncs + 1, deltaOverflow)
      ) {
        deltas++;
        stepWire += deltaWire;
      } else {
        stepWire += wire;
      }
      if (checker !== undefined) checker.sentPage(page);
      cursor = page + 1 === pageCount ? 0 : page + 1;
    }
    pending -= sent;
    const bytes = (sent - zeros - deltas) * wire + zeros * zeroWire + deltas * deltaWire;
    // XBZRLE: the thread encodes each delta before writing it (free by default).
    const encode = deltas === 0
      ? 0
      : (deltas * pageSizeBytes) / mech!.m.xbzrle!.encodeBytesPerSecond;
    // Finding a zero page reads it whole (buffer_is_zero, util/bufferiszero.c), on the
    // migration thread, before its header goes out (save_zero_page, migration/ram.c).
    let seconds = Math.max(bytes / burst, encode) + zeros * zeroScan;
    // migration_rate_limit: the budget is spent, so sleep to the window's end.
    const sleeps = link.liveCapped && stepWire >= budget && t + seconds < windowStart + window;
    if (sleeps) seconds = windowStart + window - t;
    let writes: number;
    if (mech === undefined) writes = workload.write(t, t + seconds, written);
    else {
      const e = mech.execSeconds;
      writes = workload.write(e, e + mech.exec(t, seconds), written);
    }
    if (checker !== undefined) checker.dirtied(written);
    t = sleeps ? windowStart + window : t + seconds;
    writesSoFar += writes;
    windowBytes += bytes;
    rowPages += sent;
    rowZero += zeros;
    rowDeltas += deltas;
    rowBytes += bytes;
    rowWrites += writes;
  }
}

/** Fewest `n >= 1` with `n x wire >= bytes` (integer `wire`, so `n x wire` is exact). */
function pagesToReach(bytes: number, wire: number): number {
  let n = Math.max(1, Math.ceil(bytes / wire));
  while (n * wire < bytes) n++;
  while (n > 1 && (n - 1) * wire >= bytes) n--;
  return n;
}

/**
 * Clears the first `count` set bits of `words` at or after page `cursor`, wrapping
 * around memory (the set holds at least `count` pages), a word at a time; returns
 * the page after the last one cleared (0 past the end), the cursor the page-by-page
 * walk would leave.
 */
function takePages(words: Uint32Array, cursor: number, count: number, pageCount: number): number {
  if (count === 0) return cursor;
  let left = count;
  let i = cursor >>> 5;
  let word = words[i]! & (0xffffffff << (cursor & 31));
  for (;;) {
    while (word === 0) {
      i = i + 1 === words.length ? 0 : i + 1;
      word = words[i]!;
    }
    const bits = word === -1 || word === 0xffffffff ? 32 : popcount(word);
    if (bits < left) {
      words[i]! &= ~word;
      left -= bits;
      word = 0;
      continue;
    }
    // The last word: its lowest `left` set bits.
    let last = 0;
    for (; left > 0; left--) {
      const low = word & -word;
      last = low;
      word ^= low;
      words[i]! &= ~low;
    }
    const page = (i << 5) + 31 - Math.clz32(last);
    return page + 1 === pageCount ? 0 : page + 1;
  }
}
