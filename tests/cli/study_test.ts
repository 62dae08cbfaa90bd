import assert from "node:assert/strict";
import { main } from "../../lib/cli/study.ts";

const HEADER =
  "workload,label,technique,seed,fidelity,totalSeconds,downtimeSeconds,bytesSent,pagesSent,rounds,converged,stopReason,remoteFaults,stallSeconds";
const FILES = [
  "downtime.svg",
  "study.csv",
  "timeline.svg",
  "total-time.svg",
  "traffic.svg",
];

/** Runs `main` with captured output (and optionally a fake clock). */
async function run(
  args: string[],
  now?: () => number,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: (text) => stdout += text,
    stderr: (text) => stderr += text,
    ...(now ? { now } : {}),
  });
  return { code, stdout, stderr };
}

/** Runs `fn` with a fresh temporary directory, then removes it. */
async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "study_test_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("main() runs a tiny study and writes the CSV and four figures", async () => {
  await withTempDir(async (dir) => {
    const out = `${dir}/out`;
    const { code, stdout, stderr } = await run([
      "--memory",
      "16MiB",
      "--techniques",
      "offline,pre-copy/qemu,post-copy/active-push",
      "--seed",
      "1,2",
      "--out",
      out,
    ]);
    assert.equal(stderr, "");
    assert.equal(code, 0);
    assert.deepEqual(
      [...Deno.readDirSync(out)].map((e) => e.name).sort(),
      FILES,
    );

    const lines = (await Deno.readTextFile(`${out}/study.csv`)).trimEnd().split(
      "\n",
    );
    assert.equal(lines[0], HEADER);
    // 3 workloads x 3 techniques x 2 seeds.
    assert.equal(lines.length, 1 + 18);
    assert.match(lines[1]!, /^idle,offline,offline,1,page,/);
    assert.match(lines[18]!, /^hot-cold,post-copy\/active-push,post-copy,2,page,/);
    // 16 MiB = 4096 pages of 4 KiB, each with an 8-byte header, plus 256 KiB of state.
    assert.equal(lines[1]!.split(",")[7], String(4096 * 4104 + 262144));

    for (const name of FILES.filter((f) => f.endsWith(".svg"))) {
      const svg = await Deno.readTextFile(`${out}/${name}`);
      assert.match(
        svg,
        /^<svg[^>]* xmlns="http:\/\/www\.w3\.org\/2000\/svg"/,
        name,
      );
    }
    assert.match(
      await Deno.readTextFile(`${out}/timeline.svg`),
      /timeline by technique: hot-cold/,
    );
    // Comparisons say the setup and the spread; downtime is dots on its log axis.
    const downtime = await Deno.readTextFile(`${out}/downtime.svg`);
    assert.doesNotMatch(downtime, /<rect (?!width="100%")/); // no bar (the canvas aside)
    for (const name of ["downtime.svg", "total-time.svg", "traffic.svg"]) {
      assert.match(
        await Deno.readTextFile(`${out}/${name}`),
        />16 MiB VM, [^<]* link, [^<]* latency; seeds 1, 2 · [^<]*means of up to 2 runs; small dots: each run</,
        name,
      );
    }

    assert.match(
      stdout,
      /^workload +technique +seed +fidelity +total \(s\) +downtime \(ms\)/,
    );
    assert.match(stdout, /hot-cold +post-copy\/active-push +2 /);
    assert.match(
      stdout,
      new RegExp(`Wrote ${out}/study.csv, .*${out}/timeline.svg\n$`),
    );
  });
});

Deno.test("main() rejects bad flags with exit code 2 and writes nothing", async (t) => {
  const cases: [string[], RegExp][] = [
    [
      ["--memory", "4XB"],
      /^study: invalid --memory "4XB": Cannot parse bytes as value must be a size .*: current value is "4XB"/,
    ],
    [
      ["--memory", "10000B"],
      /invalid --memory "10000B" with --page-size "4KiB": memory \(10000 bytes\) must be a positive multiple of the page size \(4096 bytes\)/,
    ],
    [
      // The page size the user typed is named too: 4KB is 4000 bytes, and 4GiB is no
      // multiple of it.
      ["--page-size", "4KB"],
      /^study: invalid --memory "4GiB" with --page-size "4KB": memory \(4294967296 bytes\) must be a positive multiple of the page size \(4000 bytes\)/,
    ],
    [
      ["--page-size", "0B"],
      /invalid --page-size "0B": must be a whole number of bytes >= 1/,
    ],
    [["--bandwidth", "fast"], /^study: invalid --bandwidth "fast": /],
    [["--bandwidth", "0Gbps"], /invalid --bandwidth "0Gbps": must be > 0/],
    [["--latency", "soon"], /^study: invalid --latency "soon": /],
    [
      ["--workloads", "idle,bogus"],
      /invalid --workloads "idle,bogus": unknown workload "bogus"/,
    ],
    [
      ["--techniques", "warp"],
      /invalid --techniques "warp": unknown technique "warp"/,
    ],
    [
      ["--writes-per-second=-5"],
      /invalid --writes-per-second "-5": must be a number >= 0/,
    ],
    [
      ["--seed", "1,,2"],
      /invalid --seed "1,,2": must be a comma-separated list/,
    ],
    [["--colour", "red"], /^study: unknown option --colour; options: --memory, --page-size, /],
    [["--memroy", "4GiB"], /^study: unknown option --memroy \(did you mean --memory\?\)/],
    [["--bandwith", "1Gbps"], /^study: unknown option --bandwith \(did you mean --bandwidth\?\)/],
    [["--memory", "-4GiB"], /^study: invalid --memory "-4GiB": a size must be >= 0 /],
    // more pages than the engine takes: exit 2 naming --memory, not the first run's failure
    [
      ["--memory", "8TiB"],
      /^study: invalid --memory "8TiB" with --page-size "4KiB": must be at most 1073741824 pages: current value is 2147483648 pages /,
    ],
    [["--latency", "-1ms"], /^study: invalid --latency "-1ms": a duration must be >= 0 /],
    // repeated items ran twice and printed their rows twice
    [
      ["--seed", "1,2,1"],
      /^study: invalid --seed "1,2,1": must name each item once \("1" is repeated\) /,
    ],
    [["--seed", "1,01"], /^study: invalid --seed "1,01": must name each seed once /],
    [
      ["--workloads", "idle,idle"],
      /^study: invalid --workloads "idle,idle": must name each item once /,
    ],
    [
      ["--techniques", "offline,offline"],
      /^study: invalid --techniques "offline,offline": must name each item once /,
    ],
    [
      ["--memory", "4gib"],
      /^study: invalid --memory "4gib": units are case-sensitive \(b = bit, B = byte, m = milli, M = mega\); did you mean "4GiB"\? /,
    ],
    // bytes per second written "Bps": the bytes' spelling first, not only the bits' (8x less)
    [
      ["--bandwidth", "1GBps"],
      /^study: invalid --bandwidth "1GBps": units are case-sensitive .*did you mean "1GB\/s" or "1Gbps"\? /,
    ],
    [
      ["--bandwidth", "1gbps"],
      /^study: invalid --bandwidth "1gbps": units are case-sensitive .*did you mean "1Gbps"\? /,
    ],
    [
      ["--latency", "1MS"],
      /^study: invalid --latency "1MS": units are case-sensitive .*did you mean "1ms"\? /,
    ],
    [["--seed"], /^study: option --seed needs a value /],
    [["stray"], /^study: unexpected argument "stray"/],
  ];
  for (const [args, message] of cases) {
    await t.step(args.join(" "), async () => {
      await withTempDir(async (dir) => {
        const { code, stdout, stderr } = await run([
          ...args,
          "--out",
          `${dir}/out`,
        ]);
        assert.equal(code, 2);
        assert.equal(stdout, "");
        assert.match(stderr, message);
        // One line, and nothing done: no progress, no table.
        assert.match(stderr, /^[^\n]* \(run with --help for usage\)\n$/);
        assert.deepEqual([...Deno.readDirSync(dir)], []);
      });
    });
  }
});

Deno.test("main() refuses an --out under a file, exit 2 and one line, before running anything", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/results`, "keep me");
    const { code, stdout, stderr } = await run(["--out", `${dir}/results/out`]);
    assert.equal(code, 2);
    assert.equal(stdout, "");
    assert.match(
      stderr,
      /^study: invalid --out ".*\/results\/out": a part of its path is a file, not a folder \(run with --help for usage\)\n$/,
    );
    assert.equal(await Deno.readTextFile(`${dir}/results`), "keep me");
  });
});

Deno.test("main() refuses an --out that is an existing file before running anything", async () => {
  await withTempDir(async (dir) => {
    const file = `${dir}/results`;
    await Deno.writeTextFile(file, "keep me");
    let progress = 0;
    const { code, stdout, stderr } = await run(["--out", file], () => (progress += 2000));
    assert.equal(code, 2);
    assert.equal(stdout, "");
    assert.equal(
      stderr,
      `study: invalid --out "${file}": it is an existing file, not a folder (run with --help for usage)\n`,
    );
    assert.equal(progress, 0, "the clock was never read: no run started");
    assert.equal(await Deno.readTextFile(file), "keep me");
  });
});

Deno.test("main() prints usage for --help and writes nothing", async (t) => {
  for (const flag of ["--help", "-h"]) {
    await t.step(flag, async () => {
      await withTempDir(async (dir) => {
        const { code, stdout, stderr } = await run([
          flag,
          "--out",
          `${dir}/out`,
        ]);
        assert.equal(code, 0);
        assert.equal(stderr, "");
        assert.match(stdout, /^Usage: deno task study \[options\]/);
        for (
          const option of [
            "--memory",
            "--bandwidth",
            "--workloads",
            "--techniques",
            "--out",
          ]
        ) {
          assert.ok(stdout.includes(option), option);
        }
        assert.deepEqual([...Deno.readDirSync(dir)], []);
      });
    });
  }
});

Deno.test("main() shows progress on stderr once the study has run over a second", async () => {
  await withTempDir(async (dir) => {
    let clock = 0;
    const { code, stderr } = await run([
      "--memory",
      "16MiB",
      "--workloads",
      "idle,hot-cold",
      "--techniques",
      "offline,pre-copy/xen",
      "--out",
      dir,
    ], () => (clock += 400));
    assert.equal(code, 0);
    // Clock reads 400 at the start, then 800, 1200, 1600, 2000 after runs 1 to 4:
    // only runs 3 and 4 end more than 1000 ms after the start.
    assert.equal(
      stderr,
      "[3/4] hot-cold offline\n[4/4] hot-cold pre-copy/xen\n",
    );
  });
});

Deno.test("main() keeps seeds past 2^53 as typed, each its own seed", async () => {
  await withTempDir(async (dir) => {
    // as numbers both were 12345678901234567000: refused as one seed named twice
    const { code, stderr } = await run([
      "--memory",
      "1MiB",
      "--workloads",
      "uniform",
      "--techniques",
      "pre-copy/qemu",
      "--seed",
      "12345678901234567890,12345678901234567891",
      "--out",
      `${dir}/out`,
    ]);
    assert.equal(stderr, "");
    assert.equal(code, 0);
    const rows = (await Deno.readTextFile(`${dir}/out/study.csv`)).trimEnd().split("\n").slice(1);
    assert.deepEqual(rows.map((r) => r.split(",")[3]), [
      "12345678901234567890",
      "12345678901234567891",
    ]);
    assert.notEqual(rows[0]!.split(",").slice(4).join(), rows[1]!.split(",").slice(4).join());
  });
});
