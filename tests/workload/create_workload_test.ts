import assert from "node:assert/strict";
import { type Bitset, createBitset } from "../../lib/bitset/bitset.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { createWorkload, hotSetPages } from "../../lib/workload/create_workload.ts";
import type { TraceWorkload, WorkloadSpec } from "../../lib/workload/spec.ts";
import type { Workload } from "../../lib/workload/workload.ts";

/** Asserts that a Poisson count is within `z` standard deviations of its mean. */
function assertPoisson(count: number, mean: number, z = 4): void {
  const sd = Math.sqrt(mean);
  assert.ok(
    Math.abs(count - mean) <= z * sd,
    `count ${count} is not within ${z} sd (${sd.toFixed(1)}) of the mean ${mean}`,
  );
}

/** Asserts that `k` successes in `n` Bernoulli(p) trials are within `z` sd of n p. */
function assertBinomial(k: number, n: number, p: number, z = 4): void {
  const sd = Math.sqrt(n * p * (1 - p));
  assert.ok(
    Math.abs(k - n * p) <= z * sd,
    `count ${k} of ${n} is not within ${z} sd (${sd.toFixed(1)}) of n p = ${n * p}`,
  );
}

/** Pages set in a bitset, in increasing order. */
function pagesOf(dirty: Bitset): number[] {
  const pages: number[] = [];
  dirty.forEach((page) => pages.push(page));
  return pages;
}

/**
 * Counts writes per page exactly, from many short intervals: only intervals with exactly
 * one write are used, so the bit that is set is that write's page. The number of writes
 * is drawn before (and independently of) their pages, so conditioning on it leaves the
 * page distribution unchanged.
 */
function writesPerPage(
  workload: Workload,
  pageCount: number,
  samples: number,
  intervalSeconds: number,
): number[] {
  const counts = new Array<number>(pageCount).fill(0);
  const dirty = createBitset(pageCount);
  let t = 0;
  for (let seen = 0; seen < samples;) {
    const n = workload.write(t, t + intervalSeconds, dirty);
    t += intervalSeconds;
    if (n === 0) continue;
    if (n === 1) {
      const page = dirty.nextSet(0);
      counts[page]!++;
      seen++;
    }
    dirty.clear();
  }
  return counts;
}

const RATE_SPECS: WorkloadSpec[] = [
  { kind: "uniform", writesPerSecond: 1000 },
  { kind: "hot-cold", writesPerSecond: 1000, hotFraction: 0.1, hotShare: 0.9 },
  { kind: "zipf", writesPerSecond: 1000, exponent: 1 },
  {
    kind: "phased",
    phases: [
      {
        durationSeconds: 1,
        workload: { kind: "uniform", writesPerSecond: 1500 },
      },
      { durationSeconds: 1, workload: { kind: "idle" } },
      {
        durationSeconds: 2,
        workload: { kind: "zipf", writesPerSecond: 1250, exponent: 0.8 },
      },
    ],
  },
];

Deno.test("createWorkload() write counts match writesPerSecond x duration within 4 sd (Poisson)", async (t) => {
  for (const spec of RATE_SPECS) {
    await t.step(
      `${spec.kind}: one 100 s interval and 10,000 intervals of 0.01 s`,
      () => {
        const workload = createWorkload(spec, 1000, createPrng(11, spec.kind));
        assert.equal(workload.writesPerSecond, 1000);
        const dirty = createBitset(1000);
        assertPoisson(workload.write(0, 100, dirty), 100_000);
        let sum = 0;
        for (let i = 0; i < 10_000; i++) {
          sum += workload.write(100 + i / 100, 100 + (i + 1) / 100, dirty);
        }
        assertPoisson(sum, 100_000);
      },
    );
  }
  await t.step("idle: no write ever, nothing marked", () => {
    const workload = createWorkload({ kind: "idle" }, 64, createPrng(1));
    const dirty = createBitset(64);
    assert.equal(workload.write(0, 1e6, dirty), 0);
    assert.equal(dirty.count(), 0);
    assert.equal(workload.writesPerSecond, 0);
    assert.equal(workload.accessesPerSecond, 0);
  });
  await t.step("readsPerSecond adds accesses but no writes", () => {
    const workload = createWorkload(
      { kind: "uniform", writesPerSecond: 10, readsPerSecond: 30 },
      64,
      createPrng(2),
    );
    assert.equal(workload.writesPerSecond, 10);
    assert.equal(workload.accessesPerSecond, 40);
    assertPoisson(workload.write(0, 1000, createBitset(64)), 10_000);
  });
  await t.step("empty and reversed intervals write nothing", () => {
    for (const spec of RATE_SPECS) {
      const workload = createWorkload(spec, 1000, createPrng(3));
      const dirty = createBitset(1000);
      assert.equal(workload.write(5, 5, dirty), 0);
      assert.equal(workload.write(6, 5, dirty), 0);
      assert.equal(dirty.count(), 0);
    }
  });
});

Deno.test("createWorkload() uniform distinct pages match P(1 - (1 - 1/P)^w) within 2% (mean over 20 seeds)", () => {
  const pageCount = 1000;
  for (const seconds of [0.5, 1, 3]) {
    let observed = 0;
    let expected = 0;
    for (let seed = 0; seed < 20; seed++) {
      const workload = createWorkload(
        { kind: "uniform", writesPerSecond: 1000 },
        pageCount,
        createPrng(seed, "distinct"),
      );
      const dirty = createBitset(pageCount);
      const w = workload.write(0, seconds, dirty);
      observed += dirty.count();
      expected += pageCount * (1 - Math.pow(1 - 1 / pageCount, w));
      assert.ok(dirty.count() <= w);
    }
    assert.ok(
      Math.abs(observed / expected - 1) < 0.02,
      `${seconds} s: observed ${observed / 20} vs expected ${expected / 20}`,
    );
  }
});

Deno.test("createWorkload() hot-cold puts hotShare of writes in pages [0, hotSetPages()) within 4 sd", async (t) => {
  const pageCount = 1000;
  const cases = [
    { hotFraction: 0.1, hotShare: 0.8 },
    { hotFraction: 0.013, hotShare: 0.95 }, // 13 hot pages
    { hotFraction: 0.5, hotShare: 0.5 }, // the same as uniform
  ];
  for (const { hotFraction, hotShare } of cases) {
    await t.step(
      `hotFraction ${hotFraction}, hotShare ${hotShare}: 100,000 writes`,
      () => {
        const hot = hotSetPages(hotFraction, pageCount);
        const workload = createWorkload(
          { kind: "hot-cold", writesPerSecond: 1000, hotFraction, hotShare },
          pageCount,
          createPrng(5, hotFraction),
        );
        const n = 100_000;
        const counts = writesPerPage(workload, pageCount, n, 0.0005);
        const hotWrites = counts.slice(0, hot).reduce((a, b) => a + b, 0);
        assertBinomial(hotWrites, n, hotShare);
        // Uniform inside each set: the first and last hot pages, and the first cold page.
        for (const page of [0, hot - 1]) {
          assertBinomial(counts[page]!, n, hotShare / hot);
        }
        assertBinomial(counts[hot]!, n, (1 - hotShare) / (pageCount - hot));
        assertBinomial(
          counts[pageCount - 1]!,
          n,
          (1 - hotShare) / (pageCount - hot),
        );
      },
    );
  }
  await t.step(
    "hotShare 1 writes only hot pages; hotShare 0 only cold ones",
    () => {
      const hot = hotSetPages(0.05, 200);
      assert.equal(hot, 10);
      for (const hotShare of [0, 1]) {
        const workload = createWorkload(
          {
            kind: "hot-cold",
            writesPerSecond: 1000,
            hotFraction: 0.05,
            hotShare,
          },
          200,
          createPrng(6),
        );
        const dirty = createBitset(200);
        workload.write(0, 10, dirty);
        const pages = pagesOf(dirty);
        assert.equal(pages.every((p) => (p < hot) === (hotShare === 1)), true);
        assert.equal(pages.length, hotShare === 1 ? hot : 200 - hot);
      }
    },
  );
  await t.step(
    "hotFraction 1 (no cold page) writes every page uniformly",
    () => {
      const workload = createWorkload(
        {
          kind: "hot-cold",
          writesPerSecond: 1000,
          hotFraction: 1,
          hotShare: 0.3,
        },
        100,
        createPrng(7),
      );
      const dirty = createBitset(100);
      workload.write(0, 10, dirty);
      assert.equal(dirty.count(), 100);
    },
  );
  await t.step(
    "the access cursor picks hot pages with probability hotShare",
    () => {
      const workload = createWorkload(
        {
          kind: "hot-cold",
          writesPerSecond: 100,
          hotFraction: 0.1,
          hotShare: 0.8,
        },
        pageCount,
        createPrng(8),
      );
      const cursor = workload.accesses(0);
      let hotCount = 0;
      for (let i = 0; i < 50_000; i++, cursor.advance()) {
        if (cursor.page < 100) hotCount++;
      }
      assertBinomial(hotCount, 50_000, 0.8);
    },
  );
});

Deno.test("createWorkload() zipf page frequencies follow the pmf (k + 1)^-s / H(P, s) on the top 10 ranks within 4 sd", async (t) => {
  const pageCount = 1000;
  for (const exponent of [0.8, 1, 1.5]) {
    await t.step(`exponent ${exponent}: 100,000 writes`, () => {
      let norm = 0;
      for (let k = pageCount; k >= 1; k--) norm += Math.pow(k, -exponent);
      const workload = createWorkload(
        { kind: "zipf", writesPerSecond: 1000, exponent },
        pageCount,
        createPrng(9, exponent),
      );
      const n = 100_000;
      const counts = writesPerPage(workload, pageCount, n, 0.0005);
      for (let k = 0; k < 10; k++) {
        assertBinomial(counts[k]!, n, Math.pow(k + 1, -exponent) / norm);
      }
      // And the tail beyond rank 100 as a whole.
      let tail = 0;
      for (let k = 100; k < pageCount; k++) {
        tail += Math.pow(k + 1, -exponent) / norm;
      }
      assertBinomial(counts.slice(100).reduce((a, b) => a + b, 0), n, tail);
    });
  }
});

Deno.test("createWorkload() phased switches behaviour at phase boundaries and cycles", async (t) => {
  const pageCount = 1000;
  const hot = hotSetPages(0.02, pageCount); // 20 pages
  const spec: WorkloadSpec = {
    kind: "phased",
    phases: [
      {
        durationSeconds: 2,
        workload: { kind: "uniform", writesPerSecond: 1000 },
      },
      { durationSeconds: 1, workload: { kind: "idle" } },
      {
        durationSeconds: 1,
        workload: {
          kind: "hot-cold",
          writesPerSecond: 2000,
          hotFraction: 0.02,
          hotShare: 1,
        },
      },
    ],
  };
  await t.step("averages the rates over the 4 s cycle", () => {
    const workload = createWorkload(spec, pageCount, createPrng(1));
    assert.equal(workload.writesPerSecond, (2 * 1000 + 0 + 1 * 2000) / 4);
    assert.equal(workload.accessesPerSecond, 1000);
  });
  await t.step("write() per phase, over three cycles", () => {
    const workload = createWorkload(spec, pageCount, createPrng(2));
    for (let cycle = 0; cycle < 3; cycle++) {
      const start = 4 * cycle;
      const dirty = createBitset(pageCount);
      assertPoisson(workload.write(start, start + 2, dirty), 2000);
      assert.ok(pagesOf(dirty).some((p) => p >= hot + 100)); // spread, not hot-only
      dirty.clear();
      assert.equal(workload.write(start + 2, start + 3, dirty), 0);
      assert.equal(dirty.count(), 0);
      assertPoisson(workload.write(start + 3, start + 4, dirty), 2000);
      assert.equal(pagesOf(dirty).every((p) => p < hot), true);
      assert.equal(dirty.count(), hot);
    }
  });
  await t.step("an interval across boundaries sums its parts", () => {
    // [1.5, 3.5): 0.5 s uniform (500) + 1 s idle + 0.5 s hot (1000).
    let sum = 0;
    let hotOnly = 0;
    for (let seed = 0; seed < 100; seed++) {
      const workload = createWorkload(
        spec,
        pageCount,
        createPrng(seed, "span"),
      );
      const dirty = createBitset(pageCount);
      sum += workload.write(1.5, 3.5, dirty);
      const hotPart = workload.write(7, 7.5, createBitset(pageCount)); // second cycle, hot
      hotOnly += hotPart;
    }
    assertPoisson(sum, 100 * 1500);
    assertPoisson(hotOnly, 100 * 1000);
  });
  await t.step(
    "the access cursor is silent while idle and hot-only in the hot phase",
    () => {
      const workload = createWorkload(spec, pageCount, createPrng(3));
      const cursor = workload.accesses(0);
      const perPhase = [0, 0, 0];
      let last = 0;
      for (; cursor.timeSeconds < 12; cursor.advance()) {
        assert.ok(cursor.timeSeconds >= last);
        last = cursor.timeSeconds;
        const offset = cursor.timeSeconds % 4;
        const phase = offset < 2 ? 0 : offset < 3 ? 1 : 2;
        perPhase[phase]!++;
        if (phase === 2) assert.ok(cursor.page < hot);
        assert.equal(cursor.write, true);
      }
      assert.equal(perPhase[1], 0);
      assertPoisson(perPhase[0]!, 3 * 2000);
      assertPoisson(perPhase[2]!, 3 * 2000);
    },
  );
  await t.step("a cycle of idle phases gives an empty stream", () => {
    const workload = createWorkload(
      {
        kind: "phased",
        phases: [{ durationSeconds: 1, workload: { kind: "idle" } }],
      },
      10,
      createPrng(4),
    );
    assert.equal(workload.accesses(0).timeSeconds, Infinity);
    assert.equal(workload.write(0, 100, createBitset(10)), 0);
  });
});

Deno.test("createWorkload() consecutive write() calls over [0, a), [a, b) match one call over [0, b)", async (t) => {
  await t.step("synthetic kinds: same mean within 4 sd over 400 seeds", () => {
    for (const spec of RATE_SPECS) {
      let split = 0;
      let whole = 0;
      for (let seed = 0; seed < 400; seed++) {
        const a = createWorkload(spec, 1000, createPrng(seed, "split"));
        const b = createWorkload(spec, 1000, createPrng(seed, "whole"));
        split += a.write(0, 1.7, createBitset(1000)) +
          a.write(1.7, 8, createBitset(1000));
        whole += b.write(0, 8, createBitset(1000)); // two phased cycles
      }
      assertPoisson(split, 400 * 8000);
      assertPoisson(whole, 400 * 8000);
    }
  });
  await t.step("trace: the same count and pages exactly, for any split", () => {
    const trace = sampleTrace();
    const whole = createWorkload(trace, 10, createPrng(0));
    for (const b of [0.95, 1, 2.3, 3]) {
      const expectedDirty = createBitset(10);
      const expected = whole.write(0, b, expectedDirty);
      for (let a = 0; a <= b; a += 0.05) {
        const split = createWorkload(trace, 10, createPrng(0));
        const dirty = createBitset(10);
        const n = split.write(0, a, dirty) + split.write(a, b, dirty);
        assert.equal(n, expected, `split at ${a} of [0, ${b})`);
        assert.deepEqual(pagesOf(dirty), pagesOf(expectedDirty));
      }
    }
  });
});

Deno.test("createWorkload() access cursor: non-decreasing times, rate and write share within 4 sd", async (t) => {
  const specs: WorkloadSpec[] = [
    { kind: "uniform", writesPerSecond: 300, readsPerSecond: 700 },
    {
      kind: "hot-cold",
      writesPerSecond: 300,
      readsPerSecond: 700,
      hotFraction: 0.1,
      hotShare: 0.9,
    },
    { kind: "zipf", writesPerSecond: 300, readsPerSecond: 700, exponent: 1.2 },
  ];
  for (const spec of specs) {
    await t.step(`${spec.kind}: 100 s at 1000 accesses/s`, () => {
      const workload = createWorkload(spec, 500, createPrng(21, spec.kind));
      assert.equal(workload.accessesPerSecond, 1000);
      const cursor = workload.accesses(0);
      let count = 0;
      let writes = 0;
      let last = 0;
      for (; cursor.timeSeconds < 100; cursor.advance()) {
        assert.ok(cursor.timeSeconds >= last);
        assert.ok(
          Number.isInteger(cursor.page) && cursor.page >= 0 &&
            cursor.page < 500,
        );
        last = cursor.timeSeconds;
        count++;
        if (cursor.write) writes++;
      }
      assertPoisson(count, 100_000);
      assertBinomial(writes, count, 0.3);
    });
  }
  await t.step("starting at 50 s, the first access is at or after 50 s", () => {
    const workload = createWorkload(specs[0]!, 500, createPrng(22));
    const cursor = workload.accesses(50);
    assert.ok(cursor.timeSeconds >= 50 && cursor.timeSeconds < 50.1);
  });
  await t.step("idle gives Infinity at once, and after advance()", () => {
    const cursor = createWorkload({ kind: "idle" }, 10, createPrng(23))
      .accesses(0);
    assert.equal(cursor.timeSeconds, Infinity);
    cursor.advance();
    assert.equal(cursor.timeSeconds, Infinity);
    const silent = createWorkload(
      { kind: "zipf", writesPerSecond: 0, exponent: 1 },
      10,
      createPrng(23),
    );
    assert.equal(silent.accesses(3).timeSeconds, Infinity);
  });
});

/** A 1 s trace of 10 pages: three writes (pages 3, 3, 7) and two reads. */
function sampleTrace(): TraceWorkload {
  return {
    kind: "trace",
    durationSeconds: 1,
    accesses: [
      { timeSeconds: 0.1, page: 3, write: true },
      { timeSeconds: 0.2, page: 5, write: false },
      { timeSeconds: 0.25, page: 3, write: true },
      { timeSeconds: 0.5, page: 7, write: true },
      { timeSeconds: 0.9, page: 1, write: false },
    ],
  };
}

Deno.test("createWorkload() trace replays the recorded writes and accesses, looping with cycle offsets", async (t) => {
  await t.step("rates are the trace's counts over its duration", () => {
    const workload = createWorkload(sampleTrace(), 10, createPrng(0));
    assert.equal(workload.accessesPerSecond, 5);
    assert.equal(workload.writesPerSecond, 3);
  });
  await t.step(
    "write() over [0, D) marks exactly the written pages and returns their count",
    () => {
      const workload = createWorkload(sampleTrace(), 10, createPrng(0));
      const dirty = createBitset(10);
      assert.equal(workload.write(0, 1, dirty), 3);
      assert.deepEqual(pagesOf(dirty), [3, 7]);
    },
  );
  await t.step(
    "counts scale across cycles; partial cycles count their own writes",
    () => {
      const workload = createWorkload(sampleTrace(), 10, createPrng(0));
      const dirty = createBitset(10);
      assert.equal(workload.write(0, 5, dirty), 15);
      assert.deepEqual(pagesOf(dirty), [3, 7]);
      dirty.clear();
      // Offsets [0.3, 1) of cycle 5 (page 7) and [0, 0.2) of cycle 6 (page 3).
      assert.equal(workload.write(5.3, 6.2, dirty), 2);
      assert.deepEqual(pagesOf(dirty), [3, 7]);
      dirty.clear();
      assert.equal(workload.write(5.3, 5.45, dirty), 0);
      assert.equal(workload.write(7.45, 7.55, dirty), 1);
      assert.deepEqual(pagesOf(dirty), [7]);
    },
  );
  await t.step(
    "the cursor replays accesses in order with cycle offsets",
    () => {
      const trace = sampleTrace();
      const cursor = createWorkload(trace, 10, createPrng(0)).accesses(0);
      const seen = [];
      for (let i = 0; i < 12; i++, cursor.advance()) {
        seen.push({
          timeSeconds: cursor.timeSeconds,
          page: cursor.page,
          write: cursor.write,
        });
      }
      const expected = [];
      for (let i = 0; i < 12; i++) {
        const a = trace.accesses[i % 5]!;
        expected.push({ ...a, timeSeconds: Math.floor(i / 5) + a.timeSeconds });
      }
      assert.deepEqual(seen, expected);
    },
  );
  await t.step("a cursor started mid-trace begins at the next access", () => {
    const workload = createWorkload(sampleTrace(), 10, createPrng(0));
    const c1 = workload.accesses(0.3);
    assert.deepEqual([c1.timeSeconds, c1.page, c1.write], [0.5, 7, true]);
    const c2 = workload.accesses(1.95);
    assert.deepEqual([c2.timeSeconds, c2.page, c2.write], [2 + 0.1, 3, true]);
    const c3 = workload.accesses(2.25);
    assert.deepEqual([c3.timeSeconds, c3.page], [2 + 0.25, 3]);
  });
  await t.step(
    "a cursor started at a cycle's start first replays the last cycle's access at D",
    () => {
      // D = 2, accesses at 0, 0.5, 1 and 2: at 2 the last cycle's access at t = D (page 4)
      // comes before this cycle's at 0 (page 1), as write() counts both
      const trace = {
        kind: "trace" as const,
        durationSeconds: 2,
        accesses: [0, 0.5, 1, 2].map((t, i) => ({ timeSeconds: t, page: i + 1, write: true })),
      };
      const workload = createWorkload(trace, 10, createPrng(0));
      for (const from of [2, 4]) {
        const cursor = workload.accesses(from);
        const seen: [number, number][] = [];
        for (let i = 0; i < 3; i++, cursor.advance()) seen.push([cursor.timeSeconds, cursor.page]);
        assert.deepEqual(seen, [[from, 4], [from, 1], [from + 0.5, 2]], `from ${from}`);
        const dirty = createBitset(10);
        assert.equal(workload.write(from, from + 0.75, dirty), 3);
      }
      const first = workload.accesses(0);
      assert.deepEqual([first.timeSeconds, first.page], [0, 1]);
    },
  );
  await t.step(
    "an empty trace never writes and its cursor is at Infinity",
    () => {
      const workload = createWorkload(
        { kind: "trace", durationSeconds: 2, accesses: [] },
        10,
        createPrng(0),
      );
      assert.equal(workload.write(0, 100, createBitset(10)), 0);
      assert.equal(workload.accesses(0).timeSeconds, Infinity);
      assert.equal(workload.accessesPerSecond, 0);
    },
  );
});

Deno.test("createWorkload() is deterministic: the same seed gives identical writes and accesses", () => {
  for (const spec of RATE_SPECS) {
    const run = (seed: number) => {
      const workload = createWorkload(spec, 1000, createPrng(seed, "det"));
      const dirty = createBitset(1000);
      const counts = [
        workload.write(0, 0.3, dirty),
        workload.write(0.3, 2.2, dirty),
      ];
      const cursor = workload.accesses(2.2);
      const stream = [];
      for (let i = 0; i < 50; i++, cursor.advance()) {
        stream.push([cursor.timeSeconds, cursor.page, cursor.write]);
      }
      return { counts, pages: pagesOf(dirty), stream };
    };
    assert.deepEqual(run(1), run(1));
    assert.notDeepEqual(run(1), run(2));
  }
});

Deno.test("createWorkload() rejects invalid specs with the named error", async (t) => {
  const prng = createPrng(0);
  const cases: [unknown, ErrorConstructor, string][] = [
    [
      { kind: "bursty" },
      TypeError,
      'Cannot migrate as workload.kind must be one of "idle", "uniform", "hot-cold", "zipf", "sequential", "phased", "trace": current value is "bursty"',
    ],
    [
      { kind: "uniform", writesPerSecond: -1 },
      RangeError,
      "Cannot migrate as workload.writesPerSecond must be a finite number >= 0: current value is -1",
    ],
    [
      { kind: "uniform", writesPerSecond: "5" },
      TypeError,
      'Cannot migrate as workload.writesPerSecond must be a number: current value is "5"',
    ],
    [
      { kind: "hot-cold", writesPerSecond: 1, hotFraction: 0.1, hotShare: 1.5 },
      RangeError,
      "Cannot migrate as workload.hotShare must be in [0, 1]: current value is 1.5",
    ],
    [
      { kind: "zipf", writesPerSecond: 1, exponent: 0 },
      RangeError,
      "Cannot migrate as workload.exponent must be a finite number > 0: current value is 0",
    ],
    [
      { kind: "phased", phases: [] },
      TypeError,
      "Cannot migrate as workload.phases must be a non-empty array: current value is []",
    ],
    [
      {
        kind: "trace",
        durationSeconds: 1,
        accesses: [{ timeSeconds: 0.5, page: 10, write: true }],
      },
      RangeError,
      "Cannot migrate as workload.accesses[0].page must be an integer in [0, 9]: current value is 10",
    ],
    [
      {
        kind: "trace",
        durationSeconds: 1,
        accesses: [
          { timeSeconds: 0.5, page: 1, write: true },
          { timeSeconds: 0.2, page: 1, write: true },
        ],
      },
      RangeError,
      "Cannot migrate as workload.accesses[1].timeSeconds must be in [0.5, 1]: current value is 0.2",
    ],
  ];
  for (const [spec, name, message] of cases) {
    await t.step(message, () => {
      assert.throws(() => createWorkload(spec as WorkloadSpec, 10, prng), {
        name: name.name,
        message,
      });
    });
  }
});

// The two tests below fail against the current lib/workload/create_workload.ts: they
// report bugs for the lead (see the final report), and are not to be weakened.

Deno.test("createWorkload() rejects a page count that is not an integer >= 1", () => {
  const spec: WorkloadSpec = { kind: "uniform", writesPerSecond: 100 };
  for (const pageCount of [0, 1.5, NaN]) {
    // With 1.5 pages, the uniform picker writes page 1, outside [0, 1.5) rounded down.
    assert.throws(() => createWorkload(spec, pageCount, createPrng(1)), {
      name: "RangeError",
      message: /pageCount/,
    });
  }
});

Deno.test("createWorkload() trace write() and cursor agree on an access at exactly durationSeconds", () => {
  // validateWorkload accepts timeSeconds === durationSeconds. The cursor reports that
  // access at t = D (in [D, 2D)), but write() counts it in [0, D).
  const trace: TraceWorkload = {
    kind: "trace",
    durationSeconds: 1,
    accesses: [{ timeSeconds: 1, page: 2, write: true }],
  };
  const workload = createWorkload(trace, 4, createPrng(0));
  const cursor = workload.accesses(0);
  let cursorWrites = 0;
  for (; cursor.timeSeconds < 1; cursor.advance()) {
    if (cursor.write) cursorWrites++;
  }
  assert.equal(workload.write(0, 1, createBitset(4)), cursorWrites);
});

Deno.test("createWorkload() phased with nanosecond phases skips whole cycles instead of walking them", () => {
  // 1 ns phases and one access every ~0.5 s: walking phase by phase would take 5e8 steps.
  const w = createWorkload(
    {
      kind: "phased",
      phases: [
        { durationSeconds: 1e-9, workload: { kind: "idle" } },
        {
          durationSeconds: 1e-9,
          workload: { kind: "uniform", writesPerSecond: 1, readsPerSecond: 1 },
        },
      ],
    },
    4096,
    createPrng(3),
  );
  assert.equal(w.accessesPerSecond, 1);
  const cursor = w.accesses(0);
  let n = 0;
  while (cursor.timeSeconds < 2000) {
    n++;
    cursor.advance();
  }
  // Poisson(2000): within 5 standard deviations.
  assert.ok(Math.abs(n - 2000) < 5 * Math.sqrt(2000), `n = ${n}`);
  const dirty = createBitset(4096);
  const writes = w.write(0, 20000, dirty);
  assert.ok(Math.abs(writes - 10000) < 5 * Math.sqrt(10000), `writes = ${writes}`);
});

Deno.test("createWorkload() checks every draw of a generator not made by createPrng", async (t) => {
  const spec: WorkloadSpec = { kind: "uniform", writesPerSecond: 100 };
  const message = (draw: string) =>
    `Cannot create a workload as prng must return numbers in [0, 1): current value is a draw of ${draw}`;
  /** Gives `first` draws of 0.37, then `bad`; stops a sampler that would loop forever. */
  function drifting(first: number, bad: unknown): () => number {
    let draws = 0;
    return () => {
      if (++draws > 1_000_000) throw new Error("the sampler kept drawing");
      return (draws <= first ? 0.37 : bad) as number;
    };
  }
  await t.step("per-write: a draw of 1.5 after the Poisson count", () => {
    // was 96 writes counted with 1 page dirty: the writes went past the last page
    const w = createWorkload(spec, 1000, drifting(50, 1.5));
    assert.throws(() => w.write(0, 1, createBitset(1000)), {
      name: "RangeError",
      message: message("1.5"),
    });
  });
  const bads: [unknown, string][] = [
    [NaN, "NaN"],
    [-0.5, "-0.5"],
    [1, "1"],
    [undefined, "undefined"],
  ];
  for (const [bad, shown] of bads) {
    await t.step(`per-page: a draw of ${shown}`, () => {
      // was a sampler drawing forever
      const w = createWorkload(spec, 1000, drifting(0, bad), "per-page");
      assert.throws(() => w.write(0, 1, createBitset(1000)), {
        name: "RangeError",
        message: message(shown),
      });
    });
  }
  await t.step("zero pages: the draw that seeds the zeroing stream", () => {
    // was "Cannot create a generator as seed must be ...: current value is NaN"
    const zeroing: WorkloadSpec = {
      ...spec,
      zeroPages: { initialShare: 0, zeroingWriteShare: 0.5 },
    };
    assert.throws(() => createWorkload(zeroing, 1000, drifting(0, NaN)), {
      name: "RangeError",
      message: message("NaN"),
    });
  });
  await t.step("a valid generator of the caller's gives createPrng's writes", () => {
    for (const sampler of ["per-write", "per-page"] as const) {
      const own = createPrng(3, "own");
      const wrapped = createWorkload(spec, 1000, () => own(), sampler);
      const plain = createWorkload(spec, 1000, createPrng(3, "own"), sampler);
      const a = createBitset(1000), b = createBitset(1000);
      assert.equal(wrapped.write(0, 5, a), plain.write(0, 5, b));
      assert.deepEqual(pagesOf(a), pagesOf(b));
    }
  });
});
