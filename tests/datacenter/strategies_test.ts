import assert from "node:assert/strict";
import {
  ENERGY_INTEGRATORS,
  simulateDatacenter,
  VM_SELECTORS,
  type VmSelectorCandidate,
} from "../../lib/datacenter/mod.ts";
import { createPrng } from "../../lib/random/mod.ts";

/** A host of the given VMs whose load is the sum of their host shares. */
function host(vms: VmSelectorCandidate[], threshold: number) {
  const removed: number[] = [];
  const view = {
    removed,
    candidates: () => vms.filter((c) => !removed.includes(c.vm)),
    remove: (vm: number) => void removed.push(vm),
    overloaded: () => view.candidates().reduce((s, c) => s + c.hostShare, 0) > threshold,
  };
  return view;
}
const vms = (): VmSelectorCandidate[] => [
  { vm: 10, ramBytes: 3e9, utilization: 0.9, hostShare: 0.45 },
  { vm: 11, ramBytes: 1e9, utilization: 0.2, hostShare: 0.1 },
  { vm: 12, ramBytes: 2e9, utilization: 0.5, hostShare: 0.25 },
  { vm: 13, ramBytes: 1e9, utilization: 0.3, hostShare: 0.15 },
];

Deno.test("VM_SELECTORS: 2012's take one VM at a time until the host is not overloaded", () => {
  // load 0.95 over 0.8: MMT takes the first least-RAM VM (11, load 0.85), then 13 (0.7)
  const mmt = host(vms(), 0.8);
  VM_SELECTORS.mmt(mmt, { threshold: 0.8, prng: createPrng(1) });
  assert.deepEqual(mmt.removed, [11, 13]);
  // MU: least utilisation first: 11 (0.2), then 13 (0.3)
  const mu = host(vms(), 0.8);
  VM_SELECTORS.mu(mu, { threshold: 0.8, prng: createPrng(1) });
  assert.deepEqual(mu.removed, [11, 13]);
  // a host that is not overloaded after one removal gives up exactly one
  const one = host(vms(), 0.9);
  VM_SELECTORS.mmt(one, { threshold: 0.9, prng: createPrng(1) });
  assert.deepEqual(one.removed, [11]);
});

Deno.test("VM_SELECTORS: 2010's take the whole set at once", () => {
  // MM: the fewest VMs bringing 0.95 to 0.75: the least one above the excess 0.2 (vm 12),
  // not the least RAM (11) that MMT would take first
  const mm = host(vms(), 0.75);
  VM_SELECTORS.mm(mm, { threshold: 0.75, prng: createPrng(1) });
  assert.deepEqual(mm.removed, [12]);
});

Deno.test("ENERGY_INTEGRATORS: hand-computed joules, and simulateDatacenter chooses by name", () => {
  assert.equal(ENERGY_INTEGRATORS.trapezoid.joules(120, 180, 300), 45000);
  assert.equal(ENERGY_INTEGRATORS.hold.joules(120, 180, 300), 36000);
  // one host, one VM at 50 % then 100 %: power 150 W then 200 W (linear 100-200 W)
  const scenario = {
    hosts: [{
      name: "h",
      cpuMips: 1000,
      cores: 1,
      ramBytes: 2 ** 32,
      bandwidthBytesPerSecond: 125e6,
      rack: 0,
      powerModel: "linear",
    }],
    vms: [{ name: "a", cpuMips: 1000, ramBytes: 2 ** 29, bandwidthBytesPerSecond: 12.5e6 }],
    powerModels: { linear: { kind: "linear" as const, idleWatts: 100, peakWatts: 200 } },
    traces: { names: ["a"], percent: [[50, 50, 100]] },
  };
  const options = { seed: 1, allocation: "dvfs" as const, countFirstInterval: true };
  const hold = simulateDatacenter(scenario, { ...options, energyIntegration: "hold" });
  const trapezoid = simulateDatacenter(scenario, { ...options, energyIntegration: "trapezoid" });
  // hold: 150 W x 300 s, 150 W x 300 s, 200 W x 300 s
  assert.ok(Math.abs(hold.energyKwh - (150 + 150 + 200) * 300 / 3.6e6) < 1e-12);
  // trapezoid: 150 W flat, then 150 -> 200 W, then 200 W held past the last sample
  assert.ok(Math.abs(trapezoid.energyKwh - (150 + 175 + 200) * 300 / 3.6e6) < 1e-12);
});
