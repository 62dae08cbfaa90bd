import assert from "node:assert/strict";
import { placeScavp, type TrafficEntry } from "../../lib/placement/scavp.ts";
import {
  type PlacementConstraints,
  validatePlacement,
} from "../../lib/placement/validate_placement.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { assertValid, smallInstance, vmOf as vm } from "./_ilp_instances.ts";

const base = { cores: 2, ramBytes: 8e9, bandwidthBytesPerSecond: 1e9 };
/** Four 2000 MIPS hosts, two per rack. */
const hosts = [0, 1, 2, 3].map((j) => ({ ...base, name: `h${j}`, cpuMips: 2000, rack: j >> 1 }));

Deno.test("placeScavp() keeps heavy talkers in one rack and reports the inter-rack traffic cost", () => {
  const vms = [1500, 1500, 1500, 1500].map(vm);
  // Pairs {0, 1} and {2, 3} talk a lot; together they exceed a rack (6000 > 4000 MIPS).
  const traffic: TrafficEntry[] = [[0, 1, 100], [2, 3, 100], [1, 2, 1]];
  const result = placeScavp(hosts, vms, { traffic });
  assertValid(hosts, vms, result);
  assert.deepEqual(result.assignment, [0, 1, 2, 3]);
  assert.equal(result.details.interRackTrafficCost, 1);
  assert.equal(result.details.interRackBytesPerSecond, 1);
  assert.equal(result.details.totalTrafficBytesPerSecond, 201);
  assert.equal(result.details.clusters, 2);
  const costly = placeScavp(hosts, vms, { traffic, rackCost: [[0, 5], [5, 0]] });
  assert.equal(costly.details.interRackTrafficCost, 5);
});

Deno.test("placeScavp() honours affinity and anti-affinity (hand example)", () => {
  const vms = [500, 500, 500, 500, 500].map(vm);
  const constraints: PlacementConstraints = {
    sameHost: [[0, 1]],
    differentHosts: [[2, 3]],
    differentRacks: [[0, 4]],
  };
  const traffic: TrafficEntry[] = [[0, 4, 50], [2, 3, 10]];
  const result = placeScavp(hosts, vms, { constraints, traffic });
  assertValid(hosts, vms, result, constraints);
  assert.deepEqual(result.unplaced, []);
  assert.equal(result.assignment[0], result.assignment[1]);
  assert.notEqual(result.assignment[2], result.assignment[3]);
  assert.notEqual(hosts[result.assignment[0]!]!.rack, hosts[result.assignment[4]!]!.rack);
  assert.equal(result.details.interRackTrafficCost, 50);
});

Deno.test("placeScavp() leaves contradictory or oversized groups unplaced", async (t) => {
  await t.step("same host and different hosts", () => {
    const vms = [500, 500, 500].map(vm);
    const constraints = { sameHost: [[0, 1]], differentHosts: [[1, 0]] } as PlacementConstraints;
    const result = placeScavp(hosts, vms, { constraints });
    assertValid(hosts, vms, result, constraints);
    assert.deepEqual(result.unplaced, [0, 1]);
    assert.equal(result.details.infeasibleGroups, 1);
  });
  await t.step("a rack group larger than any rack", () => {
    const vms = [1500, 1500, 1500, 500].map(vm);
    const constraints: PlacementConstraints = { sameRack: [[0, 1], [1, 2]] };
    const result = placeScavp(hosts, vms, { constraints });
    assertValid(hosts, vms, result, constraints);
    assert.deepEqual(result.unplaced, [0, 1, 2]);
    assert.equal(result.hostsUsed, 1);
  });
});

Deno.test("placeScavp() satisfies random constraints or reports the VMs unplaced", async (t) => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    await t.step(`seed ${seed}`, () => {
      const { hosts, vms } = smallInstance(seed, 30, 18);
      const prng = createPrng(seed, "scavp-constraints");
      const pair = (): [number, number] => {
        const a = Math.floor(prng() * vms.length);
        const b = (a + 1 + Math.floor(prng() * (vms.length - 1))) % vms.length;
        return [a, b];
      };
      const constraints: PlacementConstraints = {
        sameHost: [pair(), pair()],
        sameRack: [pair(), pair(), pair()],
        differentHosts: [pair(), pair(), pair(), pair()],
        differentRacks: [pair(), pair(), pair()],
      };
      const traffic = Array.from({ length: 20 }, (): TrafficEntry => [...pair(), prng() * 1e6]);
      // racks of 3 hosts (6 racks) in pods of 2 racks
      const pods = [0, 0, 1, 1, 2, 2];
      const apart: PlacementConstraints = { ...constraints, differentPods: [pair(), pair()] };
      for (const trafficAware of [true, false]) {
        const inPods = placeScavp(hosts, vms, { constraints: apart, traffic, pods, trafficAware });
        assertValid(hosts, vms, inPods, { ...apart, pods });
        assert.ok(inPods.unplaced.length <= 6, `unplaced ${inPods.unplaced.length}`);
      }
      const result = placeScavp(hosts, vms, { constraints, traffic });
      assertValid(hosts, vms, result, constraints);
      assert.ok(result.unplaced.length <= 6, `unplaced ${result.unplaced.length}`);
      assert.ok(Number(result.details.interRackTrafficCost) >= 0);
      assert.ok(
        Number(result.details.interRackBytesPerSecond) <=
          Number(result.details.totalTrafficBytesPerSecond),
      );
    });
  }
});

Deno.test("placeScavp() rejects constraints naming VMs out of range", () => {
  assert.throws(
    () => placeScavp(hosts, [vm(1, 0)], { constraints: { sameHost: [[0, 3]] } }),
    new RangeError(
      "Cannot place VMs by SCAVP as constraints.sameHost[0][1] must be an integer in [0, 0]: current value is 3",
    ),
  );
});

Deno.test("placeScavp() names the option when constraints or traffic have the wrong shape", () => {
  const vms = [500, 500].map(vm);
  assert.throws(
    () => placeScavp(hosts, vms, { constraints: null as unknown as PlacementConstraints }),
    {
      name: "TypeError",
      message:
        "Cannot place VMs by SCAVP as options.constraints must be an object: current value is null",
    },
  );
  assert.throws(
    () => placeScavp(hosts, vms, { traffic: {} as unknown as TrafficEntry[] }),
    {
      name: "TypeError",
      message: "Cannot place VMs by SCAVP as options.traffic must be an array: current value is {}",
    },
  );
});

Deno.test("placeScavp() rejects a rackCost that is not an array of finite costs >= 0", () => {
  const vms = [1500, 1500].map(vm);
  const traffic: TrafficEntry[] = [[0, 1, 1e6]];
  assert.throws(() => placeScavp(hosts, vms, { traffic, rackCost: [[0, NaN], [NaN, 0]] }), {
    name: "RangeError",
    message:
      "Cannot place VMs by SCAVP as rackCost[0][1] must be a finite number >= 0: current value is NaN",
  });
  assert.throws(() => placeScavp(hosts, vms, { traffic, rackCost: [[0, -5], [-5, 0]] }), {
    name: "RangeError",
    message:
      "Cannot place VMs by SCAVP as rackCost[0][1] must be a finite number >= 0: current value is -5",
  });
  assert.throws(
    () => placeScavp(hosts, vms, { traffic, rackCost: "ab" as unknown as number[][] }),
    {
      name: "TypeError",
      message:
        'Cannot place VMs by SCAVP as options.rackCost must be an array: current value is "ab"',
    },
  );
});

/**
 * Six multi-tier applications of six VMs (shuffled), all pairs of an application talking
 * 1-10 MB/s, some replicas kept on different hosts; 24 hosts of 4000 MIPS in racks of 2,
 * pods of 3 racks. An application (about 8,400 MIPS) overflows a rack but fits a pod.
 */
function multiTier(seed: number) {
  const prng = createPrng(seed, "scavp-apps");
  const hosts = Array.from({ length: 24 }, (_, j) => ({
    ...base,
    name: `h${j}`,
    cpuMips: 4000,
    ramBytes: 16e9,
    rack: Math.floor(j / 2),
  }));
  const pods = [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3];
  const n = 36;
  const slots = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const k = Math.floor(prng() * (i + 1));
    [slots[i], slots[k]] = [slots[k]!, slots[i]!];
  }
  const app = slots.map((slot) => Math.floor(slot / 6));
  const vms = app.map((_, i) => ({
    name: `vm${i}`,
    cpuMips: Math.round(800 + 1200 * prng()),
    ramBytes: 2e9,
    bandwidthBytesPerSecond: 1e7,
  }));
  const traffic: TrafficEntry[] = [];
  const differentHosts: [number, number][] = [];
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      if (app[a] !== app[b]) continue;
      traffic.push([a, b, Math.round(1e6 * (1 + 9 * prng()))]);
      if (differentHosts.length < 20 && prng() < 0.3) differentHosts.push([a, b]);
    }
  }
  return { hosts, vms, pods, traffic, constraints: { differentHosts } };
}

Deno.test("placeScavp() on a host-rack-pod tree keeps a talkative pair in one pod when it overflows a rack (hand example)", () => {
  // One 2000 MIPS host per rack, racks 0-1 in pod 0, racks 2-3 in pod 1. A (1500) and C
  // (1300) talk; no two VMs share a host. Traffic-aware: the pod cluster {A, C} goes first,
  // to pod 0 (A rack 0, C rack 1: cost 1 × 100); B to pod 1. Blind, by size: A rack 0,
  // B rack 1, C no longer fits pod 0 -> rack 2: A-C crosses pods (cost 2 × 100).
  const tree = [0, 1, 2, 3].map((j) => ({ ...base, name: `h${j}`, cpuMips: 2000, rack: j }));
  const vms = [1500, 1400, 1300].map(vm);
  const options = { pods: [0, 0, 1, 1], traffic: [[0, 2, 100]] as TrafficEntry[] };
  const aware = placeScavp(tree, vms, options);
  assert.deepEqual(aware.assignment, [0, 2, 1]);
  assert.equal(aware.details.interRackTrafficCost, 100);
  assert.equal(aware.details.interPodBytesPerSecond, 0);
  assert.equal(aware.details.podClusters, 2);
  const blind = placeScavp(tree, vms, { ...options, trafficAware: false });
  assert.deepEqual(blind.assignment, [0, 1, 2]);
  assert.equal(blind.details.interRackTrafficCost, 200);
  assert.equal(blind.details.interPodBytesPerSecond, 100);
  const dear = placeScavp(tree, vms, { ...options, levelCost: { rack: 1, pod: 10 } });
  assert.equal(dear.details.interRackTrafficCost, 100);
});

Deno.test("placeScavp() halves the traffic cost of the traffic-blind baseline on multi-tier applications, every constraint kept", async (t) => {
  let awareTotal = 0;
  let flatTotal = 0;
  for (const seed of [1, 2, 3, 4, 5]) {
    await t.step(`seed ${seed}`, () => {
      const { hosts, vms, pods, traffic, constraints } = multiTier(seed);
      const aware = placeScavp(hosts, vms, { pods, traffic, constraints });
      const blind = placeScavp(hosts, vms, { pods, traffic, constraints, trafficAware: false });
      assertValid(hosts, vms, aware, constraints);
      assertValid(hosts, vms, blind, constraints);
      assert.deepEqual(aware.unplaced, []);
      assert.deepEqual(blind.unplaced, []);
      const cost = (r: typeof aware) => Number(r.details.interRackTrafficCost);
      const interPod = (r: typeof aware) => Number(r.details.interPodBytesPerSecond);
      assert.ok(cost(aware) < 0.6 * cost(blind), `${cost(aware)} vs ${cost(blind)}`);
      assert.ok(
        interPod(aware) < 0.4 * interPod(blind),
        `${interPod(aware)} vs ${interPod(blind)}`,
      );
      // The pod level of the decomposition matters: placed without knowing the pods, the
      // same VMs send as much traffic across pods or more (more over the five seeds).
      const flat = placeScavp(hosts, vms, { traffic, constraints });
      const crossPods = traffic.reduce((sum, [a, b, rate]) => {
        const pa = pods[hosts[flat.assignment[a]!]!.rack]!;
        const pb = pods[hosts[flat.assignment[b]!]!.rack]!;
        return pa === pb ? sum : sum + rate;
      }, 0);
      assert.ok(interPod(aware) <= crossPods, `${interPod(aware)} vs ${crossPods} without pods`);
      awareTotal += interPod(aware);
      flatTotal += crossPods;
    });
  }
  assert.ok(awareTotal < 0.9 * flatTotal, `${awareTotal} vs ${flatTotal} without pods`);
});

Deno.test("placeScavp() sends a pod cluster to the pod of its placed partners, not the first pod with room (hand example)", () => {
  // One host per rack; racks 0 and 2 in pod 0, rack 1 alone in pod 2. CPU and RAM:
  // h0 20/30, h1 40/10, h2 20/30. VMs v0 15/20, v1 10/5, v2 25/5; v0-v2 talk 8, v1-v2 4.
  // {v0, v2} is one rack cluster (40/25 fits the largest rack per dimension) that no
  // single rack holds, and v1 cannot join it (CPU 50 > 40). It goes first (incident
  // traffic 12 against 4) to pod 0, the first with room; it fits neither there nor in
  // any rack whole, so its parts go one by one: v0 to h0 (no placed partner: first
  // rack), v2 to h1 (the only rack left with room). Then v1 fits pod 0 (free 25/40) and
  // pod 2 (free 15/5): its partner v2 is in pod 2, so the pod choice prices it at
  // 4 × levelCost.rack = 4 there against 4 × levelCost.pod = 8 in pod 0. Traffic-aware,
  // v1 goes to h1, beside v2: cost 8 × 2 (v0-v2 across pods) = 16. A pod choice blind to
  // traffic would take pod 0 and h2: 16 + 4 × 2 = 24. (Before this test no test failed
  // when the pod choice ignored traffic.)
  const mk = (name: string, cpuMips: number, ramBytes: number) => ({
    name,
    cpuMips,
    ramBytes,
    bandwidthBytesPerSecond: 1,
  });
  const tree = [[20, 30], [40, 10], [20, 30]].map(([cpu, ram], j) => ({
    ...mk(`h${j}`, cpu!, ram!),
    cores: 2,
    bandwidthBytesPerSecond: 1e9,
    rack: j,
  }));
  const vms = [mk("v0", 15, 20), mk("v1", 10, 5), mk("v2", 25, 5)];
  const traffic: TrafficEntry[] = [[2, 0, 8], [1, 2, 4]];
  const dimensions = ["cpuMips", "ramBytes"] as const;
  const aware = placeScavp(tree, vms, { pods: [0, 2, 0], traffic, dimensions });
  assertValid(tree, vms, aware, { dimensions });
  assert.deepEqual(aware.assignment, [0, 1, 1]);
  assert.equal(aware.details.clusters, 2);
  assert.equal(aware.details.podClusters, 2);
  assert.equal(aware.details.interRackTrafficCost, 16);
  assert.equal(aware.details.interPodBytesPerSecond, 8);
});

Deno.test("placeScavp() keeps replicas in different pods though they talk (availability at the pod level, hand example)", async (t) => {
  // One 2000 MIPS host per rack, racks 0-1 in pod 0, racks 2-3 in pod 1. Replicas A and B
  // talk 100: traffic alone puts them in one rack; differentPods sends B to the other pod
  // (rack 2: its traffic to A costs levelCost.pod = 2 wherever it goes there, ties to the
  // lower rack).
  const tree = [0, 1, 2, 3].map((j) => ({ ...base, name: `h${j}`, cpuMips: 2000, rack: j }));
  const vms = [500, 500].map(vm);
  const pods = [0, 0, 1, 1];
  const traffic: TrafficEntry[] = [[0, 1, 100]];
  const constraints: PlacementConstraints = { differentPods: [[0, 1]] };
  const together = placeScavp(tree, vms, { pods, traffic });
  assert.deepEqual(together.assignment, [0, 0]);
  assert.deepEqual(
    validatePlacement(tree, vms, together, { ...constraints, pods }).map((v) => v.message),
    ["VMs 0 and 1 must be on different pods but are on pods 0 and 0"],
  );
  for (const trafficAware of [true, false]) {
    await t.step(trafficAware ? "traffic-aware" : "traffic-blind baseline", () => {
      const apart = placeScavp(tree, vms, { pods, traffic, constraints, trafficAware });
      assertValid(tree, vms, apart, { ...constraints, pods });
      assert.deepEqual(apart.assignment, [0, 2]);
      assert.equal(apart.details.interPodBytesPerSecond, 100);
      assert.equal(apart.details.interRackTrafficCost, 200);
    });
  }
  await t.step("a rack group holding a pod anti-affine pair is infeasible", () => {
    const both = { ...constraints, sameRack: [[0, 1]] } as PlacementConstraints;
    const result = placeScavp(tree, vms, { pods, traffic, constraints: both });
    assert.deepEqual(result.unplaced, [0, 1]);
    assert.equal(result.details.infeasibleGroups, 1);
  });
  await t.step("a pod anti-affine pair keeps two talkative rack clusters out of one pod", () => {
    // C talks to A, D to B, C to D a little; A and B must be in different pods. {A, C} and
    // {B, D} (1,900 MIPS each) fit a rack each and together a pod (3,800 of 4,000), so
    // without the constraint they form one pod cluster; with it, two, one pod each.
    const four = [500, 500, 1400, 1400].map(vm);
    const talk: TrafficEntry[] = [[0, 2, 100], [1, 3, 100], [2, 3, 1]];
    assert.equal(placeScavp(tree, four, { pods, traffic: talk }).details.podClusters, 1);
    const result = placeScavp(tree, four, { pods, traffic: talk, constraints });
    assertValid(tree, four, result, { ...constraints, pods });
    assert.deepEqual(result.unplaced, []);
    assert.equal(result.details.podClusters, 2);
    const podOf = (i: number) => pods[tree[result.assignment[i]!]!.rack]!;
    assert.notEqual(podOf(0), podOf(1));
    assert.equal(podOf(0), podOf(2));
    assert.equal(podOf(1), podOf(3));
    assert.equal(result.details.interPodBytesPerSecond, 1);
  });
  await t.step("the pod choice passes over a pod holding a VM the pod cluster must avoid", () => {
    // Six 1,000 MIPS racks in pods of two. X and Y (100 each, talking 1,000) go first, to
    // rack 0. A and B (600 each: one per rack) talk 50 and form one pod cluster; A must be
    // apart from X's pod. Every pod costs nothing (no placed partner), so pod 0 would come
    // first; it is passed over and the pair goes to pod 1, racks 2 and 3. Taking pod 0,
    // A would fall back to rack 2 and B stay in pod 0: 50 across pods.
    const six = [0, 1, 2, 3, 4, 5].map((j) => ({ ...base, name: `h${j}`, cpuMips: 1000, rack: j }));
    const sixPods = [0, 0, 1, 1, 2, 2];
    const xyab = [100, 100, 600, 600].map(vm);
    const apart: PlacementConstraints = { differentPods: [[0, 2]] };
    const talk: TrafficEntry[] = [[0, 1, 1000], [2, 3, 50]];
    const result = placeScavp(six, xyab, { pods: sixPods, traffic: talk, constraints: apart });
    assertValid(six, xyab, result, { ...apart, pods: sixPods });
    assert.deepEqual(result.assignment, [0, 0, 2, 3]);
    assert.equal(result.details.interPodBytesPerSecond, 0);
  });
});

Deno.test("placeScavp() clusters with the fit tolerance: 0.1 + 0.2 fits a rack of capacity 0.3", () => {
  // 0.1 + 0.2 = 0.30000000000000004 > 0.3 in binary floating point: the two talkative VMs
  // were two rack clusters (placed together all the same, the hosts' check having the
  // tolerance).
  assert.ok(0.1 + 0.2 > 0.3);
  const tree = [0, 1].map((j) => ({ ...base, name: `h${j}`, cpuMips: 0.3, rack: j }));
  const vms = [0.1, 0.2].map(vm);
  const dimensions = ["cpuMips"] as const;
  const result = placeScavp(tree, vms, { traffic: [[0, 1, 10]], dimensions });
  assertValid(tree, vms, result, { dimensions });
  assert.deepEqual(result.assignment, [0, 0]);
  assert.equal(result.details.clusters, 1);
});

Deno.test("placeScavp() clusters pods with the fit tolerance: 0.1 + 0.2 + 0.3 fits a pod of two 0.3 racks", () => {
  // Racks 0-3 of one 0.3 MIPS host each, two per pod. {0.1, 0.2} fills rack capacity 0.3
  // (with the tolerance: 0.30000000000000004); with 0.3 in the other rack they fill a pod
  // of 0.6, (0.1 + 0.2) + 0.3 = 0.6000000000000001 in doubles: one pod cluster.
  assert.ok(0.1 + 0.2 + 0.3 > 0.6);
  const tree = [0, 1, 2, 3].map((j) => ({ ...base, name: `h${j}`, cpuMips: 0.3, rack: j }));
  const vms = [0.1, 0.2, 0.3].map(vm);
  const dimensions = ["cpuMips"] as const;
  const traffic: TrafficEntry[] = [[0, 1, 10], [1, 2, 5]];
  const result = placeScavp(tree, vms, { pods: [0, 0, 1, 1], traffic, dimensions });
  assertValid(tree, vms, result, { dimensions });
  assert.equal(result.details.clusters, 2);
  assert.equal(result.details.podClusters, 1);
  assert.equal(result.details.interPodBytesPerSecond, 0);
});

Deno.test("placeScavp() places a pod cluster's rack clusters by decreasing traffic, so the quiet one spills (hand example)", () => {
  // One 2000 MIPS host per rack, racks 0-1 in pod 0, racks 2-3 in pod 1. X and Y (1200
  // each) both talk 10 to Z (1000) and 1 to each other: no two fit one host, so three rack
  // clusters, one pod cluster (3400 fits a pod of 4000), and pod 0 holds only two of them.
  // By incident traffic Z (20) goes first to rack 0, X (11) to rack 1, and Y spills to
  // pod 1: 11 bytes/s cross pods, cost 10 × 1 + 10 × 2 + 1 × 2 = 32. Placed by size
  // instead (X, Y, then Z), Z would spill: 20 bytes/s across pods, cost 41.
  const tree = [0, 1, 2, 3].map((j) => ({ ...base, name: `h${j}`, cpuMips: 2000, rack: j }));
  const vms = [1200, 1200, 1000].map(vm);
  const traffic: TrafficEntry[] = [[2, 0, 10], [2, 1, 10], [0, 1, 1]];
  const result = placeScavp(tree, vms, { pods: [0, 0, 1, 1], traffic });
  assertValid(tree, vms, result);
  assert.equal(result.details.podClusters, 1);
  assert.deepEqual(result.assignment, [1, 2, 0]);
  assert.equal(result.details.interPodBytesPerSecond, 11);
  assert.equal(result.details.interRackTrafficCost, 32);
});

Deno.test("placeScavp() keeps a pod cluster's rack clusters in the pod chosen for it (hand example)", () => {
  // Rack 0 alone in pod 0, racks 1-2 in pod 1, one 2000 MIPS host each. A and B (1200
  // each) talk 10: two rack clusters, one pod cluster of 2400 that pod 0 (2000) cannot
  // hold, so pod 1 is chosen and A and B go to racks 1 and 2 (no traffic across pods).
  // Placing A on the cheapest rack anywhere (rack 0: no partner placed yet) would push
  // the pair across pods.
  const tree = [0, 1, 2].map((j) => ({ ...base, name: `h${j}`, cpuMips: 2000, rack: j }));
  const vms = [1200, 1200].map(vm);
  const result = placeScavp(tree, vms, { pods: [0, 1, 1], traffic: [[0, 1, 10]] });
  assertValid(tree, vms, result);
  assert.deepEqual(result.assignment, [1, 2]);
  assert.equal(result.details.interPodBytesPerSecond, 0);
  assert.equal(result.details.interRackTrafficCost, 10);
});

Deno.test("placeScavp() packs a rack group's host groups by decreasing size (hand example)", () => {
  // One rack of two 2000 MIPS hosts; a rack group (sameRack chain) of 600, 600, 1400 and
  // 1400 MIPS fills it exactly. Decreasing: 1400 on each host, then 600 on each. In
  // increasing order both 600s would share a host and the second 1400 would fit nowhere,
  // leaving the whole group unplaced.
  const rack = [0, 1].map((j) => ({ ...base, name: `h${j}`, cpuMips: 2000, rack: 0 }));
  const vms = [600, 600, 1400, 1400].map(vm);
  const constraints = { sameRack: [[0, 1], [1, 2], [2, 3]] } as PlacementConstraints;
  const result = placeScavp(rack, vms, { constraints });
  assertValid(rack, vms, result, constraints);
  assert.deepEqual(result.unplaced, []);
  assert.deepEqual(result.assignment, [0, 1, 0, 1]);
});

Deno.test("placeScavp() traffic-blind baseline takes the first rack that fits, whatever the traffic (hand example)", () => {
  // rack 0: one 1000-MIPS host; rack 1: one 3000-MIPS host. a (2000) fits rack 1 only and goes
  // first (the larger); b (500) talks with a. The baseline puts b in rack 0, the first that
  // fits; SCAVP keeps the pair in rack 1.
  const two = [
    { ...base, name: "r0", cpuMips: 1000, rack: 0 },
    { ...base, name: "r1", cpuMips: 3000, rack: 1 },
  ];
  const vms = [vm(2000, 0), vm(500, 1)];
  const traffic: TrafficEntry[] = [[0, 1, 10]];
  const blind = placeScavp(two, vms, { traffic, trafficAware: false });
  assert.deepEqual(blind.assignment, [1, 0]);
  assert.equal(blind.details.interRackTrafficCost, 10);
  const aware = placeScavp(two, vms, { traffic });
  assert.deepEqual(aware.assignment, [1, 1]);
  assert.equal(aware.details.interRackTrafficCost, 0);
});

Deno.test("placeScavp() counts a traffic entry for both its ends, whichever is listed first (hand example)", () => {
  // The instance of "places a pod cluster's rack clusters by decreasing traffic" with every
  // entry written the other way round: traffic is undirected, so the incident traffic is
  // still Z 10 + 10 = 20, X 10 + 1 = 11, Y 10 + 1 = 11, Z goes first to rack 0, X (the
  // first of the 11s) to rack 1 and Y spills to pod 1: cost 10 × 1 + 10 × 2 + 1 × 2 = 32.
  // Counting only an entry's first end would give Z 0 and place it last, so Z would spill
  // (20 bytes/s across pods).
  const tree = [0, 1, 2, 3].map((j) => ({ ...base, name: `h${j}`, cpuMips: 2000, rack: j }));
  const vms = [1200, 1200, 1000].map(vm);
  for (
    const traffic of [
      [[2, 0, 10], [2, 1, 10], [0, 1, 1]],
      [[0, 2, 10], [1, 2, 10], [1, 0, 1]],
    ] as TrafficEntry[][]
  ) {
    const result = placeScavp(tree, vms, { pods: [0, 0, 1, 1], traffic });
    assertValid(tree, vms, result);
    assert.deepEqual(result.assignment, [1, 2, 0], JSON.stringify(traffic));
    assert.equal(result.details.interPodBytesPerSecond, 11);
    assert.equal(result.details.interRackTrafficCost, 32);
  }
});
