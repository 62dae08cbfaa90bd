import assert from "node:assert/strict";
import { bestFit } from "../../lib/placement/best_fit.ts";
import { bestFitDecreasing } from "../../lib/placement/best_fit_decreasing.ts";
import { firstFit } from "../../lib/placement/first_fit.ts";
import { firstFitDecreasing } from "../../lib/placement/first_fit_decreasing.ts";
import { nextFit } from "../../lib/placement/next_fit.ts";
import { worstFit } from "../../lib/placement/worst_fit.ts";
import { validatePlacement } from "../../lib/placement/validate_placement.ts";
import { FIT_TOLERANCE, withSlack } from "../../lib/placement/_fit.ts";
import { placeCuttingStock } from "../../lib/placement/cutting_stock.ts";
import { placeGenetic } from "../../lib/placement/genetic.ts";
import { placeIlp } from "../../lib/placement/ilp.ts";
import { placeObfdf } from "../../lib/placement/obfdf.ts";
import { placePabfd } from "../../lib/placement/pabfd.ts";
import { placeScavp } from "../../lib/placement/scavp.ts";
import { runMigrationAgents } from "../../lib/placement/agents.ts";
import { runContractNetAgents } from "../../lib/placement/contract_net_agents.ts";
import { setCoverGreedy } from "../../lib/placement/set_cover.ts";
import { setCoverExact } from "../../lib/placement/set_cover_exact.ts";
import { host, vm } from "./_fit_fixtures.ts";

const HEURISTICS = { firstFit, bestFit, worstFit, nextFit, firstFitDecreasing, bestFitDecreasing };

Deno.test("every fit heuristic packs fractions that sum exactly to the capacity onto one host", async (t) => {
  // In binary floating point 1 - 0.4 - 0.3 - 0.2 = 0.09999999999999995 < 0.1.
  assert.ok(1 - 0.4 - 0.3 - 0.2 < 0.1);
  const cases: [string, number, number[]][] = [
    ["0.4 + 0.3 + 0.2 + 0.1 on 1", 1, [0.4, 0.3, 0.2, 0.1]],
    ["ten times 0.1 on 1", 1, Array(10).fill(0.1)],
    ["0.7 + 0.2 + 0.1 on 1", 1, [0.7, 0.2, 0.1]],
    ["thirds of 3.3 MIPS", 3.3, [1.1, 1.1, 1.1]],
  ];
  for (const [name, capacity, sizes] of cases) {
    await t.step(name, () => {
      const hosts = [host("h0", capacity)];
      const vms = sizes.map((s, i) => vm(`v${i}`, s));
      for (const [label, place] of Object.entries(HEURISTICS)) {
        const result = place(hosts, vms, { dimensions: ["cpuMips"] });
        assert.equal(result.hostsUsed, 1, label);
        assert.deepEqual(result.unplaced, [], label);
        assert.deepEqual(validatePlacement(hosts, vms, result, { dimensions: ["cpuMips"] }), []);
      }
    });
  }
});

Deno.test("the fit limit is inclusive: demands reaching capacity plus the tolerance exactly fit", async (t) => {
  // c = withSlack(100) = 100.0000001; halving is exact in binary, so c/2 + c/2 is c itself
  const c = withSlack(100);
  const hosts = [host("h0", 100)];
  const placers = {
    ...HEURISTICS,
    bestFitMax: (h: typeof hosts, v: ReturnType<typeof vm>[], o: { dimensions: ["cpuMips"] }) =>
      bestFit(h, v, { ...o, residual: "max" }),
    bestFitDecreasingMax: (
      h: typeof hosts,
      v: ReturnType<typeof vm>[],
      o: { dimensions: ["cpuMips"] },
    ) => bestFitDecreasing(h, v, { ...o, residual: "max" }),
  };
  for (const [name, sizes] of [["one VM of c", [c]], ["two VMs of c/2", [c / 2, c / 2]]] as const) {
    await t.step(name, () => {
      const vms = sizes.map((s, i) => vm(`v${i}`, s));
      for (const [label, place] of Object.entries(placers)) {
        const result = place(hosts, vms, { dimensions: ["cpuMips"] });
        assert.deepEqual(result.unplaced, [], label);
        assert.equal(result.hostsUsed, 1, label);
      }
      // the set-cover greedy fills each host from its item tree with the same limit
      const cover = setCoverGreedy(hosts, vms, { dimensions: ["cpuMips"] });
      assert.deepEqual(cover.unplaced, [], "setCoverGreedy");
      assert.equal(cover.hostsUsed, 1, "setCoverGreedy");
    });
  }
});

Deno.test("the fit tolerance is relative and tiny: a demand over capacity by more than FIT_TOLERANCE does not fit", () => {
  const capacity = 1e12; // a terabyte of RAM: the slack is 1,000 bytes
  const hosts = [host("h0", 1, capacity)];
  const within = [vm("a", 0, capacity * (1 + FIT_TOLERANCE / 2))];
  const over = [vm("a", 0, capacity * (1 + 2 * FIT_TOLERANCE))];
  for (const [label, place] of Object.entries(HEURISTICS)) {
    assert.deepEqual(place(hosts, within).unplaced, [], label);
    assert.deepEqual(place(hosts, over).unplaced, [0], label);
  }
  // A host of capacity 0 has no slack: only zero demands fit it.
  assert.deepEqual(
    firstFit([host("z", 0)], [vm("a", 0), vm("b", 1e-300)], { dimensions: ["cpuMips"] }).assignment,
    [0, -1],
  );
});

Deno.test("the exact placers pack 0.4 + 0.3 + 0.2 + 0.1 onto one host of capacity 1 too", async (t) => {
  // Issue 11: "demands given as fractions that sum exactly to a capacity must fit". The
  // cutting-stock patterns compared without the tolerance and needed two hosts here.
  const hosts = [host("h0", 1), host("h1", 1)];
  const vms = [0.4, 0.3, 0.2, 0.1].map((s, i) => vm(`v${i}`, s));
  const dimensions = ["cpuMips"] as const;
  const placers = {
    "cutting stock (ILP)": () => placeCuttingStock(hosts, vms, { dimensions }),
    "cutting stock (greedy)": () => placeCuttingStock(hosts, vms, { dimensions, method: "greedy" }),
    "set cover (greedy)": () => setCoverGreedy(hosts, vms, { dimensions }),
    "set cover (exact)": () => setCoverExact(hosts, vms, { dimensions }),
    "ILP": () => placeIlp(hosts, vms, { dimensions }),
    "SCAVP": () => placeScavp(hosts, vms, { dimensions }),
    "genetic": () => placeGenetic([hosts[0]!], vms, { seed: 1, dimensions }),
  };
  for (const [label, place] of Object.entries(placers)) {
    await t.step(label, async () => {
      const result = await place();
      assert.equal(result.hostsUsed, 1, label);
      assert.deepEqual(result.unplaced, [], label);
      assert.deepEqual(validatePlacement(hosts, vms, result, { dimensions }), []);
    });
  }
});

Deno.test("the power-aware placers pack 0.4 + 0.3 + 0.2 + 0.1 onto one host, in CPU and in RAM", async (t) => {
  // A review found PABFD compared room without the tolerance: it put the 0.1 on a second host.
  const powerModels = { linear: { kind: "linear" as const, idleWatts: 100, peakWatts: 200 } };
  const sizes = [0.4, 0.3, 0.2, 0.1];
  const cases = {
    cpu: {
      hosts: [0, 1].map((j) => ({ ...host(`h${j}`, 1), powerModel: "linear" })),
      vms: sizes.map((s, i) => vm(`v${i}`, s)),
      dimensions: ["cpuMips"] as const,
    },
    ram: {
      hosts: [0, 1].map((j) => ({ ...host(`h${j}`, 100, 1), powerModel: "linear" })),
      vms: sizes.map((s, i) => vm(`v${i}`, 1, s)),
      dimensions: ["ramBytes"] as const,
    },
  };
  for (const [dimension, { hosts, vms, dimensions }] of Object.entries(cases)) {
    for (
      const [label, place] of Object.entries({
        PABFD: () => placePabfd(hosts, vms, { powerModels, dimensions }),
        OBFDF: () => placeObfdf(hosts, vms, { powerModels, dimensions }),
      })
    ) {
      await t.step(`${label}, ${dimension}`, () => {
        const result = place();
        assert.deepEqual(result.assignment, [0, 0, 0, 0]);
        assert.deepEqual(validatePlacement(hosts, vms, result, { dimensions }), []);
      });
    }
  }
});

Deno.test("PABFD's overload threshold has the tolerance too: 0.2 + 0.1 stays under a threshold of 0.3", () => {
  // 0.2 + 0.1 = 0.30000000000000004 > 0.3 in binary floating point.
  assert.ok(0.2 + 0.1 > 0.3);
  const powerModels = { linear: { kind: "linear" as const, idleWatts: 100, peakWatts: 200 } };
  const hosts = [0, 1].map((j) => ({ ...host(`h${j}`, 1), powerModel: "linear" }));
  const vms = [vm("a", 0.2), vm("b", 0.1)];
  const result = placePabfd(hosts, vms, {
    powerModels,
    overloadThreshold: 0.3,
    dimensions: ["cpuMips"],
  });
  assert.deepEqual(result.assignment, [0, 0]);
  // a demand over the threshold by more than the tolerance still goes elsewhere
  const over = placePabfd(hosts, [vm("a", 0.2), vm("b", 0.1 + 1e-6)], {
    powerModels,
    overloadThreshold: 0.3,
    dimensions: ["cpuMips"],
  });
  assert.deepEqual(over.assignment, [0, 1]);
});

Deno.test("the migration agents' upper threshold has the tolerance: 0.2 + 0.1 on one host is not over 0.3", async (t) => {
  // 0.2 + 0.1 = 0.30000000000000004 > 0.3 in binary floating point: a host holding both
  // VMs was found overloaded and pushed one out to a switched-off host.
  const hosts = [0, 1].map((j) => host(`h${j}`, 1, 10));
  const options = { upperThreshold: 0.3, lowerThreshold: 0 };
  await t.step("runMigrationAgents", () => {
    const state = { hosts, vms: [vm("a", 0.2, 1), vm("b", 0.1, 1)], assignment: [0, 0] };
    const result = runMigrationAgents(state, options);
    assert.deepEqual(result.migrations, []);
    assert.equal(result.overloadedHosts, 0);
    // over the threshold by more than the tolerance: b (the smallest VM covering the
    // excess) goes to the switched-off host
    const over = runMigrationAgents(
      { ...state, vms: [vm("a", 0.2, 1), vm("b", 0.1 + 1e-6, 1)] },
      options,
    );
    assert.deepEqual(over.migrations, [{
      round: 1,
      vm: 1,
      fromHost: 0,
      toHost: 1,
      reason: "overload",
    }]);
  });
  await t.step("runContractNetAgents", () => {
    const timed = (name: string, mips: number) => ({ name, cpuMipsSeries: [mips], ramBytes: 1 });
    const result = runContractNetAgents(hosts, [timed("a", 0.2), timed("b", 0.1)], [0, 0], options);
    assert.deepEqual(result.migrations, []);
    assert.equal(result.rows[0]!.overloadedHosts, 0);
    const over = runContractNetAgents(
      hosts,
      [timed("a", 0.2), timed("b", 0.1 + 1e-6)],
      [0, 0],
      options,
    );
    assert.deepEqual(over.migrations, [{
      interval: 0,
      vm: 1,
      fromHost: 0,
      toHost: 1,
      reason: "overload",
    }]);
  });
});

Deno.test("the migration agents take a VM that brings a host exactly to the upper threshold", () => {
  // h1 (0.1 < 0.2) offers b; h0 holds 0.2: with b it is at 0.30000000000000004, the
  // threshold 0.3 in exact arithmetic, and takes it; h1 switches off.
  const hosts = [0, 1].map((j) => host(`h${j}`, 1, 10));
  const state = { hosts, vms: [vm("a", 0.2, 1), vm("b", 0.1, 1)], assignment: [0, 1] };
  const result = runMigrationAgents(state, { upperThreshold: 0.3, lowerThreshold: 0.2 });
  assert.deepEqual(result.migrations, [{
    round: 1,
    vm: 1,
    fromHost: 1,
    toHost: 0,
    reason: "underload",
  }]);
  assert.equal(result.hostsUsed, 1);
  assert.equal(result.overloadedHosts, 0);
});
