import assert from "node:assert/strict";
import { setCoverGreedy } from "../../lib/placement/set_cover.ts";
import { setCoverExact } from "../../lib/placement/set_cover_exact.ts";
import { withSlack } from "../../lib/placement/_fit.ts";
import { DIMENSIONS, type Host, type VmDemand } from "../../lib/placement/model.ts";
import { randomInstance } from "./_fit_fixtures.ts";
import { assertValid, bruteForceHosts, smallInstance, vmOf as vm } from "./_ilp_instances.ts";

const base = { cores: 1, ramBytes: 8e9, bandwidthBytesPerSecond: 1e9, rack: 0 };

Deno.test("setCoverGreedy() opens the host whose FFD packing covers most VMs first", () => {
  const hosts = [
    { ...base, name: "a", cpuMips: 1000 },
    { ...base, name: "b", cpuMips: 3000 },
    { ...base, name: "c", cpuMips: 2000 },
  ];
  // Round 1 (FFD order 1500, 800, 600, 500): a packs {800}, b packs {1500, 800, 600}, c packs
  // {1500, 500}; b covers most.
  // Round 2: a packs {500}, c packs {500}: tie in count and volume, lower index (a) wins.
  const vms = [800, 1500, 600, 500].map(vm);
  const result = setCoverGreedy(hosts, vms);
  assert.deepEqual(result.assignment, [1, 1, 1, 0]);
  assert.deepEqual(result.unplaced, []);
  assert.equal(result.hostsUsed, 2);
  assert.equal(result.details.rounds, 2);
  assert.equal(result.details.packingsEvaluated, 5);
  assert.equal(result.details.harmonicFactor, 1 + 1 / 2 + 1 / 3);
});

Deno.test("setCoverGreedy() stays within H(s) of the brute-force optimum on seeded instances", async (t) => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    await t.step(`seed ${seed}`, () => {
      const { hosts, vms } = smallInstance(seed, 10, 8);
      const result = setCoverGreedy(hosts, vms);
      assertValid(hosts, vms, result);
      assert.deepEqual(result.unplaced, []);
      const optimum = bruteForceHosts(hosts, vms);
      assert.ok(result.hostsUsed >= optimum);
      assert.ok(result.hostsUsed <= Number(result.details.harmonicFactor) * optimum);
    });
  }
});

Deno.test("setCoverGreedy() leaves VMs no host can take unplaced", () => {
  const hosts = [{ ...base, name: "a", cpuMips: 1000 }];
  const vms = [5000, 700, 600].map(vm);
  const result = setCoverGreedy(hosts, vms);
  assertValid(hosts, vms, result);
  assert.deepEqual(result.assignment, [-1, 0, -1]);
  assert.deepEqual(result.unplaced, [0, 2]);
  assert.deepEqual(setCoverGreedy([], []).assignment, []);
});

Deno.test("setCoverGreedy() rejects malformed instances", () => {
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => setCoverGreedy({} as any, []),
    new TypeError(
      "Cannot place VMs by greedy set cover as hosts must be an array: current value is {}",
    ),
  );
  assert.throws(
    () => setCoverGreedy([{ ...base, name: "a", cpuMips: 1000 }], [vm(-1, 0)]),
    new RangeError(
      "Cannot place VMs by greedy set cover as vms[0].cpuMips must be a finite number >= 0: current value is -1",
    ),
  );
});

Deno.test("setCoverExact() equals the brute-force optimum and is never worse than the greedy, strictly better on some seeds", async (t) => {
  let strictlyBetter = 0;
  for (let seed = 1; seed <= 12; seed++) {
    await t.step(`seed ${seed}`, () => {
      const { hosts, vms } = smallInstance(seed, 10, 8);
      const exact = setCoverExact(hosts, vms);
      const greedy = setCoverGreedy(hosts, vms);
      assertValid(hosts, vms, exact);
      assert.deepEqual(exact.unplaced, []);
      assert.equal(exact.hostsUsed, bruteForceHosts(hosts, vms));
      assert.ok(exact.hostsUsed <= greedy.hostsUsed);
      if (exact.hostsUsed < greedy.hostsUsed) strictlyBetter++;
      assert.equal(exact.details.status, "optimal");
    });
  }
  // Seeds 4 and 11: the greedy uses 4 hosts, the optimum 3.
  assert.equal(strictlyBetter, 2, "the exact cover must beat the greedy where it can");
});

Deno.test("setCoverExact() leaves unplaced only what cannot be covered, fewest unplaced first", () => {
  const hosts = [{ ...base, name: "a", cpuMips: 1000 }];
  // 5000 fits no host; of 700 and 600 only one fits the single host: one unplaced.
  const vms = [5000, 700, 600].map(vm);
  const result = setCoverExact(hosts, vms);
  assertValid(hosts, vms, result);
  assert.equal(result.unplaced.length, 2);
  assert.equal(result.assignment[0], -1);
  assert.equal(result.hostsUsed, 1);
  assert.deepEqual(setCoverExact([], []).assignment, []);
  assert.throws(
    () => setCoverExact(hosts, Array.from({ length: 17 }, (_, i) => vm(1, i))),
    new RangeError(
      "Cannot place VMs by exact set cover as the number of VMs must be <= maxVms (16): current value is 17",
    ),
  );
});

/**
 * The greedy set cover restated as a plain scan (every unopened host of a new shape packs
 * every remaining VM, round after round): the O(rounds · hosts · VMs) reading of the rules
 * that `setCoverGreedy` replaced by a segment tree.
 */
function scanSetCover(hosts: readonly Host[], vms: readonly VmDemand[], dims = DIMENSIONS) {
  const scale = dims.map((d) => Math.max(...hosts.map((h) => h[d])) || 1);
  const size = vms.map((v) => dims.reduce((s, d, k) => s + v[d] / scale[k]!, 0));
  const assignment = vms.map(() => -1);
  let remaining = vms.map((_, i) => i)
    .filter((i) => hosts.some((h) => dims.every((d) => vms[i]![d] <= withSlack(h[d]))))
    .sort((a, b) => size[b]! - size[a]! || a - b);
  const open = hosts.map(() => false);
  while (remaining.length > 0) {
    let best: { host: number; packed: number[]; volume: number } | undefined;
    const seen = new Set<string>();
    hosts.forEach((host, j) => {
      const key = dims.map((d) => host[d]).join(",");
      if (open[j] || seen.has(key)) return;
      seen.add(key);
      const load = dims.map(() => 0);
      const packed: number[] = [];
      let volume = 0;
      for (const i of remaining) {
        if (dims.every((d, k) => load[k]! + vms[i]![d] <= withSlack(host[d]))) {
          dims.forEach((d, k) => load[k]! += vms[i]![d]);
          packed.push(i);
          volume += size[i]!;
        }
      }
      if (
        packed.length > 0 && (best === undefined || packed.length > best.packed.length ||
          (packed.length === best.packed.length && volume > best.volume))
      ) best = { host: j, packed, volume };
    });
    if (best === undefined) break;
    const chosen: { host: number; packed: number[] } = best;
    open[chosen.host] = true;
    for (const i of chosen.packed) assignment[i] = chosen.host;
    remaining = remaining.filter((i) => assignment[i] === -1);
  }
  return assignment;
}

Deno.test("setCoverGreedy() equals the scan over every host and VM, assignment for assignment", async (t) => {
  for (
    const [seed, hostCount, vmCount, dims] of [
      [1, 40, 200, 1],
      [2, 40, 200, 3],
      [3, 25, 400, 3],
      [4, 10, 300, 1],
    ] as const
  ) {
    await t.step(`seed ${seed}: ${vmCount} VMs on ${hostCount} hosts, ${dims} dimension(s)`, () => {
      const { hosts, vms } = randomInstance(seed, hostCount, vmCount, dims);
      // Mixed shapes: every third host has half the RAM, every fifth is larger.
      const mixed = hosts.map((h, j) => ({
        ...h,
        ramBytes: j % 3 === 0 ? h.ramBytes / 2 : h.ramBytes,
        cpuMips: j % 5 === 0 ? h.cpuMips * 1.5 : h.cpuMips,
      }));
      for (const dimensions of [DIMENSIONS, ["cpuMips"] as const]) {
        const got = setCoverGreedy(mixed, vms, { dimensions });
        assert.deepEqual(got.assignment, scanSetCover(mixed, vms, dimensions));
      }
    });
  }
  await t.step("fractions summing to a capacity, and VMs that fit no host", () => {
    const hosts = [1, 1, 2].map((c, j) => ({ ...base, name: `h${j}`, cpuMips: c }));
    const vms = [0.4, 0.3, 0.2, 0.1, 3, 0.7, 0.3, 1.5, 0.5].map(vm);
    const got = setCoverGreedy(hosts, vms, { dimensions: ["cpuMips"] });
    assert.deepEqual(got.assignment, scanSetCover(hosts, vms, ["cpuMips"]));
    assert.deepEqual(got.unplaced, [4]);
  });
});
