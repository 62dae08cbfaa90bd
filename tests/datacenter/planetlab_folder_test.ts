import assert from "node:assert/strict";
import {
  PLANETLAB_FOLDER_ENV,
  planetLabFolderHint,
  readPlanetLabFolder,
  resolvePlanetLabFolder,
} from "../../lib/datacenter/mod.ts";

const DATACENTER = new URL("../../lib/datacenter/mod.ts", import.meta.url).href;

/** Runs `source` in a fresh Deno process with only `env` set; returns status and output. */
async function runChild(
  source: string,
  env: Record<string, string>,
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-check", source],
    cwd,
    clearEnv: true,
    env: {
      NO_COLOR: "1",
      PATH: Deno.env.get("PATH") ?? "",
      HOME: Deno.env.get("HOME") ?? "/root",
      ...(Deno.env.get("DENO_DIR") ? { DENO_DIR: Deno.env.get("DENO_DIR")! } : {}),
      ...env,
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

Deno.test("resolvePlanetLabFolder() takes the explicit folder, else $MIGRATE_LAB_PLANETLAB/<day>", () => {
  const env = (name: string) => name === PLANETLAB_FOLDER_ENV ? "/data/planetlab/" : undefined;
  assert.equal(resolvePlanetLabFolder({ env }), "/data/planetlab/20110303");
  assert.equal(resolvePlanetLabFolder({ env, day: "20110409" }), "/data/planetlab/20110409");
  assert.equal(resolvePlanetLabFolder({ env, folder: "day" }), "day");
  assert.throws(() => resolvePlanetLabFolder({ env, day: "../x" }), {
    name: "RangeError",
    message:
      'Cannot find the PlanetLab traces as day must be a day folder name such as "20110303": current value is "../x"',
  });
  assert.throws(() => resolvePlanetLabFolder({ env: -1 as unknown as () => undefined }), {
    name: "TypeError",
    message:
      "Cannot find the PlanetLab traces as env must be a function from a variable's name to its value: current value is -1",
  });
  assert.throws(() => resolvePlanetLabFolder({ env: () => 7 as unknown as string }), {
    name: "TypeError",
    message:
      'Cannot find the PlanetLab traces as env("MIGRATE_LAB_PLANETLAB") must return a string or undefined: current value is 7',
  });
});

Deno.test("resolvePlanetLabFolder() without folder or variable says both ways and where to get the days", () => {
  assert.throws(() => resolvePlanetLabFolder({ env: () => undefined }), (error: Error) => {
    assert.match(error.message, /^Cannot find the PlanetLab traces as no folder was given/);
    assert.match(error.message, /folder: "\.\.\.\/planetlab\/20110303"/);
    assert.match(error.message, /set MIGRATE_LAB_PLANETLAB to the folder holding the day folders/);
    assert.match(
      error.message,
      /Cloudslab\/cloudsim, tag cloudsim-3\.0\.3, folder modules\/cloudsim-examples\/src\/main\/resources\/workload\/planetlab\//,
    );
    return true;
  });
});

Deno.test("resolvePlanetLabFolder() refuses what is not a folder or a day, by name", async (t) => {
  const env = () => "/data/planetlab//";
  const refused = (options: unknown, name: string, tail: string) =>
    assert.throws(() => resolvePlanetLabFolder(options as never), {
      name,
      message: `Cannot find the PlanetLab traces as ${tail}`,
    });
  await t.step("an empty folder", () => {
    refused({ folder: "" }, "TypeError", 'folder must be a non-empty path: current value is ""');
  });
  await t.step("a day with more than its eight digits, or not a string", () => {
    for (const day of ["20110303x", "x20110303"]) {
      refused(
        { env, day },
        "RangeError",
        `day must be a day folder name such as "20110303": current value is "${day}"`,
      );
    }
    refused({ env, day: 20110303 }, "TypeError", "day must be a string: current value is 20110303");
  });
  await t.step("an unknown option", () => {
    refused(
      { root: "/data" },
      "TypeError",
      '"root" must be a known key of options ("day", "env", "folder"): current value is "/data"',
    );
  });
  await t.step("the variable's trailing slashes are dropped; set but empty is unset", () => {
    assert.equal(resolvePlanetLabFolder({ env }), "/data/planetlab/20110303");
    assert.throws(() => resolvePlanetLabFolder({ env: () => "", day: "20110420" }), {
      name: "Error",
      message: new RegExp(
        '^Cannot find the PlanetLab traces as no folder was given .*folder: "\\.\\.\\./planetlab/20110420".*current value is ""$',
      ),
    });
  });
  await t.step("the hint names the day asked, which must be a string", () => {
    assert.match(
      planetLabFolderHint("20110412"),
      /planetlab\/20110412"\) or set MIGRATE_LAB_PLANETLAB/,
    );
    assert.throws(() => planetLabFolderHint(7 as never), {
      name: "TypeError",
      message: "Cannot describe the PlanetLab folder as day must be a string: current value is 7",
    });
  });
});

Deno.test("readPlanetLabFolder() on a missing folder says both ways", () => {
  assert.throws(() => readPlanetLabFolder("/nonexistent/planetlab/20110420"), (error: Error) => {
    assert.ok(error instanceof Deno.errors.NotFound);
    assert.match(
      error.message,
      /^Cannot read a PlanetLab folder as path must name an existing folder: current value is "\/nonexistent\/planetlab\/20110420"; pass the day folder explicitly \(folder: "\.\.\.\/planetlab\/20110420"\) or set MIGRATE_LAB_PLANETLAB/,
    );
    return true;
  });
});

Deno.test("runBeloglazov2012() reads $MIGRATE_LAB_PLANETLAB, never a folder relative to the current directory", async (t) => {
  const directory = await Deno.makeTempDir({ prefix: "planetlab_" });
  try {
    // A tiny day of 3 VMs x 4 intervals, under <dir>/planetlab/20110303, and a decoy at
    // <dir>/cwd/../shared/data/planetlab/20110303 where the old default resolved.
    for (const root of [`${directory}/planetlab`, `${directory}/shared/data/planetlab`]) {
      await Deno.mkdir(`${root}/20110303`, { recursive: true });
      for (const [name, lines] of [["a", "10\n20\n30\n40\n"], ["b", "5\n5\n5\n5\n"]]) {
        await Deno.writeTextFile(`${root}/20110303/${name}`, lines!);
      }
    }
    await Deno.writeTextFile(`${directory}/planetlab/20110303/c`, "50\n60\n70\n80\n");
    await Deno.mkdir(`${directory}/cwd`);
    const source = `import { runBeloglazov2012 } from ${JSON.stringify(DATACENTER)};
const r = runBeloglazov2012({ hosts: 4 });
console.log(r.intervals);`;

    await t.step("without the variable: the error says both ways", async () => {
      const { code, stderr } = await runChild(source, {}, `${directory}/cwd`);
      assert.notEqual(code, 0);
      assert.match(
        stderr,
        /Cannot find the PlanetLab traces as no folder was given and MIGRATE_LAB_PLANETLAB is not set/,
      );
    });
    await t.step("with it: the day under it is read (3 VMs, not the decoy's 2)", async () => {
      const { code, stdout, stderr } = await runChild(
        source.replace("r.intervals", "`${r.vms} VMs, ${r.intervals} intervals`"),
        { [PLANETLAB_FOLDER_ENV]: `${directory}/planetlab` },
        `${directory}/cwd`,
      );
      assert.equal(code, 0, stderr);
      assert.equal(stdout.trim(), "3 VMs, 4 intervals");
    });
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test("resolvePlanetLabFolder() and runBeloglazov2012() refuse a folder, day or traces that would be ignored", async () => {
  const { runBeloglazov2012 } = await import("../../lib/datacenter/mod.ts");
  // The folder names its own day: a day beside it was silently dropped.
  assert.throws(() => resolvePlanetLabFolder({ folder: "/x/20110420", day: "20110303" }), {
    name: "TypeError",
    message:
      'Cannot find the PlanetLab traces as folder and day must not both be given (the folder names its day): current value is {"folder":"/x/20110420","day":"20110303"}',
  });
  // Traces are used as given: a folder or day beside them was silently dropped.
  const traces = { names: ["a"], percent: [[10, 20]] };
  for (const extra of [{ day: "20110303" }, { folder: "/x/20110303" }]) {
    assert.throws(
      () => runBeloglazov2012({ traces, ...extra, allocation: "thr", selection: "mmt" }),
      new RegExp(`options\\.traces and options\\.${Object.keys(extra)[0]} must not both be given`),
    );
  }
});

Deno.test("resolvePlanetLabFolder() without --allow-env says the variable cannot be read, not that it is unset", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/resolve.ts`;
    await Deno.writeTextFile(
      file,
      `import { resolvePlanetLabFolder } from ${JSON.stringify(DATACENTER)};\n` +
        `try { resolvePlanetLabFolder(); } catch (e) { console.log((e as Error).message); }\n`,
    );
    const { code, stdout } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-check", "--allow-read", file],
      env: { NO_COLOR: "1", [PLANETLAB_FOLDER_ENV]: "/data/planetlab" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(code, 0);
    const text = new TextDecoder().decode(stdout);
    assert.match(
      text,
      /MIGRATE_LAB_PLANETLAB cannot be read without permission \(run with --allow-env=MIGRATE_LAB_PLANETLAB/,
    );
    assert.doesNotMatch(text, /is not set/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
