import { runFit } from "./_fit.ts";
import type { FitOptions } from "./fit_options.ts";
import type { Host, PlacementResult, VmDemand } from "./model.ts";

/**
 * Places VMs in input order, each on the host it leaves with the most spare capacity (Worst Fit).
 *
 * Each VM, in input order, goes to the host that fits it (in every checked dimension) and
 * has the most remaining capacity after placing it, measured as the sum over dimensions
 * of remaining capacity divided by the largest host capacity in that dimension; ties go
 * to the lowest host index. Worst fit spreads load (it uses many hosts); it is here as the
 * baseline of load balancing. A VM that fits no host goes to `unplaced`.
 *
 * @param hosts The hosts, all empty at the start.
 * @param vms The VMs to place.
 * @param options The dimensions to check.
 * @returns The placement: `algorithm` is `"worst-fit"`, and `details` records the dimensions.
 * @throws {TypeError} If `hosts` or `vms` is not an array of objects or a dimension is unknown.
 * @throws {RangeError} If a capacity or demand is negative or not finite.
 *
 * @example Three VMs on 3 hosts of 10 MIPS, one dimension
 * ```ts
 * import { worstFit } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = { cpuMips: 10, cores: 1, ramBytes: 1, bandwidthBytesPerSecond: 1, rack: 0 };
 * const hosts = [{ ...host, name: "h0" }, { ...host, name: "h1" }, { ...host, name: "h2" }];
 * const vms = [4, 7, 3].map((cpuMips, i) => ({ name: `v${i}`, cpuMips, ramBytes: 0, bandwidthBytesPerSecond: 0 }));
 * const result = worstFit(hosts, vms, { dimensions: ["cpuMips"] });
 * assert.deepEqual(result.assignment, [0, 1, 2]);
 * assert.equal(result.hostsUsed, 3);
 * ```
 */
export function worstFit(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  options: FitOptions = {},
): PlacementResult {
  return runFit("place VMs by worst fit", "worst-fit", hosts, vms, options, "worst", false);
}
