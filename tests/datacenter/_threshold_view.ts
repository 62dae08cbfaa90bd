/** A hand-made consolidation view for the decision strategies' tests. */
import type { ConsolidationView } from "../../lib/datacenter/mod.ts";
import { noContractNetMessages } from "../../lib/placement/_contract_net_messages.ts";

/**
 * A consolidation view over VM lists `on` (host -> VMs, changed in place) with CPU demands,
 * hosts of `cpuMips` each (or host by host), overloaded above `threshold` (THR), a VM fitting when its CPU and
 * `alsoFits` hold; the migrations it is asked to start are recorded in `moves` as [VM, host].
 * It selects and places nothing (replace `selectVms` and `place` where a decision needs them).
 * VMs and hosts have the RAM of `ram` (bytes; 1 each by default).
 */
export function thresholdView(
  on: number[][],
  demand: readonly number[],
  cpuMips: number | readonly number[],
  threshold: number,
  alsoFits: (v: number, h: number) => boolean = () => true,
  ram: { vms?: readonly number[]; hosts?: readonly number[] } = {},
): { view: ConsolidationView; moves: [number, number][] } {
  const moves: [number, number][] = [];
  const used = (h: number) => on[h]!.reduce((a, v) => a + demand[v]!, 0);
  const mips = (h: number) => typeof cpuMips === "number" ? cpuMips : cpuMips[h]!;
  const view: ConsolidationView = {
    hostCount: on.length,
    vms: (h) => on[h]!,
    demandMips: (v) => demand[v]!,
    requestedMips: used,
    cpuMips: mips,
    ramBytes: (v) => ram.vms?.[v] ?? 1,
    hostRamBytes: (h) => ram.hosts?.[h] ?? 1,
    startUtilization: (h) => used(h) / mips(h),
    hostOf: (v) => on.findIndex((list) => list.includes(v)),
    overloaded: (h, v = -1) => (used(h) + (v >= 0 ? demand[v]! : 0)) / mips(h) > threshold,
    fits: (v, h) => used(h) + demand[v]! <= mips(h) && alsoFits(v, h),
    selectVms: () => {},
    place: () => -1,
    excludeTarget: () => {},
    resetTargets: () => {},
    attach: (v, h) => void on[h]!.push(v),
    detach: (v, h) => void on[h]!.splice(on[h]!.indexOf(v), 1),
    migrate: (v, h) => void moves.push([v, h]),
    messages: noContractNetMessages(),
  };
  return { view, moves };
}
