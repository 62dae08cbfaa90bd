/** Small seeded instances and a brute-force optimum for the exact and meta-heuristic placements. */
import { createPrng } from "../../lib/random/prng.ts";
import { DIMENSIONS } from "../../lib/placement/model.ts";
import type { Dimension, Host, PlacementResult, VmDemand } from "../../lib/placement/model.ts";
import {
  assertValidPlacement,
  type ValidatePlacementOptions,
} from "../../lib/placement/validate_placement.ts";
import type { PowerModel } from "../../lib/datacenter/power_model.ts";

/** Linear power models named by the hosts of {@link smallInstance}. */
export const POWER_MODELS: Record<string, PowerModel> = {
  old: { kind: "linear", idleWatts: 90, peakWatts: 135 },
  new: { kind: "linear", idleWatts: 60, peakWatts: 150 },
};

/** A VM of `cpuMips` MIPS, 1 GB of RAM and 1 MB/s, named `vm${i}` (for `.map(vmOf)`). */
export function vmOf(cpuMips: number, i: number) {
  return { name: `vm${i}`, cpuMips, ramBytes: 1e9, bandwidthBytesPerSecond: 1e6 };
}

/**
 * A seeded instance: hosts alternate two shapes (4000 MIPS / 8 GiB "old", 6000 MIPS /
 * 6 GiB "new") in racks of 3; VMs take 500-2500 MIPS, 0.5-3 GiB, 1-10 MB/s. In one
 * dimension the RAM and bandwidth demands are 0.
 */
export function smallInstance(seed: number, vmCount: number, hostCount: number, dims: 1 | 3 = 3): {
  hosts: Host[];
  vms: VmDemand[];
} {
  const prng = createPrng(seed, "ilp-test-instance");
  const hosts = Array.from({ length: hostCount }, (_, j) => ({
    name: `h${j}`,
    cpuMips: j % 2 === 0 ? 4000 : 6000,
    cores: 4,
    ramBytes: (j % 2 === 0 ? 8 : 6) * 2 ** 30,
    bandwidthBytesPerSecond: 125e6,
    rack: Math.floor(j / 3),
    powerModel: j % 2 === 0 ? "old" : "new",
  }));
  const vms = Array.from({ length: vmCount }, (_, i) => {
    const cpuMips = Math.round(500 + 2000 * prng());
    const ramBytes = Math.round((0.5 + 2.5 * prng()) * 2 ** 30);
    const bandwidthBytesPerSecond = Math.round(1e6 + 9e6 * prng());
    return dims === 1
      ? { name: `vm${i}`, cpuMips, ramBytes: 0, bandwidthBytesPerSecond: 0 }
      : { name: `vm${i}`, cpuMips, ramBytes, bandwidthBytesPerSecond };
  });
  return { hosts, vms };
}

/**
 * The fewest hosts holding every VM, by exhaustive search (VMs by decreasing CPU; each
 * goes to a used host or to the first unused host of each distinct capacity). Returns
 * Infinity when the VMs cannot all be placed.
 */
export function bruteForceHosts(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  dimensions: readonly Dimension[] = DIMENSIONS,
): number {
  const order = vms.map((_, i) => i).sort((a, b) => vms[b]!.cpuMips - vms[a]!.cpuMips);
  const load = hosts.map(() => dimensions.map(() => 0));
  const count = hosts.map(() => 0);
  let best = Infinity;
  const visit = (k: number, used: number): void => {
    if (used >= best) return;
    if (k === order.length) {
      best = used;
      return;
    }
    const vm = vms[order[k]!]!;
    const triedEmpty = new Set<string>();
    hosts.forEach((host, j) => {
      if (count[j] === 0) {
        const key = dimensions.map((d) => host[d]).join(",");
        if (triedEmpty.has(key)) return;
        triedEmpty.add(key);
      }
      if (!dimensions.every((d, x) => load[j]![x]! + vm[d] <= host[d])) return;
      dimensions.forEach((d, x) => load[j]![x]! += vm[d]);
      count[j]!++;
      visit(k + 1, used + (count[j] === 1 ? 1 : 0));
      count[j]!--;
      dimensions.forEach((d, x) => load[j]![x]! -= vm[d]);
    });
  };
  visit(0, 0);
  return best;
}

/** Asserts that a placement passes the shared validator. */
export function assertValid(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  result: PlacementResult,
  options: ValidatePlacementOptions = {},
): void {
  assertValidPlacement(hosts, vms, result, options);
}
