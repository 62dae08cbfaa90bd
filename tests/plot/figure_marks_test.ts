import assert from "node:assert/strict";
import * as Plot from "npm:@observablehq/plot@0.6.17";
import {
  consolidationMetricsMarks,
  datacenterTimelineMarks,
  drawFigure,
  placementComparisonMarks,
  plotConsolidationMetrics,
  plotDatacenterTimeline,
  plotPlacementComparison,
  plotReliabilityCurves,
  plotRounds,
  plotTechniqueComparison,
  plotTimeline,
  reliabilityCurvesMarks,
  roundsMarks,
  techniqueComparisonMarks,
  timelineMarks,
} from "../../lib/plot/mod.ts";
import { comparisonRows, preCopyRounds, timelineResults } from "./_fixtures.ts";
import { assertSnapshot } from "./_snapshot.ts";

const PLACEMENT = [
  { algorithm: "first-fit", kind: "heuristic", hostsUsed: 22, energyKwh: 63.2 },
  { algorithm: "ilp", kind: "exact", hostsUsed: 21, energyKwh: 62.2, status: "optimal" },
  { algorithm: "martello-toth-l2", kind: "lower-bound", hostsUsed: 19, energyKwh: null },
] as const;
const RELIABILITY = [0, 1, 2].map((x) => ({
  series: "exact",
  x,
  reliability: Math.exp(-x / 2),
}));
const TIMELINE = [0, 1, 2, 3].map((k) => ({
  policy: "THR-MMT",
  startSeconds: 300 * k,
  activeHosts: 10 - k,
}));
const CONSOLIDATION = [
  { policy: "DVFS", energyKwh: 176, migrations: 0 },
  { policy: "THR-MMT", energyKwh: 150.7, migrations: 91 },
];

Deno.test("every plotXxx(rows, options) equals drawFigure(xxxMarks(rows, options))", async (t) => {
  const pairs: [string, () => string, () => string][] = [
    [
      "placement comparison",
      () => plotPlacementComparison([...PLACEMENT]).toSvg(),
      () => drawFigure(placementComparisonMarks([...PLACEMENT])).toSvg(),
    ],
    [
      "consolidation metrics",
      () => plotConsolidationMetrics(CONSOLIDATION, { metrics: ["energyKwh"] }).toSvg(),
      () =>
        drawFigure(consolidationMetricsMarks(CONSOLIDATION, { metrics: ["energyKwh"] })).toSvg(),
    ],
    [
      "datacenter timeline",
      () => plotDatacenterTimeline(TIMELINE, { meanOverSeconds: 600 }).toSvg(),
      () => drawFigure(datacenterTimelineMarks(TIMELINE, { meanOverSeconds: 600 })).toSvg(),
    ],
    [
      "reliability curves",
      () => plotReliabilityCurves(RELIABILITY).toSvg(),
      () => drawFigure(reliabilityCurvesMarks(RELIABILITY)).toSvg(),
    ],
    [
      "technique comparison",
      () => plotTechniqueComparison(comparisonRows(), { metric: "downtimeSeconds" }).toSvg(),
      () =>
        drawFigure(techniqueComparisonMarks(comparisonRows(), { metric: "downtimeSeconds" }))
          .toSvg(),
    ],
    [
      "rounds",
      () => plotRounds(preCopyRounds()).toSvg(),
      () => drawFigure(roundsMarks(preCopyRounds())).toSvg(),
    ],
    [
      "timeline",
      () =>
        plotTimeline(timelineResults())
          .toSvg(),
      () =>
        drawFigure(
          timelineMarks(timelineResults()),
        )
          .toSvg(),
    ],
  ];
  for (const [name, ready, composed] of pairs) {
    await t.step(name, () => {
      const svg = ready();
      assert.equal(composed(), svg);
      // Every figure is drawn on an opaque white canvas with dark text (dark themes, PNG).
      assert.match(svg, /^<svg[^>]* style="background:white;color:#1a1a1a"/);
      assert.match(svg, /<\/style><rect width="100%" height="100%" fill="white"\/>/);
    });
  }
});

Deno.test("drawFigure() adds a user's marks on top, in the figure's scales", async (t) => {
  const layers = techniqueComparisonMarks(comparisonRows(), { metric: "downtimeSeconds" });
  const budget = Plot.ruleY([0.3], { stroke: "#d62728", strokeDasharray: "6,3" });
  const note = Plot.text(["downtime budget 300 ms"], {
    frameAnchor: "top-right",
    fill: "#d62728",
  });
  const svg = drawFigure(layers, { marks: [budget, note] }).toSvg();
  await t.step("matches its golden SVG file", async () => {
    await assertSnapshot(svg, "technique-comparison-downtime-budget.svg");
  });
  await t.step("the rule is drawn last, in every facet", () => {
    const plain = drawFigure(layers).toSvg();
    assert.ok(svg.length > plain.length);
    // One rule per facet (3 workloads), in the user's colour and dash, after the dots.
    const rules = svg.match(/<g [^>]*stroke-dasharray="6,3" stroke="#d62728"><line /g) ?? [];
    assert.equal(rules.length, 3);
    assert.ok(svg.lastIndexOf('aria-label="rule"') > svg.lastIndexOf('aria-label="dot"'));
    assert.match(svg, />downtime budget 300 ms</);
  });
  await t.step("the marks returned are the figure's own; inputs are not mutated", () => {
    const before = layers.marks.length;
    drawFigure(layers, { marks: [budget] });
    assert.equal(layers.marks.length, before);
  });
});

Deno.test("drawFigure() rejects what is not a figure's marks", () => {
  assert.throws(() => drawFigure(null as never), {
    name: "TypeError",
    message: "Cannot draw a figure as figureMarks must be an object: current value is null",
  });
  assert.throws(
    () => drawFigure({ title: "t", marks: "dot", plotOptions: {} } as never),
    {
      name: "TypeError",
      message:
        'Cannot draw a figure as figureMarks.marks must be an array of Plot marks: current value is "dot"',
    },
  );
  assert.throws(
    () => drawFigure(placementComparisonMarks([...PLACEMENT]), { marks: 1 } as never),
    TypeError,
  );
  assert.throws(
    () => drawFigure(placementComparisonMarks([...PLACEMENT]), { colour: "red" } as never),
    TypeError,
  );
});
