import { options as checkOptions } from "../_validate.ts";
import { DIMENSIONS } from "./model.ts";
import { packInstance, withSlack } from "./_fit.ts";
import type { Dimension, Host, PlacementResult, VmDemand } from "./model.ts";

/** Options of {@link setCoverGreedy}. */
export interface SetCoverGreedyOptions {
  /**
   * The dimensions whose capacity must hold.
   * @default {DIMENSIONS}
   */
  dimensions?: readonly Dimension[];
}

const ACTION = "place VMs by greedy set cover";

/**
 * Places VMs by the greedy algorithm for set cover (the reduction of consolidation to
 * set cover in Chetan et al. 2010).
 *
 * The reduction: the universe is the set of VMs; every subset of VMs that fits
 * together on a host is a set of unit cost; a placement using k hosts is a cover by k
 * sets (overlaps are resolved by keeping each VM in one of its sets, which still
 * fits). Greedy set cover repeatedly takes the set covering most uncovered elements,
 * which uses at most `H(s) ≤ ln s + 1` times the optimal number of sets, where s is the
 * largest set size (Johnson 1974, Chvátal 1979). The sets are too many to enumerate,
 * so each round asks an oracle, for every unused host, for a large subset of the
 * remaining VMs that fits it: first fit decreasing of the remaining VMs into that one
 * host (sort key: the sum over dimensions of the demand divided by the largest host
 * capacity of that dimension, ties by index). The host whose packing covers the most
 * VMs is opened (ties: larger packed volume, then lower index). With an oracle that
 * is not exact the `ln s + 1` guarantee holds against the covers made of oracle sets,
 * not against every cover, so treat it as a heuristic with a set-cover flavour.
 * Hosts with identical capacities are evaluated once per round. VMs that fit no host
 * are left in `unplaced`.
 *
 * `details`: `rounds` (hosts opened), `packingsEvaluated` and `harmonicFactor`
 * (`H(s)` for the largest set taken).
 *
 * @param hosts The hosts.
 * @param vms The VMs to place.
 * @param options The dimensions to check.
 * @returns The placement.
 *
 * @example Open the host that takes most VMs first
 * ```ts
 * import { setCoverGreedy } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = { cores: 4, ramBytes: 8e9, bandwidthBytesPerSecond: 1e9, rack: 0 };
 * const hosts = [
 *   { ...host, name: "small", cpuMips: 1000 },
 *   { ...host, name: "large", cpuMips: 4000 },
 * ];
 * const vms = [0, 1, 2, 3].map((i) => ({
 *   name: `vm${i}`, cpuMips: 1000, ramBytes: 1e9, bandwidthBytesPerSecond: 1e6,
 * }));
 * const result = setCoverGreedy(hosts, vms);
 * assert.deepEqual(result.assignment, [1, 1, 1, 1]);
 * assert.equal(result.hostsUsed, 1);
 * ```
 */
export function setCoverGreedy(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  options: SetCoverGreedyOptions = {},
): PlacementResult {
  checkOptions(ACTION, "options", options, ["dimensions"]);
  const { dimensions = DIMENSIONS } = options;
  const scale = Array.from(packInstance(ACTION, hosts, vms, dimensions).scale);
  const size = vms.map((vm) => dimensions.reduce((s, d, k) => s + vm[d] / scale[k]!, 0));
  const fitsAlone = (vm: VmDemand) =>
    hosts.some((h) => dimensions.every((d) => vm[d] <= withSlack(h[d])));
  const assignment = vms.map(() => -1);
  let remaining = vms.map((_, i) => i)
    .filter((i) => fitsAlone(vms[i]!))
    .sort((a, b) => size[b]! - size[a]! || a - b);
  const open = hosts.map(() => false);
  let rounds = 0;
  let packingsEvaluated = 0;
  let largestSet = 0;
  while (remaining.length > 0) {
    let best: { host: number; packed: number[]; volume: number } | undefined;
    const seen = new Set<string>();
    hosts.forEach((host, j) => {
      if (open[j]) return;
      const key = dimensions.map((d) => host[d]).join(",");
      if (seen.has(key)) return; // an identical host with a lower index was evaluated
      seen.add(key);
      packingsEvaluated++;
      const load = dimensions.map(() => 0);
      const packed: number[] = [];
      let volume = 0;
      for (const i of remaining) {
        const vm = vms[i]!;
        if (dimensions.every((d, k) => load[k]! + vm[d] <= withSlack(host[d]))) {
          dimensions.forEach((d, k) => load[k]! += vm[d]);
          packed.push(i);
          volume += size[i]!;
        }
      }
      if (
        packed.length > 0 &&
        (best === undefined || packed.length > best.packed.length ||
          (packed.length === best.packed.length && volume > best.volume))
      ) {
        best = { host: j, packed, volume };
      }
    });
    if (best === undefined) break; // every host is open: the rest stays unplaced
    open[best.host] = true;
    rounds++;
    largestSet = Math.max(largestSet, best.packed.length);
    for (const i of best.packed) assignment[i] = best.host;
    const taken = new Set(best.packed);
    remaining = remaining.filter((i) => !taken.has(i));
  }
  let harmonicFactor = 0;
  for (let k = 1; k <= largestSet; k++) harmonicFactor += 1 / k;
  return {
    algorithm: "set-cover-greedy",
    assignment,
    unplaced: assignment.flatMap((j, i) => j === -1 ? [i] : []),
    hostsUsed: new Set(assignment.filter((j) => j >= 0)).size,
    details: { rounds, packingsEvaluated, harmonicFactor },
  };
}
