import {
  integer,
  knownKeys,
  nonNegative,
  object,
  optionNames,
  positive,
  show,
} from "../_validate.ts";
import { HOST_FIELDS, VM_DEMAND_FIELDS } from "../placement/_record_fields.ts";
import { checkTraces, MAX_TRACE_VALUES } from "./_check_traces.ts";
import { compilePowerTable as compile } from "./_power_table.ts";
import { powerAt, type PowerModel } from "./power_model.ts";
import type { DatacenterScenario } from "./simulate.ts";

const ACTION = "simulate datacenter";

/** A scenario's fields (its hosts and VMs are the placement layer's records). */
const SCENARIO_FIELDS = optionNames<DatacenterScenario>({
  hosts: 0,
  vms: 0,
  powerModels: 0,
  traces: 0,
});

/** A scenario validated and laid out in typed arrays, hosts by index and VMs by index. */
export interface ScenarioArrays {
  /** Hosts. */
  H: number;
  /** VMs. */
  V: number;
  /** Intervals simulated. */
  K: number;
  /** Host MIPS. */
  cap: Float64Array;
  /** Host MIPS per core (a VM gets one core at most). */
  pe: Float64Array;
  /** Host RAM bytes. */
  ramCap: Float64Array;
  /** Host bandwidth in bytes per second. */
  bwCap: Float64Array;
  /** Host power tables (one shared table per power model). */
  tables: Float64Array[];
  /** VM MIPS. */
  mips: Float64Array;
  /** VM RAM bytes. */
  ram: Float64Array;
  /** VM bandwidth in bytes per second. */
  bw: Float64Array;
  /** VM traces as fractions, K per VM (VM-major). */
  util: Float64Array;
}

/**
 * Validates `simulateDatacenter`'s scenario (naming the field and value of anything wrong)
 * and lays it out in typed arrays; `intervals` is the option of that name.
 */
export function scenarioArrays(
  scenario: DatacenterScenario,
  intervals: number | undefined,
): ScenarioArrays {
  knownKeys(ACTION, "scenario", object(ACTION, "scenario", scenario), SCENARIO_FIELDS);
  const { hosts, vms, powerModels, traces } = scenario;
  if (!Array.isArray(hosts) || hosts.length === 0) {
    throw new RangeError(
      `Cannot ${ACTION} as scenario.hosts must be a non-empty array: current value is ${
        show(hosts)
      }`,
    );
  }
  if (!Array.isArray(vms)) {
    throw new TypeError(
      `Cannot ${ACTION} as scenario.vms must be an array: current value is ${show(vms)}`,
    );
  }
  if (traces?.percent?.length !== vms.length) {
    throw new RangeError(
      `Cannot ${ACTION} as scenario.traces.percent.length must equal the number of VMs (${vms.length}): current value is ${
        show(traces?.percent?.length)
      }`,
    );
  }
  if (intervals !== undefined) {
    // An explicit count may cut traces of unequal length, to at most the shortest.
    let shortest = MAX_TRACE_VALUES;
    for (const row of traces.percent) {
      if (Array.isArray(row) && vms.length > 0) shortest = Math.min(shortest, row.length);
    }
    integer(ACTION, "options.intervals", intervals, 1, shortest);
  }
  const length = checkTraces(ACTION, "scenario.traces", traces, intervals);
  const K = vms.length === 0 ? intervals ?? 1 : length;

  const H = hosts.length, V = vms.length;
  const cap = new Float64Array(H), pe = new Float64Array(H), ramCap = new Float64Array(H);
  const bwCap = new Float64Array(H);
  const tables: Float64Array[] = [];
  const compiled = new Map<PowerModel, Float64Array>();
  for (let h = 0; h < H; h++) {
    const host = hosts[h]!;
    knownKeys(
      ACTION,
      `scenario.hosts[${h}]`,
      object(ACTION, `scenario.hosts[${h}]`, host),
      HOST_FIELDS,
    );
    cap[h] = positive(ACTION, `scenario.hosts[${h}].cpuMips`, host.cpuMips);
    pe[h] = host.cpuMips / integer(ACTION, `scenario.hosts[${h}].cores`, host.cores, 1);
    ramCap[h] = nonNegative(ACTION, `scenario.hosts[${h}].ramBytes`, host.ramBytes);
    // a host's NIC: its VMs' bandwidth and every migration to or from it go through it
    bwCap[h] = positive(
      ACTION,
      `scenario.hosts[${h}].bandwidthBytesPerSecond`,
      host.bandwidthBytesPerSecond,
    );
    const model = host.powerModel === undefined ? undefined : powerModels[host.powerModel];
    if (model === undefined) {
      throw new TypeError(
        `Cannot ${ACTION} as scenario.hosts[${h}].powerModel must name a key of scenario.powerModels: current value is ${
          show(host.powerModel)
        }`,
      );
    }
    // Validates the model (kind, fields, finite watts) before it is compiled, naming it.
    try {
      powerAt(model, 0);
    } catch (error) {
      if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
      const Kind = error instanceof TypeError ? TypeError : RangeError;
      throw new Kind(
        error.message.replace(
          /^Cannot compute power as model/,
          `Cannot ${ACTION} as scenario.powerModels[${show(host.powerModel)}]`,
        ),
      );
    }
    let table = compiled.get(model);
    if (table === undefined) compiled.set(model, table = compile(model));
    tables.push(table); // shared by the hosts of one model (HostOrder groups them so)
  }
  const mips = new Float64Array(V), ram = new Float64Array(V), bw = new Float64Array(V);
  const util = new Float64Array(V * K);
  for (let v = 0; v < V; v++) {
    const vm = vms[v]!;
    knownKeys(
      ACTION,
      `scenario.vms[${v}]`,
      object(ACTION, `scenario.vms[${v}]`, vm),
      VM_DEMAND_FIELDS,
    );
    mips[v] = positive(ACTION, `scenario.vms[${v}].cpuMips`, vm.cpuMips);
    ram[v] = nonNegative(ACTION, `scenario.vms[${v}].ramBytes`, vm.ramBytes);
    bw[v] = nonNegative(
      ACTION,
      `scenario.vms[${v}].bandwidthBytesPerSecond`,
      vm.bandwidthBytesPerSecond,
    );
    const row = traces.percent[v]!;
    for (let k = 0; k < K; k++) util[v * K + k] = row[k]! / 100;
  }

  return { H, V, K, cap, pe, ramCap, bwCap, tables, mips, ram, bw, util };
}
