import { DIMENSIONS } from "./model.ts";
import type { Dimension, Host, PlacementResult, VmDemand } from "./model.ts";
import { firstFit } from "./first_fit.ts";
import { bestFit } from "./best_fit.ts";
import { worstFit } from "./worst_fit.ts";
import { firstFitDecreasing } from "./first_fit_decreasing.ts";
import { bestFitDecreasing } from "./best_fit_decreasing.ts";
import { setCoverGreedy } from "./set_cover.ts";
import { placeCuttingStock } from "./cutting_stock.ts";
import { placeObfdf } from "./obfdf.ts";
import { placePabfd } from "./pabfd.ts";
import { placeGenetic } from "./genetic.ts";
import { placeScavp } from "./scavp.ts";
import { placeIlp } from "./ilp.ts";
import { hostPowerModels } from "./_power_models.ts";
import { lowerBounds } from "./lower_bounds.ts";
import { validatePlacement } from "./validate_placement.ts";
import { powerAt, type PowerModel } from "../datacenter/power_model.ts";
import type { Seed } from "../random/prng.ts";
import {
  nonNegative,
  object,
  oneOf,
  optionNames,
  positive,
  requiredOptions,
  show,
} from "../_validate.ts";

/** The placement algorithms {@link comparePlacements} can run, by row name. */
export type ComparedAlgorithm =
  | "first-fit"
  | "best-fit"
  | "worst-fit"
  | "first-fit-decreasing"
  | "best-fit-decreasing"
  | "set-cover-greedy"
  | "pattern-ilp"
  | "obfdf"
  | "obfdf-rack"
  | "pabfd"
  | "genetic"
  | "scavp"
  | "ilp";

/** Every {@link ComparedAlgorithm}, in the order rows are produced. */
export const COMPARED_ALGORITHMS: readonly ComparedAlgorithm[] = Object.freeze([
  "first-fit",
  "best-fit",
  "worst-fit",
  "first-fit-decreasing",
  "best-fit-decreasing",
  "set-cover-greedy",
  "pattern-ilp",
  "obfdf",
  "obfdf-rack",
  "pabfd",
  "genetic",
  "scavp",
  "ilp",
]);

/** Options of {@link comparePlacements}. */
export interface ComparePlacementsOptions {
  /** Power models keyed by `Host.powerModel` (OBFDF and PABFD need them; every row's power uses them). */
  powerModels: Readonly<Record<string, PowerModel>>;
  /** Seed of the genetic algorithm (recorded in every row). */
  seed: Seed;
  /**
   * The algorithms to run, in this order.
   * @default {COMPARED_ALGORITHMS}
   */
  algorithms?: readonly ComparedAlgorithm[];
  /**
   * The dimensions whose capacity must hold (for every algorithm and the bounds).
   * @default {DIMENSIONS}
   */
  dimensions?: readonly Dimension[];
  /**
   * Wall-clock limit of each HiGHS solve (ILP and pattern ILP), in seconds.
   * @default {10}
   */
  timeLimitSeconds?: number;
  /**
   * Cap on the ILP's branch-and-bound nodes; set it so that a run stopped early is
   * reproducible (a time limit depends on the machine).
   * @default {Infinity}
   */
  maxNodes?: number;
  /**
   * PABFD's overload threshold.
   * @default {1}
   */
  overloadThreshold?: number;
  /**
   * Generations of the genetic algorithm.
   * @default {100}
   */
  generations?: number;
  /**
   * How long the placement runs at constant demand, for `energyKwh`.
   * @default {86400} (one day)
   */
  durationSeconds?: number;
}

/** One row of {@link comparePlacements}: an algorithm's placement, or a lower bound. */
export interface PlacementComparisonRow {
  /** Algorithm (`PlacementResult.algorithm`), or `"continuous-bound"` / `"martello-toth-l2"`. */
  algorithm: string;
  /** `"heuristic"`, `"exact"` (the ILP), or `"lower-bound"`. */
  kind: "heuristic" | "exact" | "lower-bound";
  /** Hosts holding at least one VM; for a bound, the bound. */
  hostsUsed: number;
  /** VMs left unplaced (0 for a bound). */
  unplacedVms: number;
  /** Draw of the hosts holding VMs at their CPU loads, in watts (`null` for a bound). */
  powerWatts: number | null;
  /** `powerWatts` over `durationSeconds`, in kWh (`null` for a bound). */
  energyKwh: number | null;
  /** Violations `validatePlacement` finds (0 for a bound). */
  violations: number;
  /** The solver status for the ILP and pattern ILP (`"optimal"`, `"time-limit"`...), else `""`. */
  status: string;
  /** The solver's proven lower bound on hosts for the ILP and pattern ILP, else `null`. */
  bound: number | null;
  /** Wall-clock time the algorithm took, in seconds (not deterministic). */
  seconds: number;
  /** The seed given. */
  seed: Seed;
}

const ACTION = "compare placements";
const OPTION_NAMES = optionNames<ComparePlacementsOptions>({
  powerModels: 0,
  seed: 0,
  algorithms: 0,
  dimensions: 0,
  timeLimitSeconds: 0,
  maxNodes: 0,
  overloadThreshold: 0,
  generations: 0,
  durationSeconds: 0,
});

/**
 * Runs every placement algorithm on the same instance and returns one tidy row each,
 * plus the lower bounds: hosts used, unplaced VMs, power and energy, and a check by
 * {@link validatePlacement}.
 *
 * Each algorithm runs with its defaults and the shared `dimensions`: the five fit
 * heuristics (decreasing ones sorted by the summed normalised size), greedy set cover, the
 * cutting-stock pattern integer program (`"pattern-ilp"`, {@link placeCuttingStock}), OBFDF flat and rack by rack, PABFD at `overloadThreshold`, the
 * genetic algorithm (fitness: hosts) with `seed`, SCAVP without constraints or traffic,
 * and the exact ILP (minimum hosts) within `timeLimitSeconds`. Power is that of the hosts
 * holding VMs at their final CPU loads (a host with no VM is off: 0 W), the same formula
 * for every row, so the rows compare. The bounds are the largest over `dimensions` of the
 * continuous bound and of Martello and Toth's L2 (`lowerBounds`). Rows come in the order
 * of `algorithms`, then the two bounds.
 *
 * @param hosts The hosts; each names its power model.
 * @param vms The VMs to place.
 * @param options Power models, seed, algorithms and limits.
 * @returns One row per algorithm, then `"continuous-bound"` and `"martello-toth-l2"`.
 * @throws {TypeError} If an algorithm name is unknown or a host names no known power model.
 *
 * @example FFD and PABFD on four half-host VMs
 * ```ts
 * import { comparePlacements } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = { cpuMips: 1000, cores: 2, ramBytes: 8e9, bandwidthBytesPerSecond: 1e9, rack: 0, powerModel: "p" };
 * const hosts = [0, 1, 2, 3].map((j) => ({ ...host, name: `h${j}` }));
 * const vms = [0, 1, 2, 3].map((i) => ({ name: `v${i}`, cpuMips: 500, ramBytes: 1e9, bandwidthBytesPerSecond: 1e6 }));
 * const rows = await comparePlacements(hosts, vms, {
 *   powerModels: { p: { kind: "linear", idleWatts: 100, peakWatts: 200 } },
 *   seed: 1,
 *   algorithms: ["first-fit-decreasing", "pabfd"],
 * });
 * assert.deepEqual(rows.map((r) => [r.algorithm, r.hostsUsed]), [
 *   ["first-fit-decreasing", 2],
 *   ["pabfd", 2],
 *   ["continuous-bound", 2],
 *   ["martello-toth-l2", 2],
 * ]);
 * assert.equal(rows[0]!.powerWatts, 400);
 * assert.equal(rows[0]!.energyKwh, 9.6);
 * ```
 */
export async function comparePlacements(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  options: ComparePlacementsOptions,
): Promise<PlacementComparisonRow[]> {
  requiredOptions(ACTION, "options", options, OPTION_NAMES);
  const {
    powerModels,
    seed,
    algorithms = COMPARED_ALGORITHMS,
    dimensions = DIMENSIONS,
    timeLimitSeconds = 10,
    maxNodes = Infinity,
    overloadThreshold = 1,
    generations = 100,
    durationSeconds = 86400,
  } = options;
  object(ACTION, "powerModels", powerModels);
  if (!Array.isArray(algorithms as unknown)) {
    throw new TypeError(
      `Cannot ${ACTION} as algorithms must be an array: current value is ${show(algorithms)}`,
    );
  }
  for (const name of algorithms) oneOf(ACTION, "algorithms[]", name, COMPARED_ALGORITHMS);
  nonNegative(ACTION, "durationSeconds", durationSeconds);
  // recorded in every row, whether or not the genetic algorithm (which draws from it) runs
  if (typeof seed === "number" ? !Number.isFinite(seed) : typeof seed !== "string") {
    throw new TypeError(
      `Cannot ${ACTION} as seed must be a string or a finite number: current value is ${
        show(seed)
      }`,
    );
  }
  const models = hostPowerModels(ACTION, hosts, powerModels);
  // every row's power reads the VMs' CPU demand whatever the checked dimensions (a VM that
  // is not an object is left to the placers' own message)
  if (Array.isArray(vms)) {
    vms.forEach((vm, i) => {
      if (typeof vm === "object" && vm !== null) {
        nonNegative(ACTION, `vms[${i}].cpuMips`, vm.cpuMips);
      }
    });
  }

  const runs: Record<ComparedAlgorithm, () => PlacementResult | Promise<PlacementResult>> = {
    "first-fit": () => firstFit(hosts, vms, { dimensions }),
    "best-fit": () => bestFit(hosts, vms, { dimensions }),
    "worst-fit": () => worstFit(hosts, vms, { dimensions }),
    "first-fit-decreasing": () => firstFitDecreasing(hosts, vms, { dimensions }),
    "best-fit-decreasing": () => bestFitDecreasing(hosts, vms, { dimensions }),
    "set-cover-greedy": () => setCoverGreedy(hosts, vms, { dimensions }),
    "pattern-ilp": () => placeCuttingStock(hosts, vms, { dimensions, timeLimitSeconds }),
    "obfdf": () => placeObfdf(hosts, vms, { powerModels, dimensions }),
    "obfdf-rack": () => placeObfdf(hosts, vms, { powerModels, dimensions, rackByRack: true }),
    "pabfd": () => placePabfd(hosts, vms, { powerModels, dimensions, overloadThreshold }),
    "genetic": () => placeGenetic(hosts, vms, { seed, generations, dimensions }),
    "scavp": () => placeScavp(hosts, vms, { dimensions }),
    "ilp": () => placeIlp(hosts, vms, { dimensions, timeLimitSeconds, maxNodes }),
  };
  const rows: PlacementComparisonRow[] = [];
  for (const name of algorithms) {
    const start = performance.now();
    const result = await runs[name]();
    const seconds = (performance.now() - start) / 1000;
    const load = hosts.map(() => 0);
    const used = new Set<number>();
    result.assignment.forEach((j, i) => {
      if (j < 0) return;
      load[j]! += vms[i]!.cpuMips;
      used.add(j);
    });
    let powerWatts = 0;
    for (const j of used) {
      const capacity = positive(ACTION, `hosts[${j}].cpuMips`, hosts[j]!.cpuMips);
      powerWatts += powerAt(models[j]!, Math.min(1, load[j]! / capacity));
    }
    rows.push({
      algorithm: result.algorithm,
      kind: name === "ilp" ? "exact" : "heuristic",
      hostsUsed: result.hostsUsed,
      unplacedVms: result.unplaced.length,
      powerWatts,
      energyKwh: powerWatts * durationSeconds / 3.6e6,
      violations: validatePlacement(hosts, vms, result, { dimensions }).length,
      status: typeof result.details.status === "string" ? result.details.status : "",
      bound: typeof result.details.bound === "number" ? result.details.bound : null,
      seconds,
      seed,
    });
  }
  const bounds = dimensions.map((d) => lowerBounds(hosts, vms, d));
  const bound = (algorithm: string, hostsUsed: number): PlacementComparisonRow => ({
    algorithm,
    kind: "lower-bound",
    hostsUsed,
    unplacedVms: 0,
    powerWatts: null,
    energyKwh: null,
    violations: 0,
    status: "",
    bound: null,
    seconds: 0,
    seed,
  });
  rows.push(bound("continuous-bound", Math.max(0, ...bounds.map((b) => b.continuous))));
  rows.push(bound("martello-toth-l2", Math.max(0, ...bounds.map((b) => b.martelloTothL2))));
  return rows;
}
