/**
 * The order and batch sizes in which `runSweep` hands runs to its Web Workers.
 * Internal: not re-exported from the sweep entry point.
 *
 * Rows never depend on this (each run's seed comes from the spec, and rows are put
 * back in run-id order); only the balance between workers does.
 *
 * - Order (several workers): run ids follow the grid with replicates innermost, so neighbouring ids
 *   cost alike and a slice of consecutive ids can be all cheap or all dear. Runs are
 *   handed out in bit-reversed index order (the van der Corput sequence), so that
 *   every stretch of the queue samples the whole sweep evenly.
 * - Sizes: guided self-scheduling (C. D. Polychronopoulos and D. J. Kuck, "Guided
 *   self-scheduling: a practical scheduling scheme for parallel supercomputers",
 *   IEEE Transactions on Computers C-36(12), 1987): a batch is the runs left over
 *   `GUIDED_FACTOR` x workers, within [1, `MAX_BATCH`], so batches shrink as the
 *   sweep ends and the workers finish together.
 *
 * @module
 */

/** A batch takes 1 / (this x workers) of the runs left. */
export const GUIDED_FACTOR = 4;

/** Largest batch: bounds the rows lost to an interruption and the wait for progress. */
export const MAX_BATCH = 64;

/** `ids` in bit-reversed order of their index (each id once). */
export function spreadOrder(ids: readonly number[]): number[] {
  const n = ids.length;
  let bits = 0;
  while (1 << bits < n) bits++;
  const out: number[] = [];
  for (let k = 0; k < 1 << bits; k++) {
    let r = 0;
    for (let b = 0; b < bits; b++) if (k & (1 << b)) r |= 1 << (bits - 1 - b);
    if (r < n) out.push(ids[r]!);
  }
  return out;
}

/** A queue of run ids that hands out guided batches. */
export class BatchQueue {
  readonly #ids: number[];
  readonly #workers: number;
  #next = 0;

  /**
   * Queues `ids` for `workers` workers: spread (see {@link spreadOrder}) when there
   * are several, in the given order for one (whose journal then stays in id order).
   */
  constructor(ids: readonly number[], workers: number) {
    this.#ids = workers > 1 ? spreadOrder(ids) : [...ids];
    this.#workers = workers;
  }

  /** Runs not yet handed out. */
  get left(): number {
    return this.#ids.length - this.#next;
  }

  /** The next batch, or undefined when every run was handed out. */
  take(): number[] | undefined {
    const left = this.left;
    if (left === 0) return undefined;
    const size = Math.max(
      1,
      Math.min(MAX_BATCH, Math.ceil(left / (GUIDED_FACTOR * this.#workers))),
    );
    const batch = this.#ids.slice(this.#next, this.#next + size);
    this.#next += batch.length;
    return batch;
  }
}
