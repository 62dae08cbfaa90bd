import assert from "node:assert/strict";
import {
  beloglazov2012Scenario,
  cloudsimMigrationDelaySeconds,
  CONSOLIDATION_DECISIONS,
  type ConsolidationDecision,
  type ConsolidationView,
  ENERGY_INTEGRATORS,
  generateSyntheticTraces,
  MIGRATION_COST_MODELS,
  OVERLOAD_DETECTORS,
  type OverloadDetector,
  type Placer,
  PLACERS,
  simulateDatacenter,
  VM_SELECTORS,
  type VmSelector,
} from "../../lib/datacenter/mod.ts";
import { host, twoHosts } from "./_two_hosts.ts";

const synthetic = beloglazov2012Scenario(generateSyntheticTraces(60, { seed: 4, intervals: 24 }), {
  hosts: 30,
});
const base = { seed: 3, allocation: "mad" as const, migrationModel: "cloudsim" as const };

/** The result without the field that says which strategies were plugged in. */
function named<T extends { pluggedStrategies?: string[] }>(r: T): Omit<T, "pluggedStrategies"> {
  const { pluggedStrategies: _, ...rest } = r;
  return rest;
}

Deno.test("strategies: the registries' own values plugged in give the named run's result", () => {
  const byName = simulateDatacenter(synthetic, base);
  assert.ok(byName.migrations > 0);
  assert.equal(byName.pluggedStrategies, undefined);
  const plugged = simulateDatacenter(synthetic, {
    ...base,
    strategies: {
      overloadDetector: OVERLOAD_DETECTORS.mad,
      vmSelector: VM_SELECTORS.mmt,
      placer: PLACERS.pabfd,
      decision: CONSOLIDATION_DECISIONS.central,
      migrationCostModel: MIGRATION_COST_MODELS.cloudsim,
      energyIntegrator: ENERGY_INTEGRATORS.trapezoid,
    },
  });
  assert.deepEqual(plugged.pluggedStrategies, [
    "overloadDetector",
    "vmSelector",
    "placer",
    "decision",
    "migrationCostModel",
    "energyIntegrator",
  ]);
  assert.deepEqual(named(plugged), byName);
});

Deno.test("strategies: a decision strategy of one's own decides the migrations", () => {
  const calls: number[] = [];
  // never migrates, and reports every host with VMs as overloaded
  const idle: ConsolidationDecision = (view) => {
    let n = 0;
    for (let h = 0; h < view.hostCount; h++) if (view.vms(h).length > 0) n++;
    calls.push(n);
    return n;
  };
  const r = simulateDatacenter(synthetic, { ...base, strategies: { decision: idle } });
  assert.equal(r.migrations, 0);
  assert.equal(calls.length, 23); // every update but the first (creation)
  assert.deepEqual(r.rows.slice(1).map((row) => row.overloadedHosts), calls);
  assert.ok(simulateDatacenter(synthetic, base).migrations > 0);
});

Deno.test("strategies: cost, energy integrator and migration energy of one's own are used", () => {
  // two hosts, one VM each: the first update empties one host by one migration
  const options = { seed: 1, migrationModel: "cloudsim" as const };
  assert.equal(simulateDatacenter(twoHosts, options).migrations, 1);
  const r = simulateDatacenter(twoHosts, {
    ...options,
    strategies: {
      migrationCostModel: () => ({ seconds: 7, downtimeSeconds: 2, bytes: 1234 }),
      // 10 W whatever the hosts draw
      energyIntegrator: { readsEnd: false, joules: (_p, _q, seconds) => 10 * seconds },
      migrationEnergyModel: ({ bytes }) => bytes,
    },
  });
  assert.equal(r.migrations, 1);
  assert.equal(r.migrationSeconds, 7);
  assert.equal(r.migrationDowntimeSeconds, 2);
  assert.equal(r.migrationBytes, 1234);
  assert.equal(r.migrationEnergyKwh, 1234 / 3.6e6);
  // intervals 1 and 2 counted: interval 1 has two segments on two hosts (0-7 s both hosts,
  // 7-300 s the target), interval 2 one host for 300 s; plus the 1234 J of the migration
  const joules = 10 * (7 * 2 + 293) + 10 * 300 + 1234;
  assert.ok(Math.abs(r.energyKwh - joules / 3.6e6) < 1e-15);
});

Deno.test("strategies: a plugged model's impossible answer is an error naming the field", () => {
  const options = { seed: 1, migrationModel: "cloudsim" as const };
  const cost = (answer: Record<string, number>) => () =>
    simulateDatacenter(twoHosts, {
      ...options,
      strategies: {
        migrationCostModel: () => ({ seconds: 7, downtimeSeconds: 2, bytes: 1234, ...answer }),
      },
    });
  // the one migration: b's 512 MiB at 10 % over 1 Gbit/s
  const about = /\(for 536870912 bytes of RAM at 10 % over 125000000 bytes\/s\)/.source;
  const cases: [Record<string, number>, string][] = [
    [{ seconds: NaN }, `seconds ${about} must be a finite number >= 0: current value is NaN`],
    [{ seconds: -1 }, `seconds ${about} must be a finite number >= 0: current value is -1`],
    [{ downtimeSeconds: 9 }, `downtimeSeconds ${about} must be in \\[0, 7\\]: current value is 9`],
    [
      { downtimeSeconds: -0.5 },
      `downtimeSeconds ${about} must be in \\[0, 7\\]: current value is -0.5`,
    ],
    [{ bytes: Infinity }, `bytes ${about} must be a finite number >= 0: current value is Infinity`],
    // the slowdown comes besides the downtime: at most 7 - 2 s
    [{ slowdownSeconds: 6 }, `slowdownSeconds ${about} must be in \\[0, 5\\]: current value is 6`],
  ];
  for (const [answer, message] of cases) {
    assert.throws(cost(answer), new RegExp(`migration cost model's ${message}`));
  }
  assert.equal(cost({ slowdownSeconds: 5 })().migrations, 1);
  assert.throws(
    () =>
      simulateDatacenter(twoHosts, {
        ...options,
        strategies: { migrationEnergyModel: () => -1 },
      }),
    /migration energy model's joules \(for 536870912 bytes\) must be a finite number >= 0: current value is -1/,
  );
});

Deno.test("strategies: a bad value is an error naming the field", () => {
  assert.throws(
    () => simulateDatacenter(twoHosts, { seed: 1, strategies: { decision: 3 as never } }),
    /options\.strategies\.decision must be a function: current value is 3/,
  );
  assert.throws(
    () =>
      simulateDatacenter(twoHosts, {
        seed: 1,
        strategies: { energyIntegrator: { readsEnd: "yes", joules: () => 0 } as never },
      }),
    /options\.strategies\.energyIntegrator\.readsEnd must be a boolean/,
  );
  assert.throws(
    () =>
      simulateDatacenter(twoHosts, {
        seed: 1,
        strategies: { energyIntegrator: { readsEnd: false, joules: 5 } as never },
      }),
    /options\.strategies\.energyIntegrator\.joules must be a function: current value is 5/,
  );
  assert.throws(
    () =>
      simulateDatacenter(twoHosts, {
        seed: 1,
        strategies: { energyIntegrator: null as never },
      }),
    /options\.strategies\.energyIntegrator must be an object: current value is null/,
  );
  assert.throws(
    () => simulateDatacenter(twoHosts, { seed: 1, strategies: { detector: () => true } as never }),
    /"detector" must be a known key of options\.strategies/,
  );
  assert.throws(
    () => simulateDatacenter(twoHosts, { seed: 1, strategies: [] as never }),
    /options\.strategies must be/,
  );
});

Deno.test("strategies: an overload detector of one's own decides every overload check", () => {
  // THR 0.8 written by hand, under the MAD allocation: the same run as THR 0.8 by name
  const seen: number[] = [];
  const thr80: OverloadDetector = (host) => {
    seen.push(host.utilization);
    return host.utilization > 0.8;
  };
  const thr = simulateDatacenter(synthetic, { ...base, allocation: "thr", parameter: 0.8 });
  const mine = simulateDatacenter(synthetic, { ...base, strategies: { overloadDetector: thr80 } });
  const mad = simulateDatacenter(synthetic, base);
  assert.ok(seen.length > 0);
  assert.deepEqual(mine.pluggedStrategies, ["overloadDetector"]);
  const strip = (r: typeof thr) => ({ ...named(r), allocation: "", parameter: 0 });
  assert.deepEqual(strip(mine), strip(thr));
  assert.notDeepEqual(strip(mine), strip(mad));
  // a detector that never fires: no host is ever found overloaded
  const never = simulateDatacenter(synthetic, {
    ...base,
    strategies: { overloadDetector: () => false },
  });
  assert.ok(mad.rows.some((row) => row.overloadedHosts > 0));
  assert.ok(never.rows.every((row) => row.overloadedHosts === 0));
  // one that always fires: every host with VMs is overloaded, but not a switched-off one (it
  // has nothing to give up). Of three hosts two hold the VMs at every update: the one that
  // was empty takes the first VM moved (an empty host takes a VM whatever the detector says)
  const three = { ...twoHosts, hosts: [...twoHosts.hosts, host("h2")] };
  const always = simulateDatacenter(three, {
    seed: 1,
    migrationModel: "cloudsim",
    strategies: { overloadDetector: () => true },
  });
  assert.deepEqual(always.rows.map((row) => [row.overloadedHosts, row.migrations]), [
    [0, 0],
    [2, 1],
    [2, 1],
  ]);
  // the agents alike: the two with VMs are overloaded, every call refused (each bidder,
  // switched-off h2 too, would be overloaded with the VM), nothing moves
  const agents = simulateDatacenter(three, {
    seed: 1,
    migrationModel: "cloudsim",
    decisions: "contract-net",
    strategies: { overloadDetector: () => true },
  });
  assert.deepEqual(agents.rows.map((row) => [row.overloadedHosts, row.migrations]), [
    [0, 0],
    [2, 0],
    [2, 0],
  ]);
});

Deno.test("strategies: a VM selector of one's own chooses the VMs overloaded hosts give up", () => {
  // MMT written by hand: the first VM of least RAM, one at a time until not overloaded
  const mmt: VmSelector = (host) => {
    for (;;) {
      const list = host.candidates(false);
      if (list.length === 0) return;
      let best = list[0]!;
      for (const c of list) if (c.ramBytes < best.ramBytes) best = c;
      host.remove(best.vm);
      if (!host.overloaded()) return;
    }
  };
  const byName = simulateDatacenter(synthetic, base);
  const mine = simulateDatacenter(synthetic, { ...base, strategies: { vmSelector: mmt } });
  assert.deepEqual(named(mine), byName);
  // a selector that gives up nothing is called once per overloaded host
  let calls = 0;
  const none = simulateDatacenter(synthetic, {
    ...base,
    strategies: { vmSelector: () => void calls++ },
  });
  const overloaded = none.rows.reduce((a, row) => a + row.overloadedHosts, 0);
  assert.ok(overloaded > 0);
  assert.equal(calls, overloaded);
  assert.ok(none.migrations < byName.migrations);
});

Deno.test("strategies: a placer of one's own places created and migrated VMs", () => {
  // First Fit written by hand over PlacerHosts: the same run as placement "first-fit"
  const firstFit: Placer = (vm, hosts) => {
    for (let h = 0; h < hosts.count; h++) {
      if (hosts.excluded(h) || !hosts.fits(vm, h)) continue;
      if (hosts.isEmpty(h) || !hosts.overloaded(h, vm)) return h;
    }
    return -1;
  };
  const byName = simulateDatacenter(synthetic, { ...base, placement: "first-fit" });
  const mine = simulateDatacenter(synthetic, { ...base, strategies: { placer: firstFit } });
  assert.deepEqual({ ...named(mine), placement: "first-fit" }, byName);
  assert.notDeepEqual(byName.rows, simulateDatacenter(synthetic, base).rows);
  // a placer that finds no host: no VM is created
  const nowhere = simulateDatacenter(synthetic, { ...base, strategies: { placer: () => -1 } });
  assert.equal(nowhere.unplacedVms.length, synthetic.vms.length);
  assert.equal(nowhere.migrations, 0);
});

Deno.test("strategies: a detector asked about a host with a VM added sees that VM's migration time", () => {
  // LR and LRR look ahead by the longest migration of the host's VMs (CloudSim's
  // getMaximumVmMigrationTime), the VM being tried included: b (1 GiB) tried on h0, whose
  // own VM a has 512 MiB, is a 1 GiB migration over h0's link
  const slowLink = { ...host("h1"), bandwidthBytesPerSecond: 62.5e6 };
  const s = {
    ...twoHosts,
    hosts: [host("h0"), slowLink],
    vms: [twoHosts.vms[0]!, { ...twoHosts.vms[1]!, ramBytes: 2 ** 30 }],
  };
  const seen = new Set<number>();
  let calls = 0;
  simulateDatacenter(s, {
    seed: 1,
    migrationModel: "cloudsim",
    strategies: {
      overloadDetector: (view) => {
        seen.add(view.largestMigrationSeconds());
        return false;
      },
      // the two VMs are created on their own hosts; after that the search asks the detector
      // about each host with the VM added, but nothing moves, so no host holds a and b
      placer: (v, hosts) => {
        const h = hosts.leastCost(v);
        return ++calls <= 2 ? h : -1;
      },
    },
  });
  assert.ok(seen.has(cloudsimMigrationDelaySeconds(2 ** 30, 125e6)), [...seen].join(", "));
  assert.ok(seen.has(cloudsimMigrationDelaySeconds(2 ** 29, 125e6)));
});

Deno.test("strategies: resetTargets makes an excluded host a target again within the update", () => {
  // a decision of one's own takes VM b off h1 and places it with h0 excluded (h1 it is), then
  // makes every host a target again, excludes h1 and places it once more: h0 it is; then b
  // goes back
  const placed: number[] = [];
  simulateDatacenter(twoHosts, {
    seed: 1,
    migrationModel: "cloudsim",
    strategies: {
      decision: (view) => {
        if (placed.length > 0) return 0;
        view.detach(1, 1);
        view.excludeTarget(0);
        placed.push(view.place(1));
        view.resetTargets();
        view.excludeTarget(1);
        placed.push(view.place(1));
        view.attach(1, 1);
        return 0;
      },
    },
  });
  assert.deepEqual(placed, [1, 0]);
});

Deno.test("strategies: a plugged strategy's answer is checked, naming the strategy and the value", async (t) => {
  /** The run with these strategies plugged in throws `name` with `message`. */
  const refuses = (strategies: Record<string, unknown>, name: string, message: RegExp) =>
    assert.throws(() => simulateDatacenter(synthetic, { ...base, strategies }), { name, message });
  await t.step("an overload detector that does not answer a boolean", () => {
    // a string or undefined was taken as an answer (never overloaded, or as false)
    for (const [answer, shown] of [["yes", '"yes"'], [undefined, "undefined"], [1, "1"]]) {
      refuses(
        { overloadDetector: () => answer },
        "TypeError",
        new RegExp(
          `options\\.strategies\\.overloadDetector must return a boolean: current value is ${shown}$`,
        ),
      );
    }
  });
  await t.step(
    "a decision whose count of overloaded hosts is not one (the rows printed it)",
    () => {
      for (const [answer, shown] of [[Number.NaN, "NaN"], ["3", '"3"'], [31, "31"], [-1, "-1"]]) {
        const decision: ConsolidationDecision = (view, s) => {
          CONSOLIDATION_DECISIONS.central(view, s);
          return answer as number;
        };
        refuses(
          { decision },
          "RangeError",
          new RegExp(
            `options\\.strategies\\.decision must return the number of hosts it found overloaded, an integer in \\[0, 30\\]: current value is ${shown}$`,
          ),
        );
      }
    },
  );
  await t.step("an energy integrator's joules that are not a finite number >= 0", () => {
    // NaN made the run's energy NaN; -1 made it negative
    for (const [answer, shown] of [[Number.NaN, "NaN"], [-1, "-1"], [Infinity, "Infinity"]]) {
      refuses(
        { energyIntegrator: { readsEnd: true, joules: () => answer } },
        "RangeError",
        new RegExp(
          `options\\.strategies\\.energyIntegrator\\.joules must return a finite number >= 0 \\(for [0-9.]+ W to [0-9.]+ W over [0-9.]+ s\\): current value is ${shown}$`,
        ),
      );
    }
  });
  await t.step("a VM selector that removes a VM that is not one of the host's candidates", () => {
    // a VM not on the host took the host's last VM off instead; one removed twice, likewise
    const stranger: VmSelector = (host) => host.remove(99999);
    const twice: VmSelector = (host) => {
      const [first] = host.candidates(false);
      if (first === undefined) return;
      host.remove(first.vm);
      host.remove(first.vm);
    };
    for (const vmSelector of [stranger, twice]) {
      refuses(
        { vmSelector },
        "RangeError",
        /options\.strategies\.vmSelector must remove one of host \d+'s candidates \([0-9, ]+\): current value is \d+$/,
      );
    }
  });
  await t.step("a decision's calls of the view with impossible arguments", () => {
    /** A decision that makes one call of the view at its first update, then decides as usual. */
    const first = (call: (view: ConsolidationView) => unknown): ConsolidationDecision => {
      let done = false;
      return (view, s) => {
        if (!done) {
          done = true;
          call(view);
        }
        return CONSOLIDATION_DECISIONS.central(view, s);
      };
    };
    const cases: [string, (view: ConsolidationView) => unknown, RegExp][] = [
      // answered undefined, or fits true, before
      [
        "vms(999)",
        (view) => view.vms(999),
        /view\.vms\(host\) must take a host index in \[0, 29\]: current value is 999$/,
      ],
      [
        "demandMips(60)",
        (view) => view.demandMips(60),
        /view\.demandMips\(vm\) must take a VM index in \[0, 59\]: current value is 60$/,
      ],
      [
        "fits(9999, 0)",
        (view) => view.fits(9999, 0),
        /view\.fits\(vm, host\) must take a VM index in \[0, 59\]: current value is 9999$/,
      ],
      [
        "selectVms(0, undefined)",
        (view) => view.selectVms(0, undefined as unknown as number[]),
        /view\.selectVms\(host, out\) must take an array as out: current value is undefined$/,
      ],
      // took the other host's last VM off before
      [
        "detach from a host the VM is not on",
        (view) => view.detach(view.vms(firstHost(view))[0]!, firstHost(view) + 1),
        /view\.detach\(vm, host\) must take a VM booked on the host \(host \d+ holds (?:[0-9, ]+|none)\): current value is VM \d+$/,
      ],
      [
        "attach twice to one host",
        (view) => view.attach(view.vms(firstHost(view))[0]!, firstHost(view)),
        /view\.attach\(vm, host\) must take a VM not yet booked on the host: current value is VM \d+ on host \d+$/,
      ],
      // counted as a migration before
      [
        "migrate to the VM's own host",
        (view) => view.migrate(view.vms(firstHost(view))[0]!, firstHost(view)),
        /view\.migrate\(vm, host\) must take a VM it may move \(it is on host \d+ already\): current value is VM \d+ to host \d+$/,
      ],
      // the host lists disagreed with the VMs' hosts for the rest of the run
      [
        "a VM detached and never attached back",
        (view) => view.detach(view.vms(firstHost(view))[0]!, firstHost(view)),
        /options\.strategies\.decision must leave each VM booked once, on its own host: current value is VM \d+ not booked on its host \d+$/,
      ],
      [
        "a reservation left in place",
        (view) => view.attach(view.vms(firstHost(view))[0]!, firstHost(view) + 1),
        /options\.strategies\.decision must leave each VM booked once, on its own host: current value is VM \d+ booked on host \d+ while its host is \d+$/,
      ],
    ];
    for (const [name, call, message] of cases) {
      assert.throws(
        () => simulateDatacenter(synthetic, { ...base, strategies: { decision: first(call) } }),
        { name: message.source.includes("an array") ? "TypeError" : "RangeError", message },
        name,
      );
    }
  });
  await t.step("checked answers leave a run as it was", () => {
    // the registries' values plugged in as functions of one's own: the same run as by name
    const byName = simulateDatacenter(synthetic, base);
    const own = simulateDatacenter(synthetic, {
      ...base,
      strategies: {
        overloadDetector: (host, s) => OVERLOAD_DETECTORS.mad(host, s),
        decision: (view, s) => CONSOLIDATION_DECISIONS.central(view, s),
        energyIntegrator: {
          readsEnd: true,
          joules: (p, q, dt) => ENERGY_INTEGRATORS.trapezoid.joules(p, q, dt),
        },
        vmSelector: (host, s) => VM_SELECTORS.mmt(host, s),
      },
    });
    assert.deepEqual(named(own), byName);
    // the agents' calls pass the view's checks too
    const agents = {
      ...base,
      allocation: "thr" as const,
      parameter: 0.8,
      decisions: "contract-net" as const,
    };
    assert.deepEqual(
      named(simulateDatacenter(synthetic, {
        ...agents,
        strategies: { decision: (view, s) => CONSOLIDATION_DECISIONS["contract-net"](view, s) },
      })),
      simulateDatacenter(synthetic, agents),
    );
  });
});

/** The first host with a VM. */
function firstHost(view: ConsolidationView): number {
  let h = 0;
  while (view.vms(h).length === 0) h++;
  return h;
}
