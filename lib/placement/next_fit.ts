import { runFit } from "./_fit.ts";
import type { FitOptions } from "./fit_options.ts";
import type { Host, PlacementResult, VmDemand } from "./model.ts";

/**
 * Places VMs in input order, never going back to a host it has moved past (Next Fit).
 *
 * Next Fit keeps one open host: a VM goes to it when it fits there; otherwise the open host
 * is closed for good and the VM goes to the next host (in index order) that fits it, which
 * becomes the open host. This is the rule of D. S. Johnson, "Fast algorithms for bin
 * packing" (J. Computer and System Sciences 8(3), 1974), which on identical bins uses at
 * most 2 OPT - 1 bins; with hosts of different sizes, hosts that cannot hold the VM are
 * skipped (and closed). A VM that fits no host after the open one goes to `unplaced`
 * and the open host stays open. The search reuses {@linkcode firstFit}'s tree, from which
 * closed hosts are removed, so a placement costs O(log m) steps in typical packings.
 *
 * @param hosts The hosts, all empty at the start.
 * @param vms The VMs to place.
 * @param options The dimensions to check.
 * @returns The placement: `algorithm` is `"next-fit"`, and `details` records the dimensions.
 * @throws {TypeError} If `hosts` or `vms` is not an array of objects or a dimension is unknown.
 * @throws {RangeError} If a capacity or demand is negative or not finite.
 *
 * @example Next Fit does not go back to host 0 for the last VM
 * ```ts
 * import { nextFit } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = { cpuMips: 10, cores: 1, ramBytes: 1, bandwidthBytesPerSecond: 1, rack: 0 };
 * const hosts = [{ ...host, name: "h0" }, { ...host, name: "h1" }];
 * const vms = [4, 7, 3].map((cpuMips, i) => ({ name: `v${i}`, cpuMips, ramBytes: 0, bandwidthBytesPerSecond: 0 }));
 * const result = nextFit(hosts, vms, { dimensions: ["cpuMips"] });
 * assert.deepEqual(result.assignment, [0, 1, 1]);
 * assert.equal(result.hostsUsed, 2);
 * ```
 */
export function nextFit(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  options: FitOptions = {},
): PlacementResult {
  return runFit("place VMs by next fit", "next-fit", hosts, vms, options, "next", false);
}
