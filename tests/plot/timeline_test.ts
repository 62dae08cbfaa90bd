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
    assert.equal((svg.match(/<rect /g) ?? []).length, 9);
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
