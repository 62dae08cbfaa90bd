import assert from "node:assert/strict";
import { firstFitDecreasing } from "../../lib/placement/first_fit_decreasing.ts";
import {
  bruteForceBins,
  checkHeuristic,
  host,
  oneDim,
  randomInstance,
  vm,
} from "./_fit_fixtures.ts";
import { validatePlacement } from "../../lib/placement/validate_placement.ts";
import { createPrng } from "../../lib/random/prng.ts";

Deno.test("firstFitDecreasing() places a hand example exactly (hosts of 10, VMs 5, 6, 4, 3, 2)", () => {
  const { hosts, vms } = oneDim(10, 3, [5, 6, 4, 3, 2]);
  const result = firstFitDecreasing(hosts, vms, { dimensions: ["cpuMips"] });
  assert.deepEqual(result, {
    algorithm: "first-fit-decreasing",
    assignment: [1, 0, 0, 1, 1],
    unplaced: [],
    hostsUsed: 2,
    details: { dimensions: "cpuMips", sortKey: "sum" },
  });
});

Deno.test("firstFitDecreasing() skips a host short of RAM in 3 dimensions but not in CPU only", () => {
  // h0 has too little RAM: first fit skips it in 3 dimensions, takes it in CPU only.
  const hosts = [host("h0", 10, 2), host("h1", 10, 10)];
  const vms = [vm("a", 1, 5)];
  assert.deepEqual(firstFitDecreasing(hosts, vms).assignment, [1]);
  assert.deepEqual(firstFitDecreasing(hosts, vms, { dimensions: ["cpuMips"] }).assignment, [0]);
});

Deno.test("firstFitDecreasing() sorts by the sum of normalised demands by default, or by the largest share", () => {
  // Largest capacities: 10 MIPS, 10 bytes. a = (6, 0): sum 0.6, max 0.6; b = (4, 4): sum 0.8, max 0.4.
  const hosts = [host("h0", 6, 10), host("h1", 10, 10)];
  const vms = [vm("a", 6, 0), vm("b", 4, 4)];
  const bySum = firstFitDecreasing(hosts, vms);
  assert.deepEqual(bySum.assignment, [1, 0]);
  assert.equal(bySum.details.sortKey, "sum");
  const byMax = firstFitDecreasing(hosts, vms, { sortKey: "max" });
  assert.deepEqual(byMax.assignment, [0, 1]);
  assert.equal(byMax.details.sortKey, "max");
  assert.throws(() => firstFitDecreasing(hosts, vms, { sortKey: "cube" as "sum" }), {
    name: "TypeError",
    message:
      'Cannot place VMs by first fit decreasing as sortKey must be one of "sum", "max", "product", "l2": current value is "cube"',
  });
});

Deno.test("firstFitDecreasing() takes the first host that fits, not the tightest", () => {
  const hosts = [host("h0", 10), host("h1", 6)];
  const vms = [vm("a", 5), vm("b", 4)];
  assert.deepEqual(firstFitDecreasing(hosts, vms).assignment, [0, 0]);
});

Deno.test("firstFitDecreasing() stays within Dósa's 11/9 OPT + 6/9 of the brute-force optimum on 300 instances of ≤ 10 items", () => {
  const prng = createPrng(2026, "ffd-ratio");
  let worst = 0;
  for (let n = 0; n < 300; n++) {
    const count = 1 + Math.floor(prng() * 10);
    const sizes = Array.from({ length: count }, () => 1 + Math.floor(prng() * 100));
    const { hosts, vms } = oneDim(100, count, sizes);
    const ffd = firstFitDecreasing(hosts, vms, { dimensions: ["cpuMips"] }).hostsUsed;
    const opt = bruteForceBins(sizes, 100);
    assert.ok(ffd <= (11 / 9) * opt + 6 / 9, `sizes ${sizes}: FFD ${ffd}, OPT ${opt}`);
    assert.ok(ffd >= opt);
    worst = Math.max(worst, ffd - opt);
  }
  assert.ok(worst <= 1);
});

Deno.test("firstFitDecreasing() uses 3 hosts where 2 suffice (16, 15, 3, 2, 2, 2 in bins of 20), as 11/9 OPT + 6/9 allows", () => {
  // Optimum {16, 2, 2}, {15, 3, 2}; FFD packs {16, 3}, {15, 2, 2}, {2}.
  const sizes = [16, 15, 3, 2, 2, 2];
  const { hosts, vms } = oneDim(20, 6, sizes);
  assert.equal(bruteForceBins(sizes, 20), 2);
  const result = firstFitDecreasing(hosts, vms, { dimensions: ["cpuMips"] });
  assert.deepEqual(result.assignment, [0, 1, 0, 1, 1, 2]);
  assert.equal(result.hostsUsed, 3);
  assert.ok(result.hostsUsed <= (11 / 9) * 2 + 6 / 9);
});

Deno.test("firstFitDecreasing() places 20,000 VMs on 5,000 hosts in 3 dimensions validly (speed: bench/placement_bench.ts)", () => {
  const { hosts, vms } = randomInstance(99, 5000, 20000, 3);
  const result = firstFitDecreasing(hosts, vms);
  assert.deepEqual(validatePlacement(hosts, vms, result), []);
});

Deno.test("firstFitDecreasing() passes the shared heuristic checks", async (t) => {
  await checkHeuristic(t, firstFitDecreasing, "first", true);
});

Deno.test("firstFitDecreasing() sorts by the product or the Euclidean norm of the shares (Panigrahy et al. 2011)", () => {
  // Largest capacities: 10 MIPS, 10 bytes. Shares: a (0.9, 0.1): sum 1.0, max 0.9,
  // product 0.09, l2 0.906; b (0.5, 0.5): sum 1.0, max 0.5, product 0.25, l2 0.707;
  // c (0.6, 0.3): sum 0.9, max 0.6, product 0.18, l2 0.671.
  const hosts = [host("h0", 10, 10), host("h1", 10, 10), host("h2", 10, 10)];
  const vms = [vm("a", 9, 1), vm("b", 5, 5), vm("c", 6, 3)];
  const dimensions = ["cpuMips", "ramBytes"] as const;
  const place = (sortKey: "sum" | "max" | "product" | "l2") =>
    firstFitDecreasing(hosts, vms, { dimensions, sortKey }).assignment;
  // product: b, c, a -> b on h0; c short of CPU there -> h1; a -> h2.
  assert.deepEqual(place("product"), [2, 0, 1]);
  // l2: a, b, c -> a on h0; b -> h1; c short of CPU on both -> h2.
  assert.deepEqual(place("l2"), [0, 1, 2]);
  // max: a, c, b -> a on h0; c -> h1; b short of CPU on both -> h2.
  assert.deepEqual(place("max"), [0, 2, 1]);
  // sum: a and b tie at 1.0 (input order), then c.
  assert.deepEqual(place("sum"), [0, 1, 2]);
  assert.equal(firstFitDecreasing(hosts, vms, { sortKey: "l2" }).details.sortKey, "l2");
});
