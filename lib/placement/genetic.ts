import { checkWorkLimit } from "./_work_limit.ts";
import { PLACEMENT_WORK_LIMITS } from "./work_limits.ts";
import { DIMENSIONS } from "./model.ts";
import type { Dimension, Host, PlacementResult, VmDemand } from "./model.ts";
import { packInstance, withSlack } from "./_fit.ts";
import { hostPowerModels } from "./_power_models.ts";
import { powerAt, type PowerModel } from "../datacenter/power_model.ts";
import { createPrng, type Prng, type Seed } from "../random/prng.ts";
import { integer, object, oneOf, show, within } from "../_validate.ts";

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
  object(ACTION, "options", options);
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
  const penalty = hostCost.reduce((a, b) => a + b, 0) + 1;
  const capacity = hosts.map((host) => dimensions.map((d) => withSlack(host[d])));
  let evaluations = 0;

  let infeasibleAfterRepair = 0;

  /**
   * Repairs a chromosome in place (it is always a fresh array) and scores it. Without
   * `repair`, the chromosome is left as it is and scored as if the VMs that overload
   * their hosts were unplaced (the penalty approach: infeasible chromosomes survive,
   * penalised). `effective`, given only for the final decoding (which is not counted as
   * an evaluation), receives the valid placement the chromosome stands for.
   */
  function repairAndScore(genes: number[], effective?: number[]): number {
    if (!effective) evaluations++;
    const load = hosts.map(() => dimensions.map(() => 0));
    const count = new Array<number>(m).fill(0);
    const placed = [...genes];
    for (let i = 0; i < n; i++) {
      const j = placed[i]!;
      if (j < 0) continue;
      dimensions.forEach((d, k) => load[j]![k]! += vms[i]![d]);
      count[j]!++;
    }
    const over = (j: number) => dimensions.some((_d, k) => load[j]![k]! > capacity[j]![k]!);
    const evicted: number[] = [];
    for (let i = n - 1; i >= 0; i--) {
      const j = placed[i]!;
      if (j < 0 || !over(j)) continue;
      dimensions.forEach((d, k) => load[j]![k]! -= vms[i]![d]);
      count[j]!--;
      placed[i] = -1;
      evicted.push(i);
    }
    if (repair) {
      for (const i of [...evicted, ...placed.flatMap((j, i) => j === -1 ? [i] : [])]) {
        if (placed[i] !== -1) continue;
        const fits = (j: number) =>
          dimensions.every((d, k) => load[j]![k]! + vms[i]![d] <= capacity[j]![k]!);
        let target = -1;
        for (let j = 0; j < m && target < 0; j++) if (count[j]! > 0 && fits(j)) target = j;
        for (let j = 0; j < m && target < 0; j++) if (fits(j)) target = j;
        if (target < 0) continue;
        placed[i] = target;
        dimensions.forEach((d, k) => load[target]![k]! += vms[i]![d]);
        count[target]!++;
      }
      for (let i = 0; i < n; i++) genes[i] = placed[i]!;
      // The repair's promise: no host of a repaired chromosome is over capacity.
      if (!effective) {
        for (let j = 0; j < m; j++) if (count[j]! > 0 && over(j)) infeasibleAfterRepair++;
      }
    } else if (!effective && genes.some((j, i) => j !== placed[i])) {
      infeasibleAfterRepair++;
    }
    if (effective) { for (let i = 0; i < n; i++) effective[i] = placed[i]!; }
    let cost = 0;
    let evenness = 0;
    const cpu = new Array<number>(m).fill(0);
    for (let i = 0; i < n; i++) if (placed[i]! >= 0) cpu[placed[i]!]! += vms[i]!.cpuMips;
    for (let j = 0; j < m; j++) {
      if (count[j] === 0) continue;
      const utilization = Math.min(1, cpu[j]! / hosts[j]!.cpuMips || 0);
      cost += models[j] === undefined ? 1 : powerAt(models[j]!, utilization);
      evenness += utilization * utilization;
    }
    const unplaced = placed.filter((j) => j < 0).length;
    return cost + penalty * unplaced - evenness / (2 * Math.max(1, m));
  }

  const randomHost = () => Math.min(m - 1, Math.floor(prng() * m));
  let population: { genes: number[]; score: number }[] = [];
  for (let p = 0; p < populationSize; p++) {
    const genes = Array.from({ length: n }, () => m === 0 ? -1 : randomHost());
    population.push({ genes, score: repairAndScore(genes) });
  }
  const byScore = (a: { score: number }, b: { score: number }) => a.score - b.score;
  population = population.map((c, k) => ({ ...c, k }))
    .sort((a, b) => byScore(a, b) || a.k - b.k);
  const tournament = () => {
    let winner = Math.min(populationSize - 1, Math.floor(prng() * populationSize));
    for (let t = 1; t < tournamentSize; t++) {
      const rival = Math.min(populationSize - 1, Math.floor(prng() * populationSize));
      if (rival < winner) winner = rival; // the population is sorted: lower is fitter
    }
    return population[winner]!.genes;
  };
  for (let g = 0; g < generations; g++) {
    const next = population.slice(0, eliteCount);
    while (next.length < populationSize) {
      const a = tournament();
      const b = tournament();
      let genes: number[];
      if (prng() < crossoverRate) {
        if (crossover === "uniform") genes = a.map((gene, i) => prng() < 0.5 ? gene : b[i]!);
        else {
          const cut = Math.floor(prng() * (n + 1));
          genes = [...a.slice(0, cut), ...b.slice(cut)];
        }
      } else genes = [...a];
      for (let i = 0; i < n && m > 0; i++) if (prng() < mutationRate) genes[i] = randomHost();
      next.push({ genes, score: repairAndScore(genes) });
    }
    population = next.map((c, k) => ({ ...c, k })).sort((a, b) => byScore(a, b) || a.k - b.k);
  }
  const best = population[0]!;
  const assignment = new Array<number>(n).fill(-1);
  repairAndScore([...best.genes], assignment);
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
