import assert from "node:assert/strict";
import { placeGenetic } from "../../lib/placement/genetic.ts";
import { placeIlp } from "../../lib/placement/ilp.ts";
import { assertValid, POWER_MODELS, smallInstance } from "./_ilp_instances.ts";
import { host, vm } from "./_fit_fixtures.ts";

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

Deno.test("placeGenetic() reports the fitness of its best placement, by hosts and by watts", () => {
  // two VMs of 300 MIPS share one of two 1000-MIPS hosts: 1 host (or 160 W of a linear
  // 100-200 W model at 60 %), less the evenness bonus 0.6² / (2 x 2 hosts)
  const hosts = [host("h0", 1000), host("h1", 1000)].map((h) => ({ ...h, powerModel: "lin" }));
  const vms = [vm("a", 300), vm("b", 300)];
  const dimensions = ["cpuMips"] as const;
  const byHosts = placeGenetic(hosts, vms, { seed: 1, generations: 10, dimensions });
  assert.equal(byHosts.hostsUsed, 1);
  assert.ok(Math.abs(Number(byHosts.details.fitness) - (1 - 0.36 / 4)) < 1e-12);
  const byWatts = placeGenetic(hosts, vms, {
    seed: 1,
    generations: 10,
    dimensions,
    fitness: "energy",
    powerModels: { lin: { kind: "linear", idleWatts: 100, peakWatts: 200 } },
  });
  assert.equal(byWatts.hostsUsed, 1);
  assert.ok(Math.abs(Number(byWatts.details.fitness) - (160 - 0.36 / 4)) < 1e-9);
});

Deno.test("placeGenetic() without repair still places every VM it can: an unplaced VM costs more than any host", () => {
  // two VMs each filling one of two hosts: leaving one out must not beat opening the second host
  const hosts = [host("h0", 1000), host("h1", 1000)];
  const vms = [vm("a", 1000), vm("b", 1000)];
  for (const seed of [1, 2, 3]) {
    const result = placeGenetic(hosts, vms, {
      seed,
      generations: 20,
      repair: false,
      dimensions: ["cpuMips"],
    });
    assert.deepEqual(result.unplaced, [], `seed ${seed}`);
    assert.equal(result.hostsUsed, 2);
  }
  // by watts the penalty passes every host's peak together: VM b, which only the big host
  // takes (400 W, full), is placed though leaving it out would save more than the small
  // host's peak (200 W)
  const mixed = [
    { ...host("small", 1000), powerModel: "small" },
    { ...host("big", 2000), powerModel: "big" },
  ];
  const byWatts = placeGenetic(mixed, [vm("a", 1000), vm("b", 2000)], {
    seed: 1,
    generations: 20,
    repair: false,
    dimensions: ["cpuMips"],
    fitness: "energy",
    powerModels: {
      small: { kind: "linear", idleWatts: 100, peakWatts: 200 },
      big: { kind: "linear", idleWatts: 250, peakWatts: 400 },
    },
  });
  assert.deepEqual(byWatts.assignment, [0, 1]);
});

Deno.test("placeGenetic() packs fractions that sum exactly to the capacity (summed above it in floating point)", () => {
  // 0.1 + 0.2 = 0.30000000000000004 and 1.1 + 1.1 + 1.1 = 3.3000000000000003 in doubles
  for (const [capacity, sizes] of [[0.3, [0.1, 0.2]], [3.3, [1.1, 1.1, 1.1]]] as const) {
    const vms = sizes.map((s, i) => vm(`v${i}`, s));
    const result = placeGenetic([host("h0", capacity)], vms, {
      seed: 1,
      generations: 5,
      dimensions: ["cpuMips"],
    });
    assert.deepEqual(result.assignment, sizes.map(() => 0), `${sizes.join(" + ")} on ${capacity}`);
  }
});

Deno.test("placeGenetic() names each bad option and its value", () => {
  const hosts = [host("h0", 1000)], vms = [vm("v0", 100)];
  const cases: [Record<string, unknown>, string][] = [
    [{ tournamentSize: 0 }, "tournamentSize must be an integer in [1, 40]: current value is 0"],
    [{ tournamentSize: 41 }, "tournamentSize must be an integer in [1, 40]: current value is 41"],
    [{ eliteCount: 41 }, "eliteCount must be an integer in [0, 40]: current value is 41"],
    [{ eliteCount: -1 }, "eliteCount must be an integer in [0, 40]: current value is -1"],
    [{ crossoverRate: 1.5 }, "crossoverRate must be in [0, 1]: current value is 1.5"],
    [
      { crossover: "two-point" },
      'crossover must be one of "uniform", "one-point": current value is "two-point"',
    ],
    [{ generations: 1.5 }, "generations must be an integer >= 0: current value is 1.5"],
    [{ fitness: "watts" }, 'fitness must be one of "hosts", "energy": current value is "watts"'],
  ];
  for (const [options, message] of cases) {
    assert.throws(
      () => placeGenetic(hosts, vms, { seed: 1, ...options }),
      { message: `Cannot place VMs by genetic algorithm as ${message}` },
      JSON.stringify(options),
    );
  }
});

Deno.test("placeGenetic() rejects CPU capacities and demands that are not finite, whatever the dimensions", () => {
  // the fitness reads CPU utilisations even when only RAM is checked
  const dimensions = ["ramBytes"] as const;
  const powerModels = { p: { kind: "linear" as const, idleWatts: 100, peakWatts: 200 } };
  const options = { seed: 1, generations: 2, fitness: "energy" as const, powerModels, dimensions };
  const hosts = [{ ...host("h0", 1000, 10), powerModel: "p" }];
  assert.throws(() => placeGenetic([{ ...hosts[0]!, cpuMips: NaN }], [vm("v0", 5, 3)], options), {
    name: "RangeError",
    message:
      "Cannot place VMs by genetic algorithm as hosts[0].cpuMips must be a finite number >= 0: current value is NaN",
  });
  assert.throws(() => placeGenetic(hosts, [vm("v0", -500, 3)], options), {
    name: "RangeError",
    message:
      "Cannot place VMs by genetic algorithm as vms[0].cpuMips must be a finite number >= 0: current value is -500",
  });
});
