/**
 * Items (VMs) in a fixed order, some removed, with a segment tree of the per-dimension
 * minimum demand of the live items: "the first live item at or after position p that fits
 * a room" in O(log n) per item skipped by whole subtrees, instead of a scan. Used by the
 * greedy set cover, whose oracle packs the remaining VMs first fit decreasing into one
 * host per round.
 *
 * The search is exact: a subtree is skipped only when, in some dimension, even its smallest
 * demand does not fit (`load + min > limit`; float addition is monotone, so no larger
 * demand fits either), and a leaf is taken only when the caller's own test holds.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */

/** A segment tree over items in a fixed order, for first-fit searches. */
export class ItemTree {
  readonly #k: number;
  readonly #size: number;
  /** Node p's minima start at `p * k`; Infinity where no live item is below. */
  readonly #min: Float64Array;
  readonly #stack = new Int32Array(128);
  readonly #dead: Uint8Array;
  #live: number;

  /**
   * @param demand Demands of the items in order, `n × k` row-major.
   * @param n Number of items.
   * @param k Number of dimensions.
   */
  constructor(demand: Float64Array, n: number, k: number) {
    let size = 1;
    while (size < n) size *= 2;
    this.#k = k;
    this.#size = size;
    this.#live = n;
    this.#dead = new Uint8Array(n);
    this.#min = new Float64Array(2 * size * k).fill(Infinity);
    this.#min.set(demand.subarray(0, n * k), size * k);
    for (let p = size - 1; p >= 1; p--) this.#pull(p);
  }

  /** Live items left. */
  get live(): number {
    return this.#live;
  }

  #pull(p: number): void {
    const k = this.#k;
    for (let d = 0; d < k; d++) {
      this.#min[p * k + d] = Math.min(this.#min[2 * p * k + d]!, this.#min[(2 * p + 1) * k + d]!);
    }
  }

  /** Removes the item at `position` (it must be live). */
  remove(position: number): void {
    const k = this.#k;
    let p = this.#size + position;
    for (let d = 0; d < k; d++) this.#min[p * k + d] = Infinity;
    this.#dead[position] = 1;
    this.#live--;
    for (p >>= 1; p >= 1; p >>= 1) this.#pull(p);
  }

  /**
   * The first live position `>= from` that passes the subtree test down to its leaf (where
   * the minimum is the item's own demand, so the test there is the item's fit) and for which
   * `fits(position)` holds, or -1. A subtree is skipped when some dimension `d` has
   * `load[d] + min[d] > limit[d]`.
   */
  firstFit(
    from: number,
    load: Float64Array,
    limit: Float64Array,
    fits: (position: number) => boolean,
  ): number {
    const k = this.#k;
    const size = this.#size;
    const min = this.#min;
    const stack = this.#stack;
    let top = 0;
    stack[top++] = 1;
    // Each node covers [lo, hi); nodes are pushed right child first, so leaves pop in order.
    while (top > 0) {
      const p = stack[--top]!;
      const level = 31 - Math.clz32(p);
      const span = size >> level;
      const lo = (p - (1 << level)) * span;
      if (lo + span <= from) continue;
      let prune = false;
      for (let d = 0; d < k && !prune; d++) prune = load[d]! + min[p * k + d]! > limit[d]!;
      if (prune) continue;
      if (p >= size) {
        const position = p - size;
        if (position < this.#dead.length && this.#dead[position] === 0 && fits(position)) {
          return position;
        }
        continue;
      }
      stack[top++] = 2 * p + 1;
      stack[top++] = 2 * p;
    }
    return -1;
  }
}
