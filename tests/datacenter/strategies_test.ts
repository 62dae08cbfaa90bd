import assert from "node:assert/strict";
import {
  beloglazov2012Scenario,
  CONSOLIDATION_DECISIONS,
  ENERGY_INTEGRATORS,
  generateSyntheticTraces,
  PLACEMENT_RULES,
  simulateDatacenter,
  VM_SELECTORS,
  type VmSelectorCandidate,
} from "../../lib/datacenter/mod.ts";
import { createPrng } from "../../lib/random/mod.ts";
import { thresholdView } from "./_threshold_view.ts";

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

/** A hand-made data centre of 3 hosts (2000 MIPS each) for the decision strategies. */
function datacentre(on: number[][], demand: number[], threshold: number) {
  const excluded = new Set<number>();
  const used = (h: number) => on[h]!.reduce((a, v) => a + demand[v]!, 0);
  const { view, moves } = thresholdView(on, demand, 2000, threshold);
  // the 2012 selection in miniature: the largest VM off (its host still its own until placed)
  const selectedFrom = new Map<number, number>();
  view.selectVms = (h, out) => {
    const v = [...on[h]!].sort((a, b) => demand[b]! - demand[a]!)[0]!;
    on[h]!.splice(on[h]!.indexOf(v), 1);
    selectedFrom.set(v, h);
    out.push(v);
  };
  const hostOf = view.hostOf;
  view.hostOf = (v) => selectedFrom.get(v) ?? hostOf(v);
  // the fullest host that stays under the threshold (a stand-in for PABFD)
  view.place = (v) => {
    let best = -1;
    for (let h = 0; h < on.length; h++) {
      if (excluded.has(h) || !view.fits(v, h) || view.overloaded(h, v)) continue;
      if (best < 0 || used(h) > used(best)) best = h;
    }
    return best;
  };
  view.excludeTarget = (h) => void excluded.add(h);
  view.resetTargets = () => excluded.clear();
  return { view, moves, on };
}
const decisionSettings = {
  allocation: "thr" as const,
  parameter: 0.8,
  fallbackThreshold: 0.7,
  lowerThreshold: 0.3,
  underloadSkipsOverloadTargets: false,
};

Deno.test("CONSOLIDATION_DECISIONS: central sheds overload, then empties the least utilised host", () => {
  // h0 at 0.9 (overloaded), h1 at 0.5, h2 at 0.1
  const { view, moves, on } = datacentre([[0, 1], [2], [3]], [1200, 600, 1000, 200], 0.8);
  assert.equal(CONSOLIDATION_DECISIONS.central(view, decisionSettings), 1);
  // h0 gives up its largest VM (0, 1200 MIPS): h1 has no room (1000 + 1200 > 2000), h2
  // takes it (200 + 1200 = 0.7 of 2000). Then, least utilised first, h1's VM 2 finds no
  // room on h2 (1400 + 1000), and h2's VMs have no host left (h0 is out, h1 was tried).
  assert.deepEqual(moves, [[0, 2]]);
  assert.deepEqual(on, [[1], [2], [3, 0]]);
  assert.equal(view.messages.cfp, 0);
});

Deno.test("CONSOLIDATION_DECISIONS: central puts back on its host a selected VM no host takes", () => {
  // h0 at 0.9 (VMs of 1200 and 600) sheds VM 0 (1200); h1 (1500) has no room and h2 would go
  // over 0.8 (1000 + 1200 = 2200 > 2000): VM 0 goes back to h0, nothing moves, no VM is lost.
  const { view, moves, on } = datacentre([[0, 1], [2], [3]], [1200, 600, 1500, 1000], 0.8);
  assert.equal(CONSOLIDATION_DECISIONS.central(view, decisionSettings), 1);
  assert.deepEqual(moves, []);
  assert.deepEqual(on, [[1, 0], [2], [3]]);
});

Deno.test("CONSOLIDATION_DECISIONS: central empties a host under the lower threshold only when all its VMs find targets (Beloglazov and Buyya 2010, double thresholds)", async (t) => {
  // "dt": upper 0.8, lower 0.3, hosts of 2000 MIPS. h1 holds VMs 1 (200) and 2 (300): 0.25,
  // under the lower threshold; h0, the only other host, holds VM 0. Its VMs go by demand
  // decreasing: VM 2 first, then VM 1.
  const dt = { ...decisionSettings, allocation: "dt" as const };
  await t.step("both fit: h1 empties", () => {
    // h0 at 1000: + 300 = 1300, + 200 = 1500 (0.75, not over 0.8)
    const { view, moves, on } = datacentre([[0], [1, 2]], [1000, 200, 300], 0.8);
    assert.equal(CONSOLIDATION_DECISIONS.central(view, dt), 0);
    assert.deepEqual(moves, [[2, 0], [1, 0]]);
    assert.deepEqual(on, [[0, 2, 1], []]);
  });
  await t.step("one does not: nothing moves (CloudSim 2 would move VM 1 alone)", () => {
    // h0 at 1400: VM 2 would make 1700 (0.85, over 0.8), so h1 keeps both, although VM 1
    // alone fits (1600, 0.8); the reservation VM 2 never got leaves h0 as it was
    const { view, moves, on } = datacentre([[0], [1, 2]], [1400, 200, 300], 0.8);
    assert.equal(CONSOLIDATION_DECISIONS.central(view, dt), 0);
    assert.deepEqual(moves, []);
    assert.deepEqual(on, [[0], [1, 2]]);
  });
  await t.step("the first fits, the second does not: the first's reservation is undone", () => {
    // h0 at 1300: VM 2 fits (1600, 0.8), then VM 1 would make 1800 (0.9): both stay on h1
    const { view, moves, on } = datacentre([[0], [1, 2]], [1300, 200, 300], 0.8);
    assert.equal(CONSOLIDATION_DECISIONS.central(view, dt), 0);
    assert.deepEqual(moves, []);
    assert.deepEqual(on, [[0], [1, 2]]);
  });
});

Deno.test("CONSOLIDATION_DECISIONS: contract-net agents negotiate and count their messages", () => {
  const { view, moves } = datacentre([[0, 1], [2], [3]], [1200, 600, 1000, 200], 0.8);
  assert.equal(CONSOLIDATION_DECISIONS["contract-net"](view, decisionSettings), 1);
  // excess 1800 - 1600 = 200: the smallest VM covering it is 1 (600); active h1 (1600 of
  // 2000 = 0.8, not over) and h2 (800) propose; h1 bids the higher utilisation and wins.
  // Then h2 (0.1 < 0.3, received nothing) offers VM 3 (200): h0 (1400) and h1 (1800) both
  // fit; h1 would reach 0.9, over: only h0 proposes, and h2 empties.
  assert.deepEqual(moves, [[1, 1], [3, 0]]);
  assert.equal(view.messages.cfp, 4);
  assert.equal(view.messages["inform-done"], 2);
});

Deno.test("simulateDatacenter takes its decisions by name from CONSOLIDATION_DECISIONS", () => {
  assert.deepEqual(Object.keys(CONSOLIDATION_DECISIONS), ["central", "contract-net"]);
  const s = beloglazov2012Scenario(generateSyntheticTraces(30, { seed: 2, intervals: 24 }), {
    hosts: 20,
  });
  const run = (decisions: "central" | "contract-net") =>
    simulateDatacenter(s, { seed: 1, allocation: "thr", migrationModel: "cloudsim", decisions });
  assert.ok(run("central").migrations > 0);
  assert.equal(run("central").messages.cfp, 0);
  assert.ok(run("contract-net").messages.cfp > 0);
});

Deno.test("the built-in integrators and placement rules refuse bad input, naming it", () => {
  for (const integrator of Object.values(ENERGY_INTEGRATORS)) {
    assert.throws(() => integrator.joules(NaN, 100, 1), /startWatts must be a finite number >= 0/);
    assert.throws(() => integrator.joules(100, -1, 1), /endWatts .*current value is -1/);
    assert.throws(() => integrator.joules(100, 100, Infinity), /seconds .*Infinity/);
  }
  const c = {
    before: 0.2,
    after: 0.5,
    empty: false,
    watts: (u: number) => 100 + 100 * u,
    switchOnWatts: 0,
  };
  for (const rule of Object.values(PLACEMENT_RULES)) {
    assert.equal(rule(c), 30);
    assert.throws(() => rule({ ...c, after: NaN }), /candidate.after .*NaN/);
    assert.throws(() => rule({ ...c, before: -0.1 }), /candidate.before .*-0.1/);
    assert.throws(() => rule({ ...c, empty: 1 as unknown as boolean }), /candidate.empty/);
    assert.throws(() => rule({ ...c, switchOnWatts: -5 }), /candidate.switchOnWatts/);
    assert.throws(
      () => rule({ ...c, wats: c.watts } as typeof c),
      /"wats" must be a known key of candidate/,
    );
    assert.throws(() => rule({ ...c, watts: () => NaN }), /candidate.watts\(0.5\)/);
  }
  // an empty host under OBFDF: its whole draw and the switches it switches on
  assert.equal(PLACEMENT_RULES.obfdf({ ...c, before: 0, empty: true, switchOnWatts: 40 }), 190);
});
