/**
 * `validation/simgrid/run.ts` writes grid.jsonl, grid_defaults.jsonl and meta.json as one set:
 * a failure after the grids ran (here `dpkg-query`, for the machine facts) leaves all three as
 * they were. SimGrid is not needed: a stand-in `g++` "builds" a harness that prints one
 * converged run.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url);

/** What the stand-in harness prints for every grid point. */
const HARNESS_OUTPUT = JSON.stringify({
  simgridVersion: "3.32.0",
  converged: true,
  params: {},
  startSeconds: 0,
  endSeconds: 1,
  suspendedAtSeconds: 0.9,
  resumedAtSeconds: 1,
  messages: [{ mailbox: "__mbox_mig_src_dst:a", bytes: 1, startSeconds: 0, endSeconds: 1 }],
});

Deno.test("simgrid/run.ts whose machine facts fail after the grids ran leaves the old record set", async () => {
  const dir = await Deno.makeTempDir({ prefix: "simgrid_run_" });
  try {
    const data = `${dir}/data/validation/simgrid`;
    const bin = `${dir}/bin`;
    for (const folder of [`${dir}/validation/simgrid`, data, bin]) {
      await Deno.mkdir(folder, { recursive: true });
    }
    await Deno.symlink(new URL("lib", ROOT).pathname, `${dir}/lib`);
    await Deno.copyFile(
      new URL("validation/simgrid/run.ts", ROOT),
      `${dir}/validation/simgrid/run.ts`,
    );
    // g++ copies a harness to its -o file (its last argument); dpkg-query finds no package.
    await Deno.writeTextFile(`${bin}/harness`, `#!/bin/sh\ncat <<'END'\n${HARNESS_OUTPUT}\nEND\n`);
    await Deno.writeTextFile(
      `${bin}/g++`,
      `#!/bin/sh\nif [ "$1" = --version ]; then echo "g++ stand-in"; exit 0; fi\n` +
        `for a; do out="$a"; done\ncp "${bin}/harness" "$out"\n`,
    );
    await Deno.writeTextFile(`${bin}/dpkg-query`, "#!/bin/sh\necho no such package >&2\nexit 1\n");
    for (const name of ["harness", "g++", "dpkg-query"]) await Deno.chmod(`${bin}/${name}`, 0o755);
    const old = { "grid.jsonl": "old grid\n", "grid_defaults.jsonl": "old defaults\n" };
    for (const [name, text] of Object.entries(old)) {
      await Deno.writeTextFile(`${data}/${name}`, text);
    }
    await Deno.writeTextFile(`${data}/meta.json`, "old meta\n");
    const run = () =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "--quiet", "-A", `${dir}/validation/simgrid/run.ts`],
        stdout: "piped",
        stderr: "piped",
        env: { NO_COLOR: "1", PATH: `${bin}:${Deno.env.get("PATH")}` },
      }).output();
    const out = await run();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 1, stderr);
    assert.match(stderr, /dpkg-query -W .* failed: no such package/);
    // the grids were rewritten beside the meta.json of the old ones
    const names = [...Deno.readDirSync(data)].map((e) => e.name).sort();
    assert.deepEqual(names, ["grid.jsonl", "grid_defaults.jsonl", "meta.json"]);
    for (const [name, text] of Object.entries(old)) {
      assert.equal(await Deno.readTextFile(`${data}/${name}`), text);
    }
    assert.equal(await Deno.readTextFile(`${data}/meta.json`), "old meta\n");
    // With the facts at hand, the three files are written, and nothing else is left.
    await Deno.writeTextFile(`${bin}/dpkg-query`, "#!/bin/sh\necho 3.32.0\n");
    const again = await run();
    assert.equal(again.code, 0, new TextDecoder().decode(again.stderr));
    const meta = JSON.parse(await Deno.readTextFile(`${data}/meta.json`));
    assert.equal(meta.machine.libsimgridDev, "3.32.0");
    const grid = (await Deno.readTextFile(`${data}/grid.jsonl`)).trimEnd().split("\n");
    assert.equal(grid.length, meta.runs);
    assert.deepEqual([...Deno.readDirSync(data)].map((e) => e.name).sort(), names);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
