import type { Bitset } from "../bitset/bitset.ts";
import { integer, oneOf } from "../_validate.ts";
import { exponential } from "../random/exponential.ts";
import { poisson } from "../random/poisson.ts";
import { createPrng, type Prng } from "../random/prng.ts";
import { source } from "../random/_finite.ts";
import { fillUniforms, xorgensState } from "../random/_xorgens.ts";
import type { PageRun } from "./model.ts";
import { workloadModel } from "./models.ts";
import type { PhaseWorkload, WorkloadPhase } from "./models/phased.ts";
import { phaseModel } from "./models/_phase_model.ts";
import { offsetPages, scatteredPages } from "./_placement.ts";
import type { PagePlacement } from "./placement.ts";
import type { WorkloadSpec } from "./spec.ts";
import { MAX_PAGE_COUNT, validateWorkload } from "./validate_workload.ts";
import type { AccessCursor, Workload } from "./workload.ts";
import { initialZeroPages, type ZeroWrites } from "./zero_pages.ts";
import { zeroWrite } from "./_zero_writes.ts";
import { type PerPageWorkload, perPageWorkload } from "./_per_page.ts";

export { hotSetPages } from "./models/hot_cold.ts";

/**
 * Creates the running {@link Workload} of a specification for a VM of `pageCount`
 * pages, drawing from `prng`.
 *
 * The sampler derives from the model's description (`WorkloadModel`): Poisson
 * workloads draw the number of writes in an interval (one Poisson draw), then one
 * uniform per write that picks a run by its cumulative share and a rank inside it
 * (Zipf draws its rank by rejection-inversion instead); the placement maps the rank
 * to a page. The access stream draws exponential gaps, a page and a write/read
 * choice per access. The sequential writer and traces draw nothing.
 *
 * With `spec.zeroPages`, the workload's `zeroPages` bitset starts as
 * `initialZeroPages` says and every write updates it; when `zeroingWriteShare > 0`
 * the zeroing draws come from a stream of their own, seeded by one draw of `prng`
 * at creation, so that they do not shift the pages written.
 *
 * @param spec What the VM does.
 * @param pageCount Pages of the VM.
 * @param prng The workload's own random stream: numbers in [0, 1) (a generator not
 *   made by `createPrng` has each draw checked, and a draw outside [0, 1) throws a
 *   RangeError when it is taken).
 * @param sampler `"per-page"` draws the stationary Poisson models page by page
 *   (`_per_page.ts`: the pages a window writes, and each page's first access, at a
 *   cost that grows with the pages touched); the sequential writer and traces draw
 *   nothing either way, and a phased mix always draws write by write.
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
 *
 * @example Zero pages: a write makes its page non-zero
 * ```ts
 * import { createBitset, createPrng, createWorkload } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const w = createWorkload(
 *   { kind: "sequential", writesPerSecond: 10, zeroPages: { initialShare: 1 } },
 *   100,
 *   createPrng(1),
 * );
 * assert.equal(w.zeroPages!.count(), 100);
 * w.write(0, 1, createBitset(100)); // pages 0 .. 9
 * assert.equal(w.zeroPages!.count(), 90);
 * assert.equal(w.zeroPages!.has(9), false);
 * ```
 */
export function createWorkload(
  spec: WorkloadSpec,
  pageCount: number,
  prng: Prng,
  sampler: "per-write" | "per-page" = "per-write",
): Workload {
  integer("create a workload", "pageCount", pageCount, 1, MAX_PAGE_COUNT);
  oneOf("create a workload", "sampler", sampler, ["per-write", "per-page"]);
  validateWorkload(spec, pageCount);
  // a generator of the caller's (not createPrng's) has every draw checked: a draw out of
  // [0, 1) made the per-page sampler loop forever and the per-write one count writes of
  // pages past the last
  if (xorgensState(prng) === undefined) prng = source("create a workload", prng, Infinity);
  let zero: ZeroWrites | undefined;
  if (spec.zeroPages !== undefined) {
    const share = spec.zeroPages.zeroingWriteShare ?? 0;
    zero = {
      bits: initialZeroPages(spec.zeroPages, pageCount),
      zeroingShare: share,
      prng: share > 0 ? createPrng(Math.floor(prng() * 2 ** 32), "zero-pages") : prng,
    };
  }
  let inner: Workload;
  if (spec.kind === "phased") {
    inner = phasedWorkload(spec.phases, pageCount, prng);
  } else if (spec.kind === "trace" || spec.kind === "sequential") {
    const model = workloadModel(spec);
    const { writesPerSecond, readsPerSecond } = model.rates(spec);
    const sampler = model.sampler!(spec, pageCount, prng);
    inner = {
      accessesPerSecond: writesPerSecond + readsPerSecond,
      writesPerSecond,
      write: sampler.write,
      accesses: sampler.accesses,
    };
  } else if (sampler === "per-page") {
    inner = perPageWorkload(spec, pageCount, prng);
  } else {
    inner = poissonWorkload(spec, pageCount, prng);
  }
  if (zero === undefined) return inner;
  const wrapped = withZeroPages(inner, zero);
  const perPage = inner as Partial<PerPageWorkload>;
  return perPage.pullTail === undefined
    ? wrapped
    : { ...wrapped, pullTail: perPage.pullTail, addedPages: perPage.addedPages } as PerPageWorkload;
}

/** Scratch block of uniform draws for the write hot loop (one thread, not re-entered). */
const UNIFORMS = new Float64Array(4096);

/** Sampler write functions take the zero-page state as an optional 4th argument. */
type WriteWithZero = (
  fromSeconds: number,
  toSeconds: number,
  dirty: Bitset,
  zero?: ZeroWrites,
) => number;

/** Adds zero-page tracking: writes update it, and so does the cursor past a write. */
function withZeroPages(inner: Workload, zero: ZeroWrites): Workload {
  const write = inner.write as WriteWithZero;
  return {
    accessesPerSecond: inner.accessesPerSecond,
    writesPerSecond: inner.writesPerSecond,
    zeroPages: zero.bits,
    write: (fromSeconds, toSeconds, dirty) => write(fromSeconds, toSeconds, dirty, zero),
    accesses(fromSeconds) {
      const source = inner.accesses(fromSeconds);
      // A write's effect on the zero pages applies when the cursor moves past it,
      // after the engine has handled the access (fault, then write).
      const cursor: AccessCursor = {
        timeSeconds: source.timeSeconds,
        page: source.page,
        write: source.write,
        advance() {
          if (cursor.write && cursor.timeSeconds !== Infinity) zeroWrite(zero, cursor.page);
          source.advance();
          cursor.timeSeconds = source.timeSeconds;
          cursor.page = source.page;
          cursor.write = source.write;
        },
      };
      return cursor;
    },
  };
}

/** A stationary workload, with its page picker exposed to phased workloads. */
interface Stationary extends Workload {
  /** Draws the page of one access. */
  pick(): number;
  /** Share of accesses that are writes. */
  writeShare: number;
}

/**
 * Rank pickers of a model's one or two runs, from one uniform `u`. `write` and `pick` differ
 * only in float rounding (`u x (pages / share)` against `(u x pages) / share`): the
 * write path's precomputed scale is the faster, and each keeps the draws of the
 * first version of the engine so that results stay the same for the same seed.
 */
function runPickers(
  runs: readonly PageRun[],
): { write: (u: number) => number; pick: (u: number) => number } {
  if (runs.length === 1) {
    const n = runs[0]!.pages;
    const share = runs[0]!.writeShare === 0 ? 1 : runs[0]!.writeShare;
    const scale = n / share;
    return { write: (u) => (u * scale) | 0, pick: (u) => ((u * n) / share) | 0 };
  }
  if (runs.length === 2) {
    const [a, b] = [runs[0]!, runs[1]!];
    const share = a.writeShare;
    const scaleA = a.pages / share;
    const scaleB = b.pages / b.writeShare;
    return {
      write: (u) => u < share ? (u * scaleA) | 0 : a.pages + (((u - share) * scaleB) | 0),
      pick: (u) =>
        u < share
          ? ((u * a.pages) / share) | 0
          : a.pages + ((((u - share) * b.pages) / b.writeShare) | 0),
    };
  }
  // Every model with more runs (Zipf) draws its ranks with a sampler of its own.
  throw new TypeError(
    `Cannot create a workload as a model with ${runs.length} runs needs a rank sampler`,
  );
}

/** Rank-to-page map of a placement, or undefined for the identity. */
function placer(
  placement: PagePlacement,
  pageCount: number,
): ((rank: number) => number) | undefined {
  switch (placement.kind) {
    case "start":
      return undefined;
    case "offset": {
      const o = offsetPages(placement.offsetFraction, pageCount);
      if (o === 0) return undefined;
      return (r) => (r + o >= pageCount ? r + o - pageCount : r + o);
    }
    case "scattered": {
      const perm = scatteredPages(placement.seed, pageCount);
      return (r) => perm[r]!;
    }
  }
}

/** A stationary Poisson workload (idle, uniform, hot/cold, Zipf). */
function poissonWorkload(spec: PhaseWorkload, pageCount: number, prng: Prng): Stationary {
  const model = phaseModel(spec);
  const { writesPerSecond, readsPerSecond } = model.rates(spec);
  const accessesPerSecond = writesPerSecond + readsPerSecond;
  const writeShare = accessesPerSecond === 0 ? 0 : writesPerSecond / accessesPerSecond;
  const { runs, placement } = model.distribution(spec, pageCount);
  const place = placer(placement, pageCount);
  const sampleRank = model.rankSampler?.(spec, pageCount);
  let rankOfAccess: () => number;
  let rankOfWrite: () => number;
  // The write rank of one uniform draw, when a write takes exactly one draw.
  let rankOfUniform: ((u: number) => number) | undefined;
  if (sampleRank !== undefined) {
    rankOfAccess = rankOfWrite = () => sampleRank(prng);
  } else {
    const pickers = runPickers(runs);
    rankOfAccess = () => pickers.pick(prng());
    rankOfWrite = () => pickers.write(prng());
    rankOfUniform = pickers.write;
  }
  const pick = place === undefined ? rankOfAccess : () => place(rankOfAccess());
  const drawWrite = place === undefined ? rankOfWrite : () => place(rankOfWrite());
  // The fast loops below inline the one- and two-run pickers (no call per write).
  const fast = place === undefined && sampleRank === undefined && runs.length <= 2;
  const scale0 = runs.length === 0 ? 0 : runs[0]!.pages / runs[0]!.writeShare;
  const split = runs.length === 2 ? runs[0]!.writeShare : 1;
  const head = runs[0]?.pages ?? 0;
  const scale1 = runs.length === 2 ? runs[1]!.pages / runs[1]!.writeShare : 0;

  function write(fromSeconds: number, toSeconds: number, dirty: Bitset, zero?: ZeroWrites): number {
    if (writesPerSecond === 0 || toSeconds <= fromSeconds) return 0;
    const n = poisson(prng, writesPerSecond * (toSeconds - fromSeconds));
    const words = dirty.words;
    if (zero === undefined && fast) {
      // Hot loop: the draws come in blocks (the same numbers, one tight loop), then
      // one bit per write, no call.
      const u = UNIFORMS;
      for (let done = 0; done < n; done += u.length) {
        const m = Math.min(u.length, n - done);
        fillUniforms(prng, u, m);
        if (runs.length === 1) {
          for (let k = 0; k < m; k++) {
            const page = (u[k]! * scale0) | 0;
            words[page >>> 5]! |= 1 << (page & 31);
          }
        } else {
          for (let k = 0; k < m; k++) {
            const v = u[k]!;
            const page = v < split ? (v * scale0) | 0 : head + (((v - split) * scale1) | 0);
            words[page >>> 5]! |= 1 << (page & 31);
          }
        }
      }
    } else if (rankOfUniform !== undefined) {
      // A placement or zero pages: the same draws in blocks (zeroing draws, if any,
      // come from a stream of their own), the page through the picker and placement.
      const u = UNIFORMS;
      for (let done = 0; done < n; done += u.length) {
        const m = Math.min(u.length, n - done);
        fillUniforms(prng, u, m);
        for (let k = 0; k < m; k++) {
          const rank = rankOfUniform(u[k]!);
          const page = place === undefined ? rank : place(rank);
          words[page >>> 5]! |= 1 << (page & 31);
          if (zero !== undefined) zeroWrite(zero, page);
        }
      }
    } else {
      for (let i = 0; i < n; i++) {
        const page = drawWrite();
        words[page >>> 5]! |= 1 << (page & 31);
        if (zero !== undefined) zeroWrite(zero, page);
      }
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
  function writeWithinCycle(a: number, b: number, dirty: Bitset, zero?: ZeroWrites): number {
    let n = 0;
    for (let i = 0; i < phases.length; i++) {
      const lo = Math.max(a, starts[i]!);
      const hi = Math.min(b, starts[i]! + phases[i]!.durationSeconds);
      if (hi > lo) n += (parts[i]!.write as WriteWithZero)(lo, hi, dirty, zero);
    }
    return n;
  }

  function write(fromSeconds: number, toSeconds: number, dirty: Bitset, zero?: ZeroWrites): number {
    if (toSeconds <= fromSeconds) return 0;
    const c0 = Math.floor(fromSeconds / cycleSeconds);
    const c1 = Math.floor(toSeconds / cycleSeconds);
    if (c0 === c1) {
      return writeWithinCycle(
        fromSeconds - c0 * cycleSeconds,
        toSeconds - c0 * cycleSeconds,
        dirty,
        zero,
      );
    }
    let n = writeWithinCycle(fromSeconds - c0 * cycleSeconds, cycleSeconds, dirty, zero);
    // k whole cycles: a stationary phase's writes depend only on its total length,
    // so each phase runs once for k times its duration.
    const k = c1 - c0 - 1;
    if (k > 0) {
      for (let i = 0; i < phases.length; i++) {
        n += (parts[i]!.write as WriteWithZero)(0, k * phases[i]!.durationSeconds, dirty, zero);
      }
    }
    return n + writeWithinCycle(0, toSeconds - c1 * cycleSeconds, dirty, zero);
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
