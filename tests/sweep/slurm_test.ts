/**
 * A real single-node Slurm (Debian's slurmctld, slurmd and munge, started in a
 * private folder by validation/slurm/local_slurm.ts) runs a 4-shard sweep as a job
 * array and the merge as a job that depends on it; the merged file must be the bytes
 * of the one-machine run. Skips, saying why, where Slurm is absent.
 */
import assert from "node:assert/strict";
import { runSweep, type SweepSpec } from "../../lib/sweep/mod.ts";
import {
  slurmUnavailable,
  startLocalSlurm,
  stopLocalSlurm,
} from "../../validation/slurm/local_slurm.ts";

const SPEC: SweepSpec = {
  kind: "migration",
  name: "slurm_test",
  seed: 11,
  fixed: { memoryBytes: 32 * 2 ** 20, workload: "hot-cold" },
  grid: { writesPerSecond: [1000, 20000], bandwidthBytesPerSecond: [25e6, 125e6] },
  variants: [
    { label: "pre-copy/xen", parameters: { technique: "pre-copy", stopRules: "xen" } },
    { label: "hybrid", parameters: { technique: "hybrid" } },
  ],
  replicates: 3,
};

const why = await slurmUnavailable();
if (why !== undefined) console.warn(`slurm_test: skipped: ${why}`);

Deno.test({
  name: "sweep:slurm runs 4 shards as a Slurm job array and merges them into the one-machine bytes",
  ignore: why !== undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "sweep-slurm-" });
    // munged needs every folder above its socket searchable by all.
    await Deno.chmod(dir, 0o755);
    let cluster: Awaited<ReturnType<typeof startLocalSlurm>> | undefined;
    try {
      cluster = await startLocalSlurm(`${dir}/cluster`);
      await Deno.writeTextFile(`${dir}/sweep.json`, JSON.stringify(SPEC));
      await runSweep(SPEC, { runner: "inline", out: `${dir}/one.csv` });
      const cli = new URL("../../lib/cli/sweep_slurm.ts", import.meta.url).pathname;
      const submitted = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          cli,
          `${dir}/sweep.json`,
          "--out",
          `${dir}/out/rows.csv`,
          "--shards",
          "4",
          "--wait",
        ],
        env: cluster.env,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const said = new TextDecoder().decode(submitted.stdout) +
        new TextDecoder().decode(submitted.stderr);
      assert.ok(submitted.success, said);
      assert.match(said, /submitted job array (\d+)/);
      assert.match(said, /finished merge job \d+ after \d+/);
      for (let i = 0; i < 4; i++) {
        const log = await Deno.readTextFile(`${dir}/out/rows.csv.slurm/shard-${i}.log`);
        assert.match(log, new RegExp(`shard ${i}/4`));
      }
      assert.equal(
        await Deno.readTextFile(`${dir}/out/rows.csv`),
        await Deno.readTextFile(`${dir}/one.csv`),
      );
      assert.equal(
        await Deno.readTextFile(`${dir}/out/rows.csv.sweep.json`),
        await Deno.readTextFile(`${dir}/one.csv.sweep.json`),
      );
    } finally {
      if (cluster !== undefined) await stopLocalSlurm(cluster);
      await Deno.remove(dir, { recursive: true });
    }
  },
});
