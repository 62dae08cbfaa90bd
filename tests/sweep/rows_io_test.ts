/**
 * Reading and writing sweep rows, shards and shard paths: awkward variant labels survive
 * a CSV round trip (and a finished output read back), malformed rows files are refused
 * by name, JSON Lines hold exactly the columns, and shard text, Slurm variables and shard
 * file names follow their documented forms.
 */
import assert from "node:assert/strict";
import {
  expandSweep,
  formatSweepRows,
  parseShard,
  parseSweepRows,
  runSweep,
  shardFromSlurm,
  shardOutputPath,
  splitSweepRecords,
  type SweepSpec,
} from "../../lib/sweep/mod.ts";

/** Labels with a double quote, a comma and a newline: each must be quoted in CSV. */
const AWKWARD: SweepSpec = {
  kind: "reliability",
  seed: "rows_io_test",
  fixed: { missions: 20 },
  grid: { coverage: [0.5, 1] },
  variants: [
    { label: 'say "hi"', parameters: {} },
    { label: "a,b", parameters: { lifetime: "weibull" } },
    { label: "two\nlines", parameters: {} },
  ],
};

Deno.test("CSV rows with quotes, commas and newlines in labels read back as written", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sweep-rows-test-" });
  try {
    const out = `${dir}/rows.csv`;
    const first = await runSweep(AWKWARD, { runner: "inline", out });
    const text = await Deno.readTextFile(out);
    assert.equal(text.split("\n")[1]!.split(",").slice(0, 2).join(","), '0,"say ""hi"""');
    const sweep = expandSweep(AWKWARD);
    assert.deepEqual(splitSweepRecords(text, "csv").length, 7);
    assert.deepEqual(parseSweepRows(text, "csv", sweep), first.rows);
    assert.deepEqual(
      first.rows.map((r) => r.variant),
      ['say "hi"', "a,b", "two\nlines", 'say "hi"', "a,b", "two\nlines"],
    );
    // A finished output is read back, not rerun.
    const again = await runSweep(AWKWARD, { runner: "inline", out });
    assert.equal(again.ran, 0);
    assert.deepEqual(again.rows, first.rows);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("malformed rows files are refused naming the problem", () => {
  assert.deepEqual(splitSweepRecords("", "csv"), []);
  assert.deepEqual(splitSweepRecords("", "jsonl"), []);
  assert.throws(() => splitSweepRecords("a,b\n1,2", "csv"), {
    name: "SyntaxError",
    message:
      'Cannot read sweep rows as the file must end with a newline: current value is "a,b\\n1,2"',
  });
  assert.throws(() => splitSweepRecords('{"run":0}\n{"run":1}', "jsonl"), {
    name: "SyntaxError",
    message: /must end with a newline/,
  });
  assert.throws(() => splitSweepRecords('a,b\n1,"x\n', "csv"), {
    name: "SyntaxError",
    message:
      'Cannot read sweep rows as a quoted CSV field must be closed: current value is "1,\\"x\\n"',
  });
  const sweep = expandSweep({ kind: "reliability", seed: 1 });
  assert.throws(() => parseSweepRows("run,variant\n0,default\n", "csv", sweep), {
    name: "SyntaxError",
    message: "Cannot read sweep rows as the CSV header must be " +
      '"run,variant,replicate,seed,reliability,lowerBound,upperBound,exactReliability,failures": ' +
      'current value is "run,variant"',
  });
  // Records that read as other values: cut short, run on, a stray quote, a blank number.
  const header = sweep.columns.join(",");
  const bad: [string, string][] = [
    ["0,default,0,5", 'CSV record 1 must have 9 fields: current value is "0,default,0,5"'],
    ["0,default,0,5,1,1,1,1,0,x", "CSV record 1 must have 9 fields"],
    ['0,"de"fault,0,5,1,1,1,1,0', "CSV record 1 must have 9 fields"],
    ['0,de""fault,0,5,1,1,1,1,0', "CSV record 1 must have 9 fields"],
    [
      "0,default,,5,1,1,1,1,0",
      'replicate of CSV record 1 must be a finite number: current value is ""',
    ],
  ];
  for (const [record, message] of bad) {
    assert.throws(() => parseSweepRows(`${header}\n${record}\n`, "csv", sweep), {
      name: "SyntaxError",
      message: new RegExp(`^Cannot read sweep rows as ${message.replace(/[."]/g, "\\$&")}`),
    });
  }
  for (const line of ['{"run":0}', "[0]", "{"]) {
    assert.throws(() => parseSweepRows(`${line}\n`, "jsonl", sweep), {
      name: "SyntaxError",
      message: new RegExp(`^Cannot read sweep rows as line 1 must be a JSON object of the columns`),
    });
  }
});

Deno.test("formatSweepRows() writes JSON Lines with exactly the columns, in their order", () => {
  assert.equal(
    formatSweepRows([{ b: 2, extra: true, a: 1 }, { a: 3, b: "x" }], ["a", "b"], "jsonl"),
    '{"a":1,"b":2}\n{"a":3,"b":"x"}\n',
  );
});

Deno.test("parseShard() takes only i/N with 0 <= i < N, around optional spaces", () => {
  assert.deepEqual(parseShard(" 1 / 3 "), { index: 1, count: 3 });
  assert.deepEqual(parseShard("0/1"), { index: 0, count: 1 });
  for (const text of ["x1/2", "1/2x", "-1/2", "1.0/2"]) {
    assert.throws(() => parseShard(text), {
      name: "SyntaxError",
      message: `Cannot parse shard as it must be i/N with integers (e.g. 0/4): current value is ${
        JSON.stringify(text)
      }`,
    }, text);
  }
  assert.throws(() => parseShard("0/0"), {
    name: "RangeError",
    message: 'Cannot parse shard as its count must be >= 1: current value is "0/0"',
  });
  assert.throws(() => parseShard("2/2"), {
    name: "RangeError",
    message:
      'Cannot parse shard as its index must be below its count (i/N with 0 <= i < N): current value is "2/2"',
  });
});

Deno.test("shardFromSlurm() needs both the task id and count, and an array from 0", () => {
  assert.equal(shardFromSlurm({ SLURM_ARRAY_TASK_ID: "1" }), undefined);
  assert.equal(shardFromSlurm({ SLURM_ARRAY_TASK_COUNT: "4" }), undefined);
  assert.deepEqual(
    shardFromSlurm({
      SLURM_ARRAY_TASK_ID: "3",
      SLURM_ARRAY_TASK_COUNT: "4",
      SLURM_ARRAY_TASK_MIN: "0",
    }),
    { index: 3, count: 4 },
  );
  assert.throws(
    () =>
      shardFromSlurm({
        SLURM_ARRAY_TASK_ID: "1",
        SLURM_ARRAY_TASK_COUNT: "4",
        SLURM_ARRAY_TASK_MIN: "1",
      }),
    {
      name: "RangeError",
      message:
        'Cannot take the shard from Slurm as SLURM_ARRAY_TASK_MIN must be 0 (submit --array=0-N): current value is "1"',
    },
  );
});

Deno.test("shardOutputPath() puts the shard before the last extension of the file name only", () => {
  assert.equal(shardOutputPath("rows", { index: 0, count: 2 }), "rows.shard-0-of-2");
  assert.equal(shardOutputPath("out.d/rows", { index: 1, count: 4 }), "out.d/rows.shard-1-of-4");
  assert.equal(shardOutputPath("out/a.b.csv", { index: 0, count: 2 }), "out/a.b.shard-0-of-2.csv");
  assert.throws(() => shardOutputPath("rows.csv", { index: 4, count: 4 }), {
    name: "RangeError",
    message:
      "Cannot name the shard output as shard.index must be an integer in [0, 3]: current value is 4",
  });
});
