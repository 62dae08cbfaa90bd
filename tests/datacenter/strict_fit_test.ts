import assert from "node:assert/strict";
import { simulateDatacenter } from "../../lib/datacenter/mod.ts";

Deno.test("strict capacity checks fit demands that sum to the capacity up to rounding", () => {
  // VMs of 1 MIPS at 20, 40, 30 and 10 % on one host of 1 MIPS: placed in that order, the
  // host's booked MIPS reach 0.2 + 0.4 + 0.3 = 0.8999999999999999, and the last VM's 0.1 would
  // bring them to 1.0000000000000002, over the capacity by rounding alone: it must still fit
  const host = {
    name: "h0",
    cpuMips: 1,
    cores: 1,
    ramBytes: 2 ** 30,
    bandwidthBytesPerSecond: 1e8,
    rack: 0,
    powerModel: "m",
  };
  const vm = (name: string) => ({
    name,
    cpuMips: 1,
    ramBytes: 2 ** 20,
    bandwidthBytesPerSecond: 1e6,
  });
  assert.ok(0.2 + 0.4 + 0.3 + 0.1 > 1);
  const r = simulateDatacenter({
    hosts: [host],
    vms: ["a", "b", "c", "d"].map(vm),
    powerModels: { m: { kind: "linear", idleWatts: 100, peakWatts: 200 } },
    traces: { names: ["a", "b", "c", "d"], percent: [[20, 20], [40, 40], [30, 30], [10, 10]] },
  }, { seed: 1, allocation: "dvfs", capacityChecks: "strict", initialDemand: "trace" });
  assert.deepEqual(r.unplacedVms, []);
});

Deno.test("strict capacity checks in the host index keep a host whose room is short by rounding", () => {
  // under THR (1.0) VMs are created through the host index: after 0.1 + 0.2 + 0.3 the host's
  // room is 1 - 0.6000000000000001 = 0.3999999999999999, short of the last VM's 0.4 by rounding
  // alone, while 0.6000000000000001 + 0.4 = 1 fits
  const host = {
    name: "h0",
    cpuMips: 1,
    cores: 1,
    ramBytes: 2 ** 30,
    bandwidthBytesPerSecond: 1e8,
    rack: 0,
    powerModel: "m",
  };
  const vm = (name: string) => ({
    name,
    cpuMips: 1,
    ramBytes: 2 ** 20,
    bandwidthBytesPerSecond: 1e6,
  });
  assert.ok(1 - (0.1 + 0.2 + 0.3) < 0.4);
  const r = simulateDatacenter({
    hosts: [host],
    vms: ["a", "b", "c", "d"].map(vm),
    powerModels: { m: { kind: "linear", idleWatts: 100, peakWatts: 200 } },
    traces: { names: ["a", "b", "c", "d"], percent: [[10, 10], [20, 20], [30, 30], [40, 40]] },
  }, {
    seed: 1,
    allocation: "thr",
    parameter: 1,
    capacityChecks: "strict",
    initialDemand: "trace",
    migrationModel: "cloudsim",
  });
  assert.deepEqual(r.unplacedVms, []);
});
