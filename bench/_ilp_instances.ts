/**
 * The ILP bench instances (issue 11, "Exact and robust packing"), shared by
 * `bench/ilp_bench.ts`, the native-solver record `validation/milp/record.ts` and the test
 * that holds `placeIlp` to that record. Every instance is seeded, so all three see the
 * same numbers.
 *
 * @module
 */
import { createPrng } from "../lib/random/prng.ts";
import type { Dimension, Host, VmDemand } from "../lib/placement/model.ts";
import { DIMENSIONS } from "../lib/placement/model.ts";

/** One bench instance. */
export interface IlpBenchInstance {
  /** Short stable name (file names in `data/milp/`). */
  name: string;
  /** What it is, in words. */
  description: string;
  /** The hosts. */
  hosts: Host[];
  /** The VMs. */
  vms: VmDemand[];
  /** The dimensions checked. */
  dimensions: readonly Dimension[];
}

const GIB = 2 ** 30;

/** Hosts of `shapes` (MIPS, GiB of RAM) in turn, 4 cores, 125 MB/s, racks of 10. */
function hostsOf(count: number, shapes: readonly [number, number][]): Host[] {
  return Array.from({ length: count }, (_, j) => ({
    name: `h${j}`,
    cpuMips: shapes[j % shapes.length]![0],
    cores: 4,
    ramBytes: shapes[j % shapes.length]![1] * GIB,
    bandwidthBytesPerSecond: 125e6,
    rack: Math.floor(j / 10),
  }));
}

/** Seeded VMs with CPU 300-1500 MIPS, RAM (the state a migration moves) 0.5-3 GiB, 1-11 MB/s. */
function randomVms(count: number, seed: number): VmDemand[] {
  const prng = createPrng(seed, "ilp-bench");
  return Array.from({ length: count }, (_, i) => ({
    name: `vm${i}`,
    cpuMips: Math.round(300 + 1200 * prng()),
    ramBytes: Math.round((0.5 + 2.5 * prng()) * GIB),
    bandwidthBytesPerSecond: Math.round(1e6 + 1e7 * prng()),
  }));
}

/**
 * CloudSim's four VM types of the Beloglazov experiments (2500/2000/1000/500 MIPS with
 * 870/1740/1740/613 MB; CloudSim 3.0.3 `power/planetlab` `Constants`), drawn in turn with a
 * seeded choice.
 */
function cloudsimVms(count: number, seed: number): VmDemand[] {
  const types: [number, number][] = [[2500, 870], [2000, 1740], [1000, 1740], [500, 613]];
  const prng = createPrng(seed, "ilp-bench-cloudsim");
  return Array.from({ length: count }, (_, i) => {
    const [cpuMips, ramMb] = types[Math.floor(prng() * types.length)]!;
    return { name: `vm${i}`, cpuMips, ramBytes: ramMb * 2 ** 20, bandwidthBytesPerSecond: 12.5e6 };
  });
}

/**
 * `count` triplets of CPU demands in (C/4, C/2) that each sum exactly to C (Falkenauer's
 * "triplet" class, scaled to 1000-MIPS hosts): the optimum is `count` hosts and first fit
 * decreasing does not find it.
 */
function tripletVms(count: number, seed: number): VmDemand[] {
  const prng = createPrng(seed, "ilp-bench-triplets");
  const sizes: number[] = [];
  for (let t = 0; t < count; t++) {
    const a = 380 + Math.floor(prng() * 80); // 380-459
    const b = 260 + Math.floor(prng() * (480 - a)); // 260 to 739 − a, so c is 261-360
    sizes.push(a, b, 1000 - a - b);
  }
  // Interleave so that the input order says nothing of the triplets.
  const order = sizes.map((_, i) => i).sort((x, y) =>
    ((x * 37) % sizes.length) - ((y * 37) % sizes.length)
  );
  return order.map((i, k) => ({
    name: `vm${k}`,
    cpuMips: sizes[i]!,
    ramBytes: 0,
    bandwidthBytesPerSecond: 0,
  }));
}

/**
 * Seeded VMs of two kinds in turn: CPU-heavy (1500-2500 MIPS, 0.5-2 GiB) and RAM-heavy
 * (300-1000 MIPS, 3-5 GiB), so that neither dimension alone bounds the hosts well.
 */
function anticorrelatedVms(count: number, seed: number): VmDemand[] {
  const prng = createPrng(seed, "ilp-bench-anticorrelated");
  return Array.from({ length: count }, (_, i) => {
    const cpuHeavy = i % 2 === 0;
    const cpuMips = Math.round(cpuHeavy ? 1500 + 1000 * prng() : 300 + 700 * prng());
    const ramBytes = Math.round((cpuHeavy ? 0.5 + 1.5 * prng() : 3 + 2 * prng()) * GIB);
    return { name: `vm${i}`, cpuMips, ramBytes, bandwidthBytesPerSecond: 1e6 };
  });
}

/** The bench instances, in the order of the bench's table. */
export function ilpBenchInstances(): IlpBenchInstance[] {
  return [
    {
      name: "random-60x30",
      description: "60 random VMs (CPU, RAM, bandwidth) on 30 identical hosts",
      hosts: hostsOf(30, [[4000, 8]]),
      vms: randomVms(60, 7),
      dimensions: DIMENSIONS,
    },
    {
      name: "random-60x40-g4g5",
      description: "60 random VMs on 40 hosts of two shapes (3720 MIPS and 5320 MIPS)",
      hosts: hostsOf(40, [[3720, 8], [5320, 8]]),
      vms: randomVms(60, 7),
      dimensions: DIMENSIONS,
    },
    {
      name: "half-30x40",
      description: "30 VMs of 51 % of a host's CPU on 40 identical hosts",
      hosts: hostsOf(40, [[4000, 8]]),
      vms: Array.from({ length: 30 }, (_, i) => ({
        name: `vm${i}`,
        cpuMips: 2040,
        ramBytes: GIB,
        bandwidthBytesPerSecond: 1e6,
      })),
      dimensions: DIMENSIONS,
    },
    {
      name: "cloudsim-100x50",
      description: "100 VMs of CloudSim's four types on 50 hosts of two shapes (G4, G5)",
      hosts: hostsOf(50, [[3720, 4], [5320, 4]]),
      vms: cloudsimVms(100, 3),
      dimensions: ["cpuMips", "ramBytes"],
    },
    {
      name: "random-1d-90x45",
      description: "90 random VMs, CPU only, on 45 identical hosts",
      hosts: hostsOf(45, [[4000, 8]]),
      vms: randomVms(90, 11).map((vm) => ({ ...vm, ramBytes: 0, bandwidthBytesPerSecond: 0 })),
      dimensions: ["cpuMips"],
    },
    {
      name: "cloudsim-200x100",
      description: "200 VMs of CloudSim's four types on 100 hosts of two shapes (G4, G5)",
      hosts: hostsOf(100, [[3720, 4], [5320, 4]]),
      vms: cloudsimVms(200, 4),
      dimensions: ["cpuMips", "ramBytes"],
    },
    {
      name: "anticorrelated-40x30",
      description: "40 VMs, CPU-heavy and RAM-heavy in turn, on 30 identical hosts",
      hosts: hostsOf(30, [[4000, 8]]),
      vms: anticorrelatedVms(40, 9),
      dimensions: DIMENSIONS,
    },
    {
      name: "triplets-30x12",
      description: "10 triplets of CPU demands that each fill a 1000-MIPS host, 12 hosts",
      hosts: hostsOf(12, [[1000, 8]]),
      vms: tripletVms(10, 5),
      dimensions: ["cpuMips"],
    },
    {
      name: "triplets-45x18",
      description: "15 triplets of CPU demands that each fill a 1000-MIPS host, 18 hosts",
      hosts: hostsOf(18, [[1000, 8]]),
      vms: tripletVms(15, 6),
      dimensions: ["cpuMips"],
    },
  ];
}
