import type { Bitset } from "../migration/bitset.ts";
import { integer } from "../_validate.ts";
import { MAX_PAGE_COUNT, validateWorkload } from "../migration/validate.ts";
import { exponential } from "../random/exponential.ts";
import { poisson } from "../random/poisson.ts";
import type { Prng } from "../random/prng.ts";
import { createZipfSampler } from "../random/zipf.ts";
import type { TraceWorkload, WorkloadPhase, WorkloadSpec } from "./spec.ts";
import type { AccessCursor, Workload } from "./workload.ts";

/**
 * Number of pages in the hot set of a hot/cold workload: the first
 * `max(1, round(hotFraction x pageCount))` pages.
 *
 * @param hotFraction Share of the pages in the hot set.
 * @param pageCount Pages of the VM.
 * @returns Pages in the hot set.
 *
 * @example
 * ```ts
 * import { hotSetPages } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(hotSetPages(0.05, 1000), 50);
 * ```
 */
export function hotSetPages(hotFraction: number, pageCount: number): number {
  return Math.min(pageCount, Math.max(1, Math.round(hotFraction * pageCount)));
}

/**
 * Creates the running {@link Workload} of a specification for a VM of `pageCount`
 * pages, drawing from `prng`.
 *
 * Synthetic workloads are Poisson processes: the number of writes in an interval is
 * one Poisson draw, then each write costs one uniform draw that picks its page (two
 * or more for Zipf, by rejection-inversion). The access stream draws exponential
 * gaps, a page and a write/read choice per access.
 *
 * @param spec What the VM does.
 * @param pageCount Pages of the VM.
 * @param prng The workload's own random stream.
 * @returns The running workload.
 *
 * @example Ten seconds of uniform writes dirty about P(1 - (1 - 1/P)^w) pages
 * ```ts
 * import { createBitset, createPrng, createWorkload } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const w = createWorkload({ kind: "uniform", writesPerSecond: 100 }, 1000, createPrng(1));
 * const dirty = createBitset(1000);
 * const writes = w.write(0, 10, dirty);
 * assert.ok(writes > 850 && writes < 1150);
 * assert.ok(dirty.count() <= writes);
 * ```
 */
export function createWorkload(spec: WorkloadSpec, pageCount: number, prng: Prng): Workload {
  integer("create a workload", "pageCount", pageCount, 1, MAX_PAGE_COUNT);
  validateWorkload(spec, pageCount);
  switch (spec.kind) {
    case "phased":
      return phasedWorkload(spec.phases, pageCount, prng);
    case "trace":
      return traceWorkload(spec);
    default:
      return poissonWorkload(spec, pageCount, prng);
  }
}

type SimpleSpec = WorkloadPhase["workload"];

/** A stationary workload, with its page picker exposed to phased workloads. */
interface Stationary extends Workload {
  /** Draws the page of one access. */
  pick(): number;
  /** Share of accesses that are writes. */
  writeShare: number;
}

/** A stationary Poisson workload (idle, uniform, hot/cold, Zipf). */
function poissonWorkload(spec: SimpleSpec, pageCount: number, prng: Prng): Stationary {
  const writesPerSecond = spec.kind === "idle" ? 0 : spec.writesPerSecond;
  const readsPerSecond = spec.kind === "idle" ? 0 : spec.readsPerSecond ?? 0;
  const accessesPerSecond = writesPerSecond + readsPerSecond;
  const pick = pagePicker(spec, pageCount, prng);
  const writeShare = accessesPerSecond === 0 ? 0 : writesPerSecond / accessesPerSecond;

  function write(fromSeconds: number, toSeconds: number, dirty: Bitset): number {
    if (writesPerSecond === 0 || toSeconds <= fromSeconds) return 0;
    const n = poisson(prng, writesPerSecond * (toSeconds - fromSeconds));
    const words = dirty.words;
    if (spec.kind === "uniform") {
      // Hot loop: one draw and one bit per write, no call.
      for (let i = 0; i < n; i++) {
        const page = (prng() * pageCount) | 0;
        words[page >>> 5]! |= 1 << (page & 31);
      }
    } else if (spec.kind === "hot-cold") {
      const hot = hotSetPages(spec.hotFraction, pageCount);
      const cold = pageCount - hot;
      const share = cold === 0 ? 1 : spec.hotShare;
      const hotScale = hot / share;
      const coldScale = cold / (1 - share);
      for (let i = 0; i < n; i++) {
        const u = prng();
        const page = u < share ? (u * hotScale) | 0 : hot + (((u - share) * coldScale) | 0);
        words[page >>> 5]! |= 1 << (page & 31);
      }
    } else {
      for (let i = 0; i < n; i++) dirty.set(pick());
    }
    return n;
  }

  function accesses(fromSeconds: number): AccessCursor {
    const cursor: AccessCursor = {
      timeSeconds: fromSeconds,
      page: 0,
      write: false,
      advance() {
        if (accessesPerSecond === 0) {
          cursor.timeSeconds = Infinity;
          return;
        }
        cursor.timeSeconds += exponential(prng, accessesPerSecond);
        cursor.page = pick();
        cursor.write = prng() < writeShare;
      },
    };
    cursor.advance();
    return cursor;
  }

  return { accessesPerSecond, writesPerSecond, write, accesses, pick, writeShare };
}

/** Returns a function that draws one page of the workload's page distribution. */
function pagePicker(spec: SimpleSpec, pageCount: number, prng: Prng): () => number {
  switch (spec.kind) {
    case "idle":
    case "uniform":
      return () => (prng() * pageCount) | 0;
    case "hot-cold": {
      const hot = hotSetPages(spec.hotFraction, pageCount);
      const cold = pageCount - hot;
      const share = cold === 0 ? 1 : spec.hotShare;
      return () => {
        const u = prng();
        return u < share
          ? ((u * hot) / share) | 0
          : hot + ((((u - share) * cold) / (1 - share)) | 0);
      };
    }
    case "zipf": {
      const sample = createZipfSampler(pageCount, spec.exponent);
      return () => sample(prng);
    }
  }
}

/** A cycle of stationary phases. */
function phasedWorkload(phases: WorkloadPhase[], pageCount: number, prng: Prng): Workload {
  const parts = phases.map((p) => poissonWorkload(p.workload, pageCount, prng));
  const starts: number[] = [];
  let cycleSeconds = 0;
  for (const p of phases) {
    starts.push(cycleSeconds);
    cycleSeconds += p.durationSeconds;
  }
  let writes = 0;
  let total = 0;
  phases.forEach((p, i) => {
    writes += parts[i]!.writesPerSecond * p.durationSeconds;
    total += parts[i]!.accessesPerSecond * p.durationSeconds;
  });

  /** Index of the phase at absolute time t, and that phase's absolute end. */
  function phaseAt(t: number): { index: number; endSeconds: number } {
    const cycle = Math.floor(t / cycleSeconds);
    const offset = t - cycle * cycleSeconds;
    let index = phases.length - 1;
    for (let i = 0; i < phases.length; i++) {
      if (offset < starts[i]! + phases[i]!.durationSeconds) {
        index = i;
        break;
      }
    }
    return {
      index,
      endSeconds: cycle * cycleSeconds + starts[index]! + phases[index]!.durationSeconds,
    };
  }

  function write(fromSeconds: number, toSeconds: number, dirty: Bitset): number {
    let n = 0;
    let t = fromSeconds;
    while (t < toSeconds) {
      const { index, endSeconds } = phaseAt(t);
      const end = Math.min(endSeconds, toSeconds);
      n += parts[index]!.write(t, end, dirty);
      t = endSeconds > t ? end : t + Number.EPSILON * Math.max(1, t);
    }
    return n;
  }

  function accesses(fromSeconds: number): AccessCursor {
    const cursor: AccessCursor = {
      timeSeconds: fromSeconds,
      page: 0,
      write: false,
      advance() {
        if (total === 0) {
          cursor.timeSeconds = Infinity;
          return;
        }
        // Memorylessness: a gap that crosses a phase end restarts at that end.
        let t = cursor.timeSeconds;
        for (;;) {
          const { index, endSeconds } = phaseAt(t);
          const part = parts[index]!;
          if (part.accessesPerSecond > 0) {
            const next = t + exponential(prng, part.accessesPerSecond);
            if (next < endSeconds) {
              cursor.timeSeconds = next;
              cursor.page = part.pick();
              cursor.write = prng() < part.writeShare;
              return;
            }
          }
          t = endSeconds > t ? endSeconds : t + Number.EPSILON * Math.max(1, t);
        }
      },
    };
    cursor.advance();
    return cursor;
  }

  return {
    accessesPerSecond: total / cycleSeconds,
    writesPerSecond: writes / cycleSeconds,
    write,
    accesses,
  };
}

/** Replay of a recorded trace, looping every `durationSeconds`. */
function traceWorkload(spec: TraceWorkload): Workload {
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
  function writeSpan(a: number, b: number, dirty: Bitset): number {
    let n = 0;
    for (let i = lowerBound(a); i < list.length && list[i]!.timeSeconds < b; i++) {
      if (list[i]!.write) {
        dirty.set(list[i]!.page);
        n++;
      }
    }
    return n;
  }

  function write(fromSeconds: number, toSeconds: number, dirty: Bitset): number {
    if (toSeconds <= fromSeconds || writeCount === 0) return 0;
    // Access k of cycle c happens at c x D + t_k (t_k may equal D). Cycles wholly
    // inside [from, to) are counted, not replayed: marking pages is idempotent.
    const d = durationSeconds;
    const fullFirst = Math.ceil(fromSeconds / d);
    const fullLast = Math.ceil(toSeconds / d) - 2;
    let n = 0;
    if (fullLast >= fullFirst) {
      writeSpan(0, Infinity, dirty);
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
      if (hi > 0 && lo <= d) n += writeSpan(lo, hi, dirty);
    }
    return n;
  }

  function accesses(fromSeconds: number): AccessCursor {
    let cycle = Math.floor(fromSeconds / durationSeconds);
    let index = lowerBound(fromSeconds - cycle * durationSeconds) - 1;
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

  return {
    accessesPerSecond: list.length / durationSeconds,
    writesPerSecond: writeCount / durationSeconds,
    write,
    accesses,
  };
}
