import { pearson } from "../placement/_desktops.ts";

/**
 * What a placer sees of the hosts at one placement of `simulateDatacenter` (hosts and VMs
 * are indices). Histories are utilisations at the scheduling updates so far, oldest first,
 * at most `historyLength` of them, all VMs' aligned on the same updates.
 */
export interface PlacerHosts {
  /** Number of hosts. */
  readonly count: number;
  /** Whether VM `vm` fits on host `host` (the simulation's `capacityChecks`). */
  fits(vm: number, host: number): boolean;
  /**
   * The placement rule's cost of putting VM `vm` on host `host` (`PLACEMENT_RULES`: the power
   * increase under PABFD), Infinity when it does not fit.
   */
  increase(vm: number, host: number): number;
  /** Whether host `host` with VM `vm` added is overloaded by the allocation's detector. */
  overloaded(host: number, vm: number): boolean;
  /** Whether host `host` has no load (is switched off). */
  isEmpty(host: number): boolean;
  /**
   * Whether host `host` is no target at this placement (overloaded hosts, and hosts tried
   * before in the underload search).
   */
  excluded(host: number): boolean;
  /**
   * Utilisation history of host `host`'s current VMs summed, as a share of the host's MIPS
   * (valid until the next call).
   */
  hostHistory(host: number): ArrayLike<number>;
  /** Utilisation history of VM `vm`, as a share of its own MIPS. */
  vmHistory(vm: number): ArrayLike<number>;
  /**
   * PBA's daily pattern of VM `vm` (usage per time-of-day slot learned from earlier days, as a
   * share of its MIPS), null when it has none; present only when the simulation was given
   * daily patterns (`options.pbaPatterns`).
   */
  vmPattern?(vm: number): ArrayLike<number> | null;
  /**
   * PBA's daily pattern of host `host`: its current VMs' patterns as shares of its MIPS,
   * summed (valid until the next call); present with {@link vmPattern}.
   */
  hostPattern?(host: number): ArrayLike<number>;
  /**
   * The host of least {@link increase} among those not excluded that are empty or stay not
   * overloaded with VM `vm` (ties to the lower index), -1 when none: power-aware best fit,
   * answered from the simulation's host index.
   */
  leastCost(vm: number): number;
  /**
   * Position of host `host`'s rack among the scenario's racks in increasing rack number
   * (0 for the lowest); the simulation offers it, a hand-made view may leave it out.
   */
  rackOf?(host: number): number;
  /** Number of distinct racks (with {@link rackOf}). */
  rackCount?: number;
}

/** A target-host search: the host VM `vm` goes to, or -1 when none will take it. */
export type Placer = (vm: number, hosts: PlacerHosts) => number;

/** Names of {@link PLACERS}, the values of `simulateDatacenter`'s `placement` option. */
export type PlacerName = "pabfd" | "obfdf" | "first-fit" | "pba";

/** Whether host h can take VM v: not excluded, fits, and empty or not overloaded with it. */
function accepts(hosts: PlacerHosts, v: number, h: number): boolean {
  return !hosts.excluded(h) && hosts.fits(v, h) && (hosts.isEmpty(h) || !hosts.overloaded(h, v));
}

/** Power-aware best fit under the simulation's placement rule (PABFD or OBFDF cost). */
function leastCost(v: number, hosts: PlacerHosts): number {
  return hosts.leastCost(v);
}

/** First Fit: the lowest-index host that can take the VM. */
function firstFit(v: number, hosts: PlacerHosts): number {
  for (let h = 0; h < hosts.count; h++) if (accepts(hosts, v, h)) return h;
  return -1;
}

/**
 * PBA online: among the active hosts that can take the VM, the one whose VMs' summed usage
 * pattern is least correlated with the VM's (Pearson, 0 for a constant series; ties to the
 * lower index); else the lowest-index empty host that can take it. The patterns are the daily
 * patterns when the hosts offer them (`vmPattern`; a VM without one correlates 0 with every
 * host), else the histories kept so far.
 */
function pba(v: number, hosts: PlacerHosts): number {
  const daily = hosts.vmPattern !== undefined && hosts.hostPattern !== undefined;
  const mine = daily ? hosts.vmPattern!(v) : hosts.vmHistory(v);
  let chosen = -1, chosenCorrelation = Infinity, firstEmpty = -1;
  for (let h = 0; h < hosts.count; h++) {
    if (hosts.excluded(h) || !hosts.fits(v, h)) continue;
    if (hosts.isEmpty(h)) {
      if (firstEmpty < 0) firstEmpty = h;
      continue;
    }
    if (hosts.overloaded(h, v)) continue;
    const r = mine === null
      ? 0
      : pearson(daily ? hosts.hostPattern!(h) : hosts.hostHistory(h), mine);
    if (r < chosenCorrelation) { // strictly less: ties stay with the lower index
      chosen = h;
      chosenCorrelation = r;
    }
  }
  return chosen >= 0 ? chosen : firstEmpty;
}

/**
 * Target-host searches by name, the values of `simulateDatacenter`'s `placement` option; each
 * sees the hosts through {@link PlacerHosts}:
 *
 * - `"pabfd"` and `"obfdf"`: power-aware best fit, the host of least cost under that
 *   `PLACEMENT_RULES` rule that is empty or stays not overloaded (Beloglazov and Buyya
 *   2012; Esfandiarpour, Pahlavan and Goudarzi 2013), searched in the simulation's host index.
 * - `"first-fit"`: the lowest-index host that the VM fits and that is empty or stays not
 *   overloaded (the baseline Man and Kayashima compare PBA with).
 * - `"pba"`: pattern-based allocation (Cao Le Thanh Man and Makoto Kayashima, IEEE CCIS 2011,
 *   doi:10.1109/CCIS.2011.6045085, and IEEE CCIS 2012, doi:10.1109/CCIS.2012.6664423; the
 *   batch form is `placePba` in `lib/placement/pba.ts`), online: among the active hosts that
 *   the VM fits and that stay not overloaded, the one whose current VMs' summed usage history
 *   has the lowest Pearson correlation with the VM's history (0 when either is constant, as in
 *   `placePba`; ties to the lower index), so that VMs peaking at different times share a host;
 *   when no active host can take it, the lowest-index empty host that can. The papers
 *   correlate daily patterns (2011 abstract: a desktop's use "often repeat[s] a certain
 *   pattern"; 2012 abstract: "every workday"; the full texts were not reachable here): given
 *   `options.pbaPatterns` (per-VM usage per time-of-day slot learned from earlier days by
 *   `learnDailyUsagePatterns`), the host's pattern is the sum of its VMs' daily patterns and the
 *   VM's is its own (a VM not seen before correlates 0 with every host, so it goes to the first
 *   active host that takes it); without them, the history the simulation keeps so far (the
 *   last `historyLength` updates; empty at creation, where every correlation is 0 and PBA takes
 *   the first active host that takes the VM). "Fits" is
 *   the current demand against the capacity and the overload detector instead of the whole
 *   pattern against the capacity.
 *
 * @example PBA picks the host whose load moves against the VM's; First Fit the first
 * ```ts
 * import { PLACERS, type PlacerHosts } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const history = [[0.2, 0.6, 0.2, 0.6], [0.6, 0.2, 0.6, 0.2]]; // hosts 0 and 1
 * const hosts: PlacerHosts = {
 *   count: 2,
 *   fits: () => true,
 *   increase: (_v, h) => 10 + h,
 *   overloaded: () => false,
 *   isEmpty: () => false,
 *   excluded: () => false,
 *   hostHistory: (h) => history[h]!,
 *   vmHistory: () => [0.1, 0.5, 0.1, 0.5], // rises with host 0's load
 *   leastCost: () => 0,
 * };
 * assert.equal(PLACERS.pba(0, hosts), 1);
 * assert.equal(PLACERS["first-fit"](0, hosts), 0);
 * assert.equal(PLACERS.pabfd(0, hosts), 0);
 * ```
 */
export const PLACERS: Readonly<Record<PlacerName, Placer>> = Object.freeze({
  pabfd: leastCost,
  obfdf: leastCost,
  "first-fit": firstFit,
  pba,
});
