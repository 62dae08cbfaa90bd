/**
 * `tools/datacenter_hashes.ts` checks --out before its minutes of runs: a bad one is refused
 * at once, naming it, with no configuration run and nothing written.
 */
import assert from "node:assert/strict";

const TOOL = new URL("../../tools/datacenter_hashes.ts", import.meta.url).pathname;

/** Runs the tool; kills it (and fails) if it has not exited after `seconds`. */
async function hashes(
  args: string[],
  seconds = 20,
): Promise<Deno.CommandStatus & { stdout: string; stderr: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "-A", TOOL, ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), seconds * 1000);
  const [status, stdout, stderr] = await Promise.all([
    child.status,
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  clearTimeout(timer);
  assert.notEqual(status.signal, "SIGKILL", `still running after ${seconds} s: ${stdout}`);
  return { ...status, stdout, stderr };
}

Deno.test("datacenter_hashes.ts refuses a bad --out before running any configuration", async () => {
  const dir = await Deno.makeTempDir({ prefix: "datacenter_hashes_" });
  try {
    const cases: [string[], string][] = [
      [["--out"], "must be followed by a file name: current value is undefined"],
      [["--out", "--quick"], 'must be followed by a file name: current value is "--quick"'],
      [
        ["--quick", "--out", `${dir}/missing/hashes.txt`],
        `must be in an existing folder: current value is "${dir}/missing/hashes.txt"`,
      ],
      [["--quick", "--out", dir], `must be a file, not a folder: current value is "${dir}"`],
    ];
    for (const [args, message] of cases) {
      const out = await hashes(args);
      assert.equal(out.code, 2, out.stderr);
      assert.equal(out.stderr, `Cannot record the hashes as --out ${message}\n`);
      assert.equal(out.stdout, "");
    }
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
