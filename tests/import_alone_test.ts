/**
 * Every library file loads as the first module of a fresh process: an import cycle that
 * reads a binding before its module has run (the workload models once read
 * `MAX_PAGE_COUNT` through `validate_workload.ts`, which imports the models' table) throws
 * a ReferenceError only when the wrong file comes first, which a test process that loaded
 * `mod.ts` already never sees.
 */
import assert from "node:assert/strict";

const LIB = new URL("../lib/", import.meta.url);

/** The library's TypeScript files, relative to lib/, in sorted order. */
function libFiles(dir: URL, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    if (entry.isDirectory) {
      out.push(...libFiles(new URL(`${entry.name}/`, dir), `${prefix}${entry.name}/`));
    } else if (entry.name.endsWith(".ts")) out.push(`${prefix}${entry.name}`);
  }
  return out.sort();
}

Deno.test("every lib file can be imported first, alone in a process", async () => {
  const files = libFiles(LIB);
  assert.ok(files.length > 100, `${files.length} files`);
  const failures: string[] = [];
  // two processes at a time (the machines have two cores)
  for (let i = 0; i < files.length; i += 2) {
    await Promise.all(
      files.slice(i, i + 2).map(async (file) => {
        const url = new URL(file, LIB).href;
        const { code, stderr } = await new Deno.Command(Deno.execPath(), {
          args: ["eval", `await import(${JSON.stringify(url)});`],
          env: { NO_COLOR: "1" },
          stdout: "null",
          stderr: "piped",
        }).output();
        if (code !== 0) {
          failures.push(`${file}: ${new TextDecoder().decode(stderr).split("\n")[0]}`);
        }
      }),
    );
  }
  assert.deepEqual(failures, []);
});
