/**
 * Engine mode by hand: migration costs from the engine (bandwidth share, downtime counted as a
 * loss, pages dirtied during the migration) computed here from first principles and compared
 * with `MIGRATION_COST_MODELS.engine` and with `simulateDatacenter` in engine mode.
 */
import assert from "node:assert/strict";
import {
  MIGRATION_COST_MODELS,
  QEMU_DIRTY_LOGGING_SLOWDOWN,
  simulateDatacenter,
} from "../../lib/datacenter/mod.ts";

const PAGE = 4096, STATE = 262144, RAM = 2 ** 29, PAGES = RAM / PAGE, LINK = 125e6;
const SETTINGS = {
  bandwidthShare: 0.5,
  writesPerSecondAtFullLoad: 5000,
  technique: "pre-copy" as const,
  fidelity: "closed-form" as const,
};
const close = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) <= 1e-9 * Math.abs(b), `${what}: ${a} vs ${b}`);

Deno.test("engine cost of an idle VM: one copy of RAM and state over the bandwidth share", () => {
  for (const share of [0.5, 0.25]) {
    const bw = LINK * share;
    const c = MIGRATION_COST_MODELS.engine(
      { ramBytes: RAM, utilizationPercent: 0, linkBytesPerSecond: LINK, seed: 1 },
      { ...SETTINGS, bandwidthShare: share },
    );
    close(c.seconds, (RAM + STATE) / bw, `seconds at share ${share}`);
    close(c.downtimeSeconds, STATE / bw, `downtime at share ${share}`);
    close(c.bytes, RAM + STATE, "bytes");
  }
});

Deno.test("engine cost with dirtying: pre-copy rounds resend the pages written meanwhile", () => {
  // 50 % load: 2500 uniform writes per second over 131,072 pages; each round resends the
  // expected distinct pages written during the previous one, N (1 - (1 - 1/N)^(w t)), until
  // the remainder fits QEMU's 300 ms downtime limit, then stops and copies it with the state.
  const bw = LINK * SETTINGS.bandwidthShare, w = 2500;
  const t1 = PAGES * PAGE / bw;
  const d1 = PAGES * (1 - (1 - 1 / PAGES) ** (w * t1));
  const t2 = d1 * PAGE / bw;
  const d2 = PAGES * (1 - (1 - 1 / PAGES) ** (w * t2));
  const t3 = (d2 * PAGE + STATE) / bw;
  assert.ok(t2 > 0.3 && t3 < 0.3, "two live rounds, then the stop-and-copy");
  const c = MIGRATION_COST_MODELS.engine(
    { ramBytes: RAM, utilizationPercent: 50, linkBytesPerSecond: LINK, seed: 1 },
    SETTINGS,
  );
  close(c.seconds, t1 + t2 + t3, "seconds");
  close(c.downtimeSeconds, t3, "downtime");
  close(c.bytes, (PAGES + d1 + d2) * PAGE + STATE, "bytes");
});

// Two hosts of 4000 MIPS; two 1000-MIPS VMs created at 10 % land on h0 (h1's power rises
// faster), then ask 100 % each: h0 at 0.5 is over THR 0.4 and one VM migrates to h1.
const host = (name: string, powerModel: string) => ({
  name,
  cpuMips: 4000,
  cores: 4,
  ramBytes: 4 * 2 ** 30,
  bandwidthBytesPerSecond: LINK,
  rack: 0,
  powerModel,
});
const vm = (name: string) => ({
  name,
  cpuMips: 1000,
  ramBytes: RAM,
  bandwidthBytesPerSecond: 12.5e6,
});
const SCENARIO = {
  hosts: [host("h0", "flat"), host("h1", "steep")],
  vms: [vm("a"), vm("b")],
  powerModels: {
    flat: { kind: "linear" as const, idleWatts: 100, peakWatts: 200 },
    steep: { kind: "linear" as const, idleWatts: 100, peakWatts: 400 },
  },
  traces: { names: ["a", "b"], percent: [[10, 100, 100], [10, 100, 100]] },
};

Deno.test("simulateDatacenter() in engine mode charges the engine's duration and downtime", async (t) => {
  for (const share of [0.5, 0.25]) {
    await t.step(`bandwidth share ${share}`, () => {
      const options = {
        seed: 1,
        allocation: "thr" as const,
        parameter: 0.4,
        initialDemand: "trace" as const,
        migrationModel: "engine" as const,
        migrationBandwidthShare: share,
        writesPerSecondAtFullLoad: 0,
      };
      const r = simulateDatacenter(SCENARIO, options);
      assert.deepEqual(r.rows.map((row) => row.migrations), [0, 1, 0]);
      const bw = LINK * share;
      const seconds = (RAM + STATE) / bw, downtime = STATE / bw;
      close(r.migrationSeconds, seconds, "migration seconds");
      close(r.migrationDowntimeSeconds, downtime, "downtime");
      // PDM, by default: the migrating VM (1000 MIPS) loses the measured QEMU dirty-logging
      // slowdown of its live phase (one round: it writes nothing) and all of its downtime,
      // out of 2 VMs x 1000 MIPS x 600 s requested
      const live = seconds - downtime;
      close(
        r.pdm,
        1000 * (QEMU_DIRTY_LOGGING_SLOWDOWN * live + downtime) / (2 * 1000 * 600),
        "PDM",
      );
      // CloudSim's fixed share, still selectable: 90 % on its source while the pre-copy
      // runs, then nothing for the downtime
      const fixed = simulateDatacenter(SCENARIO, { ...options, migrationDegradation: 0.1 });
      close(fixed.pdm, (100 * live + 1000 * downtime) / (2 * 1000 * 600), "PDM at 10 %");
      // SLATAH: the target host is short while the migration lasts, over 4 host-intervals
      close(r.slatah, seconds / 1200, "SLATAH");
      // CloudSim's delay would be RAM (MiB counted as 10^6 bytes) over half the link
      close(r.cloudsimMigrationSeconds, (RAM / 2 ** 20) * 1e6 / (LINK / 2), "CloudSim delay");
    });
  }
  await t.step("an offline migration's downtime is lost in full, into the next interval", () => {
    const options = {
      seed: 1,
      allocation: "thr" as const,
      parameter: 0.4,
      initialDemand: "trace" as const,
      migrationModel: "engine" as const,
      migrationTechnique: "offline" as const,
      writesPerSecondAtFullLoad: 0,
    };
    // half the link: RAM and state in 8.59 s, all of it downtime: 1000 MIPS x 8.59 s lost
    const fast = simulateDatacenter(SCENARIO, { ...options, migrationBandwidthShare: 0.5 });
    const seconds = (RAM + STATE) / (LINK / 2);
    close(fast.migrationDowntimeSeconds, seconds, "downtime at half the link");
    close(fast.pdm, 1000 * seconds / (2 * 1000 * 600), "PDM at half the link");
    // the paper's per-VM PDM counts it too: the migrating VM lost seconds / 600 of what it
    // requested, the other VM nothing
    close(fast.pdmPerVmMean, (seconds / 600 + 0) / 2, "per-VM PDM at half the link");
    assert.equal(fast.carriedMigrations, 0);
    // 1 % of the link: 429.7 s, all of it downtime, from the update at 300 s: the migration
    // is carried 129.7 s into the last interval, and the VM loses 1000 MIPS x 429.7 s out of
    // 1.2e6 MIPS-seconds requested
    const slow = simulateDatacenter(SCENARIO, {
      ...options,
      migrationBandwidthShare: 0.01,
      energyIntegration: "hold",
    });
    const d = (RAM + STATE) / (LINK * 0.01);
    close(slow.migrationDowntimeSeconds, d, "downtime at 1 %");
    assert.equal(slow.carriedMigrations, 1);
    // still migrating at the last update, the VM is not moved again
    assert.deepEqual(slow.rows.map((row) => row.migrations), [0, 1, 0]);
    close(slow.pdm, 1000 * d / (2 * 1000 * 600), "PDM at 1 %");
    close(slow.pdmPerVmMean, (d / 600 + 0) / 2, "per-VM PDM at 1 %");
    // Energy, power held between updates: an offline guest loses no live time, so its source
    // keeps all its MIPS (h0 at 0.5: 150 W) and its target grants none but is on (100 W)
    // until the migration ends, 129.7 s into the last interval; then h0 runs one VM (125 W)
    // and h1 the other (175 W). Cut at the first interval's end, h0 and h1 would draw 125 and
    // 175 W for the whole last interval: 165 kJ in all.
    const joules = 300 * (150 + 100) + (d - 300) * (150 + 100) + (600 - d) * (125 + 175);
    close(slow.energyKwh * 3.6e6, joules, "energy at 1 %");
  });
  await t.step("the downtime loss is what separates engine PDM from CloudSim's", () => {
    const common = {
      seed: 1,
      allocation: "thr" as const,
      parameter: 0.4,
      initialDemand: "trace" as const,
      writesPerSecondAtFullLoad: 0,
    };
    const engine = simulateDatacenter(SCENARIO, {
      ...common,
      migrationModel: "engine",
      migrationDegradation: 0.1,
    });
    const cloudsim = simulateDatacenter(SCENARIO, { ...common, migrationModel: "cloudsim" });
    assert.equal(cloudsim.migrationDowntimeSeconds, 0);
    // CloudSim's delay has no admission: nothing waits
    assert.equal(cloudsim.migrationWaitSeconds, 0);
    close(cloudsim.pdm, 100 * 8.192 / 1.2e6, "CloudSim PDM");
    assert.ok(engine.pdm > cloudsim.pdm);
  });
});
