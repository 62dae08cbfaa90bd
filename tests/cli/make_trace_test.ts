import assert from "node:assert/strict";
import { main } from "../../lib/cli/make_trace.ts";
import { readTrace } from "../../lib/workload/read_trace.ts";

const ROOT = new URL("../../", import.meta.url);

/** Runs the CLI, capturing its output. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

Deno.test("make-trace reproduces the shipped data/traces/hot_cold_4096.csv byte for byte from the command in data/README.md", async () => {
  const readme = await Deno.readTextFile(new URL("data/README.md", ROOT));
  const line = readme.split("\n").find((l) => l.startsWith("deno task make-trace "));
  assert.ok(line, "data/README.md has no `deno task make-trace` line");
  const args = line.split(/\s+/).slice(3);
  const outIndex = args.indexOf("--out");
  assert.equal(args[outIndex + 1], "data/traces/hot_cold_4096.csv");
  const dir = await Deno.makeTempDir({ prefix: "make_trace_test" });
  try {
    args[outIndex + 1] = `${dir}/hot_cold_4096.csv`;
    const { code, stdout } = await run(args);
    assert.equal(code, 0);
    assert.match(stdout, /wrote 9906 accesses \(7488 writes\)/);
    const made = await Deno.readFile(`${dir}/hot_cold_4096.csv`);
    const shipped = await Deno.readFile(new URL("data/traces/hot_cold_4096.csv", ROOT));
    assert.ok(shipped.length < 200_000);
    assert.deepEqual(made, shipped);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("make-trace writes every kind, in CSV or JSON Lines by extension", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "make_trace_test" });
  try {
    for (const [kind, ext] of [["uniform", "jsonl"], ["zipf", "csv"], ["idle", "csv"]] as const) {
      await t.step(`${kind} as .${ext}`, async () => {
        const out = `${dir}/${kind}.${ext}`;
        // each kind's own flags only (the others are refused)
        const { code } = await run([
          "--kind",
          kind,
          "--pages",
          "64",
          "--duration",
          "500ms",
          ...(kind === "idle" ? [] : ["--writes-per-second", "100", "--reads-per-second", "0"]),
          ...(kind === "zipf" ? ["--exponent", "1.2"] : []),
          "--seed",
          "abc",
          "--out",
          out,
        ]);
        assert.equal(code, 0);
        const { pageCount, workload } = await readTrace(out);
        assert.equal(pageCount, 64);
        assert.equal(workload.durationSeconds, 0.5);
        assert.equal(workload.accesses.every((a) => a.write), true);
        if (kind === "idle") assert.equal(workload.accesses.length, 0);
        else assert.ok(workload.accesses.length > 20 && workload.accesses.length < 90);
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("make-trace exits with code 2 and writes nothing for bad flags", async (t) => {
  const cases: [string[], RegExp][] = [
    [[], /--out FILE is required/],
    [["--out", "x.txt"], /file extension must be "\.csv" or "\.jsonl"/],
    [["--out", "x.csv", "--kind", "bursty"], /--kind must be one of idle, uniform, hot-cold, zipf/],
    [["--out", "x.csv", "--pages", "1.5"], /--pages must be an integer >= 1: current value is 1.5/],
    [["--out", "x.csv", "--duration", "5 parsecs"], /duration/],
    [
      ["--out", "x.csv", "--hot-share", "2"],
      /^make-trace: --hot-share must be in \[0, 1\]: current value is 2 /,
    ],
    [
      ["--out", "x.csv", "--hot-fraction", "0"],
      /^make-trace: --hot-fraction must be .*: current value is 0 /,
    ],
    [
      ["--out", "x.csv", "--kind", "zipf", "--exponent", "-1"],
      /^make-trace: --exponent must be a finite number > 0: current value is -1 /,
    ],
    [["--out", "x.csv", "--writes-per-second", "fast"], /--writes-per-second must be a number/],
    [["--out", "x.csv", "--bogus"], /bogus/],
    [["--out", "x.csv", "extra"], /unexpected argument "extra"/],
    [
      ["--out", "x.csv", "--pges", "5"],
      /^make-trace: unknown option --pges \(did you mean --pages\?\)/,
    ],
    [
      ["--out", "x.csv", "--duration", "-1s"],
      /^make-trace: invalid --duration "-1s": a duration must be >= 0 /,
    ],
    [
      ["--out", "x.csv", "--duration", "5S"],
      /^make-trace: invalid --duration "5S": units are case-sensitive .*did you mean "5s"\? /,
    ],
    [
      ["--out", "x.csv", "--writes-per-second", "-5"],
      /^make-trace: --writes-per-second must be a finite number >= 0: current value is -5 /,
    ],
    [
      ["--out", "no-such-folder/x.csv"],
      /^make-trace: invalid --out "no-such-folder\/x\.csv": its folder "no-such-folder" does not exist /,
    ],
    // a kind's own flags with another kind were ignored (review)
    [
      ["--out", "x.csv", "--kind", "uniform", "--exponent", "0"],
      /^make-trace: --exponent does not apply to --kind uniform: leave it out /,
    ],
    [
      ["--out", "x.csv", "--kind", "zipf", "--hot-share=0.5"],
      /^make-trace: --hot-share does not apply to --kind zipf: leave it out /,
    ],
    // these three crashed with a stack trace and exit 1 (review)
    [
      ["--out", "x.csv", "--duration", "0s"],
      /^make-trace: --duration must be a finite number > 0: current value is 0 /,
    ],
    [
      ["--out", "x.csv", "--writes-per-second", "1e12", "--duration", "1000s"],
      /^make-trace: --writes-per-second and --reads-per-second over --duration must make at most 10,000,000 accesses \(a trace's limit\): current values are 1e12, the default and 1000s /,
    ],
    [
      ["--out", "deno.json/x.csv"],
      /^make-trace: invalid --out "deno\.json\/x\.csv": a part of its path is a file, not a folder /,
    ],
  ];
  for (const [args, pattern] of cases) {
    await t.step(args.join(" ") || "(no flags)", async () => {
      const { code, stderr } = await run(args);
      assert.equal(code, 2);
      assert.match(stderr, pattern);
      await assert.rejects(() => Deno.stat("x.csv"), Deno.errors.NotFound);
    });
  }
  await t.step("--out naming an existing folder", async () => {
    const folder = await Deno.makeTempDir({ suffix: ".csv" });
    try {
      const { code, stderr } = await run(["--out", folder]);
      assert.equal(code, 2);
      assert.equal(
        stderr,
        `make-trace: invalid --out "${folder}": it is an existing folder, not a file (run with --help for usage)\n`,
      );
      assert.deepEqual([...Deno.readDirSync(folder)], []);
    } finally {
      await Deno.remove(folder);
    }
  });
  await t.step("--help prints the usage and exits with 0", async () => {
    const { code, stdout } = await run(["--help"]);
    assert.equal(code, 0);
    assert.match(stdout, /^Usage: deno task make-trace/);
  });
});

Deno.test("make-trace gives seeds past 2^53 their own traces, and 1 and 1.0 one trace", async () => {
  const dir = await Deno.makeTempDir({ prefix: "make_trace_test" });
  try {
    const trace = async (seed: string) => {
      const out = `${dir}/${seed}.csv`;
      const args = ["--kind", "uniform", "--pages", "64", "--duration", "500ms", "--seed", seed];
      assert.equal((await run([...args, "--out", out])).code, 0);
      return await Deno.readTextFile(out);
    };
    // as numbers both were 12345678901234567000: one stream
    assert.notEqual(await trace("12345678901234567890"), await trace("12345678901234567891"));
    assert.equal(await trace("1"), await trace("1.0"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
