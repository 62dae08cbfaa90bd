import assert from "node:assert/strict";
import {
  beloglazov2012Scenario,
  generateSyntheticTraces,
  MIGRATION_COST_MODELS,
  simulateDatacenter,
} from "../../lib/datacenter/mod.ts";
import {
  sharedMigrationCosts,
  type SharedNetworkSettings,
} from "../../lib/datacenter/_shared_migration_costs.ts";
import { migrationVmSpec } from "../../lib/datacenter/_migration_vm_spec.ts";
import { cloudsimMigrationDelaySeconds } from "../../lib/datacenter/migration_cost_models.ts";
import { simulateMigrations } from "../../lib/fleet/mod.ts";
import { host, LINEAR_POWER, vm } from "./_two_hosts.ts";

const traces = generateSyntheticTraces(60, { seed: 5, intervals: 30, meanPercent: 35 });
const scenario = beloglazov2012Scenario(traces, { hosts: 60 });

/**
 * Two hosts of n x 1000 MIPS with 1 Gbit/s NICs (or the bandwidth given), n VMs of 1 GiB at 50 % on h0 and n at
 * 10 % on h1 (each VM's 1000 MIPS; placed on their full MIPS, so each host is full): the
 * first update (THR) empties h1, so its n VMs leave it at once, all over h1's NIC to h0.
 */
function evacuation(n: number, bandwidthBytesPerSecond = 125e6) {
  const host = (name: string) => ({
    name,
    cpuMips: 1000 * n,
    cores: n,
    ramBytes: 2 ** 34,
    bandwidthBytesPerSecond,
    rack: 0,
    powerModel: "linear",
  });
  const vm = (name: string) => ({
    name,
    cpuMips: 1000,
    ramBytes: 2 ** 30,
    bandwidthBytesPerSecond: 12.5e6,
  });
  const busy = Array.from({ length: n }, (_, i) => `b${i}`);
  const light = Array.from({ length: n }, (_, i) => `a${i}`);
  return {
    hosts: [host("h0"), host("h1")],
    vms: [...busy, ...light].map(vm),
    powerModels: { linear: { kind: "linear" as const, idleWatts: 100, peakWatts: 200 } },
    traces: {
      names: [...busy, ...light],
      percent: [...busy.map(() => [50, 50]), ...light.map(() => [10, 10])],
    },
  };
}

// One VM alone on a NIC share: its 2^18 pages of 4 KiB and 256 KiB of device state over
// half of 1 Gbit/s (62.5 MB/s); idle (no writes), so pre-copy sends each page once.
const ALONE = (2 ** 30 + 2 ** 18) / 62.5e6;

Deno.test("simulateDatacenter() shares the NICs by default in engine mode", async (t) => {
  const idle = { seed: 1, allocation: "thr" as const, writesPerSecondAtFullLoad: 0 };
  await t.step("two migrations from one host each take twice as long as alone", () => {
    const r = simulateDatacenter(evacuation(2), idle);
    assert.equal(r.migrations, 2);
    assert.equal(r.rows[1]!.migrations, 2);
    // Max-min: both cross both NICs for the whole transfer, each gets 31.25 MB/s, so each
    // takes 2 x ALONE, and its stop-and-copy (the 256 KiB state) is down at that rate too.
    const expected = 2 * 2 * ALONE;
    assert.ok(Math.abs(r.migrationSeconds - expected) <= 1e-9 * expected, `${r.migrationSeconds}`);
    const down = 2 * 2 ** 18 / 31.25e6;
    assert.ok(Math.abs(r.migrationDowntimeSeconds - down) <= 1e-9 * down);
    // The old fixed share: each alone at 62.5 MB/s.
    const fixed = simulateDatacenter(evacuation(2), { ...idle, migrationNetwork: "fixed-share" });
    assert.equal(fixed.migrations, 2);
    assert.ok(Math.abs(fixed.migrationSeconds - 2 * ALONE) <= 1e-9 * ALONE);
    assert.ok(Math.abs(fixed.migrationBytes - r.migrationBytes) <= 1e-9 * r.migrationBytes);
  });
  await t.step("vSphere's 4 per 1 GbE NIC: the fifth of five waits for the first four", () => {
    // Four share h0's NIC (each 4 x ALONE), then the fifth runs alone (ALONE, after waiting
    // 4 x ALONE); with no limit all five share it (each 5 x ALONE).
    const limited = simulateDatacenter(evacuation(5), idle);
    assert.equal(limited.migrations, 5);
    const expected = (4 * 4 + 1) * ALONE;
    assert.ok(Math.abs(limited.migrationSeconds - expected) <= 1e-9 * expected);
    const free = simulateDatacenter(evacuation(5), { ...idle, migrationAdmission: "unlimited" });
    assert.ok(Math.abs(free.migrationSeconds - 5 * 5 * ALONE) <= 1e-9 * 25 * ALONE);
    const explicit = simulateDatacenter(evacuation(5), {
      ...idle,
      migrationAdmission: "vsphere-1gbe",
    });
    assert.deepEqual(explicit, limited);
  });
  await t.step(
    "vSphere's 8 per 10 GbE NIC, from exactly 10 Gbit/s: the ninth of nine waits",
    () => {
      // NICs of 1.25 GB/s, half each: eight share h0's NIC (each 8 x alone), then the ninth
      // runs alone after waiting for them; under 1 GbE's limit of 4 it would be 4 x 4 x 2 + 1
      const alone = (2 ** 30 + 2 ** 18) / 625e6;
      const r = simulateDatacenter(evacuation(9, 1.25e9), idle);
      assert.equal(r.migrations, 9);
      const expected = (8 * 8 + 1) * alone;
      assert.ok(
        Math.abs(r.migrationSeconds - expected) <= 1e-9 * expected,
        `${r.migrationSeconds}`,
      );
      assert.deepEqual(
        simulateDatacenter(evacuation(9, 1.25e9), { ...idle, migrationAdmission: "vsphere-10gbe" }),
        r,
      );
    },
  );
  await t.step("one 1 GbE NIC among 10 GbE ones gives every host 1 GbE's limit of 4", () => {
    // h0 (the target) at 10 Gbit/s, h1 at 1 Gbit/s: h1's NIC limits each migration to
    // 62.5 MB/s shared, and 4 at a time: two batches of four (each 4 x ALONE), then one
    const mixed = evacuation(9);
    mixed.hosts[0] = { ...mixed.hosts[0]!, bandwidthBytesPerSecond: 1.25e9 };
    const r = simulateDatacenter(mixed, idle);
    assert.equal(r.migrations, 9);
    const expected = (4 * 4 + 4 * 4 + 1) * ALONE;
    assert.ok(Math.abs(r.migrationSeconds - expected) <= 1e-9 * expected, `${r.migrationSeconds}`);
  });
  await t.step("CloudSim mode keeps its fixed delay", () => {
    const r = simulateDatacenter(evacuation(2), { ...idle, migrationModel: "cloudsim" });
    // RAM in MiB x 10^6 bytes over half of 125 MB/s, per migration, whatever else runs.
    assert.equal(r.migrationSeconds, 2 * 1024 * 1e6 / 62.5e6);
  });
});

Deno.test("simulateDatacenter() with migrationNetwork: shared", async (t) => {
  const fixed = simulateDatacenter(scenario, {
    seed: 9,
    allocation: "mad",
    selection: "mmt",
    migrationNetwork: "fixed-share",
  });
  const shared = simulateDatacenter(scenario, {
    seed: 9,
    allocation: "mad",
    selection: "mmt",
    migrationNetwork: "shared",
  });
  await t.step("the default is the shared network", () => {
    const byDefault = simulateDatacenter(scenario, {
      seed: 9,
      allocation: "mad",
      selection: "mmt",
    });
    assert.deepEqual(byDefault, shared);
    assert.notDeepEqual(byDefault, fixed);
  });
  await t.step("where the shared network does not apply, the default is the fixed share", () => {
    for (const variant of [{ strategies: { migrationCostModel: MIGRATION_COST_MODELS.engine } }]) {
      const base = { seed: 9, allocation: "mad" as const, selection: "mmt" as const, ...variant };
      assert.deepEqual(
        simulateDatacenter(scenario, base),
        simulateDatacenter(scenario, { ...base, migrationNetwork: "fixed-share" }),
      );
    }
  });
  await t.step("a dirty-logging cost runs on the shared network too", () => {
    const base = {
      seed: 9,
      allocation: "mad" as const,
      selection: "mmt" as const,
      migrationDegradation: "engine" as const,
      dirtyLoggingSlowdown: 0.2,
    };
    const logged = simulateDatacenter(scenario, base);
    assert.deepEqual(logged, simulateDatacenter(scenario, { ...base, migrationNetwork: "shared" }));
    // the guests' slowdown is charged: more PDM than with no dirty-logging cost
    const free = simulateDatacenter(scenario, { ...base, dirtyLoggingSlowdown: 0 });
    assert.ok(logged.pdm > free.pdm);
  });
  await t.step(
    "concurrent migrations share NICs: slower and more traffic than a fixed share",
    () => {
      assert.ok(fixed.migrations > 0);
      // The first interval with migrations is decided on the same state in both runs.
      const first = fixed.rows.findIndex((r) => r.migrations > 0);
      assert.equal(shared.rows[first]!.migrations, fixed.rows[first]!.migrations);
      // Many migrations leave the same hosts at once: each gets a slice of a NIC, so
      // pre-copy rounds last longer and resend more.
      assert.ok(shared.migrationSeconds > fixed.migrationSeconds);
      assert.ok(shared.migrationBytes > fixed.migrationBytes);
    },
  );
  await t.step("a lone migration costs the same under both", () => {
    // Two hosts, one VM each; the thr policy moves b onto h0 once (one migration).
    const host = (name: string) => ({
      name,
      cpuMips: 2000,
      cores: 2,
      ramBytes: 2 ** 30,
      bandwidthBytesPerSecond: 125e6,
      rack: 0,
      powerModel: "linear",
    });
    const vm = (name: string) => ({
      name,
      cpuMips: 1000,
      ramBytes: 2 ** 30,
      bandwidthBytesPerSecond: 12.5e6,
    });
    const small = {
      hosts: [host("h0"), host("h1")],
      vms: [vm("a"), vm("b")],
      powerModels: { linear: { kind: "linear" as const, idleWatts: 100, peakWatts: 200 } },
      traces: { names: ["a", "b"], percent: [[20, 20, 20], [10, 10, 10]] },
    };
    const a = simulateDatacenter(small, {
      seed: 1,
      allocation: "thr",
      migrationNetwork: "fixed-share",
    });
    const b = simulateDatacenter(small, { seed: 1, allocation: "thr", migrationNetwork: "shared" });
    assert.equal(a.migrations, 1);
    assert.equal(b.migrations, 1);
    assert.ok(Math.abs(a.migrationSeconds - b.migrationSeconds) <= 1e-9 * a.migrationSeconds);
    assert.ok(Math.abs(a.migrationBytes - b.migrationBytes) <= 1e-9 * a.migrationBytes);
    assert.ok(
      Math.abs(a.migrationDowntimeSeconds - b.migrationDowntimeSeconds) <=
        1e-9 * a.migrationDowntimeSeconds,
    );
  });
  await t.step("bad combinations are refused by name", () => {
    assert.throws(
      () =>
        simulateDatacenter(scenario, {
          seed: 1,
          migrationNetwork: "shared",
          migrationModel: "cloudsim",
        }),
      /options.migrationNetwork "shared" needs migrationModel "engine"/,
    );
    assert.throws(
      () =>
        simulateDatacenter(scenario, {
          seed: 1,
          migrationNetwork: "shared",
          migrationTechnique: "hybrid",
        }),
      /options.migrationTechnique/,
    );
    assert.throws(
      () => simulateDatacenter(scenario, { seed: 1, migrationNetwork: "wan" as "shared" }),
      /options.migrationNetwork/,
    );
    assert.throws(
      () =>
        simulateDatacenter(scenario, {
          seed: 1,
          migrationNetwork: "shared",
          strategies: { migrationCostModel: MIGRATION_COST_MODELS.engine },
        }),
      /options.strategies.migrationCostModel needs migrationNetwork "fixed-share"/,
    );
    assert.throws(
      () =>
        simulateDatacenter(scenario, { seed: 1, migrationAdmission: "vsphere-40gbe" as "vsphere" }),
      /options.migrationAdmission must be one of "vsphere", "unlimited".*current value is "vsphere-40gbe"/,
    );
    assert.throws(
      () => simulateDatacenter(scenario, { seed: 1, migrationAdmission: { maxPerLink: 0 } }),
      /options.migrationAdmission.maxPerLink must be .*current value is 0/,
    );
  });
  await t.step("an unknown technique or fidelity is refused whatever the network", () => {
    // Once echoed into the result unchecked when no migration used it (found by the fuzz test).
    for (const migrationModel of ["engine", "cloudsim"] as const) {
      assert.throws(
        () =>
          simulateDatacenter(scenario, {
            seed: 1,
            migrationModel,
            migrationTechnique: ["pre-copy"] as unknown as "pre-copy",
          }),
        /options\.migrationTechnique must be one of .*: current value is \["pre-copy"\]/,
      );
      assert.throws(
        () =>
          simulateDatacenter(scenario, {
            seed: 1,
            migrationModel,
            migrationFidelity: null as unknown as "page",
          }),
        /options\.migrationFidelity must be one of "page", "closed-form": current value is null/,
      );
    }
  });
});

Deno.test("the data centre's shared migrations are simulateMigrations()'s requests", async (t) => {
  // Nine moves among five hosts of two NIC speeds: five leave h3 (vSphere's limit for a
  // 1 GbE host is 4, so the fifth waits), three enter h0.
  const moves = {
    vm: [4, 0, 2, 6, 1, 5, 3, 7, 8],
    source: [3, 3, 1, 3, 4, 2, 0, 3, 3],
    destination: [0, 2, 0, 4, 1, 1, 2, 1, 0],
  };
  const ramBytes = Float64Array.from([1, 2, 0.5, 4, 1.5, 3, 2.5, 1, 0.25], (g) => g * 2 ** 30);
  const cpuMips = Float64Array.from([1000, 2000, 2500, 500, 1000, 2000, 2500, 1000, 500]);
  const demandMips = Float64Array.from([300, 1500, 0, 500, 999, 20, 2500, 700, 100]);
  const hostBandwidth = Float64Array.from([125e6, 1.25e9, 125e6, 125e6, 1.25e9]);
  /** What the data centre asked of `simulateMigrations` before it built the jobs itself. */
  function viaRequests(s: SharedNetworkSettings, k: number) {
    const involved = [...new Set([...moves.source, ...moves.destination])].sort((a, b) => a - b);
    const network = {
      links: involved.map((h) => ({
        id: `nic-${h}`,
        bandwidthBytesPerSecond: hostBandwidth[h]! * s.bandwidthShare,
      })),
    };
    const requests = moves.vm.map((v, i) => {
      let vm = migrationVmSpec(
        ramBytes[v]!,
        Math.round(demandMips[v]! / cpuMips[v]! * 100),
        s.writesPerSecondAtFullLoad,
      );
      if (
        s.technique === "pre-copy" && s.dirtyLoggingSlowdown > 0 && vm.workload.kind === "uniform"
      ) {
        vm = {
          ...vm,
          workload: {
            kind: "uniform",
            writesPerSecond: vm.workload.writesPerSecond * (1 - s.dirtyLoggingSlowdown),
          },
        };
      }
      return {
        id: `move-${i}`,
        vm,
        sourceHost: `h${moves.source[i]}`,
        destinationHost: `h${moves.destination[i]}`,
        route: [`nic-${moves.source[i]}`, `nic-${moves.destination[i]}`],
        technique: s.technique as "pre-copy",
      };
    });
    return simulateMigrations(network, requests, {
      admission: s.admission === "vsphere" ? "vsphere-1gbe" : s.admission,
      fidelity: s.fidelity,
      seed: `${s.seed}/migration/interval-${k}`,
      linkUsage: false,
    }).migrations;
  }
  const base: SharedNetworkSettings = {
    ramBytes,
    demandMips,
    cpuMips,
    hostBandwidth,
    bandwidthShare: 0.5,
    writesPerSecondAtFullLoad: 40000,
    technique: "pre-copy",
    fidelity: "closed-form",
    seed: 9,
    admission: "vsphere",
    dirtyLoggingSlowdown: 0,
  };
  const cases: Partial<SharedNetworkSettings>[] = [
    {},
    { admission: "unlimited" },
    { admission: { maxPerHost: 1 } },
    { dirtyLoggingSlowdown: 0.2 },
    { technique: "post-copy" },
    { technique: "offline", bandwidthShare: 1 },
    { fidelity: "page" },
    { fidelity: "page", technique: "post-copy", admission: { maxOutboundPerHost: 2 } },
  ];
  for (const change of cases) {
    await t.step(`the same rows with ${JSON.stringify(change)}`, () => {
      const s = { ...base, ...change };
      const booked = sharedMigrationCosts(moves, 17, s);
      const rows = viaRequests(s, 17);
      assert.deepEqual(
        booked.map((b) => [b.seconds, b.waitSeconds, b.downtime, b.bytes]),
        rows.map((m) => [m.totalSeconds, m.waitSeconds, m.downtimeSeconds, m.bytesSent]),
      );
    });
  }
  await t.step("CloudSim's delay for each move is over the slower of its two NICs", () => {
    const booked = sharedMigrationCosts(moves, 17, base);
    // h1 and h4 have 10 GbE, the others 1 GbE: move 4 (h4 to h1) is the only fast pair
    assert.deepEqual(
      booked.map((b) => b.cloud),
      moves.vm.map((v, i) =>
        cloudsimMigrationDelaySeconds(
          ramBytes[v]!,
          i === 4 ? 1.25e9 : 125e6,
        )
      ),
    );
  });
  await t.step("and the cases differ from each other", () => {
    const seconds = cases.map((c) =>
      sharedMigrationCosts(moves, 17, { ...base, ...c }).map((b) => b.seconds).join()
    );
    assert.equal(new Set(seconds).size, cases.length);
  });
});

Deno.test("simulateDatacenter(): a migration waiting for admission leaves its target off and out of SLATAH until its transfer starts", () => {
  // Three hosts of 2 x 1000 MIPS (100-200 W, linear) with 1 Gbit/s NICs, half of each for
  // migrations (62.5 MB/s). a (512 MiB) and c (32 MiB), at 10 % of their 1000 MIPS, both on
  // h0, leave it at the first update for h1 and h2, offline, one per host at a time: a is
  // sent for t1 = 537,133,056 B / 62.5 MB/s = 8.594 s while c waits, then c for 33,816,576 B,
  // ending at t2 = 9.135 s. h2 is off while c waits (until 2026-12-07 it was on from the update).
  let update = 0;
  const r = simulateDatacenter({
    hosts: [host("h0"), host("h1"), host("h2")],
    vms: [vm("a"), { ...vm("c"), ramBytes: 2 ** 25 }],
    powerModels: LINEAR_POWER,
    traces: { names: ["a", "c"], percent: [[10, 10, 10], [10, 10, 10]] },
  }, {
    seed: 1,
    allocation: "thr",
    migrationModel: "engine",
    migrationTechnique: "offline",
    migrationNetwork: "shared",
    migrationAdmission: { maxPerHost: 1 },
    strategies: {
      placer: () => 0,
      decision: (view) => {
        if (++update === 1) {
          for (const [v, to] of [[0, 1], [1, 2]] as const) {
            view.detach(v, 0);
            view.attach(v, to);
            view.migrate(v, to);
          }
        }
        return 0;
      },
    },
  });
  const t1 = (2 ** 29 + 262144) / 62.5e6, t2 = t1 + (2 ** 25 + 262144) / 62.5e6;
  const near = (x: number, y: number, what: string) =>
    assert.ok(Math.abs(x - y) <= 1e-12 * y, `${what}: ${x} vs ${y}`);
  near(r.migrationSeconds, t2, "migration seconds");
  // c waited while a was sent
  near(r.migrationWaitSeconds, t1, "wait seconds");
  // interval 1: h0 at 10 % (110 W) and h1 receiving a (on, 100 W) until t1; then h0 (105 W)
  // sending c to h2 (on, 100 W), a on h1 (105 W), until t2; then h1 and h2 at 105 W
  const joules = 210 * t1 + 310 * (t2 - t1) + 210 * (300 - t2);
  near(r.rows[1]!.energyKwh * 3.6e6, joules, "interval 1's joules");
  // after the update: h0 and h1 active, h1 violating (it books a's request, grants none)
  assert.deepEqual([r.rows[1]!.activeHosts, r.rows[1]!.slaViolationHosts], [2, 1]);
  // SLATAH: each target violating while its transfer runs (CloudSim's convention), over the
  // hosts' active seconds (h0 until t2, h1 from the update, h2 from t1; both of interval 2)
  near(r.slatah, t2 / (t2 + 300 + (300 - t1) + 600), "SLATAH");
});
