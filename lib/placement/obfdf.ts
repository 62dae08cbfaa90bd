import { DIMENSIONS } from "./model.ts";
import type { Dimension, Host, PlacementResult, VmDemand } from "./model.ts";
import { packInstance, withSlack } from "./_fit.ts";
import { hostPowerModels } from "./_power_models.ts";
import { drawAt, powerClasses, PowerIndex } from "./_power_index.ts";
import { powerAt, type PowerModel } from "../datacenter/power_model.ts";
import {
  boolean,
  finiteNumber,
  integer,
  nonNegative,
  object,
  oneOf,
  optionNames,
  positive,
  requiredOptions,
} from "../_validate.ts";

/** Options of {@link placeObfdf}. */
export interface PlaceObfdfOptions {
  /** Power models keyed by `Host.powerModel`; every host must name one of them. */
  powerModels: Readonly<Record<string, PowerModel>>;
  /**
   * The dimensions whose capacity must hold.
   * @default {DIMENSIONS}
   */
  dimensions?: readonly Dimension[];
  /**
   * Fill racks one by one in increasing rack index, opening the next rack only when
   * no host of the open racks holds the VM.
   * @default {false}
   */
  rackByRack?: boolean;
  /**
   * The order VMs are placed in: by decreasing CPU demand (the "decreasing" of OBFDF, when
   * the whole batch is known), or as they arrive (input order), each placed for good before
   * the next is seen (the online use of the paper's title).
   * @default {"decreasing"}
   */
  order?: "decreasing" | "arrival";
  /**
   * Switch power, the part of a data centre's draw the review notes OBFDF leaves out: a
   * rack's top-of-rack switch is on while a host of the rack holds a VM, and an aggregation
   * switch while any of its racks is on (racks in increasing rack number, grouped
   * `racksPerAggregation` at a time). When given, switching a switch on is part of the power
   * increase that picks the host, and the switches' draw is added to `powerWatts`. No
   * default values: give the switches' measured draw (e.g. from Mahadevan et al. 2009, "A
   * power benchmarking framework for network devices", IFIP Networking).
   * @default {undefined} (switches not modelled)
   */
  switchPower?: SwitchPower;
}

/** The draw of a data centre's switches (see {@link PlaceObfdfOptions.switchPower}). */
export interface SwitchPower {
  /** Draw of one top-of-rack switch while on, in watts. */
  topOfRackWatts: number;
  /** Draw of one aggregation switch while on, in watts. */
  aggregationWatts: number;
  /** Racks under one aggregation switch. */
  racksPerAggregation: number;
}

const ACTION = "place VMs by OBFDF";
const OPTION_NAMES = optionNames<PlaceObfdfOptions>({
  powerModels: 0,
  dimensions: 0,
  rackByRack: 0,
  order: 0,
  switchPower: 0,
});
const SWITCH_POWER_NAMES = optionNames<SwitchPower>({
  topOfRackWatts: 0,
  aggregationWatts: 0,
  racksPerAggregation: 0,
});

/**
 * Places VMs by Optimised Best Fit Decreasing First (OBFDF, Esfandiarpour, Pahlavan and
 * Goudarzi 2013, "Virtual machine consolidation for datacenter energy improvement", Sharif
 * University of Technology, the review's reference [12]).
 *
 * VMs are taken by decreasing CPU demand (MIPS; ties by index). Each goes to the host,
 * among those with room in every checked dimension, whose power draw rises least:
 * `powerAt(model, (load + demand) / cpuMips) − before`, where `before` is the host's
 * draw at its current CPU load, or 0 W for a host with no VM yet (it is switched off,
 * so opening a host costs its whole draw and the policy prefers hosts already on; this
 * differs from CloudSim's PABFD, which charges only the increase over idle). Increases
 * are compared in whole milliwatts (rounded), ties going to the lower host index; hosts
 * are searched through segment trees per power class and load segment (see `placePabfd`),
 * with the same result as a scan. With `rackByRack`, racks are opened in increasing rack index:
 * the candidates are the hosts of the open racks, and the next rack is opened only when
 * none of them holds the VM, which keeps traffic and switched-on top-of-rack switches
 * in few racks. A VM no host can hold is left in `unplaced`.
 *
 * With `switchPower`, the increase also counts the top-of-rack and aggregation switches the
 * host would switch on; with `order: "arrival"`, VMs are placed in input order (online).
 *
 * `details`: `powerWatts` (draw of the switched-on hosts at their final CPU loads, plus the
 * switched-on switches with `switchPower`), `hostWatts`, `switchWatts`, `torSwitchesOn`,
 * `aggregationSwitchesOn` and `racksOpened` (with `rackByRack`, the racks opened in order,
 * counting a rack whose hosts took no VM once a later one opened; otherwise the racks that
 * hold a placed VM).
 *
 * @param hosts The hosts; each names its power model in `powerModel`.
 * @param vms The VMs to place.
 * @param options Power models, dimensions and the rack-by-rack variant.
 * @returns The placement with the resulting power draw.
 *
 * @example The big VM goes to the efficient host
 * ```ts
 * import { placeObfdf } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = { cpuMips: 1000, cores: 1, ramBytes: 8e9, bandwidthBytesPerSecond: 1e9, rack: 0 };
 * const hosts = [
 *   { ...host, name: "old", powerModel: "old" },
 *   { ...host, name: "new", powerModel: "new" },
 * ];
 * const powerModels = {
 *   old: { kind: "linear" as const, idleWatts: 100, peakWatts: 200 },
 *   new: { kind: "linear" as const, idleWatts: 50, peakWatts: 150 },
 * };
 * const vms = [{ name: "vm", cpuMips: 500, ramBytes: 1e9, bandwidthBytesPerSecond: 1e6 }];
 * const result = placeObfdf(hosts, vms, { powerModels });
 * assert.deepEqual(result.assignment, [1]);
 * assert.equal(result.details.powerWatts, 100);
 * ```
 */
export function placeObfdf(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  options: PlaceObfdfOptions,
): PlacementResult {
  requiredOptions(ACTION, "options", options, OPTION_NAMES);
  const {
    powerModels,
    dimensions = DIMENSIONS,
    rackByRack = false,
    order: vmOrder = "decreasing",
    switchPower,
  } = options;
  const instance = packInstance(ACTION, hosts, vms, dimensions);
  // racks group hosts (and their switches): a NaN rack would merge every host into one
  hosts.forEach((h, j) => finiteNumber(ACTION, `hosts[${j}].rack`, h.rack));
  // the power draw reads CPU load over MIPS whatever the checked dimensions
  hosts.forEach((h, j) => positive(ACTION, `hosts[${j}].cpuMips`, h.cpuMips));
  vms.forEach((vm, i) => nonNegative(ACTION, `vms[${i}].cpuMips`, vm.cpuMips));
  object(ACTION, "powerModels", powerModels);
  oneOf(ACTION, "order", vmOrder, ["decreasing", "arrival"] as const);
  boolean(ACTION, "rackByRack", rackByRack);
  if (switchPower !== undefined) {
    requiredOptions(ACTION, "switchPower", switchPower, SWITCH_POWER_NAMES);
    nonNegative(ACTION, "switchPower.topOfRackWatts", switchPower.topOfRackWatts);
    nonNegative(ACTION, "switchPower.aggregationWatts", switchPower.aggregationWatts);
    integer(ACTION, "switchPower.racksPerAggregation", switchPower.racksPerAggregation, 1);
  }
  const models = hostPowerModels(ACTION, hosts, powerModels);
  const racks = [...new Set(hosts.map((h) => h.rack))].sort((a, b) => a - b);
  const load = hosts.map(() => dimensions.map(() => 0));
  const cpuLoad = hosts.map(() => 0);
  const count = hosts.map(() => 0);
  const assignment = vms.map(() => -1);
  const order = vms.map((_, i) => i);
  if (vmOrder === "decreasing") order.sort((a, b) => vms[b]!.cpuMips - vms[a]!.cpuMips || a - b);
  let racksOpen = rackByRack ? Math.min(1, racks.length) : racks.length;
  const draw = (j: number, mips: number): number =>
    powerAt(models[j]!, Math.min(1, mips / hosts[j]!.cpuMips));
  const rackPosition = new Map(racks.map((rack, position) => [rack, position]));
  const perAggregation = switchPower?.racksPerAggregation ?? 1;
  const rackHostsOn = racks.map(() => 0);
  const aggregationRacksOn = racks.map(() => 0);
  const positionOf = (j: number) => rackPosition.get(hosts[j]!.rack)!;
  /** Watts of the switches that placing a VM on host j would switch on. */
  const switchCost = (j: number): number => {
    if (switchPower === undefined || count[j]! > 0) return 0;
    const r = positionOf(j);
    if (rackHostsOn[r]! > 0) return 0;
    const a = Math.floor(r / perAggregation);
    return switchPower.topOfRackWatts +
      (aggregationRacksOn[a]! > 0 ? 0 : switchPower.aggregationWatts);
  };
  const k = dimensions.length;
  const limit = new Float64Array(hosts.length * k);
  const room = new Float64Array(hosts.length * k);
  hosts.forEach((host, j) =>
    dimensions.forEach((d, c) => {
      limit[j * k + c] = withSlack(host[d]);
      room[j * k + c] = limit[j * k + c]!;
    })
  );
  const cpuMips = hosts.map((host) => host.cpuMips);
  const { classes, classOf, curveOf } = order.length === 0
    ? { classes: [], classOf: new Int32Array(0), curveOf: [] }
    : powerClasses(models, cpuMips, cpuMips.map(() => Infinity), () => ({
      thresholdMips: Infinity,
      emptyFromZero: true,
    }));
  // Pruning only: covers the rounding of `limit - load` against the test `load + x <= limit`.
  const tolerance = instance.scale.map((scale) => 1e-12 * scale);
  const index = new PowerIndex(
    classes,
    classOf,
    room,
    tolerance,
    Float64Array.from(hosts, (_, j) => positionOf(j)),
    -Infinity,
  );
  const fastDraw = (j: number, mips: number): number =>
    drawAt(curveOf[j]!, Math.min(1, mips / hosts[j]!.cpuMips));
  const demand = new Float64Array(k);
  let vm = vms[0]!;
  const fits = (j: number) => dimensions.every((d, c) => load[j]![c]! + vm[d] <= limit[j * k + c]!);
  /** The increase of placing the VM on host j, or NaN if it does not fit. */
  const evaluate = (j: number): number => {
    if (!fits(j)) return NaN;
    const before = count[j] === 0 ? 0 : fastDraw(j, cpuLoad[j]!);
    return fastDraw(j, cpuLoad[j]! + vm.cpuMips) - before + switchCost(j);
  };
  for (const i of order) {
    vm = vms[i]!;
    dimensions.forEach((d, c) => demand[c] = vm[d]);
    if (rackByRack) {
      const nearest = index.nearestRack(demand, fits);
      if (nearest === Infinity) continue; // no host holds this VM: it stays unplaced
      racksOpen = Math.max(racksOpen, nearest + 1);
    }
    const best = index.best(vm.cpuMips, demand, racksOpen, evaluate);
    if (best < 0) continue; // no host holds this VM: it stays unplaced
    assignment[i] = best;
    if (count[best] === 0) {
      const r = positionOf(best);
      if (rackHostsOn[r]!++ === 0) aggregationRacksOn[Math.floor(r / perAggregation)]!++;
    }
    dimensions.forEach((d, c) => {
      load[best]![c]! += vm[d];
      room[best * k + c] = limit[best * k + c]! - load[best]![c]!;
    });
    cpuLoad[best]! += vm.cpuMips;
    count[best]!++;
    index.update(best, room, best * k, cpuLoad[best]!, -Infinity);
  }
  const used = hosts.flatMap((_, j) => count[j]! > 0 ? [j] : []);
  const hostWatts = used.reduce((sum, j) => sum + draw(j, cpuLoad[j]!), 0);
  const torSwitchesOn = rackHostsOn.filter((c) => c > 0).length;
  const aggregationSwitchesOn = aggregationRacksOn.filter((c) => c > 0).length;
  const switchWatts = switchPower === undefined ? 0 : torSwitchesOn * switchPower.topOfRackWatts +
    aggregationSwitchesOn * switchPower.aggregationWatts;
  return {
    algorithm: rackByRack ? "obfdf-rack" : "obfdf",
    assignment,
    unplaced: assignment.flatMap((j, i) => j === -1 ? [i] : []),
    hostsUsed: used.length,
    details: {
      powerWatts: hostWatts + switchWatts,
      hostWatts,
      switchWatts,
      torSwitchesOn,
      aggregationSwitchesOn,
      racksOpened: rackByRack ? racksOpen : new Set(used.map((j) => hosts[j]!.rack)).size,
    },
  };
}
