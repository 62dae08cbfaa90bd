import assert from "node:assert/strict";
import { createBitset } from "../../lib/bitset/bitset.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { createWorkload } from "../../lib/workload/create_workload.ts";
import {
  expectedZeroPages,
  expectedZeroPagesInPass,
} from "../../lib/workload/expected_zero_pages.ts";
import type { WorkloadSpec } from "../../lib/workload/spec.ts";
import { initialZeroPages, type ZeroPagesSpec } from "../../lib/workload/zero_pages.ts";

function pagesOf(set: { forEach(f: (p: number) => void): void }): number[] {
  const out: number[] = [];
  set.forEach((p) => out.push(p));
  return out;
}

Deno.test("initialZeroPages() places round(share x P) zero pages at the top, start, offset or scattered", () => {
  assert.deepEqual(pagesOf(initialZeroPages({ initialShare: 0.3 }, 10)), [7, 8, 9]);
  assert.deepEqual(
    pagesOf(initialZeroPages({ initialShare: 0.3, placement: { kind: "start" } }, 10)),
    [0, 1, 2],
  );
  assert.deepEqual(
    pagesOf(
      initialZeroPages(
        { initialShare: 0.3, placement: { kind: "offset", offsetFraction: 0.8 } },
        10,
      ),
    ),
    [0, 8, 9],
  );
  const scattered: ZeroPagesSpec = {
    initialShare: 0.25,
    placement: { kind: "scattered", seed: 4 },
  };
  const a = pagesOf(initialZeroPages(scattered, 1000));
  assert.equal(a.length, 250);
  assert.deepEqual(pagesOf(initialZeroPages(scattered, 1000)), a); // seeded
  assert.ok(a[0]! < 50 && a[a.length - 1]! > 950);
  assert.equal(initialZeroPages({ initialShare: 0 }, 10).count(), 0);
  assert.equal(initialZeroPages({ initialShare: 1 }, 10).count(), 10);
});

Deno.test("Workload.zeroPages: a write makes its page non-zero, in write() and past a write of the cursor", async (t) => {
  await t.step("write() clears every page it dirties (zeroingWriteShare 0)", () => {
    const w = createWorkload(
      {
        kind: "hot-cold",
        writesPerSecond: 2000,
        hotFraction: 0.1,
        hotShare: 0.8,
        zeroPages: { initialShare: 1 },
      },
      1000,
      createPrng(1),
    );
    const dirty = createBitset(1000);
    w.write(0, 0.5, dirty);
    const zero = w.zeroPages!;
    assert.equal(zero.count() + dirty.count(), 1000);
    dirty.forEach((p) => assert.equal(zero.has(p), false));
  });
  await t.step("the cursor applies a write when it moves past it", () => {
    const w = createWorkload(
      { kind: "sequential", writesPerSecond: 10, zeroPages: { initialShare: 1 } },
      100,
      createPrng(1),
    );
    const c = w.accesses(0);
    assert.equal(c.page, 0);
    assert.equal(w.zeroPages!.has(0), true); // not yet written
    c.advance();
    assert.equal(w.zeroPages!.has(0), false);
    assert.equal(w.zeroPages!.has(1), true);
  });
  await t.step("without zeroPages the field is undefined and the draws are unchanged", () => {
    const base: WorkloadSpec = { kind: "uniform", writesPerSecond: 500, readsPerSecond: 500 };
    const plain = createWorkload(base, 1000, createPrng(9));
    const tracked = createWorkload(
      { ...base, zeroPages: { initialShare: 0.5 } },
      1000,
      createPrng(9),
    );
    assert.equal(plain.zeroPages, undefined);
    const a = createBitset(1000);
    const b = createBitset(1000);
    plain.write(0, 2, a);
    tracked.write(0, 2, b);
    assert.deepEqual(a.words, b.words);
  });
});

Deno.test("zeroingWriteShare: a written page stays zero with that probability (within 4 sd)", () => {
  for (const share of [0.3, 1]) {
    const w = createWorkload(
      {
        kind: "uniform",
        writesPerSecond: 3000,
        zeroPages: { initialShare: 0, zeroingWriteShare: share },
      },
      20_000,
      createPrng(2),
    );
    const dirty = createBitset(20_000);
    w.write(0, 2, dirty);
    const n = dirty.count();
    let zero = 0;
    dirty.forEach((p) => {
      if (w.zeroPages!.has(p)) zero++;
    });
    assert.ok(
      Math.abs(zero - share * n) <= 4 * Math.sqrt(n * share * (1 - share)) + 1e-9,
      `${zero} of ${n}`,
    );
  }
});

Deno.test("expectedZeroPages() and expectedZeroPagesInPass() match the sampler's means over 16 seeds within 1%", async (t) => {
  const P = 4000;
  const specs: WorkloadSpec[] = [
    { kind: "uniform", writesPerSecond: 2000, zeroPages: { initialShare: 0.6 } },
    {
      kind: "hot-cold",
      writesPerSecond: 4000,
      hotFraction: 0.05,
      hotShare: 0.9,
      placement: { kind: "offset", offsetFraction: 0.9 },
      zeroPages: {
        initialShare: 0.5,
        placement: { kind: "scattered", seed: 1 },
        zeroingWriteShare: 0.2,
      },
    },
    {
      kind: "zipf",
      writesPerSecond: 3000,
      exponent: 1,
      zeroPages: { initialShare: 0.7, placement: { kind: "start" } },
    },
    // a scattered hot set: each page has the hot or the cold rate, not their mean (at the
    // mean rate the model gave 0.22 of the zero pages left at 1.5 s, against 0.81)
    {
      kind: "hot-cold",
      writesPerSecond: 4000,
      hotFraction: 0.05,
      hotShare: 0.9,
      placement: { kind: "scattered", seed: 3 },
      zeroPages: { initialShare: 0.5, placement: { kind: "start" } },
    },
    {
      kind: "zipf",
      writesPerSecond: 3000,
      exponent: 0.8,
      placement: { kind: "scattered", seed: 5 },
      zeroPages: { initialShare: 0.4, zeroingWriteShare: 0.1 },
    },
  ];
  for (const spec of specs) {
    await t.step(`${spec.kind} at a time`, () => {
      let mean = 0;
      for (let seed = 1; seed <= 16; seed++) {
        const w = createWorkload(spec, P, createPrng(seed));
        w.write(0, 1.5, createBitset(P));
        mean += w.zeroPages!.count() / 16;
      }
      const model = expectedZeroPages(spec, P, 1.5);
      assert.ok(Math.abs(model / mean - 1) < 0.01, `model ${model}, sampler ${mean}`);
    });
    await t.step(`${spec.kind} in a pass, page k inspected at k x 0.5 ms`, () => {
      const tPage = 5e-4;
      let mean = 0;
      for (let seed = 1; seed <= 16; seed++) {
        const w = createWorkload(spec, P, createPrng(seed));
        const dirty = createBitset(P);
        let found = 0;
        for (let k = 0; k < P; k++) {
          if (k > 0) w.write((k - 1) * tPage, k * tPage, dirty);
          if (w.zeroPages!.has(k)) found++;
        }
        mean += found / 16;
      }
      const model = expectedZeroPagesInPass(spec, P, tPage);
      assert.ok(Math.abs(model / mean - 1) < 0.01, `model ${model}, sampler ${mean}`);
    });
  }
});

Deno.test("zero-page specs are checked, naming the field and value", () => {
  const cases: [unknown, string, string][] = [
    [
      { initialShare: -0.5 },
      "RangeError",
      "workload.zeroPages.initialShare must be in [0, 1]: current value is -0.5",
    ],
    [
      { initialShare: 0.5, zeroingWriteShare: 2 },
      "RangeError",
      "workload.zeroPages.zeroingWriteShare must be in [0, 1]: current value is 2",
    ],
    [
      { initialShare: 0.5, placement: { kind: "bottom" } },
      "TypeError",
      'workload.zeroPages.placement.kind must be one of "top", "start", "offset", "scattered": current value is "bottom"',
    ],
    ["half", "TypeError", 'workload.zeroPages must be an object: current value is "half"'],
  ];
  for (const [zeroPages, name, message] of cases) {
    assert.throws(
      () => createWorkload({ kind: "idle", zeroPages } as WorkloadSpec, 10, createPrng(1)),
      { name, message: `Cannot migrate as ${message}` },
    );
  }
  assert.throws(
    () =>
      createWorkload(
        {
          kind: "phased",
          phases: [{
            durationSeconds: 1,
            workload: { kind: "idle", zeroPages: { initialShare: 1 } },
          }],
        },
        10,
        createPrng(1),
      ),
    {
      name: "TypeError",
      message:
        'Cannot migrate as workload.phases[0].workload.zeroPages must be undefined (set zeroPages on the phased workload): current value is {"initialShare":1}',
    },
  );
});

Deno.test("expectedZeroPages() and expectedZeroPagesInPass() of the sequential writer are the sampler's exact counts", async (t) => {
  const P = 3000;
  const specs: WorkloadSpec[] = [
    {
      kind: "sequential",
      writesPerSecond: 1000,
      regionFraction: 0.5,
      zeroPages: { initialShare: 0.8 },
    },
    {
      kind: "sequential",
      writesPerSecond: 4000,
      regionStartFraction: 0.4,
      regionFraction: 0.5,
      stridePages: 3,
      zeroPages: { initialShare: 0.5, placement: { kind: "offset", offsetFraction: 0.7 } },
    },
    {
      kind: "sequential",
      writesPerSecond: 500,
      regionStartFraction: 0.1,
      regionFraction: 0.2,
      zeroPages: { initialShare: 0.3, placement: { kind: "start" } },
    },
    // a walk that starts mid-pass: the visits written before their inspection are a range
    // from its start visit and one before it, not a prefix of the pass
    {
      kind: "sequential",
      writesPerSecond: 2000,
      regionFraction: 0.5,
      startVisit: 250,
      zeroPages: { initialShare: 0.7, placement: { kind: "start" } },
    },
    {
      kind: "sequential",
      writesPerSecond: 3000,
      regionStartFraction: 0.2,
      regionFraction: 0.6,
      stridePages: 2,
      startVisit: 700,
      zeroPages: { initialShare: 0.5, placement: { kind: "offset", offsetFraction: 0.3 } },
    },
  ];
  for (const spec of specs) {
    await t.step(JSON.stringify(spec), () => {
      for (const seconds of [0, 0.25, 0.7, 5]) {
        const w = createWorkload(spec, P, createPrng(1));
        w.write(0, seconds, createBitset(P));
        assert.equal(expectedZeroPages(spec, P, seconds), w.zeroPages!.count(), `t = ${seconds}`);
      }
      for (const tPage of [1e-4, 7e-4, 3e-3]) {
        const w = createWorkload(spec, P, createPrng(1));
        const dirty = createBitset(P);
        let found = 0;
        for (let k = 0; k < P; k++) {
          if (k > 0) w.write((k - 1) * tPage, k * tPage, dirty);
          if (w.zeroPages!.has(k)) found++;
        }
        assert.equal(expectedZeroPagesInPass(spec, P, tPage), found, `tPage ${tPage}`);
      }
    });
  }
});

Deno.test("expectedZeroPages() of a sequential walk that starts mid-pass is the sampler's exact count", () => {
  // 1000 pages, the top 300 (700-999) zero; the walk covers pages 500-999 from visit 400 (page
  // 900): in 0.25 s its 250 writes visit pages 900-999, then 500-649.
  const spec: WorkloadSpec = {
    kind: "sequential",
    writesPerSecond: 1000,
    regionStartFraction: 0.5,
    regionFraction: 0.5,
    startVisit: 400,
    zeroPages: { initialShare: 0.3 },
  };
  for (const seconds of [0.05, 0.25, 0.5, 2]) {
    const w = createWorkload(spec, 1000, createPrng(1));
    w.write(0, seconds, createBitset(1000));
    assert.equal(expectedZeroPages(spec, 1000, seconds), w.zeroPages!.count(), `${seconds} s`);
  }
  assert.equal(expectedZeroPages(spec, 1000, 0.25), 300 - 100); // 500-649 were not zero
});

Deno.test("initialZeroPages(): the count of zero pages is round(initialShare × P), half up", () => {
  // P = 3, share 1/2: 1.5 pages round to 2 (floor would give 1); share 0.3 of 5 pages:
  // 1.5 → 2; share 0.1 of 5: 0.5 → 1; share 0.05 of 5: 0.25 → 0.
  assert.equal(initialZeroPages({ initialShare: 0.5 }, 3).count(), 2);
  assert.equal(initialZeroPages({ initialShare: 0.3 }, 5).count(), 2);
  assert.equal(initialZeroPages({ initialShare: 0.1 }, 5).count(), 1);
  assert.equal(initialZeroPages({ initialShare: 0.05 }, 5).count(), 0);
});

Deno.test("expectedZeroPagesInPass() checks its workload as expectedZeroPages() does (found by the fuzz tests)", () => {
  // it read spec.zeroPages of an undefined spec (a raw TypeError), and took any spec it could read
  assert.throws(() => expectedZeroPagesInPass(undefined as unknown as WorkloadSpec, 4, 1e308), {
    name: "TypeError",
    message:
      "Cannot compute expected zero pages as spec must be an object: current value is undefined",
  });
  const bad = { kind: "uniform", writesPerSecond: -1, zeroPages: { initialShare: 0.5 } } as const;
  assert.throws(() => expectedZeroPagesInPass(bad, 4, 1), {
    name: "RangeError",
    message:
      "Cannot compute expected zero pages as spec.writesPerSecond must be a finite number >= 0: current value is -1",
  });
});
