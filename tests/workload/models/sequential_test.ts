import assert from "node:assert/strict";
import { type Bitset, createBitset } from "../../../lib/bitset/bitset.ts";
import { createPrng } from "../../../lib/random/prng.ts";
import { createWorkload } from "../../../lib/workload/create_workload.ts";
import { expectedDistinctPages } from "../../../lib/workload/expected_dirty_pages.ts";
import { sequentialRegion } from "../../../lib/workload/models/sequential.ts";
import type { SequentialWorkload } from "../../../lib/workload/models/sequential.ts";

function pagesOf(set: Bitset): number[] {
  const pages: number[] = [];
  set.forEach((p) => pages.push(p));
  return pages;
}

const range = (from: number, to: number, step = 1) =>
  Array.from({ length: Math.ceil((to - from) / step) }, (_, i) => from + i * step);

Deno.test("sequential writer: write j at j / rate dirties page start + (j mod m) x stride", async (t) => {
  // 100 pages; region [20, 30) (m = 10 visits); 10 writes per second.
  const spec: SequentialWorkload = {
    kind: "sequential",
    writesPerSecond: 10,
    regionStartFraction: 0.2,
    regionFraction: 0.1,
  };
  await t.step("one interval, then the wrap-around as two intervals", () => {
    const w = createWorkload(spec, 100, createPrng(1));
    const dirty = createBitset(100);
    assert.equal(w.write(0, 0.35, dirty), 4); // writes 0, 1, 2, 3
    assert.deepEqual(pagesOf(dirty), [20, 21, 22, 23]);
    dirty.clear();
    assert.equal(w.write(0.85, 1.25, dirty), 4); // writes 9, 10, 11, 12
    assert.deepEqual(pagesOf(dirty), [20, 21, 22, 29]);
  });
  await t.step("a window of a whole pass or more dirties the region", () => {
    const w = createWorkload(spec, 100, createPrng(1));
    const dirty = createBitset(100);
    assert.equal(w.write(3.05, 5.05, dirty), 20);
    assert.deepEqual(pagesOf(dirty), range(20, 30));
  });
  await t.step("consecutive windows count every write once", () => {
    const w = createWorkload(spec, 100, createPrng(1));
    const dirty = createBitset(100);
    let n = 0;
    for (let t = 0; t < 7; t += 0.013) n += w.write(t, t + 0.013, dirty);
    const end = Math.ceil(7 / 0.013) * 0.013;
    assert.equal(n, Math.ceil(end * 10));
  });
  await t.step("a stride visits every stride-th page and cycles over ceil(L / stride)", () => {
    const w = createWorkload({ ...spec, stridePages: 3 }, 100, createPrng(1));
    assert.deepEqual(sequentialRegion({ ...spec, stridePages: 3 }, 100).visits, 4);
    const dirty = createBitset(100);
    w.write(0, 0.55, dirty); // writes 0 .. 5: visits 0, 1, 2, 3, 0, 1
    assert.deepEqual(pagesOf(dirty), [20, 23, 26, 29]);
  });
  await t.step("the access cursor walks the same pages at the same times", () => {
    const w = createWorkload({ ...spec, stridePages: 3 }, 100, createPrng(1));
    const c = w.accesses(0.25);
    const seen: [number, number][] = [];
    for (let i = 0; i < 5; i++, c.advance()) seen.push([Math.round(c.timeSeconds * 10), c.page]);
    assert.deepEqual(seen, [[3, 29], [4, 20], [5, 23], [6, 26], [7, 29]]);
    assert.equal(c.write, true);
  });
  await t.step("startVisit: a walk already under way starts mid-pass", () => {
    // 13 visits done before time 0: write 0 goes to visit 3 (page 23).
    const w = createWorkload({ ...spec, startVisit: 13 }, 100, createPrng(1));
    const dirty = createBitset(100);
    assert.equal(w.write(0, 0.85, dirty), 9); // visits 3 .. 11 = 3 .. 9, 0, 1
    assert.deepEqual(pagesOf(dirty), [20, 21, 23, 24, 25, 26, 27, 28, 29]);
    const c = w.accesses(0.25); // write 3: visit 6
    assert.deepEqual([Math.round(c.timeSeconds * 10), c.page], [3, 26]);
  });
  await t.step("idle at rate 0", () => {
    const w = createWorkload({ kind: "sequential", writesPerSecond: 0 }, 10, createPrng(1));
    assert.equal(w.write(0, 100, createBitset(10)), 0);
    assert.equal(w.accesses(0).timeSeconds, Infinity);
  });
});

Deno.test("expectedDistinctPages() of the sequential writer is the simulator's count: min(writes, m)", () => {
  const spec: SequentialWorkload = {
    kind: "sequential",
    writesPerSecond: 1000,
    regionFraction: 0.25,
  };
  const m = sequentialRegion(spec, 4000).visits; // 1000
  for (const seconds of [0.1, 0.5, 0.999, 1, 3]) {
    const w = createWorkload(spec, 4000, createPrng(1));
    const dirty = createBitset(4000);
    const writes = w.write(0, seconds, dirty);
    assert.equal(dirty.count(), Math.min(writes, m));
    assert.equal(expectedDistinctPages(spec, 4000, writes), Math.min(writes, m));
  }
});

Deno.test("sequential writer: bad region and stride are rejected naming the field and value", () => {
  const bad: [Partial<SequentialWorkload>, string][] = [
    [
      { regionStartFraction: 1 },
      "workload.regionStartFraction must be in [0, 1): current value is 1",
    ],
    [{ regionFraction: 0 }, "workload.regionFraction must be in (0, 1]: current value is 0"],
    [
      { stridePages: 1.5 },
      "workload.stridePages must be an integer in [1, 1073741824]: current value is 1.5",
    ],
    [
      { writesPerSecond: -1 },
      "workload.writesPerSecond must be a finite number >= 0: current value is -1",
    ],
    [
      { startVisit: -1 },
      "workload.startVisit must be an integer >= 0: current value is -1",
    ],
  ];
  for (const [patch, message] of bad) {
    assert.throws(
      () => createWorkload({ kind: "sequential", writesPerSecond: 1, ...patch }, 10, createPrng(1)),
      { name: "RangeError", message: `Cannot migrate as ${message}` },
    );
  }
});

Deno.test("expectedDistinctPages() of the sequential writer interpolates a fractional write count over the window's phase", () => {
  // m = 1000 visits (a quarter of 4000 pages). A window of w = n + f writes at a uniform
  // phase holds n + 1 writes with probability f and n otherwise, so E = (1 − f) min(n, m)
  // + f min(n + 1, m): 2.5 writes → 2.5 pages, 999.25 → 0.75·999 + 0.25·1000 = 999.25,
  // 1000.5 → 1000 (a whole pass).
  const spec: SequentialWorkload = {
    kind: "sequential",
    writesPerSecond: 1000,
    regionFraction: 0.25,
  };
  assert.equal(sequentialRegion(spec, 4000).visits, 1000);
  assert.equal(expectedDistinctPages(spec, 4000, 2.5), 2.5);
  assert.equal(expectedDistinctPages(spec, 4000, 999.25), 999.25);
  assert.equal(expectedDistinctPages(spec, 4000, 1000.5), 1000);
});
