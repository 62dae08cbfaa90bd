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
        message: `Cannot read trace file ${
          JSON.stringify(`${dir}/b.csv`)
        } as op on line 2 must be "r" or "w": current value is "q"`,
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

/** Writes `text` to a fresh `name` and expects readTrace to reject it naming file and line. */
async function rejectsNaming(name: string, text: string, problem: string): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/${name}`;
    await Deno.writeTextFile(path, text);
    await assert.rejects(() => readTrace(path), (error: Error) => {
      assert.equal(error.name, "SyntaxError");
      assert.equal(
        error.message,
        `Cannot read trace file ${JSON.stringify(path)} as ${problem}`,
      );
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("readTrace() names the file and line of each malformed-file class", async (t) => {
  await t.step("an empty CSV file names line 1", () =>
    rejectsNaming(
      "empty.csv",
      "",
      'line 1 must be metadata or the header "time_seconds,page,op": current value is "an empty file"',
    ));
  await t.step("an empty JSON Lines file names line 1", () =>
    rejectsNaming(
      "empty.jsonl",
      "\n\n",
      'line 1 must be the metadata object or an access: current value is "an empty file"',
    ));
  await t.step("a byte-order mark is named, visibly escaped", () =>
    rejectsNaming(
      "bom.csv",
      "\uFEFFtime_seconds,page,op\n0.5,1,w\n",
      'line 1 must not start with a byte-order mark (U+FEFF; save the file as UTF-8 without BOM): current value is "\\ufefftime_seconds,page,op\\n0.5,1,w\\n"',
    ));
  await t.step("page_count beyond the largest VM is rejected on its line", () =>
    rejectsNaming(
      "big.csv",
      "# page_count=2000000000\ntime_seconds,page,op\n0.5,1,w\n",
      'page_count on line 1 must be an integer in [1, 1073741824]: current value is "2000000000"',
    ));
  await t.step("a page beyond page_count names its line", () =>
    rejectsNaming(
      "page.jsonl",
      '{"durationSeconds":2,"pageCount":4}\n{"t":0.5,"page":1,"op":"w"}\n{"t":1,"page":9,"op":"r"}\n',
      "page on line 3 must be < the page count 4: current value is 9",
    ));
  await t.step("a missing header names the lines searched", () =>
    rejectsNaming(
      "header.csv",
      "# page_count=4\n0.5,1,w\n",
      'the header on line 2 must be "time_seconds,page,op": current value is "0.5,1,w"',
    ));
  await t.step("a time going backwards names its line", () =>
    rejectsNaming(
      "time.csv",
      "time_seconds,page,op\n1,1,w\n0.5,2,r\n",
      "time on line 3 must be >= the previous time 1: current value is 0.5",
    ));
});

Deno.test("readTrace() rejects a path that is not a string with the named error", async () => {
  await assert.rejects(() => readTrace(42 as never), {
    name: "TypeError",
    message: "Cannot read trace as path must be a non-empty string: current value is 42",
  });
});
