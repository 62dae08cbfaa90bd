import type { ConsolidationView } from "../../lib/datacenter/mod.ts";

/** A host of 2 x 1000 MIPS, 4 GiB and 1 Gbit/s on the linear power model. */
export const host = (name: string) => ({
  name,
  cpuMips: 2000,
  cores: 2,
  ramBytes: 4 * 2 ** 30,
  bandwidthBytesPerSecond: 125e6,
  rack: 0,
  powerModel: "linear",
});
/** A VM of 1000 MIPS, 512 MiB and 100 Mbit/s. */
export const vm = (name: string) => ({
  name,
  cpuMips: 1000,
  ramBytes: 2 ** 29,
  bandwidthBytesPerSecond: 12.5e6,
});
/** The hosts' power model: 100 W idle, 200 W at full load. */
export const LINEAR_POWER = {
  linear: { kind: "linear" as const, idleWatts: 100, peakWatts: 200 },
};
/**
 * A data centre of two hosts with one light VM each (20 % and 10 % of a VM's 1000 MIPS on
 * 2000-MIPS hosts, linear power 100-200 W): the first update empties one host by one
 * migration, whose costs the engine-mode tests compute by hand.
 */
export const twoHosts = {
  hosts: [host("h0"), host("h1")],
  vms: [vm("a"), vm("b")],
  powerModels: LINEAR_POWER,
  traces: { names: ["a", "b"], percent: [[20, 20, 20], [10, 10, 10]] },
};
/** Moves VM v from host `from` to host `to` through the decision view, as a decision does. */
export function move(view: ConsolidationView, v: number, from: number, to: number): void {
  view.detach(v, from);
  view.attach(v, to);
  view.migrate(v, to);
}
