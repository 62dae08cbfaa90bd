/**
 * The engine's allocation at a migration end (`lib/datacenter/_host_allocation.ts`), on a data
 * centre the size of the PlanetLab day (800 hosts, 1,052 VMs on about 120 of them, 20 migrating):
 * between updates the allocation walks each host's list of VMs; the pass over every VM in index
 * order is what it falls back to (and what an update runs). Both compute the same arrays. With
 * linear VMs (the simulation's default without CloudSim's arithmetic), the walk visits only the
 * VMs that are not linear, each host's linear VMs adding one term.
 *
 * ```sh
 * deno bench bench/host_allocation_bench.ts
 * ```
 *
 * @module
 */
import { hostAllocation, type HostAllocationInputs } from "../lib/datacenter/_host_allocation.ts";
import { createPrng } from "../lib/random/prng.ts";

const H = 800, V = 1052, K = 288;
const next = createPrng(1, "host-allocation-bench");
const cap = new Float64Array(H).fill(2 * 2660);
const pe = new Float64Array(H).fill(2660);
const mips = Float64Array.from(
  { length: V },
  () => [2500, 2000, 1000, 500][Math.floor(next() * 4)]!,
);
const util = Float64Array.from({ length: V * K }, () => next() * 0.6);
const vmHost = Int32Array.from({ length: V }, () => 6 * Math.floor(next() * 120));
const vmOrigin = Int32Array.from(vmHost);
const vmEnd = new Float64Array(V).fill(-1);
const vmShare = new Float64Array(V), vmKeep = new Float64Array(V).fill(1);
const moveVm: number[] = [], moveDst: number[] = [];
for (let v = 0; v < V && moveVm.length < 20; v += 37) {
  moveVm.push(v);
  moveDst.push(vmHost[v]! + 1);
  vmHost[v] = vmHost[v]! + 1;
  vmEnd[v] = 1000; // past the interval: migrating throughout
  vmShare[v] = 0.1;
  vmKeep[v] = 0.9;
}
const inputs: HostAllocationInputs = {
  H,
  V,
  K,
  cap,
  pe,
  mips,
  atUpdate: util,
  util,
  intervalSeconds: 300,
  updateOffsetSeconds: 0,
  vmHost,
  vmOrigin,
  vmEnd,
  vmStart: new Float64Array(V),
  vmShare,
  vmKeep,
  moveVm,
  moveDst,
  slatahCountsMigrationTargets: true,
  countMigrationEnergy: true,
  cloudsimArithmetic: false,
  migrationHostsOn: true,
};

const walk = hostAllocation(inputs), pass = hostAllocation(inputs);
const linear = hostAllocation({ ...inputs, vmRequested: new Float64Array(V) });
walk.allocate(5, 0, 0, false);
pass.allocate(5, 0, 0, false);
linear.allocate(5, 0, 0, false);
let tau = 0;
Deno.bench({
  name: "allocation at a migration end: walk of each host's VMs",
  group: "segment",
  baseline: true,
  fn() {
    tau = tau >= 299 ? 1 : tau + 1;
    walk.allocate(5, tau, tau, true);
  },
});
Deno.bench({
  name: "allocation at a migration end: pass over every VM",
  group: "segment",
  fn() {
    tau = tau >= 299 ? 1 : tau + 1;
    // not inclusive: the walk is for the segments' inclusive reads, so this takes the pass
    pass.allocate(5, tau, tau, false);
  },
});
Deno.bench({
  name: "allocation at a migration end: walk with linear VMs",
  group: "segment",
  fn() {
    tau = tau >= 299 ? 1 : tau + 1;
    linear.allocate(5, tau, tau, true);
  },
});
