import assert from "node:assert/strict";
import { Figure, figure, JUPYTER_DISPLAY } from "../../lib/plot/mod.ts";

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>';

Deno.test("figure() wraps SVG markup that displays in Jupyter and saves atomically", async (t) => {
  await t.step("toSvg() returns the markup unchanged", () => {
    const fig = figure(SVG, { title: "Tiny" });
    assert.ok(fig instanceof Figure);
    assert.equal(fig.toSvg(), SVG);
    assert.equal(fig.title, "Tiny");
  });

  await t.step(
    "the Jupyter display symbol gives the SVG and a text summary",
    () => {
      const bundle = figure(SVG, { title: "Tiny" })[JUPYTER_DISPLAY]();
      assert.deepEqual(bundle, {
        "image/svg+xml": SVG,
        "text/plain": "<Figure: Tiny>",
      });
      const viaSymbolFor = (figure(SVG) as unknown as Record<symbol, () => unknown>)[
        Symbol.for("Jupyter.display")
      ]!();
      assert.deepEqual(viaSymbolFor, {
        "image/svg+xml": SVG,
        "text/plain": "<Figure: untitled>",
      });
    },
  );

  await t.step(
    "save() writes the file and leaves no temporary file",
    async () => {
      const dir = await Deno.makeTempDir();
      try {
        const path = `${dir}/fig.svg`;
        await figure(SVG).save(path);
        assert.equal(await Deno.readTextFile(path), SVG + "\n");
        const names = [...Deno.readDirSync(dir)].map((e) => e.name);
        assert.deepEqual(names, ["fig.svg"]);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  );

  await t.step(
    "save() into a missing directory rejects and leaves nothing",
    async () => {
      const dir = await Deno.makeTempDir();
      try {
        // the error names the path given and its folder, not the writer's lock file
        await assert.rejects(figure(SVG).save(`${dir}/missing/fig.svg`), {
          name: "NotFound",
          message:
            `Cannot write "${dir}/missing/fig.svg" as its folder must be an existing folder: current value is "${dir}/missing"`,
        });
        Deno.writeTextFileSync(`${dir}/file`, "");
        await assert.rejects(figure(SVG).save(`${dir}/file/fig.svg`), {
          name: "NotADirectory",
          message:
            `Cannot write "${dir}/file/fig.svg" as its folder must be an existing folder: current value is "${dir}/file" (a part of it is a file)`,
        });
        assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["file"]);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  );

  await t.step("markup that is not an <svg> throws a TypeError", () => {
    assert.throws(() => figure("<figure></figure>"), {
      name: "TypeError",
      message:
        'Cannot create a figure as svg must be SVG markup starting with "<svg": current value is "<figure></figure>"',
    });
  });
});
