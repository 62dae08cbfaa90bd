/**
 * The largest instances the placement algorithms that have no index accept, checked before
 * any work starts. Each bounds the product that drives the algorithm's cost; an instance
 * beyond it is refused with a `RangeError` naming the product, the limit and the value
 * (`Cannot place VMs by SCAVP as vms.length × hosts.length must be <= 1000000: current value
 * is 2000000000`). The figures were set from runs on the 2-core project machine (load
 * average about 10), so that an instance at the limit takes some 5-20 s; the heuristics with
 * an index (first/best/worst/next fit and their decreasing variants, set cover, PABFD,
 * OBFDF) have no limit.
 *
 * @example The genetic algorithm refuses a run that would take hours
 * ```ts
 * import { PLACEMENT_WORK_LIMITS, placeGenetic } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = { name: "h", cpuMips: 1000, cores: 1, ramBytes: 1e9, bandwidthBytesPerSecond: 1e9, rack: 0 };
 * const vm = { name: "v", cpuMips: 1, ramBytes: 1, bandwidthBytesPerSecond: 1 };
 * const vms = Array.from({ length: 100_000 }, () => vm);
 * assert.ok(40 * 101 * 100_001 > PLACEMENT_WORK_LIMITS.geneticWork);
 * assert.throws(() => placeGenetic([host], vms, { seed: 1 }), RangeError);
 * ```
 */
export const PLACEMENT_WORK_LIMITS: Readonly<{
  /** SCAVP (`placeScavp`): `vms.length × hosts.length` (400 hosts × 2,000 VMs: 4.6 s). */
  scavpPairs: number;
  /**
   * The genetic algorithm (`placeGenetic`): `populationSize × (generations + 1) ×
   * (vms.length + hosts.length)`, one unit per gene evaluated or repaired (40 × 101 ×
   * 2,400: 6.6 s).
   */
  geneticWork: number;
  /**
   * The migration agents (`runMigrationAgents`): `rounds × vms.length × hosts.length`, the
   * bids of every host for every VM in every round (10 × 10,000 × 2,000: 6.5 s).
   */
  agentsWork: number;
  /**
   * The contract-net agents (`runContractNetAgents`): `intervals × vms.length ×
   * hosts.length` (12 × 10,000 × 2,000: 9.4 s).
   */
  contractNetWork: number;
  /**
   * The ILP (`placeIlp`): `vms.length × hosts.length`, one binary variable and two rows per
   * VM and host, checked before the model is built (250 VMs × 200 hosts with a 10 s time
   * limit: 15.6 s and 306 MiB, as HiGHS checks its clock only between its phases; 500 × 500:
   * 63 s and 853 MiB).
   */
  ilpPairs: number;
}> = Object.freeze({
  scavpPairs: 1_000_000,
  geneticWork: 20_000_000,
  agentsWork: 500_000_000,
  contractNetWork: 500_000_000,
  ilpPairs: 50_000,
});
