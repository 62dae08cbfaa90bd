import assert from "node:assert/strict";
import { plotFeasibilityMap } from "../../lib/plot/feasibility_map.ts";
import type { MigrationFeasibilityRow } from "../../lib/realtime/migration_feasibility.ts";
import { assertSnapshot } from "./_snapshot.ts";

/** Hand-made rows: 2 memory sizes × 2 periods × 1 rate × 2 techniques. */
function rows(): MigrationFeasibilityRow[] {
  const out: MigrationFeasibilityRow[] = [];
  for (const memoryBytes of [2 ** 24, 2 ** 30]) {
    for (const periodSeconds of [0.01, 1]) {
      const offlineFits = memoryBytes === 2 ** 24 && periodSeconds === 1;
      for (const technique of ["offline", "post-copy"] as const) {
        const feasible = technique === "post-copy" ? periodSeconds === 1 : offlineFits;
        out.push({
          pageCount: memoryBytes / 4096,
          memoryBytes,
          writesPerSecond: 1000,
          periodSeconds,
          affordableDowntimeSeconds: periodSeconds / 2,
          technique,
          outageSeconds: 0,
          migrationSeconds: 0,
          feasible,
          chosen: technique === (offlineFits ? "offline" : "post-copy"),
          seed: 1,
        });
      }
    }
  }
  return out;
}

Deno.test("plotFeasibilityMap() matches its golden SVG file", async () => {
  await assertSnapshot(plotFeasibilityMap(rows()).toSvg(), "feasibility-map.svg");
});

Deno.test("plotFeasibilityMap() draws one cell per row, green where feasible, and a dot per chosen point", () => {
  const svg = plotFeasibilityMap(rows()).toSvg();
  assert.equal((svg.match(/<rect (?!width="100%")/g) ?? []).length, 8);
  assert.equal((svg.match(/fill="#4e9a5b"/g) ?? []).length, 3 + 1); // 3 cells + the key swatch
  assert.equal((svg.match(/<circle /g) ?? []).length, 4);
  assert.match(svg, />1024</); // 1 GiB in MiB, not rounded to 3 digits
  assert.match(svg, /VM memory \(MiB\)/);
  assert.match(svg, /Task period \(s\)/);
  assert.throws(() => plotFeasibilityMap("x" as unknown as MigrationFeasibilityRow[]), TypeError);
});

Deno.test("plotFeasibilityMap() refuses two rows in one cell, naming the keys they differ in", async (t) => {
  await t.step("rows of two deadline ratios", () => {
    const swept = [0.7, 1].flatMap((deadlineRatio) =>
      rows().map((r) => ({ ...r, deadlineRatio, feasible: deadlineRatio === 1 && r.feasible }))
    );
    assert.throws(() => plotFeasibilityMap(swept), {
      name: "RangeError",
      message:
        'Cannot plot the feasibility map as rows[8] must not fall in the cell of rows[0] (technique, writesPerSecond, memoryBytes, periodSeconds; they differ in deadlineRatio: draw one map per value): current value is "offline, 1000 writes/s, 16777216 bytes, 0.01 s"',
    });
  });
  await t.step("one ratio of them is drawn", () => {
    const one = rows().map((r) => ({ ...r, deadlineRatio: 1 }));
    assert.match(plotFeasibilityMap(one).toSvg(), /^<svg/);
  });
  await t.step("a plotted field out of range", () => {
    const bad = rows().map((r, i) => (i === 2 ? { ...r, periodSeconds: NaN } : r));
    assert.throws(() => plotFeasibilityMap(bad), {
      name: "RangeError",
      message:
        "Cannot plot the feasibility map as rows[2].periodSeconds must be a finite number > 0: current value is NaN",
    });
  });
});

Deno.test("plotFeasibilityMap() says how many cells of its grid have no row", async (t) => {
  await t.step("a point without rows leaves one empty cell per technique, counted", () => {
    // The point 1 GiB, 10 ms has no row (as migrationFeasibility gives none for a VM
    // unschedulable in its server): the old figure left 2 of 8 cells blank and said nothing.
    const holes = rows().filter((r) => !(r.memoryBytes === 2 ** 30 && r.periodSeconds === 0.01));
    const svg = plotFeasibilityMap(holes).toSvg();
    assert.equal((svg.match(/<rect (?!width="100%")/g) ?? []).length, 6);
    assert.match(
      svg,
      />2 of 8 cells empty: no row \(migrationFeasibility gives none where the VM misses deadlines even without an outage\)</,
    );
  });
  await t.step("nothing to say when every cell has its row", () => {
    assert.doesNotMatch(plotFeasibilityMap(rows()).toSvg(), /empty/);
  });
});

Deno.test("plotFeasibilityMap() refuses two values of an axis that read as one label", async (t) => {
  // The axes are labelled with rounded values but the grid and its count of empty cells were
  // made of the raw values: 1073741824 and 1073741825 bytes both read "1024" MiB, so the old
  // figure drew the two rows of a point in one cell (one hiding the other) and counted a third
  // memory column it does not have ("4 of 12 cells empty" for a full 2 × 2 grid per technique).
  await t.step("memory sizes 1 byte apart", () => {
    const near = rows().map((r) =>
      r.memoryBytes === 2 ** 30 && r.technique === "post-copy"
        ? { ...r, memoryBytes: 2 ** 30 + 1 }
        : r
    );
    assert.throws(() => plotFeasibilityMap(near), {
      name: "RangeError",
      message:
        'Cannot plot the feasibility map as rows[5].memoryBytes must not share its axis label with rows[4].memoryBytes = 1073741824 (both read "1024" MiB: two values under one label draw in one place, one row hiding the other; give them one value or plot them apart): current value is 1073741825',
    });
  });
  await t.step("periods below 3 significant digits apart", () => {
    const near = rows().map((r, i) => (i === 1 ? { ...r, periodSeconds: 0.010001 } : r));
    assert.throws(() => plotFeasibilityMap(near), {
      name: "RangeError",
      message:
        'Cannot plot the feasibility map as rows[1].periodSeconds must not share its axis label with rows[0].periodSeconds = 0.01 (both read "0.01" s: two values under one label draw in one place, one row hiding the other; give them one value or plot them apart): current value is 0.010001',
    });
  });
  await t.step("dirty rates below 3 significant digits apart", () => {
    const near = rows().map((r, i) => (i === 7 ? { ...r, writesPerSecond: 1001 } : r));
    assert.throws(() => plotFeasibilityMap(near), {
      name: "RangeError",
      message:
        'Cannot plot the feasibility map as rows[7].writesPerSecond must not share its axis label with rows[0].writesPerSecond = 1000 (both read "1000 writes/s": two values under one label draw in one place, one row hiding the other; give them one value or plot them apart): current value is 1001',
    });
  });
  await t.step("values the labels tell apart are drawn and counted", () => {
    // 1 GiB + 1 MiB reads "1025": a third memory column, and 2 of its cells empty per technique.
    const apart = rows().map((r) =>
      r.memoryBytes === 2 ** 30 && r.technique === "post-copy"
        ? { ...r, memoryBytes: 2 ** 30 + 2 ** 20 }
        : r
    );
    const svg = plotFeasibilityMap(apart).toSvg();
    assert.match(svg, />1025</);
    assert.equal((svg.match(/<rect (?!width="100%")/g) ?? []).length, 8);
    assert.match(svg, />4 of 12 cells empty: /);
  });
});
