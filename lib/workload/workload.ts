import type { Bitset } from "../bitset/bitset.ts";

/**
 * A running workload: the engine's only view of what a VM does. It is created from a
 * {@link WorkloadSpec} with `createWorkload(spec, pageCount, prng)` and answers two
 * questions, both in VM execution time (seconds the VM actually ran, which stops
 * while the VM is paused or stalled):
 *
 * - `write(from, to, dirty)`: which pages are written in `[from, to)`. Used by
 *   push phases. Calls must cover consecutive, non-overlapping intervals.
 * - `cursor`: the access stream, one access at a time (reads and writes), used by
 *   post-copy, where every access to a page not yet received faults.
 *
 * A workload owns its random stream; the engine never knows which model it runs.
 */
export interface Workload {
  /** Total accesses (reads + writes) per second on average. */
  readonly accessesPerSecond: number;
  /** Page writes per second on average. */
  readonly writesPerSecond: number;
  /**
   * Pages that currently hold only zeros (bit `p` set iff page `p` is all zeros),
   * when the spec has `zeroPages`; undefined otherwise (no page is treated as zero).
   * `write()` updates it for every page it writes, and an access cursor for each
   * write it moves past. Read-only for the engine: a hypervisor that finds a page
   * zero sends a header only (QEMU's `buffer_is_zero`, `util/bufferiszero.c`).
   */
  readonly zeroPages?: Bitset;
  /**
   * Sets in `dirty` the bit of every page written during execution time
   * `[fromSeconds, toSeconds)` and returns how many writes there were.
   */
  write(fromSeconds: number, toSeconds: number, dirty: Bitset): number;
  /**
   * Starts the access stream at execution time `fromSeconds` and returns its cursor,
   * positioned on the first access at or after that time.
   */
  accesses(fromSeconds: number): AccessCursor;
}

/**
 * A reusable cursor over a workload's accesses (one object for the whole stream, so
 * iterating allocates nothing). After the last access `timeSeconds` is `Infinity`.
 */
export interface AccessCursor {
  /** Execution time of the current access. */
  timeSeconds: number;
  /** Page of the current access. */
  page: number;
  /** Whether the current access writes the page. */
  write: boolean;
  /** Moves to the next access. */
  advance(): void;
}
