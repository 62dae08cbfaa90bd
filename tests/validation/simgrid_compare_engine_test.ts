/**
 * `validation/simgrid/compare_engine.ts` writes its rows and the README's table of them as
 * one set: a README it cannot update is refused before either is written, and the committed
 * rows and table are what it writes now.
 */
import assert from "node:assert/strict";
import { committed, runScriptInScratch } from "./_scratch_script.ts";

const PERMISSIONS = ["--allow-read", "--allow-write", "--allow-run"];

Deno.test("compare_engine.ts refuses a README without its markers before rewriting engine_comparison.jsonl", async () => {
  await runScriptInScratch(
    "simgrid",
    "compare_engine.ts",
    [
      "grid.jsonl",
      ["README.md", "# SimGrid\n\nNo table markers here.\n"],
      ["engine_comparison.jsonl", "old rows\n"],
    ],
    async (run) => {
      assert.equal(run.code, 1);
      assert.match(
        run.stderr,
        /README\.md lacks the <!-- engine-comparison:start --> \.\.\. <!-- engine-comparison:end --> markers/,
      );
      // the rows were rewritten beside a table that still described the old ones
      assert.equal(await Deno.readTextFile(`${run.data}/engine_comparison.jsonl`), "old rows\n");
      const names = [...Deno.readDirSync(run.data)].map((e) => e.name).sort();
      assert.deepEqual(names, ["README.md", "engine_comparison.jsonl", "grid.jsonl"]);
    },
    PERMISSIONS,
  );
});

Deno.test("the committed engine comparison and its README table are what the engine gives now", async () => {
  // The default preset's rows had drifted from the engine for several sessions (whole grid:
  // median downtime error 10.1 % recorded, 9.7 % given) with nothing to say so: the script,
  // run in a scratch copy of the data folder, must write the committed files byte for byte.
  await runScriptInScratch(
    "simgrid",
    "compare_engine.ts",
    ["grid.jsonl", "README.md", "engine_comparison.jsonl"],
    async (run) => {
      assert.equal(run.code, 0, run.stderr);
      for (const name of ["README.md", "engine_comparison.jsonl"]) {
        assert.equal(
          await Deno.readTextFile(`${run.data}/${name}`),
          await committed("simgrid", name),
          `${name} differs from what deno task validate:simgrid:compare writes now`,
        );
      }
    },
    PERMISSIONS,
  );
});
