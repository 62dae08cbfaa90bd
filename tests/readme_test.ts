/**
 * The README's tour example runs and prints what the README says it prints.
 * Its output is stored in tests/output/readme-example.txt (deleted = regenerated).
 */
import assert from "node:assert/strict";

const root = new URL("../", import.meta.url);
const golden = new URL("output/readme-example.txt", import.meta.url);

function blockAfter(text: string, heading: string, lang: string): string {
  const start = text.indexOf(heading);
  assert.ok(start >= 0, `README has no "${heading}" section`);
  const open = text.indexOf("```" + lang + "\n", start);
  assert.ok(open >= 0, `no ${lang} block after "${heading}"`);
  const close = text.indexOf("\n```", open + lang.length + 4);
  return text.slice(open + lang.length + 4, close + 1);
}

Deno.test("README tour example prints the output the README shows", async () => {
  const readme = await Deno.readTextFile(new URL("README.md", root));
  const code = blockAfter(readme, "## A short tour", "ts");
  const file = new URL(`.readme_example_${Deno.pid}.ts`, root);
  await Deno.writeTextFile(file, code);
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "--allow-read", "--allow-env", file.pathname],
      cwd: root.pathname,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    let expected: string;
    try {
      expected = await Deno.readTextFile(golden);
    } catch {
      await Deno.writeTextFile(golden, stdout);
      expected = stdout;
    }
    assert.equal(stdout, expected);
    assert.equal(blockAfter(readme, "prints (checked by", "text"), expected);
  } finally {
    await Deno.remove(file);
  }
});
