import assert from "node:assert/strict";
import { simulateDatacenter } from "../../lib/datacenter/mod.ts";

Deno.test("target search over more than 32 host classes (a scan) places as the host index does", () => {
  // 40 hosts of 1000 MIPS; distinct RAM sizes make 40 classes, so the search scans the hosts
  // instead of using the index. Each VM asks 900 MIPS: THR 0.8 finds every host overloaded
  // with it, and only an empty host takes it (an empty host is not checked by the detector)
  const hosts = (distinct: boolean) =>
    Array.from({ length: 40 }, (_, i) => ({
      name: `h${i}`,
      cpuMips: 1000,
      cores: 1,
      ramBytes: 2 ** 32 + (distinct ? i * 4096 : 0),
      bandwidthBytesPerSecond: 1e8,
      rack: 0,
      powerModel: "m",
    }));
  const names = ["a", "b", "c", "d", "e"];
  const run = (distinct: boolean) =>
    simulateDatacenter({
      hosts: hosts(distinct),
      vms: names.map((name) => ({
        name,
        cpuMips: 900,
        ramBytes: 2 ** 20,
        bandwidthBytesPerSecond: 1e6,
      })),
      powerModels: { m: { kind: "linear", idleWatts: 100, peakWatts: 200 } },
      traces: { names, percent: names.map(() => [100, 100, 100]) },
    }, { seed: 1, allocation: "thr", parameter: 0.8, migrationModel: "cloudsim" });
  const scanned = run(true), indexed = run(false);
  assert.deepEqual(scanned.unplacedVms, []);
  assert.deepEqual(scanned, indexed);
});
