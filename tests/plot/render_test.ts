import assert from "node:assert/strict";
import { nonFiniteGeometry } from "../../lib/plot/_render.ts";
import {
  plotConsolidationMetrics,
  plotDatacenterTimeline,
  plotSweepPlane,
  plotTimeline,
} from "../../lib/plot/mod.ts";
import { timelineResults } from "./_fixtures.ts";

Deno.test("nonFiniteGeometry() finds NaN and Infinity in coordinates, never in text", async (t) => {
  await t.step("a coordinate or a path", () => {
    assert.equal(nonFiniteGeometry('<svg><circle cx="NaN" cy="3"></circle></svg>'), 'cx="NaN"');
    assert.equal(
      nonFiniteGeometry('<svg><path d="M0,0L-Infinity,2"></path></svg>'),
      'd="M0,0L-Infinity,2"',
    );
    assert.equal(
      nonFiniteGeometry('<svg><g transform="translate(Infinity,0)"></g></svg>'),
      'transform="translate(Infinity,0)"',
    );
  });
  await t.step("text, titles and label attributes", () => {
    assert.equal(
      nonFiniteGeometry(
        '<svg><text x="1" y="2">NaN-boxing VM</text><title>Infinity Fabric x="NaN"</title><g aria-label="NaN"></g></svg>',
      ),
      null,
    );
  });
});

// Found by the plot fuzz test (FUZZ_RUNS=40): these helpers lay out their figure from width and
// height before Plot draws it, and arithmetic on an object without a prototype threw a raw
// TypeError ("Cannot convert object to primitive value") before the size was checked.
Deno.test("figure helpers that lay out from width and height check them first", async (t) => {
  const size = () => Object.assign(Object.create(null), { ticks: [1] });
  const plots: [string, (options: Record<string, unknown>) => unknown][] = [
    ["plotTimeline", (o) => plotTimeline(timelineResults(), o)],
    ["plotDatacenterTimeline", (o) =>
      plotDatacenterTimeline(
        [0, 1].map((k) => ({ policy: "DVFS", startSeconds: 300 * k, activeHosts: 10 })),
        o,
      )],
    ["plotConsolidationMetrics", (o) =>
      plotConsolidationMetrics(
        [{ policy: "THR-MMT", energyKwh: 150.7, migrations: 91, slatah: 0.1, pdm: 0.01 }],
        { metrics: ["energyKwh", "migrations"], ...o },
      )],
    ["plotSweepPlane", (o) =>
      plotSweepPlane(
        [1, 10].flatMap((w) => [1, 10].map((b) => ({ w, b, ok: w < b }))),
        { x: "w", y: "b", value: "ok", xLabel: "w", yLabel: "b", valueLabel: "ok", ...o },
      )],
  ];
  for (const [name, plot] of plots) {
    for (const side of ["width", "height"]) {
      await t.step(`${name}, ${side}`, () => {
        assert.throws(() => plot({ [side]: size() }), {
          name: "TypeError",
          message:
            `Cannot run ${name}() as options.${side} must be a number: current value is {"ticks":[1]}`,
        });
        assert.throws(() => plot({ [side]: 0 }), {
          name: "RangeError",
          message:
            `Cannot run ${name}() as options.${side} must be in [1, 10000]: current value is 0`,
        });
        assert.ok(plot({ [side]: 500 }));
      });
    }
  }
});
