/**
 * What a researcher relies on when a sweep writes a file: a finished output is read back
 * only when it is the same sweep and whole; `resume: false` starts over; a journal line
 * without its newline never counts; a failed final write leaves no stale sidecar and
 * keeps the journal; progress reports count resumed rows; options are checked by name.
 */
import assert from "node:assert/strict";
import { runSweep, type SweepProgress, type SweepSpec } from "../../lib/sweep/mod.ts";
import { exists, withDir } from "./_files.ts";

/** 3 x 3 x 4 = 36 quick reliability runs. */
const SPEC: SweepSpec = {
  kind: "reliability",
  seed: "resume_output_test",
  fixed: { missions: 50 },
  grid: { coverage: [0.5, 0.9, 1], processorCount: [4, 5, 6] },
  replicates: 4,
};

Deno.test("runSweep() with resume: false reruns a finished output and ignores a journal", async () => {
  await withDir("sweep-resume-test-", async (dir) => {
    const out = `${dir}/rows.csv`;
    const first = await runSweep(SPEC, { runner: "inline", out });
    const bytes = await Deno.readTextFile(out);
    const again = await runSweep(SPEC, { runner: "inline", out, resume: false });
    assert.equal(again.ran, 36);
    assert.equal(again.resumed, 0);
    assert.equal(await Deno.readTextFile(out), bytes);
    // A journal of 5 rows is not reused either.
    const header = JSON.stringify(first.sidecar);
    const journal = [header, ...first.rows.slice(0, 5).map((r) => JSON.stringify(r))]
      .map((line) => line + "\n").join("");
    await Deno.writeTextFile(`${dir}/j.csv.partial.jsonl`, journal);
    const fresh = await runSweep(SPEC, { runner: "inline", out: `${dir}/j.csv`, resume: false });
    assert.equal(fresh.ran, 36);
    assert.equal(fresh.resumed, 0);
    assert.equal(await Deno.readTextFile(`${dir}/j.csv`), bytes);
  });
});

Deno.test("runSweep() recomputes when the output at the same path is of another spec", async () => {
  await withDir("sweep-resume-test-", async (dir) => {
    const out = `${dir}/rows.jsonl`;
    const a = await runSweep(SPEC, { runner: "inline", out });
    const other = { ...SPEC, seed: "another seed" };
    const b = await runSweep(other, { runner: "inline", out });
    assert.equal(b.ran, 36);
    assert.equal(b.resumed, 0);
    assert.notDeepEqual(b.rows.map((r) => r.seed), a.rows.map((r) => r.seed));
    assert.deepEqual(JSON.parse(await Deno.readTextFile(`${out}.sweep.json`)).spec, other);
    await runSweep(other, { runner: "inline", out: `${dir}/fresh.jsonl` });
    assert.equal(await Deno.readTextFile(out), await Deno.readTextFile(`${dir}/fresh.jsonl`));
  });
});

Deno.test("runSweep() reruns a finished output whose rows file lost or reordered rows", async () => {
  await withDir("sweep-resume-test-", async (dir) => {
    const out = `${dir}/rows.csv`;
    await runSweep(SPEC, { runner: "inline", out });
    const bytes = await Deno.readTextFile(out);
    const lines = bytes.split("\n"); // header, 36 rows, ""
    // Lost the last 10 rows (same sidecar beside it).
    await Deno.writeTextFile(out, lines.slice(0, 27).join("\n") + "\n");
    const cut = await runSweep(SPEC, { runner: "inline", out });
    assert.equal(cut.ran, 36);
    assert.equal(cut.rows.length, 36);
    assert.equal(await Deno.readTextFile(out), bytes);
    // Rows 0 and 1 swapped.
    const swapped = [lines[0], lines[2], lines[1], ...lines.slice(3)].join("\n");
    await Deno.writeTextFile(out, swapped);
    const again = await runSweep(SPEC, { runner: "inline", out });
    assert.equal(again.ran, 36);
    assert.deepEqual(again.rows.map((r) => r.run), [...Array(36).keys()]);
    assert.equal(await Deno.readTextFile(out), bytes);
    // Row 5 cut after its parameters: the run ids all there, its metrics not.
    const cutRow = [
      ...lines.slice(0, 6),
      lines[6]!.split(",").slice(0, 6).join(","),
      ...lines.slice(7),
    ];
    await Deno.writeTextFile(out, cutRow.join("\n"));
    const rerun = await runSweep(SPEC, { runner: "inline", out });
    assert.equal(rerun.ran, 36);
    assert.equal(rerun.rows[5]!.reliability, again.rows[5]!.reliability);
    assert.equal(await Deno.readTextFile(out), bytes);
  });
});

Deno.test("runSweep() does not count a journal's last row without its newline, even if it parses", async () => {
  await withDir("sweep-resume-test-", async (dir) => {
    const whole = await runSweep(SPEC, { runner: "inline", out: `${dir}/whole.csv` });
    const out = `${dir}/rows.csv`;
    const header = JSON.stringify(whole.sidecar);
    const whole3 = whole.rows.slice(0, 3).map((r) => JSON.stringify(r));
    // Rows 0 and 1 whole; row 2 complete JSON but its newline never written.
    await Deno.writeTextFile(
      `${out}.partial.jsonl`,
      `${header}\n${whole3[0]}\n${whole3[1]}\n${whole3[2]}`,
    );
    const resumed = await runSweep(SPEC, { runner: "inline", out });
    assert.equal(resumed.resumed, 2);
    assert.equal(resumed.ran, 34);
    assert.equal(await Deno.readTextFile(out), await Deno.readTextFile(`${dir}/whole.csv`));
  });
});

Deno.test("runSweep() whose final write fails leaves no sidecar and keeps the journal to finish from", async () => {
  await withDir("sweep-resume-test-", async (dir) => {
    const out = `${dir}/rows.csv`;
    // A finished output of another spec, then a folder where the next sweep's rows are
    // written before their rename (a folder at out itself is refused before any run).
    await runSweep({ ...SPEC, seed: "old" }, { runner: "inline", out });
    const temporary = `${out}.tmp-${Deno.pid}`;
    await Deno.mkdir(temporary);
    await Deno.writeTextFile(`${temporary}/keep`, "x");
    await assert.rejects(runSweep(SPEC, { runner: "inline", out }));
    // Neither the old sidecar (of other rows) nor the new one (of rows never written).
    assert.equal(await exists(`${out}.sweep.json`), false);
    const journal = (await Deno.readTextFile(`${out}.partial.jsonl`)).split("\n");
    assert.equal(journal.length, 38); // header, 36 rows, ""
    await Deno.remove(temporary, { recursive: true });
    const finished = await runSweep(SPEC, { runner: "inline", out });
    assert.equal(finished.ran, 0);
    assert.equal(finished.resumed, 36);
    await runSweep(SPEC, { runner: "inline", out: `${dir}/fresh.csv` });
    assert.equal(await Deno.readTextFile(out), await Deno.readTextFile(`${dir}/fresh.csv`));
    assert.equal(
      await Deno.readTextFile(`${out}.sweep.json`),
      await Deno.readTextFile(`${dir}/fresh.csv.sweep.json`),
    );
  });
});

/** The counts of each report (times left out: they are wall-clock). */
function counts(reports: SweepProgress[]) {
  return reports.map(({ completed, total, resumed, done }) => ({
    completed,
    total,
    resumed,
    done,
  }));
}

Deno.test("runSweep() inline reports progress per batch of 5, from the resumed count to done", async () => {
  await withDir("sweep-resume-test-", async (dir) => {
    const whole = await runSweep(SPEC, { runner: "inline", out: `${dir}/whole.csv` });
    const out = `${dir}/rows.csv`;
    const lines = [
      JSON.stringify(whole.sidecar),
      ...whole.rows.slice(0, 6).map((r) => JSON.stringify(r)),
    ];
    await Deno.writeTextFile(`${out}.partial.jsonl`, lines.map((l) => l + "\n").join(""));
    const reports: SweepProgress[] = [];
    await runSweep(SPEC, { runner: "inline", out, onProgress: (p) => reports.push(p) });
    // 30 pending runs in batches of ceil(30 / 8) = 4: 8 batches (7 of 4, then 2).
    const completed = [6, 10, 14, 18, 22, 26, 30, 34, 36, 36];
    assert.deepEqual(
      counts(reports),
      completed.map((c, i) => ({ completed: c, total: 36, resumed: 6, done: i === 9 })),
    );
    assert.equal(reports.at(-1)!.remainingSeconds, 0);
    assert.equal(reports[0]!.runsPerSecond, 0);
    assert.equal(reports[0]!.remainingSeconds, Infinity);
  });
});

Deno.test("runSweep() reading back a finished output reports it done, with nothing left", async () => {
  await withDir("sweep-resume-test-", async (dir) => {
    const out = `${dir}/rows.csv`;
    await runSweep(SPEC, { runner: "inline", out });
    const reports: SweepProgress[] = [];
    const again = await runSweep(SPEC, {
      runner: "inline",
      out,
      onProgress: (p) => reports.push(p),
    });
    assert.equal(again.ran, 0);
    assert.equal(again.resumed, 36);
    assert.equal(reports.length, 1);
    const { elapsedSeconds: _, ...report } = reports[0]!;
    assert.deepEqual(report, {
      completed: 36,
      total: 36,
      resumed: 36,
      runsPerSecond: 0,
      remainingSeconds: 0,
      done: true,
    });
  });
});

Deno.test("runSweep() inline lets timers run between batches", async () => {
  const seen: number[] = [];
  let completed = 0;
  const timer = setTimeout(() => seen.push(completed), 0);
  try {
    const { rows } = await runSweep(SPEC, {
      runner: "inline",
      onProgress: (p) => (completed = p.completed),
    });
    assert.equal(rows.length, 36);
    // The timer fired while the sweep still had runs to do (batches of 5).
    assert.equal(seen.length, 1);
    assert.ok(seen[0]! < 36, `timer ran at ${seen[0]} of 36`);
  } finally {
    clearTimeout(timer);
  }
});

Deno.test("runSweep() refuses bad options, naming the option and the value", async () => {
  const cases: [Record<string, unknown>, string][] = [
    [
      { workers: 1.5 },
      "Cannot run a sweep as options.workers must be an integer >= 1: current value is 1.5",
    ],
    [
      { resume: "no" },
      'Cannot run a sweep as options.resume must be a boolean: current value is "no"',
    ],
    [
      { runner: "thread" },
      'Cannot run a sweep as options.runner must be one of "worker", "process", "inline": current value is "thread"',
    ],
    [
      { onProgress: 5 },
      "Cannot run a sweep as options.onProgress must be a function: current value is 5",
    ],
    [
      { shard: { index: 2, count: 2 } },
      "Cannot run a sweep as options.shard.index must be an integer in [0, 1]: current value is 2",
    ],
    [
      { shard: { index: 0, count: 0 } },
      "Cannot run a sweep as options.shard.count must be an integer >= 1: current value is 0",
    ],
    [
      { shard: { index: 0.5, count: 2 } },
      "Cannot run a sweep as options.shard.index must be an integer in [0, 1]: current value is 0.5",
    ],
  ];
  await withDir("sweep-resume-test-", async (dir) => {
    for (const [options, message] of cases) {
      await assert.rejects(runSweep(SPEC, { ...options, out: `${dir}/rows.csv` }), { message });
    }
    // Nothing written: a shard past its count wrote an empty rows file and its sidecar.
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  });
});

Deno.test("runSweep() refuses an out in a missing folder, naming options.out", async () => {
  await withDir("sweep-out-test-", async (dir) => {
    const missing = `${dir}/no-such-folder/rows.csv`;
    await assert.rejects(
      () => runSweep(SPEC, { runner: "inline", out: missing }),
      (e: Error) =>
        e instanceof RangeError &&
        e.message.includes("options.out must be in an existing folder") &&
        e.message.includes(missing),
    );
    // nothing written
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  });
});

Deno.test("runSweep() refuses a folder at out before any run, naming options.out", async () => {
  await withDir("sweep-out-test-", async (dir) => {
    const out = `${dir}/rows.csv`;
    await Deno.mkdir(out);
    // a sidecar beside it (of an earlier output there) was removed at the end
    await Deno.writeTextFile(`${out}.sweep.json`, "{}\n");
    let progress = 0;
    await assert.rejects(
      () => runSweep(SPEC, { runner: "inline", out, onProgress: () => progress++ }),
      {
        name: "TypeError",
        message:
          `Cannot run a sweep as options.out must be a file, not a folder: current value is "${out}"`,
      },
    );
    // no run made, no journal written, the sidecar kept
    assert.equal(progress, 0);
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(names, ["rows.csv", "rows.csv.sweep.json"]);
    assert.equal(await Deno.readTextFile(`${out}.sweep.json`), "{}\n");
  });
});
