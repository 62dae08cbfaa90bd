import { runFit } from "./_fit.ts";
import type { DecreasingFitOptions } from "./fit_options.ts";
import type { Host, PlacementResult, VmDemand } from "./model.ts";

/**
 * Sorts VMs by decreasing size, then places each on the lowest-index host it fits (FFD).
 *
 * VMs are sorted by decreasing size (option `sortKey`: by default the sum over dimensions
 * of demand divided by the largest host capacity in that dimension, Panigrahy et al. 2011,
 * "Heuristics for vector bin packing", Microsoft Research; ties keep input order), then
 * placed as {@linkcode firstFit} does. On identical one-dimensional bins FFD uses at most
 * 11/9 OPT + 6/9 bins (Dósa 2007, "The tight bound of first fit decreasing bin-packing
 * algorithm is FFD(I) ≤ 11/9 OPT(I) + 6/9", ESCAPE). A VM that fits no host goes to
 * `unplaced`.
 *
 * @param hosts The hosts, all empty at the start.
 * @param vms The VMs to place.
 * @param options The dimensions to check, and the sort key.
 * @returns The placement: `algorithm` is `"first-fit-decreasing"`, and `details` records the dimensions and the sort key.
 * @throws {TypeError} If `hosts` or `vms` is not an array of objects or a dimension is unknown.
 * @throws {RangeError} If a capacity or demand is negative or not finite.
 *
 * @example Three VMs on 2 hosts of 10 MIPS, one dimension
 * ```ts
 * import { firstFitDecreasing } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = { cpuMips: 10, cores: 1, ramBytes: 1, bandwidthBytesPerSecond: 1, rack: 0 };
 * const hosts = [{ ...host, name: "h0" }, { ...host, name: "h1" }];
 * const vms = [4, 7, 3].map((cpuMips, i) => ({ name: `v${i}`, cpuMips, ramBytes: 0, bandwidthBytesPerSecond: 0 }));
 * const result = firstFitDecreasing(hosts, vms, { dimensions: ["cpuMips"] });
 * assert.deepEqual(result.assignment, [1, 0, 0]);
 * assert.equal(result.hostsUsed, 2);
 * ```
 */
export function firstFitDecreasing(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  options: DecreasingFitOptions = {},
): PlacementResult {
  return runFit(
    "place VMs by first fit decreasing",
    "first-fit-decreasing",
    hosts,
    vms,
    options,
    "first",
    true,
  );
}
