/**
 * The order in which the data-centre simulation tries target hosts: candidates by increasing
 * power increase, ties to the earlier candidate, candidates whose increase is Infinity left
 * out. A binary heap built in O(n) and popped in O(log n), where a scan for the least
 * remaining candidate before every try cost O(n) each (a VM refused by its first few hosts'
 * overload checks made the search quadratic). The sequence of hosts tried is the same.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */

/** A min-heap over candidate positions `0..n-1`, keyed by `(diff[i], i)`. */
export class CandidateQueue {
  #heap: Int32Array;
  #size = 0;
  #diff: Float64Array = new Float64Array(0);

  /** @param capacity Most candidates at once. */
  constructor(capacity: number) {
    this.#heap = new Int32Array(Math.max(1, capacity));
  }

  #less(a: number, b: number): boolean {
    const da = this.#diff[a]!;
    const db = this.#diff[b]!;
    return da < db || (da === db && a < b);
  }

  #down(at: number): void {
    const heap = this.#heap;
    const size = this.#size;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= size) return;
      const right = left + 1;
      const child = right < size && this.#less(heap[right]!, heap[left]!) ? right : left;
      if (!this.#less(heap[child]!, heap[at]!)) return;
      const t = heap[at]!;
      heap[at] = heap[child]!;
      heap[child] = t;
      at = child;
    }
  }

  /** Takes candidates `0..n-1` with their increases (`diff` is read, not copied). */
  reset(diff: Float64Array, n: number): void {
    this.#diff = diff;
    let size = 0;
    for (let i = 0; i < n; i++) if (diff[i] !== Infinity) this.#heap[size++] = i;
    this.#size = size;
    for (let at = (size >> 1) - 1; at >= 0; at--) this.#down(at);
  }

  /** The candidate with the least increase (the earliest on ties), removed; -1 when none. */
  pop(): number {
    if (this.#size === 0) return -1;
    const top = this.#heap[0]!;
    this.#heap[0] = this.#heap[--this.#size]!;
    this.#down(0);
    return top;
  }
}
