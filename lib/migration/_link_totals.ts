/**
 * The per-phase byte accounting every migration link shares (the fixed-rate link of
 * `link.ts` and the multifd/compression/cipher view of `_mechanism_link.ts`): what a
 * page batch costs on the wire, how many of its pages are zero pages, and which
 * phase's total its bytes add to. Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import type { Bitset } from "./bitset.ts";
import type { LinkPhase, LinkTotals } from "./link.ts";

/** A fresh, all-zero {@link LinkTotals}. */
export function emptyLinkTotals(): LinkTotals {
  return { liveBytes: 0, stopAndCopyBytes: 0, pullBytes: 0, pagesSent: 0, zeroPagesSent: 0 };
}

/**
 * Zero pages among the `count` pages of `pages`: members of both `pages` and the
 * workload's zero-page set (0 without either, or for an empty batch).
 */
export function countZeroPages(
  pages: Bitset | undefined,
  count: number,
  zeroSet: Bitset | undefined,
): number {
  return zeroSet !== undefined && pages !== undefined && count > 0 ? pages.countAnd(zeroSet) : 0;
}

/** Adds `bytes` to the total of `phase`. */
export function accountPhaseBytes(totals: LinkTotals, phase: LinkPhase, bytes: number): void {
  if (phase === "live") totals.liveBytes += bytes;
  else if (phase === "stop-and-copy") totals.stopAndCopyBytes += bytes;
  else totals.pullBytes += bytes;
}

/**
 * Accounts a batch of `count` pages of which `zero` are zero pages: a non-zero page
 * costs `pageWireBytes`, a zero page `zeroPageWireBytes`; the pages and the bytes are
 * added to `totals`. Returns the batch's wire bytes.
 */
export function accountPageBatch(
  totals: LinkTotals,
  phase: LinkPhase,
  count: number,
  zero: number,
  pageWireBytes: number,
  zeroPageWireBytes: number,
): number {
  const bytes = (count - zero) * pageWireBytes + zero * zeroPageWireBytes;
  totals.pagesSent += count;
  totals.zeroPagesSent += zero;
  accountPhaseBytes(totals, phase, bytes);
  return bytes;
}
