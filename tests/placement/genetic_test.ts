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
