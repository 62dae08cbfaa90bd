import assert from "node:assert/strict";
import { nextFit } from "../../lib/placement/next_fit.ts";
import { firstFit } from "../../lib/placement/first_fit.ts";
import { checkHeuristic, host, oneDim } from "./_fit_fixtures.ts";

Deno.test("nextFit() closes a host once it moves on (hosts of 10, VMs 6, 5, 4, 3, 5)", () => {
  // 6 -> h0; 5 does not fit h0 (4 left) -> h1, h0 closed; 4 -> h1 (1 left); 3 -> h2;
  // 5 -> h2 (2 left). First fit would put 4 and 3 back on h0 and use 2 hosts.
  const { hosts, vms } = oneDim(10, 4, [6, 5, 4, 3, 5]);
  const result = nextFit(hosts, vms, { dimensions: ["cpuMips"] });
  assert.deepEqual(result, {
    algorithm: "next-fit",
    assignment: [0, 1, 1, 2, 2],
    unplaced: [],
    hostsUsed: 3,
    details: { dimensions: "cpuMips" },
  });
  assert.equal(firstFit(hosts, vms, { dimensions: ["cpuMips"] }).hostsUsed, 3);
  const alternating = oneDim(10, 6, [6, 5, 4, 5, 4, 5]);
  assert.equal(
    nextFit(alternating.hosts, alternating.vms, { dimensions: ["cpuMips"] }).hostsUsed,
    4,
  );
  assert.equal(
    firstFit(alternating.hosts, alternating.vms, { dimensions: ["cpuMips"] }).hostsUsed,
    3,
  );
});

Deno.test("nextFit() skips a host too small for the VM and keeps the open host when a VM fits nowhere later", () => {
  const hosts = [host("h0", 10), host("h1", 3), host("h2", 10)];
  // 8 -> h0; 7 skips h0 (2 left) and h1 (3) -> h2; 20 fits nowhere: unplaced, h2 stays open;
  // 2 -> h2 (3 left), never back to h0 though it has room.
  const vms = [8, 7, 20, 2].map((cpuMips, i) => ({
    name: `v${i}`,
    cpuMips,
    ramBytes: 0,
    bandwidthBytesPerSecond: 0,
  }));
  const result = nextFit(hosts, vms);
  assert.deepEqual(result.assignment, [0, 2, -1, 2]);
  assert.deepEqual(result.unplaced, [2]);
});

Deno.test("nextFit() uses at most 2·⌈S/C⌉ - 1 identical hosts (Johnson 1974) on seeded 1-D instances", () => {
  for (let seed = 1; seed <= 30; seed++) {
    const sizes = Array.from({ length: 40 }, (_, i) => 1 + ((seed * 7919 + i * 104729) % 97));
    const { hosts, vms } = oneDim(100, 40, sizes);
    const result = nextFit(hosts, vms, { dimensions: ["cpuMips"] });
    const ceiling = Math.ceil(sizes.reduce((a, b) => a + b, 0) / 100);
    // Next Fit opens a host only when the VM does not fit the open one, so any two hosts
    // opened one after the other hold more than a capacity: k hosts hold more than
    // ⌊k/2⌋ capacities, hence k <= 2⌈S/C⌉ - 1 (<= 2·OPT - 1)
    const loads = new Map<number, number>();
    result.assignment.forEach((h, i) => loads.set(h, (loads.get(h) ?? 0) + sizes[i]!));
    const opened = [...new Set(result.assignment)];
    for (let k = 1; k < opened.length; k++) {
      const pair = loads.get(opened[k - 1]!)! + loads.get(opened[k]!)!;
      assert.ok(pair > 100, `seed ${seed}: hosts ${opened[k - 1]} and ${opened[k]} hold ${pair}`);
    }
    assert.ok(result.hostsUsed <= 2 * ceiling - 1, `seed ${seed}: ${result.hostsUsed} hosts`);
    assert.ok(result.hostsUsed >= ceiling);
  }
});

Deno.test("nextFit() passes the shared heuristic checks", async (t) => {
  await checkHeuristic(t, nextFit, "next", false);
});
