import { integer, nonNegative, object, oneOf, positive, show, within } from "../_validate.ts";
import { migrate } from "../migration/migrate.ts";
import type { Fidelity, TechniqueName } from "../migration/result.ts";
import type { Host, VmDemand } from "../placement/model.ts";
import { createPrng, type Seed } from "../random/prng.ts";
import { iqrUpperThreshold } from "./iqr_threshold.ts";
import { localRegressionPrediction } from "./local_regression.ts";
import { madUpperThreshold } from "./mad_threshold.ts";
import type { PowerModel } from "./power_model.ts";
import { robustLocalRegressionPrediction } from "./robust_local_regression.ts";
import type { UtilizationTraces } from "./traces.ts";
import { selectVmToMigrate, type VmCandidate, type VmSelectionPolicy } from "./vm_selection.ts";

/** A data centre over time: hosts, VMs, their power models and one CPU trace per VM. */
export interface DatacenterScenario {
  /** Hosts; `powerModel` names a key of `powerModels`. */
  hosts: Host[];
  /** VMs; `cpuMips` is the VM's full MIPS, and `traces.percent[i]` drives `vms[i]`. */
  vms: VmDemand[];
  /** Power models by name. */
  powerModels: Record<string, PowerModel>;
  /** CPU utilisation traces in percent, one per VM. */
  traces: UtilizationTraces;
}

/**
 * Allocation policies: `"npa"` (no power awareness: every host at peak power all the time),
 * `"dvfs"` (power follows utilisation, no migrations), and dynamic consolidation with overload
 * detection by a static threshold (`"thr"`), MAD (`"mad"`), IQR (`"iqr"`), local regression
 * (`"lr"`) or robust local regression (`"lrr"`).
 */
export type ConsolidationAllocation = "npa" | "dvfs" | "thr" | "mad" | "iqr" | "lr" | "lrr";

/** Every allocation policy, in the order of Beloglazov and Buyya (2012). */
export const CONSOLIDATION_ALLOCATIONS: readonly ConsolidationAllocation[] = Object.freeze([
  "npa",
  "dvfs",
  "thr",
  "iqr",
  "mad",
  "lr",
  "lrr",
]);

/** The paper's parameter for each allocation policy (threshold or safety parameter). */
export const DEFAULT_ALLOCATION_PARAMETERS: Readonly<Record<ConsolidationAllocation, number>> =
  Object.freeze({ npa: 0, dvfs: 0, thr: 0.8, mad: 2.5, iqr: 1.5, lr: 1.2, lrr: 1.2 });

/** Options of {@link simulateDatacenter}. */
export interface SimulateDatacenterOptions {
  /** Seed: random VM selection and engine migrations draw from streams of it. */
  seed: Seed;
  /**
   * Allocation (overload detection) policy.
   * @default {"mad"}
   */
  allocation?: ConsolidationAllocation;
  /**
   * VM selection policy.
   * @default {"mmt"}
   */
  selection?: VmSelectionPolicy;
  /**
   * THR threshold or MAD/IQR/LR/LRR safety parameter.
   * @default {DEFAULT_ALLOCATION_PARAMETERS[allocation]}
   */
  parameter?: number;
  /**
   * Static threshold used while the history is too short for MAD/IQR/LR/LRR (CloudSim: 0.7).
   * @default {0.7}
   */
  fallbackThreshold?: number;
  /**
   * History values MAD and IQR need (CloudSim: 12).
   * @default {12}
   */
  minHistory?: number;
  /**
   * Utilisation values kept per VM (CloudSim's `PowerVm.HISTORY_LENGTH`).
   * @default {30}
   */
  historyLength?: number;
  /**
   * Window of LR and LRR (CloudSim: 10).
   * @default {10}
   */
  regressionWindow?: number;
  /**
   * `"tricube"` (the paper's Loess weights) or `"cloudsim"` (plain least squares, what
   * CloudSim 3.0.3 computes in effect).
   * @default {"tricube"}
   */
  regressionWeighting?: "tricube" | "cloudsim";
  /**
   * Length of a scheduling interval in seconds.
   * @default {300}
   */
  intervalSeconds?: number;
  /**
   * Number of intervals simulated (at most the shortest trace).
   * @default {the shortest trace's length}
   */
  intervals?: number;
  /**
   * `"engine"`: each migration's duration, downtime and traffic come from `migrate()`.
   * `"cloudsim"`: CloudSim's fixed delay RAM / (bandwidth / 2), no downtime.
   * @default {"engine"}
   */
  migrationModel?: "engine" | "cloudsim";
  /**
   * Technique given to the engine.
   * @default {"pre-copy"}
   */
  migrationTechnique?: TechniqueName;
  /**
   * Fidelity given to the engine (`"page"` is far slower).
   * @default {"closed-form"}
   */
  migrationFidelity?: Fidelity;
  /**
   * Share of the slower host's bandwidth a migration gets (CloudSim assumes half).
   * @default {0.5}
   */
  migrationBandwidthShare?: number;
  /**
   * Page writes per second of a VM at 100 % CPU; a VM at utilisation u writes u times that
   * (uniformly over its pages). An assumption of this model: the traces carry CPU only.
   * @default {5000}
   */
  writesPerSecondAtFullLoad?: number;
  /**
   * Fraction of a migrating VM's requested MIPS lost while it migrates (CloudSim: 10 %); with
   * the engine, the downtime counts as a 100 % loss.
   * @default {0.1}
   */
  migrationDegradation?: number;
  /**
   * CPU demand used for the initial placement: `"full"` the VM's whole MIPS (CloudSim: a VM
   * being created requests all of its MIPS), `"trace"` the first trace value.
   * @default {"full"}
   */
  initialDemand?: "full" | "trace";
  /**
   * Count the energy of a migrating VM running on its source host until the migration ends.
   * @default {true}
   */
  countMigrationEnergy?: boolean;
}

/** One row per scheduling interval. */
export interface DatacenterIntervalRow {
  /** Interval index (0-based). */
  interval: number;
  /** Start of the interval in seconds. */
  startSeconds: number;
  /** Hosts with a CPU demand > 0 during the interval. */
  activeHosts: number;
  /** Hosts found overloaded at the interval's start. */
  overloadedHosts: number;
  /**
   * Active hosts that cannot give a VM all it asks: demand above capacity, or a VM asking more
   * than one core's MIPS (VMs have one core, as in CloudSim). This is SLATAH time.
   */
  slaViolationHosts: number;
  /** Migrations started at the interval's start. */
  migrations: number;
  /** Energy of the interval in kWh (migration energy included when counted). */
  energyKwh: number;
  /** Mean CPU utilisation of the active hosts (capped at 1). */
  meanUtilization: number;
}

/** Result of {@link simulateDatacenter}: plain data. */
export interface DatacenterResult {
  /** The seed, as given. */
  seed: Seed;
  /** Allocation policy. */
  allocation: ConsolidationAllocation;
  /** Selection policy (`""` for NPA and DVFS). */
  selection: VmSelectionPolicy | "";
  /** The policy parameter used. */
  parameter: number;
  /** Migration cost model. */
  migrationModel: "engine" | "cloudsim";
  /** Engine technique (recorded even under the CloudSim model). */
  migrationTechnique: TechniqueName;
  /** Engine fidelity. */
  migrationFidelity: Fidelity;
  /** Number of hosts. */
  hosts: number;
  /** Number of VMs. */
  vms: number;
  /** Intervals simulated. */
  intervals: number;
  /** Interval length in seconds. */
  intervalSeconds: number;
  /** Total energy in kWh. */
  energyKwh: number;
  /** Part of the energy due to migrations, in kWh. */
  migrationEnergyKwh: number;
  /** Number of VM migrations. */
  migrations: number;
  /** SLA violation time per active host: violation time over active time. */
  slatah: number;
  /** Performance degradation due to migration: lost MIPS-seconds over requested (CloudSim). */
  pdm: number;
  /** The paper's PDM: the mean over VMs of each VM's lost over requested MIPS-seconds. */
  pdmPerVmMean: number;
  /** SLAV = SLATAH x PDM. */
  slav: number;
  /** ESV = energy (kWh) x SLAV. */
  esv: number;
  /** Mean number of active hosts per interval. */
  meanActiveHosts: number;
  /** Active hosts per interval. */
  activeHosts: number[];
  /** Sum of the migrations' durations under the model used, in seconds. */
  migrationSeconds: number;
  /** What CloudSim's fixed delay (RAM / (bandwidth / 2)) would charge for the same migrations. */
  cloudsimMigrationSeconds: number;
  /** Bytes sent by the migrations (engine), or RAM bytes (CloudSim model). */
  migrationBytes: number;
  /** Sum of the migrations' downtimes (engine; 0 under the CloudSim model). */
  migrationDowntimeSeconds: number;
  /** VMs that could not be placed initially (not simulated). */
  unplacedVms: number[];
  /** One row per interval. */
  rows: DatacenterIntervalRow[];
}

const ACTION = "simulate datacenter";
const MIGRATING = ["thr", "mad", "iqr", "lr", "lrr"] as const;

/**
 * CloudSim's migration delay: RAM over half the bandwidth, with CloudSim's units (RAM in MiB
 * divided by bandwidth in kbit/s over 16,000, that is, a MiB of RAM counted as 10^6 bytes).
 */
function cloudsimDelaySeconds(ramBytes: number, bandwidthBytesPerSecond: number): number {
  return (ramBytes / 1048576) * 1e6 / (bandwidthBytesPerSecond / 2);
}

/** A power model compiled to a table of watts at equal utilisation steps. */
function compile(model: PowerModel): Float64Array {
  return model.kind === "linear"
    ? Float64Array.of(model.idleWatts, model.peakWatts)
    : Float64Array.from(model.watts);
}

/** Piecewise-linear power at utilisation u (clamped to [0, 1]). */
function power(table: Float64Array, u: number): number {
  const steps = table.length - 1;
  const x = (u <= 0 ? 0 : u >= 1 ? 1 : u) * steps;
  const i = Math.floor(x);
  if (i >= steps) return table[steps]!;
  return table[i]! + (table[i + 1]! - table[i]!) * (x - i);
}

/**
 * Simulates a data centre over time under the dynamic VM consolidation of Beloglazov and Buyya
 * (2012), step by step as CloudSim 3.0.3's power package does it:
 *
 * 1. Interval 0: VMs are placed in index order, each on the host whose power rises least and
 *    that is not overloaded afterwards (empty hosts are not checked), asking for their full MIPS
 *    (option `initialDemand`). NPA and DVFS place first-fit. VMs that fit nowhere are listed in
 *    `unplacedVms` and left out.
 * 2. At the start of every later interval each VM's demand becomes its trace value, which is
 *    appended to its history (the newest `historyLength` are kept). Hosts the detector finds
 *    overloaded give up VMs (chosen by the selection policy) until they are not; those VMs, by
 *    CPU demand decreasing, go to the host with the least power increase that stays not
 *    overloaded (overloaded hosts excluded); a VM that fits nowhere stays.
 * 3. Underload: hosts other than overloaded, switched-off (demand 0) and just-chosen targets
 *    are tried from the least utilised up; a host whose VMs can all be placed on other hosts
 *    (never on switched-off hosts, nor on hosts tried before) is emptied and switched off.
 *    Deviation from CloudSim: hosts that received VMs from overloaded hosts in the same interval
 *    are not tried (CloudSim means to exclude them but its list is empty at that point).
 * 4. Accounting for the interval with the new placement: a host is active when its demand is
 *    > 0 and draws P(min(1, demand / capacity)) for the whole interval (NPA: every host at
 *    peak); an active host whose demand exceeds its capacity, or one of whose VMs asks more
 *    than a core's MIPS, counts the interval as SLA violation time (SLATAH). Each migration costs its VM `migrationDegradation` of its demand
 *    for the migration's duration (plus all of it during the engine's downtime; PDM), and its
 *    source host keeps running the VM until the migration ends (migration energy).
 *
 * Migrations end within the interval they start in, so no VM is ever "in migration" at a
 * decision. Detectors fall back to the static `fallbackThreshold` while the history is short.
 * Engine results are cached by (RAM, utilisation percent, bandwidth): equal migrations share one
 * result. Deterministic for a seed.
 *
 * @param scenario Hosts, VMs, power models and traces.
 * @param options Policies, migration model and CloudSim modelling choices.
 * @returns Energy, SLA metrics, migrations and per-interval rows.
 *
 * @example Two hosts, three VMs, MAD + MMT with CloudSim's migration delay
 * ```ts
 * import { simulateDatacenter } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = (name: string) => ({ name, cpuMips: 2000, cores: 2, ramBytes: 4 * 2 ** 30,
 *   bandwidthBytesPerSecond: 125e6, rack: 0, powerModel: "linear" });
 * const vm = (name: string) => ({ name, cpuMips: 1000, ramBytes: 2 ** 29,
 *   bandwidthBytesPerSecond: 12.5e6 });
 * const result = simulateDatacenter({
 *   hosts: [host("h0"), host("h1")],
 *   vms: [vm("a"), vm("b"), vm("c")],
 *   powerModels: { linear: { kind: "linear", idleWatts: 100, peakWatts: 200 } },
 *   traces: { names: ["a", "b", "c"], percent: [[20, 20, 20], [30, 30, 30], [10, 10, 10]] },
 * }, { seed: 1, migrationModel: "cloudsim" });
 * assert.equal(result.intervals, 3);
 * assert.equal(result.activeHosts.length, 3);
 * assert.ok(result.energyKwh > 0);
 * ```
 */
export function simulateDatacenter(
  scenario: DatacenterScenario,
  options: SimulateDatacenterOptions,
): DatacenterResult {
  object(ACTION, "options", options);
  const {
    seed,
    allocation = "mad",
    selection = "mmt",
    fallbackThreshold = 0.7,
    minHistory = 12,
    historyLength = 30,
    regressionWindow = 10,
    regressionWeighting = "tricube",
    intervalSeconds = 300,
    migrationModel = "engine",
    migrationTechnique = "pre-copy",
    migrationFidelity = "closed-form",
    migrationBandwidthShare = 0.5,
    writesPerSecondAtFullLoad = 5000,
    migrationDegradation = 0.1,
    initialDemand = "full",
    countMigrationEnergy = true,
  } = options;
  if (typeof seed === "number" ? !Number.isFinite(seed) : typeof seed !== "string") {
    throw new TypeError(
      `Cannot ${ACTION} as options.seed must be a string or a finite number: current value is ${
        show(seed)
      }`,
    );
  }
  oneOf(ACTION, "options.allocation", allocation, CONSOLIDATION_ALLOCATIONS);
  oneOf(ACTION, "options.selection", selection, ["mmt", "rs", "mc", "mu"] as const);
  oneOf(ACTION, "options.migrationModel", migrationModel, ["engine", "cloudsim"] as const);
  oneOf(ACTION, "options.initialDemand", initialDemand, ["full", "trace"] as const);
  const parameter = options.parameter ?? DEFAULT_ALLOCATION_PARAMETERS[allocation];
  nonNegative(ACTION, "options.parameter", parameter);
  within(ACTION, "options.fallbackThreshold", fallbackThreshold, 0, 1);
  integer(ACTION, "options.historyLength", historyLength, 1);
  positive(ACTION, "options.intervalSeconds", intervalSeconds);
  within(ACTION, "options.migrationBandwidthShare", migrationBandwidthShare, 0, 1);
  positive(ACTION, "options.migrationBandwidthShare", migrationBandwidthShare);
  nonNegative(ACTION, "options.writesPerSecondAtFullLoad", writesPerSecondAtFullLoad);
  within(ACTION, "options.migrationDegradation", migrationDegradation, 0, 1);

  object(ACTION, "scenario", scenario);
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
  let shortest = Infinity;
  for (const row of traces.percent) shortest = Math.min(shortest, row.length);
  if (vms.length === 0) shortest = options.intervals ?? 1;
  const K = options.intervals ?? shortest;
  integer(ACTION, "options.intervals", K, 1, shortest);

  const H = hosts.length, V = vms.length;
  const migrating = (MIGRATING as readonly string[]).includes(allocation);
  const cap = new Float64Array(H), pe = new Float64Array(H), ramCap = new Float64Array(H);
  const bwCap = new Float64Array(H);
  const tables: Float64Array[] = [];
  for (let h = 0; h < H; h++) {
    const host = hosts[h]!;
    cap[h] = positive(ACTION, `scenario.hosts[${h}].cpuMips`, host.cpuMips);
    pe[h] = host.cpuMips / integer(ACTION, `scenario.hosts[${h}].cores`, host.cores, 1);
    ramCap[h] = nonNegative(ACTION, `scenario.hosts[${h}].ramBytes`, host.ramBytes);
    bwCap[h] = nonNegative(
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
    tables.push(compile(model));
  }
  const mips = new Float64Array(V), ram = new Float64Array(V), bw = new Float64Array(V);
  const util = new Float64Array(V * K);
  for (let v = 0; v < V; v++) {
    const vm = vms[v]!;
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

  // ---- state ----
  const req = new Float64Array(V);
  const vmHost = new Int32Array(V).fill(-1);
  const used = new Float64Array(H), usedRam = new Float64Array(H), usedBw = new Float64Array(H);
  const hostVms: number[][] = Array.from({ length: H }, () => []);
  const L = historyLength;
  const hist = new Float64Array(V * L);
  let histCount = 0;
  let histHead = -1; // slot of the newest value
  const scratch = new Float64Array(L);
  const candHost = new Int32Array(H), candDiff = new Float64Array(H);
  const prng = createPrng(seed, "selection");

  function attach(v: number, h: number): void {
    hostVms[h]!.push(v);
    used[h]! += req[v]!;
    usedRam[h]! += ram[v]!;
    usedBw[h]! += bw[v]!;
  }
  function detach(v: number, h: number): void {
    const list = hostVms[h]!;
    list.splice(list.indexOf(v), 1);
    used[h]! -= req[v]!;
    usedRam[h]! -= ram[v]!;
    usedBw[h]! -= bw[v]!;
    if (list.length === 0) used[h] = usedRam[h] = usedBw[h] = 0;
  }
  /** Host utilisation history (oldest first) of its VMs plus `extra`. */
  function hostHistory(h: number, extra: number): Float64Array {
    const n = histCount;
    const out = scratch.subarray(0, n);
    out.fill(0);
    const list = hostVms[h]!;
    for (let i = 0; i <= list.length; i++) {
      const v = i < list.length ? list[i]! : extra;
      if (v < 0) continue;
      const f = mips[v]! / cap[h]!;
      for (let j = 0; j < n; j++) {
        const slot = (histHead - (n - 1 - j) + L) % L;
        out[j]! += hist[v * L + slot]! * f;
      }
    }
    return out;
  }
  /** Whether host h (plus VM `extra`, -1 for none) is overloaded by the allocation policy. */
  function overloaded(h: number, extra: number): boolean {
    const u = (used[h]! + (extra >= 0 ? req[extra]! : 0)) / cap[h]!;
    if (allocation === "thr") return u > parameter;
    const history = hostHistory(h, extra);
    if (allocation === "mad" || allocation === "iqr") {
      const f = allocation === "mad" ? madUpperThreshold : iqrUpperThreshold;
      const t = f(history, { safetyParameter: parameter, minHistory });
      return u > (t ?? fallbackThreshold);
    }
    let maxRam = 0;
    for (const v of hostVms[h]!) maxRam = Math.max(maxRam, ram[v]!);
    if (extra >= 0) maxRam = Math.max(maxRam, ram[extra]!);
    const horizon = Math.ceil(cloudsimDelaySeconds(maxRam, bwCap[h]!) / intervalSeconds);
    const f = allocation === "lr" ? localRegressionPrediction : robustLocalRegressionPrediction;
    const p = f(history, {
      safetyParameter: parameter,
      windowLength: regressionWindow,
      horizonIntervals: horizon,
      weighting: regressionWeighting,
    });
    return p === undefined ? u > fallbackThreshold : p >= 1;
  }
  function fits(v: number, h: number): boolean {
    return req[v]! <= pe[h]! && used[h]! + req[v]! <= cap[h]! + 1e-9 &&
      usedRam[h]! + ram[v]! <= ramCap[h]! && usedBw[h]! + bw[v]! <= bwCap[h]!;
  }
  /** Power-aware best fit: the host with the least power increase that is not overloaded. */
  function findHost(v: number, excluded: Uint8Array | undefined): number {
    let n = 0;
    for (let h = 0; h < H; h++) {
      if (excluded !== undefined && excluded[h] === 1) continue;
      if (!fits(v, h)) continue;
      const t = tables[h]!;
      candHost[n] = h;
      candDiff[n++] = power(t, (used[h]! + req[v]!) / cap[h]!) - power(t, used[h]! / cap[h]!);
    }
    for (;;) {
      let best = -1;
      for (let i = 0; i < n; i++) {
        if (candDiff[i]! !== Infinity && (best < 0 || candDiff[i]! < candDiff[best]!)) best = i;
      }
      if (best < 0) return -1;
      const h = candHost[best]!;
      if (used[h] === 0 || !overloaded(h, v)) return h;
      candDiff[best] = Infinity;
    }
  }
  function firstFit(v: number): number {
    for (let h = 0; h < H; h++) if (fits(v, h)) return h;
    return -1;
  }
  function pushHistory(k: number): void {
    histHead = (histHead + 1) % L;
    histCount = Math.min(histCount + 1, L);
    for (let v = 0; v < V; v++) hist[v * L + histHead] = util[v * K + k]!;
  }

  // ---- migration costs ----
  const cache = new Map<string, { seconds: number; downtime: number; bytes: number }>();
  function migrationCost(v: number, src: number, dst: number) {
    const link = Math.min(bwCap[src]!, bwCap[dst]!);
    const cloud = cloudsimDelaySeconds(ram[v]!, link);
    if (migrationModel === "cloudsim") {
      return { seconds: cloud, downtime: 0, bytes: ram[v]!, cloud };
    }
    const u = Math.round(req[v]! / mips[v]! * 100);
    const key = `${ram[v]}|${u}|${link}`;
    let cost = cache.get(key);
    if (cost === undefined) {
      const pageCount = Math.max(1, Math.ceil(ram[v]! / 4096));
      const writes = writesPerSecondAtFullLoad * u / 100;
      const r = migrate(
        {
          pageCount,
          pageSizeBytes: 4096,
          stateBytes: 262144,
          workload: writes > 0 ? { kind: "uniform", writesPerSecond: writes } : { kind: "idle" },
        },
        { bandwidthBytesPerSecond: link * migrationBandwidthShare },
        {
          technique: migrationTechnique,
          seed: `${seed}/migration/${key}`,
          fidelity: migrationFidelity,
        } as Parameters<typeof migrate>[2],
      );
      cost = { seconds: r.totalSeconds, downtime: r.downtimeSeconds, bytes: r.bytesSent };
      cache.set(key, cost);
    }
    return { ...cost, cloud };
  }

  // ---- results ----
  let energyWs = 0, migrationEnergyWs = 0, activeTime = 0, violationTime = 0;
  let requestedTotal = 0, degradedTotal = 0, migrationCount = 0;
  let migrationSeconds = 0, cloudsimSeconds = 0, migrationBytes = 0, downtimeTotal = 0;
  const vmRequested = new Float64Array(V), vmDegraded = new Float64Array(V);
  const activeHosts: number[] = [];
  const rows: DatacenterIntervalRow[] = [];
  const unplaced: number[] = [];
  const exclPlace = new Uint8Array(H), exclUnder = new Uint8Array(H), peCapped = new Uint8Array(H);
  const moves: number[] = []; // triples vm, src, dst of the current interval

  for (let k = 0; k < K; k++) {
    pushHistory(k);
    let overloadedCount = 0;
    moves.length = 0;
    if (k === 0) {
      for (let v = 0; v < V; v++) {
        req[v] = initialDemand === "full" ? mips[v]! : util[v * K]! * mips[v]!;
        const h = migrating ? findHost(v, undefined) : firstFit(v);
        if (h < 0) unplaced.push(v);
        else {
          attach(v, h);
          vmHost[v] = h;
        }
      }
    }
    // demands of this interval
    used.fill(0);
    for (let v = 0; v < V; v++) {
      req[v] = util[v * K + k]! * mips[v]!;
      if (vmHost[v]! >= 0) used[vmHost[v]!]! += req[v]!;
    }
    if (migrating && k > 0) {
      exclPlace.fill(0);
      exclUnder.fill(0);
      const stale = Float64Array.from(used, (x, h) => x / cap[h]!);
      const over: number[] = [];
      for (let h = 0; h < H; h++) {
        if (hostVms[h]!.length > 0 && overloaded(h, -1)) {
          over.push(h);
          exclPlace[h] = exclUnder[h] = 1;
        }
      }
      overloadedCount = over.length;
      const selected: number[] = [];
      for (const h of over) {
        while (hostVms[h]!.length > 0) {
          const list = hostVms[h]!;
          const candidates: VmCandidate[] = list.map((v) => ({
            ramBytes: ram[v]!,
            utilization: req[v]! / mips[v]!,
            history: selection === "mc" ? vmHistory(v) : undefined,
          } as VmCandidate));
          const v = list[selectVmToMigrate(candidates, selection, { prng })]!;
          detach(v, h);
          selected.push(v);
          if (!overloaded(h, -1)) break;
        }
      }
      const order = selected.map((v, i) => [v, i] as const)
        .sort((a, b) => req[b[0]]! - req[a[0]]! || a[1] - b[1]);
      for (const [v] of order) {
        const src = vmHost[v]!;
        const dst = findHost(v, exclPlace);
        if (dst < 0) attach(v, src);
        else {
          attach(v, dst);
          vmHost[v] = dst;
          exclUnder[dst] = 1;
          moves.push(v, src, dst);
        }
      }
      for (let h = 0; h < H; h++) if (stale[h] === 0) exclPlace[h] = exclUnder[h] = 1;
      for (;;) {
        let h = -1;
        let min = 1;
        for (let i = 0; i < H; i++) {
          if (exclUnder[i] === 1) continue;
          const u = stale[i]!;
          if (u > 0 && u < min) {
            min = u;
            h = i;
          }
        }
        if (h < 0) break;
        exclUnder[h] = exclPlace[h] = 1;
        const list = hostVms[h]!.map((v, i) => [v, i] as const)
          .sort((a, b) => req[b[0]]! - req[a[0]]! || a[1] - b[1]);
        if (list.length === 0) continue;
        const placed: number[] = [];
        let ok = true;
        for (const [v] of list) {
          const dst = findHost(v, exclPlace);
          if (dst < 0) {
            ok = false;
            break;
          }
          attach(v, dst);
          placed.push(v, dst);
        }
        if (!ok) {
          for (let i = 0; i < placed.length; i += 2) detach(placed[i]!, placed[i + 1]!);
          continue;
        }
        for (let i = 0; i < placed.length; i += 2) {
          const v = placed[i]!, dst = placed[i + 1]!;
          detach(v, h);
          vmHost[v] = dst;
          exclUnder[dst] = 1;
          moves.push(v, h, dst);
        }
      }
    }

    // ---- accounting ----
    let intervalWs = 0, active = 0, violating = 0, utilSum = 0;
    peCapped.fill(0);
    for (let v = 0; v < V; v++) {
      const h = vmHost[v]!;
      if (h >= 0 && req[v]! > pe[h]!) peCapped[h] = 1;
    }
    for (let h = 0; h < H; h++) {
      const u = used[h]! / cap[h]!;
      if (allocation === "npa") intervalWs += tables[h]![tables[h]!.length - 1]! * intervalSeconds;
      if (used[h]! > 0) {
        active++;
        utilSum += Math.min(1, u);
        if (allocation !== "npa") intervalWs += power(tables[h]!, u) * intervalSeconds;
        activeTime += intervalSeconds;
        if (used[h]! > cap[h]! * (1 + 1e-12) || peCapped[h] === 1) {
          violating++;
          violationTime += intervalSeconds;
        }
      }
    }
    for (let v = 0; v < V; v++) {
      if (vmHost[v]! < 0) continue;
      const r = req[v]! * intervalSeconds;
      vmRequested[v]! += r;
      requestedTotal += r;
    }
    for (let i = 0; i < moves.length; i += 3) {
      const v = moves[i]!, src = moves[i + 1]!, dst = moves[i + 2]!;
      const cost = migrationCost(v, src, dst);
      migrationCount++;
      migrationSeconds += cost.seconds;
      cloudsimSeconds += cost.cloud;
      migrationBytes += cost.bytes;
      downtimeTotal += cost.downtime;
      const lost = req[v]! *
        (migrationDegradation * (cost.seconds - cost.downtime) + cost.downtime);
      vmDegraded[v]! += lost;
      degradedTotal += lost;
      if (countMigrationEnergy && allocation !== "npa") {
        const t = tables[src]!;
        const before = used[src]! > 0 ? power(t, used[src]! / cap[src]!) : 0;
        const extra = (power(t, (used[src]! + req[v]!) / cap[src]!) - before) *
          Math.min(cost.seconds, intervalSeconds);
        migrationEnergyWs += extra;
        intervalWs += extra;
      }
    }
    energyWs += intervalWs;
    activeHosts.push(active);
    rows.push({
      interval: k,
      startSeconds: k * intervalSeconds,
      activeHosts: active,
      overloadedHosts: overloadedCount,
      slaViolationHosts: violating,
      migrations: moves.length / 3,
      energyKwh: intervalWs / 3.6e6,
      meanUtilization: active > 0 ? utilSum / active : 0,
    });
  }

  function vmHistory(v: number): number[] {
    const out = new Array<number>(histCount);
    for (let j = 0; j < histCount; j++) {
      out[j] = hist[v * L + (histHead - (histCount - 1 - j) + L) % L]!;
    }
    return out;
  }

  let pdmSum = 0, pdmCount = 0;
  for (let v = 0; v < V; v++) {
    if (vmHost[v]! < 0) continue;
    pdmCount++;
    if (vmRequested[v]! > 0) pdmSum += vmDegraded[v]! / vmRequested[v]!;
  }
  const energyKwh = energyWs / 3.6e6;
  const slatah = activeTime > 0 ? violationTime / activeTime : 0;
  const pdm = requestedTotal > 0 ? degradedTotal / requestedTotal : 0;
  const slav = slatah * pdm;
  return {
    seed,
    allocation,
    selection: migrating ? selection : "",
    parameter,
    migrationModel,
    migrationTechnique,
    migrationFidelity,
    hosts: H,
    vms: V,
    intervals: K,
    intervalSeconds,
    energyKwh,
    migrationEnergyKwh: migrationEnergyWs / 3.6e6,
    migrations: migrationCount,
    slatah,
    pdm,
    pdmPerVmMean: pdmCount > 0 ? pdmSum / pdmCount : 0,
    slav,
    esv: energyKwh * slav,
    meanActiveHosts: activeHosts.reduce((a, b) => a + b, 0) / K,
    activeHosts,
    migrationSeconds,
    cloudsimMigrationSeconds: cloudsimSeconds,
    migrationBytes,
    migrationDowntimeSeconds: downtimeTotal,
    unplacedVms: unplaced,
    rows,
  };
}
