import type { Prng } from "../random/prng.ts";
import { nonNegative, oneOf, options as checkOptions, show } from "../_validate.ts";

/**
 * The VM selection policies of the double-threshold consolidation of Beloglazov and Buyya
 * (2010): minimization of migrations (`"mm"`), highest potential growth (`"hpg"`) and
 * random choice (`"rc"`).
 */
export type DoubleThresholdSelection = "mm" | "hpg" | "rc";

/** Every double-threshold selection policy, in the paper's order. */
export const DOUBLE_THRESHOLD_SELECTIONS: readonly DoubleThresholdSelection[] = Object.freeze([
  "mm",
  "hpg",
  "rc",
]);

/** A VM on a host over its upper threshold. */
export interface ThresholdCandidate {
  /** The VM's CPU demand as a fraction of the host's capacity (host utilisation is their sum). */
  hostShare: number;
  /** The VM's CPU demand as a fraction of its own requested MIPS (used by `"hpg"`). */
  utilization: number;
}

/** Options of {@linkcode selectVmsOverThreshold}. */
export interface SelectVmsOverThresholdOptions {
  /** Source of randomness for `"rc"` (required for it). */
  prng?: Prng;
  /**
   * Share of the host's capacity used by VMs that are not candidates (VMs still migrating
   * there): counted in the host's utilisation, never picked.
   * @default {0}
   */
  stayingHostShare?: number;
}

/**
 * Picks the VMs to migrate off a host whose CPU utilisation exceeds the upper threshold,
 * by one of the policies of Beloglazov and Buyya, "Energy efficient allocation of virtual
 * machines in cloud data centers" (CCGrid 2010, doi:10.1109/CCGRID.2010.45), given in
 * pseudo-code in Beloglazov, Abawajy and Buyya, "Energy-aware resource allocation
 * heuristics for efficient management of data centers for cloud computing" (Future
 * Generation Computer Systems 28(5), 2012, section 4.3):
 *
 * - `"mm"` minimization of migrations: as few VMs as possible. VMs are sorted by decreasing
 *   share; while the host is over the threshold, take the VM whose share exceeds the excess
 *   (utilisation − threshold) by the least, or, if no VM's share exceeds the excess, the
 *   largest VM, and remove it. (The published pseudo-code does not reset the best
 *   difference between rounds, so a later round can re-pick nothing better than an earlier
 *   round's choice; we reset it, the evident intent, as CloudSim 2's
 *   `PowerVmAllocationPolicyDoubleThresholdMinimizationOfMigrations.optimizeAllocation`
 *   does, with the same strict "exceeds".)
 * - `"hpg"` highest potential growth: the VMs using the least of their own requested CPU
 *   (lowest `utilization`, first on ties) first, until the host is at or under the threshold.
 * - `"rc"` random choice: uniformly random VMs (from `options.prng`) until the host is at or
 *   under the threshold.
 *
 * The lower threshold of the double-threshold policy needs no selection: a host under it
 * has all its VMs migrated (see `simulateDatacenter`'s `allocation: "dt"`).
 *
 * @param candidates The host's VMs.
 * @param upperThreshold The upper utilisation threshold, a fraction of the host's capacity.
 * @param policy The selection policy.
 * @param options The generator for `"rc"`, and the share of VMs that stay.
 * @returns Indices of the VMs to migrate, in the order picked (empty when the host is not over).
 * @throws {TypeError} If the policy is unknown, or `"rc"` has no `prng`.
 * @throws {RangeError} If a share, utilisation or the threshold is negative or not finite.
 *
 * @example MM removes the one VM just larger than the excess; HPG removes the least used first
 * ```ts
 * import { selectVmsOverThreshold } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * // Host at 0.95 with an upper threshold of 0.8: the excess is 0.15.
 * const vms = [
 *   { hostShare: 0.5, utilization: 0.9 },
 *   { hostShare: 0.3, utilization: 0.2 },
 *   { hostShare: 0.1, utilization: 0.5 },
 *   { hostShare: 0.05, utilization: 0.1 },
 * ];
 * assert.deepEqual(selectVmsOverThreshold(vms, 0.8, "mm"), [1]);
 * assert.deepEqual(selectVmsOverThreshold(vms, 0.8, "hpg"), [3, 1]);
 * ```
 */
export function selectVmsOverThreshold(
  candidates: readonly ThresholdCandidate[],
  upperThreshold: number,
  policy: DoubleThresholdSelection,
  options: SelectVmsOverThresholdOptions = {},
): number[] {
  const action = "select VMs over the upper threshold";
  checkOptions(action, "options", options, ["prng", "stayingHostShare"]);
  const { prng, stayingHostShare = 0 } = options;
  nonNegative(action, "options.stayingHostShare", stayingHostShare);
  if (!Array.isArray(candidates)) {
    throw new TypeError(
      `Cannot ${action} as candidates must be an array: current value is ${show(candidates)}`,
    );
  }
  oneOf(action, "policy", policy, DOUBLE_THRESHOLD_SELECTIONS);
  nonNegative(action, "upperThreshold", upperThreshold);
  candidates.forEach((c, i) => {
    nonNegative(action, `candidates[${i}].hostShare`, c?.hostShare);
    nonNegative(action, `candidates[${i}].utilization`, c?.utilization);
  });
  if (policy === "rc" && typeof prng !== "function") {
    throw new TypeError(
      `Cannot ${action} as options.prng must be a function for "rc": current value is ${
        show(prng)
      }`,
    );
  }
  let hostUtilization = candidates.reduce((sum, c) => sum + c.hostShare, stayingHostShare);
  const left = candidates.map((_, i) => i);
  if (policy === "mm") {
    left.sort((a, b) => candidates[b]!.hostShare - candidates[a]!.hostShare || a - b);
  }
  if (policy === "hpg") {
    left.sort((a, b) => candidates[a]!.utilization - candidates[b]!.utilization || a - b);
  }
  const picked: number[] = [];
  // Floating-point sums: a host back at the threshold up to rounding is not over it.
  const over = () => hostUtilization > upperThreshold + 1e-12;
  while (over() && left.length > 0) {
    let at = 0;
    if (policy === "mm") {
      const excess = hostUtilization - upperThreshold;
      let bestDifference = Infinity;
      for (let k = 0; k < left.length; k++) {
        const share = candidates[left[k]!]!.hostShare;
        if (share > excess) {
          const difference = share - excess;
          if (difference < bestDifference) {
            bestDifference = difference;
            at = k;
          }
        } else {
          // Sorted by decreasing share: no later VM exceeds the excess. With none found,
          // the largest (k = 0) stays the pick.
          break;
        }
      }
    } else if (policy === "rc") {
      at = Math.min(left.length - 1, Math.floor(prng!() * left.length));
    }
    const i = left.splice(at, 1)[0]!;
    picked.push(i);
    hostUtilization -= candidates[i]!.hostShare;
  }
  return picked;
}
