import assert from "node:assert/strict";
import { plotSweepPlane, sweepPlaneMarks } from "../../lib/plot/mod.ts";

const OPTIONS = {
  x: "w",
  y: "b",
  value: "v",
  xLabel: "writes/s",
  yLabel: "bandwidth",
  valueLabel: "converged",
};
const grid = (value: (w: number, b: number) => unknown) =>
  [1, 10].flatMap((w) => [1, 10].map((b) => ({ w, b, v: value(w, b) })));

/** The fill colour of each cell square, in the order drawn. */
function cellFills(svg: string): string[] {
  return [...svg.matchAll(/<path fill="([^"]+)" d="M[^"]*"[^>]*><title>/g)].map((m) => m[1]!);
}

Deno.test("plotSweepPlane() colours shares and booleans on 0..1", () => {
  const layers = sweepPlaneMarks(grid((w, b) => w < b), OPTIONS);
  assert.deepEqual((layers.plotOptions.color as { domain: number[] }).domain, [0, 1]);
  const svg = plotSweepPlane(grid((w, b) => w < b), OPTIONS).toSvg();
  assert.match(svg, />0\.00</);
  assert.match(svg, />1\.00</);
});

Deno.test("plotSweepPlane() colours other values from the lowest to the highest cell mean", () => {
  const rows = grid((w, b) => w * b); // 1, 10, 10, 100
  const layers = sweepPlaneMarks(rows, OPTIONS);
  assert.deepEqual((layers.plotOptions.color as { domain: number[] }).domain, [1, 100]);
  const fills = cellFills(plotSweepPlane(rows, OPTIONS).toSvg());
  assert.equal(fills.length, 4);
  // Values above 1 no longer share one colour: 10 and 100 differ.
  assert.equal(new Set(fills).size, 3);
  assert.match(plotSweepPlane(rows, OPTIONS).toSvg(), />100</);
});

Deno.test("plotSweepPlane() refuses values and coordinates it cannot draw", async (t) => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    [
      "value NaN",
      { w: 1, b: 1, v: NaN },
      "RangeError",
      "rows[4].v must be a finite number: current value is NaN",
    ],
    [
      "value missing",
      { w: 1, b: 1 },
      "TypeError",
      "rows[4].v must be a number: current value is undefined",
    ],
    [
      "x zero on the log axis",
      { w: 0, b: 1, v: 1 },
      "RangeError",
      "rows[4].w must be a finite number > 0: current value is 0",
    ],
    [
      "y negative on the log axis",
      { w: 1, b: -10, v: 1 },
      "RangeError",
      "rows[4].b must be a finite number > 0: current value is -10",
    ],
    [
      "y NaN",
      { w: 1, b: NaN, v: 1 },
      "RangeError",
      "rows[4].b must be a finite number > 0: current value is NaN",
    ],
  ];
  for (const [name, row, error, message] of cases) {
    await t.step(name, () => {
      assert.throws(() => plotSweepPlane([...grid(() => 1), row], OPTIONS), {
        name: error,
        message: `Cannot plot a sweep plane as ${message}`,
      });
    });
  }
  await t.step("a boundary point at 0", () => {
    assert.throws(
      () =>
        plotSweepPlane(grid(() => 1), {
          ...OPTIONS,
          boundaries: [{ label: "edge", points: [{ w: 1, b: 1 }, { w: 0, b: 10 }] }],
        }),
      {
        name: "RangeError",
        message:
          "Cannot plot a sweep plane as options.boundaries[0].points[1].w must be a finite number > 0: current value is 0",
      },
    );
  });
});
