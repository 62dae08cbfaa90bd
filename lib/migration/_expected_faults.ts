/**
 * The expected-value model of post-copy remote faults and stalls used by
 * `closedFormPostCopy`. Internal: not re-exported from `mod.ts`; the model is
 * documented on `closedFormPostCopy`.
 *
 * @module
 */
import { workloadModel } from "../workload/models.ts";
import { pageOrderRuns } from "../workload/page_order_runs.ts";
import type { WorkloadSpec } from "../workload/spec.ts";

/** Expected faults and stall of a post-copy pull. */
export interface ExpectedFaults {
  /** Expected remote faults (fractional). */
  remoteFaults: number;
  /** Expected sum of the vCPU stalls, seconds. */
  stallSeconds: number;
}

/** Ranges longer than this are summed by Euler-Maclaurin instead of term by term. */
const DIRECT_SUM_TERMS = 4096;

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
  const rates = workloadModel(spec).rates(spec);
  const a = rates.writesPerSecond + rates.readsPerSecond;
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
  // Then slot k (k = 0 .. P - 2) lasts tPage with q = the share of pages > k, taken
  // run by run from the workload's page-order runs (its model's description).
  let mass = 1; // share of the accesses that go to pages >= run start
  for (const run of pageOrderRuns(spec, pageCount)) {
    const start = run.startPage;
    const end = start + run.pages;
    const p = run.accessShare / run.pages;
    const terms = Math.min(end, pageCount - 1) - start;
    if (terms > 0) {
      faults += tPage * linearSum(faultRate, mass, p, terms);
      stalls += tPage * linearSum(stallRate, mass, p, terms);
    }
    mass -= (end - start) * p;
  }
  return { remoteFaults: faults, stallSeconds: stalls };
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
