import assert from "node:assert/strict";
import { placePba } from "../../lib/placement/pba.ts";
import { comparePba } from "../../lib/placement/compare_pba.ts";
import { evaluateDesktopPlacement } from "../../lib/placement/evaluate_desktop_placement.ts";
import { validatePlacement } from "../../lib/placement/validate_placement.ts";
import type { DesktopUsage } from "../../lib/placement/pba.ts";
import { desktopDays, servers } from "./_desktops_fixture.ts";

const desk = (name: string, cpuMipsSeries: number[], ramBytes = 2 ** 30): DesktopUsage => ({
  name,
  cpuMipsSeries,
  ramBytes,
});

Deno.test("placePba() sends a desktop to the least correlated server, which First Fit over patterns does not (hand trace)", () => {
  const hosts = servers(4).map((h) => ({ ...h, cpuMips: 1000 }));
  // Two intervals (day, night). A -> s0; B does not fit s0 (1100 by day) -> s1.
  // D (200, 0) fits both: s0 (700, 400) correlates +1 with it, s1 (400, 700) -1, so PBA
  // takes s1 and First Fit s0. E (300, 350) then fits s0 only under PBA (1000, 750); under
  // First Fit s0 is full by day (1200) and s1 by night (1050): a third server.
  const desktops = [
    desk("A", [700, 400]),
    desk("B", [400, 700]),
    desk("D", [200, 0]),
    desk("E", [300, 350]),
  ];
  const pba = placePba(hosts, desktops, { order: "input" });
  assert.deepEqual(pba.assignment, [0, 1, 1, 0]);
  assert.equal(pba.hostsUsed, 2);
  assert.equal(pba.algorithm, "pba");
  // The correlations that chose: D with s1: -1; E with s0 (the only fit): -1.
  assert.equal(pba.details.meanCorrelation, -1);
  const first = placePba(hosts, desktops, { order: "input", choice: "first" });
  assert.deepEqual(first.assignment, [0, 1, 0, 2]);
  assert.equal(first.hostsUsed, 3);
  assert.equal(first.algorithm, "first-fit-series");
  // First Fit chooses by no correlation: it reports none (0), though D went to a busy server
  assert.equal(first.details.meanCorrelation, 0);
});

Deno.test("placePba() breaks a tie of correlations to the lower server index (hand trace)", () => {
  // A and B (600 flat) cannot share a 1000 MIPS server: s0 and s1. C (300 flat) fits both,
  // and a flat series correlates 0 with either: the lower index, s0.
  const hosts = servers(3).map((h) => ({ ...h, cpuMips: 1000 }));
  const desktops = [desk("A", [600, 600]), desk("B", [600, 600]), desk("C", [300, 300])];
  assert.deepEqual(placePba(hosts, desktops, { order: "input" }).assignment, [0, 1, 0]);
});

Deno.test("placePba() fits with the placement layer's tolerance: 0.1 + 0.2 fills a server of 0.3", () => {
  // 0.1 + 0.2 is 0.30000000000000004 in binary floating point.
  const hosts = servers(2).map((h) => ({ ...h, cpuMips: 0.3 }));
  const desktops = [desk("A", [0.1, 0.1]), desk("B", [0.2, 0.2])];
  assert.deepEqual(placePba(hosts, desktops, { order: "input" }).assignment, [0, 0]);
});

Deno.test("placePba() keeps every server within capacity in every interval of the pattern, and RAM", () => {
  for (const seed of [1, 2, 3]) {
    const [day] = desktopDays(seed, 120);
    const hosts = servers(120);
    const result = placePba(hosts, day);
    assert.deepEqual(result.unplaced, []);
    assert.equal(evaluateDesktopPlacement(hosts, day, result.assignment).overloadIntervals, 0);
    // RAM as a placement of constant demands (CPU checked above, over time).
    const vms = day.map(({ name, ramBytes }) => ({
      name,
      ramBytes,
      cpuMips: 0,
      bandwidthBytesPerSecond: 0,
    }));
    assert.deepEqual(validatePlacement(hosts, vms, result, { dimensions: ["ramBytes"] }), []);
  }
  // RAM binds: three desktops of 20 GiB on 32 GiB servers need three servers.
  const big = [0, 1, 2].map((i) => desk(`d${i}`, [10, 10], 20 * 2 ** 30));
  assert.equal(placePba(servers(3), big).hostsUsed, 3);
  assert.deepEqual(placePba(servers(2), big).unplaced, [2]);
});

Deno.test("comparePba() reproduces the papers' comparison: PBA needs far fewer servers than First Fit by peak and overloads far less than First Fit by mean on the next day", async (t) => {
  for (const seed of [1, 2, 3]) {
    await t.step(`seed ${seed}`, () => {
      const [day0, day1] = desktopDays(seed, 120);
      const rows = comparePba(servers(120), day0, { evaluation: day1 });
      const row = (name: string) => rows.find((r) => r.algorithm === name)!;
      assert.deepEqual(rows.map((r) => r.algorithm), [
        "pba",
        "first-fit-series",
        "first-fit-peak",
        "first-fit-mean",
      ]);
      for (const r of rows) assert.equal(r.unplaced, 0);
      const pba = row("pba");
      // Peak sizing never overloads but needs almost twice the servers.
      assert.equal(row("first-fit-peak").overloadIntervals, 0);
      assert.ok(pba.hostsUsed <= 0.6 * row("first-fit-peak").hostsUsed, JSON.stringify(rows));
      // Mean sizing needs fewer servers but overloads all of them most of the working time.
      assert.ok(row("first-fit-mean").hostsUsed < pba.hostsUsed);
      assert.ok(
        pba.overloadIntervals * 20 < row("first-fit-mean").overloadIntervals,
        JSON.stringify(rows),
      );
      // On the pattern itself PBA has no overload at all.
      const self = comparePba(servers(120), day0);
      assert.equal(self[0]!.overloadIntervals, 0);
    });
  }
});

Deno.test("placePba() is deterministic, leaves its inputs alone, and rejects malformed input", () => {
  const [day] = desktopDays(7, 40);
  const before = structuredClone(day);
  assert.deepEqual(placePba(servers(40), day), placePba(servers(40), day));
  assert.deepEqual(day, before);
  assert.throws(() => placePba(servers(1), [desk("a", [1, 2]), desk("b", [1])]), {
    name: "RangeError",
    message:
      "Cannot place desktops by PBA as desktops[1].cpuMipsSeries must have 2 samples like desktops[0]: current value has 1",
  });
  assert.throws(() => placePba(servers(1), [desk("a", [1, -2])]), {
    name: "RangeError",
    message:
      "Cannot place desktops by PBA as desktops[0].cpuMipsSeries[1] must be a finite number >= 0: current value is -2",
  });
  assert.throws(() => placePba(servers(1), [desk("a", [1])], { choice: "best" as "first" }), {
    name: "TypeError",
    message:
      'Cannot place desktops by PBA as choice must be one of "correlation", "first": current value is "best"',
  });
  assert.throws(() => evaluateDesktopPlacement(servers(1), [desk("a", [1])], [3]), {
    name: "RangeError",
    message:
      "Cannot evaluate a desktop placement as assignment[0] must be -1 or a host index: current value is 3",
  });
});

Deno.test("comparePba() names the evaluation option when it is malformed", () => {
  const day = [desk("a", [700, 100])];
  assert.throws(() => comparePba(servers(2), day, { evaluation: [desk("a", [700, -5])] }), {
    name: "RangeError",
    message:
      "Cannot compare PBA as evaluation[0].cpuMipsSeries[1] must be a finite number >= 0: current value is -5",
  });
  assert.throws(
    () => comparePba(servers(2), day, { evaluation: null as unknown as DesktopUsage[] }),
    {
      name: "TypeError",
      message: "Cannot compare PBA as evaluation must be an array: current value is null",
    },
  );
});
