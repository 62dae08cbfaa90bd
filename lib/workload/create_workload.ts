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

  /** Writes within one cycle between offsets a and b, phase by phase. */
  function writeWithinCycle(a: number, b: number, dirty: Bitset): number {
    let n = 0;
    for (let i = 0; i < phases.length; i++) {
      const lo = Math.max(a, starts[i]!);
      const hi = Math.min(b, starts[i]! + phases[i]!.durationSeconds);
      if (hi > lo) n += parts[i]!.write(lo, hi, dirty);
    }
    return n;
  }

  function write(fromSeconds: number, toSeconds: number, dirty: Bitset): number {
    if (toSeconds <= fromSeconds) return 0;
    const c0 = Math.floor(fromSeconds / cycleSeconds);
    const c1 = Math.floor(toSeconds / cycleSeconds);
    if (c0 === c1) {
      return writeWithinCycle(
        fromSeconds - c0 * cycleSeconds,
        toSeconds - c0 * cycleSeconds,
        dirty,
      );
    }
    let n = writeWithinCycle(fromSeconds - c0 * cycleSeconds, cycleSeconds, dirty);
    // k whole cycles: a stationary phase's writes depend only on its total length,
    // so each phase runs once for k times its duration.
    const k = c1 - c0 - 1;
    if (k > 0) {
      for (let i = 0; i < phases.length; i++) {
        n += parts[i]!.write(0, k * phases[i]!.durationSeconds, dirty);
      }
    }
    return n + writeWithinCycle(0, toSeconds - c1 * cycleSeconds, dirty);
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
        // Inversion of the integrated intensity: draw E ~ Exp(1) and walk the phases
        // until their accumulated rate x time reaches E; whole cycles are skipped at once.
        let e = exponential(prng, 1);
        const t = cursor.timeSeconds;
        let cycle = Math.floor(t / cycleSeconds);
        let offset = t - cycle * cycleSeconds;
        let i = 0;
        while (i < phases.length - 1 && offset >= starts[i]! + phases[i]!.durationSeconds) i++;
        for (;;) {
          const part = parts[i]!;
          const rate = part.accessesPerSecond;
          const end = starts[i]! + phases[i]!.durationSeconds;
          const available = rate * Math.max(0, end - offset);
          if (e < available) {
            cursor.timeSeconds = cycle * cycleSeconds + offset + e / rate;
            cursor.page = part.pick();
            cursor.write = prng() < part.writeShare;
            return;
          }
          e -= available;
          if (++i === phases.length) {
            i = 0;
            cycle++;
            const skip = Math.floor(e / total);
            cycle += skip;
            e = Math.max(0, e - skip * total);
          }
          offset = starts[i]!;
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
