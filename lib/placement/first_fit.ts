import { runFit } from "./_fit.ts";
import type { FitOptions } from "./fit_options.ts";
import type { Host, PlacementResult, VmDemand } from "./model.ts";

/**
 * Places VMs in input order, each on the lowest-index host it fits (First Fit).
 *
 * Each VM, in input order, goes to the lowest-index host whose remaining capacity covers
 * its demand in every checked dimension; a VM that fits no host goes to `unplaced` and
 * the others are still placed. A segment tree over the hosts finds the host: each node
 * keeps up to three points that dominate the remaining capacity of every host below it
 * (the per-dimension maxima of clusters of alike hosts), so the search skips groups whose
 * hosts each fall short in a different dimension, and hosts that can fit none of the VMs
 * still to come (short of their component-wise minimum demand) leave the tree. That takes
 * O(log m) steps per VM in typical packings (O(m) at worst, when the summaries pass but no
 * single host fits); a VM that fits no host is usually rejected at the root.
 *
 * @param hosts The hosts, all empty at the start.
 * @param vms The VMs to place.
 * @param options The dimensions to check.
 * @returns The placement: `algorithm` is `"first-fit"`, and `details` records the dimensions.
 * @throws {TypeError} If `hosts` or `vms` is not an array of objects or a dimension is unknown.
 * @throws {RangeError} If a capacity or demand is negative or not finite.
 *
 * @example Three VMs on 2 hosts of 10 MIPS, one dimension
 * ```ts
 * import { firstFit } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = { cpuMips: 10, cores: 1, ramBytes: 1, bandwidthBytesPerSecond: 1, rack: 0 };
 * const hosts = [{ ...host, name: "h0" }, { ...host, name: "h1" }];
 * const vms = [4, 7, 3].map((cpuMips, i) => ({ name: `v${i}`, cpuMips, ramBytes: 0, bandwidthBytesPerSecond: 0 }));
 * const result = firstFit(hosts, vms, { dimensions: ["cpuMips"] });
 * assert.deepEqual(result.assignment, [0, 1, 0]);
 * assert.equal(result.hostsUsed, 2);
 * ```
 */
export function firstFit(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  options: FitOptions = {},
): PlacementResult {
  return runFit("place VMs by first fit", "first-fit", hosts, vms, options, "first", false);
}
