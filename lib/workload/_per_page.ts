/**
 * The per-page sampler of the stationary Poisson workloads (idle, uniform, hot/cold,
 * Zipf): what `createWorkload(spec, pageCount, prng, "per-page")` returns. Internal:
 * not re-exported from `mod.ts`.
 *
 * Why it is exact: a Poisson workload writes page `p` at its own rate
 * `λ_p = writesPerSecond · w_p` (and accesses it at `accessesPerSecond · w_p`, with
 * `w_p` the page's share), independently of every other page and of the past. So:
 *
 * - `write(from, to, dirty)`: page `p` is written in the window with probability
 *   `q_p = 1 - exp(-λ_p (to - from))`, independently of the other pages and of other
 *   windows. Within a block of ranks the pages written are drawn by geometric skips
 *   at the block's largest `q̄` (the pages not written, by skips at `1 - q̄`, when a
 *   block of equal pages is mostly written), each candidate kept with probability
 *   `q_p / q̄` (thinning; always 1 where a block's pages are equal, as in hot/cold).
 *   The cost grows with the pages written, not with the writes. The window's write
 *   count is one Poisson draw: exact on its own, drawn independently of which pages
 *   were written (nothing the engine decides reads it unless a write cap or a
 *   mechanism can act on it, which the sampler choice rules out).
 * - `accesses(from)`: only the first access to a page matters to a pull (after it the
 *   page is at the destination, or the vCPU waits until it is), so the cursor yields
 *   each page's first access, in time order: competing exponential clocks, one per
 *   block, at rate `(untouched pages) · (largest per-page access rate)`; a uniform
 *   untouched rank of the block (a partial Fisher-Yates shuffle); kept with
 *   probability `rate_p / largest` (thinning); a write with probability
 *   `writesPerSecond / accessesPerSecond`. The later accesses of a touched page form
 *   an independent Poisson stream (memorylessness), so the pull's write count and
 *   pages dirtied are drawn exactly at the end given the first-access times
 *   ({@link PerPageWorkload.pullTail}).
 *
 * Blocks are the model's runs of equal probability; Zipf's runs are merged into
 * blocks whose per-page rates differ by at most a factor of two, with the exact
 * per-rank rate `(r + 1)^-s / H` (the law the per-write engine's rejection-inversion
 * draws), so thinning keeps at least half of the candidates.
 *
 * @module
 */
import type { Bitset } from "../bitset/bitset.ts";
import { exponentialSource } from "../random/_exponential_ziggurat.ts";
import { poisson } from "../random/poisson.ts";
import type { Prng } from "../random/prng.ts";
import type { PhaseWorkload } from "./models/phased.ts";
import { phaseModel } from "./models/_phase_model.ts";
import { offsetPages, scatteredPages } from "./_placement.ts";
import type { AccessCursor, Workload } from "./workload.ts";
import { zeroWrite } from "./_zero_writes.ts";
import type { ZeroWrites } from "./zero_pages.ts";

/** A block of consecutive ranks sampled at one dominating per-page share. */
interface Block {
  /** First rank. */
  start: number;
  /** Ranks in the block. */
  pages: number;
  /** Largest share of one page of the block (of writes and of accesses). */
  share: number;
  /** Exact share of rank `r` when the block's pages differ (Zipf), else undefined. */
  shareOf: ((rank: number) => number) | undefined;
}

/** What the pull's later accesses of touched pages add at the end. */
export interface PullTail {
  /** Writes after the first accesses, up to the end. */
  writes: number;
  /** Pages first read and then written before the end. */
  pagesDirtied: number;
}

/** A per-page workload: a `Workload` plus the exact tail of a pull's statistics. */
export interface PerPageWorkload extends Workload {
  /**
   * The writes and newly dirtied pages that the accesses after each processed first
   * access add up to execution time `endExecSeconds` (the last cursor's stream).
   */
  pullTail(endExecSeconds: number): PullTail;
}

/** Blocks of a model's runs (Zipf's merged to a rate spread of two). */
function blocksOf(spec: PhaseWorkload, pageCount: number): Block[] {
  const runs = phaseModel(spec).distribution(spec, pageCount).runs;
  const blocks: Block[] = [];
  if (spec.kind === "zipf") {
    // Run 0 is rank 0 alone: its share is 1 / H.
    const s = spec.exponent;
    const inverseH = runs[0]!.writeShare;
    const shareOf = (rank: number) => Math.pow(rank + 1, -s) * inverseH;
    let start = 0;
    while (start < pageCount) {
      // Ranks start .. end - 1 with (end / (start + 1))^s <= 2.
      const end = Math.min(pageCount, Math.max(start + 1, Math.floor((start + 1) * 2 ** (1 / s))));
      blocks.push({ start, pages: end - start, share: shareOf(start), shareOf });
      start = end;
    }
    return blocks;
  }
  let start = 0;
  for (const run of runs) {
    if (run.writeShare > 0) {
      blocks.push({
        start,
        pages: run.pages,
        share: run.writeShare / run.pages,
        shareOf: undefined,
      });
    }
    start += run.pages;
  }
  return blocks;
}

/**
 * The per-page workload of a stationary Poisson spec (idle, uniform, hot/cold, Zipf)
 * on `pageCount` pages, drawing from `prng`.
 */
export function perPageWorkload(
  spec: PhaseWorkload,
  pageCount: number,
  prng: Prng,
): PerPageWorkload {
  const model = phaseModel(spec);
  const { writesPerSecond, readsPerSecond } = model.rates(spec);
  const accessesPerSecond = writesPerSecond + readsPerSecond;
  const writeShare = accessesPerSecond === 0 ? 0 : writesPerSecond / accessesPerSecond;
  const blocks = blocksOf(spec, pageCount);
  const expDraw = exponentialSource(prng);
  const placement = model.distribution(spec, pageCount).placement;
  const offset = placement.kind === "offset" ? offsetPages(placement.offsetFraction, pageCount) : 0;
  const perm = placement.kind === "scattered"
    ? scatteredPages(placement.seed, pageCount)
    : undefined;
  const n = pageCount;
  const page = (rank: number): number =>
    perm !== undefined ? perm[rank]! : rank + offset >= n ? rank + offset - n : rank + offset;

  /** Marks ranks [a, b) (consecutive, in one block) in `dirty`. */
  function markRange(a: number, b: number, dirty: Bitset, zero: ZeroWrites | undefined): void {
    if (b <= a) return;
    if (perm === undefined && zero === undefined) {
      const pa = a + offset;
      const pb = b + offset;
      if (pb <= n) dirty.setRange(pa, pb);
      else if (pa >= n) dirty.setRange(pa - n, pb - n);
      else {
        dirty.setRange(pa, n);
        dirty.setRange(0, pb - n);
      }
      return;
    }
    const words = dirty.words;
    for (let r = a; r < b; r++) {
      const p = page(r);
      words[p >>> 5]! |= 1 << (p & 31);
      if (zero !== undefined) zeroWrite(zero, p);
    }
  }

  function write(fromSeconds: number, toSeconds: number, dirty: Bitset, zero?: ZeroWrites): number {
    const s = toSeconds - fromSeconds;
    if (writesPerSecond === 0 || !(s > 0)) return 0;
    const words = dirty.words;
    for (const b of blocks) {
      const lambda = writesPerSecond * b.share * s; // -log(1 - q) of the block's largest q
      const q = -Math.expm1(-lambda);
      if (q === 0) continue;
      const end = b.start + b.pages;
      if (b.shareOf === undefined && q === 1) {
        markRange(b.start, end, dirty, zero);
        continue;
      }
      if (b.shareOf === undefined && q > 0.5) {
        // Mostly written: skips over the pages not written (each with probability
        // 1 - q, so skips of Exp(1) / -log(q)), marking the stretches between.
        const scale = -1 / Math.log(q);
        let from = b.start;
        for (;;) {
          const clean = from + Math.floor(expDraw() * scale);
          if (!(clean < end)) {
            markRange(from, end, dirty, zero);
            break;
          }
          markRange(from, clean, dirty, zero);
          from = clean + 1;
        }
        continue;
      }
      // Skips of floor(Exp(1) / lambda) pages between written ones; where the pages
      // differ (Zipf), each candidate is kept with probability q_p / q.
      const scale = 1 / lambda;
      const shareOf = b.shareOf;
      let r = b.start - 1;
      for (;;) {
        r += 1 + Math.floor(expDraw() * scale);
        if (!(r < end)) break;
        if (shareOf !== undefined && prng() * q >= -Math.expm1(-writesPerSecond * shareOf(r) * s)) {
          continue;
        }
        const p = perm !== undefined ? perm[r]! : r + offset >= n ? r + offset - n : r + offset;
        words[p >>> 5]! |= 1 << (p & 31);
        if (zero !== undefined) zeroWrite(zero, p);
      }
    }
    return poisson(prng, writesPerSecond * s);
  }

  // First accesses of the last cursor: execution time, write rate and kind, in order.
  let touchedTimes = new Float64Array(0);
  let touchedRates = new Float64Array(0);
  let touchedWrite = new Uint8Array(0);
  let touched = 0;
  let processed = 0;

  function accesses(fromSeconds: number): AccessCursor {
    const count = blocks.length;
    const untouched = new Float64Array(count);
    const rates = new Float64Array(count);
    // Each block's clock: the time of its next candidate first access.
    const next = new Float64Array(count);
    // Untouched ranks of a block once half of it is touched (a partial Fisher-Yates
    // list); before that, uniform ranks are drawn and touched ones rejected.
    const lists: (Int32Array | undefined)[] = blocks.map(() => undefined);
    const touchedRanks = new Uint32Array(Math.ceil(n / 32));
    for (let k = 0; k < count; k++) {
      untouched[k] = blocks[k]!.pages;
      rates[k] = accessesPerSecond * blocks[k]!.share;
      next[k] = rates[k]! > 0 ? fromSeconds + expDraw() / (untouched[k]! * rates[k]!) : Infinity;
    }
    touched = 0;
    processed = -1;
    const capacity = 1024;
    touchedTimes = new Float64Array(capacity);
    touchedRates = new Float64Array(capacity);
    touchedWrite = new Uint8Array(capacity);

    /** A uniform untouched rank of block k (which has one). */
    function untouchedRank(k: number): number {
      const b = blocks[k]!;
      const left = untouched[k]!;
      let list = lists[k];
      if (list === undefined && 2 * left > b.pages) {
        for (;;) {
          const r = b.start + Math.floor(prng() * b.pages);
          if ((touchedRanks[r >>> 5]! & (1 << (r & 31))) === 0) return r;
        }
      }
      if (list === undefined) {
        list = lists[k] = new Int32Array(left);
        let j = 0;
        for (let r = b.start; r < b.start + b.pages; r++) {
          if ((touchedRanks[r >>> 5]! & (1 << (r & 31))) === 0) list[j++] = r;
        }
      }
      const i = Math.floor(prng() * left);
      const r = list[i]!;
      list[i] = list[left - 1]!;
      list[left - 1] = r;
      return r;
    }

    const cursor: AccessCursor = {
      timeSeconds: fromSeconds,
      page: 0,
      write: false,
      advance() {
        processed++;
        for (;;) {
          let k = 0;
          for (let j = 1; j < count; j++) if (next[j]! < next[k]!) k = j;
          const t = next[k];
          if (t === undefined || t === Infinity) {
            cursor.timeSeconds = Infinity;
            return;
          }
          const b = blocks[k]!;
          const rank = untouchedRank(k);
          // Thinning where the block's pages differ: a candidate at the block's
          // largest rate is a first access with probability rate_p / largest.
          const kept = b.shareOf === undefined || prng() * b.share < b.shareOf(rank);
          if (kept) {
            touchedRanks[rank >>> 5]! |= 1 << (rank & 31);
            untouched[k] = untouched[k]! - 1;
          }
          // The block's clock restarts (memoryless) at its new rate.
          next[k] = untouched[k]! > 0 ? t + expDraw() / (untouched[k]! * rates[k]!) : Infinity;
          if (!kept) continue;
          cursor.timeSeconds = t;
          cursor.page = page(rank);
          cursor.write = writeShare === 1 || (writeShare > 0 && prng() < writeShare);
          if (touched === touchedTimes.length) grow();
          touchedTimes[touched] = t;
          touchedRates[touched] = writesPerSecond *
            (b.shareOf === undefined ? b.share : b.shareOf(rank));
          touchedWrite[touched] = cursor.write ? 1 : 0;
          touched++;
          return;
        }
      },
    };
    cursor.advance();
    return cursor;
  }

  function grow(): void {
    const times = new Float64Array(touchedTimes.length * 2);
    times.set(touchedTimes);
    touchedTimes = times;
    const r = new Float64Array(touchedRates.length * 2);
    r.set(touchedRates);
    touchedRates = r;
    const w = new Uint8Array(touchedWrite.length * 2);
    w.set(touchedWrite);
    touchedWrite = w;
  }

  function pullTail(endExecSeconds: number): PullTail {
    let mean = 0;
    let pagesDirtied = 0;
    const count = Math.min(Math.max(processed, 0), touched);
    for (let i = 0; i < count; i++) {
      const x = touchedRates[i]! * Math.max(0, endExecSeconds - touchedTimes[i]!);
      mean += x;
      if (touchedWrite[i] === 0 && x > 0 && prng() < -Math.expm1(-x)) pagesDirtied++;
    }
    return { writes: mean > 0 ? poisson(prng, mean) : 0, pagesDirtied };
  }

  return { accessesPerSecond, writesPerSecond, write, accesses, pullTail };
}
