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
  assert.match(stdout, /rank +setting +total +downtime +traffic +slowdown/);
  assert.match(stdout, /\n +1 +\S+/);
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
    ]
  ) {
    const { code, stdout, stderr } = run(args);
    assert.equal(code, 2, args.join(" "));
    assert.equal(stdout, "");
    assert.match(stderr, /^advise: [^\n]+\n$/, args.join(" "));
  }
});
