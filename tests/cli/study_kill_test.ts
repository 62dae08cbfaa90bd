/**
 * A killed `study` run leaves the previous outputs as a whole set and no temporary
 * file (after the recovery that the next run does first), and the output-set
 * protocol completes a set whose commit a killed run had started.
 */
import assert from "node:assert/strict";
import { main } from "../../lib/cli/study.ts";
import { recoverOutputFolder, writeOutputSet } from "../../lib/_output_set.ts";

const STUDY = new URL("../../lib/cli/study.ts", import.meta.url).pathname;
const quiet = { stdout: () => {}, stderr: () => {} };

/** Every entry of a folder with its contents. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of [...Deno.readDirSync(dir)].sort((a, b) => a.name.localeCompare(b.name))) {
    files[entry.name] = entry.isFile ? Deno.readTextFileSync(`${dir}/${entry.name}`) : "<dir>";
  }
  return files;
}

/** Starts a long study writing to `out`; resolves once it reports progress (mid-run). */
async function startLongStudy(out: string): Promise<Deno.ChildProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      STUDY,
      "--memory",
      "1GiB",
      "--seed",
      Array.from({ length: 32 }, (_, i) => i + 1).join(","),
      "--out",
      out,
    ],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  // The CLI prints "[n/N] ..." progress lines once it has run for a second.
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!seen.includes("[")) {
    const { value, done } = await reader.read();
    if (done) {
      const status = await child.status;
      throw new Error(
        `study ended (code ${status.code}, signal ${status.signal}) before reporting progress: ${seen}`,
      );
    }
    seen += value;
  }
  reader.releaseLock();
  return child;
}

for (const signal of ["SIGKILL", "SIGTERM"] as const) {
  Deno.test(`study killed by ${signal} mid-run keeps the previous outputs whole, no temporary file`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "study_kill_" });
    try {
      const out = `${dir}/out`;
      // The previous outputs: a tiny study.
      const code = await main(
        ["--memory", "16MiB", "--techniques", "offline,pre-copy/qemu", "--out", out],
        quiet,
      );
      assert.equal(code, 0);
      const before = snapshot(out);
      assert.ok(Object.keys(before).includes("study.csv"));

      const child = await startLongStudy(out);
      child.kill(signal);
      const status = await child.status;
      assert.equal(status.success, false);
      await child.stderr.cancel().catch(() => {});

      // What the next run does first.
      recoverOutputFolder(out);
      assert.deepEqual(snapshot(out), before);
      const leftovers = [...Deno.readDirSync(dir), ...Deno.readDirSync(out)]
        .map((e) => e.name)
        .filter((name) => name.includes(".tmp-") || name.startsWith(".output-set"));
      assert.deepEqual(leftovers, []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("recoverOutputFolder() completes a set whose commit a dead run began, and cleans its temporaries", async () => {
  const dir = await Deno.makeTempDir({ prefix: "output_set_" });
  try {
    await writeOutputSet(dir, [["a.csv", "old a\n"], ["b.svg", "old b\n"]]);
    // A process that has exited: its PID is dead.
    const dead = new Deno.Command("true").spawn();
    const { pid } = dead;
    await dead.status;
    // It had staged the new set and written its journal, then renamed a.csv only.
    Deno.mkdirSync(`${dir}/.output-set.tmp-${pid}`);
    Deno.writeTextFileSync(`${dir}/.output-set.tmp-${pid}/b.svg`, "new b\n");
    Deno.writeTextFileSync(`${dir}/a.csv`, "new a\n");
    Deno.writeTextFileSync(`${dir}/.output-set.commit-${pid}.json`, '["a.csv","b.svg"]\n');
    // And an atomic write of another run died half-way.
    Deno.writeTextFileSync(`${dir}/c.csv.tmp-${pid}`, "half");
    Deno.writeTextFileSync(`${dir}/.writer-lock-${pid}`, ""); // which a killed writer leaves
    recoverOutputFolder(dir);
    assert.deepEqual(snapshot(dir), { "a.csv": "new a\n", "b.svg": "new b\n" });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeOutputSet() rejects names that are not plain file names", async () => {
  await assert.rejects(
    () => writeOutputSet("unused", [["../escape.csv", ""]]),
    {
      name: "TypeError",
      message:
        'Cannot write the outputs as a file name must be plain names joined by "/": current value is "../escape.csv"',
    },
  );
});
