import assert from "node:assert/strict";
import { plotReliabilityCurves } from "../../lib/plot/reliability_curves.ts";
import type { ReliabilityCurveRow } from "../../lib/plot/reliability_curves.ts";
import { assertSnapshot } from "./_snapshot.ts";

function rows(): ReliabilityCurveRow[] {
  const out: ReliabilityCurveRow[] = [];
  for (let t = 0; t <= 10; t++) {
    const r = Math.exp(-0.1 * t);
    out.push({ series: "exact", x: t, reliability: r });
    out.push({
      series: "Monte Carlo",
      x: t,
      reliability: r + 0.01,
      lowerBound: r - 0.02,
      upperBound: r + 0.03,
      mark: "dot",
    });
    out.push({ series: "Kaplan–Meier", x: t, reliability: Math.exp(-0.12 * t), mark: "step" });
  }
  return out;
}

Deno.test("plotReliabilityCurves() matches its golden SVG file", async () => {
  const fig = plotReliabilityCurves(rows(), {
    xLabel: "Mission time (h)",
    title: "Reliability test",
  });
  assert.equal(fig.title, "Reliability test");
  await assertSnapshot(fig.toSvg(), "reliability-curves.svg");
});

Deno.test("plotReliabilityCurves() draws a band, a dot per dot row and a legend entry per series", () => {
  const svg = plotReliabilityCurves(rows()).toSvg();
  // 11 Monte Carlo dots plus 1 legend circle; line and step glyphs for the other series
  assert.equal((svg.match(/<circle /g) ?? []).length, 12);
  assert.match(svg, /<path d="M-10,0L10,0"/); // legend: a line segment for the line series
  assert.match(svg, /<path d="M-10,-4L0,-4L0,4L10,4"/); // and a step for the step series
  // The dot series' band: one error bar per dot over a light area.
  assert.equal((svg.match(/<line stroke="#ff725c"/g) ?? []).length, 11);
  assert.match(svg, /fill-opacity="0.12"/);
  // The step series is dashed so that it shows where it lies on the line.
  assert.match(svg, /stroke-dasharray="8,4"/);
  // A white canvas for dark notebook themes.
  assert.match(svg, /<rect width="100%" height="100%" fill="white"\/>/);
  for (const name of ["exact", "Monte Carlo", "Kaplan–Meier"]) {
    assert.match(svg, new RegExp(`>${name}<`));
  }
  assert.match(svg, />Mission time</);
});

Deno.test("plotReliabilityCurves() rejects bad rows and options", async (t) => {
  await t.step("a non-finite reliability", () => {
    assert.throws(() => plotReliabilityCurves([{ series: "a", x: 1, reliability: NaN }]), {
      name: "TypeError",
      message:
        "Cannot plot reliability curves as rows[0].reliability must be a finite number: current value is NaN",
    });
  });
  await t.step("an unknown mark", () => {
    assert.throws(
      () =>
        plotReliabilityCurves([{
          series: "a",
          x: 1,
          reliability: 1,
          mark: "bar" as unknown as "dot",
        }]),
      {
        name: "TypeError",
        message:
          'Cannot plot reliability curves as rows[0].mark must be one of "line", "step", "dot": current value is "bar"',
      },
    );
  });
  await t.step("an unknown legend anchor", () => {
    assert.throws(
      () => plotReliabilityCurves([], { legendAnchor: "middle" as unknown as "top-left" }),
      TypeError,
    );
  });
  await t.step("a y domain it cannot draw", () => {
    const rows = [{ series: "a", x: 1, reliability: 0.9 }];
    const cases: [unknown, string, string][] = [
      [[NaN, 1], "RangeError", "options.yDomain[0] must be a finite number: current value is NaN"],
      [
        [0, Infinity],
        "RangeError",
        "options.yDomain[1] must be a finite number: current value is Infinity",
      ],
      [
        [0.5, 0.5],
        "RangeError",
        "options.yDomain must hold two different numbers: current value is [0.5,0.5]",
      ],
      [
        [0],
        "RangeError",
        'options.yDomain must hold 2 to 2 items: current value is "an array of 1"',
      ],
    ];
    for (const [yDomain, name, message] of cases) {
      assert.throws(
        () => plotReliabilityCurves(rows, { yDomain: yDomain as [number, number] }),
        { name, message: `Cannot plot reliability curves as ${message}` },
      );
    }
    assert.match(plotReliabilityCurves(rows, { yDomain: [0.8, 1] }).toSvg(), /^<svg/);
  });
});

Deno.test("plotReliabilityCurves() draws a curve lying on a later one wider and solid beneath it", async (t) => {
  const weibull = (k: number, eta: number) => (x: number) => Math.exp(-((x / eta) ** k));
  const curve = (series: string, f: (x: number) => number) =>
    Array.from({ length: 21 }, (_, i) => ({ series, x: i / 2, reliability: f(i / 2) }));
  const rows: ReliabilityCurveRow[] = [
    ...curve("exponential", (x) => Math.exp(-x / 4)),
    ...curve("Weibull MLE", weibull(1.68, 4.59)),
    ...curve("Weibull fit", weibull(1.67, 4.61)), // within 1 % of the MLE curve everywhere
  ];
  const svg = plotReliabilityCurves(rows, { xLabel: "Mission time (years)" }).toSvg();
  await t.step("matches its golden SVG file", async () => {
    await assertSnapshot(svg, "reliability-curves-coincident.svg");
  });
  await t.step(
    "the covered curve: 5 px, solid, translucent; the others: 2 px with their dash",
    () => {
      // Series colours in order: exponential #4269d0, Weibull MLE #ff725c, Weibull fit #3ca951.
      const mle = svg.match(/<g [^>]*stroke-width="5"[^>]*>/g) ?? [];
      assert.ok(mle.length >= 1, "a 5 px group for the covered curve");
      assert.ok(
        mle.every((g) => /stroke-opacity="0.55"/.test(g) && !/stroke-dasharray="[0-9,]+"/.test(g)),
      );
      assert.match(svg, /stroke-dasharray="2,3"/); // the Weibull fit keeps the third dash
    },
  );
  await t.step("curves that merely cross are left alone", () => {
    const crossing = plotReliabilityCurves([
      ...curve("a", (x) => Math.exp(-x / 4)),
      ...curve("b", weibull(1.68, 4.59)),
    ]).toSvg();
    assert.doesNotMatch(crossing, /stroke-width="5"/);
  });
});
