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

Deno.test("plotValidationErrors() says how many points a mean of 0 leaves off", async (t) => {
  const p = (label: string, mean: number) => ({
    label,
    group: "g",
    recordedMean: mean,
    recordedMin: mean,
    recordedMax: mean,
    simulated: 1,
  });
  await t.step("one of three left off: the note counts it, with or without a title", () => {
    // The figure drew 2 rows for 3 points and said nothing of the third.
    const points = [p("a", 1), p("b", 2), p("c", 0)];
    for (const title of ["t", ""]) {
      const svg = plotValidationErrors(points, { figureName: "downtime", title }).toSvg();
      assert.equal(svg.match(/<circle/g)?.length, 2);
      assert.match(svg, />1 of 3 points left off \(recorded mean 0: no relative error\)</);
    }
  });
  await t.step("nothing to say when every point is drawn", () => {
    const svg = plotValidationErrors([p("a", 1), p("b", 2)], { figureName: "downtime" }).toSvg();
    assert.doesNotMatch(svg, /left off/);
  });
});
