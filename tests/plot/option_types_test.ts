/**
 * Every figure helper refuses a title, subtitle or axis label that is not a string (Plot would
 * draw `5` or `[object Object]`) and a `log` flag that is not a boolean (`"yes"` drew a log
 * scale), naming the option and its value, before it reads its rows.
 */
import assert from "node:assert/strict";
import {
  plotConsolidationMetrics,
  plotDatacenterTimeline,
  plotFaultOutage,
  plotFeasibilityMap,
  plotPlacementComparison,
  plotReliabilityCurves,
  plotRounds,
  plotSweepMetric,
  plotSweepPlane,
  plotTechniqueComparison,
  plotTimeline,
  plotValidationErrors,
  plotValidationScatter,
} from "../../lib/plot/mod.ts";

/** Each helper called on no rows with one option set, and the text options it takes. */
const HELPERS: [string, (options: Record<string, unknown>) => unknown, string[]][] = [
  ["plotConsolidationMetrics", (o) => plotConsolidationMetrics([], o as never), ["title"]],
  ["plotDatacenterTimeline", (o) => plotDatacenterTimeline([], o as never), ["title"]],
  ["plotFaultOutage", (o) => plotFaultOutage([], o as never), ["title"]],
  ["plotFeasibilityMap", (o) => plotFeasibilityMap([], o as never), ["title"]],
  ["plotPlacementComparison", (o) => plotPlacementComparison([], o as never), ["title"]],
  ["plotReliabilityCurves", (o) => plotReliabilityCurves([], o as never), [
    "title",
    "xLabel",
    "yLabel",
  ]],
  ["plotRounds", (o) => plotRounds([], o as never), ["title"]],
  ["plotSweepMetric", (o) => plotSweepMetric([], { x: "a", y: "b", series: "c", ...o } as never), [
    "title",
    "subtitle",
    "xLabel",
    "yLabel",
  ]],
  ["plotSweepPlane", (o) => plotSweepPlane([], { x: "a", y: "b", value: "c", ...o } as never), [
    "title",
    "subtitle",
    "xLabel",
    "yLabel",
    "valueLabel",
  ]],
  ["plotTechniqueComparison", (o) => plotTechniqueComparison([], o as never), [
    "title",
    "subtitle",
  ]],
  ["plotTimeline", (o) => plotTimeline([], o as never), ["title"]],
  ["plotValidationErrors", (o) => plotValidationErrors([], { figureName: "f", ...o } as never), [
    "title",
    "figureName",
  ]],
  [
    "plotValidationScatter",
    (o) => plotValidationScatter([], { xLabel: "x", yLabel: "y", ...o } as never),
    [
      "title",
      "xLabel",
      "yLabel",
    ],
  ],
];

for (const [name, draw, fields] of HELPERS) {
  Deno.test(`${name} refuses a non-string ${fields.join(", ")}`, () => {
    for (const field of fields) {
      for (const value of [5, { text: "T" }]) {
        assert.throws(
          () => draw({ [field]: value }),
          (error: Error) => {
            assert.ok(error instanceof TypeError, `${field}: ${error}`);
            assert.match(error.message, new RegExp(`options\\.${field} must be a string`));
            assert.match(error.message, new RegExp(`current value is ${JSON.stringify(value)}`));
            return true;
          },
        );
      }
    }
  });
}

Deno.test("plotTechniqueComparison and plotRounds refuse a log flag that is not a boolean", () => {
  for (const draw of [plotTechniqueComparison, plotRounds]) {
    assert.throws(
      () => draw([], { log: "yes" } as never),
      /options\.log must be a boolean: current value is "yes"/,
    );
  }
});
