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
