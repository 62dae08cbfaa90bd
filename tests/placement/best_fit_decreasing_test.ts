import assert from "node:assert/strict";
import { bestFitDecreasing } from "../../lib/placement/best_fit_decreasing.ts";
import { checkHeuristic, host, oneDim, randomInstance, vm } from "./_fit_fixtures.ts";
import { validatePlacement } from "../../lib/placement/validate_placement.ts";

Deno.test("bestFitDecreasing() places a hand example exactly (hosts of 10, VMs 5, 6, 4, 3, 2)", () => {
  const { hosts, vms } = oneDim(10, 3, [5, 6, 4, 3, 2]);
  const result = bestFitDecreasing(hosts, vms, { dimensions: ["cpuMips"] });
  assert.deepEqual(result, {
    algorithm: "best-fit-decreasing",
    assignment: [1, 0, 0, 1, 1],
    unplaced: [],
    hostsUsed: 2,
    details: { dimensions: "cpuMips", sortKey: "sum", residual: "sum" },
  });
});

Deno.test("bestFitDecreasing() picks the least summed normalised remaining capacity, ties to the lowest index", () => {
  // Σ remaining / largest: h0 = 10/10 + 10/10 = 2, h1 = 10/10 + 4/10 = 1.4, so h1 is tighter.
  const hosts = [host("h0", 10, 10), host("h1", 10, 4)];
  const vms = [vm("a", 2, 3)];
  assert.deepEqual(bestFitDecreasing(hosts, vms).assignment, [1]);
  // In CPU only the two hosts tie and the lowest index wins.
  assert.deepEqual(bestFitDecreasing(hosts, vms, { dimensions: ["cpuMips"] }).assignment, [0]);
});

Deno.test("bestFitDecreasing() sorts by the sum of normalised demands by default, or by the largest share", () => {
  // Largest capacities: 10 MIPS, 10 bytes. a = (6, 0): sum 0.6, max 0.6; b = (4, 4): sum 0.8, max 0.4.
  const hosts = [host("h0", 6, 10), host("h1", 10, 10)];
  const vms = [vm("a", 6, 0), vm("b", 4, 4)];
  const bySum = bestFitDecreasing(hosts, vms);
  assert.deepEqual(bySum.assignment, [1, 0]);
  assert.equal(bySum.details.sortKey, "sum");
  const byMax = bestFitDecreasing(hosts, vms, { sortKey: "max" });
  assert.deepEqual(byMax.assignment, [0, 1]);
  assert.equal(byMax.details.sortKey, "max");
  assert.throws(() => bestFitDecreasing(hosts, vms, { sortKey: "cube" as "sum" }), {
    name: "TypeError",
    message:
      'Cannot place VMs by best fit decreasing as sortKey must be one of "sum", "max", "product", "l2": current value is "cube"',
  });
});

Deno.test("bestFitDecreasing() takes the tightest host, not the first that fits", () => {
  const hosts = [host("h0", 10), host("h1", 6)];
  const vms = [vm("a", 5), vm("b", 4)];
  assert.deepEqual(bestFitDecreasing(hosts, vms).assignment, [1, 0]);
});

Deno.test("bestFitDecreasing() places 20,000 VMs on 5,000 hosts in 3 dimensions validly (speed: bench/placement_bench.ts)", () => {
  const { hosts, vms } = randomInstance(99, 5000, 20000, 3);
  const result = bestFitDecreasing(hosts, vms);
  assert.deepEqual(validatePlacement(hosts, vms, result), []);
});

Deno.test("bestFitDecreasing() passes the shared heuristic checks", async (t) => {
  await checkHeuristic(t, bestFitDecreasing, "best", true);
});
