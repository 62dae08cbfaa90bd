import assert from "node:assert/strict";
import { placeGenetic } from "../../lib/placement/genetic.ts";
import { placeIlp } from "../../lib/placement/ilp.ts";
import { assertValid, POWER_MODELS, smallInstance } from "./_ilp_instances.ts";

Deno.test("placeGenetic() gives the same placement for the same seed and another for another seed", () => {
  const { hosts, vms } = smallInstance(5, 20, 12);
  const a = placeGenetic(hosts, vms, { seed: 42, generations: 30 });
  const b = placeGenetic(hosts, vms, { seed: 42, generations: 30 });
  assert.deepEqual(a, b);
  assert.equal(a.details.seed, 42);
  assert.equal(a.details.evaluations, 40 + 30 * 38);
  const c = placeGenetic(hosts, vms, { seed: 43, generations: 30 });
  assert.notDeepEqual(c.assignment, a.assignment);
});

Deno.test("placeGenetic() repairs every chromosome into a valid placement", async (t) => {
  for (const crossover of ["uniform", "one-point"] as const) {
    for (const fitness of ["hosts", "energy"] as const) {
      await t.step(`${crossover} crossover, ${fitness} fitness`, () => {
        const { hosts, vms } = smallInstance(6, 25, 12);
        const result = placeGenetic(hosts, vms, {
          seed: 1,
          generations: 20,
          crossover,
          fitness,
          powerModels: POWER_MODELS,
        });
        assertValid(hosts, vms, result);
        assert.deepEqual(result.unplaced, []);
      });
    }
  }
});

Deno.test("placeGenetic() reaches the ILP optimum on a 12-VM instance within 5 seeds", async () => {
  const { hosts, vms } = smallInstance(3, 12, 8);
  const optimum = (await placeIlp(hosts, vms)).hostsUsed;
  const found = [1, 2, 3, 4, 5].map((seed) => placeGenetic(hosts, vms, { seed }).hostsUsed);
  for (const used of found) assert.ok(used >= optimum);
  assert.equal(Math.min(...found), optimum);
});

Deno.test("placeGenetic() improves on its initial population", () => {
  const { hosts, vms } = smallInstance(8, 30, 20);
  const start = placeGenetic(hosts, vms, { seed: 3, generations: 0 });
  const evolved = placeGenetic(hosts, vms, { seed: 3, generations: 80 });
  assert.ok(Number(evolved.details.fitness) <= Number(start.details.fitness));
  assert.ok(evolved.hostsUsed < start.hostsUsed);
});

Deno.test("placeGenetic() leaves a VM no host can take unplaced and rejects bad options", () => {
  const { hosts, vms } = smallInstance(1, 4, 3);
  const big = { ...vms[0]!, name: "big", cpuMips: 1e9 };
  const result = placeGenetic(hosts, [...vms, big], { seed: 1, generations: 5 });
  assertValid(hosts, [...vms, big], result);
  assert.deepEqual(result.unplaced, [4]);
  assert.throws(
    () => placeGenetic(hosts, vms, { seed: 1, populationSize: 1 }),
    new RangeError(
      "Cannot place VMs by genetic algorithm as populationSize must be an integer >= 2: current value is 1",
    ),
  );
  assert.throws(
    () => placeGenetic(hosts, vms, { seed: 1, mutationRate: 2 }),
    new RangeError(
      "Cannot place VMs by genetic algorithm as mutationRate must be in [0, 1]: current value is 2",
    ),
  );
});

Deno.test("placeGenetic() loses measurable quality when crossover, mutation or repair is switched off (each alone)", async (t) => {
  // 60 VMs on 40 hosts, 40 generations, 8 seeds. Measured (mean best fitness, ≈ hosts):
  // full 20.79, no crossover 21.79, no mutation 22.55, no repair 25.44.
  const { hosts, vms } = smallInstance(3, 60, 40);
  const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
  const meanFitness = (options: Record<string, unknown>) => {
    const results = seeds.map((seed) =>
      placeGenetic(hosts, vms, { seed, generations: 40, ...options })
    );
    for (const result of results) assertValid(hosts, vms, result);
    return results.reduce((sum, r) => sum + Number(r.details.fitness), 0) / results.length;
  };
  const full = meanFitness({});
  const ablations = {
    "no crossover": { crossoverRate: 0 },
    "no mutation": { mutationRate: 0 },
    "no repair": { repair: false },
  };
  for (const [name, options] of Object.entries(ablations)) {
    await t.step(name, () => {
      const ablated = meanFitness(options);
      // Each operator is worth at least half a host on average on this instance.
      assert.ok(ablated > full + 0.5, `${name}: ${ablated} vs full ${full}`);
    });
  }
});

Deno.test("placeGenetic() repair leaves no chromosome over capacity; without it invalid chromosomes are scored and the result still decodes validly", () => {
  const { hosts, vms } = smallInstance(3, 60, 40);
  for (const seed of [1, 2, 3]) {
    const repaired = placeGenetic(hosts, vms, { seed, generations: 20 });
    assert.equal(repaired.details.repair, true);
    assert.equal(repaired.details.infeasibleAfterRepair, 0);
    assertValid(hosts, vms, repaired);
    const penalised = placeGenetic(hosts, vms, { seed, generations: 20, repair: false });
    assert.ok(Number(penalised.details.infeasibleAfterRepair) > 0);
    assertValid(hosts, vms, penalised);
  }
  assert.throws(
    () => placeGenetic(hosts, vms, { seed: 1, repair: "yes" as unknown as boolean }),
    new TypeError(
      'Cannot place VMs by genetic algorithm as repair must be a boolean: current value is "yes"',
    ),
  );
});
