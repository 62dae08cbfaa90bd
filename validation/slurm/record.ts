/**
 * Records a sweep run through a real Slurm cluster into `data/slurm/`: starts a private
 * single-node cluster (`local_slurm.ts`), submits `sweeps/example.json` with
 * `deno task sweep:slurm` as 4 array tasks plus the merge job, and copies what it made
 * and printed: the merged rows and sidecar, each task's log, the submission output,
 * `sinfo` and the Slurm version, and the command. Everything is read first and then written
 * as one set (`lib/_output_set.ts`): a failure half-way (`sbatch --version`, `sinfo`) leaves
 * `data/slurm/` as it was, not new rows beside the old `run.txt`.
 * `tests/sweep/slurm_record_test.ts` holds the library to this record where Slurm itself is
 * absent; `tests/validation/slurm_record_test.ts` runs this script with stand-ins.
 *
 * ```sh
 * deno run -A validation/slurm/record.ts
 * ```
 *
 * @module
 */
import { writeOutputSet } from "../../lib/_output_set.ts";
import { startLocalSlurm, stopLocalSlurm } from "./local_slurm.ts";

const root = decodeURIComponent(new URL("../..", import.meta.url).pathname).replace(/\/$/, "");
const target = `${root}/data/slurm`;

async function output(cmd: string, args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(cmd, { args, env, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")} failed: ${text}`);
  return text;
}

if (import.meta.main) {
  const dir = await Deno.makeTempDir({ prefix: "slurm-record-" });
  await Deno.chmod(dir, 0o755);
  const cluster = await startLocalSlurm(`${dir}/cluster`);
  try {
    const command = [
      "run",
      "-A",
      `${root}/lib/cli/sweep_slurm.ts`,
      `${root}/sweeps/example.json`,
      "--out",
      `${dir}/out/example.csv`,
      "--shards",
      "4",
      "--wait",
    ];
    const submitted = await output(Deno.execPath(), command, cluster.env);
    const csv = await Deno.readTextFile(`${dir}/out/example.csv`);
    const sidecar = await Deno.readTextFile(`${dir}/out/example.csv.sweep.json`);
    const logs: string[] = [];
    for (let i = 0; i < 4; i++) {
      logs.push(
        `== shard-${i}.log\n` +
          (await Deno.readTextFile(`${dir}/out/example.csv.slurm/shard-${i}.log`)).replaceAll(
            dir,
            "$TMP",
          ),
      );
    }
    logs.push(
      "== merge.log\n" +
        (await Deno.readTextFile(`${dir}/out/example.csv.slurm/merge.log`)).replaceAll(dir, "$TMP"),
    );
    const version = await output("sbatch", ["--version"], cluster.env);
    const sinfo = await output("sinfo", [], cluster.env);
    const run = [
      "# A sweep through a real single-node Slurm, recorded by validation/slurm/record.ts",
      `# date: ${new Date().toISOString()}`,
      `# ${version.trim()}`,
      "# command (from the repository root, SLURM_CONF of the private cluster):",
      "#   deno run -A lib/cli/sweep_slurm.ts sweeps/example.json --out $TMP/out/example.csv --shards 4 --wait",
      "== sweep:slurm printed",
      submitted.replaceAll(dir, "$TMP").trimEnd(),
      "== sinfo",
      sinfo.trimEnd(),
      ...logs.map((l) => l.trimEnd()),
      "",
    ].join("\n");
    // the rows, their sidecar and the run that made them, written once all are in hand
    await writeOutputSet(target, [
      ["example.csv", csv],
      ["example.csv.sweep.json", sidecar],
      ["run.txt", run],
    ]);
    console.log(`recorded ${target}`);
  } finally {
    await stopLocalSlurm(cluster);
    await Deno.remove(dir, { recursive: true });
  }
}
