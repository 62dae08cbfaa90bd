import assert from "node:assert/strict";
import { createBitset } from "../../lib/bitset/bitset.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { createWorkload, hotSetPages } from "../../lib/workload/create_workload.ts";
import {
  createDistinctPagesModel,
  expectedDistinctPages,
} from "../../lib/workload/expected_dirty_pages.ts";
import type { WorkloadSpec } from "../../lib/workload/spec.ts";

/** Page probabilities of a workload, written out independently of the model. */
function pageProbabilities(spec: WorkloadSpec, pageCount: number): number[] {
  const p = new Array<number>(pageCount).fill(0);
  if (spec.kind === "uniform") p.fill(1 / pageCount);
  if (spec.kind === "hot-cold") {
    const hot = hotSetPages(spec.hotFraction, pageCount);
    const cold = pageCount - hot;
    const share = cold === 0 ? 1 : spec.hotShare;
    for (let k = 0; k < pageCount; k++) {
      p[k] = k < hot ? share / hot : (1 - share) / cold;
    }
  }
  if (spec.kind === "zipf") {
    let norm = 0;
    for (let k = 1; k <= pageCount; k++) norm += k ** -spec.exponent;
    for (let k = 0; k < pageCount; k++) p[k] = (k + 1) ** -spec.exponent / norm;
  }
  return p;
}

/** Expected distinct pages by enumerating all pageCount^writes write sequences. */
function enumerate(probs: number[], writes: number): number {
  let expected = 0;
  const seq = new Array<number>(writes).fill(0);
  const total = probs.length ** writes;
  for (let n = 0; n < total; n++) {
    let x = n;
    let weight = 1;
    for (let i = 0; i < writes; i++) {
      seq[i] = x % probs.length;
      x = Math.floor(x / probs.length);
      weight *= probs[seq[i]!]!;
    }
    expected += weight * new Set(seq).size;
  }
  return expected;
}

const SMALL_CASES: WorkloadSpec[] = [
  { kind: "uniform", writesPerSecond: 1 },
  { kind: "hot-cold", writesPerSecond: 1, hotFraction: 0.4, hotShare: 0.9 },
  { kind: "hot-cold", writesPerSecond: 1, hotFraction: 0.01, hotShare: 0.5 },
  { kind: "hot-cold", writesPerSecond: 1, hotFraction: 1, hotShare: 0.3 },
  { kind: "hot-cold", writesPerSecond: 1, hotFraction: 0.4, hotShare: 0 },
  { kind: "zipf", writesPerSecond: 1, exponent: 1 },
  { kind: "zipf", writesPerSecond: 1, exponent: 2.5 },
];

Deno.test("expectedDistinctPages() equals exact enumeration of every write sequence", async (t) => {
  for (const spec of SMALL_CASES) {
    await t.step(JSON.stringify(spec), () => {
      for (const pageCount of [1, 2, 5]) {
        const probs = pageProbabilities(spec, pageCount);
        for (let writes = 0; writes <= 5; writes++) {
          const exact = enumerate(probs, writes);
          const got = expectedDistinctPages(spec, pageCount, writes);
          assert.ok(
            Math.abs(got - exact) < 1e-12 * Math.max(1, exact),
            `P=${pageCount} w=${writes}: ${got} vs ${exact}`,
          );
          assert.ok(
            Math.abs(
              createDistinctPagesModel(spec, pageCount)(writes) - exact,
            ) < 1e-12,
          );
        }
      }
    });
  }
});

Deno.test("expectedDistinctPages() matches hand-computed values", async (t) => {
  await t.step("uniform P=3, w=2 gives 5/3", () => {
    const got = expectedDistinctPages(
      { kind: "uniform", writesPerSecond: 1 },
      3,
      2,
    );
    assert.ok(Math.abs(got - 5 / 3) < 1e-15);
  });
  await t.step(
    "uniform P=1000, w=1000 gives 1000 (1 - 0.999^1000) = 632.305",
    () => {
      const got = expectedDistinctPages(
        { kind: "uniform", writesPerSecond: 1 },
        1000,
        1000,
      );
      assert.ok(Math.abs(got - 632.3045752290363) < 1e-9);
    },
  );
  await t.step("hot-cold with hotShare 1 saturates at the hot set", () => {
    const spec: WorkloadSpec = {
      kind: "hot-cold",
      writesPerSecond: 1,
      hotFraction: 0.05,
      hotShare: 1,
    };
    assert.ok(Math.abs(expectedDistinctPages(spec, 1000, 1e6) - 50) < 1e-9);
  });
  await t.step("one write dirties exactly one page, even on 2^30 pages", () => {
    // The naive 1 - (1 - 1/P)^w loses ~7 digits here; log1p/expm1 keeps them.
    const got = expectedDistinctPages(
      { kind: "uniform", writesPerSecond: 1 },
      2 ** 30,
      1,
    );
    assert.ok(Math.abs(got - 1) < 1e-12, String(got));
  });
  await t.step("idle dirties nothing and zero writes dirty nothing", () => {
    assert.equal(expectedDistinctPages({ kind: "idle" }, 100, 1000), 0);
    assert.equal(
      expectedDistinctPages({ kind: "uniform", writesPerSecond: 1 }, 100, 0),
      0,
    );
    assert.equal(
      expectedDistinctPages(
        { kind: "zipf", writesPerSecond: 1, exponent: 1 },
        100,
        0,
      ),
      0,
    );
  });
  await t.step(
    "zipf one-shot and prepared models agree on 10,000 pages",
    () => {
      const spec: WorkloadSpec = {
        kind: "zipf",
        writesPerSecond: 1,
        exponent: 1.2,
      };
      const model = createDistinctPagesModel(spec, 10_000);
      for (const w of [1, 100, 10_000, 1e6]) {
        const a = expectedDistinctPages(spec, 10_000, w);
        assert.ok(Math.abs(a - model(w)) < 1e-9 * a);
        assert.ok(a <= Math.min(w, 10_000) + 1e-9);
      }
    },
  );
});

Deno.test("expectedDistinctPages() is within 1% of the workload generator's mean over 20 seeds", async (t) => {
  const pageCount = 4096;
  const seconds = 1;
  const cases: WorkloadSpec[] = [
    { kind: "uniform", writesPerSecond: 3000 },
    {
      kind: "hot-cold",
      writesPerSecond: 3000,
      hotFraction: 0.1,
      hotShare: 0.8,
    },
    { kind: "zipf", writesPerSecond: 3000, exponent: 0.9 },
  ];
  for (const spec of cases) {
    await t.step(spec.kind, () => {
      let sum = 0;
      const seeds = 20;
      for (let seed = 0; seed < seeds; seed++) {
        const w = createWorkload(spec, pageCount, createPrng(seed, "workload"));
        const dirty = createBitset(pageCount);
        w.write(0, seconds, dirty);
        sum += dirty.count();
      }
      const model = expectedDistinctPages(spec, pageCount, 3000 * seconds);
      const mean = sum / seeds;
      assert.ok(Math.abs(mean - model) / model < 0.01, `${mean} vs ${model}`);
    });
  }
});

Deno.test("expectedDistinctPages() rejects workloads and arguments outside the model", async (t) => {
  await t.step("phased and trace workloads are not covered (TypeError)", () => {
    assert.throws(
      () =>
        expectedDistinctPages(
          {
            kind: "phased",
            phases: [{ durationSeconds: 1, workload: { kind: "idle" } }],
          },
          10,
          1,
        ),
      {
        name: "TypeError",
        message:
          'Cannot compute expected distinct pages as spec.kind must be one of "idle", "uniform", "hot-cold", "zipf", "sequential": current value is "phased"',
      },
    );
    assert.throws(
      () =>
        createDistinctPagesModel({
          kind: "trace",
          durationSeconds: 1,
          accesses: [],
        }, 10),
      {
        name: "TypeError",
        message:
          'Cannot compute expected distinct pages as spec.kind must be one of "idle", "uniform", "hot-cold", "zipf", "sequential": current value is "trace"',
      },
    );
  });
  await t.step(
    "page count, writes and shape parameters are range-checked",
    () => {
      const uniform: WorkloadSpec = { kind: "uniform", writesPerSecond: 1 };
      assert.throws(() => expectedDistinctPages(uniform, 0, 1), {
        name: "RangeError",
        message:
          "Cannot compute expected distinct pages as pageCount must be an integer >= 1: current value is 0",
      });
      assert.throws(() => expectedDistinctPages(uniform, 10, -1), {
        name: "RangeError",
        message:
          "Cannot compute expected distinct pages as writes must be a finite number >= 0: current value is -1",
      });
      assert.throws(() => expectedDistinctPages(uniform, 10, NaN), RangeError);
      assert.throws(
        () => expectedDistinctPages(uniform, 10, Infinity),
        RangeError,
      );
      assert.throws(
        () =>
          expectedDistinctPages(
            {
              kind: "hot-cold",
              writesPerSecond: 1,
              hotFraction: 0,
              hotShare: 0.5,
            },
            10,
            1,
          ),
        {
          name: "RangeError",
          message:
            "Cannot compute expected distinct pages as spec.hotFraction must be in (0, 1]: current value is 0",
        },
      );
      assert.throws(
        () =>
          expectedDistinctPages(
            {
              kind: "hot-cold",
              writesPerSecond: 1,
              hotFraction: 0.5,
              hotShare: 1.5,
            },
            10,
            1,
          ),
        {
          name: "RangeError",
          message:
            "Cannot compute expected distinct pages as spec.hotShare must be in [0, 1]: current value is 1.5",
        },
      );
      assert.throws(
        () =>
          expectedDistinctPages(
            { kind: "zipf", writesPerSecond: 1, exponent: 0 },
            10,
            1,
          ),
        {
          name: "RangeError",
          message:
            "Cannot compute expected distinct pages as spec.exponent must be a finite number > 0: current value is 0",
        },
      );
    },
  );
});
