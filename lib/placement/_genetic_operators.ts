/**
 * The operators of `placeGenetic`, each a small function over chromosomes (one host index per
 * VM, -1 for unplaced) so that each can be tested alone: random hosts, tournament selection,
 * uniform and one-point crossover, per-gene mutation, the repair that decodes a chromosome
 * into a valid placement, and the fitness. Every draw goes through the `Prng` passed in, in
 * the order the functions document. Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import type { PowerModel } from "../datacenter/power_model.ts";
import { powerAt } from "../datacenter/power_model.ts";
import type { Prng } from "../random/prng.ts";

/** A host drawn uniformly among `hostCount` (one draw). */
export function randomHost(hostCount: number, prng: Prng): number {
  return Math.min(hostCount - 1, Math.floor(prng() * hostCount));
}

/**
 * Tournament selection over a population sorted fittest first: the fittest (lowest place) of
 * `tournamentSize` places drawn uniformly (one draw each).
 */
export function tournamentPick(populationSize: number, tournamentSize: number, prng: Prng): number {
  let winner = Math.min(populationSize - 1, Math.floor(prng() * populationSize));
  for (let t = 1; t < tournamentSize; t++) {
    const rival = Math.min(populationSize - 1, Math.floor(prng() * populationSize));
    if (rival < winner) winner = rival;
  }
  return winner;
}

/** Uniform crossover: gene i from `a` when its draw is below 1/2, else from `b` (a draw per gene). */
export function uniformCrossover(a: readonly number[], b: readonly number[], prng: Prng): number[] {
  return a.map((gene, i) => prng() < 0.5 ? gene : b[i]!);
}

/**
 * One-point crossover: the genes of `a` before a cut drawn uniformly in 0..n (one draw), those
 * of `b` from it on (a cut at 0 copies `b`, at n copies `a`).
 */
export function onePointCrossover(
  a: readonly number[],
  b: readonly number[],
  prng: Prng,
): number[] {
  const cut = Math.floor(prng() * (a.length + 1));
  return [...a.slice(0, cut), ...b.slice(cut)];
}

/** A crossover operator: a child of two parents (the parents are not changed). */
export type Crossover = (a: readonly number[], b: readonly number[], prng: Prng) => number[];

/** The crossover operators by the name `placeGenetic`'s `crossover` option gives. */
export const CROSSOVERS: Readonly<Record<"uniform" | "one-point", Crossover>> = {
  "uniform": uniformCrossover,
  "one-point": onePointCrossover,
};

/**
 * Per-gene mutation, in place: each gene in turn, with probability `rate` (one draw), becomes a
 * random host (a second draw). No draw when there is no host.
 */
export function mutateGenes(genes: number[], rate: number, hostCount: number, prng: Prng): void {
  if (hostCount === 0) return;
  for (let i = 0; i < genes.length; i++) {
    if (prng() < rate) genes[i] = randomHost(hostCount, prng);
  }
}

/** What a chromosome is decoded and scored against (see {@link decodeChromosome}). */
export interface GeneticInstance {
  /** Each VM's demand in each dimension checked. */
  demand: readonly (readonly number[])[];
  /** Each host's capacity in each dimension checked, the fit tolerance's slack included. */
  capacity: readonly (readonly number[])[];
  /** Each VM's CPU demand (MIPS), for the fitness's utilisations. */
  vmCpuMips: readonly number[];
  /** Each host's CPU (MIPS). */
  hostCpuMips: readonly number[];
  /** Each host's power model for the energy fitness; undefined: the host counts 1. */
  models: readonly (PowerModel | undefined)[];
  /** The cost of one unplaced VM: more than any placement's cost. */
  penalty: number;
}

/** A decoded chromosome (see {@link decodeChromosome}). */
export interface DecodedChromosome {
  /** The valid placement: each VM's host, -1 for unplaced. */
  placed: number[];
  /**
   * With repair, the hosts still over capacity afterwards (0 unless the repair is broken);
   * without, 1 when the chromosome was not a valid placement, else 0.
   */
  infeasible: number;
}

/**
 * Decodes a chromosome into a valid placement. On each host over capacity in some dimension
 * the VMs are evicted, largest index first, until it fits. With `repair`, each evicted VM, then
 * each VM the chromosome left unplaced, goes to the first host (by index) with room that is
 * already in use, else to the first host with room, else stays unplaced; the chromosome takes
 * the repaired genes (in place). Without, the chromosome is left as it is (the penalty
 * approach: it is scored as the placement without its evicted VMs).
 */
export function decodeChromosome(
  genes: number[],
  instance: GeneticInstance,
  repair: boolean,
): DecodedChromosome {
  const { demand, capacity } = instance;
  const n = genes.length, m = capacity.length;
  const load = capacity.map((c) => c.map(() => 0));
  const count = new Array<number>(m).fill(0);
  const placed = [...genes];
  const add = (i: number, j: number, sign: number) => {
    const d = demand[i]!, l = load[j]!;
    for (let k = 0; k < l.length; k++) l[k]! += sign * d[k]!;
    count[j]! += sign;
  };
  for (let i = 0; i < n; i++) if (placed[i]! >= 0) add(i, placed[i]!, 1);
  const over = (j: number) => load[j]!.some((x, k) => x > capacity[j]![k]!);
  const evicted: number[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const j = placed[i]!;
    if (j < 0 || !over(j)) continue;
    add(i, j, -1);
    placed[i] = -1;
    evicted.push(i);
  }
  if (!repair) return { placed, infeasible: genes.some((j, i) => j !== placed[i]) ? 1 : 0 };
  for (const i of [...evicted, ...placed.flatMap((j, i) => j === -1 ? [i] : [])]) {
    if (placed[i] !== -1) continue;
    const fits = (j: number) => load[j]!.every((x, k) => x + demand[i]![k]! <= capacity[j]![k]!);
    let target = -1;
    for (let j = 0; j < m && target < 0; j++) if (count[j]! > 0 && fits(j)) target = j;
    for (let j = 0; j < m && target < 0; j++) if (fits(j)) target = j;
    if (target < 0) continue;
    placed[i] = target;
    add(i, target, 1);
  }
  for (let i = 0; i < n; i++) genes[i] = placed[i]!;
  let infeasible = 0;
  for (let j = 0; j < m; j++) if (count[j]! > 0 && over(j)) infeasible++;
  return { placed, infeasible };
}

/**
 * The fitness of a placement (lower is better): the number of hosts used, or the watts the used
 * hosts draw at their CPU utilisations (capped at 1: the CPU may not be a dimension checked),
 * plus the penalty per unplaced VM, minus a small bonus for uneven loads (the sum of squared
 * CPU utilisations over twice the host count: it breaks ties towards hosts that are nearly
 * empty, which the next mutations can empty).
 */
export function placementFitness(placed: readonly number[], instance: GeneticInstance): number {
  const { hostCpuMips, vmCpuMips, models } = instance;
  const m = hostCpuMips.length;
  const cpu = new Array<number>(m).fill(0);
  const used = new Array<boolean>(m).fill(false);
  let unplaced = 0;
  for (let i = 0; i < placed.length; i++) {
    const j = placed[i]!;
    if (j < 0) unplaced++;
    else {
      cpu[j]! += vmCpuMips[i]!;
      used[j] = true;
    }
  }
  let cost = 0, evenness = 0;
  for (let j = 0; j < m; j++) {
    if (!used[j]) continue;
    const utilization = Math.min(1, cpu[j]! / hostCpuMips[j]! || 0);
    cost += models[j] === undefined ? 1 : powerAt(models[j]!, utilization);
    evenness += utilization * utilization;
  }
  return cost + instance.penalty * unplaced - evenness / (2 * Math.max(1, m));
}
