import assert from "node:assert/strict";
import { withSlack } from "../../lib/placement/_fit.ts";
import { placeCuttingStock } from "../../lib/placement/cutting_stock.ts";
import type { Host, PlacementResult, VmDemand } from "../../lib/placement/model.ts";
import { setCoverExact } from "../../lib/placement/set_cover_exact.ts";
import { validatePlacement } from "../../lib/placement/validate_placement.ts";

function host(name: string, cpuMips: number, ramBytes = 10): Host {
  return { name, cpuMips, cores: 1, ramBytes, bandwidthBytesPerSecond: 1, rack: 0 };
}

function vm(name: string, cpuMips: number, ramBytes = 0): VmDemand {
  return { name, cpuMips, ramBytes, bandwidthBytesPerSecond: 0 };
}

function result(assignment: number[]): PlacementResult {
  const unplaced = assignment.flatMap((h, i) => (h === -1 ? [i] : []));
  const hostsUsed = new Set(assignment.filter((h) => h >= 0)).size;
  return { algorithm: "test", assignment, unplaced, hostsUsed, details: {} };
}

Deno.test("setCoverExact() places more VMs even when that costs more hosts than it saves", () => {
  // big: 10 CPU, 10 RAM; s1, s2: 5 CPU, 10 RAM. x = (6, 1) fits only big; a = b = (5, 5).
  // All placed: x on big (x + a = 11 CPU > 10), a on s1, b on s2: 3 hosts, 0 unplaced.
  // Leaving x out: a + b = (10, 10) on big: 1 host, 1 unplaced. Fewest unplaced comes first,
  // so the answer is 3 hosts (an objective hosts + unplaced would pick 1 + 1 = 2 < 3).
  const hosts = [host("big", 10, 10), host("s1", 5, 10), host("s2", 5, 10)];
  const vms = [vm("x", 6, 1), vm("a", 5, 5), vm("b", 5, 5)];
  const r = setCoverExact(hosts, vms, { dimensions: ["cpuMips", "ramBytes"] });
  assert.deepEqual(r.assignment, [0, 1, 2]);
  assert.deepEqual(r.unplaced, []);
  assert.equal(r.hostsUsed, 3);
});

Deno.test("setCoverExact() fit limit is inclusive: capacity plus the tolerance fits", () => {
  // withSlack(100) = 100 + 1e-9 · 100 = 100.0000001: load == limit is a fit
  const r = setCoverExact([host("h", 100)], [vm("v", withSlack(100))], {
    dimensions: ["cpuMips"],
  });
  assert.deepEqual(r.assignment, [0]);
  assert.equal(r.hostsUsed, 1);
});

Deno.test("setCoverExact() tries the largest set holding the lowest uncovered VM first", () => {
  // two hosts of 10, VMs 5, 5, 5. Sets holding v0, largest first (ties by mask): {v0, v1}
  // (mask 3), {v0, v2} (mask 5), {v0}. The first cover found is {v0, v1} then {v2}: 2 hosts,
  // which no later cover beats (a cover of 1 host cannot hold 15), so it is kept.
  const hosts = [host("h0", 10), host("h1", 10)];
  const vms = [vm("v0", 5), vm("v1", 5), vm("v2", 5)];
  const r = setCoverExact(hosts, vms, { dimensions: ["cpuMips"] });
  assert.deepEqual(r.assignment, [0, 0, 1]);
  assert.equal(r.hostsUsed, 2);
  // A branch is cut when hosts + bound cannot beat (>=) the best, c = withSlack(10):
  // 1 {v0..v2}: bound ⌈15 / c⌉ = 2; take {v0, v1}: 2 {v2}: take {v2}: 3 leaf, best 2;
  // skip v2: 4 leaf (cost 1 + 3 = 4). Take {v0, v2}: 5 {v1}: 1 + ⌈5 / c⌉ = 2 >= 2, cut.
  // Take {v0}: 6 {v1, v2}: 1 + ⌈10 / c⌉ = 2, cut. Skip v0: 7 {v1, v2}: 3 + 1, cut.
  assert.equal(r.details.nodes, 7);
});

Deno.test("setCoverExact() refuses maxVms above 30 (the bit masks are 32-bit integers)", () => {
  const hosts = [host("h", 10)];
  assert.throws(() => setCoverExact(hosts, [], { maxVms: 31 }), RangeError);
  assert.throws(() => setCoverExact(hosts, [], { maxVms: 0 }), RangeError);
  assert.equal(setCoverExact(hosts, [], { maxVms: 30 }).hostsUsed, 0);
});

Deno.test("validatePlacement() gives capacities below 1 an absolute slack of 1e-9", () => {
  // slack = 1e-9 · max(|capacity|, 1): for capacity 0 it is 1e-9, not 0
  const hosts = [host("h", 10, 0)];
  const ram = { dimensions: ["ramBytes"] as const };
  assert.deepEqual(validatePlacement(hosts, [vm("v", 1, 5e-10)], result([0]), ram), []);
  const over = validatePlacement(hosts, [vm("v", 1, 2e-9)], result([0]), ram);
  assert.deepEqual(over.map((v) => v.kind), ["capacity"]);
  // capacity 0.5: slack 1e-9 (not 5e-10), so 0.5 + 8e-10 passes
  const half = [host("h", 10, 0.5)];
  assert.deepEqual(validatePlacement(half, [vm("v", 1, 0.5 + 8e-10)], result([0]), ram), []);
});

Deno.test("validatePlacement() per-core check has the relative 1e-9 slack too", () => {
  // one core of 1500 MIPS: limit 1500 · (1 + 1e-9) = 1500.0000015
  const hosts = [host("h", 1500)];
  const cpu = { dimensions: ["cpuMips"] as const, perCoreMips: true };
  assert.deepEqual(validatePlacement(hosts, [vm("v", 1500.000001)], result([0]), cpu), []);
  const over = validatePlacement(hosts, [vm("v", 1500.000002)], result([0]), cpu);
  // 1500.000002 is also over the capacity limit 1500 + 1e-9 · 1500 = 1500.0000015
  assert.deepEqual(over.map((v) => v.kind), ["capacity", "per-core"]);
});

Deno.test("placeCuttingStock() greedy takes the earliest of tied patterns", async () => {
  // one host type of 10 CPU; VM types a, b, c (5 CPU each, told apart by label), one each.
  // Maximal patterns, depth first, counts high to low: p0 = [1, 1, 0], p1 = [1, 0, 1],
  // p2 = [0, 1, 1]. Round 1: all cover 2, p0 is taken (host 0: a, b). Round 2: p1 and p2
  // cover 1 (c), p1 is taken (host 1: c).
  const hosts = [host("h0", 10), host("h1", 10)];
  const vms = ["a", "b", "c"].map((type) => ({ ...vm(type, 5), type }));
  const r = await placeCuttingStock(hosts, vms, { method: "greedy", dimensions: ["cpuMips"] });
  assert.deepEqual(r.assignment, [0, 0, 1]);
  assert.equal(r.details.patterns, 3);
});

Deno.test("placeCuttingStock() takes a VM of exactly capacity plus the fit tolerance", async () => {
  // withSlack(100) = 100.0000001 fits a host of 100 (the limit is inclusive)
  const r = await placeCuttingStock([host("h", 100)], [vm("v", withSlack(100))], {
    method: "greedy",
    dimensions: ["cpuMips"],
  });
  assert.deepEqual(r.assignment, [0]);
  assert.deepEqual(r.unplaced, []);
  assert.equal(r.details.vmTypes, 1);
});

Deno.test("setCoverExact() tells host types apart by every checked capacity", () => {
  // h0 = (10 CPU, 10 RAM), h1 = (10 CPU, 1 RAM): same CPU, different types. a = b = (6, 5):
  // a + b = 12 CPU > 10, so one per host, and neither fits h1 (5 RAM > 1): b stays unplaced.
  const hosts = [host("h0", 10, 10), host("h1", 10, 1)];
  const vms = [vm("a", 6, 5), vm("b", 6, 5)];
  const r = setCoverExact(hosts, vms, { dimensions: ["cpuMips", "ramBytes"] });
  assert.deepEqual(r.assignment, [0, -1]);
  assert.deepEqual(r.unplaced, [1]);
  assert.equal(r.hostsUsed, 1);
  assert.equal(r.details.sets, 2); // {a}, {b} for h0; none for h1
});
