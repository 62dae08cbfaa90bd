import { runFit } from "./_fit.ts";
import type { BestFitDecreasingOptions } from "./fit_options.ts";
import type { Host, PlacementResult, VmDemand } from "./model.ts";

/**
 * Sorts VMs by decreasing size, then places each where it leaves the least spare capacity (BFD).
 *
 * VMs are sorted by decreasing size (option `sortKey`: by default the sum over dimensions
 * of demand divided by the largest host capacity in that dimension, Panigrahy et al. 2011;
 * ties keep input order), then placed as {@linkcode bestFit} does: on the fitting host
 * with the least summed normalised remaining capacity after placing, ties to the lowest
 * index (option `residual: "max"` measures the remainder by its largest normalised
 * dimension instead). On identical one-dimensional bins BFD, like FFD, uses at most about 11/9 of the
 * optimum (D. S. Johnson, 1973, MIT PhD thesis). A VM that fits no host goes to `unplaced`.
 *
 * @param hosts The hosts, all empty at the start.
 * @param vms The VMs to place.
 * @param options The dimensions to check, the sort key and the residual measure.
 * @returns The placement: `algorithm` is `"best-fit-decreasing"`, and `details` records the dimensions, the sort key and the residual measure.
 * @throws {TypeError} If `hosts` or `vms` is not an array of objects or a dimension is unknown.
 * @throws {RangeError} If a capacity or demand is negative or not finite.
 *
 * @example Three VMs on 2 hosts of 10 MIPS, one dimension
 * ```ts
 * import { bestFitDecreasing } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = { cpuMips: 10, cores: 1, ramBytes: 1, bandwidthBytesPerSecond: 1, rack: 0 };
 * const hosts = [{ ...host, name: "h0" }, { ...host, name: "h1" }];
 * const vms = [4, 7, 3].map((cpuMips, i) => ({ name: `v${i}`, cpuMips, ramBytes: 0, bandwidthBytesPerSecond: 0 }));
 * const result = bestFitDecreasing(hosts, vms, { dimensions: ["cpuMips"] });
 * assert.deepEqual(result.assignment, [1, 0, 0]);
 * assert.equal(result.hostsUsed, 2);
 * ```
 */
export function bestFitDecreasing(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  options: BestFitDecreasingOptions = {},
): PlacementResult {
  return runFit(
    "place VMs by best fit decreasing",
    "best-fit-decreasing",
    hosts,
    vms,
    options,
    "best",
    true,
  );
}
