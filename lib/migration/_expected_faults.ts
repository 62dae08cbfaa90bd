/**
 * The expected-value model of post-copy remote faults and stalls used by
 * `closedFormPostCopy`. Internal: not re-exported from `mod.ts`; the model is
 * documented on `closedFormPostCopy`.
 *
 * @module
 */
import { hotSetPages } from "../workload/create_workload.ts";
import type { WorkloadPhase, WorkloadSpec } from "../workload/spec.ts";

/** Expected faults and stall of a post-copy pull. */
export interface ExpectedFaults {
  /** Expected remote faults (fractional). */
  remoteFaults: number;
  /** Expected sum of the vCPU stalls, seconds. */
  stallSeconds: number;
}

/** Ranges longer than this are summed by Euler-Maclaurin instead of term by term. */
const DIRECT_SUM_TERMS = 4096;

/** A run of pages `[start, end)` with the same access probability `p` each. */
interface Segment {
  start: number;
  end: number;
  p: number;
}

/**
 * Expected remote faults and stall seconds of a post-copy pull with active push.
 *
 * @param spec The workload.
 * @param pageCount Pages of the VM (>= 1).
 * @param tPage Seconds the link takes per page (wire bytes / rate, > 0).
 * @param latency One-way latency, seconds (>= 0).
 * @returns The expected faults and stall.
 */
export function expectedPostCopyFaults(
  spec: WorkloadSpec,
  pageCount: number,
  tPage: number,
  latency: number,
): ExpectedFaults {
  const a = accessesPerSecond(spec);
  if (a === 0) return { remoteFaults: 0, stallSeconds: 0 };
  const psi = (2 * latency) % tPage;

  /** Mean stall of a fault when absent pages take share q of the accesses. */
  function stall(q: number): number {
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
    return 2 * latency + 2 * tPage - phase;
  }
  /** Faults per wall second (renewal: run 1/(a q), then stall). */
  function faultRate(q: number): number {
    return q <= 0 ? 0 : (a * q) / (1 + a * q * stall(q));
  }
  /** Stall seconds per wall second. */
  function stallRate(q: number): number {
    return q <= 0 ? 0 : faultRate(q) * stall(q);
  }

  // Until the first page lands (L + tPage) every page is absent: q = 1.
  const head = latency + tPage;
  let faults = head * faultRate(1);
  let stalls = head * stallRate(1);
  // Then slot k (k = 0 .. P - 2) lasts tPage with q = the share of pages > k.
  const segments = pageSegments(spec, pageCount);
  if (segments) {
    let mass = 1; // share of the accesses that go to pages >= segment start
    for (const { start, end, p } of segments) {
      const terms = Math.min(end, pageCount - 1) - start;
      if (terms > 0) {
        faults += tPage * linearSum(faultRate, mass, p, terms);
        stalls += tPage * linearSum(stallRate, mass, p, terms);
      }
      mass -= (end - start) * p;
    }
  } else {
    // Page by page, tail sums from the last page back (small terms first).
    const p = pageProbability(spec as Exclude<WorkloadSpec, { kind: "trace" }>, pageCount);
    let tail = 0;
    let faultSum = 0;
    let stallSum = 0;
    for (let k = pageCount - 2; k >= 0; k--) {
      tail += p(k + 1);
      if (tail <= 0) continue;
      const s = stall(tail);
      const f = (a * tail) / (1 + a * tail * s);
      faultSum += f;
      stallSum += f * s;
    }
    faults += tPage * faultSum;
    stalls += tPage * stallSum;
  }
  return { remoteFaults: faults, stallSeconds: stalls };
}

/** Accesses per second of execution time, averaged over a phased cycle or a trace. */
function accessesPerSecond(spec: WorkloadSpec): number {
  switch (spec.kind) {
    case "idle":
      return 0;
    case "phased": {
      let accesses = 0;
      let seconds = 0;
      for (const phase of spec.phases) {
        accesses += accessesPerSecond(phase.workload) * phase.durationSeconds;
        seconds += phase.durationSeconds;
      }
      return accesses / seconds;
    }
    case "trace":
      return spec.accesses.length / spec.durationSeconds;
    default:
      return spec.writesPerSecond + (spec.readsPerSecond ?? 0);
  }
}

/**
 * The page distribution as runs of equal probability, in page order, or undefined
 * when it must be evaluated page by page (Zipf, or a phased mix with a Zipf phase).
 */
function pageSegments(spec: WorkloadSpec, pageCount: number): Segment[] | undefined {
  switch (spec.kind) {
    case "idle":
      return [];
    case "uniform":
      return [{ start: 0, end: pageCount, p: 1 / pageCount }];
    case "hot-cold": {
      const hot = hotSetPages(spec.hotFraction, pageCount);
      const cold = pageCount - hot;
      if (cold === 0) return [{ start: 0, end: pageCount, p: 1 / pageCount }];
      return [
        { start: 0, end: hot, p: spec.hotShare / hot },
        { start: hot, end: pageCount, p: (1 - spec.hotShare) / cold },
      ];
    }
    case "zipf":
      return undefined;
    case "trace":
      return traceSegments(spec.accesses, pageCount);
    case "phased": {
      if (spec.phases.some((phase) => phase.workload.kind === "zipf")) return undefined;
      const weighted = phaseWeights(spec.phases);
      const cuts = new Set([0, pageCount]);
      const parts = weighted.map(({ workload, weight }) => {
        const segments = pageSegments(workload, pageCount)!;
        for (const s of segments) cuts.add(s.start).add(s.end);
        return { segments, weight };
      });
      const bounds = [...cuts].sort((x, y) => x - y);
      const out: Segment[] = [];
      for (let i = 0; i + 1 < bounds.length; i++) {
        const start = bounds[i]!;
        let p = 0;
        for (const { segments, weight } of parts) {
          const s = segments.find((s) => s.start <= start && start < s.end);
          if (s) p += weight * s.p;
        }
        out.push({ start, end: bounds[i + 1]!, p });
      }
      return out;
    }
  }
}

/** Share of a phased cycle's accesses that each phase makes. */
function phaseWeights(
  phases: readonly WorkloadPhase[],
): { workload: WorkloadPhase["workload"]; weight: number }[] {
  const accesses = phases.map((ph) => accessesPerSecond(ph.workload) * ph.durationSeconds);
  const total = accesses.reduce((x, y) => x + y, 0);
  return phases.map((ph, i) => ({ workload: ph.workload, weight: accesses[i]! / total }));
}

/** The empirical page distribution of a trace, as runs. */
function traceSegments(
  accesses: readonly { page: number }[],
  pageCount: number,
): Segment[] {
  const counts = new Map<number, number>();
  for (const { page } of accesses) counts.set(page, (counts.get(page) ?? 0) + 1);
  const pages = [...counts.keys()].sort((x, y) => x - y);
  const out: Segment[] = [];
  let next = 0;
  for (const page of pages) {
    if (page > next) out.push({ start: next, end: page, p: 0 });
    out.push({ start: page, end: page + 1, p: counts.get(page)! / accesses.length });
    next = page + 1;
  }
  if (next < pageCount) out.push({ start: next, end: pageCount, p: 0 });
  return out;
}

/** Probability of page k, for the page-by-page path (Zipf and phased mixes). */
function pageProbability(
  spec: Exclude<WorkloadSpec, { kind: "trace" }>,
  pageCount: number,
): (k: number) => number {
  if (spec.kind === "zipf") {
    const s = spec.exponent;
    let norm = 0;
    for (let k = pageCount; k >= 1; k--) norm += Math.pow(k, -s);
    return (k) => Math.pow(k + 1, -s) / norm;
  }
  if (spec.kind === "phased") {
    const parts = phaseWeights(spec.phases)
      .filter(({ weight }) => weight > 0)
      .map(({ workload, weight }) => ({ p: pageProbability(workload, pageCount), weight }));
    return (k) => {
      let p = 0;
      for (const part of parts) p += part.weight * part.p(k);
      return p;
    };
  }
  const segments = pageSegments(spec, pageCount)!;
  return (k) => segments.find((s) => s.start <= k && k < s.end)?.p ?? 0;
}

/**
 * `sum_{j=1..n} g(q0 - j dq)`: term by term for short runs, otherwise by
 * Euler-Maclaurin (integral plus half the end terms) with the integral by adaptive
 * Simpson; the neglected term is O(g' dq), relatively O(1 / n^2).
 */
function linearSum(g: (q: number) => number, q0: number, dq: number, n: number): number {
  if (dq === 0) return n * g(q0);
  if (n <= DIRECT_SUM_TERMS) {
    let sum = 0;
    for (let j = n; j >= 1; j--) sum += g(Math.max(0, q0 - j * dq));
    return sum;
  }
  const q1 = Math.max(0, q0 - n * dq);
  return integrate(g, q1, q0) / dq + (g(q1) - g(q0)) / 2;
}

/** Adaptive Simpson quadrature of g over [lo, hi] (relative tolerance 1e-10). */
function integrate(g: (q: number) => number, lo: number, hi: number): number {
  const mid = (lo + hi) / 2;
  const gLo = g(lo);
  const gMid = g(mid);
  const gHi = g(hi);
  const whole = ((hi - lo) / 6) * (gLo + 4 * gMid + gHi);
  const tolerance = 1e-10 * Math.max(Math.abs(whole), Number.MIN_VALUE);

  function step(
    a: number,
    b: number,
    ga: number,
    gm: number,
    gb: number,
    estimate: number,
    eps: number,
    depth: number,
  ): number {
    const m = (a + b) / 2;
    const lm = (a + m) / 2;
    const rm = (m + b) / 2;
    const glm = g(lm);
    const grm = g(rm);
    const left = ((m - a) / 6) * (ga + 4 * glm + gm);
    const right = ((b - m) / 6) * (gm + 4 * grm + gb);
    const delta = left + right - estimate;
    if (depth >= 40 || Math.abs(delta) <= 15 * eps) return left + right + delta / 15;
    return step(a, m, ga, glm, gm, left, eps / 2, depth + 1) +
      step(m, b, gm, grm, gb, right, eps / 2, depth + 1);
  }
  return step(lo, hi, gLo, gMid, gHi, whole, tolerance, 0);
}
