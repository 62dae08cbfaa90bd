/**
 * The pull phase of post-copy (and of hybrid) migration at page granularity.
 * Internal: not re-exported from `mod.ts`. The model is documented on
 * `simulatePostCopy` in `post_copy.ts`.
 *
 * @module
 */
import type { Workload } from "../workload/workload.ts";
import { type Bitset, createBitset } from "../bitset/bitset.ts";
import type { PostCopyFetch } from "./post_copy.ts";
import { popcount } from "../bitset/_popcount.ts";
import { TEST_HOOKS } from "./_test_hooks.ts";

/** Inputs of {@link pullPhase}. */
export interface PullArgs {
  /** Memory pages of the VM. */
  pageCount: number;
  /** Bytes on the wire per page (page + overhead). */
  wirePageBytes: number;
  /** Migration bandwidth R, bytes per second. */
  bytesPerSecond: number;
  /** One-way latency L, seconds. */
  latencySeconds: number;
  /** Pages already at the destination when the pull starts (not mutated). */
  arrived: Bitset;
  /** Wall time at which the VM resumes at the destination and the pull starts. */
  startSeconds: number;
  /** VM execution time at that moment (where the access stream starts). */
  startExecSeconds: number;
  /** The VM's running workload. */
  workload: Workload;
  /** How the source chooses pages. */
  fetch: PostCopyFetch;
  /** Wall seconds of pull after which the phase stops with "time-cap". */
  maxSeconds: number;
  /** Accesses processed after which the phase stops with "event-cap". */
  maxEvents: number;
  /** Checked mode: called at the end with every page sent or already there. */
  onEnd?: ((sent: Bitset) => void) | undefined;
  /**
   * Pages that hold only zeros at the source (frozen there since the suspend; not
   * mutated), each sent as a header only in `zeroSlotSeconds` instead of
   * `wirePageBytes / bytesPerSecond`, by the push and on demand alike. Absent or
   * empty: every page costs the same.
   */
  zeroPages?: Bitset | undefined;
  /** Seconds a zero page occupies the link (its wire bytes over the rate, plus the scan). */
  zeroSlotSeconds?: number;
}

/** What {@link pullPhase} returns. */
export interface PullOutcome {
  /** Wall time at which the last page arrived, or at which a cap stopped the pull. */
  endSeconds: number;
  /** Pages sent during the pull (each page at most once). */
  pagesSent: number;
  /** Zero pages among them (sent as a header only). */
  zeroPagesSent: number;
  /** Accesses that found their page absent at the destination. */
  remoteFaults: number;
  /** Sum of the vCPU stalls those faults caused, seconds. */
  stallSeconds: number;
  /** Pages never sent (non-zero only when a cap stopped the pull). */
  pagesMissing: number;
  /** Why the pull ended. */
  stopped: "all-pages-received" | "time-cap" | "event-cap";
  /** Page writes the VM made during the pull. */
  writes: number;
  /** Distinct pages the VM wrote during the pull. */
  pagesDirtied: number;
}

/**
 * Runs the pull phase: the VM executes at the destination while one FIFO sender at
 * the source sends every page not yet there exactly once, demand faults first.
 *
 * Time advances by exact intervals, never by steps: the link's sending slots form
 * back-to-back runs (slot `k` of a run starting at `b` occupies
 * `[b + k tPage, b + (k + 1) tPage)` and its page arrives at `b + (k + 1) tPage + L`),
 * and the push is only materialised, in bulk, up to the time of the next access
 * that finds its page absent. Memory use is three bitsets plus a ring of the pages
 * still in flight (about `L / tPage` of them); nothing is allocated per page or per
 * access.
 *
 * @param args The derived numbers, the initial destination pages, the workload and the caps.
 * @returns The end time, traffic, faults and stop reason.
 */
export function pullPhase(args: PullArgs): PullOutcome {
  const {
    pageCount: n,
    wirePageBytes,
    bytesPerSecond,
    latencySeconds: lat,
    startSeconds,
    startExecSeconds,
    workload,
    fetch,
    maxSeconds,
    maxEvents,
  } = args;
  const tPage = wirePageBytes / bytesPerSecond;
  // Zero pages: a zero page's slot takes tZero. Slot k of a run then starts at
  // runBase + (k - zeroInRun) tPage + zeroInRun tZero, with zeroInRun the zero pages
  // of the run's earlier slots (a sum of non-negative terms: never before runBase).
  // Without zero pages every time is computed as before.
  const zeroCount = args.zeroPages?.count() ?? 0;
  const zeroSet = zeroCount > 0 ? args.zeroPages : undefined;
  const tZero = args.zeroSlotSeconds ?? 0;
  let zeroInRun = 0;
  const push = fetch !== "demand";
  const prepaging = fetch === "prepaging";
  const capSeconds = startSeconds + maxSeconds;
  // Slots of unequal length are sent one at a time (no word-at-a-time bulk).
  const bulkPush = !TEST_HOOKS.pagewisePush && zeroSet === undefined;

  const arrived = createBitset(n);
  arrived.copyFrom(args.arrived);
  const sent = createBitset(n);
  sent.copyFrom(args.arrived);
  const dirtied = createBitset(n);
  const initialPages = sent.count();
  let sentCount = initialPages;
  const toSend = n - initialPages;

  // The link: slot k of the current run starts at runBase + k * tPage; slots below
  // `slot` are taken. With a push the link never idles until every page is sent,
  // so the whole pull is one run and its last page arrives at pushEnd.
  let runBase = startSeconds;
  let slot = 0;
  const zeroToSend = zeroSet === undefined ? 0 : zeroCount - zeroSet.countAnd(args.arrived);
  let completeAt = toSend === 0
    ? startSeconds
    : push
    ? (zeroSet === undefined
      ? startSeconds + toSend * tPage + lat
      : startSeconds + ((toSend - zeroToSend) * tPage + zeroToSend * tZero) + lat)
    : Infinity;

  // Pages sent but possibly not arrived, in arrival order (a ring buffer).
  let ringPages = new Int32Array(64);
  let ringArrivals = new Float64Array(64);
  let ringHead = 0;
  let ringLength = 0;

  // Push order: `low` bounds the lowest unsent page; prepaging bubbles around `pivot`.
  let low = 0;
  let pivot = -1;
  let up = 0;
  let down = -1;
  let goUp = true;
  // The page `takeUp` / `takeDown` took last.
  let lastTaken = -1;

  function ringPush(page: number, arrivalSeconds: number): void {
    const capacity = ringPages.length;
    if (ringLength === capacity) {
      const pages = new Int32Array(capacity * 2);
      const arrivals = new Float64Array(capacity * 2);
      for (let i = 0; i < ringLength; i++) {
        const j = (ringHead + i) & (capacity - 1);
        pages[i] = ringPages[j]!;
        arrivals[i] = ringArrivals[j]!;
      }
      ringPages = pages;
      ringArrivals = arrivals;
      ringHead = 0;
    }
    const j = (ringHead + ringLength) & (ringPages.length - 1);
    ringPages[j] = page;
    ringArrivals[j] = arrivalSeconds;
    ringLength++;
  }

  /** Marks as arrived every in-flight page whose arrival is at or before t. */
  function drain(t: number): void {
    const mask = ringPages.length - 1;
    while (ringLength > 0 && ringArrivals[ringHead]! <= t) {
      arrived.set(ringPages[ringHead]!);
      ringHead = (ringHead + 1) & mask;
      ringLength--;
    }
  }

  /** Arrival time of an in-flight page. */
  function ringFind(page: number): number {
    const mask = ringPages.length - 1;
    for (let i = 0; i < ringLength; i++) {
      const j = (ringHead + i) & mask;
      if (ringPages[j] === page) return ringArrivals[j]!;
    }
    throw new Error(
      `Internal error: page ${page} is sent but neither arrived nor in flight`,
    );
  }

  /** Puts `page` in slot k of the current run; returns its arrival time. */
  function sendPage(page: number, k: number, t: number): number {
    sent.set(page);
    sentCount++;
    let arrival: number;
    if (zeroSet === undefined) arrival = runBase + (k + 1) * tPage + lat;
    else {
      if (zeroSet.has(page)) zeroInRun++;
      arrival = runBase + ((k + 1 - zeroInRun) * tPage + zeroInRun * tZero) + lat;
    }
    if (arrival <= t) arrived.set(page);
    else ringPush(page, arrival);
    if (sentCount === n) completeAt = arrival;
    return arrival;
  }

  /**
   * Sends the next `count` unsent pages in page order, all of them arrived (the
   * active push's `nextPushPage` and `sendPage` for slots that land by now, a word at
   * a time). `count` leaves at least one page unsent.
   */
  function bulkSend(count: number): void {
    const sw = sent.words;
    const aw = arrived.words;
    let i = low >>> 5;
    let left = count;
    let first = true;
    while (left > 0) {
      let free = ~sw[i]! >>> 0;
      if (first) {
        free &= (0xffffffff << (low & 31)) >>> 0;
        first = false;
      }
      if (free !== 0) {
        const c = popcount(free);
        if (c > left) {
          const take = lowestBits(free, left);
          sw[i]! |= take;
          aw[i]! |= take;
          low = (i << 5) + 32 - Math.clz32(take);
          left = 0;
          break;
        }
        sw[i]! |= free;
        aw[i]! |= free;
        left -= c;
        low = (i + 1) << 5;
      }
      i++;
    }
    sentCount += count;
  }

  /**
   * Marks sent and arrived the first `count` unsent pages at or above `from` (in
   * increasing order), a word at a time; returns how many there were (fewer when the
   * pages above run out) and leaves in `lastTaken` the highest page taken.
   */
  function takeUp(from: number, count: number): number {
    const sw = sent.words;
    const aw = arrived.words;
    let i = from >>> 5;
    let free = ~sw[i]! & (0xffffffff << (from & 31));
    let left = count;
    const lastWord = (n - 1) >>> 5;
    for (;;) {
      if (i === lastWord) free &= 0xffffffff >>> (31 - ((n - 1) & 31));
      if (free !== 0) {
        if (popcount(free) >= left) {
          const take = lowestBits(free, left);
          sw[i]! |= take;
          aw[i]! |= take;
          lastTaken = (i << 5) + 31 - Math.clz32(take);
          return count;
        }
        sw[i]! |= free;
        aw[i]! |= free;
        left -= popcount(free);
        lastTaken = (i << 5) + 31 - Math.clz32(free);
      }
      if (++i > lastWord) return count - left;
      free = ~sw[i]!;
    }
  }

  /**
   * As {@link takeUp}, downwards: the first `count` unsent pages at or below `from`, in
   * decreasing order; `lastTaken` is the lowest page taken.
   */
  function takeDown(from: number, count: number): number {
    const sw = sent.words;
    const aw = arrived.words;
    let i = from >>> 5;
    let free = ~sw[i]! & (0xffffffff >>> (31 - (from & 31)));
    let left = count;
    for (;;) {
      if (free !== 0) {
        if (popcount(free) >= left) {
          // Keep the highest `left` free bits of this word.
          let take = 0;
          for (let k = 0; k < left; k++) {
            const b = 1 << (31 - Math.clz32(free));
            take |= b;
            free ^= b;
          }
          sw[i]! |= take;
          aw[i]! |= take;
          lastTaken = (i << 5) + 31 - Math.clz32(take & -take);
          return count;
        }
        sw[i]! |= free;
        aw[i]! |= free;
        left -= popcount(free);
        lastTaken = (i << 5) + 31 - Math.clz32(free & -free);
      }
      if (--i < 0) return count - left;
      free = ~sw[i]!;
    }
  }

  /**
   * Sends, all of them arrived, the pages of the next `count` prepaging slots: the
   * calls of `nextPushPage` alternate between the unsent pages above the pivot and
   * those below, so `count` slots take ⌈count / 2⌉ pages from the side whose turn it
   * is and ⌊count / 2⌋ from the other; once a side has no page left (its search
   * fails), every slot goes to the other side. The same pages, and the same state
   * after, as `count` calls of `nextPushPage` and `sendPage`; `count` leaves at
   * least one page unsent.
   */
  function bulkPrepage(count: number): void {
    const first = (count + 1) >>> 1;
    const upShare = goUp ? first : count - first;
    const downShare = count - upShare;
    const upTaken = up < n && upShare > 0 ? takeUp(up, upShare) : 0;
    if (upTaken > 0) up = lastTaken + 1;
    if (upTaken < upShare) {
      // The up side ran out: its search failed, and from then on every slot goes down.
      up = n;
      const rest = downShare + upShare - upTaken;
      if (down >= 0 && takeDown(down, rest) > 0) down = lastTaken - 1;
      goUp = true;
    } else {
      const downTaken = down >= 0 && downShare > 0 ? takeDown(down, downShare) : 0;
      if (downTaken > 0) down = lastTaken - 1;
      if (downTaken < downShare) {
        // The down side ran out: every later slot goes up.
        down = -1;
        if (up < n && takeUp(up, downShare - downTaken) > 0) up = lastTaken + 1;
        goUp = false;
      } else if ((count & 1) === 1) goUp = !goUp;
    }
    sentCount += count;
  }

  /** The page the push sends next, or -1 when every page is sent. */
  function nextPushPage(): number {
    if (prepaging && pivot >= 0) {
      for (let tries = 0; tries < 2; tries++) {
        if (goUp) {
          goUp = false;
          const u = up < n ? sent.nextClear(up) : -1;
          if (u >= 0) {
            up = u + 1;
            return u;
          }
          up = n;
        } else {
          goUp = true;
          const d = down >= 0 ? sent.prevClear(down) : -1;
          if (d >= 0) {
            down = d - 1;
            return d;
          }
          down = -1;
        }
      }
      return -1;
    }
    const page = sent.nextClear(low);
    if (page >= 0) low = page + 1;
    return page;
  }

  /**
   * Materialises the push up to wall time t: every slot that starts before t
   * (a request arriving at exactly a slot boundary takes that slot), then marks
   * the pages that have arrived by t.
   */
  function advanceTo(t: number): void {
    if (push && sentCount < n && zeroSet !== undefined) {
      // Slots of unequal length: every slot that starts before t, one at a time.
      while (sentCount < n && runBase + ((slot - zeroInRun) * tPage + zeroInRun * tZero) < t) {
        const page = nextPushPage();
        if (page < 0) break;
        sendPage(page, slot, t);
        slot++;
      }
    } else if (push && sentCount < n) {
      // Number of slots of the run that start before t, at most the pages left (bounded
      // first: far in the future the estimate passes 2^53, where end++ changes nothing).
      const last = slot + (n - sentCount);
      let end = Math.min(Math.ceil((t - runBase) / tPage), last);
      if (end < 0) end = 0;
      while (end > 0 && runBase + (end - 1) * tPage >= t) end--;
      while (end < last && runBase + end * tPage < t) end++;
      // Active push in page order: the slots whose page has arrived by t take the
      // next unsent pages a word at a time (the same pages, slots and arrivals as one
      // by one below, which handles the pages still in flight).
      // Prepaging around a pivot likewise, side by side (bulkPrepage).
      const landed = Math.floor((t - lat - runBase) / tPage) - 1;
      let bulk = Math.min(end, landed + 1) - slot;
      while (bulk > 0 && runBase + (slot + bulk) * tPage + lat > t) bulk--;
      if (bulk > 0 && sentCount + bulk < n && bulkPush) {
        if (prepaging && pivot >= 0) bulkPrepage(bulk);
        else bulkSend(bulk);
        slot += bulk;
      }
      for (let k = slot; k < end; k++) {
        const page = nextPushPage();
        if (page < 0) break;
        sendPage(page, k, t);
        slot = k + 1;
      }
    }
    drain(t);
  }

  /**
   * Handles an access at wall time w to page p, which is not marked arrived.
   * Returns the wall time at which the VM continues (w when the page turns out to
   * have arrived).
   */
  function fault(p: number, w: number): number {
    advanceTo(w);
    if (arrived.has(p)) return w;
    if (sent.has(p)) return ringFind(p); // in flight: wait, no request
    const r = w + lat; // the request reaches the source
    if (r !== w) advanceTo(r); // (at r = w the push stands where advanceTo(w) left it)
    let arrival: number;
    if (sent.has(p)) {
      // The push sent it while the request travelled (with zero pages of no wire
      // time it may already have landed, at r).
      arrival = arrived.has(p) ? r : ringFind(p);
    } else {
      const free = zeroSet === undefined
        ? runBase + slot * tPage
        : runBase + ((slot - zeroInRun) * tPage + zeroInRun * tZero);
      if (free < r) {
        runBase = r; // the link was idle: a new run starts with this page
        slot = 0;
        zeroInRun = 0;
      }
      arrival = sendPage(p, slot, w);
      slot++;
    }
    if (prepaging) {
      pivot = p;
      up = p + 1;
      down = p - 1;
      goUp = true;
    }
    return arrival;
  }

  const cursor = workload.accesses(startExecSeconds);
  let offset = startSeconds - startExecSeconds; // wall = execution + offset
  let nowSeconds = startSeconds;
  let events = 0;
  let remoteFaults = 0;
  let stallSeconds = 0;
  let writes = 0;
  let stopped: PullOutcome["stopped"];
  let endSeconds: number;
  while (true) {
    // Rounding of `offset` must not put an access before the end of a stall.
    const w = Math.max(cursor.timeSeconds + offset, nowSeconds);
    if (w >= completeAt && completeAt <= capSeconds) {
      stopped = "all-pages-received";
      endSeconds = completeAt;
      sentCount = n; // the rest of the push needs no materialising
      break;
    }
    if (w > capSeconds) {
      stopped = "time-cap";
      endSeconds = Math.max(capSeconds, nowSeconds);
      advanceTo(capSeconds);
      break;
    }
    if (events >= maxEvents) {
      stopped = "event-cap";
      endSeconds = nowSeconds;
      advanceTo(nowSeconds);
      break;
    }
    events++;
    nowSeconds = w;
    const p = cursor.page;
    if (!arrived.has(p)) {
      if (!(Number.isInteger(p) && p >= 0 && p < n)) {
        throw new RangeError(
          `Cannot pull pages as the accessed page must be an integer in [0, ${
            n - 1
          }]: current value is ${p}`,
        );
      }
      const resume = fault(p, w);
      if (resume > w) {
        remoteFaults++;
        stallSeconds += resume - w;
        offset += resume - w;
        nowSeconds = resume;
        arrived.set(p);
      }
    }
    if (cursor.write) {
      writes++;
      dirtied.set(p);
    }
    cursor.advance();
  }
  if (stopped === "all-pages-received") sent.fill(); // the rest of the push went out
  args.onEnd?.(sent);
  return {
    endSeconds,
    pagesSent: sentCount - initialPages,
    zeroPagesSent: zeroSet === undefined
      ? 0
      : sent.countAnd(zeroSet) - zeroSet.countAnd(args.arrived),
    remoteFaults,
    stallSeconds,
    pagesMissing: n - sentCount,
    stopped,
    writes,
    pagesDirtied: dirtied.count(),
  };
}

/** The lowest `k` set bits of `word` (all of them when it has `k` or fewer). */
function lowestBits(word: number, k: number): number {
  let take = 0;
  for (let j = 0; j < k && word !== 0; j++) {
    const b = word & -word;
    take |= b;
    word ^= b;
  }
  return take;
}
