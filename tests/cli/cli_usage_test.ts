/**
 * Every command line checks its options and its output location before any work,
 * prints one line of its own and exits 2; a mistyped option gets the nearest one
 * suggested (all parse with `lib/cli/_args.ts` `parseCliArgs`).
 */
import assert from "node:assert/strict";
import { main as sweep } from "../../lib/cli/sweep.ts";
import { main as merge } from "../../lib/cli/sweep_merge.ts";
import { main as slurm } from "../../lib/cli/sweep_slurm.ts";
import { main as advise } from "../../lib/cli/advise.ts";
import { main as makeTrace } from "../../lib/cli/make_trace.ts";
import { captureIo as capture } from "./_capture.ts";

/** The one line a command printed (a trailing usage hint may follow on the next). */
function firstLine(err: string[]): string {
  assert.equal(err.length, 1, `one message expected: ${JSON.stringify(err)}`);
  return err[0]!.split("\n")[0]!;
}

const SPEC = { kind: "reliability", seed: 5, fixed: { missions: 50 }, grid: { coverage: [0.9] } };

Deno.test("every CLI suggests the nearest option for a typo and exits 2", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/s.json`, JSON.stringify(SPEC));
    const cases: [string, (c: ReturnType<typeof capture>) => number | Promise<number>, string][] = [
      ["sweep", (c) => sweep([`${dir}/s.json`, "--outt", `${dir}/r.csv`], c.io), "--out"],
      ["sweep:merge", (c) => merge(["--out", `${dir}/r.csv`, "--shard", "2"], c.io), "--shards"],
      ["sweep:slurm", (c) => slurm([`${dir}/s.json`, "--workres", "2"], c.io), "--workers"],
      ["advise", (c) => advise(["--memroy", "1GiB", "--link", "1Gbps"], c.io), "--memory"],
      ["make-trace", (c) => makeTrace(["--pagse", "10"], c.io), "--pages"],
    ];
    for (const [name, run, near] of cases) {
      await t.step(name, async () => {
        const c = capture();
        assert.equal(await run(c), 2);
        assert.match(firstLine(c.err), new RegExp(`unknown option .*did you mean ${near}\\?`));
        assert.deepEqual(c.out, []);
      });
    }
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["s.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sweep CLIs refuse an output location they cannot use before any work", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/s.json`, JSON.stringify(SPEC));
    await Deno.writeTextFile(`${dir}/file`, "not a folder");
    await t.step("sweep: --out inside a file", async () => {
      const c = capture();
      assert.equal(await sweep([`${dir}/s.json`, "--out", `${dir}/file/r.csv`], c.io), 2);
      assert.match(firstLine(c.err), /it is an existing file, not a folder/);
    });
    await t.step("sweep:merge: --out in a missing folder", async () => {
      const c = capture();
      assert.equal(await merge(["--out", `${dir}/none/r.csv`, "--shards", "2"], c.io), 2);
      assert.match(firstLine(c.err), /its folder ".*\/none" does not exist/);
    });
    await t.step("sweep:slurm: the jobs folder is a file", async () => {
      await Deno.writeTextFile(`${dir}/r.csv.slurm`, "not a folder");
      const c = capture();
      assert.equal(
        await slurm([`${dir}/s.json`, "--out", `${dir}/r.csv`, "--dry-run"], c.io),
        2,
      );
      assert.match(firstLine(c.err), /r\.csv\.slurm.*it is an existing file, not a folder/);
    });
    await t.step("sweep:slurm: an --sbatch-arg of two lines", async () => {
      const c = capture();
      const arg = "--partition=long\necho injected";
      assert.equal(
        await slurm(
          [`${dir}/s.json`, "--out", `${dir}/q.csv`, `--sbatch-arg=${arg}`, "--dry-run"],
          c.io,
        ),
        2,
      );
      assert.equal(
        firstLine(c.err),
        `sweep:slurm: Cannot submit a sweep as --sbatch-arg must be one line: current value is ${
          JSON.stringify(arg)
        }`,
      );
      assert.deepEqual(c.out, []);
    });
    assert.deepEqual(
      [...Deno.readDirSync(dir)].map((e) => e.name).sort(),
      ["file", "r.csv.slurm", "s.json"],
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sweep:slurm writes its two scripts as one set, executable, leaving no temporary file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/s.json`, JSON.stringify(SPEC));
    const c = capture();
    assert.equal(await slurm([`${dir}/s.json`, "--out", `${dir}/r.csv`, "--dry-run"], c.io), 0);
    const names = [...Deno.readDirSync(`${dir}/r.csv.slurm`)].map((e) => e.name).sort();
    assert.deepEqual(names, ["array.sh", "merge.sh"]);
    for (const name of names) {
      assert.equal(Deno.statSync(`${dir}/r.csv.slurm/${name}`).mode! & 0o777, 0o755);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task sweep removes the temporary files of killed runs and writes the sidecar last", async () => {
  const dir = await Deno.makeTempDir();
  // A pid no process has (checked), as a killed run's leftover would carry.
  let dead = 4_194_000;
  while (Deno.statSync("/proc").isDirectory && existsSync(`/proc/${dead}`)) dead -= 1;
  try {
    await Deno.writeTextFile(`${dir}/s.json`, JSON.stringify(SPEC));
    await Deno.writeTextFile(`${dir}/r.csv.tmp-${dead}`, "half a file");
    await Deno.writeTextFile(`${dir}/r.csv.sweep.json.tmp-${dead}`, "{");
    // the writer lock file a killed writer leaves beside its temporaries
    await Deno.writeTextFile(`${dir}/.writer-lock-${dead}`, "");
    const c = capture();
    assert.equal(await sweep([`${dir}/s.json`, "--out", `${dir}/r.csv`, "--quiet"], c.io), 0);
    assert.deepEqual(
      [...Deno.readDirSync(dir)].map((e) => e.name).sort(),
      ["r.csv", "r.csv.sweep.json", "s.json"],
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

function existsSync(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

Deno.test("deno task sweep:merge removes the temporary files of killed merges before merging", async () => {
  const dir = await Deno.makeTempDir();
  let dead = 4_194_000;
  while (existsSync(`/proc/${dead}`)) dead -= 1;
  try {
    await Deno.writeTextFile(`${dir}/s.json`, JSON.stringify(SPEC));
    for (const index of [0, 1]) {
      const c = capture();
      const shard = `${index}/2`;
      assert.equal(
        await sweep([`${dir}/s.json`, "--out", `${dir}/r.csv`, "--shard", shard, "--quiet"], c.io),
        0,
      );
    }
    await Deno.writeTextFile(`${dir}/r.csv.tmp-${dead}`, "half a merged file");
    await Deno.writeTextFile(`${dir}/.writer-lock-${dead}`, "");
    const m = capture();
    assert.equal(await merge(["--out", `${dir}/r.csv`, "--shards", "2"], m.io), 0);
    const names = [...Deno.readDirSync(dir)].map((e) => e.name);
    assert.deepEqual(names.filter((n) => n.includes(".tmp-")), []);
    assert.ok(names.includes("r.csv") && names.includes("r.csv.sweep.json"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
