import assert from "node:assert/strict";
import { worstFit } from "../../lib/placement/worst_fit.ts";
import { checkHeuristic, host, oneDim, vm } from "./_fit_fixtures.ts";

Deno.test("worstFit() places a hand example exactly (hosts of 10, VMs 5, 6, 4, 3, 2)", () => {
  const { hosts, vms } = oneDim(10, 3, [5, 6, 4, 3, 2]);
  const result = worstFit(hosts, vms, { dimensions: ["cpuMips"] });
  assert.deepEqual(result, {
    algorithm: "worst-fit",
    assignment: [0, 1, 2, 2, 0],
    unplaced: [],
    hostsUsed: 3,
    details: { dimensions: "cpuMips" },
  });
});

Deno.test("worstFit() picks the most summed normalised remaining capacity, ties to the lowest index", () => {
  // Σ remaining / largest: h0 = 1 + 0.4 = 1.4, h1 = 1 + 1 = 2, so h1 is roomier.
  const hosts = [host("h0", 10, 4), host("h1", 10, 10)];
  const vms = [vm("a", 2, 3)];
  assert.deepEqual(worstFit(hosts, vms).assignment, [1]);
  assert.deepEqual(worstFit(hosts, vms, { dimensions: ["cpuMips"] }).assignment, [0]);
});

Deno.test("worstFit() passes the shared heuristic checks", async (t) => {
  await checkHeuristic(t, worstFit, "worst", false);
});
