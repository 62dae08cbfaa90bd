import assert from "node:assert/strict";
import { main } from "../../lib/cli/sweep.ts";
import { main as merge } from "../../lib/cli/sweep_merge.ts";
import { main as slurm } from "../../lib/cli/sweep_slurm.ts";
import { captureIo as io } from "./_capture.ts";

const SPEC = {
  kind: "reliability",
  seed: 5,
  fixed: { missions: 500 },
  grid: { coverage: [0.9, 1], processorCount: [4, 6] },
};

Deno.test("deno task sweep: shards from flags and from Slurm's variables merge into the whole", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/s.json`, JSON.stringify(SPEC));
    const whole = io();
    assert.equal(await main(["--", `${dir}/s.json`, "--out", `${dir}/all.jsonl`], whole.io), 0);
    assert.match(whole.err.at(-1)!, /4\/4 runs .* done in/);
    const a = io();
    assert.equal(
      await main([`${dir}/s.json`, "--out", `${dir}/r.jsonl`, "--shard", "0/2"], a.io),
      0,
    );
    const b = io({ SLURM_ARRAY_TASK_ID: "1", SLURM_ARRAY_TASK_COUNT: "2" });
    assert.equal(await main([`${dir}/s.json`, "--out", `${dir}/r.jsonl`, "--quiet"], b.io), 0);
    assert.match(b.out.join(""), /r\.shard-1-of-2\.jsonl: 2 rows .*shard 1\/2/);
    const m = io();
    assert.equal(await merge(["--out", `${dir}/r.jsonl`, "--shards", "2"], m.io), 0);
    assert.equal(
      await Deno.readTextFile(`${dir}/r.jsonl`),
      await Deno.readTextFile(`${dir}/all.jsonl`),
    );
    const missing = io();
    assert.equal(await merge(["--out", `${dir}/x.jsonl`, "--shards", "3"], missing.io), 1);
    assert.match(missing.err.join(""), /x\.shard-0-of-3\.jsonl\.sweep\.json/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task sweep: bad flags and specs exit 2 before any work, naming the value", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/s.json`, JSON.stringify(SPEC));
    await Deno.writeTextFile(
      `${dir}/bad.json`,
      JSON.stringify({ ...SPEC, grid: { coverage: [] } }),
    );
    await Deno.writeTextFile(`${dir}/broken.json`, "{ kind: ");
    const cases: [string[], RegExp][] = [
      [[`${dir}/s.json`, "--out", `${dir}/o.csv`, "--shard", "3/2"], /current value is "3\/2"/],
      [[`${dir}/bad.json`, "--out", `${dir}/o.csv`], /grid\.coverage must be a non-empty array/],
      [[`${dir}/broken.json`, "--out", `${dir}/o.csv`], /broken\.json as it must be JSON/],
      [[`${dir}/s.json`, "--out", `${dir}/o.txt`], /must end in \.csv or \.jsonl/],
      [[`${dir}/s.json`, "--out", `${dir}/o.csv`, "--workers", "0"], /--workers .* 0/],
      [[`${dir}/s.json`, "--out", `${dir}/o.csv`, "--runer", "x"], /runer/],
      [[`${dir}/s.json`], /--out FILE is required/],
    ];
    for (const [args, message] of cases) {
      await t.step(String(message), async () => {
        const x = io();
        assert.equal(await main(args, x.io), 2);
        assert.match(x.err.join(""), message);
      });
    }
    const entries = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(entries, ["bad.json", "broken.json", "s.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task sweep:slurm --dry-run writes an array job and a merge job after it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/s.json`, JSON.stringify(SPEC));
    const out: string[] = [];
    const code = await slurm(
      [`${dir}/s.json`, "--out", `${dir}/r.csv`, "--shards", "3", "--workers", "2", "--dry-run"],
      { stdout: (t) => void out.push(t), stderr: (t) => void out.push(t) },
    );
    assert.equal(code, 0, out.join(""));
    const array = await Deno.readTextFile(`${dir}/r.csv.slurm/array.sh`);
    assert.match(array, /#SBATCH --array=0-2\n#SBATCH --cpus-per-task=2\n/);
    assert.match(array, /lib\/cli\/sweep\.ts \S+s\.json --out \S+r\.csv --workers 2 --quiet/);
    const merge = await Deno.readTextFile(`${dir}/r.csv.slurm/merge.sh`);
    assert.match(merge, /lib\/cli\/sweep_merge\.ts --out \S+r\.csv --shards 3/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task sweep:slurm refuses --out that is a folder, before writing the job scripts", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/s.json`, JSON.stringify(SPEC));
    await Deno.mkdir(`${dir}/r.csv`);
    const x = io();
    const code = await slurm(
      [`${dir}/s.json`, "--out", `${dir}/r.csv`, "--shards", "2", "--dry-run"],
      x.io,
    );
    assert.equal(code, 2);
    assert.match(
      x.err.join(""),
      /--out must be a file, not a folder: current value is \S+\/r\.csv\n/,
    );
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), ["r.csv", "s.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task sweep:slurm refuses an --out that Slurm's --output pattern would misread", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/s.json`, JSON.stringify(SPEC));
    for (const name of ["r%j.csv", "my rows.csv", "r\\x.csv"]) {
      const x = io();
      const code = await slurm(
        [`${dir}/s.json`, "--out", `${dir}/${name}`, "--shards", "2", "--dry-run"],
        x.io,
      );
      assert.equal(code, 2, name);
      assert.match(x.err.join(""), /--out must hold no %, \\ or whitespace/);
    }
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["s.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
