/** What a placement rule sees of one candidate host for one VM. */
export interface PlacementCandidate {
  /** Utilisation the host's power is read at before the VM (CloudSim: the last update's). */
  before: number;
  /** Utilisation with the VM placed. */
  after: number;
  /** Whether the host has no VM (is switched off). */
  empty: boolean;
  /** The host's power in watts at a utilisation. */
  watts(utilization: number): number;
  /** Watts of the top-of-rack and aggregation switches placing here would switch on. */
  switchOnWatts: number;
}

/** A target-host rule: the cost of placing the VM on a candidate (least wins). */
export type PlacementRule = (candidate: PlacementCandidate) => number;

/**
 * Target-host rules by name, the values of `simulateDatacenter`'s `placement` option, each the
 * cost a power-aware best fit minimises over the hosts that fit and stay not overloaded:
 * `"pabfd"` the power increase (Beloglazov and Buyya 2012, PABFD; CloudSim 3.0.3's
 * `PowerVmAllocationPolicyMigrationAbstract.findHostForVm`, so an empty host is charged its
 * increase over idle), `"obfdf"` the same except that an empty host is charged its whole draw
 * plus the switches it would switch on (Esfandiarpour, Pahlavan and Goudarzi 2013).
 *
 * @example An empty host costs its increase under PABFD, its whole draw under OBFDF
 * ```ts
 * import { PLACEMENT_RULES } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const c = { before: 0, after: 0.5, empty: true, watts: (u: number) => 100 + 100 * u,
 *   switchOnWatts: 40 };
 * assert.equal(PLACEMENT_RULES.pabfd(c), 50);
 * assert.equal(PLACEMENT_RULES.obfdf(c), 190);
 * ```
 */
export const PLACEMENT_RULES: Readonly<Record<"pabfd" | "obfdf", PlacementRule>> = Object.freeze({
  pabfd: (c: PlacementCandidate) => c.watts(c.after) - c.watts(c.before),
  obfdf: (c: PlacementCandidate) =>
    c.empty ? c.watts(c.after) + c.switchOnWatts : c.watts(c.after) - c.watts(c.before),
});
