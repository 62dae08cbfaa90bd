import assert from "node:assert/strict";
import { simulateDatacenter, type SimulateDatacenterOptions } from "../../lib/datacenter/mod.ts";

/** One host of 1 MIPS and four VMs of 1 MIPS at the given percents, run with `options`. */
function oneMipsHost(percents: number[], options: SimulateDatacenterOptions) {
  const names = ["a", "b", "c", "d"];
  return simulateDatacenter({
    hosts: [{
      name: "h0",
      cpuMips: 1,
      cores: 1,
      ramBytes: 2 ** 30,
      bandwidthBytesPerSecond: 1e8,
      rack: 0,
      powerModel: "m",
    }],
    vms: names.map((name) => ({
      name,
      cpuMips: 1,
      ramBytes: 2 ** 20,
      bandwidthBytesPerSecond: 1e6,
    })),
    powerModels: { m: { kind: "linear", idleWatts: 100, peakWatts: 200 } },
    traces: { names, percent: percents.map((p) => [p, p]) },
  }, options);
}

Deno.test("strict capacity checks fit demands that sum to the capacity up to rounding", () => {
  // VMs of 1 MIPS at 20, 40, 30 and 10 % on one host of 1 MIPS: placed in that order, the
  // host's booked MIPS reach 0.2 + 0.4 + 0.3 = 0.8999999999999999, and the last VM's 0.1 would
  // bring them to 1.0000000000000002, over the capacity by rounding alone: it must still fit
  assert.ok(0.2 + 0.4 + 0.3 + 0.1 > 1);
  const r = oneMipsHost([20, 40, 30, 10], {
    seed: 1,
    allocation: "dvfs",
    capacityChecks: "strict",
    initialDemand: "trace",
  });
  assert.deepEqual(r.unplacedVms, []);
});

Deno.test("strict capacity checks in the host index keep a host whose room is short by rounding", () => {
  // under THR (1.0) VMs are created through the host index: after 0.1 + 0.2 + 0.3 the host's
  // room is 1 - 0.6000000000000001 = 0.3999999999999999, short of the last VM's 0.4 by rounding
  // alone, while 0.6000000000000001 + 0.4 = 1 fits
  assert.ok(1 - (0.1 + 0.2 + 0.3) < 0.4);
  const r = oneMipsHost([10, 20, 30, 40], {
    seed: 1,
    allocation: "thr",
    parameter: 1,
    capacityChecks: "strict",
    initialDemand: "trace",
    migrationModel: "cloudsim",
  });
  assert.deepEqual(r.unplacedVms, []);
});
