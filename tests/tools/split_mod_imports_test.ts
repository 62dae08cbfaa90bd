/**
 * `tools/split_mod_imports.ts` rewrites every file it is given, or none: a file it cannot
 * read stops it before any is written.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url);
const BEFORE =
  'import { plotTimeline, runSweep } from "./mod.ts";\nconsole.log(plotTimeline, runSweep);\n';

Deno.test("split_mod_imports.ts given a missing file rewrites none of the others", async () => {
  // A scratch copy of the tool, whose root (beside lib/) is the scratch folder.
  const dir = await Deno.makeTempDir({ prefix: "split_mod_imports_" });
  try {
    await Deno.mkdir(`${dir}/tools`);
    await Deno.symlink(new URL("lib", ROOT).pathname, `${dir}/lib`);
    await Deno.copyFile(
      new URL("tools/split_mod_imports.ts", ROOT),
      `${dir}/tools/split_mod_imports.ts`,
    );
    await Deno.writeTextFile(`${dir}/a.ts`, BEFORE);
    const run = (files: string[]) =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "--quiet", "-A", `${dir}/tools/split_mod_imports.ts`, ...files],
        stdout: "piped",
        stderr: "piped",
        env: { NO_COLOR: "1" },
      }).output();
    const failed = await run([`${dir}/a.ts`, `${dir}/missing.ts`]);
    assert.equal(failed.success, false);
    assert.match(new TextDecoder().decode(failed.stderr), /NotFound.*missing\.ts/);
    // a.ts was rewritten before missing.ts stopped the run
    assert.equal(await Deno.readTextFile(`${dir}/a.ts`), BEFORE);
    // Given only files it can read, it rewrites them and leaves nothing else.
    const done = await run([`${dir}/a.ts`]);
    assert.equal(done.success, true, new TextDecoder().decode(done.stderr));
    assert.equal(
      await Deno.readTextFile(`${dir}/a.ts`),
      'import { plotTimeline } from "./lib/plot/mod.ts";\n' +
        'import { runSweep } from "./lib/sweep/mod.ts";\n' +
        "console.log(plotTimeline, runSweep);\n",
    );
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
      "a.ts",
      "lib",
      "tools",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
