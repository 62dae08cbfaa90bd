/**
 * `validation/slurm/record.ts` writes the rows, their sidecar and `run.txt` as one set, once
 * it has read all of them and asked Slurm its version and `sinfo`: a failure half-way leaves
 * `data/slurm/` as it was. No Slurm is needed: in a scratch copy, a stand-in `local_slurm.ts`
 * starts no cluster, a stand-in `lib/cli/sweep_slurm.ts` writes what a job array writes, and
 * stand-in `sbatch` and `sinfo` on PATH answer (`sbatch --version` fails on the first run).
 */
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url);

/** What a run of `sweep_slurm.ts --out FILE --wait` leaves: rows, sidecar and task logs. */
const SWEEP_SLURM = `const out = Deno.args[Deno.args.indexOf("--out") + 1]!;
await Deno.mkdir(out + ".slurm", { recursive: true });
await Deno.writeTextFile(out, "new rows\\n");
await Deno.writeTextFile(out + ".sweep.json", "new sidecar\\n");
for (let i = 0; i < 4; i++) {
  await Deno.writeTextFile(out + ".slurm/shard-" + i + ".log", "shard " + i + "/4 wrote " + out + "\\n");
}
await Deno.writeTextFile(out + ".slurm/merge.log", "merged into " + out + "\\n");
console.log("submitted job array 7 writing " + out);
console.log("finished merge job 8 after 1 s");
`;

const LOCAL_SLURM = `export function startLocalSlurm(dir: string) {
  return Promise.resolve({ dir, conf: dir + "/slurm.conf", env: {} });
}
export function stopLocalSlurm(_cluster: { dir: string }) {
  return Promise.resolve();
}
`;

/** A scratch copy of the record script with stand-ins, and `data/slurm` holding an old set. */
async function scratch(dir: string): Promise<void> {
  await Deno.mkdir(`${dir}/validation/slurm`, { recursive: true });
  await Deno.mkdir(`${dir}/lib/cli`, { recursive: true });
  await Deno.mkdir(`${dir}/data/slurm`, { recursive: true });
  await Deno.mkdir(`${dir}/bin`);
  await Deno.mkdir(`${dir}/tmp`);
  for (const entry of Deno.readDirSync(new URL("lib", ROOT))) {
    if (entry.name !== "cli") {
      await Deno.symlink(new URL(`lib/${entry.name}`, ROOT).pathname, `${dir}/lib/${entry.name}`);
    }
  }
  await Deno.writeTextFile(`${dir}/lib/cli/sweep_slurm.ts`, SWEEP_SLURM);
  await Deno.copyFile(
    new URL("validation/slurm/record.ts", ROOT),
    `${dir}/validation/slurm/record.ts`,
  );
  await Deno.writeTextFile(`${dir}/validation/slurm/local_slurm.ts`, LOCAL_SLURM);
  for (const name of ["example.csv", "example.csv.sweep.json", "run.txt"]) {
    await Deno.writeTextFile(`${dir}/data/slurm/${name}`, `old ${name}\n`);
  }
  await Deno.writeTextFile(`${dir}/bin/sinfo`, `#!/bin/sh\necho "local* up idle 1"\n`);
  await Deno.writeTextFile(
    `${dir}/bin/sbatch`,
    `#!/bin/sh\necho "sbatch: error: cannot reach slurmctld" >&2\nexit 1\n`,
  );
  for (const tool of ["sbatch", "sinfo"]) await Deno.chmod(`${dir}/bin/${tool}`, 0o755);
}

/** Every file (or other entry) of `data/slurm` and its text. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of Deno.readDirSync(`${dir}/data/slurm`)) {
    files[entry.name] = entry.isFile
      ? Deno.readTextFileSync(`${dir}/data/slurm/${entry.name}`)
      : "(not a file)";
  }
  return files;
}

/** Runs the scratch copy's record script, its temporary folder inside the copy. */
async function record(dir: string): Promise<Deno.CommandOutput> {
  return await new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "-A", `${dir}/validation/slurm/record.ts`],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", PATH: `${dir}/bin:${Deno.env.get("PATH")}`, TMPDIR: `${dir}/tmp` },
  }).output();
}

Deno.test("slurm/record.ts whose sbatch --version fails leaves data/slurm as it was, and writes all three once it works", async () => {
  const dir = await Deno.makeTempDir({ prefix: "slurm_record_" });
  try {
    await scratch(dir);
    const before = snapshot(dir);
    const out = await record(dir);
    assert.equal(out.success, false);
    assert.match(new TextDecoder().decode(out.stderr), /sbatch --version failed/);
    // the new rows and sidecar were copied in beside the old run.txt
    assert.deepEqual(snapshot(dir), before);
    // Once sbatch answers, the rows, sidecar and run.txt are new, and nothing else is left.
    await Deno.writeTextFile(`${dir}/bin/sbatch`, `#!/bin/sh\necho "slurm 0.0.0"\n`);
    const again = await record(dir);
    assert.equal(again.success, true, new TextDecoder().decode(again.stderr));
    const after = snapshot(dir);
    assert.deepEqual(Object.keys(after).sort(), [
      "example.csv",
      "example.csv.sweep.json",
      "run.txt",
    ]);
    assert.equal(after["example.csv"], "new rows\n");
    assert.equal(after["example.csv.sweep.json"], "new sidecar\n");
    const run = after["run.txt"]!.replace(/^# date: \S+$/m, "# date: DATE");
    assert.equal(
      run,
      [
        "# A sweep through a real single-node Slurm, recorded by validation/slurm/record.ts",
        "# date: DATE",
        "# slurm 0.0.0",
        "# command (from the repository root, SLURM_CONF of the private cluster):",
        "#   deno run -A lib/cli/sweep_slurm.ts sweeps/example.json --out $TMP/out/example.csv --shards 4 --wait",
        "== sweep:slurm printed",
        "submitted job array 7 writing $TMP/out/example.csv",
        "finished merge job 8 after 1 s",
        "== sinfo",
        "local* up idle 1",
        ...[0, 1, 2, 3].map((i) => `== shard-${i}.log\nshard ${i}/4 wrote $TMP/out/example.csv`),
        "== merge.log\nmerged into $TMP/out/example.csv",
        "",
      ].join("\n"),
    );
    assert.deepEqual([...Deno.readDirSync(`${dir}/tmp`)], []); // the record's scratch folder went
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
