import assert from "node:assert/strict";
import { MIGRATION_COST_MODELS, simulateDatacenter } from "../../lib/datacenter/mod.ts";
import { twoHosts } from "./_two_hosts.ts";

const base = { seed: 1, allocation: "thr" as const, migrationModel: "engine" as const };
/** The engine's cost of b's migration, priced as simulateDatacenter prices it. */
function engineCost(dirtyLoggingSlowdown: number) {
  const ramBytes = 2 ** 29, link = 125e6;
  return MIGRATION_COST_MODELS.engine(
    {
      ramBytes,
      utilizationPercent: 10,
      linkBytesPerSecond: link,
      seed: `1/migration/${ramBytes}|10|${link}`,
    },
    {
      bandwidthShare: 0.5,
      writesPerSecondAtFullLoad: 5000,
      technique: "pre-copy",
      fidelity: "closed-form",
      dirtyLoggingSlowdown,
    },
  );
}
// requested MIPS-seconds of the two counted intervals (CloudSim skips interval 0)
const REQUESTED = (200 + 100) * 300 * 2;

Deno.test("engine degradation: dirty logging's guest slowdown, hand-computed", () => {
  const cost = engineCost(0.25);
  // the engine charges a quarter of the push phase's guest time
  assert.ok(cost.slowdownSeconds! > 0);
  assert.ok(cost.slowdownSeconds! < 0.25 * cost.seconds);
  const r = simulateDatacenter(twoHosts, {
    ...base,
    migrationDegradation: "engine",
    dirtyLoggingSlowdown: 0.25,
  });
  assert.equal(r.migrations, 1);
  // b loses its downtime in full and its slowdown: 100 MIPS x (downtime + slowdown)
  const lost = 100 * (cost.downtimeSeconds + cost.slowdownSeconds!);
  assert.ok(Math.abs(r.pdm - lost / REQUESTED) < 1e-12, `${r.pdm} vs ${lost / REQUESTED}`);
});

Deno.test("engine degradation replaces the fixed 10 %: no dirty-logging cost leaves the downtime", () => {
  const cost = engineCost(0);
  assert.equal(cost.slowdownSeconds, 0);
  const engine = simulateDatacenter(twoHosts, { ...base, migrationDegradation: "engine" });
  assert.ok(Math.abs(engine.pdm - 100 * cost.downtimeSeconds / REQUESTED) < 1e-12);
  // CloudSim's fixed share: 10 % of b's MIPS for the whole migration, plus the downtime
  const fixed = simulateDatacenter(twoHosts, base);
  const fixedLost = 100 * cost.downtimeSeconds + 100 * 0.1 * cost.seconds;
  assert.ok(Math.abs(fixed.pdm - fixedLost / REQUESTED) < 1e-12);
  assert.ok(engine.pdm < fixed.pdm);
});

Deno.test("engine degradation needs the engine model and a fraction below 1", () => {
  assert.throws(
    () =>
      simulateDatacenter(twoHosts, {
        seed: 1,
        migrationModel: "cloudsim",
        migrationDegradation: "engine",
      }),
    /migrationDegradation/,
  );
  assert.throws(
    () => simulateDatacenter(twoHosts, { ...base, dirtyLoggingSlowdown: 1 }),
    /dirtyLoggingSlowdown/,
  );
});
