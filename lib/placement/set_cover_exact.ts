import { integer, options as checkOptions } from "../_validate.ts";
import { packInstance, withSlack } from "./_fit.ts";
import { DIMENSIONS } from "./model.ts";
import type { Dimension, Host, PlacementResult, VmDemand } from "./model.ts";

/** Options of {@linkcode setCoverExact}. */
export interface SetCoverExactOptions {
  /**
   * The dimensions whose capacity must hold.
   *
   * @default {DIMENSIONS}
   */
  dimensions?: readonly Dimension[];
  /**
   * The most VMs accepted: the sets are enumerated explicitly, up to 2^n per host type.
   *
   * @default {16}
   */
  maxVms?: number;
}

const ACTION = "place VMs by exact set cover";

/**
 * Places VMs by an exact minimum set cover, enumerating every set (the reduction of
 * consolidation to set cover in Chetan et al. 2010; the exact counterpart of
 * {@linkcode setCoverGreedy}, for small instances).
 *
 * The reduction: the universe is the VMs; for each host type (hosts with identical
 * capacities in the checked dimensions) every subset of VMs whose summed demand fits it
 * (with the placement layer's fit tolerance) is a set of unit cost, usable as many times
 * as there are hosts of that type; a placement on k hosts is a cover by k disjoint sets.
 * The sets are enumerated explicitly (bit masks, n ≤ `maxVms`), and a depth-first branch
 * and bound finds a cover with the fewest sets: it takes the lowest uncovered VM and tries
 * every set holding it within the uncovered VMs (largest first), or leaving it unplaced;
 * a branch is cut when its hosts plus the continuous bound of the uncovered VMs
 * (`max_d ⌈Σ demand_d / largest capacity_d⌉`) cannot beat the best cover found. The
 * objective is lexicographic: fewest unplaced VMs, then fewest hosts (a VM that fits no
 * host alone is always unplaced). Chosen sets go to hosts of their type in index order.
 *
 * `details`: `sets` (enumerated, over all host types), `nodes` (search nodes visited) and
 * `status` (`"optimal"`).
 *
 * @param hosts The hosts.
 * @param vms The VMs to place (at most `maxVms`).
 * @param options The dimensions to check and the size limit.
 * @returns The placement with the fewest hosts (among those with the fewest unplaced VMs).
 * @throws {RangeError} If there are more than `maxVms` VMs, or a demand or capacity is negative.
 * @throws {TypeError} If hosts or vms is not an array of objects.
 *
 * @example Four VMs on hosts of 10 MIPS fit two hosts
 * ```ts
 * import { setCoverExact } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = { cpuMips: 10, cores: 1, ramBytes: 1, bandwidthBytesPerSecond: 1, rack: 0 };
 * const hosts = [0, 1, 2].map((j) => ({ ...host, name: `h${j}` }));
 * const vms = [6, 4, 5, 5].map((cpuMips, i) => ({ name: `v${i}`, cpuMips, ramBytes: 0, bandwidthBytesPerSecond: 0 }));
 * const result = setCoverExact(hosts, vms, { dimensions: ["cpuMips"] });
 * assert.equal(result.hostsUsed, 2);
 * assert.equal(result.details.status, "optimal");
 * ```
 */
export function setCoverExact(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  options: SetCoverExactOptions = {},
): PlacementResult {
  checkOptions(ACTION, "options", options, ["dimensions", "maxVms"]);
  const { dimensions = DIMENSIONS, maxVms = 16 } = options;
  const instance = packInstance(ACTION, hosts, vms, dimensions);
  integer(ACTION, "maxVms", maxVms, 1, 30);
  const n = vms.length;
  if (n > maxVms) {
    throw new RangeError(
      `Cannot ${ACTION} as the number of VMs must be <= maxVms (${maxVms}): current value is ${n}`,
    );
  }
  const { k, demand, scale } = instance;
  // Host types, in order of first appearance.
  const types: { capacity: number[]; hosts: number[] }[] = [];
  const byKey = new Map<string, number>();
  hosts.forEach((_, j) => {
    const capacity = Array.from({ length: k }, (_, d) => instance.capacity[j * k + d]!);
    const key = capacity.join(",");
    const t = byKey.get(key) ?? types.push({ capacity, hosts: [] }) - 1;
    byKey.set(key, t);
    types[t]!.hosts.push(j);
  });
  // Every set per host type: the masks of VMs that fit it together.
  const sets: number[][] = types.map((type) => {
    const cap = type.capacity.map(withSlack);
    const out: number[] = [];
    const load = new Float64Array(k);
    const visit = (i: number, mask: number): void => {
      if (i === n) {
        if (mask !== 0) out.push(mask);
        return;
      }
      visit(i + 1, mask);
      let fits = true;
      for (let d = 0; d < k; d++) if (load[d]! + demand[i * k + d]! > cap[d]!) fits = false;
      if (!fits) return;
      for (let d = 0; d < k; d++) load[d]! += demand[i * k + d]!;
      visit(i + 1, mask | (1 << i));
      for (let d = 0; d < k; d++) load[d]! -= demand[i * k + d]!;
    };
    visit(0, 0);
    return out;
  });
  const popcount = (x: number): number => {
    let c = 0;
    for (; x !== 0; x &= x - 1) c++;
    return c;
  };
  // Per type and VM, the sets holding the VM, largest first.
  const holding = sets.map((list) =>
    Array.from(
      { length: n },
      (_, i) =>
        list.filter((s) => (s & (1 << i)) !== 0).sort((a, b) => popcount(b) - popcount(a) || a - b),
    )
  );
  const m = hosts.length;
  const skipCost = m + 1;
  const bound = (mask: number): number => {
    let best = 0;
    for (let d = 0; d < k; d++) {
      let sum = 0;
      for (let i = 0; i < n; i++) if ((mask & (1 << i)) !== 0) sum += demand[i * k + d]!;
      best = Math.max(best, Math.ceil(sum / withSlack(scale[d]!) - 1e-9));
    }
    return Math.min(best, skipCost);
  };
  const left = types.map((t) => t.hosts.length);
  const chosen: [number, number][] = [];
  let bestCost = Infinity;
  let bestChoice: [number, number][] = [];
  let nodes = 0;
  const search = (mask: number, cost: number): void => {
    nodes++;
    if (mask === 0) {
      if (cost < bestCost) {
        bestCost = cost;
        bestChoice = [...chosen];
      }
      return;
    }
    if (cost + bound(mask) >= bestCost) return;
    const v = 31 - Math.clz32(mask & -mask);
    for (let t = 0; t < types.length; t++) {
      if (left[t] === 0) continue;
      for (const s of holding[t]![v]!) {
        if ((s & mask) !== s) continue;
        left[t]!--;
        chosen.push([t, s]);
        search(mask & ~s, cost + 1);
        chosen.pop();
        left[t]!++;
      }
    }
    search(mask & ~(1 << v), cost + skipCost);
  };
  search(n === 0 ? 0 : (2 ** n - 1) | 0, 0);
  const assignment = vms.map(() => -1);
  const next = types.map(() => 0);
  for (const [t, s] of bestChoice) {
    const host = types[t]!.hosts[next[t]!++]!;
    for (let i = 0; i < n; i++) if ((s & (1 << i)) !== 0) assignment[i] = host;
  }
  return {
    algorithm: "set-cover-exact",
    assignment,
    unplaced: assignment.flatMap((j, i) => j === -1 ? [i] : []),
    hostsUsed: bestChoice.length,
    details: {
      sets: sets.reduce((s, l) => s + l.length, 0),
      nodes,
      status: "optimal",
    },
  };
}
