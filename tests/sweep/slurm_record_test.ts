/**
 * Holds the library to what a real Slurm cluster made: `data/slurm/` was recorded by
 * `validation/slurm/record.ts` (sweeps/example.json as 4 Slurm array tasks and a merge
 * job). A one-machine run of the same spec must give the recorded rows byte for byte,
 * and the same sidecar but for the library version. Runs everywhere, Slurm or not.
 */
import assert from "node:assert/strict";
import { runSweep, type SweepSpec } from "../../lib/sweep/mod.ts";

const DATA = new URL("../../data/slurm/", import.meta.url);

Deno.test("the rows a real Slurm job array wrote equal a one-machine run of the same spec", async () => {
  const spec: SweepSpec = JSON.parse(
    await Deno.readTextFile(new URL("../../sweeps/example.json", import.meta.url)),
  );
  const dir = await Deno.makeTempDir();
  try {
    await runSweep(spec, { workers: 2, out: `${dir}/example.csv` });
    assert.equal(
      await Deno.readTextFile(`${dir}/example.csv`),
      await Deno.readTextFile(new URL("example.csv", DATA)),
    );
    const ours = JSON.parse(await Deno.readTextFile(`${dir}/example.csv.sweep.json`));
    const recorded = JSON.parse(await Deno.readTextFile(new URL("example.csv.sweep.json", DATA)));
    assert.deepEqual({ ...ours, library: ours.library.name }, {
      ...recorded,
      library: recorded.library.name,
    });
    const run = await Deno.readTextFile(new URL("run.txt", DATA));
    assert.match(run, /submitted job array \d+/);
    assert.match(run, /finished merge job \d+ after \d+/);
    for (let i = 0; i < 4; i++) assert.match(run, new RegExp(`shard ${i}/4`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
