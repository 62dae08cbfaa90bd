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
