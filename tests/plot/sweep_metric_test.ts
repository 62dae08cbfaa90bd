import assert from "node:assert/strict";
import { plotSweepMetric, sweepMetricMarks } from "../../lib/plot/mod.ts";

const OPTIONS = { x: "x", y: "y", series: "v", xLabel: "x (s)", yLabel: "y (s)" };
const rows = () => [1, 2, 3].flatMap((x) => [0, 1].map((s) => ({ x, y: x + s, v: "a" })));

Deno.test("plotSweepMetric() draws series whose names spell NaN or Infinity", () => {
  const named = rows().map((r) => ({ ...r, v: "NaN-boxing VM" }));
  const svg = plotSweepMetric(named, { ...OPTIONS, title: "Downtime on an Infinity Fabric link" })
    .toSvg();
  assert.match(svg, />NaN-boxing VM</);
  assert.match(svg, />Downtime on an Infinity Fabric link</);
});

Deno.test("plotSweepMetric() refuses rows whose x or y is not a finite number", async (t) => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    [
      "y NaN",
      { x: 2, y: NaN, v: "a" },
      "RangeError",
      "rows[6].y must be a finite number: current value is NaN",
    ],
    [
      "x Infinity",
      { x: Infinity, y: 1, v: "a" },
      "RangeError",
      "rows[6].x must be a finite number: current value is Infinity",
    ],
    [
      "y a string",
      { x: 2, y: "3", v: "a" },
      "TypeError",
      'rows[6].y must be a number: current value is "3"',
    ],
    [
      "series missing",
      { x: 2, y: 3 },
      "TypeError",
      "rows[6].v must be a string, a finite number or a boolean: current value is undefined",
    ],
  ];
  for (const [name, row, error, message] of cases) {
    await t.step(name, () => {
      assert.throws(() => plotSweepMetric([...rows(), row], OPTIONS), {
        name: error,
        message: `Cannot plot a sweep metric as ${message}`,
      });
    });
  }
  await t.step("a mistyped key names the first row", () => {
    assert.throws(() => plotSweepMetric(rows(), { ...OPTIONS, y: "yy" }), {
      name: "TypeError",
      message:
        "Cannot plot a sweep metric as rows[0].yy must be a number: current value is undefined",
    });
  });
});

Deno.test("plotSweepMetric() refuses x <= 0 on a log x axis", async (t) => {
  for (const x of [0, -1]) {
    await t.step(`x = ${x}`, () => {
      assert.throws(
        () => plotSweepMetric([...rows(), { x, y: 1, v: "a" }], { ...OPTIONS, xLog: true }),
        {
          name: "RangeError",
          message:
            `Cannot plot a sweep metric as rows[6].x must be a finite number > 0: current value is ${x}`,
        },
      );
    });
  }
  await t.step("x = 0 is drawn on a linear axis", () => {
    assert.match(plotSweepMetric([...rows(), { x: 0, y: 1, v: "a" }], OPTIONS).toSvg(), /^<svg/);
  });
});

Deno.test("plotSweepMetric() on a log y axis: runs with y <= 0 left off, counted in the means, said", async (t) => {
  /** The data of the figure's mean line (its third mark), as [x, y] pairs. */
  const meanLine = (data: Record<string, unknown>[]) => {
    const mark = sweepMetricMarks(data, { ...OPTIONS, yLog: true }).marks[1] as unknown as {
      data: { x: number; y: number }[];
    };
    return mark.data.map((m) => [m.x, m.y]);
  };
  await t.step(
    "a run of y = 0 still counts in its mean, and the figure says it is not drawn",
    () => {
      // x = 2 has the runs 2, 3 and 0: mean 5/3, not the 2.5 of the runs drawn
      const data = [...rows(), { x: 2, y: 0, v: "a" }];
      assert.deepEqual(meanLine(data), [[1, 1.5], [2, 5 / 3], [3, 3.5]]);
      const svg = plotSweepMetric(data, { ...OPTIONS, yLog: true }).toSvg();
      assert.match(
        svg,
        />1 of 7 runs with y \(s\) &lt;= 0 is not drawn on the log scale; the means include it\.</,
      );
    },
  );
  await t.step("a mean <= 0 breaks its line and is counted", () => {
    const data = [...rows().filter((r) => r.x !== 2), { x: 2, y: 0, v: "a" }, {
      x: 2,
      y: -1,
      v: "a",
    }];
    // the line's data holds the true mean (its y channel leaves it off the scale)
    assert.deepEqual(meanLine(data), [[1, 1.5], [2, -0.5], [3, 3.5]]);
    assert.match(
      plotSweepMetric(data, { ...OPTIONS, yLog: true }).toSvg(),
      />2 of 6 runs with y \(s\) &lt;= 0 are not drawn on the log scale; the means include them \(1 of 3 means &lt;= 0 not drawn\)\.</,
    );
  });
  await t.step("nothing to say when every run is drawn, nor on a linear axis", () => {
    assert.doesNotMatch(plotSweepMetric(rows(), { ...OPTIONS, yLog: true }).toSvg(), /not drawn/);
    const linear = plotSweepMetric([...rows(), { x: 2, y: 0, v: "a" }], OPTIONS).toSvg();
    assert.doesNotMatch(linear, /not drawn/);
  });
});

Deno.test("plotSweepMetric() refuses a non-finite number as a series name, which would print NaN", () => {
  assert.throws(
    () =>
      plotSweepMetric([{ x: 1, y: 2, v: NaN }, { x: 2, y: 3, v: "a" }], {
        x: "x",
        y: "y",
        series: "v",
        xLabel: "x",
        yLabel: "y",
      }),
    /rows\[0\]\.v must be a string, a finite number or a boolean: current value is NaN/,
  );
});
