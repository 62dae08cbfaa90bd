import assert from "node:assert/strict";
import { firstFit } from "../../lib/placement/first_fit.ts";
import { checkHeuristic, host, oneDim, vm } from "./_fit_fixtures.ts";

Deno.test("firstFit() places a hand example exactly (hosts of 10, VMs 5, 6, 4, 3, 2)", () => {
  const { hosts, vms } = oneDim(10, 3, [5, 6, 4, 3, 2]);
  const result = firstFit(hosts, vms, { dimensions: ["cpuMips"] });
  assert.deepEqual(result, {
    algorithm: "first-fit",
    assignment: [0, 1, 0, 1, 2],
    unplaced: [],
    hostsUsed: 3,
    details: { dimensions: "cpuMips" },
  });
});

Deno.test("firstFit() skips a host short of RAM in 3 dimensions but not in CPU only", () => {
  // h0 has too little RAM: first fit skips it in 3 dimensions, takes it in CPU only.
  const hosts = [host("h0", 10, 2), host("h1", 10, 10)];
  const vms = [vm("a", 1, 5)];
  assert.deepEqual(firstFit(hosts, vms).assignment, [1]);
  assert.deepEqual(firstFit(hosts, vms, { dimensions: ["cpuMips"] }).assignment, [0]);
});

Deno.test("firstFit() passes the shared heuristic checks", async (t) => {
  await checkHeuristic(t, firstFit, "first", false);
});
