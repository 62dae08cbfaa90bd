/**
 * Edge cases of the placement algorithms found missing by mutation testing: each test pins one
 * documented rule (a tolerance, a tie-break, a count) with a hand-worked example.
 */
import assert from "node:assert/strict";
import { placeScavp } from "../../lib/placement/scavp.ts";
import { placeObfdf } from "../../lib/placement/obfdf.ts";
import { type DesktopUsage, placePba } from "../../lib/placement/pba.ts";
import { evaluateDesktopPlacement } from "../../lib/placement/evaluate_desktop_placement.ts";
import { decodeChromosome, type GeneticInstance } from "../../lib/placement/_genetic_operators.ts";
import { runMigrationAgents } from "../../lib/placement/agents.ts";
import { runContractNetAgents, type TimedVm } from "../../lib/placement/contract_net_agents.ts";

const base = { cores: 1, ramBytes: 8e9, bandwidthBytesPerSecond: 1e9 };
const host = (name: string, cpuMips: number, rack = 0) => ({ ...base, name, cpuMips, rack });
const vm = (name: string, cpuMips: number) => ({
  name,
  cpuMips,
  ramBytes: 1e9,
  bandwidthBytesPerSecond: 1e6,
});
const desk = (name: string, cpuMipsSeries: number[], ramBytes = 1e9): DesktopUsage => ({
  name,
  cpuMipsSeries,
  ramBytes,
});
const timed = (name: string, cpuMipsSeries: number[]): TimedVm => ({
  name,
  cpuMipsSeries,
  ramBytes: 1e9,
});
const linear = { kind: "linear" as const, idleWatts: 100, peakWatts: 200 };

Deno.test("placeScavp() counts the traffic of unplaced VMs in totalTrafficBytesPerSecond", () => {
  // vm1 (3000 MIPS) fits no 2000 MIPS host: unplaced. Its 7 B/s with vm0 still counts in the
  // total, and in none of the inter-rack measures (one end is not placed).
  const result = placeScavp([host("h0", 2000)], [vm("vm0", 1000), vm("vm1", 3000)], {
    traffic: [[0, 1, 7]],
  });
  assert.deepEqual(result.assignment, [0, -1]);
  assert.equal(result.details.totalTrafficBytesPerSecond, 7);
  assert.equal(result.details.interRackBytesPerSecond, 0);
  assert.equal(result.details.interRackTrafficCost, 0);
});

Deno.test("placeObfdf() counts one aggregation switch for two racks under it", () => {
  // Two 1000 MIPS hosts in racks 0 and 1, one aggregation switch over both (2 racks each).
  // vm0 (800): both hosts off, +180 W + 10 W ToR + 50 W aggregation each: tie -> h0.
  // vm1 (800): h0 is full (1600 > 1000); h1: +180 W + 10 W (rack 1's ToR; aggregation on).
  // Switches on: 2 ToR, 1 aggregation: 2 × 10 + 1 × 50 = 70 W; hosts 2 × 180 = 360 W.
  const hosts = [0, 1].map((r) => ({ ...host(`h${r}`, 1000, r), powerModel: "linear" }));
  const switchPower = { topOfRackWatts: 10, aggregationWatts: 50, racksPerAggregation: 2 };
  const result = placeObfdf(hosts, [vm("vm0", 800), vm("vm1", 800)], {
    powerModels: { linear },
    switchPower,
  });
  assert.deepEqual(result.assignment, [0, 1]);
  assert.equal(result.details.torSwitchesOn, 2);
  assert.equal(result.details.aggregationSwitchesOn, 1);
  assert.equal(result.details.switchWatts, 70);
  assert.equal(result.details.hostWatts, 360);
  assert.equal(result.details.powerWatts, 430);
});

Deno.test("placeObfdf() caps utilisation at 1 when the CPU is not checked", () => {
  // Only RAM is checked: both 800 MIPS VMs go to the one host (1600 MIPS on 1000).
  // Its draw is the model's at utilisation min(1, 1.6) = 1: 200 W.
  const hosts = [{ ...host("h0", 1000), powerModel: "linear" }];
  const result = placeObfdf(hosts, [vm("vm0", 800), vm("vm1", 800)], {
    powerModels: { linear },
    dimensions: ["ramBytes"],
  });
  assert.deepEqual(result.assignment, [0, 0]);
  assert.equal(result.details.powerWatts, 200);
});

Deno.test("placeObfdf() fits with the tolerance: 0.2 + 0.1 fills a host of 0.3", () => {
  // 0.2 + 0.1 = 0.30000000000000004 in binary floating point, within 0.3 · (1 + 1e-9).
  const hosts = [{ ...host("h0", 0.3), powerModel: "linear" }];
  const result = placeObfdf(hosts, [vm("a", 0.1), vm("b", 0.2)], { powerModels: { linear } });
  assert.deepEqual(result.assignment, [0, 0]);
  assert.deepEqual(result.unplaced, []);
});

Deno.test("placePba() takes a demand equal to capacity · (1 + 1e-9), in CPU and RAM", () => {
  // The fit compares with capacity · (1 + 1e-9) inclusively: 1000 · (1 + 1e-9) = 1000.000001
  // MIPS and 8e9 · (1 + 1e-9) = 8e9 + 8 bytes are the largest demands a 1000 MIPS, 8e9 byte
  // server takes.
  const hosts = [host("h0", 1000)];
  const cpu = placePba(hosts, [desk("cpu", [1000 + 1e-9 * 1000])]);
  assert.deepEqual(cpu.assignment, [0]);
  const ram = placePba(hosts, [desk("ram", [500], 8e9 + 8)]);
  assert.deepEqual(ram.assignment, [0]);
});

Deno.test("evaluateDesktopPlacement() sees no overload in 0.1 + 0.2 on a 0.3 server", () => {
  // 0.1 + 0.2 = 0.30000000000000004 > 0.3, but within 0.3 · (1 + 1e-9).
  const result = evaluateDesktopPlacement(
    [host("h0", 0.3)],
    [desk("a", [0.1]), desk("b", [0.2])],
    [0, 0],
  );
  assert.equal(result.overloadIntervals, 0);
  assert.equal(result.overloadedHosts, 0);
  assert.equal(result.excessMipsIntervals, 0);
});

Deno.test("placeScavp() ranks rack clusters by traffic touching them, internal once", () => {
  // One 2000 MIPS host per rack; racks 0-1 in pod 0, racks 2-3 in pod 1. A = {vm0, vm1}
  // (800 each) talk 10 and join one rack cluster (1600); B = vm2 and C = vm3 (1200 each)
  // talk 15 but 2400 overflows a rack; vm1 talks 1 with vm2 (A + B = 2800: no merge). All
  // three form one pod cluster (4000 fits pod 0 of 4000). Traffic touching each cluster:
  // A 10 + 1 = 11, B 1 + 15 = 16, C 15. So B goes to rack 0, C to rack 1 (15 × 1), and A
  // (1600) finds no rack with room in pod 0 (800 left in each) and goes to rack 2, where
  // its partner vm2 costs 1 × 2 as in rack 3 (tie to the lower rack).
  // Cost 15 × 1 + 1 × 2 = 17; 1 B/s crosses pods. Counting A's internal 10 twice (21) would
  // place A first and spill C: cost 1 × 1 + 15 × 2 = 31.
  const tree = [0, 1, 2, 3].map((r) => host(`h${r}`, 2000, r));
  const vms = [vm("vm0", 800), vm("vm1", 800), vm("vm2", 1200), vm("vm3", 1200)];
  const result = placeScavp(tree, vms, {
    pods: [0, 0, 1, 1],
    traffic: [[0, 1, 10], [2, 3, 15], [1, 2, 1]],
  });
  assert.equal(result.details.clusters, 3);
  assert.equal(result.details.podClusters, 1);
  assert.deepEqual(result.assignment, [2, 2, 0, 1]);
  assert.equal(result.details.interRackTrafficCost, 17);
  assert.equal(result.details.interPodBytesPerSecond, 1);
});

Deno.test("runContractNetAgents() counts over-threshold, within-MIPS as not saturated", () => {
  // One 1000 MIPS host, no agent to take a VM. Interval 0: 900 MIPS, over 0.8 × 1000 = 800
  // but within 1000: overloaded only. Interval 1: 1100 MIPS, over both.
  const result = runContractNetAgents([host("h0", 1000)], [timed("a", [900, 1100])], [0], {
    lowerThreshold: 0,
  });
  assert.deepEqual(result.migrations, []);
  assert.equal(result.totalMessages, 0);
  assert.deepEqual(
    result.rows.map((r) => [r.overloadedHosts, r.saturatedHosts]),
    [[1, 0], [1, 1]],
  );
});

Deno.test("runContractNetAgents() fit tolerance: 0.1 + 0.2 is not over threshold 0.3", () => {
  // A 1 MIPS host at threshold 0.3 holds 0.1 + 0.2 = 0.30000000000000004 MIPS, within
  // 0.3 · (1 + 1e-9): not overloaded, so it calls for no proposal (h1, empty, could bid).
  const result = runContractNetAgents(
    [host("h0", 1), host("h1", 1)],
    [timed("a", [0.1]), timed("b", [0.2])],
    [0, 0],
    { upperThreshold: 0.3, lowerThreshold: 0 },
  );
  assert.deepEqual(result.migrations, []);
  assert.equal(result.totalMessages, 0);
  assert.equal(result.rows[0]!.overloadedHosts, 0);
});

Deno.test("runMigrationAgents() gives a tie of bids to the lower host index", () => {
  // h0 holds a 500 + b 400 = 900 MIPS, over 800: b (400, the smallest VM covering the 100
  // MIPS excess) is offered. h1 and h2 (100 MIPS each) would both reach 500 / 1000: a tie
  // under best fit and least loaded, which the lower index h1 wins.
  const hosts = [0, 1, 2].map((j) => host(`h${j}`, 1000));
  const vms = [vm("a", 500), vm("b", 400), vm("c", 100), vm("d", 100)];
  for (const policy of ["best-fit", "least-loaded"] as const) {
    const result = runMigrationAgents({ hosts, vms, assignment: [0, 0, 1, 2] }, {
      lowerThreshold: 0,
      policy,
    });
    assert.deepEqual(result.migrations, [
      { round: 1, vm: 1, fromHost: 0, toHost: 1, reason: "overload" },
    ]);
  }
});

Deno.test("runMigrationAgents() offers the largest VM first when none covers the excess", () => {
  // h0 (1000 MIPS, threshold 0.5: 500) holds a 260, b 270, c 280 = 810: the excess 310
  // exceeds every VM, so its largest, c, goes first (to h1, a 10000 MIPS host holding 10);
  // then 530 leaves an excess of 30, which a (260, the smallest VM covering it) clears.
  // Smallest first would move a, then b. Measuring the excess over the host's whole MIPS
  // (810 - 1000 < 0) would also move a, then b.
  const hosts = [host("h0", 1000), host("h1", 10000)];
  const vms = [vm("a", 260), vm("b", 270), vm("c", 280), vm("d", 10)];
  const result = runMigrationAgents({ hosts, vms, assignment: [0, 0, 0, 1] }, {
    upperThreshold: 0.5,
    lowerThreshold: 0,
  });
  assert.deepEqual(result.migrations, [
    { round: 1, vm: 2, fromHost: 0, toHost: 1, reason: "overload" },
    { round: 1, vm: 0, fromHost: 0, toHost: 1, reason: "overload" },
  ]);
});

Deno.test("runMigrationAgents() evacuates the least utilised underloaded host first", () => {
  // Threshold 0.8 (800 of 1000 MIPS). h0 holds 50 (0.05), h1 100 (0.1), both under 0.2;
  // h2 holds 680 and has room for one of them only (730 or 780; both: 830). h0 goes first
  // and empties into h2; h1's VM then finds no bidder (h0 is to be emptied, h2 would reach
  // 830) and stays. Round 2 moves nothing.
  const hosts = [0, 1, 2].map((j) => host(`h${j}`, 1000));
  const vms = [vm("a", 50), vm("b", 100), vm("c", 680)];
  const result = runMigrationAgents({ hosts, vms, assignment: [0, 1, 2] });
  assert.deepEqual(result.migrations, [
    { round: 1, vm: 0, fromHost: 0, toHost: 2, reason: "underload" },
  ]);
  assert.deepEqual(result.assignment, [2, 1, 2]);
  assert.equal(result.rounds, 2);
});

Deno.test("runMigrationAgents() evacuates an underloaded host only if all VMs move", () => {
  // h0 holds a 50 + b 100 = 150 of 1000 MIPS (under 0.2). h1 (680) could take a (730) but
  // then not b (830 > 800): the evacuation is dropped, no VM moves.
  const hosts = [host("h0", 1000), host("h1", 1000)];
  const vms = [vm("a", 50), vm("b", 100), vm("c", 680)];
  const result = runMigrationAgents({ hosts, vms, assignment: [0, 0, 1] });
  assert.deepEqual(result.migrations, []);
  assert.deepEqual(result.assignment, [0, 0, 1]);
  assert.equal(result.rounds, 1);
});

Deno.test("decodeChromosome() repairs evicted VMs before unplaced genes", () => {
  // Two hosts of capacity 10 (one dimension), three VMs of 6. vm0 is unplaced, vm1 and vm2
  // on host 0 (12 > 10): vm2 (largest index) is evicted. Repair: vm2 first, host 0 has no
  // room (6 + 6 = 12), so it opens host 1; vm0 then fits nowhere (12 on either).
  const instance: GeneticInstance = {
    demand: [[6], [6], [6]],
    capacity: [[10], [10]],
    vmCpuMips: [6, 6, 6],
    hostCpuMips: [10, 10],
    models: [undefined, undefined],
    penalty: 100,
  };
  const genes = [-1, 0, 0];
  const decoded = decodeChromosome(genes, instance, true);
  assert.deepEqual(decoded.placed, [-1, 0, 1]);
  assert.equal(decoded.infeasible, 0);
  assert.deepEqual(genes, [-1, 0, 1]);
});

Deno.test("placeScavp() counts a partner placed on host 0 in a rack's traffic cost", () => {
  // h0 (3000 MIPS) is in rack 1, h1 and h2 (1000 each) in racks 0 and 2. vm0 (2500) and vm1
  // (800) talk 10 but 3300 overflows every rack: two clusters; vm0, the larger, goes first,
  // to h0 (host index 0). vm1 then costs 10 × 5 in rack 0 and 10 × 1 in rack 2: rack 2.
  const tree = [host("h0", 3000, 1), host("h1", 1000, 0), host("h2", 1000, 2)];
  const result = placeScavp(tree, [vm("vm0", 2500), vm("vm1", 800)], {
    traffic: [[0, 1, 10]],
    rackCost: [[0, 5, 5], [5, 0, 1], [5, 1, 0]],
  });
  assert.deepEqual(result.assignment, [0, 2]);
  assert.equal(result.details.interRackTrafficCost, 10);
});

Deno.test("placeScavp() ranks pod clusters by their rack clusters' traffic, a cross-rack pair twice", () => {
  // Four hosts of 2000 MIPS, one per rack, racks 0-1 in pod 0 and 2-3 in pod 1. VMs 800,
  // 800, 1200, 1200; traffic 20 between vm0 and vm1, 15 between vm2 and vm3. vm0 + vm1
  // (1600) make one rack cluster (20 of traffic); vm2 + vm3 (2400) fit no rack, so they are
  // two rack clusters of one pod cluster, each touched by the pair: 15 + 15 = 30 > 20. That
  // pod cluster goes first, to pod 0 (nothing placed yet: the lower pod): vm2 on rack 0,
  // vm3 on rack 1; vm0 and vm1 then share rack 2. The pair that only a pod keeps close stays
  // in one: the only inter-rack traffic is vm2-vm3's 15, at the rack level's cost 1.
  // Counting the pair once (15 < 20) would place vm0 + vm1 first, on rack 0, and leave
  // room in pod 0 for one of vm2, vm3 only: 15 across pods, at the pod level's cost 2 (30).
  const hosts = [0, 1, 2, 3].map((r) => host(`h${r}`, 2000, r));
  const vms = [800, 800, 1200, 1200].map((mips, i) => vm(`vm${i}`, mips));
  const r = placeScavp(hosts, vms, {
    pods: [0, 0, 1, 1],
    traffic: [[0, 1, 20], [2, 3, 15]],
    dimensions: ["cpuMips"],
  });
  assert.deepEqual(r.assignment, [2, 2, 0, 1]);
  assert.equal(r.details.interPodBytesPerSecond, 0);
  assert.equal(r.details.interRackTrafficCost, 15);
});

Deno.test("placeObfdf() and placeScavp() refuse a rack that is not a number (review)", () => {
  // a NaN rack merged every host into one rack (switch power of one rack, not of two)
  const hosts = [{ ...host("h0", 1000), powerModel: "linear" }, {
    ...host("h1", 1000, Number.NaN),
    powerModel: "linear",
  }];
  const message =
    /as hosts\[1\]\.rack must be a finite number: current value is NaN|as hosts\[1\]\.rack must be a number/;
  assert.throws(() => placeObfdf(hosts, [vm("vm0", 800)], { powerModels: { linear } }), message);
  assert.throws(() => placeScavp(hosts, [vm("vm0", 800)], {}), message);
});
