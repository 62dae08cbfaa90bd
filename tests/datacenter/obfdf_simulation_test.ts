import assert from "node:assert/strict";
import {
  beloglazov2012Scenario,
  generateSyntheticTraces,
  simulateDatacenter,
} from "../../lib/datacenter/mod.ts";

const base = beloglazov2012Scenario(generateSyntheticTraces(200, { seed: 3 }), { hosts: 100 });
/** The synthetic scenario with 10 racks of 10 hosts. */
const scenario = { ...base, hosts: base.hosts.map((h, j) => ({ ...h, rack: Math.floor(j / 10) })) };
const switchPower = { topOfRackWatts: 150, aggregationWatts: 300, racksPerAggregation: 2 };

/** A host of the hand examples (4 GiB, 1 Gbit/s), named power model, rack, MIPS and cores. */
function handHost(name: string, powerModel: string, rack: number, cpuMips = 4000, cores = 4) {
  return {
    name,
    cpuMips,
    cores,
    ramBytes: 4 * 2 ** 30,
    bandwidthBytesPerSecond: 125e6,
    rack,
    powerModel,
  };
}
/** A VM of the hand examples (100 Mbit/s). */
function handVm(name: string, cpuMips = 1000, ramBytes = 2 ** 29) {
  return { name, cpuMips, ramBytes, bandwidthBytesPerSecond: 12.5e6 };
}
/** The hand examples' power models: a lean host (100-200 W) and a hungry one (150-250 W). */
const HAND_POWER_MODELS = {
  lean: { kind: "linear" as const, idleWatts: 100, peakWatts: 200 },
  hungry: { kind: "linear" as const, idleWatts: 150, peakWatts: 250 },
};
/** The energy of a constant draw over one 300 s interval, in kWh. */
const kwh = (watts: number) => watts * 300 / 3.6e6;

Deno.test("simulateDatacenter() adds top-of-rack and aggregation switch energy without changing PABFD's decisions", () => {
  const plain = simulateDatacenter(scenario, { seed: 1, migrationModel: "cloudsim" });
  const switched = simulateDatacenter(scenario, {
    seed: 1,
    migrationModel: "cloudsim",
    switchPower,
  });
  assert.equal(plain.switchEnergyKwh, 0);
  assert.equal(plain.placement, "pabfd");
  assert.equal(switched.migrations, plain.migrations);
  assert.ok(switched.switchEnergyKwh > 0);
  assert.ok(Math.abs(switched.energyKwh - plain.energyKwh - switched.switchEnergyKwh) < 1e-9);
  // At most every switch for every counted interval (10 racks, 5 aggregation switches).
  const allOnKwh = (10 * 150 + 5 * 300) * 300 * (switched.intervals - 1) / 3.6e6;
  assert.ok(switched.switchEnergyKwh <= allOnKwh + 1e-9);
});

Deno.test("simulateDatacenter() with OBFDF placement online uses fewer hosts and less energy than PABFD here", () => {
  const pabfd = simulateDatacenter(scenario, { seed: 1, migrationModel: "cloudsim", switchPower });
  const obfdf = simulateDatacenter(scenario, {
    seed: 1,
    migrationModel: "cloudsim",
    switchPower,
    placement: "obfdf",
  });
  // Measured: 37.7 against 23.2 active hosts, 142.5 against 126.6 kWh (switches included).
  assert.equal(obfdf.placement, "obfdf");
  assert.ok(obfdf.meanActiveHosts < pabfd.meanActiveHosts);
  assert.ok(obfdf.energyKwh < pabfd.energyKwh);
  assert.ok(obfdf.migrations < pabfd.migrations);
  assert.throws(
    () => simulateDatacenter(scenario, { seed: 1, placement: "wf" as "obfdf" }),
    {
      name: "TypeError",
      message:
        'Cannot simulate datacenter as options.placement must be one of "pabfd", "obfdf", "first-fit", "pba": current value is "wf"',
    },
  );
});

Deno.test("simulateDatacenter() OBFDF with switch power keeps a migrated VM in the rack already on (hand example)", () => {
  // Rack 0: h0 (lean, 100-200 W) and h1 (hungry, 150-250 W); rack 1: h2 (lean). Both VMs
  // start on h0 (OBFDF charges an empty host its whole draw), then ask 1000 MIPS each: h0 at
  // 0.5 is over THR 0.4 and one VM (0.25 of a host) moves to an empty host. OBFDF's cost of
  // an empty host is its whole draw plus the switches it would switch on (Esfandiarpour,
  // Pahlavan and Goudarzi 2013): h1 175 W; h2 125 W + its top-of-rack switch 150 W (the
  // aggregation switch is shared with rack 0 and on) = 275 W, so h1. Without switch power
  // h2 (125 W) wins.
  const hand = {
    hosts: [handHost("h0", "lean", 0), handHost("h1", "hungry", 0), handHost("h2", "lean", 1)],
    vms: [handVm("a"), handVm("b")],
    powerModels: HAND_POWER_MODELS,
    traces: { names: ["a", "b"], percent: [[10, 100, 100, 100], [10, 100, 100, 100]] },
  };
  const options = {
    seed: 1,
    allocation: "thr" as const,
    parameter: 0.4,
    initialDemand: "trace" as const,
    migrationModel: "cloudsim" as const,
    placement: "obfdf" as const,
  };
  const aware = simulateDatacenter(hand, {
    ...options,
    switchPower: { topOfRackWatts: 150, aggregationWatts: 300, racksPerAggregation: 2 },
  });
  assert.equal(aware.migrations, 1);
  assert.deepEqual(aware.rows.map((row) => row.migrations), [0, 1, 0, 0]);
  // Only rack 0's top-of-rack and the aggregation switch, over the three counted intervals.
  assert.ok(Math.abs(aware.switchEnergyKwh - 3 * kwh(150 + 300)) < 1e-12);
  // After the migration: h0 and h1 at 0.25 (125 W + 175 W) plus 450 W of switches.
  for (const k of [2, 3]) assert.ok(Math.abs(aware.rows[k]!.energyKwh - kwh(750)) < 1e-12);
  const blind = simulateDatacenter(hand, options);
  assert.equal(blind.migrations, 1);
  // Without switch power the VM goes to h2: h0 and h2 at 0.25, 125 W each.
  for (const k of [2, 3]) assert.ok(Math.abs(blind.rows[k]!.energyKwh - kwh(250)) < 1e-12);
});

Deno.test("simulateDatacenter() OBFDF rack by rack keeps a migrated VM in the open rack, and opens the next only when it must (hand example)", () => {
  // The example above without switch power: rack 0 holds h0 (lean, 100-200 W) and h1
  // (hungry, 150-250 W), rack 1 h2 (lean). Both VMs start on h0; at the second update one
  // moves off h0 (0.5 > THR 0.4). OBFDF over every host takes h2 (an empty host's whole draw:
  // 125 W against h1's 175 W); rack by rack only rack 0 is open (it holds the VMs), so h1:
  // h0 and h1 at 0.25 draw 125 + 175 = 300 W. When h1 is too small for the VM (500 MIPS),
  // rack 1 is opened and the VM goes to h2 (125 + 125 W).
  const scenario = (h1Mips: number) => ({
    hosts: [
      handHost("h0", "lean", 0),
      handHost("h1", "hungry", 0, h1Mips),
      handHost("h2", "lean", 1),
    ],
    vms: [handVm("a"), handVm("b")],
    powerModels: HAND_POWER_MODELS,
    traces: { names: ["a", "b"], percent: [[10, 100, 100, 100], [10, 100, 100, 100]] },
  });
  const options = {
    seed: 1,
    allocation: "thr" as const,
    parameter: 0.4,
    initialDemand: "trace" as const,
    migrationModel: "cloudsim" as const,
    placement: "obfdf" as const,
  };
  const rowWatts = (r: ReturnType<typeof simulateDatacenter>) =>
    [2, 3].map((k) => Math.round(r.rows[k]!.energyKwh / kwh(1) * 1e6) / 1e6);
  const everyHost = simulateDatacenter(scenario(4000), options);
  assert.equal(everyHost.migrations, 1);
  assert.deepEqual(rowWatts(everyHost), [250, 250]);
  const byRack = simulateDatacenter(scenario(4000), { ...options, rackByRack: true });
  assert.deepEqual(byRack.rows.map((row) => row.migrations), [0, 1, 0, 0]);
  assert.deepEqual(rowWatts(byRack), [300, 300]);
  const opened = simulateDatacenter(scenario(500), { ...options, rackByRack: true });
  assert.deepEqual(opened.rows.map((row) => row.migrations), [0, 1, 0, 0]);
  assert.deepEqual(rowWatts(opened), [250, 250]);
  assert.throws(
    () => simulateDatacenter(scenario(4000), { ...options, placement: "pabfd", rackByRack: true }),
    new TypeError(
      'Cannot simulate datacenter as options.placement must be "obfdf" when options.rackByRack is true: current value is "pabfd"',
    ),
  );
  assert.throws(
    () => simulateDatacenter(scenario(4000), { ...options, rackByRack: 1 as unknown as boolean }),
    new TypeError(
      "Cannot simulate datacenter as options.rackByRack must be a boolean: current value is 1",
    ),
  );
});

Deno.test("OBFDF rack by rack with switch power charges no switch for a rack opened earlier in the same update", () => {
  // A review found the rack-by-rack placer read the switches' state of the last interval's
  // accounting, not the bookings of the update under way. Hand case, four hosts in two racks
  // of one aggregation switch; THR 0.2, demands from the trace.
  const hands = {
    hosts: [
      handHost("h0", "lean", 0, 4000, 1),
      handHost("h1", "hungry", 0, 1500, 1),
      handHost("h2", "lean", 1, 4000, 1),
      handHost("h3", "lean", 1, 4000, 1),
    ],
    vms: [handVm("big", 2000, 2 ** 27), handVm("med", 1000, 2 ** 28), handVm("small", 200)],
    powerModels: HAND_POWER_MODELS,
    traces: {
      names: ["big", "med", "small"],
      percent: [10, 10, 10].map(() => [10, 10, 100, 100, 100]),
    },
  };
  const options = {
    seed: 1,
    allocation: "thr" as const,
    parameter: 0.2,
    initialDemand: "trace" as const,
    migrationModel: "cloudsim" as const,
    placement: "obfdf" as const,
    rackByRack: true,
  };
  // All three start on h0. At interval 2 they reach 100 %: h0 (3,200 of 4,000 MIPS) is over
  // 0.2, and MMT moves big (least RAM), then med. Big fits no host of rack 0 (h1 has 1,500
  // MIPS), so rack 1 opens and big goes to h2. Med: h2 would pass 0.2; h1 (empty, 150 +
  // 100 x 1000/1500 = 216.7 W) or h3 (empty, 125 W, in rack 1, whose switch big just turned
  // on). OBFDF takes h3. Charged a top-of-rack switch for rack 1 (150 W), h3 would cost
  // 275 W, and med went to h1.
  const switched = simulateDatacenter(hands, { ...options, switchPower });
  const unswitched = simulateDatacenter(hands, options);
  const watts = (kwh: number) => kwh * 3.6e6 / 300;
  assert.equal(switched.rows[2]!.migrations, 2);
  assert.equal(switched.rows[2]!.activeHosts, 3);
  // Both switches of rack 0 and 1 and their aggregation switch, 600 W, the same hosts as
  // without switch power: h0 at 5 % (105 W), h2 at 50 % (150 W), h3 at 25 % (125 W), plus
  // the migrations' overlap (under 1 W here).
  const hostWatts = watts(unswitched.rows[2]!.energyKwh);
  assert.ok(hostWatts >= 380 && hostWatts < 381, `${hostWatts}`);
  assert.ok(Math.abs(watts(switched.rows[2]!.energyKwh) - hostWatts - 600) < 1e-6);
});

Deno.test("simulateDatacenter() OBFDF charges an aggregation switch only when it is off (hand example)", () => {
  // h0 (lean) in rack 0, h1 (hungry) in rack 1, h2 (lean) in rack 2; two racks per
  // aggregation switch, so racks 0 and 1 share one and rack 2 has its own. Both VMs start on
  // h0; at the second update h0 is at 0.5, over THR 0.4, and one VM (0.25 of a host) moves
  // to an empty host. h1: 175 W + its top-of-rack switch 150 W (its aggregation switch is on
  // with rack 0) = 325 W; h2: 125 W + 150 W + its aggregation switch 300 W = 575 W: h1.
  // Charging the aggregation switch whether or not it is on would make h1 625 W and take h2.
  const hand = {
    hosts: [handHost("h0", "lean", 0), handHost("h1", "hungry", 1), handHost("h2", "lean", 2)],
    vms: [handVm("a"), handVm("b")],
    powerModels: HAND_POWER_MODELS,
    traces: { names: ["a", "b"], percent: [[10, 100, 100, 100], [10, 100, 100, 100]] },
  };
  const result = simulateDatacenter(hand, {
    seed: 1,
    allocation: "thr",
    parameter: 0.4,
    initialDemand: "trace",
    migrationModel: "cloudsim",
    placement: "obfdf",
    switchPower,
  });
  assert.deepEqual(result.rows.map((row) => row.migrations), [0, 1, 0, 0]);
  // After the migration: h0 and h1 at 0.25 (125 W + 175 W), the top-of-rack switches of
  // racks 0 and 1 and their one aggregation switch (600 W).
  for (const k of [2, 3]) assert.ok(Math.abs(result.rows[k]!.energyKwh - kwh(900)) < 1e-12);
});

Deno.test("simulateDatacenter() OBFDF rack by rack opens rack 1 before rack 2 though rack 2's host costs less (hand example)", () => {
  // One host per rack, listed out of rack order: h0 (lean, rack 0), h1 (lean, rack 2), h2
  // (hungry, rack 1). Both VMs start on h0; at the second update h0 (0.5) is over THR 0.4 and
  // one VM (0.25) moves. Rack 0 has no other host, so the next rack, rack 1, opens: h2
  // (175 W), although h1 in rack 2 would cost 125 W. Rows 2 and 3: 125 W + 175 W = 300 W
  // (250 W if rack 2 were taken).
  const hand = {
    hosts: [handHost("h0", "lean", 0), handHost("h1", "lean", 2), handHost("h2", "hungry", 1)],
    vms: [handVm("a"), handVm("b")],
    powerModels: HAND_POWER_MODELS,
    traces: { names: ["a", "b"], percent: [[10, 100, 100, 100], [10, 100, 100, 100]] },
  };
  const result = simulateDatacenter(hand, {
    seed: 1,
    allocation: "thr",
    parameter: 0.4,
    initialDemand: "trace",
    migrationModel: "cloudsim",
    placement: "obfdf",
    rackByRack: true,
  });
  assert.deepEqual(result.rows.map((row) => row.migrations), [0, 1, 0, 0]);
  const watts = [2, 3].map((k) => Math.round(result.rows[k]!.energyKwh / kwh(1) * 1e6) / 1e6);
  assert.deepEqual(watts, [300, 300]);
});

Deno.test("simulateDatacenter() with stopAtLastEvent charges no switch energy after the last event", () => {
  // The switch-power hand example (rack 0: h0, h1; rack 1: h2; one aggregation switch for
  // both racks): rack 0's top-of-rack and the aggregation switch (450 W) are on from interval
  // 1. With stopAtLastEvent the run ends at interval 3's update (no migration then), so
  // interval 3 adds nothing, hosts or switches: switch energy covers intervals 1 and 2 only.
  const hand = {
    hosts: [handHost("h0", "lean", 0), handHost("h1", "hungry", 0), handHost("h2", "lean", 1)],
    vms: [handVm("a"), handVm("b")],
    powerModels: HAND_POWER_MODELS,
    traces: { names: ["a", "b"], percent: [[10, 100, 100, 100], [10, 100, 100, 100]] },
  };
  const result = simulateDatacenter(hand, {
    seed: 1,
    allocation: "thr",
    parameter: 0.4,
    initialDemand: "trace",
    migrationModel: "cloudsim",
    placement: "obfdf",
    cloudsim: { stopAtLastEvent: true },
    switchPower: { topOfRackWatts: 150, aggregationWatts: 300, racksPerAggregation: 2 },
  });
  assert.deepEqual(result.rows.map((row) => row.migrations), [0, 1, 0, 0]);
  assert.equal(result.rows[3]!.energyKwh, 0);
  assert.ok(Math.abs(result.switchEnergyKwh - 2 * kwh(450)) < 1e-12, `${result.switchEnergyKwh}`);
});
