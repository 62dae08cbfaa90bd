import assert from "node:assert/strict";
import { placeCuttingStock } from "../../lib/placement/cutting_stock.ts";
import type { Host, VmDemand } from "../../lib/placement/model.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { assertValid, bruteForceHosts } from "./_ilp_instances.ts";

const base = { cores: 3, ramBytes: 8e9, bandwidthBytesPerSecond: 1e9, rack: 0 };
const vm = (cpuMips: number, i: number, type?: string): VmDemand => ({
  name: `vm${i}`,
  cpuMips,
  ramBytes: 1e9,
  bandwidthBytesPerSecond: 1e6,
  ...(type === undefined ? {} : { type }),
});

Deno.test("placeCuttingStock() enumerates the maximal patterns and covers the demand (hand example)", async () => {
  const hosts = [0, 1, 2, 3].map((j) => ({ ...base, name: `h${j}`, cpuMips: 3000 }));
  const vms = [vm(2000, 0), vm(1000, 1), vm(2000, 2), vm(1000, 3)];
  // Types: 2000 MIPS (need 2), 1000 MIPS (need 2). Maximal patterns of a 3000 MIPS host:
  // (1, 1) and (0, 2). Two hosts with (1, 1) each cover the demand.
  for (const method of ["ilp", "greedy"] as const) {
    const result = await placeCuttingStock(hosts, vms, { method });
    assertValid(hosts, vms, result);
    assert.deepEqual(result.assignment, [0, 0, 1, 1]);
    assert.equal(result.details.patterns, 2);
    assert.equal(result.details.vmTypes, 2);
    assert.equal(result.details.hostTypes, 1);
    assert.equal(result.details.status, method === "ilp" ? "optimal" : "greedy");
  }
});

Deno.test("placeCuttingStock() by ILP equals the brute-force optimum and beats or ties the greedy on typed instances", async (t) => {
  const types = [
    [1800, 3e9],
    [1200, 1e9],
    [700, 2.5e9],
    [400, 0.5e9],
  ] as const;
  for (const seed of [1, 2, 3, 4, 5]) {
    await t.step(`seed ${seed}`, async () => {
      const prng = createPrng(seed, "pattern-test");
      const vms = Array.from({ length: 12 }, (_, i) => {
        const [cpuMips, ramBytes] = types[Math.floor(prng() * types.length)]!;
        return { name: `vm${i}`, cpuMips, ramBytes, bandwidthBytesPerSecond: 1e6 };
      });
      const hosts: Host[] = Array.from({ length: 10 }, (_, j) => ({
        ...base,
        name: `h${j}`,
        cpuMips: j % 2 === 0 ? 3000 : 4000,
        ramBytes: j % 2 === 0 ? 8e9 : 6e9,
      }));
      const exact = await placeCuttingStock(hosts, vms);
      const greedy = await placeCuttingStock(hosts, vms, { method: "greedy" });
      assertValid(hosts, vms, exact);
      assertValid(hosts, vms, greedy);
      assert.equal(exact.details.status, "optimal");
      assert.equal(exact.details.truncated, false);
      assert.equal(exact.hostsUsed, bruteForceHosts(hosts, vms));
      assert.equal(exact.details.bound, exact.hostsUsed);
      assert.ok(exact.hostsUsed <= greedy.hostsUsed);
    });
  }
});

Deno.test("placeCuttingStock() keeps VM types apart by label and reports uncovered VMs", async () => {
  const hosts = [{ ...base, name: "h0", cpuMips: 3000 }];
  const vms = [vm(1000, 0, "a"), vm(1000, 1, "b"), vm(1000, 2, "a"), vm(1000, 3, "b")];
  const result = await placeCuttingStock(hosts, vms);
  assertValid(hosts, vms, result);
  assert.equal(result.details.vmTypes, 2);
  assert.equal(result.hostsUsed, 1);
  assert.equal(result.unplaced.length, 1);
  const oversized = await placeCuttingStock(hosts, [vm(5000, 0), vm(1000, 1)]);
  assert.deepEqual(oversized.assignment, [-1, 0]);
});

Deno.test("placeCuttingStock() stops the enumeration at maxPatterns and still places validly", async () => {
  const hosts = [0, 1, 2].map((j) => ({ ...base, name: `h${j}`, cpuMips: 3000 }));
  const vms = [2000, 1000, 500, 1500, 1000].map((mips, i) => vm(mips, i));
  const result = await placeCuttingStock(hosts, vms, { maxPatterns: 1 });
  assertValid(hosts, vms, result);
  assert.equal(result.details.truncated, true);
  assert.equal(result.details.patterns, 1);
  await assert.rejects(
    () => placeCuttingStock(hosts, vms, { maxPatterns: 0 }),
    new RangeError(
      "Cannot place VMs by cutting-stock patterns as maxPatterns must be an integer >= 1: current value is 0",
    ),
  );
});

Deno.test("placeCuttingStock() reports no bound when the patterns were truncated (it would bound only the patterns kept)", async () => {
  // 6 + 2 + 2 + 4 | 1 + 2 fit two hosts of 10; the first 3 patterns found need 3
  const hosts = Array.from({ length: 6 }, (_, j) => ({ ...base, name: `h${j}`, cpuMips: 10 }));
  const vms = [6, 2, 2, 1, 2, 4].map((cpuMips, i) => vm(cpuMips, i));
  const dimensions = ["cpuMips"] as const;
  const full = await placeCuttingStock(hosts, vms, { dimensions });
  assert.equal(full.hostsUsed, 2);
  assert.equal(full.details.bound, 2);
  const cut = await placeCuttingStock(hosts, vms, { dimensions, maxPatterns: 3 });
  assert.equal(cut.details.truncated, true);
  assert.equal(cut.hostsUsed, 3);
  assert.equal(cut.details.bound, undefined);
  assert.equal(cut.details.gap, undefined);
});

Deno.test("placeCuttingStock() uses each host type at most as many times as it has hosts (hand example)", async () => {
  // One 4000 MIPS host (holds two VMs of 2000) and three 2000 MIPS hosts (one VM each);
  // four VMs of 2000. Any two hosts hold at most 2 + 1 = 3 VMs, so 3 hosts are needed:
  // the big one and two small ones. Without the row Σ z ≤ hosts of the type, two copies of
  // the big host's pattern (2 "hosts") would look optimal and two VMs would find no host.
  const hosts = [
    { ...base, name: "big", cpuMips: 4000 },
    ...[0, 1, 2].map((j) => ({ ...base, name: `s${j}`, cpuMips: 2000 })),
  ];
  const vms = [0, 1, 2, 3].map((i) => vm(2000, i));
  const result = await placeCuttingStock(hosts, vms, { dimensions: ["cpuMips"] });
  assertValid(hosts, vms, result);
  assert.deepEqual(result.unplaced, []);
  assert.equal(result.hostsUsed, 3);
  assert.equal(result.details.bound, 3);
  assert.equal(result.details.gap, 0);
});

Deno.test("placeCuttingStock() takes the unplaced VMs' penalty out of its bound on hosts", async () => {
  // One 3000 MIPS host, two VMs of 2000: the only pattern holds one VM, so one VM is left
  // out (slack 1). The ILP's optimum is 1 host + penalty (hosts + 1 = 2) × 1 = 3; the bound
  // on hosts is 3 - 2 = 1, which the placement meets (gap 0), not 3 hosts (more than exist).
  const hosts = [{ ...base, name: "h0", cpuMips: 3000 }];
  const vms = [vm(2000, 0), vm(2000, 1)];
  const result = await placeCuttingStock(hosts, vms, { dimensions: ["cpuMips"] });
  assertValid(hosts, vms, result);
  assert.equal(result.unplaced.length, 1);
  assert.equal(result.hostsUsed, 1);
  assert.equal(result.details.bound, 1);
  assert.equal(result.details.gap, 0);
});
