/**
 * `validation/milp/record.ts` (CBC) and `record_highs.ts` (HiGHS) write their solvers'
 * outputs with the record, once every run is in, and as one set: a run that fails, or a stop,
 * half-way leaves the outputs and the record as they were, and so does a record that cannot be
 * written. No solver is needed: stand-ins on PATH (CBC) or given as --python (HiGHS) answer
 * the first formulation and fail on the second, or answer both.
 */
import assert from "node:assert/strict";
import { ilpBenchInstances } from "../../bench/_ilp_instances.ts";

const ROOT = new URL("../../", import.meta.url);
const NAME = ilpBenchInstances()[0]!.name;

/** A scratch copy of `script` with its imports and `data/milp` holding old outputs. */
async function scratch(dir: string, script: string, outputs: string, ext: string) {
  await Deno.mkdir(`${dir}/validation/milp`, { recursive: true });
  await Deno.mkdir(`${dir}/data/milp/${outputs}`, { recursive: true });
  await Deno.mkdir(`${dir}/bin`);
  for (const folder of ["lib", "bench"]) {
    await Deno.symlink(new URL(folder, ROOT).pathname, `${dir}/${folder}`);
  }
  for (const file of [script, "instance_lp.ts"]) {
    await Deno.copyFile(new URL(`validation/milp/${file}`, ROOT), `${dir}/validation/milp/${file}`);
  }
  for (const formulation of ["aggregated", "assignment"]) {
    await Deno.writeTextFile(`${dir}/data/milp/${outputs}/${NAME}.${formulation}.${ext}`, "old\n");
  }
}

/** Every file under `data/milp` and its text. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of Deno.readDirSync(`${dir}/${folder}`)) {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory) walk(path);
      else files[path] = Deno.readTextFileSync(`${dir}/${path}`);
    }
  };
  walk("data/milp");
  return files;
}

/**
 * Runs a script of the scratch copy, its temporary folders inside the copy (a stopped
 * recording cannot remove its own, and they went to /tmp at every test run).
 */
async function run(dir: string, args: string[]): Promise<Deno.CommandOutput> {
  await Deno.mkdir(`${dir}/tmp`, { recursive: true });
  return await new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "-A", ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", PATH: `${dir}/bin:${Deno.env.get("PATH")}`, TMPDIR: `${dir}/tmp` },
  }).output();
}

/**
 * A stand-in for `python SOLVER FILE SECONDS LOG` in the scratch copy's bin: it writes "new
 * log" and prints an optimal solve, and on the files matching `fails` (a shell pattern)
 * prints "solver crashed" and exits 1 instead.
 */
async function highsStandIn(dir: string, fails?: string) {
  const line = JSON.stringify({
    status: "Optimal",
    optimal: true,
    objective: 3,
    dualBound: 3,
    gap: 0,
    nodes: 1,
    lpIterations: 1,
    solverSeconds: 0.01,
    version: "0.0",
    githash: "none",
    highspy: "0.0",
  });
  await Deno.writeTextFile(
    `${dir}/bin/python`,
    `#!/bin/sh\n[ "$1" = --version ] && { echo "Python 0.0"; exit 0; }\n` +
      (fails === undefined
        ? ""
        : `case "$2" in ${fails}) echo "solver crashed" >&2; exit 1;; esac\n`) +
      `echo "new log" > "$4"\ncat <<'END'\n${line}\nEND\n`,
  );
  await Deno.chmod(`${dir}/bin/python`, 0o755);
}

/** Runs the scratch copy's `record_highs.ts` on the first instance with the stand-in. */
function recordHighs(dir: string): Promise<Deno.CommandOutput> {
  return run(dir, [
    `${dir}/validation/milp/record_highs.ts`,
    "--python",
    `${dir}/bin/python`,
    "--only",
    NAME,
  ]);
}

Deno.test("milp/record.ts stopped half-way leaves CBC's outputs and the record as they were", async () => {
  const dir = await Deno.makeTempDir({ prefix: "milp_record_" });
  try {
    await scratch(dir, "record.ts", "cbc", "txt");
    await Deno.writeTextFile(`${dir}/data/milp/cbc_record.json`, '{"runs":[]}\n');
    // CBC answers the aggregated formulation; on the assignment one the recording is stopped.
    await Deno.writeTextFile(
      `${dir}/bin/cbc`,
      `#!/bin/sh\ncase "$1" in -quit) echo "Version: 0.0"; exit 0;; *assignment*) kill -TERM $PPID; sleep 2; exit 1;; esac\n` +
        `echo "Result - Optimal solution found"\necho "Objective value: 3"\n`,
    );
    await Deno.chmod(`${dir}/bin/cbc`, 0o755);
    const before = snapshot(dir);
    const out = await run(dir, [`${dir}/validation/milp/record.ts`, "--only", NAME]);
    assert.equal(out.success, false);
    // the aggregated output was rewritten beside the record of the old runs
    assert.deepEqual(snapshot(dir), before);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("milp/record.ts whose record cannot be written leaves CBC's outputs as they were, and writes both once it can", async () => {
  const dir = await Deno.makeTempDir({ prefix: "milp_record_json_" });
  try {
    await scratch(dir, "record.ts", "cbc", "txt");
    // A folder under the record's name: the record cannot be written (as if the run were
    // stopped between CBC's outputs and the record).
    await Deno.mkdir(`${dir}/data/milp/cbc_record.json`);
    await Deno.writeTextFile(`${dir}/data/milp/cbc_record.json/kept`, "old\n");
    await Deno.writeTextFile(
      `${dir}/bin/cbc`,
      `#!/bin/sh\ncase "$1" in -quit) echo "Version: 0.0"; exit 0;; esac\n` +
        `echo "Result - Optimal solution found"\necho "Objective value: 3"\n`,
    );
    await Deno.chmod(`${dir}/bin/cbc`, 0o755);
    const before = snapshot(dir);
    const out = await run(dir, [`${dir}/validation/milp/record.ts`, "--only", NAME]);
    assert.equal(out.success, false);
    // both outputs were new beside no new record
    assert.deepEqual(snapshot(dir), before);
    assert.match(new TextDecoder().decode(out.stderr), /cbc_record\.json must be a file or absent/);
    // Once the record can be written, both outputs and the record are new, nothing else left.
    await Deno.remove(`${dir}/data/milp/cbc_record.json`, { recursive: true });
    const again = await run(dir, [`${dir}/validation/milp/record.ts`, "--only", NAME]);
    assert.equal(again.success, true, new TextDecoder().decode(again.stderr));
    const after = snapshot(dir);
    assert.deepEqual(Object.keys(after).sort(), [
      `data/milp/cbc/${NAME}.aggregated.txt`,
      `data/milp/cbc/${NAME}.assignment.txt`,
      "data/milp/cbc_record.json",
    ]);
    assert.equal(
      after[`data/milp/cbc/${NAME}.assignment.txt`],
      "Result - Optimal solution found\nObjective value: 3\n",
    );
    const record = JSON.parse(after["data/milp/cbc_record.json"]!);
    assert.deepEqual(record.runs.map((r: { formulation: string }) => r.formulation), [
      "aggregated",
      "assignment",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("milp/record_highs.ts whose second run fails leaves HiGHS's logs and the record as they were", async () => {
  const dir = await Deno.makeTempDir({ prefix: "milp_record_highs_" });
  try {
    await scratch(dir, "record_highs.ts", "highs", "log");
    await Deno.writeTextFile(`${dir}/data/milp/highs_record.json`, '{"runs":[]}\n');
    await highsStandIn(dir, "*assignment*");
    const before = snapshot(dir);
    const out = await recordHighs(dir);
    assert.equal(out.success, false);
    assert.match(new TextDecoder().decode(out.stderr), /solver crashed/);
    // the aggregated log was rewritten beside the record of the old runs
    assert.deepEqual(snapshot(dir), before);
    // Once both runs succeed, both logs and the record are new, and nothing else is left.
    await highsStandIn(dir);
    const again = await recordHighs(dir);
    assert.equal(again.success, true, new TextDecoder().decode(again.stderr));
    const after = snapshot(dir);
    assert.deepEqual(Object.keys(after).sort(), Object.keys(before).sort());
    assert.equal(after[`data/milp/highs/${NAME}.assignment.log`], "new log\n");
    const record = JSON.parse(after["data/milp/highs_record.json"]!);
    assert.deepEqual(record.runs.map((r: { formulation: string }) => r.formulation), [
      "aggregated",
      "assignment",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("milp/record_highs.ts whose record cannot be written leaves HiGHS's logs as they were", async () => {
  const dir = await Deno.makeTempDir({ prefix: "milp_record_highs_json_" });
  try {
    await scratch(dir, "record_highs.ts", "highs", "log");
    // A folder under the record's name: the record cannot be written (as if the run were
    // stopped between HiGHS's logs and the record).
    await Deno.mkdir(`${dir}/data/milp/highs_record.json`);
    await Deno.writeTextFile(`${dir}/data/milp/highs_record.json/kept`, "old\n");
    await highsStandIn(dir);
    const before = snapshot(dir);
    const out = await recordHighs(dir);
    assert.equal(out.success, false);
    // both logs were new beside no new record
    assert.deepEqual(snapshot(dir), before);
    assert.match(
      new TextDecoder().decode(out.stderr),
      /highs_record\.json must be a file or absent/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
