/**
 * `mergeSweepShards` refuses shards that would not give the one-machine file, naming the
 * shard and the problem, and writes nothing then; it merges shards of unequal sizes.
 */
import assert from "node:assert/strict";
import { mergeSweepShards, runSweep, type SweepSpec } from "../../lib/sweep/mod.ts";
import { exists, withDir } from "./_files.ts";

/** Five quick reliability runs: shard 0 of 2 holds runs 0, 2, 4 and shard 1 runs 1, 3. */
const SPEC: SweepSpec = {
  kind: "reliability",
  seed: "merge_shards_test",
  fixed: { missions: 20 },
  grid: { coverage: [0.5, 0.8, 0.9, 0.99, 1] },
};

/**
 * In a fresh folder: the whole sweep (`whole.csv`), its two shards (`s0.csv`, `s1.csv`)
 * and shard 1 of 3 (`t1.csv`), then `body(dir)`.
 */
function withShards(body: (dir: string) => Promise<void>): Promise<void> {
  return withDir("sweep-merge-test-", async (dir) => {
    await runSweep(SPEC, { runner: "inline", out: `${dir}/whole.csv` });
    for (const index of [0, 1]) {
      await runSweep(SPEC, {
        runner: "inline",
        out: `${dir}/s${index}.csv`,
        shard: { index, count: 2 },
      });
    }
    await runSweep(SPEC, { runner: "inline", out: `${dir}/t1.csv`, shard: { index: 1, count: 3 } });
    await body(dir);
  });
}

/** Merging `paths` is refused with `error`, and neither the rows nor a sidecar appear. */
async function refused(
  dir: string,
  paths: string[],
  error: { name: string; message: string | RegExp },
): Promise<void> {
  await assert.rejects(mergeSweepShards(paths, `${dir}/merged.csv`), error);
  assert.equal(await exists(`${dir}/merged.csv`), false);
  assert.equal(await exists(`${dir}/merged.csv.sweep.json`), false);
}

Deno.test("mergeSweepShards() merges shards of 3 and 2 rows into the one-machine bytes", async () => {
  await withShards(async (dir) => {
    const s0 = (await Deno.readTextFile(`${dir}/s0.csv`)).split("\n");
    assert.deepEqual(s0.slice(1, -1).map((line) => Number(line.split(",")[0])), [0, 2, 4]);
    const merged = await mergeSweepShards([`${dir}/s1.csv`, `${dir}/s0.csv`], `${dir}/m.csv`);
    assert.equal(merged.shard, null);
    assert.equal(merged.runs, 5);
    assert.equal(
      await Deno.readTextFile(`${dir}/m.csv`),
      await Deno.readTextFile(`${dir}/whole.csv`),
    );
  });
});

Deno.test("mergeSweepShards() refuses no shards, a whole output, and a file that is no sweep sidecar", async () => {
  await withShards(async (dir) => {
    await refused(dir, [], {
      name: "RangeError",
      message:
        "Cannot merge sweep shards as shardPaths must be a non-empty array: current value is []",
    });
    await refused(dir, [`${dir}/whole.csv`], {
      name: "TypeError",
      message:
        `Cannot merge sweep shards as ${dir}/whole.csv.sweep.json must describe a shard of a sweep: current value is null`,
    });
    await Deno.writeTextFile(`${dir}/x.csv`, "a\n");
    await Deno.writeTextFile(`${dir}/x.csv.sweep.json`, '{"shard":{"index":0,"count":1}}');
    await refused(dir, [`${dir}/x.csv`], {
      name: "TypeError",
      message:
        `Cannot merge sweep shards as ${dir}/x.csv.sweep.json must describe a shard of a sweep: current value is {"index":0,"count":1}`,
    });
  });
});

Deno.test("mergeSweepShards() refuses shards of another library version or format, naming the field", async () => {
  await withShards(async (dir) => {
    const sidecar = JSON.parse(await Deno.readTextFile(`${dir}/s1.csv.sweep.json`));
    await Deno.writeTextFile(`${dir}/v1.csv`, await Deno.readTextFile(`${dir}/s1.csv`));
    await Deno.writeTextFile(
      `${dir}/v1.csv.sweep.json`,
      JSON.stringify({ ...sidecar, library: { ...sidecar.library, version: "0.0.1" } }, null, 2),
    );
    await refused(dir, [`${dir}/s0.csv`, `${dir}/v1.csv`], {
      name: "TypeError",
      message: new RegExp(
        `^Cannot merge sweep shards as every shard must come from the same sweep: .*/v1\\.csv differs from .*/s0\\.csv in library: current value is \\{"name":"@migrate-lab/migrate-lab","version":"0\\.0\\.1"\\}$`,
      ),
    });
    await runSweep(SPEC, {
      runner: "inline",
      out: `${dir}/j1.jsonl`,
      shard: { index: 1, count: 2 },
    });
    await refused(dir, [`${dir}/s0.csv`, `${dir}/j1.jsonl`], {
      name: "TypeError",
      message: new RegExp(
        `^Cannot merge sweep shards as every shard must come from the same sweep: .*/j1\\.jsonl differs from .*/s0\\.csv in format: current value is "jsonl"$`,
      ),
    });
  });
});

Deno.test("mergeSweepShards() refuses an output named for another format than the shards'", async () => {
  await withShards(async (dir) => {
    for (const out of [`${dir}/merged.jsonl`, `${dir}/merged.txt`]) {
      await assert.rejects(mergeSweepShards([`${dir}/s0.csv`, `${dir}/s1.csv`], out), {
        name: "TypeError",
        message:
          /^Cannot (merge sweep shards as out must end in \.csv|write sweep rows as the output file must end in \.csv or \.jsonl)/,
      });
      assert.equal(await exists(out), false);
      assert.equal(await exists(`${out}.sweep.json`), false);
    }
  });
});

Deno.test("mergeSweepShards() refuses shards of different counts and a shard given twice", async () => {
  await withShards(async (dir) => {
    await refused(dir, [`${dir}/s0.csv`, `${dir}/t1.csv`], {
      name: "TypeError",
      message:
        `Cannot merge sweep shards as every shard must be of 2 shards: ${dir}/t1.csv is shard 1/3`,
    });
    await refused(dir, [`${dir}/s0.csv`, `${dir}/s1.csv`, `${dir}/s0.csv`], {
      name: "TypeError",
      message:
        `Cannot merge sweep shards as each shard must be given once: shard 0/2 is both ${dir}/s0.csv and ${dir}/s0.csv`,
    });
  });
});

Deno.test("mergeSweepShards() refuses a shard's rows file with another header, a row lost, or another shard's rows", async () => {
  await withShards(async (dir) => {
    const copy = async (name: string, text: string) => {
      await Deno.writeTextFile(`${dir}/${name}`, text);
      await Deno.copyFile(`${dir}/s1.csv.sweep.json`, `${dir}/${name}.sweep.json`);
    };
    const s0 = await Deno.readTextFile(`${dir}/s0.csv`);
    const s1 = await Deno.readTextFile(`${dir}/s1.csv`);
    const [header, ...rows] = s1.split("\n"); // header, run 1, run 3, ""
    await copy("h1.csv", ["RUN" + header!.slice(3), ...rows].join("\n"));
    await refused(dir, [`${dir}/s0.csv`, `${dir}/h1.csv`], {
      name: "SyntaxError",
      message: new RegExp(
        `^Cannot merge sweep shards as .*/h1\\.csv must start with the header "run,variant,.*": current value is "RUN,variant,`,
      ),
    });
    await copy("c1.csv", [header, rows[0], ""].join("\n"));
    await refused(dir, [`${dir}/s0.csv`, `${dir}/c1.csv`], {
      name: "RangeError",
      message: `Cannot merge sweep shards as ${dir}/c1.csv must hold 2 rows: current value is 1`,
    });
    // Shard 0's first two rows (runs 0 and 2) under shard 1's sidecar.
    await copy("o1.csv", s0.split("\n").slice(0, 3).join("\n") + "\n");
    await refused(dir, [`${dir}/s0.csv`, `${dir}/o1.csv`], {
      name: "RangeError",
      message:
        `Cannot merge sweep shards as ${dir}/o1.csv must hold only runs of shard 1/2: current value is run 0`,
    });
    // Shard 0 with run 0 twice, or an empty line, where run 2 belongs: as many rows, run 2 lost.
    const [header0, run0, , run4] = s0.split("\n");
    await Deno.copyFile(`${dir}/s0.csv.sweep.json`, `${dir}/d0.csv.sweep.json`);
    await Deno.writeTextFile(`${dir}/d0.csv`, [header0, run0, run0, run4, ""].join("\n"));
    await refused(dir, [`${dir}/d0.csv`, `${dir}/s1.csv`], {
      name: "RangeError",
      message:
        `Cannot merge sweep shards as ${dir}/d0.csv must hold each run of shard 0/2 once, in run order (row 2 is run 2): current value is run 0`,
    });
    await Deno.writeTextFile(`${dir}/d0.csv`, [header0, run0, "", run4, ""].join("\n"));
    await refused(dir, [`${dir}/d0.csv`, `${dir}/s1.csv`], {
      name: "RangeError",
      message:
        `Cannot merge sweep shards as ${dir}/d0.csv must hold only runs of shard 0/2: current value is run NaN`,
    });
  });
});

Deno.test("mergeSweepShards() whose sidecar write fails leaves no old sidecar beside the new rows", async () => {
  await withShards(async (dir) => {
    const out = `${dir}/m.csv`;
    // A finished output of another sweep at out, then its sidecar's temporary made a folder,
    // so the merge writes its rows and fails on its sidecar.
    await runSweep({ ...SPEC, seed: "another" }, { runner: "inline", out });
    await Deno.mkdir(`${out}.sweep.json.tmp-${Deno.pid}/x`, { recursive: true });
    await assert.rejects(mergeSweepShards([`${dir}/s0.csv`, `${dir}/s1.csv`], out));
    assert.equal(await Deno.readTextFile(out), await Deno.readTextFile(`${dir}/whole.csv`));
    // The other sweep's sidecar described rows no longer there: a rerun of it took them as its own.
    assert.equal(await exists(`${out}.sweep.json`), false);
    await Deno.remove(`${out}.sweep.json.tmp-${Deno.pid}`, { recursive: true });
  });
});

Deno.test("mergeSweepShards() refuses a folder at out, naming out, and keeps the sidecar beside it", async () => {
  await withShards(async (dir) => {
    const out = `${dir}/m.csv`;
    await Deno.mkdir(out);
    await Deno.writeTextFile(`${out}.sweep.json`, "{}\n");
    await assert.rejects(mergeSweepShards([`${dir}/s0.csv`, `${dir}/s1.csv`], out), {
      name: "TypeError",
      message:
        `Cannot merge sweep shards as out must be a file, not a folder: current value is "${out}"`,
    });
    assert.equal(await Deno.readTextFile(`${out}.sweep.json`), "{}\n");
    assert.deepEqual([...Deno.readDirSync(out)], []);
  });
});

Deno.test("mergeSweepShards() refuses an out that is one of its shards, and leaves the shard", async () => {
  await withShards(async (dir) => {
    const shard = await Deno.readTextFile(`${dir}/s0.csv`);
    const sidecar = await Deno.readTextFile(`${dir}/s0.csv.sweep.json`);
    for (const out of [`${dir}/s0.csv`, `${dir}/./s0.csv`]) {
      await assert.rejects(mergeSweepShards([`${dir}/s0.csv`, `${dir}/s1.csv`], out), {
        name: "TypeError",
        message:
          `Cannot merge sweep shards as out must not be one of the shards: current value is ${
            JSON.stringify(out)
          }, which is ${JSON.stringify(`${dir}/s0.csv`)}`,
      });
    }
    // the shard and its sidecar as they were: the merge can still be made
    assert.equal(await Deno.readTextFile(`${dir}/s0.csv`), shard);
    assert.equal(await Deno.readTextFile(`${dir}/s0.csv.sweep.json`), sidecar);
    await mergeSweepShards([`${dir}/s0.csv`, `${dir}/s1.csv`], `${dir}/m.csv`);
    assert.equal(
      await Deno.readTextFile(`${dir}/m.csv`),
      await Deno.readTextFile(`${dir}/whole.csv`),
    );
  });
});
