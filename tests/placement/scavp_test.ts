import assert from "node:assert/strict";
import { placeScavp, type TrafficEntry } from "../../lib/placement/scavp.ts";
import type { PlacementConstraints } from "../../lib/placement/validate_placement.ts";
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
