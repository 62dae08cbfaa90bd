/**
 * Workload specifications: plain data that says how a VM touches its memory pages.
 *
 * Every synthetic workload is a Poisson process of page accesses in VM execution time.
 * `writesPerSecond` accesses per second are writes (they dirty a page, which is what
 * pre-copy must resend) and `readsPerSecond` are reads (which only matter to post-copy,
 * where any access to a page not yet received faults). Writes and reads pick their
 * page from the same distribution.
 *
 * @module
 */

/** A VM that touches no page. */
export interface IdleWorkload {
  /** Discriminant. */
  kind: "idle";
}

/** Rates shared by the synthetic workloads. */
export interface AccessRates {
  /** Page writes per second of VM execution time (each dirties one page). */
  writesPerSecond: number;
  /**
   * Page reads per second of VM execution time.
   * @default {0}
   */
  readsPerSecond?: number;
  /**
   * Bytes of a page one write changes (>= 0); sizes XBZRLE deltas
   * (`options.mechanisms.xbzrle`). Nothing else reads it.
   * @default {64 (one cache line), when XBZRLE is on}
   */
  changedBytesPerWrite?: number;
}

/** Every access picks a page uniformly at random among all pages. */
export interface UniformWorkload extends AccessRates {
  /** Discriminant. */
  kind: "uniform";
}

/**
 * A writable working set: the first `hotFraction` of the pages (a contiguous range
 * starting at page 0) takes `hotShare` of the accesses, uniformly; the other pages
 * take the rest, uniformly.
 */
export interface HotColdWorkload extends AccessRates {
  /** Discriminant. */
  kind: "hot-cold";
  /** Share of the pages in the hot set, in (0, 1]. */
  hotFraction: number;
  /** Share of the accesses that go to the hot set, in [0, 1]. */
  hotShare: number;
}

/**
 * Zipf-skewed accesses: page `k` (0-based) is picked with probability proportional
 * to `1 / (k + 1)^exponent`, so low page numbers are the hottest.
 */
export interface ZipfWorkload extends AccessRates {
  /** Discriminant. */
  kind: "zipf";
  /** The Zipf exponent s, > 0 (1 is the classic law). */
  exponent: number;
}

/** One phase of a {@link PhasedWorkload}. */
export interface WorkloadPhase {
  /** How long the phase lasts, in seconds of VM execution time (> 0). */
  durationSeconds: number;
  /** What the VM does during the phase (not itself phased). */
  workload: IdleWorkload | UniformWorkload | HotColdWorkload | ZipfWorkload;
}

/**
 * A sequence of workloads over time. After the last phase the sequence starts again
 * from the first (the phases form a cycle).
 */
export interface PhasedWorkload {
  /** Discriminant. */
  kind: "phased";
  /** The phases, in order; at least one. */
  phases: WorkloadPhase[];
}

/** One recorded page access of a {@link TraceWorkload}. */
export interface TraceAccess {
  /** When the access happened, in seconds from the trace start (non-decreasing). */
  timeSeconds: number;
  /** The page accessed (0-based, below the VM's page count). */
  page: number;
  /** True for a write, false for a read. */
  write: boolean;
}

/**
 * Replay of a recorded page-access trace. Time `t` of the migration replays the
 * trace at `t` modulo `durationSeconds`, so a short trace loops.
 */
export interface TraceWorkload {
  /** Discriminant. */
  kind: "trace";
  /** Length of the trace in seconds (> 0, at least the last access time). */
  durationSeconds: number;
  /** The accesses, sorted by time. */
  accesses: TraceAccess[];
}

/** Any workload the engine can run. */
export type WorkloadSpec =
  | IdleWorkload
  | UniformWorkload
  | HotColdWorkload
  | ZipfWorkload
  | PhasedWorkload
  | TraceWorkload;

/** Names of the workload kinds. */
export type WorkloadKind = WorkloadSpec["kind"];

/** Every workload kind, in documentation order. */
export const WORKLOAD_KINDS: readonly WorkloadKind[] = [
  "idle",
  "uniform",
  "hot-cold",
  "zipf",
  "phased",
  "trace",
];
