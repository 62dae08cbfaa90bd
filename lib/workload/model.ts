import type { Bitset } from "../bitset/bitset.ts";
import type { Prng } from "../random/prng.ts";
import type { PagePlacement } from "./placement.ts";
import type { AccessCursor } from "./workload.ts";
import type { ZeroPagesSpec, ZeroWrites } from "./zero_pages.ts";

/** Rates shared by the Poisson workloads. */
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

/** Fields every workload spec may carry. */
export interface WorkloadCommon {
  /**
   * Which pages hold only zeros, and how writes change that (see
   * {@link ZeroPagesSpec}). Without it `Workload.zeroPages` is undefined: no page is
   * treated as zero. Not allowed inside a phase (set it on the phased spec).
   */
  zeroPages?: ZeroPagesSpec;
}

/**
 * A run of pages that are all equally likely to be picked: the building block every
 * workload model describes itself with. A model's runs, taken in order, cover ranks
 * `0 .. pageCount - 1` once; its {@link PagePlacement} then maps rank `r` to a
 * page (by default rank `r` is page `r`).
 *
 * `writeShare` is the share of all writes that pick a page of the run and
 * `accessShare` the share of all accesses (reads and writes); each is spread evenly
 * over the run's pages, so one page of the run takes `writeShare / pages` of the
 * writes. In every stationary model reads and writes pick from the same
 * distribution and the two shares are equal; a phased mix weights its phases'
 * shares by their writes and by their accesses, so they can differ there.
 */
export interface PageRun {
  /** Pages in the run (integer >= 1). */
  pages: number;
  /** Share of the writes that go to the run, in [0, 1]; a model's runs sum to 1 (or 0). */
  writeShare: number;
  /** Share of the accesses that go to the run, in [0, 1]; a model's runs sum to 1 (or 0). */
  accessShare: number;
}

/** A model's page distribution: runs in rank order and where the ranks lie in memory. */
export interface PageDistribution {
  /** Runs in rank order, covering every page once. */
  runs: PageRun[];
  /** Where rank `r` lies in memory. */
  placement: PagePlacement;
}

/** Average rates of a workload, in VM execution time. */
export interface WorkloadRates {
  /** Page writes per second. */
  writesPerSecond: number;
  /** Page reads per second. */
  readsPerSecond: number;
}

/**
 * A deterministic walk over memory: access `j` (j = 0, 1, ...) at execution time
 * `j / visitsPerSecond` to page `startPage + (j mod visits) x stridePages`.
 */
export interface PageWalk {
  /** First page of the walk. */
  startPage: number;
  /** Pages visited per pass. */
  visits: number;
  /** Distance between consecutive pages visited. */
  stridePages: number;
  /** Accesses per second of execution time. */
  visitsPerSecond: number;
  /** Visit of the pass (in `[0, visits)`) that the first access makes. */
  startVisit: number;
}

/**
 * The page-level sampler of a model whose writes are not independent draws from its
 * runs (the sequential writer, a trace replay). Internal contract between a model
 * file and `createWorkload`; the engine only ever sees a `Workload`.
 */
export interface ModelSampler {
  /**
   * Marks in `dirty` the pages written in `[fromSeconds, toSeconds)` of execution
   * time, updates `zero` for each page written (when given), and returns the writes.
   */
  write(fromSeconds: number, toSeconds: number, dirty: Bitset, zero?: ZeroWrites): number;
  /** The access stream from `fromSeconds` (see `Workload.accesses`). */
  accesses(fromSeconds: number): AccessCursor;
}

/**
 * One workload kind, in one file under `lib/workload/models/`: it validates its
 * specification and describes its page distribution as {@link PageRun}s. From that
 * description the sampler (`createWorkload`), the expected-value page model
 * (`createDistinctPagesModel`), the page-order runs of the post-copy closed form and
 * the expected zero pages derive once, generically. A model overrides a derived
 * piece only where its writes are not independent draws (`sampler`,
 * `distinctPages`).
 */
export interface WorkloadModel<S extends { kind: string }> {
  /** The kind this model handles. */
  readonly kind: S["kind"];
  /**
   * Throws an error naming `${field}.<name>` and its value when the spec is not
   * valid for a VM of `pageCount` pages (the `kind` is already checked).
   */
  validate(spec: S, pageCount: number, field: string, action: string): void;
  /** Average writes and reads per second. */
  rates(spec: S): WorkloadRates;
  /** The page distribution, for a VM of `pageCount` pages (spec already valid). */
  distribution(spec: S, pageCount: number): PageDistribution;
  /**
   * Exact draw of one rank, for a model with a faster exact sampler than a search
   * over its runs (Zipf's rejection-inversion over millions of ranks).
   */
  rankSampler?(spec: S, pageCount: number): (prng: Prng) => number;
  /** Exact sampler of the model, when its writes are not independent draws. */
  sampler?(spec: S, pageCount: number, prng: Prng): ModelSampler;
  /**
   * Expected distinct pages hit by `writes` writes, when writes are not independent
   * draws from the runs (otherwise the generic sum over runs is used).
   */
  distinctPages?(spec: S, pageCount: number): (writes: number) => number;
  /**
   * The walk of a model whose accesses visit pages in a fixed order (the sequential
   * writer), for closed forms that depend on the access order (post-copy faults).
   */
  walk?(spec: S, pageCount: number): PageWalk;
}
