import assert from "node:assert/strict";
import { plotRounds } from "../../lib/plot/mod.ts";
import { preCopyRounds } from "./_fixtures.ts";
import { assertSnapshot } from "./_snapshot.ts";

Deno.test("plotRounds() matches its golden SVG files", async (t) => {
  await t.step("linear scale from a result", async () => {
    const fig = plotRounds({
      label: "pre-copy/qemu",
      roundRows: preCopyRounds(),
    });
    assert.equal(fig.title, "Pages sent and dirtied per round: pre-copy/qemu");
    await assertSnapshot(fig.toSvg(), "rounds.svg");
  });
  await t.step("log scale from round rows", async () => {
    await assertSnapshot(
      plotRounds(preCopyRounds(), { log: true }).toSvg(),
      "rounds-log.svg",
    );
  });
});

Deno.test("plotRounds() draws a dot per round and series", async (t) => {
  await t.step("6 rounds give 12 dots and both series labels", () => {
    const svg = plotRounds(preCopyRounds()).toSvg();
    assert.equal((svg.match(/<circle /g) ?? []).length, 12);
    assert.match(svg, />pages sent</);
    assert.match(svg, />pages dirtied</);
  });
  await t.step("the pull phase is left out unless asked for", () => {
    const rows = [
      ...preCopyRounds(),
      {
        round: 7,
        phase: "pull" as const,
        startSeconds: 9,
        endSeconds: 10,
        pagesSent: 5,
        bytesSent: 5,
        pagesDirtied: 0,
        writes: 0,
      },
    ];
    assert.equal(
      (plotRounds(rows).toSvg().match(/<circle /g) ?? []).length,
      12,
    );
    const all = plotRounds(rows, { phases: ["push", "stop-and-copy", "pull"] })
      .toSvg();
    assert.equal((all.match(/<circle /g) ?? []).length, 14);
  });
  await t.step("log scale drops the zero-page point", () => {
    const svg = plotRounds(preCopyRounds(), { log: true }).toSvg();
    assert.equal((svg.match(/<circle /g) ?? []).length, 11);
  });
  await t.step(
    "input that is neither rows nor a result throws a TypeError",
    () => {
      assert.throws(() => plotRounds({} as unknown as []), {
        name: "TypeError",
        message:
          "Cannot plot rounds as input must be a migration result or an array of round rows: current value is {}",
      });
    },
  );
});

Deno.test("plotRounds() refuses phases and rows it cannot draw, naming the field", async (t) => {
  const rows = preCopyRounds();
  await t.step("an unknown phase in options.phases", () => {
    assert.throws(() => plotRounds(rows, { phases: ["pushh" as "push"] }), {
      name: "TypeError",
      message:
        'Cannot plot rounds as options.phases[0] must be one of "push", "stop-and-copy", "pull": current value is "pushh"',
    });
  });
  await t.step("a row with pagesSent NaN", () => {
    const bad = rows.map((r, i) => (i === 1 ? { ...r, pagesSent: NaN } : r));
    assert.throws(() => plotRounds({ label: "x", roundRows: bad }), {
      name: "RangeError",
      message:
        "Cannot plot rounds as input.roundRows[1].pagesSent must be a finite number >= 0: current value is NaN",
    });
  });
  await t.step("a row with an unknown phase", () => {
    const bad = rows.map((r, i) => (i === 0 ? { ...r, phase: "pushh" as "push" } : r));
    assert.throws(() => plotRounds(bad), {
      name: "TypeError",
      message:
        'Cannot plot rounds as input[0].phase must be one of "push", "stop-and-copy", "pull": current value is "pushh"',
    });
  });
});

Deno.test("plotRounds() on a log scale says how many rounds with 0 pages it leaves off and breaks the line there", async (t) => {
  /** The `d` attribute of each series' line, in order (pages sent, then pages dirtied). */
  const lines = (svg: string) =>
    [...svg.matchAll(/<path d="(M[^"]*)" stroke="#/g)].map((m) => m[1]!);
  await t.step("a round of 0 pages dirtied mid-run: counted, and its line breaks", () => {
    // Round 3 dirtied no page: the old figure joined round 2 to round 4 and said nothing.
    const rows = preCopyRounds().map((r) => r.round === 3 ? { ...r, pagesDirtied: 0 } : r);
    const svg = plotRounds(rows, { log: true }).toSvg();
    assert.match(
      svg,
      />Not drawn on the log scale \(0 pages\): 2 of 6 rounds of pages dirtied; lines are not joined across them</,
    );
    // pages sent in one piece; pages dirtied in two (rounds 1-2, then 4-5)
    assert.deepEqual(lines(svg).map((d) => d.match(/M/g)?.length), [1, 2]);
    assert.equal((svg.match(/<circle /g) ?? []).length, 10);
  });
  await t.step("both series, with a plural and a singular", () => {
    const rows = preCopyRounds().map((r) => r.round === 2 ? { ...r, pagesSent: 0 } : r);
    assert.match(
      plotRounds(rows, { log: true }).toSvg(),
      /: 1 of 6 rounds of pages sent, 1 of 6 rounds of pages dirtied;/,
    );
  });
  await t.step("nothing to say on a linear scale, nor when no round has 0 pages", () => {
    assert.doesNotMatch(plotRounds(preCopyRounds()).toSvg(), /Not drawn/);
    const pushOnly = preCopyRounds().filter((r) => r.phase === "push");
    assert.doesNotMatch(plotRounds(pushOnly, { log: true }).toSvg(), /Not drawn/);
  });
});

Deno.test("plotRounds() on a log axis takes page counts up to the largest double", () => {
  // the decade above Number.MAX_VALUE is no finite double: the axis stops at 1e308
  const row = { startSeconds: 0, endSeconds: 1, bytesSent: 0, writes: 0 };
  const svg = plotRounds([
    { ...row, round: 1, phase: "push", pagesSent: Number.MAX_VALUE, pagesDirtied: 3 },
    { ...row, round: 2, phase: "stop-and-copy", pagesSent: 5, pagesDirtied: 0 },
  ], { log: true }).toSvg();
  assert.doesNotMatch(svg, /NaN|Infinity/);
  // powers of ten from a thousand up as the axis labels them (100,000,000, ...): every k-th
  const decades = [...svg.matchAll(/<text[^>]*>(1(?:0|,)*,000)<\/text>/g)].map((m) => m[1]);
  assert.ok(decades.length >= 2 && decades.length <= 12, `${decades.length} decades`);
});
