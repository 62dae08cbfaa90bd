import assert from "node:assert/strict";
import { plotDatacenterTimeline } from "../../lib/plot/mod.ts";
import type { DatacenterTimelineRow } from "../../lib/plot/mod.ts";
import { assertSnapshot } from "./_snapshot.ts";

/** 24 five-minute intervals of three policies, hand-made. */
function rows(): DatacenterTimelineRow[] {
  return Array.from({ length: 24 }, (_, k) => [
    { policy: "DVFS", startSeconds: 300 * k, activeHosts: 20, migrations: 0 },
    { policy: "THR-MMT", startSeconds: 300 * k, activeHosts: 16 - (k % 3), migrations: k % 4 },
    { policy: "MAD-MMT", startSeconds: 300 * k, activeHosts: 12 + (k % 2), migrations: k % 2 },
  ]).flat();
}

/** The part of an SVG drawn by the line mark. */
function lineMark(svg: string): string {
  const start = svg.indexOf('aria-label="line"');
  return svg.slice(start, svg.indexOf("</g>", start));
}

Deno.test("plotDatacenterTimeline() matches its golden SVG file", async () => {
  await assertSnapshot(plotDatacenterTimeline(rows()).toSvg(), "datacenter-timeline.svg");
});

Deno.test("plotDatacenterTimeline() draws one step line per policy", async (t) => {
  const svg = plotDatacenterTimeline(rows()).toSvg();
  await t.step("a standalone, deterministic SVG", () => {
    assert.match(svg, /^<svg[^>]* xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.equal(plotDatacenterTimeline(rows()).toSvg(), svg);
  });
  await t.step("3 lines, each named once at its end, time in hours", () => {
    assert.equal(lineMark(svg).match(/<path /g)?.length, 3);
    for (const policy of ["DVFS", "THR-MMT", "MAD-MMT"]) {
      assert.equal(svg.split(`>${policy}<`).length - 1, 1, policy);
    }
    assert.match(svg, />Time \(hours\)</);
    assert.match(svg, />Active hosts over time by policy</);
  });
  await t.step("another metric and title; inputs are not mutated", () => {
    const input = rows();
    const copy = structuredClone(input);
    const migrations = plotDatacenterTimeline(input, { metric: "migrations", title: "M" })
      .toSvg();
    assert.match(migrations, />Migrations</);
    assert.match(migrations, />M</);
    assert.deepEqual(input, copy);
  });
});

Deno.test("plotDatacenterTimeline() rejects bad input", async (t) => {
  await t.step("a missing metric value", () => {
    assert.throws(
      () => plotDatacenterTimeline([{ policy: "a", startSeconds: 0 }]),
      {
        name: "TypeError",
        message:
          "Cannot plot a datacenter timeline as rows[0].activeHosts must be a finite number: current value is undefined",
      },
    );
  });
  await t.step("an unknown metric", () => {
    assert.throws(
      () => plotDatacenterTimeline([], { metric: "hosts" as unknown as "activeHosts" }),
      {
        name: "TypeError",
        message: /^Cannot plot a datacenter timeline as metric must be one of /,
      },
    );
  });
});
