import { runFit } from "./_fit.ts";
import type { BestFitOptions } from "./fit_options.ts";
import type { Host, PlacementResult, VmDemand } from "./model.ts";

/**
 * Places VMs in input order, each on the host it leaves with the least spare capacity (Best Fit).
 *
 * Each VM, in input order, goes to the host that fits it (in every checked dimension) and
 * has the least remaining capacity after placing it, measured as the sum over dimensions
 * of remaining capacity divided by the largest host capacity in that dimension; ties go
 * to the lowest host index. With option `residual: "max"` the remainder is measured by its
 * largest normalised dimension (the L∞ residual) and the live hosts are scanned one by one
 * (O(m) per VM). A VM that fits no host goes to `unplaced`. Hosts are kept
 * ordered by that sum in blocks of about 64 that record their per-dimension maxima, so
 * the search starts at the first host whose sum could hold the VM, skips every block in
 * which no host has room in every dimension, and scans forward only past hosts that fall
 * short in some dimension; hosts that can fit none of the VMs still to come leave the list.
 *
 * @param hosts The hosts, all empty at the start.
 * @param vms The VMs to place.
 * @param options The dimensions to check and the residual measure.
 * @returns The placement: `algorithm` is `"best-fit"`, and `details` records the dimensions and the residual measure.
 * @throws {TypeError} If `hosts` or `vms` is not an array of objects or a dimension is unknown.
 * @throws {RangeError} If a capacity or demand is negative or not finite.
 *
 * @example Three VMs on 2 hosts of 10 MIPS, one dimension
 * ```ts
 * import { bestFit } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = { cpuMips: 10, cores: 1, ramBytes: 1, bandwidthBytesPerSecond: 1, rack: 0 };
 * const hosts = [{ ...host, name: "h0" }, { ...host, name: "h1" }];
 * const vms = [4, 7, 3].map((cpuMips, i) => ({ name: `v${i}`, cpuMips, ramBytes: 0, bandwidthBytesPerSecond: 0 }));
 * const result = bestFit(hosts, vms, { dimensions: ["cpuMips"] });
 * assert.deepEqual(result.assignment, [0, 1, 1]);
 * assert.equal(result.hostsUsed, 2);
 * ```
 */
export function bestFit(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  options: BestFitOptions = {},
): PlacementResult {
  return runFit("place VMs by best fit", "best-fit", hosts, vms, options, "best", false);
}
