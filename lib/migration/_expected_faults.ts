/**
 * The expected-value model of post-copy remote faults and stalls used by
 * `closedFormPostCopy`. Internal: not re-exported from `mod.ts`; the model is
 * documented on `closedFormPostCopy`.
 *
 * @module
 */
import { workloadModel } from "../workload/models.ts";
import { type PushSegment, pushSegments } from "../workload/_page_order.ts";
import { initialZeroLayout } from "../workload/_zero_ranges.ts";
import type { PageWalk } from "../workload/model.ts";
import type { WorkloadSpec } from "../workload/spec.ts";

/** Expected faults and stall of a post-copy pull. */
export interface ExpectedFaults {
  /** Expected remote faults (fractional). */
  remoteFaults: number;
  /** Expected sum of the vCPU stalls, seconds. */
  stallSeconds: number;
}

/** The push is integrated in at least this many steps. */
const MIN_STEPS = 1024;

/** Steps after which the rest of the push is taken in one step (never reached in tests). */
const MAX_STEPS = 1_000_000;

/** Shortest step, in page slots (the last sliver of the push ends the integration). */
const STEP_FLOOR = 1e-3;

/**
 * Neighbouring runs whose page probabilities differ by less than this share are
 * merged (a Zipf law then needs about 150 runs instead of 10^4; spreading a run's
 * share evenly changes the result by a relative O(spread^2 / 24), about 1e-4).
 */
const RUN_SPREAD = 0.05;

/** Absent pages below this count in a run are taken as all faulted in. */
const DRAINED_PAGES = 1e-9;

/** A step drains at most about this share of the absent accesses' hottest pages. */
const STEP_DECAY = 0.1;

/**
 * Expected remote faults and stall seconds of a post-copy pull with active push.
 *
 * Zero pages (the workload's initial ones: the VM stopped at time 0) take `tZero`
 * on the link instead of `tPage`. The model then counts link time in slots of
 * `tPage`: a stretch of the push in which a share `zeta` of the pages is zero costs
 * `c = 1 - zeta (1 - tZero / tPage)` slots per page, a fault `c_f` (the mean of the
 * absent pages weighted by their access probability), and a fault's stall waits
 * for the slot in progress (of the front's length-biased mean, `E[c^2] / E[c]`
 * slots) and then for its own page's (`c_f tPage`). The
 * sequential writer's race takes the mean slot of all memory.
 *
 * @param spec The workload.
 * @param pageCount Pages of the VM (>= 1).
 * @param tPage Seconds the link takes per page (wire bytes / rate, > 0).
 * @param latency One-way latency, seconds (>= 0).
 * @param tZero Seconds the link takes per zero page (default `tPage`: no saving).
 * @returns The expected faults and stall.
 */
export function expectedPostCopyFaults(
  spec: WorkloadSpec,
  pageCount: number,
  tPage: number,
  latency: number,
  tZero: number = tPage,
): ExpectedFaults {
  const layout = initialZeroLayout(tZero === tPage ? undefined : spec.zeroPages, pageCount);
  const zeroed = layout.ranges.length > 0 || layout.everywhere > 0;
  const model = workloadModel(spec);
  const rates = model.rates(spec);
  const a = rates.writesPerSecond + rates.readsPerSecond;
  if (a === 0) return { remoteFaults: 0, stallSeconds: 0 };
  if (model.walk !== undefined) {
    const walk = model.walk(spec, pageCount);
    if (walk.startVisit !== 0) {
      // The race below starts the walker at its region's first page. A workload the
      // closed forms do not model is a TypeError, as everywhere in them (callers such as
      // the advisor take it as "no closed form" and run the page level instead).
      throw new TypeError(
        `Cannot compute the expected post-copy faults as vm.workload.startVisit must be 0 (a walk that starts mid-pass is not modelled): current value is ${walk.startVisit}`,
      );
    }
    if (!zeroed) return walkFaults(walk, tPage, latency);
    const zeroPages = layout.everywhere * pageCount +
      layout.ranges.reduce((n, [x, y]) => n + y - x, 0);
    return walkFaults(walk, tPage - (zeroPages / pageCount) * (tPage - tZero), latency);
  }
  // Slot of the pages the push front is in, and of a faulted page (tPage unless zero
  // pages make them shorter; set per step).
  let tFront = tPage;
  let tOwn = tPage;

  /** Mean stall of a fault when absent pages take share q of the accesses. */
  function stall(q: number): number {
    if (zeroed) return stallOf(q, tFront, tOwn);
    return stallOf(q, tPage, tPage);
  }

  /** {@link stall} with the link's slot `tPage` and the faulted page's `own`. */
  function stallOf(q: number, tPage: number, own: number): number {
    // Slots of no time (zero pages of an empty header): no wait for the link.
    if (tPage <= 0) return 2 * latency + own;
    const psi = (2 * latency) % tPage;
    const lambda = a * q;
    const x = lambda * tPage;
    let meanGap: number; // E[gap mod tPage], the gap ~ Exp(lambda)
    let wrap: number; // P(psi + gap mod tPage >= tPage)
    if (x < 1e-6) {
      meanGap = tPage * (0.5 - x / 12);
      wrap = psi / tPage;
    } else {
      meanGap = 1 / lambda - tPage / Math.expm1(x);
      wrap = Math.exp(-lambda * (tPage - psi)) * Math.expm1(-lambda * psi) / Math.expm1(-x);
    }
    const phase = psi + meanGap - tPage * wrap; // link phase when the request arrives
    return own === tPage ? 2 * latency + 2 * tPage - phase : 2 * latency + tPage + own - phase;
  }
  /** Faults per wall second (renewal: run 1/(a q), then stall). */
  function faultRate(q: number): number {
    return q <= 0 ? 0 : (a * q) / (1 + a * q * stall(q));
  }
  /** Stall seconds per wall second. */
  function stallRate(q: number): number {
    return q <= 0 ? 0 : faultRate(q) * stall(q);
  }

  const segments = zeroCut(
    pushSegments(workloadModel(spec).distribution(spec, pageCount), pageCount, RUN_SPREAD),
    layout,
    tZero / tPage,
  );
  // Slots per page of each segment (1 without zero pages).
  const cost = segments.map((s) => s.cost);
  if (zeroed) {
    // During the head every page is absent: the mean slot of all of them.
    let slots = 0;
    let mass = 0;
    for (const s of segments) {
      for (const { pages, p } of s.parts) {
        slots += pages * p * s.cost;
        mass += pages * p;
      }
    }
    tOwn = mass > 0 ? (slots / mass) * tPage : tPage;
    tFront = segments[0]!.biased * tPage;
  }
  // Until the first page lands (L + its slot) every page is absent: q = 1.
  const head = zeroed ? latency + cost[0]! * tPage : latency + tPage;
  const headFaults = head * faultRate(1);
  let faults = headFaults;
  let stalls = head * stallRate(1);

  // Then the link sends one page per tPage: a faulted page, or the push's next absent
  // page in page order. Faults hit the absent pages in proportion to their access
  // probability, so after faults of cumulative intensity Phi = integral of
  // (fault rate / q) a page of probability p is still absent (not yet faulted in)
  // with probability exp(-p Phi): in each page-order run the absent pages are
  // R exp(-p Phi) of the R pages the push has not reached. The push skips present
  // pages, so it advances (1 / tPage - fault rate) / exp(-p Phi) pages per second.
  //
  // The runs come from the workload's model in push order (`pushSegments`): one run
  // per segment for a hot set at the start or at an offset; for a scattered one,
  // a single segment of all memory in which every run's pages are spread evenly, so
  // the push front passes the same share of each run.
  let phi = headFaults; // q = 1 during the head
  let seg = 0; // first segment the push has not finished
  let done = 0; // share of segment `seg` the push front has passed
  let horizon = (pageCount - 1) * tPage; // the rest of the push, without faults
  if (zeroed) {
    let slots = 0;
    for (const s of segments) for (const { pages } of s.parts) slots += pages * s.cost;
    horizon = (slots - cost[0]!) * tPage;
  }
  const maxStep = horizon / MIN_STEPS;
  // The first page is the head's (it lands at L + tPage).
  advanceFront(1);
  // Rates are summed by the trapezoid rule between steps; the state (Phi and the
  // front) moves by Euler steps.
  let fPrev = 0;
  let sPrev = 0;
  let dtPrev = 0;
  for (let step = 0;; step++) {
    let q = 0;
    let q2 = 0; // sum of absent share x p: how fast faults drain the hottest pages
    let absent = 0;
    let absentSlots = 0; // link slots the absent pages need
    let ownSlots = 0; // sum of absent share x p x slots per page
    for (let i = seg; i < segments.length; i++) {
      const left = i === seg ? 1 - done : 1;
      const c = cost[i]!;
      for (const { pages, p } of segments[i]!.parts) {
        const e = left * pages * Math.exp(-p * phi);
        if (e < DRAINED_PAGES) continue; // faulted in: no longer bounds the step
        absent += e;
        q += e * p;
        q2 += e * p * p;
        if (zeroed) {
          absentSlots += e * c;
          ownSlots += e * p * c;
        }
      }
    }
    // A faulted page's slots: the access-weighted mean of the absent pages'.
    const cf = zeroed && q > 0 ? ownSlots / q : 1;
    if (zeroed) {
      tOwn = cf * tPage;
      tFront = (seg < segments.length ? segments[seg]!.biased : 1) * tPage;
    }
    const finished = seg >= segments.length || absent <= STEP_FLOOR;
    const f = finished ? 0 : faultRate(q);
    const sr = finished || q <= 0 ? 0 : f * stall(q);
    faults += ((fPrev + f) / 2) * dtPrev;
    stalls += ((sPrev + sr) / 2) * dtPrev;
    // Every slot removes one absent page (pushed or faulted): absent x tPage is left.
    if (finished) break;
    let dt = Math.min(maxStep, (zeroed ? absentSlots : absent) * tPage);
    // (A NaN bound, from probabilities whose squares underflow, is no bound.)
    const drainBound = (STEP_DECAY * q) / ((f * q2) / q);
    if (drainBound < dt) dt = drainBound;
    dt = Math.max(dt, STEP_FLOOR * tPage);
    if (step >= MAX_STEPS) dt = (zeroed ? absentSlots : absent) * tPage; // a safety net
    if (q > 0) phi += (f / q) * dt;
    advanceFront(Math.max(0, dt / tPage - (zeroed ? f * dt * cf : f * dt)));
    fPrev = f;
    sPrev = sr;
    dtPrev = dt;
  }

  /** Moves the push front by `slots` page slots (present pages cost none). */
  function advanceFront(slots: number): void {
    while (slots > 0 && seg < segments.length) {
      let absent = 0; // absent pages of the whole segment (in slots, with zero pages)
      for (const { pages, p } of segments[seg]!.parts) absent += pages * Math.exp(-p * phi);
      if (zeroed) absent *= cost[seg]!;
      const need = (1 - done) * absent; // slots to finish the segment
      if (need <= slots) {
        slots -= need;
        seg++;
        done = 0;
      } else {
        done += slots / absent;
        slots = 0;
      }
    }
  }
  return { remoteFaults: faults, stallSeconds: stalls };
}

/**
 * Expected faults of a walk (the sequential writer) under active push, as a race
 * between the walker and the push front, both moving at constant speeds in memory.
 * Each fault stalls `s = 2L + 1.5 tPage` (a request that finds the link in a
 * uniform phase) and takes one link slot. Only the first pass can fault: every
 * page it visits is present afterwards.
 *
 * 1. The walker starts ahead of the push (which lands nothing before `L + tPage`)
 *    and faults on every visit, at `v = 1 / (1 / r + s)` visits per second. The push
 *    front moves at `V0 = 1 / tPage - v` pages per second up to the walk's start,
 *    then through the walker's trail, where a share `1 / stride` of the pages is
 *    already present and skipped: `V1 = V0 / (1 - 1 / stride)` (at once for a
 *    stride of 1). It catches the walker if `V1 > stride v`.
 * 2. After that, if the walker's own speed `r stride` exceeds the push's
 *    `1 / tPage`, it is paced by the push: every later visit of the pass finds its
 *    page sent but not yet landed (a fault with a short stall), and the stalls add
 *    up to `stride tPage - 1 / r` per visit. Otherwise it never faults again.
 */
function walkFaults(walk: PageWalk, tPage: number, latency: number): ExpectedFaults {
  const { startPage, visits, stridePages: stride, visitsPerSecond: r } = walk;
  const s = 2 * latency + 1.5 * tPage;
  const v = 1 / (1 / r + s); // faulting visits per second
  const v0 = Math.max(0, 1 / tPage - v);
  const head = latency + tPage;
  let faults: number;
  let caught = false;
  if (v0 === 0) faults = visits;
  else {
    const t1 = head + startPage / v0; // the front reaches the walk's start
    const visited = v * t1;
    if (visited >= visits) faults = visits;
    else if (stride === 1) {
      faults = visited;
      caught = true;
    } else {
      const v1 = v0 / (1 - 1 / stride);
      const gap = visited * stride;
      if (v1 <= stride * v) faults = visits;
      else {
        faults = Math.min(visits, visited + (v * gap) / (v1 - stride * v));
        caught = faults < visits;
      }
    }
  }
  let stallSeconds = faults * s;
  if (caught && r * stride > 1 / tPage) {
    // Paced by the push: every later visit waits for its page to land.
    const left = visits - faults;
    faults = visits;
    stallSeconds += left * (stride * tPage - 1 / r);
  }
  return { remoteFaults: faults, stallSeconds };
}

/** A push segment and the link slots (of `tPage`) each of its pages costs. */
interface CostedSegment extends PushSegment {
  /** Mean slots per page. */
  cost: number;
  /**
   * Length-biased mean slots per page, `E[c^2] / E[c]`: a request lands in a long
   * slot more often than in a short one, so the slot in progress is this long.
   */
  biased: number;
}

/**
 * Cuts the push segments where the zero-page ranges begin and end (a segment's
 * parts spread evenly over its pages, so a piece keeps their shares in proportion)
 * and gives each piece its slots per page: `1 - zeta (1 - zeroRatio)` for a share
 * `zeta` of zero pages (1 without any).
 */
function zeroCut(
  segments: PushSegment[],
  layout: { ranges: [number, number][]; everywhere: number },
  zeroRatio: number,
): CostedSegment[] {
  const z = layout.everywhere;
  const everywhere = 1 - z * (1 - zeroRatio);
  const biased = (1 - z + z * zeroRatio * zeroRatio) / everywhere;
  if (layout.ranges.length === 0) {
    return segments.map((s) => ({ ...s, cost: everywhere, biased }));
  }
  const out: CostedSegment[] = [];
  let start = 0;
  for (const s of segments) {
    const size = s.parts.reduce((n, part) => n + part.pages, 0);
    const end = start + size;
    const cuts = layout.ranges.flat().filter((c) => c > start && c < end).sort((x, y) => x - y);
    let from = start;
    for (const cut of [...cuts, end]) {
      const f = (cut - from) / size;
      const zero = layout.ranges.some(([x, y]) => from >= x && from < y);
      out.push({
        parts: s.parts.map((part) => ({ pages: part.pages * f, p: part.p })),
        cost: zero ? zeroRatio : 1,
        biased: zero ? zeroRatio : 1,
      });
      from = cut;
    }
    start = end;
  }
  return out;
}
