import assert from "node:assert/strict";
import { readTrace } from "../../lib/workload/read_trace.ts";

Deno.test("readTrace() parses by extension and names the file's bad line", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "read_trace_test" });
  try {
    await t.step("csv and jsonl of the same trace read equal", async () => {
      await Deno.writeTextFile(
        `${dir}/a.csv`,
        "# duration_seconds=1\ntime_seconds,page,op\n0.5,2,w\n",
      );
      await Deno.writeTextFile(
        `${dir}/a.jsonl`,
        '{"durationSeconds":1}\n{"t":0.5,"page":2,"op":"w"}\n',
      );
      const csv = await readTrace(`${dir}/a.csv`);
      assert.deepEqual(csv, await readTrace(`${dir}/a.jsonl`));
      assert.deepEqual(csv.workload.accesses, [{
        timeSeconds: 0.5,
        page: 2,
        write: true,
      }]);
      assert.equal(csv.pageCount, 3);
    });
    await t.step("a malformed line is a SyntaxError", async () => {
      await Deno.writeTextFile(
        `${dir}/b.csv`,
        "time_seconds,page,op\n0.5,2,q\n",
      );
      await assert.rejects(() => readTrace(`${dir}/b.csv`), {
        name: "SyntaxError",
        message: 'Cannot parse trace as op on line 2 must be "r" or "w": current value is "q"',
      });
    });
    await t.step("the shipped trace reads and replays", async () => {
      const url = new URL(
        "../../data/traces/hot_cold_4096.csv",
        import.meta.url,
      );
      const { pageCount, workload } = await readTrace(url.pathname);
      assert.equal(pageCount, 4096);
      assert.equal(workload.durationSeconds, 5);
      assert.ok(
        workload.accesses.length > 8000 && workload.accesses.length < 12_000,
      );
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
