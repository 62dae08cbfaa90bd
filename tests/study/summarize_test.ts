import assert from "node:assert/strict";
import { bestTechniques, type StudyRow, summarizeStudy } from "../../mod.ts";

function row(workload: string, label: string, seed: number, downtimeSeconds: number): StudyRow {
  return {
    workload,
    label,
    technique: "pre-copy",
    seed,
    fidelity: "page",
    totalSeconds: 10 * seed,
    downtimeSeconds,
    bytesSent: 100,
    pagesSent: 1,
    rounds: seed,
    converged: seed !== 2,
    stopReason: "max-downtime",
    remoteFaults: 0,
    stallSeconds: 0,
  };
}

Deno.test("summarizeStudy() groups by workload and label in first-seen order and averages over seeds", () => {
  const rows = [
    row("b", "x", 1, 4),
    row("a", "x", 1, 1),
    row("b", "x", 2, 8),
    row("a", "y", 1, 0.5),
  ];
  const s = summarizeStudy(rows);
  assert.deepEqual(s.map((c) => [c.workload, c.label, c.runs]), [
    ["b", "x", 2],
    ["a", "x", 1],
    ["a", "y", 1],
  ]);
  assert.deepEqual(s[0]!.metrics.downtimeSeconds, { mean: 6, min: 4, max: 8 });
  assert.deepEqual(s[0]!.metrics.totalSeconds, { mean: 15, min: 10, max: 20 });
  assert.equal(s[0]!.convergedShare, 0.5);
  assert.deepEqual(bestTechniques(s, "a", "downtimeSeconds"), { labels: ["y"], value: 0.5 });
  assert.throws(() => bestTechniques(s, "c", "downtimeSeconds"), {
    name: "RangeError",
    message:
      'Cannot find the best techniques as workload must be in the summary: current value is "c"',
  });
});

Deno.test("summarizeStudy() refuses rows of one workload and label that runStudy would not give, which it merged into one cell", async (t) => {
  await t.step("another technique under the same label", () => {
    const rows = [row("a", "x", 1, 1), row("b", "x", 1, 1), {
      ...row("a", "x", 2, 1),
      technique: "post-copy" as const,
    }];
    assert.throws(() => summarizeStudy(rows), {
      name: "RangeError",
      message:
        'Cannot summarize a study as rows[2].technique must be rows[0].technique ("pre-copy"; the same workload "a" and label "x"): current value is "post-copy"',
    });
  });
  await t.step("another fidelity under the same label", () => {
    const rows = [row("a", "x", 1, 1), {
      ...row("a", "x", 2, 1),
      fidelity: "closed-form" as const,
    }];
    assert.throws(() => summarizeStudy(rows), {
      name: "RangeError",
      message:
        'Cannot summarize a study as rows[1].fidelity must be rows[0].fidelity ("page"; the same workload "a" and label "x"): current value is "closed-form"',
    });
  });
  await t.step("a seed twice: two studies' rows put together", () => {
    const small = [row("a", "x", 1, 1), row("a", "x", 2, 1)];
    const large = [row("a", "x", 1, 9), row("a", "x", 2, 9)];
    assert.throws(() => summarizeStudy([...small, ...large]), {
      name: "RangeError",
      message:
        'Cannot summarize a study as rows[2].seed must not repeat rows[0].seed (the same workload "a" and label "x"): current value is 1',
    });
    // with labels of their own, they are two cells
    const relabelled = large.map((r) => ({ ...r, label: "x (large)" }));
    assert.deepEqual(summarizeStudy([...small, ...relabelled]).map((c) => [c.label, c.runs]), [
      ["x", 2],
      ["x (large)", 2],
    ]);
  });
});

Deno.test("summarizeStudy() rejects rows that are not an array of objects with a TypeError", () => {
  assert.throws(() => summarizeStudy([null as unknown as StudyRow]), {
    name: "TypeError",
    message: "Cannot summarize a study as rows[0] must be an object: current value is null",
  });
  assert.throws(() => summarizeStudy(7 as unknown as StudyRow[]), {
    name: "TypeError",
    message: "Cannot summarize a study as rows must be an array: current value is 7",
  });
});

Deno.test("bestTechniques() names a bad cell by its index in the summary", () => {
  const s = summarizeStudy([row("a", "x", 1, 1), row("b", "y", 1, 1)]);
  s[1]!.metrics.downtimeSeconds.mean = -1;
  assert.throws(
    () => bestTechniques(s, "b", "downtimeSeconds"),
    /summary\[1\]\.metrics\.downtimeSeconds\.mean must be a finite number >= 0: current value is -1/,
  );
});
