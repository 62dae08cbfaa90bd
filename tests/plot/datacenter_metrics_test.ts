import assert from "node:assert/strict";
import { plotConsolidationMetrics } from "../../lib/plot/mod.ts";
import type { ConsolidationMetricsRow } from "../../lib/plot/mod.ts";
import { assertSnapshot } from "./_snapshot.ts";

/** Three policies' results, hand-made (two seeds of MAD-MMT). */
function rows(): ConsolidationMetricsRow[] {
  const metrics = { slatah: 0, pdm: 0, slav: 0, esv: 0 };
  return [
    { policy: "DVFS", energyKwh: 176, migrations: 0, ...metrics },
    {
      policy: "THR-MMT",
      energyKwh: 150.7,
      migrations: 91,
      slatah: 5.27e-5,
      pdm: 2.71e-6,
      slav: 1.43e-10,
      esv: 2.15e-8,
    },
    { policy: "MAD-MMT", energyKwh: 120, migrations: 110, ...metrics, pdm: 6e-6 },
    { policy: "MAD-MMT", energyKwh: 126, migrations: 126, ...metrics, pdm: 7e-6 },
  ];
}

Deno.test("plotConsolidationMetrics() matches its golden SVG file", async () => {
  await assertSnapshot(plotConsolidationMetrics(rows()).toSvg(), "datacenter-metrics.svg");
});

Deno.test("plotConsolidationMetrics() draws one panel per metric and one bar per policy", async (t) => {
  const svg = plotConsolidationMetrics(rows()).toSvg();
  await t.step("a standalone, deterministic SVG", () => {
    assert.match(svg, /^<svg[^>]* xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.equal(plotConsolidationMetrics(rows()).toSvg(), svg);
  });
  await t.step("6 panels x 3 policies; seeds averaged; small values in exponent notation", () => {
    assert.equal(svg.match(/<rect (?!width="100%")/g)?.length, 18);
    for (const panel of ["Energy", "Migrations", "SLATAH", "PDM", "SLAV = SLATAH × PDM"]) {
      assert.ok(svg.includes(`>${panel}<`), panel);
    }
    assert.match(svg, />123</); // MAD-MMT energy: mean of 120 and 126
    assert.match(svg, />118</); // MAD-MMT migrations: mean of 110 and 126
    assert.match(svg, />6\.5e−4</); // MAD-MMT PDM: 6.5e-6 as a percentage
    assert.match(svg, />1\.4e−10</); // THR-MMT SLAV
  });
  await t.step("every panel names its unit and has its own axis from 0", () => {
    for (const unit of ["(kWh)", "(count)", "(% of active host time)", "(% of demand lost)"]) {
      assert.ok(svg.includes(`>${unit}<`), unit);
    }
    assert.doesNotMatch(svg, /Share of the panel/);
    // Energy panel ticks: 0, 50, 100, 150, 200 kWh (the largest mean is 176).
    for (const tick of ["50", "100", "150", "200"]) assert.ok(svg.includes(`>${tick}<`), tick);
  });
  await t.step("bar heights are proportional to the values on a linear axis from 0", () => {
    const fig = plotConsolidationMetrics([{ policy: "a", energyKwh: 50 }, {
      policy: "b",
      energyKwh: 100,
    }], { metrics: ["energyKwh"] }).toSvg();
    const heights = [...fig.matchAll(/<rect (?!width="100%")[^>]*height="([\d.]+)"/g)].map((m) =>
      Number(m[1])
    );
    assert.equal(heights.length, 2);
    assert.ok(Math.abs(heights[0]! / heights[1]! - 0.5) < 1e-9, String(heights));
  });
  await t.step("the admission waits have a panel of their own", () => {
    const fig = plotConsolidationMetrics([{ policy: "MAD-MMT", migrationWaitSeconds: 4109322 }], {
      metrics: ["migrationWaitSeconds"],
    }).toSvg();
    assert.ok(fig.includes(">Admission wait<"));
    assert.ok(fig.includes(">(s, all migrations)<"));
    assert.match(fig, />4110k</);
  });
  await t.step("the carried migrations and the merged moves have panels of their own", () => {
    const fig = plotConsolidationMetrics([{
      policy: "MAD-MMT",
      carriedMigrations: 3728,
      mergedMoves: 5120,
    }], { metrics: ["carriedMigrations", "mergedMoves"] }).toSvg();
    assert.ok(fig.includes(">Carried migrations<"));
    assert.ok(fig.includes(">Merged moves<"));
    assert.ok(fig.includes(">(count, a VM moved again)<"));
    assert.match(fig, />3730</);
    assert.match(fig, />5120</);
  });
  await t.step("inputs are not mutated", () => {
    const input = rows();
    const copy = structuredClone(input);
    plotConsolidationMetrics(input, { metrics: ["pdm", "energyKwh"] });
    assert.deepEqual(input, copy);
  });
});

Deno.test("plotConsolidationMetrics() rejects bad input", async (t) => {
  await t.step("a missing metric value", () => {
    assert.throws(() => plotConsolidationMetrics([{ policy: "a", energyKwh: 1 }]), {
      name: "TypeError",
      message:
        "Cannot plot consolidation metrics as rows[0].migrations must be a finite number: current value is undefined",
    });
  });
  await t.step("an unknown or empty metric list", () => {
    assert.throws(
      () => plotConsolidationMetrics([], { metrics: ["speed" as unknown as "pdm"] }),
      {
        name: "TypeError",
        message: /^Cannot plot consolidation metrics as metrics\[\] must be one of /,
      },
    );
    assert.throws(() => plotConsolidationMetrics([], { metrics: [] }), {
      name: "TypeError",
      message:
        "Cannot plot consolidation metrics as metrics must be a non-empty array: current value is []",
    });
  });
});

Deno.test("plotConsolidationMetrics() writes large values in k and M so that labels of narrow bars fit", () => {
  const svg = plotConsolidationMetrics([
    { policy: "a", migrationSeconds: 97_800 },
    { policy: "b", migrationSeconds: 108_000 },
    { policy: "c", migrationSeconds: 2.5e7 },
  ], { metrics: ["migrationSeconds"] }).toSvg();
  for (const label of ["97.8k", "108k", "25M"]) assert.ok(svg.includes(`>${label}<`), label);
});

Deno.test("plotConsolidationMetrics() requires each row's policy to be a non-empty string", () => {
  assert.throws(
    () =>
      plotConsolidationMetrics([
        { policy: -Infinity as unknown as string, energyKwh: 1, migrations: 1 },
      ]),
    /rows\[0\]\.policy must be a non-empty string: current value is -Infinity/,
  );
});

Deno.test("plotConsolidationMetrics() stands the labels of narrow bars upright, with room above them", () => {
  // nine policies in six panels: bars about 10 px apart, labels of up to 6 characters
  const nine = Array.from({ length: 9 }, (_, i) => ({
    policy: `POLICY-${i}`,
    energyKwh: i === 8 ? 400 : 150 + 20 * i, // 400: at the top tick
    migrations: 40_000 + 1_000 * i,
    slatah: 0.5,
    pdm: 0.002,
    slav: 0.001 + 1e-4 * i,
    esv: 0.3,
  }));
  const svg = plotConsolidationMetrics(nine).toSvg();
  // each value label and each policy name (9 x 6 of each) is drawn upright
  const upright = [
    ...svg.matchAll(/<text transform="translate\(([\d.]+),([\d.]+)\) rotate\(-90\)"/g),
  ];
  assert.equal(upright.length, 2 * 9 * 6);
  // the highest label (energy 400 kWh, the top tick: "400", 3 characters, about 17 px) ends
  // below the panel headers (the plot's top margin, 84 px): the axis reaches above the top
  // tick to hold it
  const tops = upright.map((m) => Number(m[2])).filter((y) => y < 290);
  assert.ok(Math.min(...tops) - 3 * 5.5 - 4 >= 84, String(Math.min(...tops)));
  // a few wide bars keep their labels level, as before
  const three = plotConsolidationMetrics(rows()).toSvg();
  assert.doesNotMatch(three, /rotate\(-90\)/);
  // and so do nine policies in a single wide panel
  const wide = plotConsolidationMetrics(nine, { metrics: ["energyKwh"], width: 1200 }).toSvg();
  assert.doesNotMatch(wide, /rotate\(-90\)/);
});
