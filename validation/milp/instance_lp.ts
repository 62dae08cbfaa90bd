/**
 * The LP text a native solver gets for one bench instance: the same `buildIlpModel` that
 * `placeIlp` solves, with the hosts objective (every host costs 1, an unplaced VM more than
 * all hosts) and, in the aggregated formulation, the Martello-Toth L2 row (every bench
 * instance places all its VMs). Shared by `record.ts` and the test that holds `placeIlp` to
 * the record, which checks the text by its SHA-256.
 *
 * @module
 */
import { type IlpBenchInstance, ilpBenchInstances } from "../../bench/_ilp_instances.ts";
import { buildIlpModel, fitsAlone, type IlpFormulation } from "../../lib/placement/_ilp_model.ts";
import { lowerBounds } from "../../lib/placement/mod.ts";

/** The CPLEX LP text of `instance` in `formulation`. */
export function instanceLp(instance: IlpBenchInstance, formulation: IlpFormulation): string {
  const { hosts, vms, dimensions } = instance;
  const modelled = vms.flatMap((vm, i) =>
    hosts.some((host) => fitsAlone(host, vm, dimensions)) ? [i] : []
  );
  const scale = dimensions.map((d) => Math.max(1e-300, ...hosts.map((h) => h[d])));
  const l2 = Math.max(
    0,
    ...dimensions.map((d) => lowerBounds(hosts, modelled.map((i) => vms[i]!), d).martelloTothL2),
  );
  const model = buildIlpModel({
    hosts,
    vms,
    dimensions,
    scale,
    idleCost: hosts.map(() => 1),
    slopeCost: hosts.map(() => 0),
    penalty: hosts.length + 1,
    formulation,
    hostsAtLeast: l2,
  }, modelled);
  return model.lp + "\n";
}

/** Hex SHA-256 of a text. */
export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A solver run as the record scripts keep it: one per instance and formulation. */
interface RecordedRun {
  instance: string;
  formulation: string;
}

/** Puts `entry` in `runs`, in place of an earlier run of its instance and formulation. */
export function putRun<R extends RecordedRun>(runs: R[], entry: R): void {
  const at = runs.findIndex((r) =>
    r.instance === entry.instance && r.formulation === entry.formulation
  );
  if (at >= 0) runs[at] = entry;
  else runs.push(entry);
}

/** Sorts `runs` in the bench's instance order, then by formulation. */
export function sortRuns(runs: RecordedRun[]): void {
  const order = ilpBenchInstances().map((i) => i.name);
  runs.sort((a, b) =>
    order.indexOf(a.instance) - order.indexOf(b.instance) ||
    a.formulation.localeCompare(b.formulation)
  );
}
