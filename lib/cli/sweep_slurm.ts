/**
 * `deno task sweep:slurm`: submits a sweep to Slurm as a job array of N shards
 * (each task runs `deno task sweep` on shard `SLURM_ARRAY_TASK_ID` of
 * `SLURM_ARRAY_TASK_COUNT`) and a merge job that starts only if every task succeeded
 * (`--dependency=afterok:<array job>`), which writes the same bytes a one-machine
 * run writes.
 *
 * ```sh
 * deno task sweep:slurm -- sweeps/plane.json --out /shared/out/plane.csv --shards 16 --workers 4
 * ```
 *
 * The job scripts are written to `<out>.slurm/` (`array.sh`, `merge.sh`, task logs),
 * so they can be read, edited or resubmitted by hand. `--dry-run` writes them and
 * prints them without submitting. Output paths must be on storage every node sees.
 *
 * Exit codes: 0 once submitted (with `--wait`, once the merge succeeded), 1 when
 * `sbatch` or a job fails, 2 for bad flags or a bad spec.
 *
 * @module
 */
import { checkOutFolder, parseCliArgs } from "./_args.ts";
import { writeOutputSet } from "../_output_set.ts";
import { readSweepSpec } from "./sweep.ts";
import { sweepFormatOf } from "../sweep/sweep_output.ts";

const USAGE = `Usage: deno task sweep:slurm -- SWEEP.json --out FILE --shards N [options]

Submits the sweep as a Slurm job array of N shards plus a merge job that runs after
all of them succeed (afterok), writing FILE and FILE.sweep.json.

Options:
  --out FILE           merged rows file (.csv or .jsonl), on storage all nodes see
  --shards N           array tasks (default 4)
  --workers K          workers per task, also its --cpus-per-task (default 1)
  --sbatch-arg ARG     extra sbatch option for both jobs (repeatable), e.g. --partition=long
  --deno PATH          deno binary on the compute nodes (default: this deno)
  --wait               wait until the merge job ends (sbatch --wait)
  --dry-run            write and print the job scripts, submit nothing
  -h, --help           show this help
`;

const PERMISSIONS = "--allow-read --allow-write --allow-env --allow-run";

function quote(text: string): string {
  return /^[A-Za-z0-9_./=:,+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function absolute(path: string): string {
  return path.startsWith("/") ? path : `${Deno.env.get("INIT_CWD") ?? Deno.cwd()}/${path}`;
}

/** The job-array and merge scripts of a sweep (see {@link main}). */
export function slurmScripts(options: {
  spec: string;
  out: string;
  shards: number;
  workers: number;
  sbatchArgs: readonly string[];
  deno: string;
  repo: string;
}): { array: string; merge: string } {
  const { spec, out, shards, workers, sbatchArgs, deno, repo } = options;
  const jobs = `${out}.slurm`;
  const extra = sbatchArgs.map((arg) => `#SBATCH ${arg}\n`).join("");
  const array = `#!/bin/sh
#SBATCH --job-name=sweep
#SBATCH --array=0-${shards - 1}
#SBATCH --cpus-per-task=${workers}
#SBATCH --output=${jobs}/shard-%a.log
${extra}# Shard SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT, written to ${
    out.replace(/(\.[a-z]+)$/, `.shard-<i>-of-${shards}$1`)
  }
set -e
cd ${quote(repo)}
exec ${quote(deno)} run ${PERMISSIONS} lib/cli/sweep.ts ${quote(spec)} --out ${
    quote(out)
  } --workers ${workers} --quiet
`;
  const merge = `#!/bin/sh
#SBATCH --job-name=sweep-merge
#SBATCH --output=${jobs}/merge.log
${extra}set -e
cd ${quote(repo)}
exec ${quote(deno)} run ${PERMISSIONS} lib/cli/sweep_merge.ts --out ${quote(out)} --shards ${shards}
`;
  return { array, merge };
}

/**
 * Runs the Slurm submission command line.
 *
 * @param args Command-line arguments (without the program name).
 * @param io Where to write standard output and standard error.
 * @returns The exit code.
 */
export async function main(
  args: readonly string[],
  io: { stdout: (text: string) => void; stderr: (text: string) => void } = {
    stdout: (t) => console.log(t.trimEnd()),
    stderr: (t) => console.error(t.trimEnd()),
  },
): Promise<number> {
  let scripts: { array: string; merge: string };
  let jobs: string;
  let values;
  try {
    const parsed = parseCliArgs(args[0] === "--" ? args.slice(1) : [...args], {
      out: { type: "string" },
      shards: { type: "string", default: "4" },
      workers: { type: "string", default: "1" },
      "sbatch-arg": { type: "string", multiple: true, default: [] },
      deno: { type: "string" },
      wait: { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    });
    values = parsed.values as unknown as {
      out?: string;
      shards: string;
      workers: string;
      "sbatch-arg": string[];
      deno?: string;
      wait: boolean;
      "dry-run": boolean;
      help: boolean;
    };
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (parsed.positionals.length !== 1) {
      throw new Error(
        `Cannot submit a sweep as exactly one SWEEP.json must be given: current value is ${
          JSON.stringify(parsed.positionals)
        }`,
      );
    }
    if (values.out === undefined) throw new Error("Cannot submit a sweep as --out is required");
    sweepFormatOf(values.out);
    const shards = Number(values.shards);
    const workers = Number(values.workers);
    for (const [name, value] of [["shards", shards], ["workers", workers]] as const) {
      if (!Number.isInteger(value) || value < 1) {
        throw new Error(
          `Cannot submit a sweep as --${name} must be an integer >= 1: current value is ${
            values[name]
          }`,
        );
      }
    }
    // each is an #SBATCH line of both scripts: a line break ran the rest as a shell command
    // (and ended sbatch's reading of the #SBATCH lines after it)
    for (const arg of values["sbatch-arg"]!) {
      if (/[\r\n]/.test(arg)) {
        throw new Error(
          `Cannot submit a sweep as --sbatch-arg must be one line: current value is ${
            JSON.stringify(arg)
          }`,
        );
      }
    }
    const spec = absolute(parsed.positionals[0]!);
    await readSweepSpec(spec);
    const out = absolute(values.out);
    // the jobs' logs are named by #SBATCH --output, a filename pattern (% and \ are special)
    // on a directive line split at whitespace: they would go elsewhere, or nowhere
    if (/[%\\\s]/.test(out)) {
      throw new Error(
        `Cannot submit a sweep as --out must hold no %, \\ or whitespace (Slurm's --output pattern of the jobs' logs): current value is ${values.out}`,
      );
    }
    // the merge job, after every shard ran, would refuse it
    if ((await Deno.stat(out).catch(() => undefined))?.isDirectory) {
      throw new Error(
        `Cannot submit a sweep as --out must be a file, not a folder: current value is ${values.out}`,
      );
    }
    jobs = `${out}.slurm`;
    await checkOutFolder(jobs);
    scripts = slurmScripts({
      spec,
      out,
      shards,
      workers,
      sbatchArgs: values["sbatch-arg"]!,
      deno: values.deno ?? Deno.execPath(),
      repo: decodeURIComponent(new URL("../..", import.meta.url).pathname).replace(/\/$/, ""),
    });
  } catch (error) {
    io.stderr(`sweep:slurm: ${(error as Error).message}\nRun with --help for usage.\n`);
    return 2;
  }
  // Both scripts as one set (never an array script beside a stale merge script).
  await writeOutputSet(jobs, [["array.sh", scripts.array], ["merge.sh", scripts.merge]]);
  for (const name of ["array.sh", "merge.sh"]) await Deno.chmod(`${jobs}/${name}`, 0o755);
  if (values["dry-run"]) {
    io.stdout(`# ${jobs}/array.sh\n${scripts.array}\n# ${jobs}/merge.sh\n${scripts.merge}`);
    return 0;
  }
  const sbatch = async (args: string[]) => {
    const out = await new Deno.Command("sbatch", { args, stdout: "piped", stderr: "piped" })
      .output();
    const text = new TextDecoder().decode(out.stdout).trim();
    if (!out.success) {
      throw new Error(`sbatch ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
    }
    return text.split(";")[0]!;
  };
  try {
    const arrayJob = await sbatch(["--parsable", `${jobs}/array.sh`]);
    io.stdout(`submitted job array ${arrayJob} (${jobs}/array.sh)\n`);
    const mergeArgs = [
      "--parsable",
      `--dependency=afterok:${arrayJob}`,
      "--kill-on-invalid-dep=yes",
    ];
    if (values.wait) mergeArgs.push("--wait");
    const mergeJob = await sbatch([...mergeArgs, `${jobs}/merge.sh`]);
    io.stdout(
      `${
        values.wait ? "finished" : "submitted"
      } merge job ${mergeJob} after ${arrayJob}: ${values.out}\n`,
    );
    return 0;
  } catch (error) {
    io.stderr(`sweep:slurm: ${(error as Error).message}\n`);
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
