import assert from "node:assert/strict";
import { MIGRATION_COST_MODELS } from "../../lib/datacenter/mod.ts";

const request = { ramBytes: 2 ** 29, utilizationPercent: 50, linkBytesPerSecond: 125e6, seed: 1 };
const settings = {
  bandwidthShare: 0.5,
  writesPerSecondAtFullLoad: 5000,
  technique: "pre-copy" as const,
  fidelity: "closed-form" as const,
};

Deno.test("MIGRATION_COST_MODELS refuse bad requests naming the request's field", async (t) => {
  await t.step("a NaN or negative utilisation is not priced as an idle VM", () => {
    // before: writes NaN or < 0 made migrationVmSpec fall back to an idle VM, silently
    for (const u of [NaN, -1, 150]) {
      assert.throws(
        () => MIGRATION_COST_MODELS.engine({ ...request, utilizationPercent: u }, settings),
        new RangeError(
          `Cannot price a migration as request.utilizationPercent must be in [0, 100]: current value is ${u}`,
        ),
      );
    }
  });
  await t.step("a NaN dirty-logging slowdown is not dropped silently", () => {
    assert.throws(
      () => MIGRATION_COST_MODELS.engine(request, { ...settings, dirtyLoggingSlowdown: NaN }),
      new RangeError(
        "Cannot price a migration as settings.dirtyLoggingSlowdown must be a finite number >= 0: current value is NaN",
      ),
    );
  });
  await t.step("RAM, link and share are named as the request and settings name them", () => {
    // before: "vm.pageCount", "link.bandwidthBytesPerSecond" (-6.25e7) and
    // "bandwidthBytesPerSecond", names of the engine and of cloudsimMigrationDelaySeconds
    assert.throws(
      () => MIGRATION_COST_MODELS.engine({ ...request, ramBytes: NaN }, settings),
      new RangeError(
        "Cannot price a migration as request.ramBytes must be a finite number >= 0: current value is NaN",
      ),
    );
    assert.throws(
      () => MIGRATION_COST_MODELS.engine(request, { ...settings, bandwidthShare: -0.5 }),
      new RangeError(
        "Cannot price a migration as settings.bandwidthShare must be in [0, 1]: current value is -0.5",
      ),
    );
    for (const model of [MIGRATION_COST_MODELS.engine, MIGRATION_COST_MODELS.cloudsim]) {
      assert.throws(
        () => model({ ...request, linkBytesPerSecond: 0 }, settings),
        new RangeError(
          "Cannot price a migration as request.linkBytesPerSecond must be a finite number > 0: current value is 0",
        ),
      );
    }
  });
  await t.step("valid requests are priced as before", () => {
    assert.equal(MIGRATION_COST_MODELS.cloudsim(request, settings).seconds, 8.192);
    const idle = MIGRATION_COST_MODELS.engine({ ...request, utilizationPercent: 0 }, settings);
    const busy = MIGRATION_COST_MODELS.engine({ ...request, utilizationPercent: 100 }, settings);
    assert.ok(busy.bytes > idle.bytes);
  });
});
