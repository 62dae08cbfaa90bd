import assert from "node:assert/strict";
import { obfdfRackByRack } from "../../lib/datacenter/_rack_by_rack_placer.ts";
import type { PlacerHosts } from "../../lib/datacenter/placers.ts";

/**
 * Hosts for the rack-by-rack placer: host 0 holds the VM being moved (excluded, so rack 0
 * is open and offers nothing else unless listed), the others are empty, every host fits.
 */
function fakeHosts(racks: number[], increases: number[], rackCount: number): PlacerHosts {
  return {
    count: racks.length,
    fits: () => true,
    increase: (_v, h) => increases[h]!,
    overloaded: () => false,
    isEmpty: (h) => h !== 0,
    excluded: (h) => h === 0,
    hostHistory: () => [],
    vmHistory: () => [],
    leastCost: () => -1,
    rackOf: (h) => racks[h]!,
    rackCount,
  };
}

Deno.test("obfdfRackByRack() breaks a tie of equal increases in the open rack to the lower host index", () => {
  // Two identical empty hosts in the open rack (the usual tie of switched-off hosts of one
  // model): the first is taken.
  assert.equal(obfdfRackByRack(0, fakeHosts([0, 0, 0, 1], [0, 120, 120, 50], 2)), 1);
});

Deno.test("obfdfRackByRack() opens the next rack in rack order, not the cheapest rack beyond", () => {
  // Rack 0 offers nothing; rack 2's host (50 W) is cheaper than rack 1's (100 W, 120 W), but
  // racks open one by one, so rack 1 opens and its cheaper host is taken; its equal
  // increases would go to the lower index.
  assert.equal(obfdfRackByRack(0, fakeHosts([0, 2, 1, 1], [0, 50, 100, 120], 3)), 2);
  assert.equal(obfdfRackByRack(0, fakeHosts([0, 2, 1, 1], [0, 50, 100, 100], 3)), 2);
  // No host beyond the open racks can take it: -1.
  assert.equal(obfdfRackByRack(0, fakeHosts([0], [0], 3)), -1);
});
