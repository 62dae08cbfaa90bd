import assert from "node:assert/strict";
import {
  beloglazov2012Scenario,
  generateSyntheticTraces,
  simulateDatacenter,
} from "../../lib/datacenter/mod.ts";
import type { DatacenterScenario, SimulateDatacenterOptions } from "../../lib/datacenter/mod.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { twoHosts } from "./_two_hosts.ts";

const host = (name: string, model: string) => ({
  name,
  cpuMips: 2000,
  cores: 2,
  ramBytes: 2 ** 30,
  bandwidthBytesPerSecond: 125e6,
  rack: 0,
  powerModel: model,
});
const vm = (name: string) => ({
  name,
  cpuMips: 1000,
  ramBytes: 2 ** 29,
  bandwidthBytesPerSecond: 12.5e6,
});

const linear = { kind: "linear" as const, idleWatts: 100, peakWatts: 200 };
const near = (actual: number, expected: number, tolerance = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} vs ${expected}`);

Deno.test("simulateDatacenter() integrates power by CloudSim's trapezoid between updates", async (t) => {
  // one VM of 1000 MIPS on a 2000 MIPS host: host utilisation u_k = trace_k / 200
  const scenario = {
    hosts: [host("h0", "linear")],
    vms: [vm("a")],
    powerModels: { linear },
    traces: { names: ["a"], percent: [[50, 50, 20, 0, 40]] },
  };
  await t.step("trapezoid, interval 0 free, nothing drawn from 0 %", () => {
    const r = simulateDatacenter(scenario, { seed: 1, allocation: "dvfs" });
    // [t1,t2]: 125 -> 110 W; [t2,t3]: 110 -> 100 W; [t3,t4]: from 0 % so 0; [t4,end]: 120 W
    // held (CloudSim repeats the last sample)
    const ws = [0, (125 + 110) / 2 * 300, (110 + 100) / 2 * 300, 0, 120 * 300];
    near(r.energyKwh, ws.reduce((a, b) => a + b) / 3.6e6);
    assert.deepEqual(r.rows.map((row) => Math.round(row.energyKwh * 3.6e6 * 1e6) / 1e6), ws);
    assert.deepEqual(r.activeHosts, [1, 1, 1, 0, 1]);
  });
  await t.step("hold, interval 0 counted", () => {
    const r = simulateDatacenter(scenario, {
      seed: 1,
      allocation: "dvfs",
      energyIntegration: "hold",
      countFirstInterval: true,
    });
    near(r.energyKwh, (125 + 125 + 110 + 0 + 120) * 300 / 3.6e6);
  });
  await t.step("npa: every host at peak for every interval", () => {
    const r = simulateDatacenter(scenario, { seed: 1, allocation: "npa" });
    near(r.energyKwh, 200 * 5 * 300 / 3.6e6);
  });
});

Deno.test("simulateDatacenter() follows CloudSim's quirks on request: idle VMs, late updates, early end", async (t) => {
  // a and b (1000 MIPS each) share h0 (2000 MIPS, 100-200 W): u_k = (a_k + b_k) / 200
  const scenario = {
    hosts: [host("h0", "linear")],
    vms: [vm("a"), vm("b")],
    powerModels: { linear },
    traces: { names: ["a", "b"], percent: [[50, 50, 0, 0, 40], [20, 20, 20, 20, 20]] },
  };
  const kws = (ws: number[]) => ws.reduce((x, y) => x + y) / 3.6e6;
  await t.step("defaults keep every VM: u = .35, .35, .10, .10, .30", () => {
    const r = simulateDatacenter(scenario, { seed: 1, allocation: "dvfs" });
    assert.deepEqual(r.removedVms, []);
    near(r.energyKwh, kws([0, 122.5 * 300, 110 * 300, 120 * 300, 130 * 300]));
  });
  await t.step("removeIdleVms: a is 0 at k = 2 and 3, so it is gone before it asks 40 %", () => {
    const r = simulateDatacenter(scenario, {
      seed: 1,
      allocation: "dvfs",
      cloudsim: { removeIdleVms: true },
    });
    assert.deepEqual(r.removedVms, [0]);
    near(r.energyKwh, kws([0, 122.5 * 300, 110 * 300, 110 * 300, 110 * 300]));
  });
  await t.step("stopAtLastEvent: nothing after the last interval's start, NPA counts K - 1", () => {
    const r = simulateDatacenter(scenario, {
      seed: 1,
      allocation: "dvfs",
      cloudsim: { stopAtLastEvent: true },
    });
    near(r.energyKwh, kws([0, 122.5 * 300, 110 * 300, 120 * 300]));
    const npa = simulateDatacenter(scenario, {
      seed: 1,
      allocation: "npa",
      cloudsim: { stopAtLastEvent: true },
    });
    near(npa.energyKwh, kws([200 * 4 * 300]));
  });
  await t.step("updateOffsetSeconds: a trace of 0 before 40 % keeps the host on", () => {
    const one = {
      ...scenario,
      vms: [vm("a")],
      traces: { names: ["a"], percent: [[50, 50, 20, 0, 40]] },
    };
    // updates 30 s late read u_k + (u_k+1 - u_k) / 10: 47, 18, 4, 40 % of a, half that of h0
    const r = simulateDatacenter(one, {
      seed: 1,
      allocation: "dvfs",
      cloudsim: { updateOffsetSeconds: 30 },
    });
    near(
      r.energyKwh,
      kws([0, (123.5 + 109) / 2 * 300, (109 + 102) / 2 * 300, 111 * 300, 120 * 300]),
    );
    assert.deepEqual(r.activeHosts, [1, 1, 1, 1, 1]);
  });
  await t.step("a quirk is given in options.cloudsim only", () => {
    assert.throws(
      () => simulateDatacenter(scenario, { seed: 1, removeIdleVms: true } as never),
      new TypeError(
        "Cannot simulate datacenter as options.removeIdleVms must be given as options.cloudsim.removeIdleVms (a CloudSim quirk, see CloudSimQuirks): current value is true",
      ),
    );
    assert.throws(
      () =>
        simulateDatacenter(scenario, { seed: 1, cloudsim: { capacityChecks: "strict" } } as never),
      /"capacityChecks" must be a known key of options\.cloudsim .*: current value is "strict"/,
    );
    assert.throws(
      () => simulateDatacenter(scenario, { seed: 1, cloudsim: { removeIdleVms: 1 } } as never),
      new TypeError(
        "Cannot simulate datacenter as options.cloudsim.removeIdleVms must be a boolean: current value is 1",
      ),
    );
  });
  await t.step("bad offset", () => {
    assert.throws(
      () => simulateDatacenter(scenario, { seed: 1, cloudsim: { updateOffsetSeconds: -1 } }),
      new RangeError(
        "Cannot simulate datacenter as options.cloudsim.updateOffsetSeconds must be a finite number >= 0: current value is -1",
      ),
    );
  });
});

Deno.test("simulateDatacenter() creates VMs as CloudSim does: full MIPS on one core, residents idle", async (t) => {
  // h0 like an ML110 G4 (2 x 1860 MIPS), h1 like a G5 (2 x 2660 MIPS); 4 GiB each
  const big = (name: string) => ({ ...vm(name), cpuMips: 2500, ramBytes: 870 * 2 ** 20 });
  const scenario = {
    hosts: [
      { ...host("h0", "g4"), cpuMips: 3720, ramBytes: 4 * 2 ** 30 },
      { ...host("h1", "g5"), cpuMips: 5320, ramBytes: 4 * 2 ** 30 },
    ],
    vms: [big("a"), big("b"), { ...vm("c"), ramBytes: 1740 * 2 ** 20 }],
    powerModels: { g4: linear, g5: { kind: "linear" as const, idleWatts: 50, peakWatts: 150 } },
    traces: { names: ["a", "b", "c"], percent: [[10, 10], [10, 10], [10, 10]] },
  };
  await t.step("cloudsim: both 2500 MIPS VMs share h1, c goes to h0", () => {
    const r = simulateDatacenter(scenario, { seed: 1, allocation: "mad", intervals: 1 });
    assert.deepEqual(r.unplacedVms, []);
    assert.deepEqual(r.activeHosts, [2]);
  });
  await t.step("strict: b would put h1 above the 0.7 fallback threshold and is left out", () => {
    const r = simulateDatacenter(scenario, {
      seed: 1,
      allocation: "mad",
      intervals: 1,
      capacityChecks: "strict",
    });
    assert.deepEqual(r.unplacedVms, [1]);
  });
  await t.step("dvfs first fit skips h0, whose cores are smaller than the VM", () => {
    const r = simulateDatacenter({
      ...scenario,
      vms: [big("a")],
      traces: { names: ["a"], percent: [[10, 10]] },
    }, {
      seed: 1,
      allocation: "dvfs",
    });
    // a on h1 at 250 / 5320: only h1's model (50-150 W) draws power in interval 1
    near(r.energyKwh, (50 + 100 * 250 / 5320) * 300 / 3.6e6);
  });
});

Deno.test("simulateDatacenter() consolidates past RAM and charges the migration as CloudSim does", async (t) => {
  // RAM of 1 GiB per host and per VM: one VM per host at creation; CloudSim checks no RAM later
  const scenario = {
    hosts: [host("h0", "linear"), host("h1", "linear")],
    vms: [vm("a"), vm("b")].map((v) => ({ ...v, ramBytes: 2 ** 30 })),
    powerModels: { linear },
    traces: { names: ["a", "b"], percent: [[20, 20, 20], [10, 10, 10]] },
  };
  await t.step("cloudsim", () => {
    const r = simulateDatacenter(scenario, {
      seed: 1,
      allocation: "thr",
      migrationModel: "cloudsim",
    });
    assert.deepEqual(r.unplacedVms, []);
    assert.equal(r.migrations, 1);
    assert.deepEqual(r.activeHosts, [2, 2, 1]);
    assert.deepEqual(r.rows.map((row) => row.slaViolationHosts), [0, 1, 0]);
    // CloudSim delay: 1024 MiB counted as 1024e6 bytes over 62.5 MB/s
    const d = 16.384;
    near(r.migrationSeconds, d, 1e-9);
    // during the migration the source h1 still books b (100 MIPS, 5 %) and grants it 90 %;
    // the target h0 books a (200) and b (100) but grants b 10 %: 210 MIPS, 10.5 %
    const ws = (110.5 + 105) * d + 115 * (300 - d) + 115 * 300;
    near(r.energyKwh, ws / 3.6e6);
    // h0 violates (210 < 300 MIPS) for d seconds; active time 300 + d (h1) + 300
    near(r.slatah, d / (600 + d));
    // b loses 10 % of 100 MIPS for d seconds, out of 300 MIPS requested for 600 s
    near(r.pdm, (10 * d) / (300 * 600));
    near(r.slav, r.slatah * r.pdm);
    near(r.migrationEnergyKwh, 5 * d / 3.6e6);
  });
  await t.step("slatahCountsMigrationTargets: false", () => {
    const r = simulateDatacenter(scenario, {
      seed: 1,
      allocation: "thr",
      migrationModel: "cloudsim",
      cloudsim: { slatahCountsMigrationTargets: false },
    });
    assert.equal(r.slatah, 0);
  });
  await t.step("strict: RAM keeps both hosts on", () => {
    const r = simulateDatacenter(scenario, {
      seed: 1,
      allocation: "thr",
      capacityChecks: "strict",
    });
    assert.equal(r.migrations, 0);
    assert.deepEqual(r.activeHosts, [2, 2, 2]);
  });
});

Deno.test("simulateDatacenter() shares an over-subscribed host in proportion and counts SLATAH", () => {
  // c (1000 MIPS at 10 %) joins a and b on h0 at interval 1 (RAM unchecked); at interval 2 all
  // three ask 80 %: 2400 of 2000 MIPS. A threshold of 2 never migrates them back.
  const scenario = {
    hosts: [host("h0", "linear"), host("h1", "linear")],
    vms: [vm("a"), vm("b"), vm("c")].map((v) => ({ ...v, ramBytes: 2 ** 29 })),
    powerModels: { linear },
    traces: {
      names: ["a", "b", "c"],
      percent: [[10, 10, 80, 80], [10, 10, 80, 80], [10, 10, 80, 80]],
    },
  };
  const r = simulateDatacenter(scenario, {
    seed: 1,
    allocation: "thr",
    parameter: 2,
    migrationModel: "cloudsim",
  });
  assert.deepEqual(r.activeHosts, [2, 2, 1, 1]);
  assert.deepEqual(r.rows.map((row) => row.slaViolationHosts), [0, 1, 1, 1]);
  // each VM gets floor(800 x 2000 / 2400) = 666 MIPS: h0 at 1998 / 2000, 199.9 W
  near(r.rows[3]!.energyKwh, 199.9 * 300 / 3.6e6, 1e-15);
  // violation: the migration target for d = 8.192 s, then h0 for 600 s; active 900 s + d
  near(r.slatah, (600 + 8.192) / (900 + 8.192));
});

Deno.test("simulateDatacenter() reproduces identical results for a fixed seed", async (t) => {
  const traces = generateSyntheticTraces(60, { seed: 5, intervals: 30, meanPercent: 35 });
  const scenario = beloglazov2012Scenario(traces, { hosts: 60 });
  for (const [allocation, selection] of [["mad", "rs"], ["lrr", "mc"], ["iqr", "mu"]] as const) {
    await t.step(`${allocation} + ${selection}, engine migrations`, () => {
      const a = simulateDatacenter(scenario, { seed: 9, allocation, selection });
      const b = simulateDatacenter(scenario, { seed: 9, allocation, selection });
      assert.deepEqual(a, b);
      assert.ok(a.migrations > 0);
      assert.ok(a.migrationSeconds > 0 && a.migrationBytes > 0);
    });
  }
});

Deno.test("simulateDatacenter() rejects bad input with std-style messages", async (t) => {
  const scenario = beloglazov2012Scenario(generateSyntheticTraces(2, { seed: 1, intervals: 3 }), {
    hosts: 2,
  });
  await t.step("unknown allocation", () => {
    assert.throws(
      // deno-lint-ignore no-explicit-any
      () => simulateDatacenter(scenario, { seed: 1, allocation: "foo" as any }),
      new TypeError(
        'Cannot simulate datacenter as options.allocation must be one of "npa", "dvfs", "thr", "iqr", "mad", "lr", "lrr", "dt": current value is "foo"',
      ),
    );
  });
  await t.step("too many intervals", () => {
    assert.throws(
      () => simulateDatacenter(scenario, { seed: 1, intervals: 4 }),
      new RangeError(
        "Cannot simulate datacenter as options.intervals must be an integer in [1, 3]: current value is 4",
      ),
    );
  });
});

Deno.test("simulateDatacenter() reports no selection policy for NPA and DVFS, which migrate nothing", () => {
  for (const allocation of ["npa", "dvfs"] as const) {
    const r = simulateDatacenter(twoHosts, { seed: 1, allocation, selection: "mc" });
    assert.equal(r.selection, "", allocation);
    assert.equal(r.migrations, 0, allocation);
  }
  assert.equal(simulateDatacenter(twoHosts, { seed: 1, selection: "mc" }).selection, "mc");
});

/** A seeded property scenario: `H` hosts of `cores` cores, one-core VMs, linear power. */
function propertyScenario(
  prng: () => number,
  H: number,
  cores: number,
  vmMips: readonly number[],
  percent: number[][],
  idleWatts: number,
  peakWatts: number,
): DatacenterScenario {
  const hosts = Array.from({ length: H }, (_, i) => ({
    name: `h${i}`,
    cpuMips: cores * [1000, 1860, 2660][Math.floor(prng() * 3)]!,
    cores,
    ramBytes: 8 * 2 ** 30,
    bandwidthBytesPerSecond: 125e6,
    rack: i % 2,
    powerModel: "m",
  }));
  const vms = vmMips.map((cpuMips, i) => ({
    name: `v${i}`,
    cpuMips,
    ramBytes: 2 ** 29,
    bandwidthBytesPerSecond: 12.5e6,
  }));
  return {
    hosts,
    vms,
    powerModels: { m: { kind: "linear", idleWatts, peakWatts } },
    traces: { names: vms.map((v) => v.name), percent },
  };
}

Deno.test("property: DVFS energy is the trapezoid closed form of its first-fit hosts, SLATAH the over-subscribed share, the same in both migration models", () => {
  // By the definitions: NPA and DVFS create VMs first fit (a VM on the first host with a
  // core and unallocated MIPS for its full MIPS, and RAM) and never migrate; energy is, per
  // host and counted interval k (k >= 1 unless countFirstInterval), the mean of the powers at
  // the utilisations of the updates k and k + 1 (the last sample repeating) times the
  // interval, nothing from utilisation 0 (energyIntegration "trapezoid"); a host is
  // violating while its VMs ask more than its MIPS
  let cases = 0;
  for (let seed = 0; seed < 60; seed++) {
    const prng = createPrng(seed, "property", "dvfs");
    const int = (a: number, b: number) => a + Math.floor(prng() * (b - a + 1));
    const H = int(1, 3), V = int(1, 6), K = int(2, 24);
    const percent = Array.from({ length: V }, () => {
      const base = int(0, 100);
      return Array.from({ length: K }, () => Math.max(0, Math.min(100, base + int(-40, 40))));
    });
    const idle = int(50, 120);
    const scenario = propertyScenario(
      prng,
      H,
      4,
      percent.map(() => [250, 500, 1000][int(0, 2)]!),
      percent,
      idle,
      idle + int(10, 150),
    );
    const countFirstInterval = prng() < 0.5;
    const options: SimulateDatacenterOptions = {
      seed,
      allocation: "dvfs",
      migrationModel: "cloudsim",
      countFirstInterval,
    };
    const result = simulateDatacenter(scenario, options);
    const engine = simulateDatacenter(scenario, { ...options, migrationModel: "engine" });
    const at: number[] = [];
    const free = scenario.hosts.map((h) => h.cpuMips);
    for (const vm of scenario.vms) {
      const h = scenario.hosts.findIndex((host, j) =>
        host.cpuMips / host.cores >= vm.cpuMips && free[j]! >= vm.cpuMips
      );
      at.push(h);
      if (h >= 0) free[h]! -= vm.cpuMips;
    }
    assert.deepEqual(result.unplacedVms, at.flatMap((h, v) => h < 0 ? [v] : []), `seed ${seed}`);
    const { idleWatts, peakWatts } = scenario.powerModels.m as {
      idleWatts: number;
      peakWatts: number;
    };
    const watts = (u: number) => idleWatts + (peakWatts - idleWatts) * Math.min(1, u);
    const mips = (h: number, k: number) =>
      scenario.vms.reduce(
        (sum, vm, v) =>
          at[v] === h ? sum + vm.cpuMips * percent[v]![Math.min(k, K - 1)]! / 100 : sum,
        0,
      );
    let joules = 0, active = 0, violating = 0;
    for (let h = 0; h < H; h++) {
      const cap = scenario.hosts[h]!.cpuMips;
      for (let k = countFirstInterval ? 0 : 1; k < K; k++) {
        const now = mips(h, k);
        if (now === 0) continue;
        joules += (watts(now / cap) + watts(mips(h, k + 1) / cap)) / 2 * 300;
        active++;
        if (now > cap * (1 + 1e-9)) violating++;
      }
    }
    const tag = `seed ${seed}: ${result.energyKwh} kWh`;
    assert.equal(result.migrations, 0, tag);
    assert.ok(Math.abs(result.energyKwh * 3.6e6 - joules) <= 1e-9 * Math.max(1, joules), tag);
    assert.ok(Math.abs(result.slatah - (active > 0 ? violating / active : 0)) < 1e-12, tag);
    assert.equal(result.pdm, 0, tag);
    assert.ok(Math.abs(engine.energyKwh - result.energyKwh) <= 1e-12 * result.energyKwh, tag);
    assert.equal(engine.slatah, result.slatah, tag);
    cases++;
  }
  assert.equal(cases, 60);
});

Deno.test("property: with equal constant VMs and CloudSim's delay, PDM is 10 % of the migrations' time over the requested MIPS-seconds, hold and trapezoid agree, and doubling power doubles energy alone", () => {
  // By the definitions: CloudSim's model delays a migration RAM / (bandwidth / 2) (RAM in
  // MiB of 10^6 bytes), during which the VM gets 90 % of its MIPS on its source (PDM: the
  // shortfall over all requested MIPS-seconds); with constant traces a host's utilisation is
  // constant between updates, so holding its power equals the trapezoid; energy is linear in
  // watts and the decisions compare power increases only (hosts receiving VMs kept out of
  // the underload search, so that no VM migrates twice in one update; no migration outlasts
  // its interval, so that no host is over-subscribed)
  const delay = (2 ** 29 / 1048576) * 1e6 / (125e6 / 2);
  let migrated = 0;
  for (let seed = 0; seed < 120; seed++) {
    const prng = createPrng(seed, "property", "pdm");
    const int = (a: number, b: number) => a + Math.floor(prng() * (b - a + 1));
    const pick = <T>(values: readonly T[]) => values[Math.floor(prng() * values.length)]!;
    const H = int(2, 5), V = int(2, 8), K = int(3, 25), p = int(20, 100);
    const vmMips = pick([500, 1000]);
    const scenario = propertyScenario(
      prng,
      H,
      2,
      Array.from({ length: V }, () => vmMips),
      Array.from({ length: V }, () => Array.from({ length: K }, () => p)),
      90,
      180,
    );
    const allocation = pick(["thr", "iqr", "mad", "lr", "lrr", "dt"] as const);
    const options: SimulateDatacenterOptions = {
      seed,
      allocation,
      selection: pick(["mmt", "mc", "mu", "rs"] as const),
      placement: pick(["pabfd", "first-fit", "obfdf", "pba"] as const),
      migrationModel: "cloudsim",
      cloudsim: { underloadSkipsOverloadTargets: true },
      ...(allocation === "thr" || allocation === "dt" ? { parameter: pick([0.3, 0.5]) } : {}),
      ...(allocation === "dt" ? { lowerThreshold: 0.2 } : {}),
    };
    const result = simulateDatacenter(scenario, options);
    const tag = `seed ${seed} ${JSON.stringify(options)}: ${result.migrations} migrations`;
    assert.equal(result.carriedMigrations, 0, tag);
    // VMs placed nowhere are not simulated: they request nothing
    const placed = V - result.unplacedVms.length;
    const pdm = 0.1 * result.migrations * delay / (placed * (K - 1) * 300);
    assert.ok(Math.abs(result.pdm - pdm) <= 1e-9 * Math.max(pdm, 1e-300), `${tag}: ${result.pdm}`);
    assert.ok(Math.abs(result.pdmPerVmMean - result.pdm) <= 1e-9 * Math.max(pdm, 1e-300), tag);
    const hold = simulateDatacenter(scenario, { ...options, energyIntegration: "hold" });
    assert.equal(hold.migrations, result.migrations, tag);
    assert.ok(Math.abs(hold.energyKwh - result.energyKwh) <= 1e-12 * result.energyKwh, tag);
    const doubled = structuredClone(scenario);
    doubled.powerModels.m = { kind: "linear", idleWatts: 180, peakWatts: 360 };
    const twice = simulateDatacenter(doubled, options);
    assert.deepEqual(twice.activeHosts, result.activeHosts, tag);
    assert.equal(twice.migrations, result.migrations, tag);
    assert.equal(twice.slatah, result.slatah, tag);
    assert.ok(Math.abs(twice.energyKwh - 2 * result.energyKwh) <= 1e-12 * result.energyKwh, tag);
    if (result.migrations > 0) migrated++;
  }
  // the relation is exercised: most runs migrate
  assert.ok(migrated >= 25, `${migrated} runs migrated`);
});
