/**
 * Atomic writes (lib/_atomic_write.ts): every write to a path uses the same temporary
 * `<path>.tmp-<pid>`, so writes to one path from this process must not overlap.
 */
import assert from "node:assert/strict";
import { atomicWriteFile, atomicWriteTextFile } from "../lib/_atomic_write.ts";

/** The names in folder `dir`, sorted. */
function namesIn(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((entry) => entry.name).sort();
}

Deno.test("atomicWriteTextFile() runs concurrent writes to one path in call order, the last one's text left", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "atomic_write_" });
  try {
    const path = `${dir}/rows.csv`;
    await t.step("text writes of different lengths", async () => {
      const texts = Array.from({ length: 8 }, (_, i) => `write ${i}\n`.repeat(1000 * (8 - i)));
      await Promise.all(texts.map((text) => atomicWriteTextFile(path, text)));
      assert.equal(Deno.readTextFileSync(path), texts.at(-1));
      assert.deepEqual(namesIn(dir), ["rows.csv"]); // no .tmp-<pid>, no writer lock
    });
    await t.step("text and byte writes mixed", async () => {
      const encoder = new TextEncoder();
      await Promise.all([
        atomicWriteFile(path, encoder.encode("bytes 1\n".repeat(5000))),
        atomicWriteTextFile(path, "text 2\n"),
        atomicWriteFile(path, encoder.encode("bytes 3\n")),
      ]);
      assert.equal(Deno.readTextFileSync(path), "bytes 3\n");
      assert.deepEqual(namesIn(dir), ["rows.csv"]);
    });
    await t.step("one file spelt three ways (one temporary) waits in one queue", async () => {
      // the spellings share `<path>.tmp-<pid>`: queued apart, one renamed it away under another
      await Deno.mkdir(`${dir}/sub`);
      const spellings = [path, `${dir}/./rows.csv`, `${dir}/sub/../rows.csv`];
      for (let round = 0; round < 5; round++) {
        const texts = spellings.map((_, i) =>
          `spelling ${i}, round ${round}\n`.repeat(2000 * (3 - i))
        );
        await Promise.all(spellings.map((p, i) => atomicWriteTextFile(p, texts[i]!)));
        assert.equal(Deno.readTextFileSync(path), texts.at(-1));
      }
      assert.deepEqual(namesIn(dir), ["rows.csv", "sub"]);
    });
    await t.step("files of one folder spelt two ways share its writer lock", async () => {
      // one lock file per folder: a second exclusive lock on it from this process, taken for
      // the folder spelt another way, waited for the first forever (the run hung)
      await Promise.all([
        atomicWriteTextFile(`${dir}/a.csv`, "a\n"),
        atomicWriteTextFile(`${dir}/./b.csv`, "b\n"),
        atomicWriteTextFile(`${dir}/sub/../c.csv`, "c\n"),
      ]);
      assert.deepEqual(namesIn(dir), ["a.csv", "b.csv", "c.csv", "rows.csv", "sub"]);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("atomicWriteTextFile() runs the writes queued after a failed one on the same path", async () => {
  const dir = await Deno.makeTempDir({ prefix: "atomic_write_failed_" });
  try {
    const path = `${dir}/rows.csv`;
    const first = atomicWriteFile(path, null as unknown as Uint8Array); // not bytes: fails
    const second = atomicWriteTextFile(path, "second\n");
    await assert.rejects(first, TypeError);
    await second;
    assert.equal(Deno.readTextFileSync(path), "second\n");
    assert.deepEqual(namesIn(dir), ["rows.csv"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
