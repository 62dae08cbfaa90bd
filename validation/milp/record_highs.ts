/**
 * Records native HiGHS on the ILP bench instances into `data/milp/` (issue 11: "the ILP proves
 * optimality on instances a native HiGHS build proves in seconds"). For every instance of
 * `bench/_ilp_instances.ts` and both formulations, writes the LP file `placeIlp` would solve
 * (`instance_lp.ts`, the text CBC got in `record.ts`) to a temporary folder and solves it with
 * `highs_solve.py`, which runs the native HiGHS library of the `highspy` wheel from PyPI (an
 * x86-64 build of the same HiGHS 1.15.1, git 04024d7, that `npm:highs@1.15.3` compiles to
 * WebAssembly) with its default options and a time limit. Keeps HiGHS's log
 * (`data/milp/highs/<instance>.<formulation>.log`) and a summary (`data/milp/highs_record.json`:
 * the command, HiGHS's version, the machine, and per run the LP's SHA-256, HiGHS's status,
 * objective, dual bound, nodes, HiGHS's own and the measured wall seconds, and the load
 * average). `tests/placement/ilp_native_highs_test.ts` holds `placeIlp` to this record.
 *
 * Run it at high priority, alone in its autogroup (the machine is shared):
 *
 * ```sh
 * python3 -m venv /tmp/hv && /tmp/hv/bin/pip install highspy==1.15.1
 * setsid -w bash -c 'echo -20 > /proc/self/autogroup; exec deno run -A \
 *   validation/milp/record_highs.ts --python /tmp/hv/bin/python [--seconds 60] [--only NAME]'
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { ilpBenchInstances } from "../../bench/_ilp_instances.ts";
import { instanceLp, putRun, sha256, sortRuns } from "./instance_lp.ts";
import { writeOutputSet } from "../../lib/_output_set.ts";

const root = decodeURIComponent(new URL("../..", import.meta.url).pathname).replace(/\/$/, "");
const target = `${root}/data/milp`;

/** One native HiGHS run as recorded. */
export interface HighsRun {
  /** Instance name. */
  instance: string;
  /** `"aggregated"` or `"assignment"`. */
  formulation: string;
  /** SHA-256 of the LP text given to HiGHS. */
  lpSha256: string;
  /** HiGHS's model status, e.g. `"Optimal"` or `"Time limit reached"`. */
  status: string;
  /** Whether HiGHS proved optimality. */
  optimal: boolean;
  /** Objective of the best solution found (hosts), or null. */
  objective: number | null;
  /** HiGHS's MIP dual bound (a lower bound on the hosts), or null. */
  dualBound: number | null;
  /** HiGHS's relative MIP gap, or null. */
  gap: number | null;
  /** Branch-and-bound nodes. */
  nodes: number;
  /** Simplex iterations. */
  lpIterations: number;
  /** HiGHS's own run time, seconds. */
  solverSeconds: number;
  /** Wall-clock seconds measured around the whole Python process (import, read, solve). */
  wallSeconds: number;
  /** `/proc/loadavg` just before the run. */
  loadAverage: string;
}

/** What `highs_solve.py` prints. */
interface SolveLine
  extends Omit<HighsRun, "instance" | "formulation" | "lpSha256" | "wallSeconds" | "loadAverage"> {
  version: string;
  githash: string;
  highspy: string;
}

async function output(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")} failed: ${text}`);
  return text;
}

/** Facts of this machine: CPU model, cores, memory, kernel. */
async function machine(): Promise<Record<string, string | number>> {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo");
  const meminfo = await Deno.readTextFile("/proc/meminfo");
  return {
    cpu: cpuinfo.match(/^model name\s*:\s*(.*)$/m)?.[1] ?? "unknown",
    logicalCpus: navigator.hardwareConcurrency,
    memTotalKiB: Number(meminfo.match(/^MemTotal:\s+(\d+)/m)?.[1] ?? NaN),
    kernel: (await output("uname", ["-srm"])).trim(),
    os: (await Deno.readTextFile("/etc/os-release")).match(/^PRETTY_NAME="(.*)"$/m)?.[1] ??
      "unknown",
  };
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      seconds: { type: "string", default: "60" },
      only: { type: "string" },
      python: { type: "string", default: "python3" },
    },
  });
  const seconds = Number(values.seconds);
  const python = values.python;
  const solver = `${root}/validation/milp/highs_solve.py`;
  const dir = await Deno.makeTempDir({ prefix: "milp-highs-" });
  // the scratch folder goes whatever happens (a failing solver run threw past its removal)
  try {
    const previous: { runs?: HighsRun[] } = await Deno.readTextFile(`${target}/highs_record.json`)
      .then(JSON.parse, () => ({}));
    const runs: HighsRun[] = previous.runs ?? [];
    // HiGHS's logs, written with the record once every run is in: a run that failed (or a
    // stop) half-way left the logs of the runs before it beside the record of the old ones.
    const logs: [string, string][] = [];
    const pythonVersion = (await output(python, ["--version"])).trim();
    let solverLine: SolveLine | undefined;
    for (const instance of ilpBenchInstances()) {
      if (values.only !== undefined && instance.name !== values.only) continue;
      for (const formulation of ["aggregated", "assignment"] as const) {
        const lp = instanceLp(instance, formulation);
        const file = `${dir}/${instance.name}.${formulation}.lp`;
        const log = `${dir}/${instance.name}.${formulation}.log`;
        await Deno.writeTextFile(file, lp);
        const loadAverage = (await Deno.readTextFile("/proc/loadavg")).trim();
        const started = performance.now();
        const text = await output(python, [solver, file, String(seconds), log]);
        const wallSeconds = Number(((performance.now() - started) / 1000).toFixed(2));
        const line: SolveLine = JSON.parse(text.trim().split("\n").at(-1)!);
        solverLine = line;
        const entry: HighsRun = {
          instance: instance.name,
          formulation,
          lpSha256: await sha256(lp),
          status: line.status,
          optimal: line.optimal,
          objective: line.objective,
          dualBound: line.dualBound,
          gap: line.gap,
          nodes: line.nodes,
          lpIterations: line.lpIterations,
          solverSeconds: line.solverSeconds,
          wallSeconds,
          loadAverage,
        };
        putRun(runs, entry);
        logs.push([
          `${instance.name}.${formulation}.log`,
          (await Deno.readTextFile(log)).replaceAll(dir, "$TMP"),
        ]);
        console.log(JSON.stringify(entry));
      }
    }
    sortRuns(runs);
    const record = {
      command: "setsid -w bash -c 'echo -20 > /proc/self/autogroup; exec deno run -A " +
        `validation/milp/record_highs.ts --python PYTHON --seconds ${seconds}` +
        (values.only ? ` --only ${values.only}` : "") + "' (runs `PYTHON " +
        "validation/milp/highs_solve.py FILE.lp " + seconds +
        " LOG` per instance and formulation; PYTHON a venv with `pip install highspy==1.15.1`)",
      solver: solverLine === undefined
        ? "unknown"
        : `HiGHS ${solverLine.version} (git hash ${solverLine.githash}), native, from the PyPI ` +
          `wheel highspy ${solverLine.highspy} (manylinux x86-64), default options`,
      highsVersion: solverLine?.version ?? "unknown",
      highsGitHash: solverLine?.githash ?? "unknown",
      python: pythonVersion,
      timeLimitSeconds: seconds,
      machine: await machine(),
      recordedAt: new Date().toISOString().slice(0, 10),
      runs,
    };
    // the logs and the record as one set: written one after the other, a stop between them
    // left the new logs beside the old record
    await writeOutputSet(target, [
      ...logs.map(([name, text]): [string, string] => [`highs/${name}`, text]),
      ["highs_record.json", JSON.stringify(record, null, 2) + "\n"],
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
