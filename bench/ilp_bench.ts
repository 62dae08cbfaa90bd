/**
 * ILP placement via HiGHS: 60 VMs on 30 identical hosts to proven optimality
 * (issue 4 target: under 10 s).
 *
 * Run with `deno bench --allow-read bench/ilp_bench.ts`.
 */
import { createPrng } from "../mod.ts";
import { placeIlp } from "../lib/placement/mod.ts";
import type { Host, VmDemand } from "../lib/placement/mod.ts";

/** A seeded instance: `vmCount` VMs with CPU 300-1500 MIPS and RAM 0.5-3 GiB. */
function ilpInstance(vmCount: number, hostCount: number, seed = 7): {
  hosts: Host[];
  vms: VmDemand[];
} {
  const prng = createPrng(seed, "ilp-bench");
  const hosts = Array.from({ length: hostCount }, (_, j) => ({
    name: `h${j}`,
    cpuMips: 4000,
    cores: 4,
    ramBytes: 8 * 2 ** 30,
    bandwidthBytesPerSecond: 125e6,
    rack: Math.floor(j / 10),
  }));
  const vms = Array.from({ length: vmCount }, (_, i) => ({
    name: `vm${i}`,
    cpuMips: Math.round(300 + 1200 * prng()),
    ramBytes: Math.round((0.5 + 2.5 * prng()) * 2 ** 30),
    bandwidthBytesPerSecond: Math.round(1e6 + 1e7 * prng()),
  }));
  return { hosts, vms };
}

const { hosts, vms } = ilpInstance(60, 30);

Deno.bench("placeIlp() proves the optimum for 60 VMs on 30 hosts", async () => {
  const result = await placeIlp(hosts, vms, { timeLimitSeconds: 30 });
  if (result.details.status !== "optimal") throw new Error(`not optimal: ${result.details.status}`);
});
