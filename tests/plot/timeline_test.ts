import assert from "node:assert/strict";
import { plotTimeline } from "../../lib/plot/mod.ts";
import { timelineResults } from "./_fixtures.ts";
import { assertSnapshot } from "./_snapshot.ts";

Deno.test("plotTimeline() matches its golden SVG file", async () => {
  await assertSnapshot(plotTimeline(timelineResults()).toSvg(), "timeline.svg");
});

Deno.test("plotTimeline() draws one band per technique", async (t) => {
  const svg = plotTimeline(timelineResults()).toSvg();

  await t.step("one bar per round row, plus a tick per stop-and-copy", () => {
    // offline 1 + pre-copy 6 + post-copy 2 = 9 bars.
    assert.equal((svg.match(/<rect (?!width="100%")/g) ?? []).length, 9);
    assert.match(svg, />offline</);
    assert.match(svg, />post-copy\/active-push</);
  });

  await t.step("bands end with total time and downtime", () => {
    assert.match(svg, />8\.6 s total, 8\.6 s down</);
    assert.match(svg, />8\.7 s total, 3 ms down</);
  });

  await t.step("the colour key names the three phases", () => {
    for (const phase of ["push", "stop-and-copy", "pull"]) {
      assert.match(svg, new RegExp(`>${phase}<`));
    }
  });

  await t.step("a result without round rows throws a TypeError", () => {
    assert.throws(
      () =>
        plotTimeline(
          [{
            label: "x",
            totalSeconds: 1,
            downtimeSeconds: 1,
          }] as unknown as [],
        ),
      {
        name: "TypeError",
        message:
          "Cannot plot a timeline as results[0].roundRows must be an array: current value is undefined",
      },
    );
  });
});

Deno.test("plotTimeline() keeps sub-pixel rounds, flags non-converged runs and shows the stall", async (t) => {
  const row = { pagesSent: 1, bytesSent: 4096, pagesDirtied: 0, writes: 0 };
  // Pre-copy: one 9 s round, then 30 rounds of 1 ms each (a pixel is about 16 ms here),
  // then a 2 ms stop-and-copy; it hit its round cap.
  const rounds = [
    { ...row, round: 1, phase: "push" as const, startSeconds: 0, endSeconds: 9 },
    ...Array.from({ length: 30 }, (_, i) => ({
      ...row,
      round: i + 2,
      phase: "push" as const,
      startSeconds: 9 + i * 0.001,
      endSeconds: 9 + (i + 1) * 0.001,
    })),
    { ...row, round: 32, phase: "stop-and-copy" as const, startSeconds: 9.03, endSeconds: 9.032 },
  ];
  const results = [
    {
      label: "pre-copy/capped",
      totalSeconds: 9.032,
      downtimeSeconds: 0.002,
      converged: false,
      roundRows: rounds,
    },
    {
      label: "post-copy/demand",
      totalSeconds: 9.5,
      downtimeSeconds: 0.001,
      stallSeconds: 2.5,
      converged: true,
      roundRows: [
        { ...row, round: 1, phase: "stop-and-copy" as const, startSeconds: 0, endSeconds: 0.001 },
        { ...row, round: 2, phase: "pull" as const, startSeconds: 0.001, endSeconds: 9.5 },
      ],
    },
  ];
  const svg = plotTimeline(results).toSvg();
  const widths = [...svg.matchAll(/<rect (?!width="100%")[^>]*width="([\d.]+)"/g)].map((m) =>
    Number(m[1])
  );

  await t.step("every round is drawn at least a pixel wide", () => {
    // 32 pre-copy rows + 2 post-copy rows + 1 stall strip.
    assert.equal(widths.length, 32 + 2 + 1);
    for (const width of widths) assert.ok(width >= 1 - 1e-9, `a bar ${width} px wide`);
  });
  await t.step("the run that did not converge is flagged in red", () => {
    assert.match(svg, /fill="#d62728"[^>]*>9\.03 s total, 2 ms down, NOT CONVERGED</);
  });
  await t.step("post-copy's stall is a strip as long as the stall, and in the end text", () => {
    assert.match(svg, />9\.5 s total, 1 ms down, 2\.5 s stall</);
    assert.match(svg, />vCPU stall \(total\)</);
    assert.match(svg, /<g fill="#3b3b3b" aria-label="bar">/);
    // The strip is the only bar inset from the top (10 px high); the pull is the teal bar.
    const strip = Number(/<rect height="10" [^>]*width="([\d.]+)"/.exec(svg)?.[1]);
    const pull = Number(/<rect fill="#6cc5b0" [^>]*width="([\d.]+)"/.exec(svg)?.[1]);
    // 2.5 s of a 9.499 s pull (the pull bar is 1 px narrower for its insets).
    assert.ok(Math.abs(strip / (pull + 1) - 2.5 / 9.499) < 0.01, `${strip} / ${pull}`);
  });
  await t.step("matches its golden SVG file", async () => {
    await assertSnapshot(svg, "timeline-sub-pixel-stall-not-converged.svg");
  });
});

Deno.test("plotTimeline() refuses round rows it cannot draw, naming the field", async (t) => {
  const result = () => timelineResults()[1]!;
  const cases: [string, Record<string, unknown>, string, string][] = [
    [
      "endSeconds NaN",
      { endSeconds: NaN },
      "RangeError",
      "endSeconds must be a finite number >= 0: current value is NaN",
    ],
    [
      "startSeconds missing",
      { startSeconds: undefined },
      "TypeError",
      "startSeconds must be a number: current value is undefined",
    ],
    [
      "an unknown phase",
      { phase: "pushh" },
      "TypeError",
      'phase must be one of "push", "stop-and-copy", "pull": current value is "pushh"',
    ],
  ];
  for (const [name, change, error, message] of cases) {
    await t.step(name, () => {
      const r = result();
      const bad = {
        ...r,
        roundRows: r.roundRows.map((row, i) => (i === 1 ? { ...row, ...change } : row)),
      };
      assert.throws(() => plotTimeline([timelineResults()[0]!, bad as typeof r]), {
        name: error,
        message: `Cannot plot a timeline as results[1].roundRows[1].${message}`,
      });
    });
  }
});

Deno.test("plotTimeline() is 100 + 32 pixels per technique high by default, as documented", () => {
  const results = timelineResults();
  assert.match(plotTimeline(results).toSvg(), new RegExp(`height="${100 + 32 * results.length}"`));
});
