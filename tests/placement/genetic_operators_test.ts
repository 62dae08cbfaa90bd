/**
 * The genetic algorithm's operators one by one (`lib/placement/_genetic_operators.ts`), each
 * against hand-worked cases with scripted draws: removing or changing any of them fails here,
 * whatever the ablation test in `genetic_test.ts` measures of their worth.
 */
import assert from "node:assert/strict";
import {
  CROSSOVERS,
  decodeChromosome,
  type GeneticInstance,
  mutateGenes,
  onePointCrossover,
  placementFitness,
  randomHost,
  tournamentPick,
  uniformCrossover,
} from "../../lib/placement/_genetic_operators.ts";
import type { PowerModel } from "../../lib/datacenter/power_model.ts";

/** A generator returning the given draws in order, and failing on one more. */
function scripted(...draws: number[]): (() => number) & { left: () => number } {
  let i = 0;
  const next = () => {
    if (i === draws.length) throw new Error(`draw ${i + 1} of ${draws.length} scripted`);
    return draws[i++]!;
  };
  return Object.assign(next, { left: () => draws.length - i });
}

Deno.test("randomHost() maps a draw to one of the hosts, the last included", () => {
  const prng = scripted(0, 0.5, 0.999999);
  assert.deepEqual([randomHost(4, prng), randomHost(4, prng), randomHost(4, prng)], [0, 2, 3]);
});

Deno.test("tournamentPick() keeps the fittest (lowest) of its draws", () => {
  // places 7, 2 and 5 of a sorted population of 10
  const three = scripted(0.75, 0.25, 0.55);
  assert.equal(tournamentPick(10, 3, three), 2);
  assert.equal(three.left(), 0);
  // a tournament of one is a uniform pick
  assert.equal(tournamentPick(10, 1, scripted(0.75)), 7);
});

Deno.test("uniformCrossover() takes each gene from the first parent when its draw is below 1/2", () => {
  const prng = scripted(0.1, 0.6, 0.5, 0.49);
  assert.deepEqual(uniformCrossover([0, 0, 0, 0], [1, 1, 1, 1], prng), [0, 1, 1, 0]);
  assert.equal(prng.left(), 0);
});

Deno.test("onePointCrossover() joins the first parent's genes before a cut in 0..n to the second's after", () => {
  const a = [0, 0, 0, 0], b = [1, 1, 1, 1];
  assert.deepEqual(onePointCrossover(a, b, scripted(0.5)), [0, 0, 1, 1]); // cut 2 of 0..4
  assert.deepEqual(onePointCrossover(a, b, scripted(0.99)), [0, 0, 0, 0]); // cut 4: all of a
  assert.deepEqual(onePointCrossover(a, b, scripted(0)), [1, 1, 1, 1]); // cut 0: all of b
  assert.deepEqual(a, [0, 0, 0, 0]);
});

Deno.test("CROSSOVERS gives each name of the crossover option its operator", () => {
  const a = [0, 0, 0, 0], b = [1, 1, 1, 1];
  // one draw, a cut at 2, for one-point; a draw per gene for uniform
  assert.deepEqual(CROSSOVERS["one-point"](a, b, scripted(0.5)), [0, 0, 1, 1]);
  assert.deepEqual(CROSSOVERS.uniform(a, b, scripted(0.1, 0.6, 0.5, 0.49)), [0, 1, 1, 0]);
});

Deno.test("mutateGenes() sets a gene whose draw is below the rate to a random host, in place", () => {
  // gene 0: 0.2 < 0.3, host floor(0.9 x 4) = 3; gene 1: 0.5 kept; gene 2: 0.1, host 1
  const genes = [0, 0, 0];
  const prng = scripted(0.2, 0.9, 0.5, 0.1, 0.3);
  mutateGenes(genes, 0.3, 4, prng);
  assert.deepEqual(genes, [3, 0, 1]);
  assert.equal(prng.left(), 0);
  mutateGenes(genes, 1, 0, scripted()); // no host: no draw
});

/** An instance of one dimension: the given demands, hosts of capacity 1 (no slack). */
function oneDimension(demands: number[], hosts: number): GeneticInstance {
  return {
    demand: demands.map((d) => [d]),
    capacity: Array.from({ length: hosts }, () => [1]),
    vmCpuMips: demands,
    hostCpuMips: Array.from({ length: hosts }, () => 1),
    models: Array.from({ length: hosts }, () => undefined),
    penalty: hosts + 1,
  };
}

Deno.test("decodeChromosome() evicts from an overloaded host largest index first and repairs", async (t) => {
  await t.step("the evicted VM goes to the first host with room (none in use has it)", () => {
    // host 0 holds 0.5 + 0.4 + 0.3 = 1.2: VM 2 leaves (0.9 fits), and host 0 has no room for it
    const genes = [0, 0, 0];
    const decoded = decodeChromosome(genes, oneDimension([0.5, 0.4, 0.3], 3), true);
    assert.deepEqual(decoded, { placed: [0, 0, 1], infeasible: 0 });
    assert.deepEqual(genes, [0, 0, 1], "the chromosome takes the repaired genes");
  });
  await t.step("a host in use with room comes before an empty one of lower index", () => {
    // host 0: 0.6 + 0.5 = 1.1, VM 1 leaves; host 2 (in use, 0.2) takes it before empty host 1
    const decoded = decodeChromosome([0, 0, 2], oneDimension([0.6, 0.5, 0.2], 3), true);
    assert.deepEqual(decoded.placed, [0, 2, 2]);
  });
  await t.step("a VM the chromosome left unplaced is placed, on an exactly full host", () => {
    const decoded = decodeChromosome([-1, 1], oneDimension([0.5, 0.5], 2), true);
    assert.deepEqual(decoded.placed, [1, 1]);
  });
  await t.step("a host exactly at capacity is not overloaded", () => {
    assert.deepEqual(decodeChromosome([0, 0], oneDimension([0.5, 0.5], 1), true).placed, [0, 0]);
    // without repair an eviction would show: the VM would stay out
    const decoded = decodeChromosome([0, 0], oneDimension([0.5, 0.5], 1), false);
    assert.deepEqual(decoded, { placed: [0, 0], infeasible: 0 });
  });
  await t.step("a VM no host can take stays unplaced", () => {
    const genes = [0, 0];
    assert.deepEqual(decodeChromosome(genes, oneDimension([0.5, 2], 1), true).placed, [0, -1]);
    assert.deepEqual(genes, [0, -1]);
  });
  await t.step("any dimension overloads a host: here RAM alone", () => {
    const instance: GeneticInstance = {
      ...oneDimension([0.1, 0.1], 2),
      demand: [[0.1, 0.9], [0.1, 0.2]],
      capacity: [[1, 1], [1, 1]],
    };
    assert.deepEqual(decodeChromosome([0, 0], instance, true).placed, [0, 1]);
  });
  await t.step("without repair the chromosome is kept and decoded without its evicted VMs", () => {
    const genes = [0, 0, 0];
    const decoded = decodeChromosome(genes, oneDimension([0.5, 0.4, 0.3], 3), false);
    assert.deepEqual(decoded, { placed: [0, 0, -1], infeasible: 1 });
    assert.deepEqual(genes, [0, 0, 0]);
    assert.equal(
      decodeChromosome([0, 1, 1], oneDimension([0.5, 0.4, 0.3], 3), false).infeasible,
      0,
    );
  });
});

Deno.test("placementFitness() counts hosts or watts, the penalty per unplaced VM, less the evenness bonus", async (t) => {
  const linear: PowerModel = { kind: "linear", idleWatts: 100, peakWatts: 200 };
  const instance: GeneticInstance = {
    demand: [[600], [300], [100]],
    capacity: [[1000], [1000]],
    vmCpuMips: [600, 300, 100],
    hostCpuMips: [1000, 1000],
    models: [undefined, undefined],
    penalty: 3,
  };
  await t.step("hosts: 2 used at 90 % and 10 %", () => {
    assert.ok(Math.abs(placementFitness([0, 0, 1], instance) - (2 - (0.81 + 0.01) / 4)) < 1e-12);
  });
  await t.step("an unplaced VM costs the penalty", () => {
    const fitness = placementFitness([0, -1, 1], instance);
    assert.ok(Math.abs(fitness - (2 + 3 - (0.36 + 0.01) / 4)) < 1e-12);
  });
  await t.step("energy: the draw at each used host's utilisation", () => {
    const fitness = placementFitness([0, 0, 1], { ...instance, models: [linear, linear] });
    assert.ok(Math.abs(fitness - (190 + 110 - (0.81 + 0.01) / 4)) < 1e-9);
  });
  await t.step("a CPU not checked may be over-committed: the utilisation counts as 1", () => {
    const one: GeneticInstance = {
      demand: [[0]],
      capacity: [[1]],
      vmCpuMips: [1500],
      hostCpuMips: [1000],
      models: [linear],
      penalty: 201,
    };
    assert.equal(placementFitness([0], one), 200 - 1 / 2);
  });
});
