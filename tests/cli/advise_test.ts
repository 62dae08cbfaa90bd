import assert from "node:assert/strict";
import { main } from "../../lib/cli/advise.ts";

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const code = main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

Deno.test("advise CLI prints a ranking table for the issue's example", () => {
  const { code, stdout } = run([
    "--",
    "--memory",
    "1GiB",
    "--dirty-rate",
    "20MB/s",
    "--link",
    "10Gbps",
    "--max-downtime",
    "300ms",
    "--max-slowdown",
    "5%",
  ]);
  assert.equal(code, 0);
  assert.match(stdout, /^Goal: downtime <= 300 ms, slowdown <= 5 %; minimise total-time\n/);
  assert.match(
    stdout,
    /rank +setting +mechanisms +total +downtime +traffic +slowdown +throttle +split/,
  );
  assert.match(stdout, /\n +1 +\S+/);
  assert.match(stdout, /Best: /);
});

Deno.test("advise CLI: the issue's exact command prints a ranking table", () => {
  const { code, stdout } = run([
    "--",
    "--memory",
    "16GiB",
    "--dirty-rate",
    "200MB/s",
    "--link",
    "10Gbps",
    "--max-downtime",
    "300ms",
  ]);
  assert.equal(code, 0, stdout);
  assert.match(stdout, /^Goal: downtime <= 300 ms; minimise total-time\n/);
  assert.match(stdout, /rank +setting +mechanisms +total +downtime +traffic/);
  // Three ranked rows (the default number of finalists).
  const rows = stdout.split("\n").filter((l) => /^ +[1-3] +\S/.test(l));
  assert.equal(rows.length, 3, stdout);
  assert.match(stdout, /Best: /);
});

Deno.test("advise CLI exits 1 and explains when nothing meets the goal", () => {
  const { code, stdout } = run([
    "--memory=1GiB",
    "--dirty-rate=500MB/s",
    "--link=1Gbps",
    "--max-downtime=100ms",
    "--max-slowdown=0.05",
  ]);
  assert.equal(code, 1);
  assert.match(stdout, /No setting meets the goal\./);
  assert.match(stdout, /More bandwidth: /);
});

Deno.test("advise CLI --help lists the goals", () => {
  const { code, stdout } = run(["--help"]);
  assert.equal(code, 0);
  for (const flag of ["--max-downtime", "--max-total", "--max-traffic", "--max-slowdown"]) {
    assert.ok(stdout.includes(flag), flag);
  }
  assert.match(stdout, /total-time, downtime, traffic, slowdown/);
});

Deno.test("advise CLI prints mechanism settings readably", async (t) => {
  // 1 GiB dirtied at 2 Gbit/s over 1 Gbit/s: only throttling or post-copy meets 300 ms.
  const hot = ["--memory", "1GiB", "--dirty-rate", "2Gbps", "--link", "1Gbps"];
  await t.step("--allow-slowdown 0.4: the switch to post-copy, in words", () => {
    const { code, stdout } = run([...hot, "--max-downtime", "300ms", "--allow-slowdown", "0.4"]);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^Goal: downtime <= 300 ms, slowdown <= 40 %;/);
    assert.match(
      stdout,
      /pre-copy\/postcopy-after-precopy +post-copy after 1 pass \(active push\) +[\d.]+ s/,
    );
  });
  await t.step("--allow-slowdown 0: nothing meets; what would, with numbers", () => {
    const { code, stdout } = run([...hot, "--max-downtime", "300ms", "--allow-slowdown", "0"]);
    assert.equal(code, 1);
    assert.match(
      stdout,
      /Allowing slowdown: \S+ meets every other limit with a guest slowdown of [\d.]+ %/,
    );
    assert.match(stdout, /Throttling: .*a dirty rate of/);
  });
  await t.step("a stated compressibility: multifd with zstd, its ratio and rate in words", () => {
    const { code, stdout } = run([
      "--memory=256MiB",
      "--dirty-rate=20MB/s",
      "--link=1Gbps",
      "--max-traffic=200MB",
      "--compression-ratio=0.3",
      "--compression-rate=1GB/s",
    ]);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /\nCompressibility: zstd ratio 0\.3, 1000 MB\/s per core \(stated\)\n/);
    assert.match(stdout, /multifd \d channels, zstd-1 ratio 0\.3 at 1000 MB\/s per core/);
  });
  await t.step("--compressibility measures zstd on this machine and says so", () => {
    const { stdout } = run([
      "--memory=64MiB",
      "--link=1Gbps",
      "--max-downtime=300ms",
      "--compressibility=4",
    ]);
    assert.match(
      stdout,
      /Compressibility: zstd level 1 on 256 pages of 4 bits\/byte, measured here: ratio 0\.\d+, [\d.]+ MB\/s per core/,
    );
  });
});

Deno.test("advise CLI --help lists the mechanisms and the slowdown flags", () => {
  const { code, stdout } = run(["--help"]);
  assert.equal(code, 0);
  for (
    const word of [
      "auto-converge",
      "dirty-limit",
      "postcopy-after-precopy",
      "multifd + zstd",
      "xbzrle",
      "auto-converge + multifd",
      "--allow-slowdown",
      "--compressibility",
      "--compression-ratio",
      "--compression-rate",
    ]
  ) assert.ok(stdout.includes(word), word);
  assert.match(stdout, /trigger 50 %, throttle 20 % \+ 10 % per pass up to 99 %/);
});

Deno.test("advise CLI: bad options give a one-line error and exit 2", () => {
  for (
    const args of [
      ["--link", "1Gbps"],
      ["--memory", "1GiB"],
      ["--memory=-1GiB", "--link", "1Gbps"],
      ["--memory", "1GiB", "--link", "fast"],
      ["--memory", "1GiB", "--link", "1Gbps", "--minimise", "cheap"],
      ["--memory", "1GiB", "--link", "1Gbps", "--max-slowdown", "lots"],
      ["--memory", "1GiB", "--link", "1Gbps", "--bogus"],
      ["--memory", "1GiB", "--link", "1Gbps", "--workload", "zipf"],
      ["--memory", "1GiB", "--link", "1Gbps", "--allow-slowdown", "2"],
      ["--memory", "1GiB", "--link", "1Gbps", "--allow-slowdown", "0.1", "--max-slowdown", "0.1"],
      ["--memory", "1GiB", "--link", "1Gbps", "--compressibility", "9"],
      ["--memory", "1GiB", "--link", "1Gbps", "--compression-ratio", "0.5"],
      [
        "--memory",
        "1GiB",
        "--link",
        "1Gbps",
        "--compression-ratio",
        "0",
        "--compression-rate",
        "1GB/s",
      ],
      [
        "--memory",
        "1GiB",
        "--link",
        "1Gbps",
        "--compressibility",
        "4",
        "--compression-ratio",
        "0.5",
      ],
    ]
  ) {
    const { code, stdout, stderr } = run(args);
    assert.equal(code, 2, args.join(" "));
    assert.equal(stdout, "");
    assert.match(stderr, /^advise: [^\n]+\n$/, args.join(" "));
  }
});

Deno.test("advise CLI: a bad value's error names its option, not a library field", () => {
  const base = ["--memory", "1GiB", "--link", "1Gbps"];
  const cases: [string[], RegExp][] = [
    [
      ["--memory", "-1GiB", "--link", "1Gbps"],
      /^advise: invalid --memory "-1GiB": a size must be >= 0\n$/,
    ],
    [
      ["--memory", "1gib", "--link", "1Gbps"],
      /^advise: invalid --memory "1gib": units are case-sensitive .*did you mean "1GiB"\?\n$/,
    ],
    [["--memory", "1GiB", "--link", "fast"], /^advise: invalid --link "fast": /],
    [
      [...base, "--dirty-rate", "-1MB/s"],
      /^advise: invalid --dirty-rate "-1MB\/s": a rate must be >= 0\n$/,
    ],
    [[...base, "--read-rate", "x"], /^advise: invalid --read-rate "x": /],
    [
      [...base, "--latency", "-1ms"],
      /^advise: invalid --latency "-1ms": a duration must be >= 0\n$/,
    ],
    [[...base, "--cap", "1gbps"], /^advise: invalid --cap "1gbps": units are case-sensitive/],
    [[...base, "--max-downtime", "-1s"], /^advise: invalid --max-downtime "-1s": /],
    [[...base, "--max-total", "soon"], /^advise: invalid --max-total "soon": /],
    [[...base, "--max-traffic", "-1GiB"], /^advise: invalid --max-traffic "-1GiB": /],
    [[...base, "--state", "-1B"], /^advise: invalid --state "-1B": /],
    [[...base, "--page-size", "4kib"], /^advise: invalid --page-size "4kib": /],
    [
      [...base, "--workload", "hot-cold", "--hot-fraction", "1.5"],
      /^advise: --hot-fraction must be .*: current value is 1\.5\n$/,
    ],
    [
      [...base, "--workload", "hot-cold", "--hot-share", "2"],
      /^advise: --hot-share must be in \[0, 1\]: current value is 2\n$/,
    ],
    [
      [...base, "--compression-ratio", "0.5", "--compression-rate", "-1GB/s"],
      /^advise: invalid --compression-rate "-1GB\/s": a rate must be >= 0\n$/,
    ],
    // hot-cold's flags with a uniform workload were ignored
    [
      [...base, "--hot-fraction", "0.2"],
      /^advise: --hot-fraction does not apply to --workload uniform: leave it out\n$/,
    ],
    // zero caps and goals were stack traces with exit 1, the "none meets the goal" code
    [[...base, "--cap", "0bps"], /^advise: --cap must be > 0: current value is 0bps\n$/],
    [
      [...base, "--max-downtime", "0s"],
      /^advise: --max-downtime must be > 0: current value is 0s\n$/,
    ],
    [[...base, "--max-total", "0s"], /^advise: --max-total must be > 0: current value is 0s\n$/],
    [
      [...base, "--max-traffic", "0B"],
      /^advise: --max-traffic must be > 0: current value is 0B\n$/,
    ],
    [[...base, "--page-size", "0B"], /^advise: --page-size must be > 0: current value is 0B\n$/],
    // a memory of part of a page was rounded to whole pages (6 KiB became 8 KiB)
    [
      ["--memory", "6KiB", "--link", "1Gbps"],
      /^advise: --memory must be a whole number of pages \(--page-size 4KiB\): current value is 6KiB\n$/,
    ],
  ];
  for (const [args, pattern] of cases) {
    const { code, stdout, stderr } = run(args);
    assert.equal(code, 2, args.join(" "));
    assert.equal(stdout, "");
    assert.match(stderr, pattern, args.join(" "));
  }
});

Deno.test("advise CLI: a --memory of too many pages names --memory, not vm.pageCount (review)", () => {
  const { code, stdout, stderr } = run(["--memory", "8TiB", "--link", "1Gbps"]);
  assert.equal(code, 2);
  assert.equal(stdout, "");
  assert.equal(
    stderr,
    "advise: --memory must be at most 1073741824 pages (--page-size 4KiB): current value is 8TiB\n",
  );
});
