import assert from "node:assert/strict";
import { createPrng } from "../../mod.ts";
import { selectVmToMigrate } from "../../lib/datacenter/mod.ts";

const vms = [
  { ramBytes: 1740, utilization: 0.3, history: [0.1, 0.2, 0.3, 0.4, 0.5] },
  { ramBytes: 613, utilization: 0.6, history: [0.5, 0.1, 0.4, 0.2, 0.3] },
  { ramBytes: 870, utilization: 0.05, history: [0.2, 0.4, 0.6, 0.8, 1.0] },
];

Deno.test("selectVmToMigrate() picks by each policy", async (t) => {
  await t.step("MMT: least RAM", () => assert.equal(selectVmToMigrate(vms, "mmt"), 1));
  await t.step("MU: least utilisation", () => assert.equal(selectVmToMigrate(vms, "mu"), 2));
  await t.step("MMT ties go to the first", () => {
    assert.equal(
      selectVmToMigrate([{ ramBytes: 1, utilization: 0 }, vms[1]!, {
        ramBytes: 1,
        utilization: 0,
      }], "mmt"),
      0,
    );
  });
  await t.step("RS: seeded, in range, reproducible", () => {
    const a = selectVmToMigrate(vms, "rs", { prng: createPrng(7, "rs") });
    const b = selectVmToMigrate(vms, "rs", { prng: createPrng(7, "rs") });
    assert.equal(a, b);
    assert.ok(a >= 0 && a < 3);
  });
  await t.step(
    "RS: the index is the draw times the count, truncated (uniform on the indices)",
    () => {
      // as CloudSim 3.0.3's Random.nextInt(size); three candidates: 0.3 -> 0.9 -> 0, 0.6 -> 1.8
      // -> 1, 0.99 -> 2.97 -> 2 (rounding would give 1, 2 and 3, and index 0 half as often)
      const pick = (u: number) => selectVmToMigrate(vms, "rs", { prng: () => u });
      assert.deepEqual([0.3, 0.6, 0.99].map(pick), [0, 1, 2]);
    },
  );
  await t.step("MC: the VMs that nearly follow each other beat the independent one", () => {
    const a = [0.1, 0.5, 0.2, 0.7, 0.3, 0.9];
    const b = a.map((x, i) => 0.5 * x + 0.1 + (i % 2 === 0 ? 1e-3 : -1e-3));
    const c = [0.4, 0.4, 0.1, 0.2, 0.8, 0.3];
    const pick = selectVmToMigrate([
      { ramBytes: 1, utilization: 0, history: c },
      { ramBytes: 1, utilization: 0, history: a },
      { ramBytes: 1, utilization: 0, history: b },
    ], "mc");
    assert.ok(pick === 1 || pick === 2, `picked ${pick}`);
  });
  await t.step(
    "MC on collinear VMs follows Commons Math: R^2 1.0, -0.140625, 1.0, first wins",
    () => {
      // Commons Math 3.6.1's OLSMultipleLinearRegression (CloudSim 3.0.3's regression) prints
      // these R^2 for the three VMs: its Householder R is not exactly singular, so no fallback
      assert.equal(selectVmToMigrate(vms, "mc"), 0);
    },
  );
  await t.step("MC falls back to MMT when R is exactly singular (an all-zero history)", () => {
    // Commons Math throws SingularMatrixException here (a zero diagonal of R), as for a
    // constant history, collinear with the intercept
    const zero = vms.map((v, i) => (i === 2 ? { ...v, history: [0, 0, 0, 0, 0] } : v));
    assert.equal(selectVmToMigrate(zero, "mc"), 1);
    const flat = vms.map((v, i) => (i === 2 ? { ...v, history: [0.3, 0.3, 0.3, 0.3, 0.3] } : v));
    assert.equal(selectVmToMigrate(flat, "mc"), 1);
  });
  await t.step("MC falls back to MMT with too short histories", () => {
    const short = vms.map((v) => ({ ...v, history: v.history.slice(0, 2) }));
    assert.equal(selectVmToMigrate(short, "mc"), 1);
  });
  await t.step("empty candidates give -1; RS without a prng throws", () => {
    assert.equal(selectVmToMigrate([], "mmt"), -1);
    assert.throws(
      () => selectVmToMigrate(vms, "rs"),
      new TypeError(
        'Cannot select a VM as options.prng must be a function for "rs": current value is undefined',
      ),
    );
  });
});

/** R^2 of y on the columns xs plus an intercept, by the textbook normal equations. */
function referenceRSquared(y: number[], xs: number[][]): number {
  const rows = y.map((_, o) => [1, ...xs.map((x) => x[o]!)]);
  const p = rows[0]!.length;
  const a = Array.from(
    { length: p },
    (_, i) =>
      Array.from(
        { length: p + 1 },
        (_, j) => rows.reduce((s, r, o) => s + r[i]! * (j < p ? r[j]! : y[o]!), 0),
      ),
  );
  for (let c = 0; c < p; c++) {
    let pivot = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k <= p; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  const beta = a.map((row, i) => row[p]! / row[i]!);
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  let ssr = 0, sst = 0;
  rows.forEach((r, o) => {
    const fit = r.reduce((s, v, i) => s + v * beta[i]!, 0);
    ssr += (y[o]! - fit) ** 2;
    sst += (y[o]! - mean) ** 2;
  });
  return 1 - ssr / sst;
}

Deno.test("selectVmToMigrate() MC picks the largest textbook R^2 on 50 seeded hosts", () => {
  const prng = createPrng(7, "mc-reference");
  let checked = 0;
  for (let trial = 0; trial < 50; trial++) {
    const n = 2 + (trial % 12); // 2..13 VMs
    const m = 30; // CloudSim's history length
    const base = Array.from({ length: m }, () => prng());
    const vms = Array.from({ length: n }, (_, i) => ({
      ramBytes: 1e9 + i,
      utilization: prng(),
      // histories of different lengths: MC uses the newest 30 values of each
      history: Array.from(
        { length: m + (i % 3) },
        () => (i % 2 === 0 ? 0.5 * base[checked % m]! : 0) + prng(),
      ),
    }));
    const rows = vms.map((v) => v.history.slice(v.history.length - m));
    const r2 = rows.map((y, i) => referenceRSquared(y, rows.filter((_, j) => j !== i)));
    const best = r2.indexOf(Math.max(...r2));
    const second = Math.max(...r2.filter((_, i) => i !== best));
    if (r2[best]! - second < 1e-9) continue; // a near tie could go either way
    assert.equal(selectVmToMigrate(vms, "mc"), best, `trial ${trial}: R^2 ${r2}`);
    checked++;
  }
  assert.ok(checked >= 45, `only ${checked} trials without a near tie`);
});

Deno.test("selectVmToMigrate() rejects candidates that are not an array", () => {
  assert.throws(() => selectVmToMigrate(null as unknown as [], "mmt"), {
    name: "TypeError",
    message: "Cannot select a VM as candidates must be an array: current value is null",
  });
});

Deno.test("selectVmToMigrate() refuses NaN or negative inputs and unknown policies", async (t) => {
  await t.step("a NaN or negative RAM or utilisation names the candidate's field", () => {
    // before: a NaN key never compares less, so MMT and MU kept index 0 silently
    assert.throws(
      () =>
        selectVmToMigrate(
          [{ ramBytes: NaN, utilization: 0.5 }, { ramBytes: 1, utilization: 0.1 }],
          "mmt",
        ),
      new RangeError(
        "Cannot select a VM as candidates[0].ramBytes must be a finite number >= 0: current value is NaN",
      ),
    );
    assert.throws(
      () =>
        selectVmToMigrate(
          [{ ramBytes: -5, utilization: 0.5 }, { ramBytes: 1, utilization: 0.1 }],
          "mmt",
        ),
      new RangeError(
        "Cannot select a VM as candidates[0].ramBytes must be a finite number >= 0: current value is -5",
      ),
    );
    assert.throws(
      () =>
        selectVmToMigrate(
          [{ ramBytes: 1, utilization: NaN }, { ramBytes: 1, utilization: 0.1 }],
          "mu",
        ),
      new RangeError(
        "Cannot select a VM as candidates[0].utilization must be a finite number >= 0: current value is NaN",
      ),
    );
  });
  await t.step("a NaN history value under MC names it", () => {
    const vms = [
      { ramBytes: 1, utilization: 0.5, history: [0.1, NaN, 0.3] },
      { ramBytes: 2, utilization: 0.5, history: [0.3, 0.2, 0.1] },
    ];
    assert.throws(
      () => selectVmToMigrate(vms, "mc"),
      new RangeError(
        "Cannot select a VM as candidates[0].history[1] must be a finite number >= 0: current value is NaN",
      ),
    );
  });
  await t.step("an unknown policy throws even with no candidates", () => {
    assert.throws(
      () => selectVmToMigrate([], "mmtt" as "mmt"),
      new TypeError(
        'Cannot select a VM as policy must be one of "mmt", "rs", "mc", "mu": current value is "mmtt"',
      ),
    );
  });
});
