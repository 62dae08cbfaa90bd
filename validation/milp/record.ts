/**
 * Records a native MILP solver on the ILP bench instances into `data/milp/`: for every
 * instance of `bench/_ilp_instances.ts` and both formulations, writes the LP file that
 * `placeIlp` would solve (`instance_lp.ts`) to a temporary folder, runs COIN-OR CBC (Debian
 * package `coinor-cbc`, a native build) on it with a CPU-time limit, and keeps CBC's printed
 * output (`data/milp/cbc/<instance>.<formulation>.txt`) and a summary
 * (`data/milp/cbc_record.json`: the command, CBC's version, the load average, and per run the
 * LP's SHA-256, CBC's result line, objective, lower bound, nodes and CPU and wall seconds).
 * `tests/placement/ilp_native_record_test.ts` holds `placeIlp` to this record.
 *
 * HiGHS itself is not packaged by Debian 12 (bookworm), so CBC is the native solver here.
 *
 * ```sh
 * apt-get install -y coinor-cbc
 * deno run -A validation/milp/record.ts [--seconds 60] [--only NAME]
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

/** One CBC run as recorded. */
export interface CbcRun {
  /** Instance name. */
  instance: string;
  /** `"aggregated"` or `"assignment"`. */
  formulation: string;
  /** SHA-256 of the LP text given to CBC. */
  lpSha256: string;
  /** CBC's `Result - ...` line. */
  result: string;
  /** Whether CBC proved optimality. */
  optimal: boolean;
  /** Best objective found (hosts), or null. */
  objective: number | null;
  /** CBC's lower bound (the objective itself when optimal), or null. */
  lowerBound: number | null;
  /** Branch-and-bound nodes. */
  nodes: number | null;
  /** CPU seconds CBC reports. */
  cpuSeconds: number | null;
  /** Wall-clock seconds measured around the run. */
  wallSeconds: number;
}

/** Reads a number after `label` in CBC's output. */
function field(text: string, label: RegExp): number | null {
  const match = text.match(label);
  return match ? Number(match[1]) : null;
}

async function run(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  return new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { seconds: { type: "string", default: "60" }, only: { type: "string" } },
  });
  const seconds = Number(values.seconds);
  const dir = await Deno.makeTempDir({ prefix: "milp-record-" });
  // the scratch folder goes whatever happens (a failing solver run threw past its removal)
  try {
    const previous: { runs?: CbcRun[] } = await Deno.readTextFile(`${target}/cbc_record.json`)
      .then(JSON.parse, () => ({}));
    const runs: CbcRun[] = previous.runs ?? [];
    const version = (await run("cbc", ["-quit"])).match(/Version: (\S+)/)?.[1] ?? "unknown";
    // CBC's outputs, written with the record once every run is in: a stop half-way (runs
    // take up to --seconds each) left the outputs of the runs before it beside the old record.
    const texts: [string, string][] = [];
    const loads: string[] = [];
    for (const instance of ilpBenchInstances()) {
      if (values.only !== undefined && instance.name !== values.only) continue;
      for (const formulation of ["aggregated", "assignment"] as const) {
        const lp = instanceLp(instance, formulation);
        const file = `${dir}/${instance.name}.${formulation}.lp`;
        await Deno.writeTextFile(file, lp);
        loads.push((await Deno.readTextFile("/proc/loadavg")).trim());
        const started = performance.now();
        const text = await run("cbc", [file, "-sec", String(seconds), "-solve", "-quit"]);
        const wallSeconds = Number(((performance.now() - started) / 1000).toFixed(2));
        const result = text.match(/^Result - (.*)$/m)?.[1]?.trim() ?? "no result line";
        const optimal = result === "Optimal solution found";
        const objective = field(text, /^Objective value:\s+(\S+)/m);
        const entry: CbcRun = {
          instance: instance.name,
          formulation,
          lpSha256: await sha256(lp),
          result,
          optimal,
          objective,
          lowerBound: optimal ? objective : field(text, /^Lower bound:\s+(\S+)/m),
          nodes: field(text, /^Enumerated nodes:\s+(\S+)/m),
          cpuSeconds: field(text, /^Total time \(CPU seconds\):\s+(\S+)/m),
          wallSeconds,
        };
        putRun(runs, entry);
        texts.push([`${instance.name}.${formulation}.txt`, text.replaceAll(dir, "$TMP")]);
        console.log(JSON.stringify(entry));
      }
    }
    sortRuns(runs);
    const record = {
      command: `deno run -A validation/milp/record.ts --seconds ${seconds}` +
        (values.only ? ` --only ${values.only}` : "") + " (runs `cbc FILE.lp -sec " + seconds +
        " -solve -quit` per instance and formulation)",
      solver: `COIN-OR CBC ${version} (Debian 12 package coinor-cbc)`,
      loadAverages: loads,
      runs,
    };
    // the outputs and the record as one set: written one after the other, a stop between
    // them left the new outputs beside the old record
    await writeOutputSet(target, [
      ...texts.map(([name, text]): [string, string] => [`cbc/${name}`, text]),
      ["cbc_record.json", JSON.stringify(record, null, 2) + "\n"],
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
