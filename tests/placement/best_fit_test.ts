import assert from "node:assert/strict";
import { bestFit } from "../../lib/placement/best_fit.ts";
import { checkHeuristic, host, oneDim, vm } from "./_fit_fixtures.ts";

Deno.test("bestFit() places a hand example exactly (hosts of 10, VMs 5, 6, 4, 3, 2)", () => {
  const { hosts, vms } = oneDim(10, 3, [5, 6, 4, 3, 2]);
  const result = bestFit(hosts, vms, { dimensions: ["cpuMips"] });
  assert.deepEqual(result, {
    algorithm: "best-fit",
    assignment: [0, 1, 1, 0, 0],
    unplaced: [],
    hostsUsed: 2,
    details: { dimensions: "cpuMips" },
  });
});

Deno.test("bestFit() picks the least summed normalised remaining capacity, ties to the lowest index", () => {
  // Σ remaining / largest: h0 = 10/10 + 10/10 = 2, h1 = 10/10 + 4/10 = 1.4, so h1 is tighter.
  const hosts = [host("h0", 10, 10), host("h1", 10, 4)];
  const vms = [vm("a", 2, 3)];
  assert.deepEqual(bestFit(hosts, vms).assignment, [1]);
  // In CPU only the two hosts tie and the lowest index wins.
  assert.deepEqual(bestFit(hosts, vms, { dimensions: ["cpuMips"] }).assignment, [0]);
});

Deno.test("bestFit() passes the shared heuristic checks", async (t) => {
  await checkHeuristic(t, bestFit, "best", false);
});
