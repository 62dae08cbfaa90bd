import assert from "node:assert/strict";
import { readTrace } from "../../lib/workload/read_trace.ts";
import type { TraceFile } from "../../lib/workload/trace_format.ts";
import { writeTrace } from "../../lib/workload/write_trace.ts";

const TRACE: TraceFile = {
  pageCount: 32,
  workload: {
    kind: "trace",
    durationSeconds: 3,
    accesses: [
      { timeSeconds: 0.000001, page: 31, write: true },
      { timeSeconds: 2.999999, page: 0, write: false },
    ],
  },
};

Deno.test("writeTrace() writes the format of the extension atomically, and readTrace() reads it back", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "write_trace_test" });
  try {
    for (const ext of ["csv", "jsonl"]) {
      await t.step(ext, async () => {
        const path = `${dir}/trace.${ext}`;
        await Deno.writeTextFile(path, "old contents");
        await writeTrace(path, TRACE);
        assert.deepEqual(await readTrace(path), TRACE);
        assert.deepEqual(
          [...Deno.readDirSync(dir)].filter((e) => e.name.includes(".tmp-")),
          [],
        );
      });
    }
    await t.step(
      "a trace that does not format leaves the old file untouched",
      async () => {
        const path = `${dir}/trace.csv`;
        const before = await Deno.readTextFile(path);
        const bad = { ...TRACE, pageCount: 0 };
        await assert.rejects(() => writeTrace(path, bad), RangeError);
        assert.equal(await Deno.readTextFile(path), before);
      },
    );
    await t.step(
      "a missing folder is refused naming the path and its folder, and writes nothing",
      async () => {
        await assert.rejects(() => writeTrace(`${dir}/missing/trace.csv`, TRACE), {
          name: "NotFound",
          message:
            `Cannot write "${dir}/missing/trace.csv" as its folder must be an existing folder: current value is "${dir}/missing"`,
        });
        await assert.rejects(() => Deno.stat(`${dir}/missing`), Deno.errors.NotFound);
      },
    );
    await t.step(
      "an unknown extension is a TypeError and writes nothing",
      async () => {
        await assert.rejects(
          () => writeTrace(`${dir}/trace.txt`, TRACE),
          TypeError,
        );
        await assert.rejects(
          () => Deno.stat(`${dir}/trace.txt`),
          Deno.errors.NotFound,
        );
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
