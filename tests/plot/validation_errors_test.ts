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

Deno.test("plotValidationErrors() labels and counts errors below -100 %, drawn at the edge", async (t) => {
  const p = (label: string, mean: number, simulated: number) => ({
    label,
    group: "g",
    recordedMean: mean,
    recordedMin: mean,
    recordedMax: mean,
    simulated,
  });
  await t.step("a negative simulated value: labelled with its error and counted", () => {
    // b's error is -600 %: the old figure drew it at -100 %, as if the engine had said 0,
    // with no label and nothing in the figure saying so.
    const points = [p("a", 1, 1), p("b", 1, -5), p("c", 0, 1)];
    for (const title of ["t", ""]) {
      const svg = plotValidationErrors(points, { figureName: "downtime", title }).toSvg();
      assert.equal(svg.match(/<circle/g)?.length, 2);
      assert.match(svg, />-600 %</);
      assert.match(svg, />1 of 3 points left off \(recorded mean 0: no relative error\)</);
      assert.match(
        svg,
        />1 of 2 errors below -100 % drawn at the edge, labelled with its value</,
      );
    }
  });
  await t.step("a negative mean, and the plural", () => {
    const svg = plotValidationErrors([p("a", -1, 5), p("b", 1, -1), p("c", 1, 1)], {
      figureName: "downtime",
    }).toSvg();
    assert.match(svg, />-600 %</);
    assert.match(svg, />-200 %</);
    assert.match(
      svg,
      />2 of 3 errors below -100 % drawn at the edge, labelled with their value</,
    );
  });
  await t.step("nothing to say at exactly -100 % (a simulated 0)", () => {
    const svg = plotValidationErrors([p("a", 1, 0)], { figureName: "downtime" }).toSvg();
    assert.doesNotMatch(svg, /below -100|-100 %</);
  });
});
