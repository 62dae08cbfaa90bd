import assert from "node:assert/strict";
import { createPrng, integer } from "../../mod.ts";
import { minimumProcessors, type Platform } from "../../lib/realtime/mod.ts";
import { processor, task, vm } from "./_fixtures.ts";

/** Identical processors (RAM 8 MiB) and VMs with the given bandwidths and page counts. */
function platform(bandwidths: number[], pages: number[] = [], m = 3): Platform {
  return {
    processors: Array.from({ length: m }, (_, p) => processor(`p${p}`, 1, 8 * 2 ** 20)),
    vms: bandwidths.map((b, i) =>
      vm(`v${i}`, [task(0.01, 100)], { periodSeconds: 1, budgetSeconds: b }, "edf", pages[i] ?? 256)
    ),
    placement: bandwidths.map(() => 0),
  };
}

/** Exhaustive minimum: every assignment of v VMs to at most v bins. */
function bruteForce(bw: number[], ram: number[], ramCap: number): number {
  const v = bw.length;
  let best = v;
  const assign = new Array(v).fill(0);
  function rec(i: number, bins: number): void {
    if (bins >= best) return;
    if (i === v) {
      best = bins;
      return;
    }
    for (let b = 0; b <= bins && b < v; b++) {
      let sb = bw[i]!;
      let sr = ram[i]!;
      for (let j = 0; j < i; j++) {
        if (assign[j] === b) {
          sb += bw[j]!;
          sr += ram[j]!;
        }
      }
      if (sb > 1 + 1e-9 || sr > ramCap) continue;
      assign[i] = b;
      rec(i + 1, Math.max(bins, b + 1));
    }
  }
  rec(0, 0);
  return best;
}

Deno.test("minimumProcessors() packs bandwidths 0.6, 0.5, 0.4, 0.3 into 2", () => {
  const r = minimumProcessors(platform([0.6, 0.5, 0.4, 0.3]));
  assert.equal(r.processorCount, 2);
  assert.equal(r.exact, true);
  assert.equal(r.lowerBound, 2);
  assert.deepEqual([...new Set(r.assignment)].sort(), [0, 1]);
});

Deno.test("minimumProcessors() beats first-fit decreasing where FFD is not optimal", () => {
  // FFD: 0.5+0.4 | 0.3+0.3+0.25 | 0.25 → 3; optimum: 0.5+0.25+0.25 | 0.4+0.3+0.3 → 2.
  const r = minimumProcessors(platform([0.5, 0.4, 0.3, 0.3, 0.25, 0.25]));
  assert.equal(r.processorCount, 2);
  assert.equal(r.exact, true);
  const loads = [0, 0];
  r.assignment.forEach((b, i) => loads[b]! += [0.5, 0.4, 0.3, 0.3, 0.25, 0.25][i]!);
  assert.ok(loads.every((l) => l <= 1 + 1e-9));
});

Deno.test("minimumProcessors() counts RAM as a second dimension", () => {
  // 3 VMs of 1024 pages (4 MiB) each: bandwidth fits one processor, RAM needs two.
  const r = minimumProcessors(platform([0.1, 0.1, 0.1], [1024, 1024, 1024]));
  assert.equal(r.processorCount, 2);
  assert.equal(r.lowerBound, 2);
});

Deno.test("minimumProcessors() matches exhaustive search on 150 random small instances", () => {
  const prng = createPrng(2026, "min-processors");
  for (let k = 0; k < 150; k++) {
    const v = integer(prng, 1, 8);
    const bw = Array.from({ length: v }, () => integer(prng, 1, 10) / 10);
    const pages = Array.from({ length: v }, () => integer(prng, 1, 5) * 256);
    const r = minimumProcessors(platform(bw, pages));
    const ram = pages.map((p) => p * 4096);
    assert.equal(r.processorCount, bruteForce(bw, ram, 8 * 2 ** 20), JSON.stringify({ bw, pages }));
    assert.equal(r.exact, true);
  }
});

Deno.test("minimumProcessors() falls back to FFD above exactLimit and reports null for a VM that fits nowhere", () => {
  const r = minimumProcessors(platform([0.5, 0.4, 0.3, 0.3, 0.25, 0.25]), { exactLimit: 3 });
  assert.equal(r.processorCount, 3);
  assert.equal(r.exact, false);
  const p = platform([0.5]);
  p.vms[0]!.tasks = [task(9, 10)];
  assert.equal(minimumProcessors(p).processorCount, null);
  assert.equal(minimumProcessors(platform([])).processorCount, 0);
});

Deno.test("minimumProcessors() rejects processors that differ", () => {
  const p = platform([0.5]);
  p.processors[1] = processor("fast", 2, 8 * 2 ** 20);
  assert.throws(() => minimumProcessors(p), {
    name: "RangeError",
    message:
      'Cannot find the minimum processor count as platform.processors[1] must have the capacity and ramBytes of processors[0]: current value is {"capacity":2,"ramBytes":8388608}',
  });
});

Deno.test("minimumProcessors() names its option fields as options.<field>", () => {
  assert.throws(() => minimumProcessors(platform([0.5]), { exactLimit: -1 }), {
    name: "RangeError",
    message:
      "Cannot find the minimum processor count as options.exactLimit must be an integer >= 0: current value is -1",
  });
  assert.throws(() => minimumProcessors(platform([0.5]), { maxNodes: 0.5 }), {
    name: "RangeError",
    message:
      "Cannot find the minimum processor count as options.maxNodes must be an integer >= 0: current value is 0.5",
  });
});
