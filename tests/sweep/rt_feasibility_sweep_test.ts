import assert from "node:assert/strict";
import { migrationFeasibility } from "../../lib/realtime/mod.ts";
import {
  expandSweep,
  migrationFeasibilitySpec,
  runSweep,
  sweepMigrationFeasibility,
} from "../../lib/sweep/mod.ts";

const CONFIG = {
  pageCounts: [256, 4096, 65_536],
  writesPerSecond: [0, 5_000, 50_000],
  periodsSeconds: [0.005, 0.1, 2],
  deadlineRatios: [1, 0.6],
  serverBandwidths: [0.3, 0.6],
  link: { bandwidthBytesPerSecond: 125e6, latencySeconds: 1e-4 },
  seed: 7,
};

Deno.test("sweepMigrationFeasibility() rows equal the plain loop's, point for point, for any worker count", async (t) => {
  const inline = await sweepMigrationFeasibility(CONFIG, { runner: "inline" });
  assert.equal(inline.length, 3 * 3 * 3 * 2 * 2 * 3);

  await t.step("each row is migrationFeasibility's row for its point and seed", () => {
    for (const row of inline) {
      const plain = migrationFeasibility({
        pageCounts: [row.pageCount],
        writesPerSecond: [row.writesPerSecond],
        periodsSeconds: [row.periodSeconds],
        deadlineRatio: row.deadlineRatio,
        serverBandwidth: row.serverBandwidth,
        link: CONFIG.link,
        seed: row.seed,
      });
      const match = plain.find((r) => r.technique === row.technique);
      if (match === undefined) {
        // The plain loop has no row where the VM is unschedulable; the sweep says so.
        assert.equal(plain.length, 0);
        assert.equal(row.schedulable, false);
        assert.equal(row.feasible, false);
        continue;
      }
      const { run: _run, schedulable, deadlineRatio: _d, serverBandwidth: _b, ...rest } = row;
      assert.equal(schedulable, true);
      assert.deepEqual(rest, match);
    }
    // The grid reaches both sides of every boundary.
    assert.ok(inline.some((r) => !r.schedulable) && inline.some((r) => r.schedulable));
    assert.ok(inline.some((r) => r.feasible) && inline.some((r) => r.schedulable && !r.feasible));
  });

  await t.step("rows follow the plain loop's order for one timing point", async () => {
    const base = { ...CONFIG, deadlineRatios: [1], serverBandwidths: [0.4], seed: 3 };
    const swept = await sweepMigrationFeasibility(base, { runner: "inline" });
    const { deadlineRatios: _d, serverBandwidths: _b, ...single } = base;
    const plain = migrationFeasibility({ ...single, serverBandwidth: 0.4, seed: 0 });
    assert.deepEqual(
      swept.map((r) => [r.pageCount, r.writesPerSecond, r.periodSeconds, r.technique, r.feasible]),
      plain.map((r) => [r.pageCount, r.writesPerSecond, r.periodSeconds, r.technique, r.feasible]),
    );
  });

  await t.step("one and two Web Workers give the same rows", async () => {
    for (const workers of [1, 2]) {
      assert.deepEqual(
        await sweepMigrationFeasibility(CONFIG, { runner: "worker", workers }),
        inline,
      );
    }
  });

  await t.step("the spec's runs share a seed across techniques of one point", () => {
    const runs = expandSweep(migrationFeasibilitySpec(CONFIG)).runs;
    assert.equal(runs[0]!.seed, runs[2]!.seed);
    assert.notEqual(runs[0]!.seed, runs[3]!.seed);
  });
});

Deno.test("rt-feasibility sweeps reject bad timing parameters naming the field", async () => {
  assert.throws(
    () => {
      const { deadlineRatios: _d, serverBandwidths: _b, ...single } = CONFIG;
      return migrationFeasibility({ ...single, deadlineRatio: 1.5 });
    },
    /config\.deadlineRatio must be in \[0, 1\]: current value is 1\.5/,
  );
  await assert.rejects(
    () => sweepMigrationFeasibility({ ...CONFIG, deadlineRatios: [0] }, { runner: "inline" }),
    /grid\.deadlineRatio\[0\].*current value is 0/,
  );
  await assert.rejects(
    () => sweepMigrationFeasibility({ ...CONFIG, periodsSeconds: [-1] }, { runner: "inline" }),
    /grid\.periodSeconds\[0\].*current value is -1/,
  );
  await assert.rejects(
    () => sweepMigrationFeasibility({ ...CONFIG, serverBandwidths: [0.1] }, { runner: "inline" }),
    /serverBandwidth must be >= utilization \(0\.2\): current value is 0\.1/,
  );
  await assert.rejects(
    () =>
      runSweep({ kind: "rt-feasibility", seed: 1, grid: { technique: ["pre-cpy"] } }, {
        runner: "inline",
      }),
    /grid\.technique\[0\] must be one of "offline", "pre-copy", "post-copy"/,
  );
});

Deno.test("rt-feasibility sweeps refuse a link cap the run kind would drop, naming it", async () => {
  const config = { pageCounts: [4096], writesPerSecond: [0], periodsSeconds: [0.1], seed: 1 };
  const capped = { bandwidthBytesPerSecond: 125e6, maxBandwidthBytesPerSecond: 1e6 };
  // migrationFeasibility honours the cap (125 times slower on the wire); the sweep dropped it
  const slow = migrationFeasibility({ ...config, link: capped });
  const fast = migrationFeasibility({ ...config, link: { bandwidthBytesPerSecond: 125e6 } });
  assert.ok(slow[0]!.migrationSeconds > 100 * fast[0]!.migrationSeconds);
  const message =
    "Cannot sweep migration feasibility as config.link.maxBandwidthBytesPerSecond must be absent or >= config.link.bandwidthBytesPerSecond (125000000), since the rt-feasibility run kind has no rate cap (give the capped rate as bandwidthBytesPerSecond): current value is 1000000";
  assert.throws(() => migrationFeasibilitySpec({ ...config, link: capped }), {
    name: "RangeError",
    message,
  });
  await assert.rejects(
    () => sweepMigrationFeasibility({ ...config, link: capped }, { runner: "inline" }),
    { name: "RangeError", message },
  );
  // a cap that does not bind changes nothing and is accepted
  const loose = { bandwidthBytesPerSecond: 125e6, maxBandwidthBytesPerSecond: 125e6 };
  assert.deepEqual(
    await sweepMigrationFeasibility({ ...config, link: loose }, { runner: "inline" }),
    await sweepMigrationFeasibility({ ...config, link: { bandwidthBytesPerSecond: 125e6 } }, {
      runner: "inline",
    }),
  );
});
