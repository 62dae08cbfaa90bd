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

Deno.test("plotDatacenterTimeline() with meanOverSeconds draws window means over faint steps on an axis that fits the means", async (t) => {
  // A transient: every host on in the first interval, as before the first consolidation.
  const input = rows().map((row) => row.startSeconds === 0 ? { ...row, activeHosts: 150 } : row);
  const svg = plotDatacenterTimeline(input, { meanOverSeconds: 1800 }).toSvg();
  await t.step("matches its golden SVG file", async () => {
    await assertSnapshot(svg, "datacenter-timeline-means.svg");
  });
  await t.step("two line marks: 3 faint step lines and 3 thick mean lines", () => {
    const groups = svg.match(/<g [^>]*aria-label="line"[^>]*>/g) ?? [];
    assert.equal(groups.length, 2);
    assert.match(groups[0]!, /stroke-opacity="0.35"/);
    assert.match(groups[1]!, /stroke-width="2.5"/);
    assert.equal(lineMark(svg).match(/<path /g)?.length, 3);
    const rest = svg.slice(svg.indexOf('aria-label="line"') + 10);
    assert.equal(lineMark(rest).match(/<path /g)?.length, 3);
  });
  await t.step("names carry the run's mean; the subtitle explains the marks and the cut", () => {
    // THR-MMT: 150 once, then 16, 15, 14 repeating: mean of the 24 values.
    const thr = input.filter((r) => r.policy === "THR-MMT").map((r) => r.activeHosts!);
    const mean = thr.reduce((a, b) => a + b, 0) / thr.length;
    assert.match(svg, new RegExp(`>THR-MMT \\(mean ${Number(mean.toPrecision(3))}\\)<`));
    assert.match(
      svg,
      /Thin: each 5 min interval; thick: mean over each 30 min; name: mean over the run/,
    );
    assert.match(svg, /3 interval values above [\d.]+ \(up to 150\) are cut off/);
  });
  await t.step("a window that is not a positive number is refused", () => {
    assert.throws(() => plotDatacenterTimeline(input, { meanOverSeconds: 0 }), RangeError);
  });
});

Deno.test("plotDatacenterTimeline() draws each line in time order whatever the rows' order", async (t) => {
  const at = (startSeconds: number) => ({
    policy: "DVFS",
    startSeconds,
    activeHosts: startSeconds / 100,
  });
  const sorted = [0, 300, 600, 900].map(at);
  const shuffled = [900, 300, 600, 0].map(at);
  for (const meanOverSeconds of [undefined, 600]) {
    await t.step(`meanOverSeconds ${meanOverSeconds}`, () => {
      const options = meanOverSeconds === undefined ? {} : { meanOverSeconds };
      const path = (rows: DatacenterTimelineRow[]) =>
        /<path [^>]*d="([^"]+)"/.exec(lineMark(plotDatacenterTimeline(rows, options).toSvg()))![1]!;
      const xs = [...path(shuffled).matchAll(/[ML]([\d.]+),/g)].map((m) => Number(m[1]));
      assert.deepEqual(xs, [...xs].sort((a, b) => a - b));
      assert.equal(path(shuffled), path(sorted));
    });
  }
});

Deno.test("plotDatacenterTimeline() requires each row's policy to be a non-empty string", () => {
  assert.throws(
    () =>
      plotDatacenterTimeline([{
        policy: NaN as unknown as string,
        startSeconds: 0,
        activeHosts: 1,
      }]),
    /rows\[0\]\.policy must be a non-empty string: current value is NaN/,
  );
});

Deno.test("plotDatacenterTimeline() names tied lines in the same order whatever the locale", async (t) => {
  // The lines end at 0 or 1 migration, two by two, so their names are ordered by policy alone
  // (once by localeCompare, in the process's locale): Danish collation puts upper case first,
  // Thai ignores spaces and punctuation.
  const code = `
    import { plotDatacenterTimeline } from "./lib/plot/mod.ts";
    const rows = [];
    for (let k = 0; k < 6; k++) {
      rows.push({ policy: "MAD-MMT", startSeconds: 300 * k, activeHosts: 10, migrations: k < 5 ? k % 2 : 0 });
      rows.push({ policy: "mad-mmt", startSeconds: 300 * k, activeHosts: 12, migrations: k % 3 === 0 ? 1 : 0 });
      rows.push({ policy: "THR-0.8", startSeconds: 300 * k, activeHosts: 8, migrations: k % 2 });
      rows.push({ policy: "THR 0.8", startSeconds: 300 * k, activeHosts: 9, migrations: k % 2 });
    }
    console.log(plotDatacenterTimeline(rows, { metric: "migrations" }).toSvg());
  `;
  const svgIn = async (lang: string) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", code],
      cwd: new URL("../../", import.meta.url).pathname,
      env: { LANG: lang, LC_ALL: lang, NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    return new TextDecoder().decode(out.stdout);
  };
  const names = (svg: string) =>
    [...svg.matchAll(/>(MAD-MMT|mad-mmt|THR 0\.8|THR-0\.8)</g)].map((m) => m[1]);
  const english = await svgIn("en_US.UTF-8");
  assert.equal(names(english).length, 4);
  for (const lang of ["da_DK.UTF-8", "th_TH.UTF-8"]) {
    await t.step(lang, async () => {
      const svg = await svgIn(lang);
      assert.deepEqual(names(svg), names(english));
      assert.ok(svg === english, `the SVG in ${lang} differs from the one in en_US.UTF-8`);
    });
  }
});
