import assert from "node:assert/strict";
import { plotValidationErrors } from "../../lib/plot/mod.ts";

Deno.test("plotValidationErrors: one dot and one repeat bar per point with a non-zero mean", () => {
  const p = (label: string, mean: number, sim: number) => ({
    label,
    group: Math.abs(sim / mean - 1) <= 0.15 ? "within 15 %" : "outside",
    recordedMean: mean,
    recordedMin: mean * 0.5,
    recordedMax: mean * 2,
    simulated: sim,
  });
  const points = [p("a", 1, 1.1), p("b", 2, 50), p("c", 0, 1)];
  const svg = plotValidationErrors(points, { figureName: "downtime", title: "t" }).toSvg();
  // A mean of 0 has no relative error: 2 of 3 rows are drawn, each with a label.
  assert.equal(svg.match(/<circle/g)?.length, 2);
  assert.match(svg, />a</);
  assert.match(svg, />b</);
  assert.doesNotMatch(svg, />c</);
  assert.match(svg, />within 15 %</);
  assert.match(svg, />outside</);
  assert.doesNotMatch(svg, /NaN|Infinity/);
  // b's error, 2,400 %, is drawn at the 300 % edge and labelled with its value; a's is not
  assert.match(svg, />\+2400 %</);
  assert.equal(svg.match(/ %</g)?.length, 2); // the label and the legend's "within 15 %"
  // Same input, same bytes.
  assert.equal(svg, plotValidationErrors(points, { figureName: "downtime", title: "t" }).toSvg());
  // The clip is checked.
  assert.throws(
    () => plotValidationErrors(points, { figureName: "x", clipPercent: 0 }),
    /options\.clipPercent/,
  );
});
