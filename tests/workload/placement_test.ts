import assert from "node:assert/strict";
import { createBitset } from "../../lib/bitset/bitset.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { createWorkload } from "../../lib/workload/create_workload.ts";
import { type HotColdWorkload, hotSetPages } from "../../lib/workload/models/hot_cold.ts";
import type { ZipfWorkload } from "../../lib/workload/models/zipf.ts";
import { pageOrderRuns } from "../../lib/workload/page_order_runs.ts";
import type { PagePlacement } from "../../lib/workload/placement.ts";
import type { WorkloadSpec } from "../../lib/workload/spec.ts";

const P = 1000;

/** Writes per page over many one-write intervals of a hot-cold workload. */
function writesPerPage(spec: WorkloadSpec, seed: number, samples = 20_000): number[] {
  const w = createWorkload(spec, P, createPrng(seed));
  const counts = new Array<number>(P).fill(0);
  const dirty = createBitset(P);
  let t = 0;
  for (let seen = 0; seen < samples; t += 1e-4) {
    const n = w.write(t, t + 1e-4, dirty);
    if (n === 1) {
      counts[dirty.nextSet(0)]!++;
      seen++;
    }
    if (n > 0) dirty.clear();
  }
  return counts;
}

function hotCold(placement?: PagePlacement): WorkloadSpec {
  return {
    kind: "hot-cold",
    writesPerSecond: 5000,
    hotFraction: 0.05,
    hotShare: 0.9,
    ...(placement === undefined ? {} : { placement }),
  };
}

/** Share of the writes that hit `pages`. */
function share(counts: number[], pages: Iterable<number>): number {
  let n = 0;
  for (const p of pages) n += counts[p]!;
  return n / counts.reduce((a, b) => a + b, 0);
}

Deno.test("hot-cold placement: the hot set lies at the start, at an offset (wrapping) or at seeded scattered pages", async (t) => {
  const hot = hotSetPages(0.05, P); // 50
  await t.step("start: pages 0 .. 49 take 90% (within 4 sd)", () => {
    const s = share(writesPerPage(hotCold(), 1), Array.from({ length: hot }, (_, i) => i));
    assert.ok(Math.abs(s - 0.9) < 4 * Math.sqrt(0.09 / 20_000), String(s));
  });
  await t.step("offset 0.98: pages 980 .. 999 and 0 .. 29 take 90%", () => {
    const pages = Array.from({ length: hot }, (_, i) => (980 + i) % P);
    const s = share(writesPerPage(hotCold({ kind: "offset", offsetFraction: 0.98 }), 2), pages);
    assert.ok(Math.abs(s - 0.9) < 4 * Math.sqrt(0.09 / 20_000), String(s));
  });
  await t.step(
    "scattered: the 50 most written pages are the same for any run seed, and spread out",
    () => {
      const spec = hotCold({ kind: "scattered", seed: "layout-1" });
      const top = (counts: number[]) =>
        counts.map((c, p) => [c, p]).sort((a, b) => b[0]! - a[0]!).slice(0, hot).map((x) => x[1]!)
          .sort((a, b) => a - b);
      const a = top(writesPerPage(spec, 3));
      const b = top(writesPerPage(spec, 4));
      assert.deepEqual(a, b);
      assert.ok(a[a.length - 1]! - a[0]! > P / 2, "spread over memory");
      assert.ok(a.some((p) => p >= hot), "not the start");
      const other = top(writesPerPage(hotCold({ kind: "scattered", seed: "layout-2" }), 3));
      assert.notDeepEqual(a, other);
    },
  );
});

Deno.test("createWorkload(): an explicit start placement draws exactly the pages of no placement", () => {
  const specs: (HotColdWorkload | ZipfWorkload)[] = [
    { kind: "hot-cold", writesPerSecond: 5000, hotFraction: 0.05, hotShare: 0.9 },
    { kind: "zipf", writesPerSecond: 5000, exponent: 1 },
  ];
  for (const spec of specs) {
    const a = createWorkload(spec, P, createPrng(5));
    const b = createWorkload({ ...spec, placement: { kind: "start" } }, P, createPrng(5));
    const da = createBitset(P);
    const db = createBitset(P);
    assert.equal(a.write(0, 1, da), b.write(0, 1, db));
    assert.deepEqual(da.words, db.words);
    const ca = a.accesses(0);
    const cb = b.accesses(0);
    for (let i = 0; i < 100; i++, ca.advance(), cb.advance()) assert.equal(ca.page, cb.page);
  }
});

Deno.test("pageOrderRuns(): an offset rotates the runs, splitting the one across the end", () => {
  const runs = pageOrderRuns(hotCold({ kind: "offset", offsetFraction: 0.98 }), P);
  assert.deepEqual(
    runs.map((r) => [r.startPage, r.pages]),
    [[0, 30], [30, 950], [980, 20]],
  );
  assert.ok(Math.abs(runs[0]!.writeShare - 0.9 * 30 / 50) < 1e-12);
  assert.ok(Math.abs(runs[2]!.writeShare - 0.9 * 20 / 50) < 1e-12);
  const total = runs.reduce((s, r) => s + r.accessShare, 0);
  assert.ok(Math.abs(total - 1) < 1e-12);
});

Deno.test("placements are checked, naming the field and value", () => {
  const cases: [unknown, string, string][] = [
    [
      { kind: "offset", offsetFraction: 1 },
      "RangeError",
      "workload.placement.offsetFraction must be in [0, 1): current value is 1",
    ],
    [
      { kind: "offset", offsetFraction: -0.1 },
      "RangeError",
      "workload.placement.offsetFraction must be in [0, 1]: current value is -0.1",
    ],
    [
      { kind: "scattered", seed: null },
      "TypeError",
      "workload.placement.seed must be a number or a string: current value is null",
    ],
    [
      { kind: "middle" },
      "TypeError",
      'workload.placement.kind must be one of "start", "offset", "scattered": current value is "middle"',
    ],
  ];
  for (const [placement, name, message] of cases) {
    assert.throws(
      () => createWorkload({ ...hotCold(), placement } as WorkloadSpec, P, createPrng(1)),
      { name, message: `Cannot migrate as ${message}` },
    );
  }
});
