/**
 * The output folder's recovery under the CLI tasks' own permissions (`--allow-read`,
 * `--allow-write`, no `--allow-all`): Deno opens `/proc` only under `--allow-all`, so
 * whether a temporary's writer is alive comes from its writer lock (lib/_writer_lock.ts).
 */
import assert from "node:assert/strict";
import { holdWriterLock } from "../../lib/_writer_lock.ts";

const OUTPUT_SET = new URL("../../lib/_output_set.ts", import.meta.url).href;

/** Runs recoverOutputFolder(dir) in a child with read and write permissions only. */
async function recoverInChild(dir: string): Promise<string[]> {
  const script = `import { recoverOutputFolder } from ${JSON.stringify(OUTPUT_SET)};
console.log(JSON.stringify(recoverOutputFolder(${JSON.stringify(dir)}).sort()));`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-config", "--allow-read", `--allow-write=${dir}`, script],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, stderr);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

/** A PID no process has any more. */
async function deadPid(): Promise<number> {
  const child = new Deno.Command("true").spawn();
  await child.status;
  return child.pid;
}

Deno.test("recovery without --allow-all removes a dead writer's temporaries and keeps a live one's", async () => {
  const dir = await Deno.makeTempDir({ prefix: "output_set_recovery_" });
  try {
    const dead = await deadPid();
    Deno.mkdirSync(`${dir}/.output-set.tmp-${dead}`);
    Deno.writeTextFileSync(`${dir}/.output-set.tmp-${dead}/a.csv`, "staged\n");
    Deno.writeTextFileSync(`${dir}/b.csv.tmp-${dead}`, "half");
    // a dead writer's lock file, left by a SIGKILL after its temporaries were gone
    Deno.writeTextFileSync(`${dir}/.writer-lock-${dead}`, "");
    // A live writer: this process holds the lock of its own temporaries, and a child
    // recovering the folder must leave them.
    Deno.writeTextFileSync(`${dir}/c.csv.tmp-${Deno.pid}`, "being written");
    const release = holdWriterLock(dir);
    assert.deepEqual(await recoverInChild(dir), [`.output-set.tmp-${dead}`, `b.csv.tmp-${dead}`]);
    const left = () => [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(left(), [`.writer-lock-${Deno.pid}`, `c.csv.tmp-${Deno.pid}`]);
    // The writer gives its lock back with its temporary still there (as a killed process
    // does): the next recovery removes both.
    release();
    assert.deepEqual(left(), [`c.csv.tmp-${Deno.pid}`]);
    const lock = Deno.openSync(`${dir}/.writer-lock-${Deno.pid}`, { create: true, write: true });
    lock.close(); // a lock file nobody holds: its writer is gone
    assert.deepEqual(await recoverInChild(dir), [`c.csv.tmp-${Deno.pid}`]);
    assert.deepEqual(left(), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("holdWriterLock() is held once per folder and given back by its last holder", async () => {
  const dir = await Deno.makeTempDir({ prefix: "writer_lock_" });
  try {
    const lockFile = `${dir}/.writer-lock-${Deno.pid}`;
    const first = holdWriterLock(dir), second = holdWriterLock(dir);
    first();
    first(); // giving it back twice counts once
    assert.ok(Deno.statSync(lockFile).isFile, "still held by the second");
    second();
    assert.throws(() => Deno.statSync(lockFile), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("holdWriterLock() takes a folder reached through a symbolic link as the same folder", async () => {
  // two exclusive locks on one lock file from this process, through two open files, would
  // wait for each other forever: the link and the folder must be one key
  const dir = await Deno.makeTempDir({ prefix: "writer_lock_link_" });
  try {
    Deno.mkdirSync(`${dir}/real`);
    Deno.symlinkSync(`${dir}/real`, `${dir}/link`);
    const lockFile = `${dir}/real/.writer-lock-${Deno.pid}`;
    const first = holdWriterLock(`${dir}/real`), second = holdWriterLock(`${dir}/link/`);
    first();
    assert.ok(Deno.statSync(lockFile).isFile, "still held through the link");
    second();
    assert.throws(() => Deno.statSync(lockFile), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeOutputSet() refuses a folder under an output's name before staging anything (review)", async () => {
  const { writeOutputSet } = await import("../../lib/_output_set.ts");
  const dir = await Deno.makeTempDir({ prefix: "output_set_folder_" });
  try {
    await writeOutputSet(dir, [["a.csv", "old a\n"], ["b.svg", "old b\n"]]);
    Deno.removeSync(`${dir}/b.svg`);
    Deno.mkdirSync(`${dir}/b.svg`);
    await assert.rejects(() => writeOutputSet(dir, [["a.csv", "new a\n"], ["b.svg", "new b\n"]]), {
      name: "TypeError",
      message:
        `Cannot write the outputs as ${dir}/b.svg must be a file or absent: current value is a folder`,
    });
    // the set is as it was: no new a.csv, no journal, no staging folder
    const left = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(left, ["a.csv", "b.svg"]);
    assert.equal(Deno.readTextFileSync(`${dir}/a.csv`), "old a\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("recoverOutputFolder() leaves a *.tmp-<pid> file or folder that no writer lock marks as a temporary", async () => {
  const { recoverOutputFolder } = await import("../../lib/_output_set.ts");
  const dir = await Deno.makeTempDir({ prefix: "output_set_others_" });
  try {
    const dead = await deadPid();
    // A user's file and folder whose names end like a temporary, of no writer here.
    Deno.writeTextFileSync(`${dir}/notes.tmp-${dead}`, "mine\n");
    Deno.mkdirSync(`${dir}/backup.tmp-${dead}`);
    Deno.writeTextFileSync(`${dir}/backup.tmp-${dead}/data.txt`, "mine too\n");
    assert.deepEqual(recoverOutputFolder(dir), []);
    assert.equal(Deno.readTextFileSync(`${dir}/notes.tmp-${dead}`), "mine\n");
    assert.equal(Deno.readTextFileSync(`${dir}/backup.tmp-${dead}/data.txt`), "mine too\n");
    // Beside a dead writer's lock, its temporary file goes, and still never a folder.
    const killed = await deadPid();
    Deno.writeTextFileSync(`${dir}/r.csv.tmp-${killed}`, "half");
    Deno.mkdirSync(`${dir}/kept.tmp-${killed}`);
    Deno.writeTextFileSync(`${dir}/.writer-lock-${killed}`, "");
    assert.deepEqual(recoverOutputFolder(dir), [`r.csv.tmp-${killed}`]);
    const left = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(left, [`backup.tmp-${dead}`, `kept.tmp-${killed}`, `notes.tmp-${dead}`]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("recoverOutputFolder() finishes the work of a dead process that had this process's PID, and keeps this one's", async () => {
  const { recoverOutputFolder } = await import("../../lib/_output_set.ts");
  const dir = await Deno.makeTempDir({ prefix: "output_set_same_pid_" });
  const pid = Deno.pid;
  try {
    // A killed run with this PID (as a container's first process has every run): it had
    // staged a.csv and b.svg, written its journal and renamed a.csv, and left a temporary.
    Deno.writeTextFileSync(`${dir}/a.csv`, "new a\n");
    Deno.writeTextFileSync(`${dir}/b.svg`, "old b\n");
    Deno.mkdirSync(`${dir}/.output-set.tmp-${pid}`);
    Deno.writeTextFileSync(`${dir}/.output-set.tmp-${pid}/b.svg`, "new b\n");
    Deno.writeTextFileSync(`${dir}/.output-set.commit-${pid}.json`, '["a.csv","b.svg"]\n');
    Deno.writeTextFileSync(`${dir}/c.csv.tmp-${pid}`, "half");
    Deno.writeTextFileSync(`${dir}/.writer-lock-${pid}`, "");
    recoverOutputFolder(dir);
    const left = () => [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(left(), ["a.csv", "b.svg"]);
    assert.equal(Deno.readTextFileSync(`${dir}/b.svg`), "new b\n");
    // This process's own temporary, while it holds its lock there, stays.
    const release = holdWriterLock(dir);
    Deno.writeTextFileSync(`${dir}/d.csv.tmp-${pid}`, "being written");
    recoverOutputFolder(dir);
    assert.deepEqual(left(), [".writer-lock-" + pid, "a.csv", "b.svg", `d.csv.tmp-${pid}`]);
    release();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeOutputSet() writes names in subfolders with the others as one set", async (t) => {
  const { recoverOutputFolder, writeOutputSet } = await import("../../lib/_output_set.ts");
  const dir = await Deno.makeTempDir({ prefix: "output_set_subfolders_" });
  const walk = (folder: string, prefix = ""): string[] =>
    [...Deno.readDirSync(folder)].flatMap((entry) =>
      entry.isDirectory
        ? walk(`${folder}/${entry.name}`, `${prefix}${entry.name}/`)
        : [`${prefix}${entry.name}`]
    ).sort();
  try {
    await t.step("the subfolders are made, and nothing else is left", async () => {
      await writeOutputSet(dir, [["logs/a.txt", "a\n"], ["logs/deep/b.txt", "b\n"], [
        "record.json",
        "{}\n",
      ]]);
      assert.deepEqual(walk(dir), ["logs/a.txt", "logs/deep/b.txt", "record.json"]);
      assert.equal(Deno.readTextFileSync(`${dir}/logs/deep/b.txt`), "b\n");
    });
    await t.step(
      "a dead writer's committed set in subfolders is finished by recovery",
      async () => {
        const dead = await deadPid();
        Deno.mkdirSync(`${dir}/.output-set.tmp-${dead}/logs`, { recursive: true });
        Deno.writeTextFileSync(`${dir}/.output-set.tmp-${dead}/logs/a.txt`, "new a\n");
        Deno.writeTextFileSync(`${dir}/record.json`, "new\n"); // renamed before the kill
        Deno.writeTextFileSync(
          `${dir}/.output-set.commit-${dead}.json`,
          '["logs/a.txt","record.json"]\n',
        );
        assert.deepEqual(recoverOutputFolder(dir), [`.output-set.commit-${dead}.json`]);
        assert.deepEqual(walk(dir), ["logs/a.txt", "logs/deep/b.txt", "record.json"]);
        assert.equal(Deno.readTextFileSync(`${dir}/logs/a.txt`), "new a\n");
      },
    );
    await t.step("names with an empty, dot or hidden part are refused", async () => {
      for (const name of ["logs//a.txt", "logs/", "/a.txt", "./a.txt", "logs/../a.txt", ".a/b"]) {
        await assert.rejects(() => writeOutputSet(dir, [[name, ""]]), {
          name: "TypeError",
          message: `Cannot write the outputs as a file name must be plain names joined by "/": ` +
            `current value is ${JSON.stringify(name)}`,
        });
      }
    });
    await t.step("a file where a subfolder goes is refused before staging anything", async () => {
      await assert.rejects(
        () => writeOutputSet(dir, [["record.json", "newer\n"], ["logs/a.txt/x.txt", ""]]),
        {
          name: "TypeError",
          message: `Cannot write the outputs as ${dir}/logs/a.txt must be a folder or absent: ` +
            "current value is a file",
        },
      );
      assert.deepEqual(walk(dir), ["logs/a.txt", "logs/deep/b.txt", "record.json"]);
      assert.equal(Deno.readTextFileSync(`${dir}/record.json`), "new\n");
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
