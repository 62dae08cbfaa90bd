import { popcount } from "./_popcount.ts";
import { integer } from "../_validate.ts";

/**
 * A packed set of page numbers, one bit per page, as kept by a hypervisor's dirty log.
 *
 * Bits live in a `Uint32Array`, so a 64 GiB VM of 4 KiB pages (16,777,216 pages)
 * takes 2 MiB. `count()` uses a branch-free popcount. Only the constructor (and
 * `createBitset`) checks its argument: the page methods run in the engine's per-page
 * loops, so for speed none of them does. Pages given to `set`, `unset` and `has` must be
 * integers in `[0, size)`, the ends of `setRange` and `unsetRange` integers in
 * `[0, size]`; the searches `nextSet`, `nextClear` and `prevClear` take any integer (a
 * start outside the universe moves to its nearer end when the search runs toward it, else
 * the answer is -1); the set given to `copyFrom` and `countAnd` must
 * be a `Bitset` of the same size, and `forEach`'s `visit` a function.
 *
 * @example Mark, test and count pages
 * ```ts
 * import { createBitset } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const dirty = createBitset(100);
 * dirty.set(3);
 * dirty.set(99);
 * assert.equal(dirty.has(3), true);
 * assert.equal(dirty.count(), 2);
 * ```
 */
export class Bitset {
  /** Number of pages (bits) in the set's universe. */
  readonly size: number;
  /** The packed words; bit `i % 32` of word `i >>> 5` is page `i`. */
  readonly words: Uint32Array;

  /** Creates an empty set over pages `0 .. size - 1` (`size` an integer in `[0, 2^32]`). */
  constructor(size: number) {
    integer("create a bitset", "size", size, 0, 2 ** 32);
    this.size = size;
    this.words = new Uint32Array(Math.ceil(size / 32));
  }

  /** Adds page `i`. */
  set(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }

  /** Removes page `i`. */
  unset(i: number): void {
    this.words[i >>> 5]! &= ~(1 << (i & 31));
  }

  /** Whether page `i` is in the set. */
  has(i: number): boolean {
    return (this.words[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  /** Adds every page. */
  fill(): void {
    this.words.fill(0xffffffff);
    const tail = this.size & 31;
    if (tail !== 0) this.words[this.words.length - 1] = (1 << tail) - 1;
  }

  /**
   * Adds every page in `[from, to)`, a word at a time. Like `set`, it does not check
   * its arguments: `0 <= from <= to <= size`.
   */
  setRange(from: number, to: number): void {
    if (to <= from) return;
    const w = this.words;
    const first = from >>> 5;
    const last = (to - 1) >>> 5;
    const head = 0xffffffff << (from & 31);
    const tail = 0xffffffff >>> (31 - ((to - 1) & 31));
    if (first === last) {
      w[first]! |= head & tail;
      return;
    }
    w[first]! |= head;
    for (let i = first + 1; i < last; i++) w[i] = 0xffffffff;
    w[last]! |= tail;
  }

  /**
   * Removes every page in `[from, to)`, a word at a time (unchecked, as `setRange`).
   */
  unsetRange(from: number, to: number): void {
    if (to <= from) return;
    const w = this.words;
    const first = from >>> 5;
    const last = (to - 1) >>> 5;
    const head = 0xffffffff << (from & 31);
    const tail = 0xffffffff >>> (31 - ((to - 1) & 31));
    if (first === last) {
      w[first]! &= ~(head & tail);
      return;
    }
    w[first]! &= ~head;
    for (let i = first + 1; i < last; i++) w[i] = 0;
    w[last]! &= ~tail;
  }

  /** Removes every page. */
  clear(): void {
    this.words.fill(0);
  }

  /** Copies the pages of `other` (same size) into this set, replacing its own. */
  copyFrom(other: Bitset): void {
    this.words.set(other.words);
  }

  /** Number of pages in the set. */
  count(): number {
    const w = this.words;
    let n = 0;
    for (let i = 0; i < w.length; i++) {
      const v = w[i]!;
      // Dirty logs are mostly empty words: skip them; a full word counts 32 at once.
      if (v !== 0) n += v === 0xffffffff ? 32 : popcount(v);
    }
    return n;
  }

  /** Number of pages in both this set and `other` (same size), without building the intersection. */
  countAnd(other: Bitset): number {
    const a = this.words;
    const b = other.words;
    let n = 0;
    for (let i = 0; i < a.length; i++) {
      const v = a[i]! & b[i]!;
      if (v !== 0) n += popcount(v);
    }
    return n;
  }

  /** Calls `visit(page)` for each page in the set, in increasing order. */
  forEach(visit: (page: number) => void): void {
    const w = this.words;
    for (let i = 0; i < w.length; i++) {
      let word = w[i]!;
      while (word !== 0) {
        const low = word & -word;
        visit(i * 32 + 31 - Math.clz32(low));
        word ^= low;
      }
    }
  }

  /** Smallest page >= `from` in the set, or -1 if there is none. */
  nextSet(from: number): number {
    if (from < 0) from = 0;
    if (from >= this.size) return -1;
    const w = this.words;
    let i = from >>> 5;
    let word = w[i]! & (0xffffffff << (from & 31));
    while (true) {
      if (word !== 0) return i * 32 + 31 - Math.clz32(word & -word);
      if (++i >= w.length) return -1;
      word = w[i]!;
    }
  }

  /** Smallest page >= `from` not in the set, or -1 if there is none. */
  nextClear(from: number): number {
    if (from < 0) from = 0;
    if (from >= this.size) return -1;
    const w = this.words;
    let i = from >>> 5;
    let word = ~w[i]! & (0xffffffff << (from & 31));
    while (true) {
      if (word !== 0) {
        const page = i * 32 + 31 - Math.clz32(word & -word);
        return page < this.size ? page : -1;
      }
      if (++i >= w.length) return -1;
      word = ~w[i]!;
    }
  }

  /** Largest page <= `from` not in the set, or -1 if there is none. */
  prevClear(from: number): number {
    if (from < 0 || this.size === 0) return -1;
    const w = this.words;
    let i = Math.min(from, this.size - 1) >>> 5;
    const shift = 31 - (Math.min(from, this.size - 1) & 31);
    // Words stay int32 (`| 0`): an unsigned value above 2^31 deoptimised this loop.
    let word = ((~w[i]! << shift) >>> shift) | 0;
    while (true) {
      if (word !== 0) return i * 32 + 31 - Math.clz32(word);
      if (--i < 0) return -1;
      word = ~w[i]!;
    }
  }
}

/**
 * Creates an empty {@link Bitset} over pages `0 .. size - 1`.
 *
 * @param size Number of pages.
 * @returns The empty set.
 *
 * @example
 * ```ts
 * import { createBitset } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const all = createBitset(40);
 * all.fill();
 * assert.equal(all.count(), 40);
 * ```
 */
export function createBitset(size: number): Bitset {
  // the constructor checks the size
  return new Bitset(size);
}
