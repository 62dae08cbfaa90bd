/**
 * The README's feature table says, for each feature, the test, notebook or bench that shows
 * it. This test holds every project path the README names in backticks to the tree: a plain
 * path must exist, and a path with `*` must match at least one file, so that a renamed or
 * deleted test cannot leave the table pointing at nothing.
 */
import assert from "node:assert/strict";

const root = new URL("../", import.meta.url);
const TOP = ["bench", "data", "lib", "notebooks", "sweeps", "tests", "tools", "validation"];

/** Paths in backticks that start with one of the project's top-level folders. */
function readmePaths(readme: string): string[] {
  const found = new Set<string>();
  for (const [, path] of readme.matchAll(/`([A-Za-z0-9_./*-]+)`/g)) {
    if (TOP.includes(path!.split("/")[0]!) && path!.includes("/")) found.add(path!);
  }
  return [...found].sort();
}

/** Files under `dir` (relative to the root), recursively. */
function files(dir: string): string[] {
  const out: string[] = [];
  for (const entry of Deno.readDirSync(new URL(dir, root))) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) out.push(...files(path));
    else out.push(path);
  }
  return out;
}

/** Whether `path` (with `*` matching any run of characters but `/`) names a file or folder. */
function exists(path: string): boolean {
  if (!path.includes("*")) {
    try {
      Deno.statSync(new URL(path, root));
      return true;
    } catch {
      return false;
    }
  }
  const pattern = new RegExp(
    "^" + path.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*") +
      "(/.*)?$",
  );
  const top = path.split("/")[0]!;
  return files(top).some((file) => pattern.test(file));
}

Deno.test("readmePaths() finds plain and starred project paths, and nothing else", () => {
  const text = "see `tests/a_test.ts`, `tests/fit_*_test.ts`, `out/study.csv`, `x`, " +
    "`lib/<area>/mod.ts` and `deno task test`";
  assert.deepEqual(readmePaths(text), ["tests/a_test.ts", "tests/fit_*_test.ts"]);
});

Deno.test("every path the README names exists (a starred one matches a file)", () => {
  const readme = Deno.readTextFileSync(new URL("README.md", root));
  const paths = readmePaths(readme);
  assert.ok(paths.length > 100, `only ${paths.length} paths found: is the pattern wrong?`);
  assert.ok(!exists("tests/no_such_file_test.ts"), "a missing file counted as present");
  assert.ok(!exists("tests/no_such_*_test.ts"), "a starred pattern matched nothing yet passed");
  const missing = paths.filter((path) => !exists(path));
  assert.deepEqual(missing, [], `the README names paths that do not exist: ${missing.join(", ")}`);
});
