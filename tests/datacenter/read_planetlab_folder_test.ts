import assert from "node:assert/strict";
import { readPlanetLabFolder } from "../../lib/datacenter/mod.ts";

Deno.test("readPlanetLabFolder() reads files in sorted order and names bad lines", async (t) => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeTextFileSync(`${dir}/b`, "10\n20\n30\n");
    Deno.writeTextFileSync(`${dir}/A`, "1\n2\n3\n\n");
    Deno.writeTextFileSync(`${dir}/a`, "5\n0\n100\n");
    await t.step("code-unit order, trailing blank lines ignored", () => {
      assert.deepEqual(readPlanetLabFolder(dir), {
        names: ["A", "a", "b"],
        percent: [[1, 2, 3], [5, 0, 100], [10, 20, 30]],
      });
    });
    await t.step("maxFiles and maxIntervals", () => {
      assert.deepEqual(readPlanetLabFolder(dir, { maxFiles: 1, maxIntervals: 2 }), {
        names: ["A"],
        percent: [[1, 2]],
      });
    });
    await t.step("a malformed line is a SyntaxError naming file and line", () => {
      Deno.writeTextFileSync(`${dir}/c`, "10\n1.5\n");
      assert.throws(
        () => readPlanetLabFolder(dir),
        new SyntaxError(
          'Cannot read PlanetLab trace c line 2 as it must be an integer percent in [0, 100]: current value is "1.5"',
        ),
      );
    });
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
