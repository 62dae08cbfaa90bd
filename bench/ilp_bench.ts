/**
 * ILP placement via HiGHS (WebAssembly) on the instances of `bench/_ilp_instances.ts`
 * (issue 11, "Exact and robust packing").
 *
 * `deno bench --allow-read bench/ilp_bench.ts` times the aggregated formulation proving the
 * optimum of the two CloudSim-shaped instances and `anticorrelated-40x30` (their optimum is
 * above both the LP and the L2 bound: the pattern stage proves them), and of
 * `triplets-45x18` (the optimum meets the LP bound, so the pattern stage only costs: its
 * pattern bound is no better, and the aggregated MILP must branch to find the optimum).
 *
 * `deno run -A bench/ilp_bench.ts [--seconds 60] [--formulation aggregated|assignment|both]`
 * prints, per instance and formulation, the status (proven or not), hosts, the LP
 * relaxation, the Martello-Toth L2 bound, the proven bound and where it came from, the
 * model's size, and the wall and CPU time of one call, with the load average: the "before"
 * (`assignment`, the model before issue 11) and "after" (`aggregated`) table, run in
 * alternation. `data/milp/placeilp_times.txt` keeps such runs, the latest beside native HiGHS
 * on the same models (`data/milp/highs_record.json`, `validation/milp/record_highs.ts`).
 *
 * @module
 */
import process from "node:process";
import { parseArgs } from "node:util";
import { placeIlp } from "../lib/placement/mod.ts";
import { ilpBenchInstances } from "./_ilp_instances.ts";

const instances = ilpBenchInstances();

for (
  const name of ["cloudsim-100x50", "cloudsim-200x100", "triplets-45x18", "anticorrelated-40x30"]
) {
  const { hosts, vms, dimensions } = instances.find((i) => i.name === name)!;
  Deno.bench(`placeIlp() proves the optimum of ${name} (aggregated formulation)`, async () => {
    const result = await placeIlp(hosts, vms, { dimensions, timeLimitSeconds: 60 });
    if (result.details.status !== "optimal") {
      throw new Error(`not optimal: ${result.details.status}`);
    }
  });
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      seconds: { type: "string", default: "60" },
      formulation: { type: "string", default: "both" },
    },
  });
  const formulations = values.formulation === "both"
    ? ["assignment", "aggregated"] as const
    : [values.formulation as "aggregated" | "assignment"];
  console.log(`time limit ${values.seconds} s per call; load average ${await loadAverage()}`);
  console.log(
    "instance | VMs | hosts | formulation | status | hosts used | LP | L2 | bound (source) | " +
      "host types | VM classes | columns | rows | wall s | CPU s | load",
  );
  for (const instance of instances) {
    for (const formulation of formulations) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const r = await placeIlp(instance.hosts, instance.vms, {
        dimensions: instance.dimensions,
        timeLimitSeconds: Number(values.seconds),
        formulation,
      });
      const wall = ((performance.now() - started) / 1000).toFixed(2);
      const used = (process.cpuUsage(cpu).user / 1e6).toFixed(2);
      const d = r.details;
      console.log(
        [
          instance.name,
          instance.vms.length,
          instance.hosts.length,
          formulation,
          d.status,
          r.hostsUsed,
          Number(d.lpRelaxation).toFixed(2),
          d.l2Bound,
          `${d.bound} (${d.boundSource})`,
          d.hostTypes,
          d.vmClasses,
          d.variables,
          d.constraints,
          wall,
          used,
          await loadAverage(),
        ].join(" | "),
      );
    }
  }
}

/** The 1-minute load average. */
async function loadAverage(): Promise<string> {
  return (await Deno.readTextFile("/proc/loadavg")).split(" ")[0]!;
}
