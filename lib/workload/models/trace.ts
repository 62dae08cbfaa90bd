import { integer, object, positive, show, within } from "../../_validate.ts";
import type { Bitset } from "../../bitset/bitset.ts";
import type { ModelSampler, PageRun, WorkloadCommon, WorkloadModel } from "../model.ts";
import { START_PLACEMENT } from "../placement.ts";
import type { AccessCursor } from "../workload.ts";
import { zeroWrite } from "../_zero_writes.ts";
import type { ZeroWrites } from "../zero_pages.ts";

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
export interface TraceWorkload extends WorkloadCommon {
  /** Discriminant. */
  kind: "trace";
  /** Length of the trace in seconds (> 0, at least the last access time). */
  durationSeconds: number;
  /** The accesses, sorted by time. */
  accesses: TraceAccess[];
}

/**
 * The trace model: a replay (no random draw); its runs are the trace's empirical
 * page frequencies (writes for the write shares, all accesses for the access
 * shares), one run per page accessed and one per gap between them.
 *
 * @example
 * ```ts
 * import { traceModel } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const d = traceModel.distribution({ kind: "trace", durationSeconds: 1, accesses: [
 *   { timeSeconds: 0, page: 2, write: true },
 *   { timeSeconds: 0.5, page: 2, write: false },
 * ] }, 4);
 * assert.deepEqual(d.runs, [
 *   { pages: 2, writeShare: 0, accessShare: 0 },
 *   { pages: 1, writeShare: 1, accessShare: 1 },
 *   { pages: 1, writeShare: 0, accessShare: 0 },
 * ]);
 * ```
 */
export const traceModel: WorkloadModel<TraceWorkload> = Object.freeze({
  kind: "trace" as const,
  validate(spec: TraceWorkload, pageCount: number, field: string, action: string) {
    positive(action, `${field}.durationSeconds`, spec.durationSeconds);
    if (!Array.isArray(spec.accesses)) {
      throw new TypeError(
        `Cannot ${action} as ${field}.accesses must be an array: current value is ${
          show(spec.accesses)
        }`,
      );
    }
    let last = 0;
    spec.accesses.forEach((a, i) => {
      const at = `${field}.accesses[${i}]`;
      object(action, at, a);
      within(action, `${at}.timeSeconds`, a.timeSeconds, last, spec.durationSeconds);
      integer(action, `${at}.page`, a.page, 0, pageCount - 1);
      if (typeof a.write !== "boolean") {
        throw new TypeError(
          `Cannot ${action} as ${at}.write must be a boolean: current value is ${show(a.write)}`,
        );
      }
      last = a.timeSeconds;
    });
  },
  rates(spec: TraceWorkload) {
    const writes = spec.accesses.reduce((n, a) => n + (a.write ? 1 : 0), 0);
    return {
      writesPerSecond: writes / spec.durationSeconds,
      readsPerSecond: (spec.accesses.length - writes) / spec.durationSeconds,
    };
  },
  distribution(spec: TraceWorkload, pageCount: number) {
    const counts = new Map<number, { writes: number; accesses: number }>();
    let writes = 0;
    for (const { page, write } of spec.accesses) {
      const c = counts.get(page) ?? { writes: 0, accesses: 0 };
      c.accesses++;
      if (write) {
        c.writes++;
        writes++;
      }
      counts.set(page, c);
    }
    const total = spec.accesses.length;
    const runs: PageRun[] = [];
    let next = 0;
    for (const page of [...counts.keys()].sort((x, y) => x - y)) {
      if (page > next) runs.push({ pages: page - next, writeShare: 0, accessShare: 0 });
      const c = counts.get(page)!;
      runs.push({
        pages: 1,
        writeShare: writes === 0 ? 0 : c.writes / writes,
        accessShare: c.accesses / total,
      });
      next = page + 1;
    }
    if (next < pageCount) runs.push({ pages: pageCount - next, writeShare: 0, accessShare: 0 });
    return { runs, placement: START_PLACEMENT };
  },
  sampler(spec: TraceWorkload): ModelSampler {
    return traceSampler(spec);
  },
});

/** Replay of a recorded trace, looping every `durationSeconds`. */
function traceSampler(spec: TraceWorkload): ModelSampler {
  const { accesses: list, durationSeconds } = spec;
  const writeCount = list.reduce((n, a) => n + (a.write ? 1 : 0), 0);

  /** First index with time >= offset (binary search). */
  function lowerBound(offset: number): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]!.timeSeconds < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Marks writes with trace offset in [a, b) of one cycle; returns their count. */
  function writeSpan(a: number, b: number, dirty: Bitset, zero: ZeroWrites | undefined): number {
    let n = 0;
    for (let i = lowerBound(a); i < list.length && list[i]!.timeSeconds < b; i++) {
      if (list[i]!.write) {
        dirty.set(list[i]!.page);
        if (zero !== undefined) zeroWrite(zero, list[i]!.page);
        n++;
      }
    }
    return n;
  }

  function write(fromSeconds: number, toSeconds: number, dirty: Bitset, zero?: ZeroWrites): number {
    if (toSeconds <= fromSeconds || writeCount === 0) return 0;
    // Access k of cycle c happens at c x D + t_k (t_k may equal D). Cycles wholly
    // inside [from, to) are counted, not replayed: marking pages is idempotent (and
    // replaying one of them sets the zero state as the last of them would).
    const d = durationSeconds;
    const fullFirst = Math.ceil(fromSeconds / d);
    const fullLast = Math.ceil(toSeconds / d) - 2;
    let n = 0;
    if (fullLast >= fullFirst) {
      writeSpan(0, Infinity, dirty, zero);
      n += (fullLast - fullFirst + 1) * writeCount;
    }
    for (
      let c = Math.max(0, Math.floor(fromSeconds / d) - 1);
      c <= Math.floor(toSeconds / d);
      c++
    ) {
      if (c >= fullFirst && c <= fullLast) continue;
      const lo = Math.max(0, fromSeconds - c * d);
      const hi = toSeconds - c * d;
      if (hi > 0 && lo <= d) n += writeSpan(lo, hi, dirty, zero);
    }
    return n;
  }

  function accesses(fromSeconds: number): AccessCursor {
    let cycle = Math.floor(fromSeconds / durationSeconds);
    let index = lowerBound(fromSeconds - cycle * durationSeconds) - 1;
    // the cycle before's accesses at t_k = D happen at this cycle's start: from there
    // (as `write` counts them), when `fromSeconds` is that start
    if (cycle > 0) {
      const before = lowerBound(fromSeconds - (cycle - 1) * durationSeconds);
      if (before < list.length) {
        cycle--;
        index = before - 1;
      }
    }
    const cursor: AccessCursor = {
      timeSeconds: fromSeconds,
      page: 0,
      write: false,
      advance() {
        if (list.length === 0) {
          cursor.timeSeconds = Infinity;
          return;
        }
        index++;
        if (index >= list.length) {
          index = 0;
          cycle++;
        }
        const a = list[index]!;
        cursor.timeSeconds = cycle * durationSeconds + a.timeSeconds;
        cursor.page = a.page;
        cursor.write = a.write;
      },
    };
    cursor.advance();
    return cursor;
  }

  return { write, accesses };
}
