/**
 * A VM asking more than a core is allocated one core's MIPS at most (CloudSim 3.0.3's
 * `VmSchedulerTimeShared`: a VM's MIPS per processing element are capped at the element's), and
 * under CloudSim's capacity checks power-aware best fit prices a target at those capped MIPS.
 */
import assert from "node:assert/strict";
import { type Placer, PLACERS, simulateDatacenter } from "../../lib/datacenter/mod.ts";

Deno.test("power-aware best fit prices a host whose VM asks more than a core at the core's MIPS", () => {
  // Hosts of 2000 MIPS on 2 cores (1000 each). a (1500 MIPS) runs on h0 at 50 % then 100 %:
  // 1500 MIPS asked, 1000 (a core) allocated. c asks 400 MIPS on h1 (20 %); b asks 300 on h2
  // (15 %), under the lower threshold (16 %), so at interval 1 h2 is emptied and b placed.
  // The table is flat to 50 %, then steep past 70 %:
  // - h0: 1000 booked + 300 = 65 %: 152.5 W less its 150 W at 50 % = 2.5 W (booking a's whole
  //   1500 MIPS would make it 90 %: 200 W, +50 W);
  // - h1: 20 % to 35 %: 120 W to 135 W, +15 W.
  // b goes to h0 (its overload check, 1500 + 300 requested of 2000 = 90 %, is under 95 %).
  const hosts = ["h0", "h1", "h2"].map((name) => ({
    name,
    cpuMips: 2000,
    cores: 2,
    ramBytes: 8 * 2 ** 30,
    bandwidthBytesPerSecond: 125e6,
    rack: 0,
    powerModel: "steep",
  }));
  const vm = (name: string, cpuMips: number) => ({
    name,
    cpuMips,
    ramBytes: 2 ** 29,
    bandwidthBytesPerSecond: 12.5e6,
  });
  const creation = [0, 1, 2]; // a -> h0, c -> h1, b -> h2
  const targets: number[][] = [];
  let creating = true;
  const placer: Placer = (v, view) => {
    if (creating) {
      if (v === 2) creating = false;
      return creation[v]!;
    }
    const h = PLACERS.pabfd(v, view);
    targets.push([v, h]);
    return h;
  };
  const r = simulateDatacenter({
    hosts,
    vms: [vm("a", 1500), vm("c", 1000), vm("b", 1000)],
    powerModels: {
      steep: { kind: "table", watts: [100, 110, 120, 130, 140, 150, 155, 160, 180, 200, 220] },
    },
    traces: { names: ["a", "c", "b"], percent: [[50, 100, 100], [40, 40, 40], [30, 30, 30]] },
  }, {
    seed: 1,
    allocation: "dt",
    parameter: 0.95,
    lowerThreshold: 0.16,
    selection: "mmt",
    migrationModel: "cloudsim",
    capacityChecks: "cloudsim",
    initialDemand: "trace",
    strategies: { placer },
  });
  assert.deepEqual(r.unplacedVms, []);
  assert.deepEqual(targets, [[2, 0]]);
  assert.deepEqual(r.rows.map((x) => x.migrations), [0, 1, 0]);
});
