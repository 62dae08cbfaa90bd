import type { ContractNetMessageKind } from "../placement/contract_net_agents.ts";
import { withSlack } from "../placement/_fit.ts";
import type { ConsolidationAllocation } from "./simulate_options.ts";

/**
 * What a decision strategy sees of the data centre at one scheduling update, and how it moves
 * VMs. Hosts and VMs are indices into the scenario. Moves made through it are the update's
 * migrations; `simulateDatacenter` prices and accounts them afterwards. A decision of one's
 * own (`options.strategies.decision`) sees it with its calls checked: an index out of range,
 * a `detach` or `migrate` of a VM not booked on the host named, a migration to the VM's own
 * host or of a VM still migrating, or a VM not left booked once on its own host stops the run
 * with an error naming the call and the value.
 */
export interface ConsolidationView {
  /** Number of hosts. */
  readonly hostCount: number;
  /**
   * Number of VMs (indices 0 to `vmCount - 1`): `simulateDatacenter`'s views give it; a view
   * made by hand may leave it out.
   */
  readonly vmCount?: number;
  /** The VMs on a host, in the order of its VM list (live: copy it before changing hosts). */
  vms(host: number): readonly number[];
  /** A VM's CPU demand at this update, MIPS. */
  demandMips(vm: number): number;
  /** A host's requested MIPS now (its VMs' demands, moves of this update included). */
  requestedMips(host: number): number;
  /** A host's MIPS. */
  cpuMips(host: number): number;
  /** A VM's RAM, bytes. */
  ramBytes(vm: number): number;
  /** A host's RAM, bytes. */
  hostRamBytes(host: number): number;
  /** A host's allocated utilisation at the update's start (0: switched off then). */
  startUtilization(host: number): number;
  /** The host a VM is on (or being placed on). */
  hostOf(vm: number): number;
  /**
   * Whether a VM's migration, started at an earlier update, still runs (it is on its target,
   * {@link hostOf}): such a VM is not moved again, and its target is not emptied (CloudSim
   * 3.0.3's `getMigratableVms` and `getUnderUtilizedHost`). Absent: no VM is migrating.
   */
  inMigration?(vm: number): boolean;
  /** Whether the allocation's overload detector finds the host overloaded (with `vm` added). */
  overloaded(host: number, vm?: number): boolean;
  /** Whether a VM fits on a host (the simulation's `capacityChecks`). */
  fits(vm: number, host: number): boolean;
  /** Takes VMs off an overloaded host by the VM selection strategy, appending them to `out`. */
  selectVms(host: number, out: number[]): void;
  /**
   * The target the placement rule chooses for a VM (`placement`: power-aware best fit over
   * the hosts that fit and stay not overloaded), hosts excluded by {@link excludeTarget}
   * left out; -1 when none.
   */
  place(vm: number): number;
  /** Leaves a host out of {@link place} for the rest of the update. */
  excludeTarget(host: number): void;
  /** Makes every host a possible target again. */
  resetTargets(): void;
  /** Books a VM on a host (capacity only; a migration is recorded by {@link migrate}). */
  attach(vm: number, host: number): void;
  /** Takes a VM's booking off a host. */
  detach(vm: number, host: number): void;
  /** Records the migration of a VM (booked on `host`, off its old host) to `host`. */
  migrate(vm: number, host: number): void;
  /** Contract-net messages sent, by performative (strategies that negotiate count here). */
  readonly messages: Record<ContractNetMessageKind, number>;
}

/** Settings the decision strategies read (see `SimulateDatacenterOptions`). */
export interface ConsolidationSettings {
  /** Allocation policy (`"dt"` empties only hosts under `lowerThreshold`). */
  allocation: ConsolidationAllocation;
  /** THR threshold or MAD/IQR/LR/LRR safety parameter. */
  parameter: number;
  /** Static threshold while the history is short. */
  fallbackThreshold: number;
  /** Lower utilisation threshold (`"dt"`, contract-net agents). */
  lowerThreshold: number;
  /** Keep hosts that received VMs from overloaded hosts out of the underload search. */
  underloadSkipsOverloadTargets: boolean;
  /**
   * Contract-net agents' award rule (`contractNetAward`): the bidder left most utilised
   * (`"best-fit"`, the default), least utilised (`"least-loaded"`) or of lowest index
   * (`"first-fit"`).
   */
  award?: "best-fit" | "least-loaded" | "first-fit";
  /**
   * Contract-net agents' memory migration policy (`contractNetRamThreshold`): the share of a
   * host's RAM its VMs may take before its agent pushes VMs out; unset, none.
   */
  ramThreshold?: number;
}

/**
 * A decision strategy: one update's migrations, made through the view; returns the number of
 * hosts found overloaded. A plain function value chosen by name (`decisions`).
 */
export type ConsolidationDecision = (
  view: ConsolidationView,
  settings: ConsolidationSettings,
) => number;

/** Whether a VM still migrates to the host (it cannot be emptied: `getUnderUtilizedHost`). */
function migratingIn(view: ConsolidationView, host: number): boolean {
  if (view.inMigration === undefined) return false;
  for (const v of view.vms(host)) if (view.inMigration(v)) return true;
  return false;
}

/**
 * Beloglazov and Buyya (2012), as CloudSim 3.0.3's `PowerVmAllocationPolicyMigrationAbstract.
 * optimizeAllocation` does it: overloaded hosts give up VMs by the selection policy, which go
 * (by demand decreasing) to the placement rule's target, overloaded hosts excluded; then hosts
 * from the least utilised up are emptied when all their VMs find targets (never a switched-off
 * host, one tried before, or one a VM still migrates to). VMs still migrating are not moved.
 */
const central: ConsolidationDecision = (view, s) => {
  const H = view.hostCount;
  const excludedUnder = new Uint8Array(H);
  view.resetTargets();
  const over: number[] = [];
  for (let h = 0; h < H; h++) {
    if (view.vms(h).length > 0 && view.overloaded(h)) {
      over.push(h);
      view.excludeTarget(h);
      excludedUnder[h] = 1;
    }
  }
  const selected: number[] = [];
  for (const h of over) view.selectVms(h, selected);
  const order = selected.map((v, i) => [v, i] as const)
    .sort((a, b) => view.demandMips(b[0]) - view.demandMips(a[0]) || a[1] - b[1]);
  for (const [v] of order) {
    const src = view.hostOf(v);
    const dst = view.place(v);
    if (dst < 0) view.attach(v, src);
    else {
      view.attach(v, dst);
      if (s.underloadSkipsOverloadTargets) excludedUnder[dst] = 1;
      view.migrate(v, dst);
    }
  }
  for (let h = 0; h < H; h++) {
    // switched off: nothing allocated at the update, and no VM migrating to it (a target that
    // grants a migrating VM none of its MIPS is on all the same)
    if (view.startUtilization(h) !== 0 || migratingIn(view, h)) continue;
    excludedUnder[h] = 1;
    view.excludeTarget(h);
  }
  // Hosts are tried from the least utilised up (ties to the lower index); "dt": only hosts
  // under the lower threshold are emptied. Utilisations are those of the update, so one
  // sorted pass finds each next host; the pointer skips hosts tried or excluded.
  const limit = s.allocation === "dt" ? s.lowerThreshold : 1;
  const under: number[] = [];
  for (let i = 0; i < H; i++) {
    const u = view.startUtilization(i);
    if (excludedUnder[i] === 0 && u > 0 && u < limit && !migratingIn(view, i)) under.push(i);
  }
  under.sort((a, b) => view.startUtilization(a) - view.startUtilization(b) || a - b);
  let next = 0;
  for (;;) {
    while (next < under.length && excludedUnder[under[next]!] === 1) next++;
    let h = -1;
    for (let i = next; i < under.length; i++) {
      const j = under[i]!;
      if (excludedUnder[j] === 0 && view.vms(j).length > 0) {
        h = j;
        break;
      }
    }
    if (h < 0) break;
    excludedUnder[h] = 1;
    view.excludeTarget(h);
    const list = view.vms(h).map((v, i) => [v, i] as const)
      .sort((a, b) => view.demandMips(b[0]) - view.demandMips(a[0]) || a[1] - b[1]);
    const placed: number[] = [];
    let ok = true;
    for (const [v] of list) {
      const dst = view.place(v);
      if (dst < 0) {
        ok = false;
        break;
      }
      view.attach(v, dst);
      placed.push(v, dst);
    }
    if (!ok) {
      for (let i = 0; i < placed.length; i += 2) view.detach(placed[i]!, placed[i + 1]!);
      continue;
    }
    for (let i = 0; i < placed.length; i += 2) {
      const v = placed[i]!, dst = placed[i + 1]!;
      view.detach(v, h);
      excludedUnder[dst] = 1;
      view.migrate(v, dst);
    }
  }
  return over.length;
};

/**
 * Host agents negotiating by the contract net, after Gutierrez-Garcia and Ramirez-Nafarrate
 * (2013) (as `runContractNetAgents` does): each agent, with only its own VMs, load and
 * detector, pushes VMs out while its detector finds it overloaded (the smallest VM covering
 * the excess over the threshold, else its largest: the paper's policies are static
 * thresholds, `parameter` for THR and DT; the adaptive detectors, MAD, IQR, LR and LRR,
 * decide whether the host is overloaded but give no utilisation to shed down to, so the
 * excess is measured over `fallbackThreshold`) by a call for proposals to the other
 * active agents, which propose when the VM fits and leaves them not overloaded (switched-off
 * agents are asked when none does), the award going by the agents' policy (`award`: the
 * highest utilisation after winning by default, the lowest, or the lowest index); then each
 * agent under the lower threshold that received nothing offers all its VMs and migrates them
 * only if every one finds a taker (else it cancels); VMs still migrating are not moved, nor
 * is an agent a VM still migrates to emptied. With `ramThreshold`, an agent whose VMs'
 * RAM is over that share of its RAM pushes VMs out too (chosen by RAM, as by CPU above; the
 * CPU's excess first), and a bidder must stay at or under it with the VM (the memory
 * workload the paper balances beside the CPU's; as `runContractNetAgents`'s
 * `ramUpperThreshold`). Hosts over it count as overloaded.
 */
const contractNet: ConsolidationDecision = (view, s) => {
  const H = view.hostCount;
  const m = view.messages;
  const isOn = (h: number) => view.vms(h).length > 0;
  const received = new Uint8Array(H);
  const threshold = s.allocation === "thr" || s.allocation === "dt"
    ? s.parameter
    : s.fallbackThreshold;
  const utilization = (h: number) => view.requestedMips(h) / view.cpuMips(h);
  // the memory policy: a host's VMs' RAM against the threshold, with the fit tolerance
  const ramShare = s.ramThreshold;
  const usedRam = (h: number) => {
    let sum = 0;
    for (const v of view.vms(h)) sum += view.ramBytes(v);
    return sum;
  };
  const ramFits = (h: number, extra: number) =>
    ramShare === undefined || usedRam(h) + extra <= withSlack(ramShare * view.hostRamBytes(h));
  const ramOver = (h: number) => !ramFits(h, 0);
  // The award rule, as `runContractNetAgents`'s `award`: the sign turns "most utilised after
  // winning" into "least utilised"; first fit keeps the first proposal (bidders come in index
  // order). Strictly better only: ties stay with the lower index.
  const award = s.award ?? "best-fit";
  const sign = award === "least-loaded" ? -1 : 1;
  /** Calls for proposals for VM v among `bidders`; returns the winner or -1. */
  const call = (v: number, bidders: readonly number[]): number => {
    let winner = -1;
    let winnerBid = -Infinity;
    let proposals = 0;
    for (const h of bidders) {
      m.cfp++;
      if (view.fits(v, h) && !view.overloaded(h, v) && ramFits(h, view.ramBytes(v))) {
        m.propose++;
        proposals++;
        const bid = sign * (view.requestedMips(h) + view.demandMips(v)) / view.cpuMips(h);
        if (bid > winnerBid && (award !== "first-fit" || winner < 0)) {
          winner = h;
          winnerBid = bid;
        }
      } else m.refuse++;
    }
    if (winner >= 0) {
      m["accept-proposal"]++;
      m["reject-proposal"] += proposals - 1;
    }
    return winner;
  };
  const move = (v: number, from: number, to: number) => {
    view.detach(v, from);
    view.attach(v, to);
    received[to] = 1;
    m["inform-done"]++;
    view.migrate(v, to);
  };
  let over = 0;
  for (let h = 0; h < H; h++) {
    if (!isOn(h) || (!view.overloaded(h) && !ramOver(h))) continue;
    over++;
    const refused = new Set<number>();
    while (isOn(h)) {
      // the resource in excess decides which VM goes (the CPU's first)
      const byCpu = view.overloaded(h);
      if (!byCpu && !ramOver(h)) break;
      const size = (x: number) => byCpu ? view.demandMips(x) : view.ramBytes(x);
      const excess = byCpu
        ? view.requestedMips(h) - threshold * view.cpuMips(h)
        : usedRam(h) - ramShare! * view.hostRamBytes(h);
      const list = view.vms(h).filter((v) => !refused.has(v) && view.inMigration?.(v) !== true)
        .sort((a, b) => size(a) - size(b) || a - b);
      if (list.length === 0) break;
      const v = list.find((x) => size(x) >= excess) ?? list[list.length - 1]!;
      const others = Array.from({ length: H }, (_, x) => x).filter((x) => x !== h);
      let to = call(v, others.filter(isOn));
      if (to < 0) to = call(v, others.filter((x) => !isOn(x)));
      if (to < 0) refused.add(v);
      else move(v, h, to);
    }
  }
  for (let h = 0; h < H; h++) {
    if (!isOn(h) || received[h] === 1 || !(utilization(h) < s.lowerThreshold)) continue;
    if (migratingIn(view, h)) continue; // a VM still migrating to it stays
    const plan: [number, number][] = [];
    const list = [...view.vms(h)].sort((a, b) => view.demandMips(b) - view.demandMips(a) || a - b);
    let ok = true;
    for (const v of list) {
      const to = call(v, Array.from({ length: H }, (_, x) => x).filter((x) => x !== h && isOn(x)));
      if (to < 0) {
        ok = false;
        break;
      }
      view.attach(v, to); // the winner reserves the VM's capacity
      plan.push([v, to]);
    }
    for (const [v, to] of plan) view.detach(v, to);
    if (ok) { for (const [v, to] of plan) move(v, h, to); }
    else m.cancel += plan.length;
  }
  return over;
};

/**
 * Decision strategies by name, the values of `simulateDatacenter`'s `decisions` option: who
 * decides the migrations at each update. `"central"`: the central loop of Beloglazov and
 * Buyya (2012) (overloaded hosts first, then underloaded ones, targets by the placement
 * rule); `"contract-net"`: host agents negotiating by calls for proposals (Gutierrez-Garcia
 * and Ramirez-Nafarrate 2013), messages counted. Each is a plain function over a
 * {@link ConsolidationView}, so another strategy plugs in beside them.
 *
 * @example A host over the threshold gives its VM to the other one
 * ```ts
 * import { CONSOLIDATION_DECISIONS, type ConsolidationView } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const on = [[0, 1], [2]]; // VMs per host
 * const demand = [900, 900, 200]; // MIPS
 * const moves: [number, number][] = [];
 * const used = (h: number) => on[h]!.reduce((a, v) => a + demand[v]!, 0);
 * const view: ConsolidationView = {
 *   hostCount: 2,
 *   vms: (h) => on[h]!,
 *   demandMips: (v) => demand[v]!,
 *   requestedMips: used,
 *   cpuMips: () => 2000,
 *   ramBytes: () => 1e9,
 *   hostRamBytes: () => 8e9,
 *   startUtilization: (h) => used(h) / 2000,
 *   hostOf: (v) => on.findIndex((list) => list.includes(v)),
 *   overloaded: (h, v = -1) => (used(h) + (v >= 0 ? demand[v]! : 0)) / 2000 > 0.8,
 *   fits: (v, h) => used(h) + demand[v]! <= 2000,
 *   selectVms: () => {},
 *   place: () => -1,
 *   excludeTarget: () => {},
 *   resetTargets: () => {},
 *   attach: (v, h) => void on[h]!.push(v),
 *   detach: (v, h) => void on[h]!.splice(on[h]!.indexOf(v), 1),
 *   migrate: (v, h) => void moves.push([v, h]),
 *   messages: { "cfp": 0, "propose": 0, "refuse": 0, "accept-proposal": 0,
 *     "reject-proposal": 0, "inform-done": 0, "cancel": 0 },
 * };
 * const settings = { allocation: "thr" as const, parameter: 0.8, fallbackThreshold: 0.7,
 *   lowerThreshold: 0, underloadSkipsOverloadTargets: false };
 * assert.equal(CONSOLIDATION_DECISIONS["contract-net"](view, settings), 1);
 * assert.deepEqual(moves, [[0, 1]]);
 * assert.equal(view.messages.cfp, 1);
 * ```
 */
export const CONSOLIDATION_DECISIONS: Readonly<
  Record<"central" | "contract-net", ConsolidationDecision>
> = Object.freeze({ central, "contract-net": contractNet });
