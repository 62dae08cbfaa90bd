/**
 * The per-migration cost cache of `simulateDatacenter` (`migrationNetwork: "fixed-share"`):
 * each cost is the model's for the VM's RAM, its utilisation rounded to a whole percent and
 * the slower of the two hosts' links, whichever host is the slower, and the cache never hands
 * one VM's cost to a VM that differs in any of the three.
 */
import assert from "node:assert/strict";
import { cachedMigrationCosts } from "../../lib/datacenter/_cached_migration_costs.ts";
import {
  cloudsimMigrationDelaySeconds,
  MIGRATION_COST_MODELS,
  type MigrationCostSettings,
} from "../../lib/datacenter/migration_cost_models.ts";

const GIB = 2 ** 30;
const SETTINGS: MigrationCostSettings = {
  bandwidthShare: 0.5,
  writesPerSecondAtFullLoad: 40000,
  technique: "pre-copy",
  fidelity: "closed-form",
  dirtyLoggingSlowdown: 0.05,
};
// VMs 0-3 have 1 GiB and 1000 MIPS at 30.0 %, 60.0 %, 49.4 % and 49.6 % of it; VM 4 has 2 GiB
const ramBytes = Float64Array.from([1, 1, 1, 1, 2], (g) => g * GIB);
const cpuMips = Float64Array.from([1000, 1000, 1000, 1000, 1000]);
const demandMips = Float64Array.from([300, 600, 494, 496, 300]);
// hosts 0 and 2 have 1 GbE, hosts 1 and 3 10 GbE
const hostBandwidth = Float64Array.from([125e6, 1.25e9, 125e6, 1.25e9]);

function costs() {
  return cachedMigrationCosts({
    ramBytes,
    demandMips,
    cpuMips,
    hostBandwidth,
    model: MIGRATION_COST_MODELS.engine,
    settings: SETTINGS,
    seed: 3,
  });
}

/** The model's own cost, as the cache should book it. */
function direct(ram: number, percent: number, link: number) {
  const c = MIGRATION_COST_MODELS.engine(
    {
      ramBytes: ram,
      utilizationPercent: percent,
      linkBytesPerSecond: link,
      seed: `3/migration/${ram}|${percent}|${link}`,
    },
    SETTINGS,
  );
  return {
    seconds: c.seconds,
    downtime: c.downtimeSeconds,
    bytes: c.bytes,
    slowdown: c.slowdownSeconds ?? 0,
    cloud: cloudsimMigrationDelaySeconds(ram, link),
  };
}

Deno.test("cached migration costs are the model's, by RAM, whole percent and slower link", async (t) => {
  await t.step("each VM's cost is the model's for its own utilisation", () => {
    const cost = costs();
    assert.deepEqual(cost(0, 0, 2), direct(GIB, 30, 125e6));
    assert.deepEqual(cost(1, 0, 2), direct(GIB, 60, 125e6));
    // a busier VM of the same RAM on the same link sends more (pages dirtied meanwhile)
    assert.ok(cost(1, 0, 2).bytes > cost(0, 0, 2).bytes);
  });
  await t.step("asked in either order, the cache still keys by utilisation", () => {
    const cost = costs();
    const busy = cost(1, 0, 2), idle = cost(0, 0, 2);
    assert.deepEqual(busy, direct(GIB, 60, 125e6));
    assert.deepEqual(idle, direct(GIB, 30, 125e6));
  });
  await t.step("the utilisation is rounded to a whole percent, not truncated", () => {
    const cost = costs();
    assert.deepEqual(cost(2, 0, 2), direct(GIB, 49, 125e6));
    assert.deepEqual(cost(3, 0, 2), direct(GIB, 50, 125e6));
  });
  await t.step("the link is the slower host's, whether it is the source or the target", () => {
    const cost = costs();
    const slow = direct(GIB, 30, 125e6);
    assert.deepEqual(cost(0, 1, 0), slow);
    assert.deepEqual(cost(0, 0, 1), slow);
    assert.ok(slow.seconds > direct(GIB, 30, 1.25e9).seconds);
  });
  await t.step("the link is part of the key: one VM between 1 GbE hosts, then 10 GbE ones", () => {
    const cost = costs();
    assert.deepEqual(cost(0, 0, 2), direct(GIB, 30, 125e6));
    assert.deepEqual(cost(0, 1, 3), direct(GIB, 30, 1.25e9));
    assert.deepEqual(cost(0, 3, 2), direct(GIB, 30, 125e6));
  });
  await t.step("and the RAM is part of the key", () => {
    const cost = costs();
    assert.deepEqual(cost(0, 0, 2), direct(GIB, 30, 125e6));
    assert.deepEqual(cost(4, 0, 2), direct(2 * GIB, 30, 125e6));
  });
});
