import assert from "node:assert/strict";
import { plotValidationScatter } from "../../lib/plot/mod.ts";

Deno.test("plotValidationScatter: one dot and one range bar per drawable point", () => {
  const p = (label: string, mean: number, sim: number) => ({
    label,
    group: sim > mean * 1.15 ? "fails" : "passes",
    recordedMean: mean,
    recordedMin: mean * 0.8,
    recordedMax: mean * 1.2,
    simulated: sim,
  });
  const svg = plotValidationScatter([p("a", 1, 1.1), p("b", 2, 5), p("c", 0, 1), p("d", 3, 0)], {
    xLabel: "QEMU (s)",
    yLabel: "engine (s)",
    title: "t",
  }).toSvg();
  // Points with a value <= 0 cannot sit on log axes: 2 of 4 are drawn.
  assert.equal(svg.match(/<circle/g)?.length, 2);
  assert.match(svg, />passes</);
  assert.match(svg, />fails</);
  // Same input, same bytes.
  assert.equal(
    svg,
    plotValidationScatter([p("a", 1, 1.1), p("b", 2, 5), p("c", 0, 1), p("d", 3, 0)], {
      xLabel: "QEMU (s)",
      yLabel: "engine (s)",
      title: "t",
    }).toSvg(),
  );
});

Deno.test("plotValidationScatter() counts the points it leaves off and keeps a point whose only zero is a repeat", async (t) => {
  const options = { xLabel: "QEMU (s)", yLabel: "engine (s)", title: "t" };
  const point = {
    label: "a",
    group: "g",
    recordedMean: 1,
    recordedMin: 0.8,
    recordedMax: 1.2,
    simulated: 1.1,
  };
  await t.step("no note when every point is drawn", () => {
    const svg = plotValidationScatter([point], options).toSvg();
    assert.doesNotMatch(svg, /left off|clipped/);
  });
  await t.step("points with a mean or simulated value <= 0 are counted", () => {
    const svg = plotValidationScatter([
      point,
      { ...point, label: "b", recordedMean: 0, recordedMin: 0, recordedMax: 0 },
      { ...point, label: "c", simulated: 0 },
    ], options).toSvg();
    assert.equal(svg.match(/<circle/g)?.length, 1);
    assert.match(svg, />2 of 3 points left off the log axes \(mean or simulated value &lt;= 0\)</);
  });
  await t.step("a zero minimum clips the range and keeps the mean's dot", () => {
    const svg = plotValidationScatter([point, { ...point, label: "b", recordedMin: 0 }], options)
      .toSvg();
    assert.equal(svg.match(/<circle/g)?.length, 2);
    // Two range bars; the clipped one starts at the frame's left edge (marginLeft 70).
    const links = svg.slice(svg.indexOf('aria-label="link"')).split("</g>")[0]!;
    assert.deepEqual([...links.matchAll(/d="M([\d.]+),/g)].map((m) => m[1]), ["226.667", "70"]);
    assert.match(svg, />1 ranges clipped at the axis \(a repeat &lt;= 0\)</);
    assert.doesNotMatch(svg, /left off/);
  });
});
