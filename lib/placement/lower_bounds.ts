import { oneOf } from "../_validate.ts";
import { packInstance, withSlack } from "./_fit.ts";
import { DIMENSIONS } from "./model.ts";
import type { Dimension, Host, VmDemand } from "./model.ts";

/** Lower bounds on the number of hosts any placement needs, in one dimension. */
export interface LowerBounds {
  /** The dimension the bounds are computed in. */
  dimension: Dimension;
  /**
   * The continuous bound: the fewest hosts whose capacities add up to the total demand,
   * taking the largest hosts first (`⌈Σ s_i / C⌉` for identical hosts of capacity C).
   * Past the last host, copies of the largest host are counted, so a value above the
   * number of hosts means the VMs cannot all be placed.
   */
  continuous: number;
  /**
   * Martello and Toth's L2 bound, computed as if every host had the largest capacity C
   * (exact L2 for identical hosts; still a valid bound otherwise, since larger hosts can
   * only need fewer).
   */
  martelloTothL2: number;
  /** The larger of the two bounds. */
  best: number;
  /** VMs larger than every host in this dimension: they fit nowhere and are left out. */
  oversizedVms: number;
}

/** Slack for rounding when taking ceilings of sums of doubles. */
const EPSILON = 1e-9;

/**
 * Computes lower bounds on the number of hosts needed to place every VM, looking at one
 * dimension only (a bound in one dimension bounds the several-dimension problem too).
 *
 * - Continuous bound L1: for identical hosts of capacity C, `⌈Σ s_i / C⌉`; for hosts of
 *   different capacities, the smallest k such that the k largest capacities add up to at
 *   least Σ s_i (any k hosts hold at most that much).
 * - L2 of S. Martello and P. Toth, _Knapsack Problems_ (Wiley, 1990), section 8.3.1: for
 *   each α in [0, C/2], with J1 = {s > C − α}, J2 = {C − α ≥ s > C/2} and
 *   J3 = {C/2 ≥ s ≥ α}, L(α) = |J1| + |J2| + max(0, ⌈(Σ_{J3} s − (|J2|·C − Σ_{J2} s)) / C⌉);
 *   L2 is the largest L(α), found by trying α = 0 and every distinct size ≤ C/2 (sorting
 *   makes it O(n log n)). L2 ≥ L1 for identical hosts, except within the tolerances
 *   below: L2 forgives about 2e-9·C of rounding and L1 1e-9 of the total, so sizes that
 *   overfill C by between those (0.3 + 0.3 + 0.4000000015 on C = 1) give L1 = 2, L2 = 1;
 *   `best` is the larger. With hosts of different capacities, C is the largest capacity.
 *
 * Ceilings subtract 1e-9 first, so that rounding in the sums never raises a bound past a
 * true optimum. L2 takes C as the largest capacity plus the placement layer's fit tolerance
 * (`FIT_TOLERANCE`: a host takes demands summing to its capacity up to rounding), so that
 * it bounds what the placers can do: VMs over that are counted in `oversizedVms` and left
 * out of both bounds.
 *
 * @param hosts The hosts.
 * @param vms The VMs.
 * @param dimension The dimension to bound in.
 * @returns The bounds.
 * @throws {TypeError} If the dimension is unknown or the inputs are not arrays of objects.
 * @throws {RangeError} If a capacity or demand is negative or not finite.
 *
 * @example L2 beats the continuous bound on items just over half a bin
 * ```ts
 * import { lowerBounds } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const hosts = [0, 1, 2, 3].map((i) => ({
 *   name: `h${i}`, cpuMips: 100, cores: 1, ramBytes: 1, bandwidthBytesPerSecond: 1, rack: 0,
 * }));
 * const vms = [0, 1, 2].map((i) => ({ name: `v${i}`, cpuMips: 51, ramBytes: 0, bandwidthBytesPerSecond: 0 }));
 * const bounds = lowerBounds(hosts, vms, "cpuMips");
 * assert.equal(bounds.continuous, 2);
 * assert.equal(bounds.martelloTothL2, 3);
 * assert.equal(bounds.best, 3);
 * ```
 */
export function lowerBounds(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  dimension: Dimension,
): LowerBounds {
  const action = "compute lower bounds";
  oneOf(action, "dimension", dimension, DIMENSIONS);
  const { capacity, demand, hostCount, vmCount } = packInstance(action, hosts, vms, [dimension]);
  const capacities = Array.from(capacity).sort((a, b) => b - a);
  const largest = hostCount > 0 ? capacities[0]! : 0;
  // every placer lets a host take its capacity plus the fit tolerance, so L2 bounds bins of
  // that size: with the exact capacity, 0.1 x 7 (0.7000000000000001) and 0.3 would count two
  // bins where one holds them
  const limit = withSlack(largest);
  const sizes: number[] = [];
  let oversizedVms = 0;
  for (let i = 0; i < vmCount; i++) {
    const s = demand[i]!;
    if (s > limit) oversizedVms++;
    else sizes.push(s);
  }
  sizes.sort((a, b) => a - b);
  let total = 0;
  for (const s of sizes) total += s;
  const continuous = continuousBound(capacities, largest, total);
  const martelloTothL2 = largest > 0 ? l2(sizes, limit) : 0;
  return {
    dimension,
    continuous,
    martelloTothL2,
    best: Math.max(continuous, martelloTothL2),
    oversizedVms,
  };
}

/** Fewest hosts, largest first (then copies of the largest), whose capacities cover total. */
function continuousBound(capacities: number[], largest: number, total: number): number {
  if (!(total > 0)) return 0;
  // relative to the total, as the placers' tolerance is to each capacity: an absolute floor
  // would swallow every total under 1e-9 (hosts of 1e-10 would need 0)
  const slack = EPSILON * total;
  let acc = 0;
  let count = 0;
  for (const c of capacities) {
    if (acc + slack >= total) return count;
    acc += c;
    count++;
  }
  if (acc + slack >= total) return count;
  return count + Math.ceil((total - acc) / largest - EPSILON);
}

/** Martello–Toth L2 for bins of capacity c; `sizes` ascending, all ≤ c. */
function l2(sizes: number[], c: number): number {
  const n = sizes.length;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + sizes[i]!;
  // First index whose size is > x (upper bound) or >= x (lower bound).
  const upper = (x: number): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sizes[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const lower = (x: number): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sizes[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const half = upper(c / 2); // sizes[half..] are > C/2
  let best = 0;
  const candidates = [0];
  for (let i = 0; i < half; i++) {
    if (i === 0 || sizes[i] !== sizes[i - 1]) candidates.push(sizes[i]!);
  }
  for (const alpha of candidates) {
    const big = upper(c - alpha); // sizes[big..] are > C - α (J1)
    const n1 = n - big;
    const n2 = Math.max(0, big - half);
    const sum2 = n2 > 0 ? prefix[big]! - prefix[half]! : 0;
    const from = lower(alpha);
    const sum3 = prefix[half]! - prefix[Math.min(from, half)]!;
    const extra = Math.max(0, Math.ceil((sum3 - (n2 * c - sum2)) / c - EPSILON));
    best = Math.max(best, n1 + n2 + extra);
  }
  return best;
}
