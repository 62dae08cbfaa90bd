/**
 * `summarizeSweep` statistics and grouping, and the progress line and Jupyter display:
 * hand-computed values at the edges (one row, no metrics, 0 runs, partial bars, minutes
 * and hours, throttling on a fake clock).
 */
import assert from "node:assert/strict";
import {
  formatSweepProgress,
  jupyterSweepProgress,
  summarizeSweep,
  type SweepProgress,
} from "../../lib/sweep/mod.ts";

Deno.test("summarizeSweep() gives sd 0 for a one-row group and counts runs without metrics", () => {
  assert.deepEqual(summarizeSweep([{ g: "a", x: 2 }], ["g"], ["x"]), [
    { group: { g: "a" }, runs: 1, metrics: { x: { mean: 2, min: 2, max: 2, sd: 0 } } },
  ]);
  assert.deepEqual(summarizeSweep([{ g: 1 }, { g: 1 }, { g: 2 }], ["g"], []), [
    { group: { g: 1 }, runs: 2, metrics: {} },
    { group: { g: 2 }, runs: 1, metrics: {} },
  ]);
});

Deno.test("summarizeSweep() summarises a group of 300,000 rows (min and max without spreading them)", () => {
  const rows = Array.from({ length: 300_000 }, (_, i) => ({ g: "a", x: (i % 7) - 3 }));
  const [all] = summarizeSweep(rows, ["g"], ["x"]);
  assert.equal(all!.runs, 300_000);
  assert.equal(all!.metrics.x!.min, -3);
  assert.equal(all!.metrics.x!.max, 3);
});

Deno.test("summarizeSweep() keeps groups apart whose values only join alike", () => {
  const rows = [
    { a: "x,y", b: "z", m: 1 },
    { a: "x", b: "y,z", m: 3 },
    { a: 1, b: "z", m: 5 },
    { a: "1", b: "z", m: 7 },
  ];
  const summaries = summarizeSweep(rows, ["a", "b"], ["m"]);
  assert.deepEqual(summaries.map((s) => [s.group, s.runs, s.metrics.m!.mean]), [
    [{ a: "x,y", b: "z" }, 1, 1],
    [{ a: "x", b: "y,z" }, 1, 3],
    [{ a: 1, b: "z" }, 1, 5],
    [{ a: "1", b: "z" }, 1, 7],
  ]);
});

Deno.test("summarizeSweep() refuses a missing key and a non-finite metric, naming the row", () => {
  assert.throws(() => summarizeSweep([{ g: 1, m: 1 }, { m: 2 }], ["g"], ["m"]), {
    name: "TypeError",
    message:
      "Cannot summarize a sweep as rows[1].g must be a string, a boolean or a finite number: current value is undefined",
  });
  assert.throws(() => summarizeSweep([{ g: 1, m: 1 }, { g: 1, m: NaN }], ["g"], ["m"]), {
    name: "TypeError",
    message:
      "Cannot summarize a sweep as rows[1].m must be a finite number or a boolean: current value is NaN",
  });
});

const P: SweepProgress = {
  completed: 0,
  total: 10,
  resumed: 0,
  elapsedSeconds: 0,
  runsPerSecond: 0,
  remainingSeconds: Infinity,
  done: false,
};

Deno.test("formatSweepProgress() rounds the bar, floors the percent, and says what is unknown", () => {
  assert.equal(
    formatSweepProgress({ ...P, completed: 2, total: 3, resumed: 1 }, { width: 10 }),
    "[#######---] 2/3 runs   66%  -- runs/s  -- left  (1 resumed)",
  );
  assert.equal(
    formatSweepProgress({ ...P, total: 0, elapsedSeconds: 0.5, remainingSeconds: 0, done: true }, {
      width: 4,
    }),
    "[####] 0/0 runs  100%  -- runs/s  done in 0.5 s",
  );
});

Deno.test("formatSweepProgress() shows times past a minute in minutes and past an hour in hours", () => {
  const line = (p: Partial<SweepProgress>) =>
    formatSweepProgress({ ...P, completed: 5, runsPerSecond: 2.5, ...p }, { width: 2 });
  assert.equal(line({ remainingSeconds: 59.94 }), "[#-] 5/10 runs   50%  2.5 runs/s  59.9 s left");
  assert.equal(line({ remainingSeconds: 60 }), "[#-] 5/10 runs   50%  2.5 runs/s  1 min 0 s left");
  assert.equal(
    line({ remainingSeconds: 90.6 }),
    "[#-] 5/10 runs   50%  2.5 runs/s  1 min 31 s left",
  );
  assert.equal(
    line({ remainingSeconds: 3600 }),
    "[#-] 5/10 runs   50%  2.5 runs/s  1 h 0 min left",
  );
  assert.equal(
    line({ completed: 10, elapsedSeconds: 3725, remainingSeconds: 0, done: true }),
    "[##] 10/10 runs  100%  2.5 runs/s  done in 1 h 2 min",
  );
});

Deno.test("formatSweepProgress() refuses more runs completed than there are", () => {
  assert.throws(() => formatSweepProgress({ ...P, completed: 4, total: 3 }), {
    name: "RangeError",
    message:
      "Cannot format sweep progress as progress.completed must be an integer in [0, 3]: current value is 4",
  });
});

Deno.test("jupyterSweepProgress() updates at most once per interval, but always shows the last report", async () => {
  const sent: { type: string; html: string }[] = [];
  const times = [0, 100, 250, 300, 310];
  let call = 0;
  const onProgress = jupyterSweepProgress((type, content) => {
    sent.push({ type, html: (content.data as Record<string, string>)["text/html"]! });
    return Promise.resolve();
  }, { intervalMs: 250, now: () => times[call++]! });
  onProgress({ ...P, total: 4 });
  onProgress({ ...P, total: 4, completed: 1 }); // at 100 ms: skipped
  onProgress({ ...P, total: 4, completed: 2 }); // at 250 ms, 250 ms after the last: shown
  onProgress({ ...P, total: 4, completed: 3 }); // at 300 ms: skipped
  onProgress({ ...P, total: 4, completed: 4, remainingSeconds: 0, done: true }); // at 310 ms: last
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(sent.map((s) => s.type), [
    "display_data",
    "update_display_data",
    "update_display_data",
  ]);
  assert.deepEqual(sent.map((s) => /value="([^"]*)"/.exec(s.html)![1]), ["0.0", "50.0", "100.0"]);
});

Deno.test("jupyterSweepProgress() shows a sweep of no runs as full", async () => {
  const html: string[] = [];
  const onProgress = jupyterSweepProgress((_, content) => {
    html.push((content.data as Record<string, string>)["text/html"]!);
    return Promise.resolve();
  }, { intervalMs: 0 });
  onProgress({ ...P, total: 0, remainingSeconds: 0, done: true });
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(html.length, 1);
  assert.match(html[0]!, /<progress value="100\.0" max="100"/);
});
