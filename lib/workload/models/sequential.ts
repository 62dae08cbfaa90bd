import { integer, nonNegative, requiredOptions } from "../../_validate.ts";
import { WORKLOAD_FIELDS } from "../_workload_fields.ts";
import { MAX_PAGE_COUNT } from "../page_limit.ts";
import { shareAboveZero, shareBelowOne } from "./_rates.ts";
import type { Bitset } from "../../bitset/bitset.ts";
import { START_PLACEMENT } from "../placement.ts";
import type { ModelSampler, PageRun, PageWalk, WorkloadCommon, WorkloadModel } from "../model.ts";
import type { AccessCursor } from "../workload.ts";
import { zeroWrite } from "../_zero_writes.ts";
import type { ZeroWrites } from "../zero_pages.ts";

/**
 * A guest that walks a region of its memory writing page after page, as a memory
 * benchmark or the dirtying loop of a test guest does (`for (p = start; p < end;
 * p += stride) *p = v;`, then again from the start): write `j` (j = 0, 1, ...) happens
 * at execution time `j / writesPerSecond` and writes visit `j mod m` of the pass,
 * page `start + ((startVisit + j) mod m) x stridePages`. No random draw: the pages written in a
 * window are one or two intervals of the pass (all of it once the window holds `m`
 * writes). Its accesses are its writes (no reads).
 *
 * The region starts at page `start = min(P - 1, floor(regionStartFraction x P))`
 * and holds `L = min(P - start, max(1, round(regionFraction x P)))` pages; a pass
 * visits `m = ceil(L / stridePages)` of them.
 */
export interface SequentialWorkload extends WorkloadCommon {
  /** Discriminant. */
  kind: "sequential";
  /** Page writes per second of VM execution time (>= 0). */
  writesPerSecond: number;
  /**
   * Where the region starts, as a share of the pages, in [0, 1).
   * @default {0}
   */
  regionStartFraction?: number;
  /**
   * Size of the region, as a share of the pages, in (0, 1] (clipped at the end of
   * memory).
   * @default {1}
   */
  regionFraction?: number;
  /**
   * Distance between consecutive pages written, in pages (integer >= 1).
   * @default {1}
   */
  stridePages?: number;
  /**
   * Visits the walk made before time 0 (integer >= 0): write `j` goes to visit
   * `(startVisit + j) mod m` of the pass, so the walk starts mid-region, as a guest
   * that has been running before the migration starts does.
   * @default {0}
   */
  startVisit?: number;
}

/** The region of a sequential writer, in pages. */
export interface SequentialRegion {
  /** First page of the region. */
  startPage: number;
  /** Pages in the region. */
  pages: number;
  /** Pages visited per pass: `ceil(pages / stridePages)`. */
  visits: number;
  /** Distance between visited pages. */
  stridePages: number;
}

/**
 * The region and pass of a sequential writer on a VM of `pageCount` pages.
 *
 * @param spec The workload (valid).
 * @param pageCount Pages of the VM.
 * @returns Its region.
 *
 * @example A quarter of 1000 pages from the middle, every other page
 * ```ts
 * import { sequentialRegion } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const region = sequentialRegion(
 *   { kind: "sequential", writesPerSecond: 1, regionStartFraction: 0.5, regionFraction: 0.25, stridePages: 2 },
 *   1000,
 * );
 * assert.deepEqual(region, { startPage: 500, pages: 250, visits: 125, stridePages: 2 });
 * ```
 */
export function sequentialRegion(spec: SequentialWorkload, pageCount: number): SequentialRegion {
  const action = "compute a sequential region";
  requiredOptions(action, "spec", spec, WORKLOAD_FIELDS.sequential);
  sequentialModel.validate(spec, pageCount, "spec", action);
  integer(action, "pageCount", pageCount, 1, MAX_PAGE_COUNT);
  const { regionStartFraction = 0, regionFraction = 1, stridePages = 1 } = spec;
  const startPage = Math.min(pageCount - 1, Math.floor(regionStartFraction * pageCount));
  const pages = Math.min(
    pageCount - startPage,
    Math.max(1, Math.round(regionFraction * pageCount)),
  );
  return { startPage, pages, visits: Math.ceil(pages / stridePages), stridePages };
}

/**
 * The sequential-writer model. Its expected distinct pages for `w` writes in a window
 * are exact in expectation over the window's phase: the window holds `floor(w)` or
 * `floor(w) + 1` writes (the latter with probability `w - floor(w)`), and `n`
 * consecutive writes hit `min(n, m)` distinct pages. Its runs spread the writes
 * evenly over the region (exact for a stride of 1; with a larger stride the visited
 * pages are every `stridePages`-th), which is what the post-copy closed form and the
 * expected zero pages use.
 *
 * @example 150 writes on a pass of 100 pages dirty all of them
 * ```ts
 * import { sequentialModel } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const distinct = sequentialModel.distinctPages!(
 *   { kind: "sequential", writesPerSecond: 1, regionFraction: 0.1 },
 *   1000,
 * );
 * assert.equal(distinct(40), 40);
 * assert.equal(distinct(150), 100);
 * assert.equal(distinct(99.5), 99.5);
 * ```
 */
export const sequentialModel: WorkloadModel<SequentialWorkload> = Object.freeze({
  kind: "sequential" as const,
  validate(spec: SequentialWorkload, _pageCount: number, field: string, action: string) {
    nonNegative(action, `${field}.writesPerSecond`, spec.writesPerSecond);
    if (spec.regionStartFraction !== undefined) {
      shareBelowOne(action, `${field}.regionStartFraction`, spec.regionStartFraction);
    }
    if (spec.regionFraction !== undefined) {
      shareAboveZero(action, `${field}.regionFraction`, spec.regionFraction);
    }
    if (spec.stridePages !== undefined) {
      integer(action, `${field}.stridePages`, spec.stridePages, 1, 2 ** 30);
    }
    if (spec.startVisit !== undefined) {
      integer(action, `${field}.startVisit`, spec.startVisit, 0, Number.MAX_SAFE_INTEGER);
    }
  },
  rates: (spec: SequentialWorkload) => ({
    writesPerSecond: spec.writesPerSecond,
    readsPerSecond: 0,
  }),
  distribution(spec: SequentialWorkload, pageCount: number) {
    const { startPage, pages } = sequentialRegion(spec, pageCount);
    const runs: PageRun[] = [];
    if (startPage > 0) runs.push({ pages: startPage, writeShare: 0, accessShare: 0 });
    runs.push({ pages, writeShare: 1, accessShare: 1 });
    const after = pageCount - startPage - pages;
    if (after > 0) runs.push({ pages: after, writeShare: 0, accessShare: 0 });
    return { runs, placement: START_PLACEMENT };
  },
  distinctPages(spec: SequentialWorkload, pageCount: number) {
    const m = sequentialRegion(spec, pageCount).visits;
    return (writes: number) => {
      const low = Math.floor(writes);
      const f = writes - low;
      return (1 - f) * Math.min(low, m) + f * Math.min(low + 1, m);
    };
  },
  walk(spec: SequentialWorkload, pageCount: number): PageWalk {
    const { startPage, visits, stridePages } = sequentialRegion(spec, pageCount);
    return {
      startPage,
      visits,
      stridePages,
      visitsPerSecond: spec.writesPerSecond,
      startVisit: (spec.startVisit ?? 0) % visits,
    };
  },
  sampler(spec: SequentialWorkload, pageCount: number): ModelSampler {
    return sequentialSampler(spec, pageCount);
  },
});

/** The deterministic walk of a sequential writer. */
function sequentialSampler(spec: SequentialWorkload, pageCount: number): ModelSampler {
  const rate = spec.writesPerSecond;
  const { startPage, visits: m, stridePages: stride } = sequentialRegion(spec, pageCount);
  const first = (spec.startVisit ?? 0) % m; // the pass position of write 0

  /** Marks visits [x, y) of the pass in `dirty` and applies them to `zero`. */
  function mark(x: number, y: number, dirty: Bitset, zero: ZeroWrites | undefined): void {
    if (stride === 1) {
      dirty.setRange(startPage + x, startPage + y);
      if (zero !== undefined && zero.zeroingShare === 0) {
        zero.bits.unsetRange(startPage + x, startPage + y);
        return;
      }
    } else {
      for (let i = x; i < y; i++) dirty.set(startPage + i * stride);
    }
    // The page's state is its last write's, so one draw per page has the law of the
    // last of its writes.
    if (zero !== undefined) { for (let i = x; i < y; i++) zeroWrite(zero, startPage + i * stride); }
  }

  function write(
    fromSeconds: number,
    toSeconds: number,
    dirty: Bitset,
    zero?: ZeroWrites,
  ): number {
    if (rate === 0 || toSeconds <= fromSeconds) return 0;
    const j0 = Math.ceil(fromSeconds * rate);
    const n = Math.ceil(toSeconds * rate) - j0;
    if (n <= 0) return 0;
    if (n >= m) {
      // The window covers a whole pass; the last m writes decide the zero state,
      // and the order of marking does not matter.
      mark(0, m, dirty, zero);
      return n;
    }
    const i0 = (first + j0) % m;
    const end = i0 + n;
    mark(i0, Math.min(end, m), dirty, zero);
    if (end > m) mark(0, end - m, dirty, zero);
    return n;
  }

  function accesses(fromSeconds: number): AccessCursor {
    let j = rate === 0 ? 0 : Math.ceil(fromSeconds * rate);
    const cursor: AccessCursor = {
      timeSeconds: rate === 0 ? Infinity : j / rate,
      page: startPage + ((first + j) % m) * stride,
      write: true,
      advance() {
        if (rate === 0) return;
        j++;
        cursor.timeSeconds = j / rate;
        cursor.page = startPage + ((first + j) % m) * stride;
      },
    };
    return cursor;
  }

  return { write, accesses };
}
