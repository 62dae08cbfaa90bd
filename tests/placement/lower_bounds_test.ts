import assert from "node:assert/strict";
import { firstFitDecreasing } from "../../lib/placement/first_fit_decreasing.ts";
import { withSlack } from "../../lib/placement/_fit.ts";
import { lowerBounds } from "../../lib/placement/lower_bounds.ts";
import { DIMENSIONS } from "../../lib/placement/model.ts";
import type { Dimension } from "../../lib/placement/model.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { bruteForceBins, host, oneDim, randomInstance, vm } from "./_fit_fixtures.ts";

Deno.test("lowerBounds() gives ⌈Σs/C⌉ and Martello–Toth L2 on hand examples", async (t) => {
  await t.step("three items of 51 in bins of 100: L1 = 2, L2 = 3", () => {
    const { hosts, vms } = oneDim(100, 4, [51, 51, 51]);
    assert.deepEqual(lowerBounds(hosts, vms, "cpuMips"), {
      dimension: "cpuMips",
      continuous: 2,
      martelloTothL2: 3,
      best: 3,
      oversizedVms: 0,
    });
  });
  await t.step("60, 50, 40, 30, 20 in bins of 100: both bounds are 2 (= OPT)", () => {
    const { hosts, vms } = oneDim(100, 5, [60, 50, 40, 30, 20]);
    const b = lowerBounds(hosts, vms, "cpuMips");
    assert.equal(b.continuous, 2);
    assert.equal(b.martelloTothL2, 2);
  });
  await t.step("L2 with α > 0: 70, 70, 40, 40, 40 in bins of 100 gives 4 (L1 = 3)", () => {
    // α = 40: J1 = {70, 70} (> 60), J3 = {40, 40, 40}: 2 + ⌈(120 − 0) / 100⌉ = 4.
    const { hosts, vms } = oneDim(100, 5, [70, 70, 40, 40, 40]);
    const b = lowerBounds(hosts, vms, "cpuMips");
    assert.equal(b.continuous, 3);
    assert.equal(b.martelloTothL2, 4);
    assert.equal(bruteForceBins([70, 70, 40, 40, 40], 100), 4);
  });
  await t.step(
    "L2 whose best α is neither 0 nor the smallest size: 60 x 3, 45 x 3, 1 x 10 gives 5",
    () => {
      // α = 45: J1 = {60, 60, 60} (> 55), J2 empty, J3 = {45, 45, 45}: 3 + ⌈135 / 100⌉ = 5.
      // α = 0 or 1: J2 = the 60s (120 free), J3 = 45s and 1s (145): 3 + ⌈25 / 100⌉ = 4 = L1.
      const sizes = [60, 60, 60, 45, 45, 45, ...Array.from({ length: 10 }, () => 1)];
      const { hosts, vms } = oneDim(100, 16, sizes);
      const b = lowerBounds(hosts, vms, "cpuMips");
      assert.equal(b.continuous, 4);
      assert.equal(b.martelloTothL2, 5);
      // 5 is optimal: each 60 takes no 45, two 45s share a bin
      assert.equal(firstFitDecreasing(hosts, vms, { dimensions: ["cpuMips"] }).hostsUsed, 5);
    },
  );
  await t.step(
    "sums that are exact multiples stay exact despite rounding (0.1 · 30 = 3 bins of 1)",
    () => {
      const { hosts, vms } = oneDim(1, 5, Array.from({ length: 30 }, () => 0.1));
      assert.equal(lowerBounds(hosts, vms, "cpuMips").continuous, 3);
    },
  );
});

Deno.test("lowerBounds() on hosts of different sizes fills the largest first", () => {
  const hosts = [host("a", 30), host("b", 100), host("c", 50)];
  assert.equal(lowerBounds(hosts, [vm("v", 80), vm("w", 60)], "cpuMips").continuous, 2);
  // 200 > 180 of capacity: 3 hosts plus one more of the largest size.
  assert.equal(lowerBounds(hosts, [vm("v", 100), vm("w", 100)], "cpuMips").continuous, 4);
  assert.equal(lowerBounds(hosts, [], "cpuMips").best, 0);
  // one large host and small ones: L2 takes every host at the largest capacity (2 hosts of
  // 100 hold 150), the continuous bound counts the real ones (100 + 5 x 10), and best is the
  // larger
  const mixed = [host("big", 100), ...[0, 1, 2, 3, 4].map((i) => host(`s${i}`, 10))];
  const small = Array.from({ length: 15 }, (_, i) => vm(`v${i}`, 10));
  const b = lowerBounds(mixed, small, "cpuMips");
  assert.equal(b.continuous, 6);
  assert.equal(b.martelloTothL2, 2);
  assert.equal(b.best, 6);
});

Deno.test("lowerBounds() leaves out and counts VMs larger than every host", () => {
  const { hosts, vms } = oneDim(100, 2, [150, 40]);
  assert.deepEqual(lowerBounds(hosts, vms, "cpuMips"), {
    dimension: "cpuMips",
    continuous: 1,
    martelloTothL2: 1,
    best: 1,
    oversizedVms: 1,
  });
});

Deno.test("lowerBounds() satisfies L1 ≤ L2 ≤ OPT (brute force) on 300 instances of ≤ 10 items", () => {
  const prng = createPrng(1990, "martello-toth");
  for (let n = 0; n < 300; n++) {
    const count = 1 + Math.floor(prng() * 10);
    const sizes = Array.from({ length: count }, () => 1 + Math.floor(prng() * 100));
    const { hosts, vms } = oneDim(100, count, sizes);
    const b = lowerBounds(hosts, vms, "cpuMips");
    const opt = bruteForceBins(sizes, 100);
    assert.ok(b.continuous <= b.martelloTothL2, `sizes ${sizes}`);
    assert.ok(b.martelloTothL2 <= opt, `sizes ${sizes}: L2 ${b.martelloTothL2}, OPT ${opt}`);
    assert.equal(b.best, b.martelloTothL2);
  }
});

Deno.test("lowerBounds() bounds what the placers pack with the fit tolerance (fractional demands)", async (t) => {
  await t.step("0.1 x 7 (0.7000000000000001) and 0.3 on hosts of 1: one host, L2 = 1", () => {
    const { hosts, vms } = oneDim(1, 2, [0.1 * 7, 0.3]);
    assert.equal(firstFitDecreasing(hosts, vms).hostsUsed, 1);
    assert.equal(lowerBounds(hosts, vms, "cpuMips").martelloTothL2, 1);
  });
  await t.step(
    "L2 <= OPT (brute force, capacity plus tolerance) and <= FFD on multiples of 0.05",
    () => {
      const prng = createPrng(2011, "fractional-l2");
      let tight = 0;
      for (let n = 0; n < 400; n++) {
        const count = 1 + Math.floor(prng() * 8);
        const sizes = Array.from({ length: count }, () => (1 + Math.floor(prng() * 19)) * 0.05);
        const { hosts, vms } = oneDim(1, count, sizes);
        const b = lowerBounds(hosts, vms, "cpuMips");
        const opt = bruteForceBins(sizes, withSlack(1));
        assert.ok(b.martelloTothL2 <= opt, `sizes ${sizes}: L2 ${b.martelloTothL2}, OPT ${opt}`);
        assert.ok(b.best <= firstFitDecreasing(hosts, vms).hostsUsed, `sizes ${sizes}`);
        if (b.martelloTothL2 === opt) tight++;
      }
      // the bound still bites: it equals the optimum on most of these small instances
      assert.ok(tight >= 300, `L2 = OPT on only ${tight} of 400`);
    },
  );
});

Deno.test("lowerBounds() gives the same continuous bound whatever the unit of the capacities", () => {
  // 3 × 0.4 on hosts of 1 needs ⌈1.2⌉ = 2 hosts, in any unit
  for (const unit of [1, 1e-6, 1e-10, 1e-15]) {
    const { hosts, vms } = oneDim(unit, 5, [0.4 * unit, 0.4 * unit, 0.4 * unit]);
    const bounds = lowerBounds(hosts, vms, "cpuMips");
    assert.equal(bounds.continuous, 2, `unit ${unit}`);
    assert.equal(bounds.martelloTothL2, 2, `unit ${unit}`);
  }
});

Deno.test("lowerBounds() on the boundaries of Martello and Toth's sets and past the last host", async (t) => {
  // L2's sets with C the capacity plus the fit tolerance (c = withSlack(100) = 100.0000001):
  // J1 = {s > c - α}, J2 = {c - α >= s > c/2}, J3 = {c/2 >= s >= α}
  const c = withSlack(100);
  await t.step("two VMs of exactly c/2 share a host: they are in J3, L2 = 1", () => {
    const { hosts, vms } = oneDim(100, 2, [c / 2, c / 2]);
    assert.equal(firstFitDecreasing(hosts, vms).hostsUsed, 1);
    // were c/2 in J2, each would count a host: L2 = 2
    assert.equal(lowerBounds(hosts, vms, "cpuMips").martelloTothL2, 1);
  });
  await t.step("a VM of exactly c fits a host: not oversized (with a VM of 1, L2 = 2)", () => {
    const { hosts, vms } = oneDim(100, 1, [c, 1]);
    assert.equal(firstFitDecreasing(hosts, vms).unplaced.length, 1); // c and 1 need two hosts
    const b = lowerBounds(hosts, vms, "cpuMips");
    assert.equal(b.oversizedVms, 0);
    assert.equal(b.martelloTothL2, 2);
  });
  await t.step("a VM of exactly c - α is in J2 and leaves room for α: L2 = 1", () => {
    // α = 40: the VM c - 40 is not > c - α, so it is in J2 with residual 40 that holds J3's 40
    const { hosts, vms } = oneDim(100, 2, [c - 40, 40]);
    assert.equal(firstFitDecreasing(hosts, vms).hostsUsed, 1);
    // were it in J1 (s >= c - α), the 40 would need a host of its own: L2 = 2
    assert.equal(lowerBounds(hosts, vms, "cpuMips").martelloTothL2, 1);
  });
  await t.step("copies of the largest host past the last: 0.1 x 30 on one host of 1 is 3", () => {
    // the sum is 3.0000000000000013: 1 host, then ceil(2.0000000000000013 - 1e-9) = 2 copies;
    // without the rounding slack the ceiling would count a fourth host
    const { hosts, vms } = oneDim(1, 1, new Array(30).fill(0.1));
    assert.equal(vms.reduce((a, v) => a + v.cpuMips, 0), 3.0000000000000013);
    assert.equal(lowerBounds(hosts, vms, "cpuMips").continuous, 3);
    assert.equal(
      lowerBounds(oneDim(1, 3, new Array(30).fill(0.1)).hosts, vms, "cpuMips").continuous,
      3,
    );
  });
});

Deno.test("lowerBounds() in every dimension is at most FFD's hosts on seeded 3-dimension instances", () => {
  let checked = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const { hosts, vms } = randomInstance(seed, 40, 10 + seed * 3, 3);
    const ffd = firstFitDecreasing(hosts, vms);
    if (ffd.unplaced.length > 0) continue;
    checked++;
    for (const dimension of DIMENSIONS) {
      assert.ok(lowerBounds(hosts, vms, dimension).best <= ffd.hostsUsed, `seed ${seed}`);
    }
  }
  assert.ok(checked >= 20, `only ${checked} instances fit completely`);
});

Deno.test("lowerBounds() rejects an unknown dimension", () => {
  assert.throws(() => lowerBounds([host("h", 1)], [], "disk" as Dimension), {
    name: "TypeError",
    message:
      'Cannot compute lower bounds as dimension must be one of "cpuMips", "ramBytes", "bandwidthBytesPerSecond": current value is "disk"',
  });
});
