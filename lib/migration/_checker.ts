/**
 * Checked mode: which destination pages are stale. Internal: not re-exported from
 * `mod.ts`.
 *
 * A page is stale when the destination does not hold its latest version: at the
 * start every page is stale; sending a page makes it fresh; a write while the VM
 * runs at the source makes it stale again (conservatively, even if the write came
 * before the send within the same round, which the dirty log also counts).
 *
 * @module
 */
import { type Bitset, createBitset } from "./bitset.ts";
import { TEST_HOOKS } from "./_test_hooks.ts";

/** Tracks stale destination pages. */
export class DestinationChecker {
  /** Stale pages. */
  readonly stale: Bitset;

  /** All pages start stale. */
  constructor(pageCount: number) {
    this.stale = createBitset(pageCount);
    this.stale.fill();
  }

  /** Pages in `set` were written at the source. */
  dirtied(set: Bitset): void {
    const s = this.stale.words;
    const d = set.words;
    for (let i = 0; i < s.length; i++) s[i]! |= d[i]!;
  }

  /** Pages in `set` reached the destination (their current version). */
  sent(set: Bitset): void {
    const s = this.stale.words;
    const d = set.words;
    for (let i = 0; i < s.length; i++) s[i]! &= ~d[i]!;
    this.#fault();
  }

  /** Page `p` reached the destination. */
  sentPage(p: number): void {
    this.stale.unset(p);
    this.#fault();
  }

  #fault(): void {
    const p = TEST_HOOKS.dropPage;
    if (p >= 0 && p < this.stale.size) this.stale.set(p);
  }

  /**
   * Throws unless exactly `pagesMissing` pages are stale (0 for a complete
   * migration; a capped post-copy reports the pages it never sent).
   */
  verify(technique: string, pagesMissing: number): void {
    const n = this.stale.count();
    if (n !== pagesMissing) {
      const first = this.stale.nextSet(0);
      throw new Error(
        `Checked ${technique} failed: ${n} destination page(s) stale at the end (first: page ${first}), ${pagesMissing} reported missing`,
      );
    }
  }
}
