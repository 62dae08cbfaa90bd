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
 *   In a large block of equal pages two cheaper draws of the same law take over: where
 *   `0.1 <= q <= 0.9`, eight pages at a time, one 32-bit draw picking the octet's
 *   pattern of written pages from an alias table (`octetProbabilities`); where many
 *   sparse pages are written, one 32-bit draw per skip from an alias table of the
 *   geometric law (`geometricProbabilities`). The sampler counts the pages it newly
 *   marks (`addedPages`), so the engine needs no pass over the bitset to count them.
 *   The cost grows with the pages written, not with the writes. The window's write
 *   count is drawn given the pages written, so that the two are exact jointly (as the
 *   per-write engine counts it: every write in the window, to a page already dirty or
 *   not): a page written has a zero-truncated Poisson count of writes, one sum per
 *   block of equal pages, one draw per page where they differ (Zipf); see
 *   `_zero_truncated_poisson.ts`.
 * - `accesses(from)`: only the first access to a page matters to a pull (after it the
 *   page is at the destination, or the vCPU waits until it is), so the cursor yields
 *   each page's first access, in time order: competing exponential clocks, one per
 *   block, at rate `(untouched pages) · (largest per-page access rate)`; a uniform
 *   untouched rank of the block (a partial Fisher-Yates shuffle); kept with
 *   probability `rate_p / largest` (thinning); a write with probability
 *   `writesPerSecond / accessesPerSecond`. The later accesses of a touched page form
 *   an independent Poisson stream (memorylessness), so the pull's write count and
 *   pages dirtied are drawn exactly at the end given the first-access times
 *   ({@link PerPageWorkload.pullTail}): a page first read is dirtied with probability
 *   `1 - exp(-x)` and then has a zero-truncated Poisson(x) count of later writes.
 *
 * Blocks are the model's runs of equal probability; Zipf's runs are merged into
 * blocks whose per-page rates differ by at most a factor of two, with the exact
 * per-rank rate `(r + 1)^-s / H` (the law the per-write engine's rejection-inversion
 * draws), so thinning keeps at least half of the candidates.
 *
 * @module
 */
import type { Bitset } from "../bitset/bitset.ts";
import { popcount } from "../bitset/_popcount.ts";
import { Alias256, geometricProbabilities, octetProbabilities } from "../random/_alias_256.ts";
import { DrawSource } from "../random/_draw_source.ts";
import { poisson } from "../random/poisson.ts";
import type { Prng } from "../random/prng.ts";
import {
  zeroTruncatedPoisson,
  zeroTruncatedPoissonSum,
} from "../random/_zero_truncated_poisson.ts";
import type { PhaseWorkload } from "./models/phased.ts";
import { powerSum } from "./models/_power_sum.ts";
import { phaseModel } from "./models/_phase_model.ts";
import { offsetPages, scatteredPages } from "./_placement.ts";
import type { AccessCursor, Workload } from "./workload.ts";
import { zeroWrite } from "./_zero_writes.ts";
import type { ZeroWrites } from "./zero_pages.ts";

/**
 * A block of equal pages whose pages are each written with probability q in
 * [OCTET_MIN, 1 - OCTET_MIN] is drawn eight pages per draw (`octetProbabilities`): a
 * geometric skip per written (or, above one half, per clean) page costs about as much
 * as a draw per 8 pages at q near 1 / 10. Blocks under OCTET_MIN_PAGES pages keep the skips.
 */
const OCTET_MIN = 0.1;
const OCTET_MIN_PAGES = 64;

/**
 * Sparse blocks of equal pages draw their skips from an alias table (one 32-bit draw
 * per skip instead of an exponential's two) when the hazard per page is at least
 * ALIAS_SKIP_MIN_LAMBDA (so that a skip passes the table's 255 pages with probability
 * under e^-5) and about ALIAS_SKIP_MIN_PAGES pages or more are written (to pay for
 * building the table).
 */
const ALIAS_SKIP_MIN_LAMBDA = 0.02;
const ALIAS_SKIP_MIN_PAGES = 1000;

/** First accesses are kept in chunks of 2^CHUNK_BITS. */
const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;

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
  /**
   * Pages the last `write` call set in its bitset that were not set before (its
   * bitset's count, when it started empty, without a pass over it).
   */
  addedPages(): number;
}

/** Blocks of a model's runs (Zipf's merged to a rate spread of two). */
function blocksOf(spec: PhaseWorkload, pageCount: number): Block[] {
  const runs = phaseModel(spec).distribution(spec, pageCount).runs;
  const blocks: Block[] = [];
  if (spec.kind === "zipf") {
    // Rank 0's share is 1 / H: run 0's share over its ranks' mass (run 0 is rank 0 alone
    // but for exponents so small that a run spans a ratio of 2 or more).
    const s = spec.exponent;
    const inverseH = runs[0]!.writeShare / powerSum(1, runs[0]!.pages, s);
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

/** Pages the last `skipMark` / `aliasSkipMark` marked that were not marked before. */
const marked = { added: 0 };

/**
 * Marks in `words` the ranks of [start, end) that skips of floor(Exp(1) * scale)
 * ranks land on (rank r is page r + offset, wrapped at n); returns how many it landed
 * on, and leaves in `marked.added` how many of them were not marked before. The common case of `write`, in a function of its own so that
 * the draw compiles into the loop.
 */
function skipMark(
  draws: DrawSource,
  words: Uint32Array,
  start: number,
  end: number,
  scale: number,
  offset: number,
  n: number,
): number {
  let added = 0;
  let written = 0;
  let r = start - 1;
  for (;;) {
    r += 1 + Math.floor(draws.exponential() * scale);
    if (!(r < end)) {
      marked.added = added;
      return written;
    }
    written++;
    const p = r + offset >= n ? r + offset - n : r + offset;
    added += markPage(words, p);
  }
}

/**
 * {@link skipMark} with the skips drawn from `skips` (built by
 * `geometricProbabilities`): one 32-bit draw per skip, outcome 255 meaning 255 clean
 * pages and a fresh skip.
 */
function aliasSkipMark(
  skips: Alias256,
  draws: DrawSource,
  words: Uint32Array,
  start: number,
  end: number,
  offset: number,
  n: number,
): number {
  const st = draws.s;
  if (st === undefined) return aliasSkipMarkPlain(skips, draws, words, start, end, offset, n);
  // The loop of aliasSkipMarkPlain with the generator's step (`_xorgens.ts`) and the
  // table's draw (`Alias256.draw`) in locals: the same numbers, about an eighth
  // faster on the reference scenario.
  const x = st.x;
  const whole = skips.whole;
  const alias = skips.alias;
  let si = st.i;
  let sw = st.w;
  let added = 0;
  let written = 0;
  let r = start;
  for (;;) {
    si = (si + 1) & 127;
    sw = (sw + 0x61c88647) | 0;
    let v = x[(si + 33) & 127]!;
    let t = x[si]!;
    v ^= v << 13;
    t ^= t << 17;
    v ^= v >>> 15;
    t ^= t >>> 12;
    v ^= t;
    x[si] = v;
    const u = (v + (sw ^ (sw >>> 16))) >>> 0;
    const column = u >>> 24;
    const low = u & 0xffffff;
    const threshold = whole[column]!;
    let g: number;
    if (low < threshold) g = column;
    else if (low > threshold) g = alias[column]!;
    else {
      // A tie: one more uniform from the generator, its state written back first.
      st.i = si;
      st.w = sw;
      g = draws.prng() < skips.part[column]! ? column : alias[column]!;
      si = st.i;
      sw = st.w;
    }
    r += g;
    if (!(r < end)) {
      st.i = si;
      st.w = sw;
      marked.added = added;
      return written;
    }
    if (g === 255) continue;
    written++;
    const p = r + offset >= n ? r + offset - n : r + offset;
    added += markPage(words, p);
    r++;
  }
}

/**
 * Marks in `words` the ranks of [start, end) that the octet patterns of `octets`
 * (built by `octetProbabilities`) draw, eight ranks per 32-bit draw (rank r is page
 * r + offset, wrapped at n); returns how many ranks were drawn written, and leaves in
 * `marked.added` how many of their pages were not marked before. The generator steps
 * in locals where it can, as in {@link aliasSkipMark}: the same numbers.
 */
function octetMark(
  octets: Alias256,
  draws: DrawSource,
  words: Uint32Array,
  start: number,
  end: number,
  offset: number,
  n: number,
): number {
  const st = draws.s;
  const whole = octets.whole;
  const alias = octets.alias;
  const last = (end - start) & 7;
  let si = st === undefined ? 0 : st.i;
  let sw = st === undefined ? 0 : st.w;
  let added = 0;
  let written = 0;
  for (let r = start; r < end; r += 8) {
    let u: number;
    if (st !== undefined) {
      const x = st.x;
      si = (si + 1) & 127;
      sw = (sw + 0x61c88647) | 0;
      let v = x[(si + 33) & 127]!;
      let t = x[si]!;
      v ^= v << 13;
      t ^= t << 17;
      v ^= v >>> 15;
      t ^= t >>> 12;
      v ^= t;
      x[si] = v;
      u = (v + (sw ^ (sw >>> 16))) >>> 0;
    } else u = draws.uint32();
    const column = u >>> 24;
    const low = u & 0xffffff;
    const threshold = whole[column]!;
    let pattern: number;
    if (low < threshold) pattern = column;
    else if (low > threshold) pattern = alias[column]!;
    else {
      // A tie: one more uniform from the generator, its state written back first.
      if (st !== undefined) {
        st.i = si;
        st.w = sw;
      }
      pattern = draws.prng() < octets.part[column]! ? column : alias[column]!;
      if (st !== undefined) {
        si = st.i;
        sw = st.w;
      }
    }
    if (pattern === 0) continue;
    if (r + 8 > end) pattern &= (1 << last) - 1;
    written += popcount(pattern);
    const p = r + offset >= n ? r + offset - n : r + offset;
    if (p + 8 <= n) {
      const i = p >>> 5;
      const shift = p & 31;
      const lowBits = pattern << shift;
      const old = words[i]!;
      words[i] = old | lowBits;
      added += popcount(lowBits & ~old);
      if (shift > 24) {
        const high = pattern >>> (32 - shift);
        const next = words[i + 1]!;
        words[i + 1] = next | high;
        added += popcount(high & ~next);
      }
      continue;
    }
    // The eight pages wrap around the end of memory: one by one.
    while (pattern !== 0) {
      const lowest = pattern & -pattern;
      pattern ^= lowest;
      const b = r + 31 - Math.clz32(lowest);
      const q = b + offset >= n ? b + offset - n : b + offset;
      added += markPage(words, q);
    }
  }
  if (st !== undefined) {
    st.i = si;
    st.w = sw;
  }
  marked.added = added;
  return written;
}

/** {@link aliasSkipMark} through the generic draws (any `Prng`). */
function aliasSkipMarkPlain(
  skips: Alias256,
  draws: DrawSource,
  words: Uint32Array,
  start: number,
  end: number,
  offset: number,
  n: number,
): number {
  let added = 0;
  let written = 0;
  let r = start;
  for (;;) {
    const g = skips.draw(draws.uint32(), draws.prng);
    r += g;
    if (!(r < end)) {
      marked.added = added;
      return written;
    }
    if (g === 255) continue;
    written++;
    const p = r + offset >= n ? r + offset - n : r + offset;
    added += markPage(words, p);
    r++;
  }
}

/**
 * A uniform untouched rank of block `b` (which has `left` of them, at least one;
 * `touched` marks the others): before half of the block is touched, uniform ranks are
 * drawn and touched ones rejected; from then on, from the list of untouched ranks
 * (`lists[k]`, built then: a partial Fisher-Yates shuffle).
 */
function untouchedRank(
  b: Block,
  left: number,
  lists: (Int32Array | undefined)[],
  k: number,
  touched: Uint32Array,
  draws: DrawSource,
): number {
  let list = lists[k];
  if (list === undefined && 2 * left > b.pages) {
    for (;;) {
      const r = b.start + Math.floor(draws.uniform() * b.pages);
      if ((touched[r >>> 5]! & (1 << (r & 31))) === 0) return r;
    }
  }
  if (list === undefined) {
    list = lists[k] = new Int32Array(left);
    let j = 0;
    for (let r = b.start; r < b.start + b.pages; r++) {
      if ((touched[r >>> 5]! & (1 << (r & 31))) === 0) list[j++] = r;
    }
  }
  const i = Math.floor(draws.uniform() * left);
  const r = list[i]!;
  list[i] = list[left - 1]!;
  list[left - 1] = r;
  return r;
}

/** Sets bit `p` of `words`; returns 1 when it was not set before, else 0. */
function markPage(words: Uint32Array, p: number): number {
  const i = p >>> 5;
  const bit = 1 << (p & 31);
  const old = words[i]!;
  if ((old & bit) !== 0) return 0;
  words[i] = old | bit;
  return 1;
}

/** Sets the bits [from, to) of `words`; returns how many were not set before. */
function addRange(words: Uint32Array, from: number, to: number): number {
  if (to <= from) return 0;
  const first = from >>> 5;
  const last = (to - 1) >>> 5;
  const head = 0xffffffff << (from & 31);
  const tail = 0xffffffff >>> (31 - ((to - 1) & 31));
  if (first === last) {
    const old = words[first]!;
    words[first] = old | (head & tail);
    return popcount(head & tail & ~old);
  }
  let added = 0;
  let old = words[first]!;
  words[first] = old | head;
  added += popcount(head & ~old);
  for (let i = first + 1; i < last; i++) {
    old = words[i]!;
    if (old === 0) added += 32;
    else if (old !== 0xffffffff) added += popcount(~old);
    words[i] = 0xffffffff;
  }
  old = words[last]!;
  words[last] = old | tail;
  return added + popcount(tail & ~old);
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
  const draws = new DrawSource(prng);
  // Alias tables of the last octet probability and the last skip hazard drawn from.
  const octets = new Alias256();
  let octetQ = NaN;
  const skips = new Alias256();
  let skipLambda = NaN;
  const law = new Float64Array(256);
  const placement = model.distribution(spec, pageCount).placement;
  const offset = placement.kind === "offset" ? offsetPages(placement.offsetFraction, pageCount) : 0;
  const perm = placement.kind === "scattered"
    ? scatteredPages(placement.seed, pageCount)
    : undefined;
  const n = pageCount;
  const page = (rank: number): number =>
    perm !== undefined ? perm[rank]! : rank + offset >= n ? rank + offset - n : rank + offset;

  /**
   * Marks ranks [a, b) (consecutive, in one block) in `words`; returns how many of
   * their pages were not marked before.
   */
  function markRange(
    a: number,
    b: number,
    words: Uint32Array,
    zero: ZeroWrites | undefined,
  ): number {
    if (b <= a) return 0;
    if (perm === undefined && zero === undefined) {
      const pa = a + offset;
      const pb = b + offset;
      if (pb <= n) return addRange(words, pa, pb);
      if (pa >= n) return addRange(words, pa - n, pb - n);
      return addRange(words, pa, n) + addRange(words, 0, pb - n);
    }
    let added = 0;
    for (let r = a; r < b; r++) {
      const p = page(r);
      added += markPage(words, p);
      if (zero !== undefined) zeroWrite(zero, p);
    }
    return added;
  }

  // Pages the last `write` marked that were not marked before.
  let added = 0;

  function write(fromSeconds: number, toSeconds: number, dirty: Bitset, zero?: ZeroWrites): number {
    added = 0;
    const s = toSeconds - fromSeconds;
    if (writesPerSecond === 0 || !(s > 0)) return 0;
    const words = dirty.words;
    let writes = 0;
    for (const b of blocks) {
      const lambda = writesPerSecond * b.share * s; // -log(1 - q) of the block's largest q
      const q = -Math.expm1(-lambda);
      if (q === 0) continue;
      const end = b.start + b.pages;
      if (b.shareOf === undefined && q === 1) {
        added += markRange(b.start, end, words, zero);
        writes += zeroTruncatedPoissonSum(prng, b.pages, lambda);
        continue;
      }
      if (
        b.shareOf === undefined && b.pages >= OCTET_MIN_PAGES && q >= OCTET_MIN &&
        q <= 1 - OCTET_MIN
      ) {
        // Neither rare nor near-certain: eight pages per 32-bit draw (an octet's
        // pattern of independent Bernoulli(q) bits), cheaper than a skip per page.
        if (q !== octetQ) {
          octetProbabilities(q, Math.exp(-lambda), law);
          octets.build(law);
          octetQ = q;
        }
        let written: number;
        if (perm === undefined && zero === undefined) {
          written = octetMark(octets, draws, words, b.start, end, offset, n);
          added += marked.added;
        } else {
          const last = b.pages & 7;
          written = 0;
          for (let r = b.start; r < end; r += 8) {
            let pattern = octets.draw(draws.uint32(), prng);
            if (pattern === 0) continue;
            if (r + 8 > end) pattern &= (1 << last) - 1;
            written += popcount(pattern);
            while (pattern !== 0) {
              const lowest = pattern & -pattern;
              pattern ^= lowest;
              const p = page(r + 31 - Math.clz32(lowest));
              added += markPage(words, p);
              if (zero !== undefined) zeroWrite(zero, p);
            }
          }
        }
        writes += zeroTruncatedPoissonSum(prng, written, lambda);
        continue;
      }
      if (b.shareOf === undefined && q > 0.5) {
        // Mostly written: skips over the pages not written (each with probability
        // 1 - q, so skips of Exp(1) / -log(q)), marking the stretches between.
        const scale = -1 / Math.log(q);
        let from = b.start;
        let cleanPages = 0;
        for (;;) {
          const clean = from + Math.floor(draws.exponential() * scale);
          if (!(clean < end)) {
            added += markRange(from, end, words, zero);
            break;
          }
          added += markRange(from, clean, words, zero);
          cleanPages++;
          from = clean + 1;
        }
        writes += zeroTruncatedPoissonSum(prng, b.pages - cleanPages, lambda);
        continue;
      }
      // Skips of floor(Exp(1) / lambda) pages between written ones; where the pages
      // differ (Zipf), each candidate is kept with probability q_p / q.
      const scale = 1 / lambda;
      const shareOf = b.shareOf;
      if (shareOf === undefined && perm === undefined && zero === undefined) {
        if (lambda >= ALIAS_SKIP_MIN_LAMBDA && b.pages * q >= ALIAS_SKIP_MIN_PAGES) {
          if (lambda !== skipLambda) {
            geometricProbabilities(lambda, law);
            skips.build(law);
            skipLambda = lambda;
          }
          marked.added = 0;
          const written = aliasSkipMark(skips, draws, words, b.start, end, offset, n);
          added += marked.added;
          writes += zeroTruncatedPoissonSum(prng, written, lambda);
        } else {
          marked.added = 0;
          const written = skipMark(draws, words, b.start, end, scale, offset, n);
          added += marked.added;
          writes += zeroTruncatedPoissonSum(prng, written, lambda);
        }
        continue;
      }
      let r = b.start - 1;
      let written = 0;
      for (;;) {
        r += 1 + Math.floor(draws.exponential() * scale);
        if (!(r < end)) break;
        if (shareOf !== undefined) {
          // Each page written has its own zero-truncated count.
          const mean = writesPerSecond * shareOf(r) * s;
          if (draws.uniform() * q >= -Math.expm1(-mean)) continue;
          writes += zeroTruncatedPoisson(prng, mean);
        } else written++;
        const p = perm !== undefined ? perm[r]! : r + offset >= n ? r + offset - n : r + offset;
        added += markPage(words, p);
        if (zero !== undefined) zeroWrite(zero, p);
      }
      writes += zeroTruncatedPoissonSum(prng, written, lambda);
    }
    return writes;
  }

  // First accesses of the last cursor: execution time, write rate and kind, in order,
  // in chunks of CHUNK (appended, never copied).
  let touchedTimes: Float64Array[] = [];
  let touchedRates: Float64Array[] = [];
  let touchedWrite: Uint8Array[] = [];
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
      next[k] = rates[k]! > 0
        ? fromSeconds + draws.exponential() / (untouched[k]! * rates[k]!)
        : Infinity;
    }
    touched = 0;
    processed = -1;
    touchedTimes = [];
    touchedRates = [];
    touchedWrite = [];

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
          const rank = untouchedRank(b, untouched[k]!, lists, k, touchedRanks, draws);
          // Thinning where the block's pages differ: a candidate at the block's
          // largest rate is a first access with probability rate_p / largest.
          const kept = b.shareOf === undefined || draws.uniform() * b.share < b.shareOf(rank);
          if (kept) {
            touchedRanks[rank >>> 5]! |= 1 << (rank & 31);
            untouched[k] = untouched[k]! - 1;
          }
          // The block's clock restarts (memoryless) at its new rate.
          next[k] = untouched[k]! > 0
            ? t + draws.exponential() / (untouched[k]! * rates[k]!)
            : Infinity;
          if (!kept) continue;
          cursor.timeSeconds = t;
          cursor.page = perm !== undefined
            ? perm[rank]!
            : rank + offset >= n
            ? rank + offset - n
            : rank + offset;
          cursor.write = writeShare === 1 || (writeShare > 0 && draws.uniform() < writeShare);
          const c = touched >>> CHUNK_BITS;
          if (c === touchedTimes.length) {
            touchedTimes.push(new Float64Array(CHUNK));
            touchedRates.push(new Float64Array(CHUNK));
            touchedWrite.push(new Uint8Array(CHUNK));
          }
          const o = touched & (CHUNK - 1);
          touchedTimes[c]![o] = t;
          touchedRates[c]![o] = writesPerSecond *
            (b.shareOf === undefined ? b.share : b.shareOf(rank));
          touchedWrite[c]![o] = cursor.write ? 1 : 0;
          touched++;
          return;
        }
      },
    };
    cursor.advance();
    return cursor;
  }

  function pullTail(endExecSeconds: number): PullTail {
    // Pages first written: later writes Poisson (one draw for all). Pages first read:
    // dirtied if written later, then with a zero-truncated count of later writes.
    let mean = 0;
    let writes = 0;
    let pagesDirtied = 0;
    const count = Math.min(Math.max(processed, 0), touched);
    // One flat loop (a loop per chunk would leave its optimised code at every chunk).
    for (let i = 0; i < count; i++) {
      const c = i >>> CHUNK_BITS;
      const o = i & (CHUNK - 1);
      const x = touchedRates[c]![o]! * Math.max(0, endExecSeconds - touchedTimes[c]![o]!);
      if (touchedWrite[c]![o] === 1) mean += x;
      else if (x > 0 && draws.uniform() < -Math.expm1(-x)) {
        pagesDirtied++;
        writes += zeroTruncatedPoisson(prng, x);
      }
    }
    return { writes: writes + (mean > 0 ? poisson(prng, mean) : 0), pagesDirtied };
  }

  return {
    accessesPerSecond,
    writesPerSecond,
    write,
    accesses,
    pullTail,
    addedPages: () => added,
  };
}
