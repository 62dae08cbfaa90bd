/**
 * Plain O(VMs · hosts) restatements of PABFD and OBFDF (every host evaluated for every VM,
 * `powerAt` with its checks), the oracle for the indexed implementations: the rules of
 * `lib/placement/pabfd.ts` and `obfdf.ts` as written before their index, with power
 * increases compared in whole milliwatts (rounded), ties to the lower host index.
 *
 * @module
 */
import { powerAt, type PowerModel } from "../../lib/datacenter/power_model.ts";
import { withSlack } from "../../lib/placement/_fit.ts";
import { DIMENSIONS, type Host, type VmDemand } from "../../lib/placement/model.ts";
import type { SwitchPower } from "../../lib/placement/obfdf.ts";
import { createPrng } from "../../lib/random/prng.ts";
import {
  SPECPOWER_HP_ML110_G4,
  SPECPOWER_HP_ML110_G5,
} from "../../lib/datacenter/specpower_tables.ts";

const key = (watts: number) => Math.round(watts / 1e-3);

/** PABFD by scanning every host for every VM. */
export function scanPabfd(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  powerModels: Record<string, PowerModel>,
  overloadThreshold = 1,
  thresholdOnEmptyHosts = false,
  dims = DIMENSIONS,
  perCoreMips = false,
): number[] {
  // room and threshold with the fit tolerance, as every placer compares
  const remaining = hosts.map((h) => dims.map((d) => withSlack(h[d])));
  const cpuLoad = hosts.map(() => 0);
  const count = hosts.map(() => 0);
  const draw = (j: number, mips: number) =>
    powerAt(powerModels[hosts[j]!.powerModel!]!, Math.min(1, mips / hosts[j]!.cpuMips));
  const assignment = vms.map(() => -1);
  const order = vms.map((_, i) => i).sort((a, b) => vms[b]!.cpuMips - vms[a]!.cpuMips || a - b);
  for (const i of order) {
    const mips = vms[i]!.cpuMips;
    let best = -1;
    let bestKey = Infinity;
    hosts.forEach((host, j) => {
      if (perCoreMips && mips > host.cpuMips / host.cores) return;
      if (!dims.every((d, k) => vms[i]![d] <= remaining[j]![k]!)) return;
      const after = cpuLoad[j]! + mips;
      if (
        (count[j]! > 0 || thresholdOnEmptyHosts) &&
        after > withSlack(overloadThreshold * host.cpuMips)
      ) {
        return;
      }
      const increase = key(draw(j, after) - draw(j, cpuLoad[j]!));
      if (increase < bestKey) [best, bestKey] = [j, increase];
    });
    if (best < 0) continue;
    assignment[i] = best;
    dims.forEach((d, k) => remaining[best]![k]! -= vms[i]![d]);
    cpuLoad[best]! += mips;
    count[best]!++;
  }
  return assignment;
}

/** OBFDF by scanning every host for every VM. */
export function scanObfdf(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  powerModels: Record<string, PowerModel>,
  options: {
    dims?: readonly (typeof DIMENSIONS)[number][];
    rackByRack?: boolean;
    arrival?: boolean;
    switchPower?: SwitchPower;
  } = {},
): number[] {
  const { dims = DIMENSIONS, rackByRack = false, arrival = false, switchPower } = options;
  const racks = [...new Set(hosts.map((h) => h.rack))].sort((a, b) => a - b);
  const position = (j: number) => racks.indexOf(hosts[j]!.rack);
  const load = hosts.map(() => dims.map(() => 0));
  const cpuLoad = hosts.map(() => 0);
  const count = hosts.map(() => 0);
  const rackOn = racks.map(() => 0);
  const aggregationOn = racks.map(() => 0);
  const per = switchPower?.racksPerAggregation ?? 1;
  const draw = (j: number, mips: number) =>
    powerAt(powerModels[hosts[j]!.powerModel!]!, Math.min(1, mips / hosts[j]!.cpuMips));
  const switchCost = (j: number) => {
    if (switchPower === undefined || count[j]! > 0 || rackOn[position(j)]! > 0) return 0;
    return switchPower.topOfRackWatts +
      (aggregationOn[Math.floor(position(j) / per)]! > 0 ? 0 : switchPower.aggregationWatts);
  };
  const assignment = vms.map(() => -1);
  const order = vms.map((_, i) => i);
  if (!arrival) order.sort((a, b) => vms[b]!.cpuMips - vms[a]!.cpuMips || a - b);
  let racksOpen = rackByRack ? Math.min(1, racks.length) : racks.length;
  for (const i of order) {
    const vm = vms[i]!;
    const fitting = hosts.flatMap((host, j) =>
      dims.every((d, k) => load[j]![k]! + vm[d] <= withSlack(host[d])) ? [j] : []
    );
    if (fitting.length === 0) continue;
    racksOpen = Math.max(racksOpen, Math.min(...fitting.map(position)) + 1);
    let best = -1;
    let bestKey = Infinity;
    for (const j of fitting) {
      if (position(j) >= racksOpen) continue;
      const before = count[j] === 0 ? 0 : draw(j, cpuLoad[j]!);
      const increase = key(draw(j, cpuLoad[j]! + vm.cpuMips) - before + switchCost(j));
      if (increase < bestKey) [best, bestKey] = [j, increase];
    }
    assignment[i] = best;
    if (count[best] === 0 && rackOn[position(best)]!++ === 0) {
      aggregationOn[Math.floor(position(best) / per)]!++;
    }
    dims.forEach((d, k) => load[best]![k]! += vm[d]);
    cpuLoad[best]! += vm.cpuMips;
    count[best]!++;
  }
  return assignment;
}

/** Power models of the seeded instances: SPECpower G4/G5 tables and two linear ones. */
export const MIXED_POWER_MODELS: Record<string, PowerModel> = {
  g4: SPECPOWER_HP_ML110_G4,
  g5: SPECPOWER_HP_ML110_G5,
  old: { kind: "linear", idleWatts: 90, peakWatts: 135 },
  flat: { kind: "linear", idleWatts: 100, peakWatts: 100 },
};

/**
 * A seeded instance for the power-aware fits: hosts of two shapes and four power models,
 * unevenly sized racks (not in index order for some), VMs of random CPU demand with RAM and
 * bandwidth, some that fit no host, and repeated demands (ties).
 */
export function powerInstance(seed: number, hostCount: number, vmCount: number): {
  hosts: Host[];
  vms: VmDemand[];
} {
  const prng = createPrng(seed, "power-fit-instance");
  const names = Object.keys(MIXED_POWER_MODELS);
  const hosts = Array.from({ length: hostCount }, (_, h) => ({
    name: `h${h}`,
    cpuMips: h % 3 === 0 ? 3720 : 5320,
    cores: 2,
    ramBytes: 4096 * 2 ** 20,
    bandwidthBytesPerSecond: 125e6,
    rack: seed % 2 === 0 ? Math.floor(h / 3) : (h * 7) % 5,
    powerModel: names[Math.floor(prng() * names.length)]!,
  }));
  const vms = Array.from({ length: vmCount }, (_, i) => ({
    name: `v${i}`,
    cpuMips: i % 7 === 0 ? 500 : i % 41 === 0 ? 6000 : Math.round(100 + prng() * 2400),
    ramBytes: Math.round((128 + prng() * 1200) * 2 ** 20),
    bandwidthBytesPerSecond: Math.round(1e6 + prng() * 20e6),
  }));
  return { hosts, vms };
}
