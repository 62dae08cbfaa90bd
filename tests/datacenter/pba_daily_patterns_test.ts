/**
 * PBA over daily patterns inside `simulateDatacenter` (`options.pbaPatterns`), and
 * `learnDailyUsagePatterns`: the patterns are per-slot means over earlier days, bad profiles are
 * refused naming the field and value, and on a hand-made day the correlation decides the packing
 * (anti-correlated VMs share a host under PBA, not under First Fit nor PBA over the empty history).
 */
import assert from "node:assert/strict";
import {
  CONSOLIDATION_DECISIONS,
  type ConsolidationView,
  type DailyUsageProfile,
  type DatacenterScenario,
  learnDailyUsagePatterns,
  type Placer,
  type PlacerHosts,
  PLACERS,
  simulateDatacenter,
  type SimulateDatacenterOptions,
} from "../../lib/datacenter/mod.ts";

Deno.test("learnDailyUsagePatterns() averages each slot over the days a VM is seen on", () => {
  const p = learnDailyUsagePatterns([
    { names: ["b", "a"], percent: [[0, 10], [100, 0]] },
    { names: ["c"], percent: [[7, 7]] },
    { names: ["a", "c"], percent: [[50, 20], [9, 3]] },
  ]);
  assert.equal(p.slots, 2);
  assert.equal(p.slotSeconds, 300);
  assert.deepEqual(p.patterns, [
    { name: "a", cpuPercentPerSlot: [75, 10], days: 2 },
    { name: "b", cpuPercentPerSlot: [0, 10], days: 1 },
    { name: "c", cpuPercentPerSlot: [8, 5], days: 2 },
  ]);
});

Deno.test("learnDailyUsagePatterns() passes over a day without traces, first or later", () => {
  const day = { names: ["a"], percent: [[10, 30]] };
  const empty = { names: [], percent: [] };
  const alone = learnDailyUsagePatterns([day]);
  assert.deepEqual(alone.patterns, [{ name: "a", cpuPercentPerSlot: [10, 30], days: 1 }]);
  assert.deepEqual(learnDailyUsagePatterns([empty, day]), alone);
  assert.deepEqual(learnDailyUsagePatterns([day, empty]), alone);
});

Deno.test("learnDailyUsagePatterns() refuses bad days naming the field", () => {
  assert.throws(() => learnDailyUsagePatterns([]), /days must hold at least 1 items/);
  assert.throws(
    () =>
      learnDailyUsagePatterns([
        { names: ["a"], percent: [[1, 2]] },
        { names: ["a"], percent: [[1, 2, 3]] },
      ]),
    /days\[1\]\.percent\[0\] must hold 2 values .*an array of 3/,
  );
  assert.throws(
    () => learnDailyUsagePatterns([{ names: ["a", "a"], percent: [[1], [2]] }]),
    /days\[0\]\.names\[1\] must be unique within the day: current value is "a"/,
  );
  assert.throws(
    () => learnDailyUsagePatterns([{ names: ["a"], percent: [[101]] }]),
    /days\[0\]\.percent\[0\]/,
  );
  assert.throws(
    () => learnDailyUsagePatterns([{ names: ["a"], percent: [[1]] }], { slotSeconds: 0 }),
    /options\.slotSeconds must be a finite number > 0: current value is 0/,
  );
});

// ---- a hand-made day: two VMs busy by day, two by night ----
const DAY = [90, 90, 10, 10];
const NIGHT = [10, 10, 90, 90];
const host = (name: string) => ({
  name,
  cpuMips: 2000,
  cores: 2,
  ramBytes: 8 * 2 ** 30,
  bandwidthBytesPerSecond: 125e6,
  rack: 0,
  powerModel: "linear",
});
const vm = (name: string) => ({
  name,
  cpuMips: 1000,
  ramBytes: 2 ** 29,
  bandwidthBytesPerSecond: 12.5e6,
});
const traces = { names: ["d1", "d2", "n1", "n2"], percent: [DAY, DAY, NIGHT, NIGHT] };
const scenario: DatacenterScenario = {
  hosts: [host("h0"), host("h1"), host("h2")],
  vms: traces.names.map(vm),
  powerModels: { linear: { kind: "linear", idleWatts: 100, peakWatts: 200 } },
  traces,
};
/** Upper threshold 0.8 (1600 of 2000 MIPS), no host emptied, creation at the trace's demand. */
const options: SimulateDatacenterOptions = {
  seed: 1,
  allocation: "dt",
  parameter: 0.8,
  lowerThreshold: 0,
  selection: "mmt",
  migrationModel: "cloudsim",
  capacityChecks: "strict",
  initialDemand: "trace",
  energyIntegration: "hold",
  countFirstInterval: true,
};
const yesterday = learnDailyUsagePatterns([traces]);

Deno.test("simulateDatacenter() PBA over daily patterns packs anti-correlated VMs together", async (t) => {
  // Creation at interval 0 (d 900, n 100 MIPS; a host is overloaded above 1600 MIPS):
  // - First Fit: d1 -> h0; d2 -> h1 (h0 would hold 1800); n1 -> h0 (1000); n2 -> h0 (1100).
  //   At interval 2 h0 holds d1 100 + n1 900 + n2 900 = 1900 MIPS: overloaded; MMT (equal
  //   RAM: the first in its list) moves d1 (1800 left, still over) and then n1: 2 migrations.
  // - PBA over the daily patterns: d1 -> h0; d2 -> h1; n1 correlates -1 with both h0 (d1) and
  //   h1 (d2): h0, the lower index; n2 correlates 0 with h0 (d1 + n1 is constant) and -1 with
  //   h1 (d2): h1. Each host then holds a constant 1000 MIPS: no overload, no migration.
  // - PBA over the history: empty at creation, every correlation 0: First Fit's packing.
  const ff = simulateDatacenter(scenario, { ...options, placement: "first-fit" });
  const daily = simulateDatacenter(scenario, {
    ...options,
    placement: "pba",
    pbaPatterns: yesterday,
  });
  const history = simulateDatacenter(scenario, { ...options, placement: "pba" });
  await t.step("First Fit puts both night VMs with a day VM and overloads h0", () => {
    assert.deepEqual(ff.rows.map((r) => r.overloadedHosts), [0, 0, 1, 0]);
    assert.deepEqual(ff.rows.map((r) => r.migrations), [0, 0, 2, 0]);
  });
  await t.step("PBA over the daily patterns pairs each day VM with a night VM", () => {
    assert.deepEqual(daily.rows.map((r) => r.overloadedHosts), [0, 0, 0, 0]);
    assert.equal(daily.migrations, 0);
    assert.deepEqual(daily.activeHosts, [2, 2, 2, 2]);
    assert.ok(daily.energyKwh < ff.energyKwh, `${daily.energyKwh} < ${ff.energyKwh}`);
  });
  await t.step("PBA over the (empty) history packs as First Fit at creation", () => {
    assert.deepEqual(history.rows.map((r) => r.overloadedHosts), [0, 0, 1, 0]);
    assert.equal(history.migrations, 2);
  });
  await t.step("patterns that carry no correlation (all constant) give First Fit's packing", () => {
    const flat: DailyUsageProfile = {
      ...yesterday,
      patterns: yesterday.patterns.map((p) => ({ ...p, cpuPercentPerSlot: [50, 50, 50, 50] })),
    };
    const r = simulateDatacenter(scenario, { ...options, placement: "pba", pbaPatterns: flat });
    assert.equal(r.migrations, 2);
    assert.deepEqual(r.rows.map((x) => x.overloadedHosts), [0, 0, 1, 0]);
  });
  await t.step("a VM without a pattern goes to the first active host that takes it", () => {
    // n2 unknown: correlation 0 everywhere, so h0 (d1 + n1, 1100 MIPS at creation): overloaded
    // at interval 2 as under First Fit.
    const partial: DailyUsageProfile = {
      ...yesterday,
      patterns: yesterday.patterns.filter((p) => p.name !== "n2"),
    };
    const r = simulateDatacenter(scenario, {
      ...options,
      placement: "pba",
      pbaPatterns: partial,
    });
    assert.equal(r.migrations, 2);
  });
});

Deno.test("simulateDatacenter() offers placers the daily patterns as shares: of the VM's MIPS, and summed as shares of the host's", () => {
  const seen: [string, number, number[]][] = [];
  const watch: Placer = (v, hosts) => {
    seen.push(["vm", v, Array.from(hosts.vmPattern?.(v) ?? [])]);
    for (let h = 0; h < hosts.count; h++) {
      if (!hosts.isEmpty(h)) seen.push(["host", h, Array.from(hosts.hostPattern?.(h) ?? [])]);
    }
    return PLACERS.pba(v, hosts);
  };
  simulateDatacenter(scenario, {
    ...options,
    placement: "pba",
    pbaPatterns: yesterday,
    strategies: { placer: watch },
  });
  // d1 (90, 90, 10, 10 %) as shares of its 1000 MIPS; placed alone on h0 (2000 MIPS), the
  // host's pattern is half that when d2 is placed
  assert.deepEqual(seen[0], ["vm", 0, [0.9, 0.9, 0.1, 0.1]]);
  assert.deepEqual(seen[1], ["vm", 1, [0.9, 0.9, 0.1, 0.1]]);
  assert.deepEqual(seen[2], ["host", 0, [0.45, 0.45, 0.05, 0.05]]);
  // a VM the profile does not know has no pattern (null), not a pattern of zeros
  const withoutN2: DailyUsageProfile = {
    ...yesterday,
    patterns: yesterday.patterns.filter((p) => p.name !== "n2"),
  };
  const patterns: (ArrayLike<number> | null | undefined)[] = [];
  simulateDatacenter(scenario, {
    ...options,
    placement: "pba",
    pbaPatterns: withoutN2,
    strategies: {
      placer: (v, hosts) => {
        patterns[v] ??= hosts.vmPattern?.(v);
        return PLACERS.pba(v, hosts);
      },
    },
  });
  assert.equal(patterns[3], null);
  assert.deepEqual(Array.from(patterns[2]!), [0.1, 0.1, 0.9, 0.9]);
});

Deno.test("simulateDatacenter() refuses bad pbaPatterns naming the field and value", () => {
  const run = (pbaPatterns: unknown, placement: "pba" | "first-fit" = "pba") =>
    simulateDatacenter(scenario, {
      ...options,
      placement,
      pbaPatterns: pbaPatterns as DailyUsageProfile,
    });
  assert.throws(
    () => run(yesterday, "first-fit"),
    /options\.placement must be "pba" when options\.pbaPatterns is given: current value is "first-fit"/,
  );
  assert.throws(() => run(null), /options\.pbaPatterns must be an object: current value is null/);
  assert.throws(
    () => run({ ...yesterday, slots: 0 }),
    /options\.pbaPatterns\.slots must be an integer in \[1, 86400\]: current value is 0/,
  );
  assert.throws(
    () => run({ ...yesterday, slotSeconds: -5 }),
    /options\.pbaPatterns\.slotSeconds must be a finite number > 0: current value is -5/,
  );
  const bad = (patch: Record<string, unknown>) => ({
    ...yesterday,
    patterns: [{ ...yesterday.patterns[0]!, ...patch }, ...yesterday.patterns.slice(1)],
  });
  assert.throws(
    () => run(bad({ cpuPercentPerSlot: [90, 120, 10, 10] })),
    /options\.pbaPatterns\.patterns\[0\]\.cpuPercentPerSlot\[1\] must be in \[0, 100\]: current value is 120/,
  );
  assert.throws(
    () => run(bad({ cpuPercentPerSlot: [90, 90] })),
    /options\.pbaPatterns\.patterns\[0\]\.cpuPercentPerSlot must hold options\.pbaPatterns\.slots \(4\) values/,
  );
  assert.throws(
    () => run(bad({ name: "d2" })),
    /options\.pbaPatterns\.patterns\[1\]\.name must be unique in options\.pbaPatterns\.patterns: current value is "d2"/,
  );
  assert.throws(
    () => run(bad({ days: 0.5 })),
    /options\.pbaPatterns\.patterns\[0\]\.days must be an integer >= 1: current value is 0\.5/,
  );
  assert.throws(
    () => run(bad({ cpuPercentPerSlot: [90, Number.NaN, 10, 10] })),
    /options\.pbaPatterns\.patterns\[0\]\.cpuPercentPerSlot\[1\]/,
  );
});

Deno.test("PLACERS.pba correlates the daily patterns, not the histories, when the hosts offer them", () => {
  // By history host 0 moves against the VM; by daily pattern host 1 does.
  const histories = [[0.6, 0.2, 0.6, 0.2], [0.2, 0.6, 0.2, 0.6]];
  const dailies = [[0.2, 0.6, 0.2, 0.6], [0.6, 0.2, 0.6, 0.2]];
  const base: PlacerHosts = {
    count: 2,
    fits: () => true,
    increase: () => 1,
    overloaded: () => false,
    isEmpty: () => false,
    excluded: () => false,
    hostHistory: (h) => histories[h]!,
    vmHistory: () => [0.1, 0.5, 0.1, 0.5],
    leastCost: () => 0,
  };
  assert.equal(PLACERS.pba(0, base), 0);
  const withPatterns: PlacerHosts = {
    ...base,
    hostPattern: (h) => dailies[h]!,
    vmPattern: () => [0.1, 0.5, 0.1, 0.5],
  };
  assert.equal(PLACERS.pba(0, withPatterns), 1);
  // A VM without a pattern correlates 0 with both: the lower index.
  assert.equal(PLACERS.pba(0, { ...withPatterns, vmPattern: () => null }), 0);
});

Deno.test("simulateDatacenter() gives placers a host's daily pattern of the VMs it holds now, after a VM leaves it", () => {
  // Patterns that correlate 0 everywhere (constant, distinct levels, so that every sum tells
  // which VMs it holds): PBA packs as First Fit. Creation: d1, n1, n2 on h0; d2 on h1; x (a
  // day VM, 900 MIPS at interval 0) fits neither without overloading them: h2. At interval 2
  // h0 (1900 MIPS) gives up d1 and n1, and their placements read h0's pattern again: it must
  // hold n2 alone. A watching placer reads every host's pattern at every placement (so h0's
  // is read when x is created, after h0's last VM arrived) and, once the updates begin,
  // checks each against the VMs the host holds.
  const levels: Record<string, number> = { d1: 10, d2: 20, n1: 30, n2: 40, x: 50 };
  const withX: DatacenterScenario = {
    ...scenario,
    vms: [...scenario.vms, vm("x")],
    traces: { names: [...traces.names, "x"], percent: [...traces.percent, DAY] },
  };
  const flat: DailyUsageProfile = {
    ...yesterday,
    patterns: ["d1", "d2", "n1", "n2", "x"].map((name) => ({
      name,
      cpuPercentPerSlot: Array(4).fill(levels[name]!),
      days: 1,
    })),
  };
  let now: ConsolidationView | undefined;
  const checked: [number, number[]][] = [];
  const watch: Placer = (v, hosts) => {
    for (let h = 0; h < hosts.count; h++) hosts.hostPattern!(h);
    if (now !== undefined) {
      for (let h = 0; h < hosts.count; h++) {
        // the VMs' patterns (shares of their 1000 MIPS) as shares of the host's 2000
        const expected = [0, 0, 0, 0];
        for (const u of now.vms(h)) {
          const share = hosts.vmPattern!(u)!, f = 1000 / now.cpuMips(h);
          for (let t = 0; t < 4; t++) expected[t]! += share[t]! * f;
        }
        assert.deepEqual(Array.from(hosts.hostPattern!(h)), expected, `host ${h}, placing ${v}`);
        checked.push([h, expected]);
      }
    }
    return PLACERS.pba(v, hosts);
  };
  const r = simulateDatacenter(withX, {
    ...options,
    placement: "pba",
    pbaPatterns: flat,
    strategies: {
      placer: watch,
      decision: (view, settings) => {
        now = view;
        return CONSOLIDATION_DECISIONS.central(view, settings);
      },
    },
  });
  assert.deepEqual(r.rows.map((x) => x.migrations), [0, 0, 2, 0]);
  // h0 as the two placements of interval 2 saw it: n2 alone (40 % of 1000 over 2000 MIPS)
  assert.deepEqual(checked.filter(([h]) => h === 0).map(([, p]) => p), [
    [0.2, 0.2, 0.2, 0.2],
    [0.2, 0.2, 0.2, 0.2],
  ]);
});
