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
    details: { dimensions: "cpuMips", residual: "sum" },
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

Deno.test("bestFit() by the maximum residual takes the host whose tightest dimension is left smallest", () => {
  // Largest capacities: 10 MIPS, 10 bytes. After v = (4, 4):
  // h0 (10, 4) leaves (6, 0): sum 0.6, max 0.6; h1 (5, 10) leaves (1, 6): sum 0.7, max 0.6;
  // h2 (6, 8) leaves (2, 4): sum 0.6, max 0.4. Sum: h0 and h2 tie at 0.6 -> h0 (lower
  // index); max: h2 (0.4).
  const hosts = [host("h0", 10, 4), host("h1", 5, 10), host("h2", 6, 8)];
  const vms = [vm("v", 4, 4)];
  const dimensions = ["cpuMips", "ramBytes"] as const;
  assert.deepEqual(bestFit(hosts, vms, { dimensions }).assignment, [0]);
  const byMax = bestFit(hosts, vms, { dimensions, residual: "max" });
  assert.deepEqual(byMax.assignment, [2]);
  assert.equal(byMax.details.residual, "max");
  assert.throws(() => bestFit(hosts, vms, { residual: "l2" as "sum" }), {
    name: "TypeError",
    message:
      'Cannot place VMs by best fit as residual must be one of "sum", "max": current value is "l2"',
  });
});
