import assert from "node:assert/strict";
import { affordableDowntime, migrationFeasibility } from "../../lib/realtime/mod.ts";

const CONFIG = {
  pageCounts: [256, 4096, 65_536],
  writesPerSecond: [0, 5_000, 50_000],
  periodsSeconds: [0.01, 0.1, 1, 10],
  link: { bandwidthBytesPerSecond: 125e6 },
  seed: 1,
};

Deno.test("migrationFeasibility() compares each technique's outage with the affordable downtime of the VM template", () => {
  const rows = migrationFeasibility(CONFIG);
  assert.equal(rows.length, 3 * 3 * 4 * 3);
  for (const row of rows) {
    // Independent: the template's affordable downtime, and offline's closed form (bytes / bandwidth).
    const period = row.periodSeconds;
    const afford = affordableDowntime({
      tasks: [{
        name: "t",
        periodSeconds: period,
        wcetSeconds: 0.2 * period,
        deadlineSeconds: period,
      }],
      scheduler: "edf",
      server: { periodSeconds: 0.1 * period, budgetSeconds: 0.4 * (0.1 * period) },
    }).downtimeSeconds!;
    assert.ok(Math.abs(row.affordableDowntimeSeconds - afford) < 1e-12 * period);
    assert.equal(row.feasible, row.outageSeconds <= afford * (1 + 1e-12) + 1e-15);
    if (row.technique === "offline") {
      const bytes = row.memoryBytes + 16_384;
      assert.ok(Math.abs(row.outageSeconds - bytes / 125e6) < 1e-12);
    }
  }
  // The affordable downtime scales with the period (the server period is 0.1 T).
  const at = (p: number) => rows.find((r) => r.periodSeconds === p)!.affordableDowntimeSeconds;
  assert.ok(Math.abs(at(10) / at(1) - 10) < 1e-9);
  // Feasibility only grows with the period and shrinks with memory, per technique and dirty rate.
  for (const technique of ["offline", "pre-copy", "post-copy"]) {
    for (const w of CONFIG.writesPerSecond) {
      const mine = rows.filter((r) => r.technique === technique && r.writesPerSecond === w);
      for (const a of mine) {
        for (const b of mine) {
          if (a.pageCount <= b.pageCount && a.periodSeconds >= b.periodSeconds && b.feasible) {
            assert.equal(a.feasible, true, JSON.stringify({ a, b }));
          }
        }
      }
    }
  }
  // One chosen technique per point, and it is feasible whenever any technique is.
  const points = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = `${r.pageCount}/${r.writesPerSecond}/${r.periodSeconds}`;
    points.set(key, [...(points.get(key) ?? []), r]);
  }
  for (const group of points.values()) {
    assert.equal(group.filter((r) => r.chosen).length, 1);
    if (group.some((r) => r.feasible)) assert.equal(group.find((r) => r.chosen)!.feasible, true);
  }
  assert.ok(rows.some((r) => r.feasible) && rows.some((r) => !r.feasible));
});

Deno.test("migrationFeasibility() rejects bad sweeps naming the field", () => {
  assert.throws(
    () => migrationFeasibility({ ...CONFIG, pageCounts: [] }),
    /config\.pageCounts must be a non-empty array/,
  );
  assert.throws(
    () => migrationFeasibility({ ...CONFIG, periodsSeconds: [0] }),
    /config\.periodsSeconds\[0\]/,
  );
  assert.throws(
    () => migrationFeasibility({ ...CONFIG, writesPerSecond: [NaN] }),
    /config\.writesPerSecond\[0\]/,
  );
  assert.throws(
    () => migrationFeasibility({ ...CONFIG, serverBandwidth: 0.1 }),
    /config\.serverBandwidth/,
  );
});

Deno.test("migrationFeasibility() takes whole page counts the engine can hold, naming the entry", () => {
  for (const [pages, shown] of [[2.5, "2.5"], [1e300, "1e+300"], [0, "0"]] as const) {
    assert.throws(
      () => migrationFeasibility({ ...CONFIG, pageCounts: [256, pages] }),
      (e: Error) =>
        e instanceof RangeError &&
        e.message.startsWith(
          "Cannot map migration feasibility as config.pageCounts[1] must be an integer in [1, ",
        ) &&
        e.message.endsWith(`current value is ${shown}`),
    );
  }
});

Deno.test("migrationFeasibility() gives no rows for a point whose VM misses deadlines without an outage", () => {
  // u = 0.2 in a server of bandwidth 0.21 (Π = 0.1 T): its blackout alone misses the deadline
  const rows = migrationFeasibility({
    ...CONFIG,
    pageCounts: [256],
    writesPerSecond: [0],
    periodsSeconds: [1],
    serverBandwidth: 0.21,
  });
  assert.deepEqual(rows, []);
});

Deno.test("migrationFeasibility(): the template task keeps C = U·T whatever its deadline ratio, and memory is pages × page size", () => {
  // A dedicated server (bandwidth 1: sbf(t) = t, usbf(Δ) = Δ) and one EDF task C = 0.2 · 1,
  // T = 1, D = 0.5: the slack min_k (D + kT) − (k + 1)C = D − C + k(T − C) is least at
  // k = 0, 0.5 − 0.2 = 0.3 s of affordable downtime (0.4 if C were U·D = 0.1).
  const rows = migrationFeasibility({
    pageCounts: [1],
    writesPerSecond: [0],
    periodsSeconds: [1],
    link: { bandwidthBytesPerSecond: 125e6 },
    seed: 1,
    serverBandwidth: 1,
    deadlineRatio: 0.5,
    pageSizeBytes: 8192,
    techniques: ["offline"],
  });
  assert.equal(rows.length, 1);
  assert.ok(Math.abs(rows[0]!.affordableDowntimeSeconds - 0.3) < 1e-12);
  assert.equal(rows[0]!.memoryBytes, 8192);
});
