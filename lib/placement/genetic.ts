import { checkWorkLimit } from "./_work_limit.ts";
import { PLACEMENT_WORK_LIMITS } from "./work_limits.ts";
import { DIMENSIONS } from "./model.ts";
import type { Dimension, Host, PlacementResult, VmDemand } from "./model.ts";
import { packInstance, withSlack } from "./_fit.ts";
import { hostPowerModels } from "./_power_models.ts";
import { powerAt, type PowerModel } from "../datacenter/power_model.ts";
import { createPrng, type Prng, type Seed } from "../random/prng.ts";
import {
  CROSSOVERS,
  decodeChromosome,
  type GeneticInstance,
  mutateGenes,
  placementFitness,
  randomHost,
  tournamentPick,
} from "./_genetic_operators.ts";
import {
  integer,
  nonNegative,
  oneOf,
  optionNames,
  requiredOptions,
  show,
  within,
} from "../_validate.ts";

/** Options of {@link placeGenetic}. */
export interface PlaceGeneticOptions {
  /** Seed of the run; the same seed and instance give the same placement. */
  seed: Seed;
  /**
   * Chromosomes per generation.
   * @default {40}
   */
  populationSize?: number;
  /**
   * Number of generations after the initial population.
   * @default {100}
   */
  generations?: number;
  /**
   * Crossover operator: each gene from either parent with probability 1/2, or a
   * single cut point.
   * @default {"uniform"}
   */
  crossover?: "uniform" | "one-point";
  /**
   * Probability that a child is made by crossover (otherwise it copies its first parent).
   * @default {0.9}
   */
  crossoverRate?: number;
  /**
   * Probability that a gene is set to a random host.
   * @default {1 / vms.length}
   */
  mutationRate?: number;
  /**
   * Chromosomes taking part in each tournament.
   * @default {3}
   */
  tournamentSize?: number;
  /**
   * Best chromosomes copied unchanged into the next generation.
   * @default {2}
   */
  eliteCount?: number;
  /**
   * What the fitness minimises: hosts used, or the power draw of the switched-on
   * hosts (needs `powerModels`).
   * @default {"hosts"}
   */
  fitness?: "hosts" | "energy";
  /**
   * Power models keyed by `Host.powerModel`, for the `"energy"` fitness.
   * @default {{}}
   */
  powerModels?: Readonly<Record<string, PowerModel>>;
  /**
   * The dimensions whose capacity must hold.
   * @default {DIMENSIONS}
   */
  dimensions?: readonly Dimension[];
  /**
   * Whether chromosomes are repaired into valid placements before scoring. Without repair
   * (the penalty approach) a chromosome keeps its genes and is scored as if the VMs that
   * overload their hosts (largest index first) were unplaced; the result is decoded the
   * same way, so it is valid but may leave VMs unplaced. With `crossoverRate: 0` and
   * `mutationRate: 0` the other two operators can be switched off too (the ablations of
   * the tests).
   * @default {true}
   */
  repair?: boolean;
}

const ACTION = "place VMs by genetic algorithm";
const OPTION_NAMES = optionNames<PlaceGeneticOptions>({
  seed: 0,
  populationSize: 0,
  generations: 0,
  crossover: 0,
  crossoverRate: 0,
  mutationRate: 0,
  tournamentSize: 0,
  eliteCount: 0,
  fitness: 0,
  powerModels: 0,
  dimensions: 0,
  repair: 0,
});

/**
 * Places VMs with a genetic algorithm (Holland 1975; Goldberg 1989): a chromosome holds
 * one host index per VM.
 *
 * The initial population is random (draws from `createPrng(seed, "genetic")`). Each
 * generation keeps the `eliteCount` best chromosomes and fills the rest with children:
 * two parents chosen by tournament (the fittest of `tournamentSize` random picks),
 * uniform or one-point crossover, then per-gene mutation to a random host. Every
 * chromosome is repaired before it is scored: on each overloaded host the VMs are
 * removed, largest index first, until it fits, and each removed VM goes to the first
 * host (by index) with room, preferring hosts already in use; a VM no host can take is
 * unplaced (gene -1). Fitness (lower is better) is the number of hosts used, or the
 * watts drawn by the used hosts at their CPU loads, plus a penalty larger than any
 * placement's cost per unplaced VM, minus a small bonus for uneven loads (the sum of
 * squared CPU utilisations divided by twice the host count: it breaks ties towards
 * hosts that are nearly empty, which the next mutations can empty). Ties between
 * chromosomes are broken by population order, so a seed fixes the result.
 *
 * Capacities are compared with the placement layer's fit tolerance.
 *
 * `details`: `seed`, `generations`, `evaluations`, `fitness` of the best chromosome,
 * `repair`, and `infeasibleAfterRepair`: with repair, the number of overloaded hosts
 * found in repaired chromosomes (0 unless the repair is broken); without, the number of
 * evaluated chromosomes that were not valid placements.
 *
 * @param hosts The hosts.
 * @param vms The VMs to place.
 * @param options Seed, GA parameters, fitness and dimensions.
 * @returns The best placement found.
 *
 * @example Four half-host VMs fit on two hosts
 * ```ts
 * import { placeGenetic } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const host = { cpuMips: 1000, cores: 1, ramBytes: 8e9, bandwidthBytesPerSecond: 1e9, rack: 0 };
 * const hosts = [0, 1, 2, 3].map((j) => ({ ...host, name: `h${j}` }));
 * const vms = [0, 1, 2, 3].map((i) => ({
 *   name: `vm${i}`, cpuMips: 500, ramBytes: 1e9, bandwidthBytesPerSecond: 1e6,
 * }));
 * const result = placeGenetic(hosts, vms, { seed: 1, generations: 30 });
 * assert.equal(result.hostsUsed, 2);
 * assert.deepEqual(placeGenetic(hosts, vms, { seed: 1, generations: 30 }), result);
 * ```
 */
export function placeGenetic(
  hosts: readonly Host[],
  vms: readonly VmDemand[],
  options: PlaceGeneticOptions,
): PlacementResult {
  requiredOptions(ACTION, "options", options, OPTION_NAMES);
  const {
    seed,
    populationSize = 40,
    generations = 100,
    crossover = "uniform",
    crossoverRate = 0.9,
    mutationRate = Array.isArray(vms) && vms.length > 0 ? 1 / vms.length : 0,
    tournamentSize = 3,
    eliteCount = 2,
    fitness = "hosts",
    powerModels = {},
    dimensions = DIMENSIONS,
    repair = true,
  } = options;
  const prng: Prng = createPrng(seed, "genetic");
  packInstance(ACTION, hosts, vms, dimensions);
  // the fitness reads CPU utilisations whatever the checked dimensions
  hosts.forEach((h, j) => nonNegative(ACTION, `hosts[${j}].cpuMips`, h.cpuMips));
  vms.forEach((vm, i) => nonNegative(ACTION, `vms[${i}].cpuMips`, vm.cpuMips));
  integer(ACTION, "populationSize", populationSize, 2);
  integer(ACTION, "generations", generations, 0);
  oneOf(ACTION, "crossover", crossover, ["uniform", "one-point"] as const);
  within(ACTION, "crossoverRate", crossoverRate, 0, 1);
  within(ACTION, "mutationRate", mutationRate, 0, 1);
  integer(ACTION, "tournamentSize", tournamentSize, 1, populationSize);
  integer(ACTION, "eliteCount", eliteCount, 0, populationSize);
  oneOf(ACTION, "fitness", fitness, ["hosts", "energy"] as const);
  if (typeof repair !== "boolean") {
    throw new TypeError(
      `Cannot ${ACTION} as repair must be a boolean: current value is ${show(repair)}`,
    );
  }
  checkWorkLimit(
    ACTION,
    "populationSize × (generations + 1) × (vms.length + hosts.length)",
    populationSize * (generations + 1) * (vms.length + hosts.length),
    PLACEMENT_WORK_LIMITS.geneticWork,
  );
  const models: readonly (PowerModel | undefined)[] = fitness === "hosts"
    ? hosts.map(() => undefined)
    : hostPowerModels(ACTION, hosts, powerModels);
  const n = vms.length;
  const m = hosts.length;
  const hostCost = hosts.map((_, j) => models[j] === undefined ? 1 : powerAt(models[j]!, 1));
  const instance: GeneticInstance = {
    demand: vms.map((vm) => dimensions.map((d) => vm[d])),
    capacity: hosts.map((host) => dimensions.map((d) => withSlack(host[d]))),
    vmCpuMips: vms.map((vm) => vm.cpuMips),
    hostCpuMips: hosts.map((host) => host.cpuMips),
    models,
    penalty: hostCost.reduce((a, b) => a + b, 0) + 1,
  };
  let evaluations = 0;
  let infeasibleAfterRepair = 0;
  /** Decodes a fresh chromosome (repaired in place) and scores it, counting an evaluation. */
  const evaluate = (genes: number[]) => {
    evaluations++;
    const { placed, infeasible } = decodeChromosome(genes, instance, repair);
    infeasibleAfterRepair += infeasible;
    return placementFitness(placed, instance);
  };

  let population: { genes: number[]; score: number }[] = [];
  for (let p = 0; p < populationSize; p++) {
    const genes = Array.from({ length: n }, () => m === 0 ? -1 : randomHost(m, prng));
    population.push({ genes, score: evaluate(genes) });
  }
  // fittest first; Array.prototype.sort is stable, so ties keep the population's order
  population.sort((a, b) => a.score - b.score);
  const parent = () => population[tournamentPick(populationSize, tournamentSize, prng)]!.genes;
  for (let g = 0; g < generations; g++) {
    const next = population.slice(0, eliteCount);
    while (next.length < populationSize) {
      const a = parent();
      const b = parent();
      let genes: number[];
      if (prng() < crossoverRate) {
        genes = CROSSOVERS[crossover](a, b, prng);
      } else genes = [...a];
      mutateGenes(genes, mutationRate, m, prng);
      next.push({ genes, score: evaluate(genes) });
    }
    population = next.sort((a, b) => a.score - b.score);
  }
  const best = population[0]!;
  // the final decoding is not an evaluation (repaired chromosomes decode to themselves)
  const assignment = decodeChromosome([...best.genes], instance, repair).placed;
  return {
    algorithm: "genetic",
    assignment,
    unplaced: assignment.flatMap((j, i) => j === -1 ? [i] : []),
    hostsUsed: new Set(assignment.filter((j) => j >= 0)).size,
    details: {
      seed,
      generations,
      evaluations,
      fitness: best.score,
      repair,
      infeasibleAfterRepair,
    },
  };
}
