/**
 * Holds `preset: "qemu"` to the recorded real QEMU 7.2 runs
 * (`data/validation/qemu/runs.jsonl`, 50 pre-copy points x 3 repeats), through
 * `simulateQemuPoint` and the rules of `qemuAcceptance`.
 *
 * The acceptance rule, per figure (total time, downtime, RAM bytes), on points where
 * both the engine and QEMU converged:
 * - strict: within 15 % of the mean of QEMU's completed repeats;
 * - spread-aware: strict, or, only where QEMU's own repeats stray more than 15 % from
 *   their mean, inside the repeats' range widened by 15 % (and by 1 ms for times:
 *   QEMU reports whole milliseconds).
 * Justification: QEMU's repeats on this loaded 2-core machine lie within 15 % of
 * their mean on downtime at 2 of 43 points, so the strict rule asks more than QEMU
 * reproduces; where QEMU does repeat itself the spread-aware rule is the strict one.
 *
 * The test pins exactly the points that pass and the counted known failures (with
 * their reasons below), so that any regression, or any improvement not yet
 * recorded here, fails.
 */
import assert from "node:assert/strict";
import { migrate } from "../../mod.ts";
import {
  compareWithQemuRuns,
  groupQemuRuns,
  measuredLoopbackBytesPerSecond,
  measuredQemuDeviceStateBytes,
  qemuAcceptance,
  qemuPointPreset,
  qemuPointToEngineInputs,
  readQemuRecord,
  simulateQemuPoint,
} from "../../lib/validation/mod.ts";

const RECORD = new URL("../../data/validation/qemu/runs.jsonl", import.meta.url).pathname;

/** Points within 15 % of QEMU's mean on all three figures (strict rule). */
const STRICT_PASS = [
  "pre-64M-r8000-fill-bw128M-dl300",
  "pre-256M-r2000-fill-bw32M-dl300",
];

/** Points that pass the spread-aware rule on all three figures. */
const SPREAD_AWARE_PASS = [
  "pre-64M-r0-fill-bw32M-dl50",
  "pre-64M-r0-fill-bw128M-dl50",
  "pre-64M-r0-fill-bwunl-dl300",
  "pre-64M-r0-fill-bwunl-dl50",
  "pre-64M-r2000-fill-bw32M-dl300",
  "pre-64M-r2000-fill-bw128M-dl300",
  "pre-64M-r2000-fill-bw128M-dl50",
  "pre-64M-r2000-fill-bwunl-dl300",
  "pre-64M-r2000-fill-bwunl-dl50",
  "pre-64M-r8000-fill-bw128M-dl300",
  "pre-256M-r0-fill-bw32M-dl50",
  "pre-256M-r0-fill-bw128M-dl50",
  "pre-256M-r0-fill-bwunl-dl50",
  "pre-256M-r2000-fill-bw32M-dl300",
  "pre-256M-r2000-fill-bw32M-dl50",
  "pre-256M-r2000-fill-bwunl-dl300",
  "pre-256M-r2000-fill-bwunl-dl50",
  "pre-256M-r8000-fill-bw128M-dl300",
  "pre-256M-r8000-fill-bwunl-dl300",
  "pre-256M-r8000-fill-bwunl-dl50",
  "pre-256M-r32000-fill-bwunl-dl50",
  "pre-64M-r0-fresh-bw32M-dl300",
  "pre-256M-r0-fresh-bw32M-dl300",
];

/**
 * Known failures of the spread-aware rule: the figures that fail, and why.
 * "Final-copy rate": the engine sends the stop-and-copy at the one measured link
 * rate (412 MiB/s), while QEMU's stop-and-copy on this machine ran at 0.07 to 3.2
 * GB/s (`ram.downtime-bytes / downtime`), about 10x slower for 256 MiB guests than
 * for 64 MiB ones with the same bytes; "live rate": the same for the uncapped live
 * phase (idle guests moved 1-1.5 GB/s, busy TCG guests far less).
 */
const KNOWN_FAILURES: Record<string, string[]> = {
  "pre-64M-r0-fill-bw32M-dl300": ["downtimeSeconds"], // final-copy rate (QEMU 8.3 MB in 5-9 ms)
  "pre-64M-r0-fill-bw128M-dl300": ["downtimeSeconds"], // final-copy rate
  "pre-64M-r2000-fill-bw32M-dl50": ["downtimeSeconds"], // 3.4 ms vs 0-2 ms: final-copy rate
  "pre-64M-r8000-fill-bw128M-dl50": ["downtimeSeconds"], // final-copy rate
  "pre-64M-r8000-fill-bwunl-dl300": ["totalSeconds", "downtimeSeconds"], // live and final rate
  "pre-64M-r8000-fill-bwunl-dl50": ["downtimeSeconds"], // final-copy rate
  // 32000 writes/s against a 128 MiB/s cap (32,700 pages/s) converges in the engine
  // only after 67 syncs (8.8 s); QEMU completed in 0.5-2.8 s, its TCG guest likely
  // falling behind its write rate while dirty tracking slows each first write.
  "pre-64M-r32000-fill-bw128M-dl300": ["totalSeconds", "bytes"],
  "pre-64M-r32000-fill-bwunl-dl300": ["bytes"], // engine re-sends 10 % more than QEMU's maximum
  "pre-64M-r32000-fill-bwunl-dl50": ["downtimeSeconds"], // live and final rate
  "pre-256M-r0-fill-bw32M-dl300": ["downtimeSeconds"], // final-copy rate (QEMU slower here)
  "pre-256M-r0-fill-bw128M-dl300": ["totalSeconds", "downtimeSeconds"], // final-copy rate
  "pre-256M-r0-fill-bwunl-dl300": ["totalSeconds", "downtimeSeconds"], // live rate of an idle guest
  "pre-256M-r2000-fill-bw128M-dl300": ["downtimeSeconds"], // final-copy rate
  "pre-256M-r2000-fill-bw128M-dl50": ["downtimeSeconds"], // final-copy rate
  "pre-256M-r8000-fill-bw128M-dl50": ["totalSeconds"], // 2.59 s vs 3.01-3.13 s: QEMU re-sent more
  "pre-256M-r32000-fill-bwunl-dl300": ["totalSeconds", "downtimeSeconds"], // live and final rate
};

const record = await readQemuRecord(RECORD);
const loopback = measuredLoopbackBytesPerSecond(record.runs);
const stateBytes = measuredQemuDeviceStateBytes(record.runs);
const points = groupQemuRuns(record.runs).filter((g) => g.point.technique === "pre-copy");
const simulated = points.map(({ point, runs }) => ({
  point,
  runs,
  ...simulateQemuPoint(point, runs, { bandwidthBytesPerSecond: loopback, stateBytes }),
}));

Deno.test('preset "qemu" against the recorded QEMU 7.2 runs', async (t) => {
  await t.step("inputs measured from the recording", () => {
    assert.equal(points.length, 50);
    // Non-RAM stream bytes, from ram.mbps x (total - setup): 112,585 B on every idle
    // run, a little more with more iteration markers.
    assert.ok(stateBytes >= 112585 && stateBytes < 114000, `${stateBytes}`);
  });

  await t.step("the convergence boundary is exact (converged within the wait bound)", () => {
    for (const { point, runs, figures } of simulated) {
      const completed = runs.filter((r) => r.converged).length;
      assert.ok(completed === 0 || completed === runs.length, `${point.id} is mixed`);
      assert.equal(figures.converged, completed > 0, point.id);
    }
  });

  const verdicts = simulated
    .map(({ point, runs, figures }) => ({ id: point.id, a: qemuAcceptance(figures, runs) }))
    .filter((v) => v.a !== null)
    .map((v) => ({ id: v.id, a: v.a! }));

  await t.step("39 points converge in both", () => {
    assert.equal(verdicts.length, 39);
  });

  await t.step(`strict rule: exactly ${STRICT_PASS.length} of 39 points pass`, () => {
    assert.deepEqual(verdicts.filter((v) => v.a.strict).map((v) => v.id), STRICT_PASS);
  });

  await t.step(
    `spread-aware rule: exactly ${SPREAD_AWARE_PASS.length} of 39 pass; ${
      Object.keys(KNOWN_FAILURES).length
    } known failures`,
    () => {
      assert.deepEqual(
        verdicts.filter((v) => v.a.spreadAware).map((v) => v.id),
        SPREAD_AWARE_PASS,
      );
      assert.equal(SPREAD_AWARE_PASS.length + Object.keys(KNOWN_FAILURES).length, 39);
      for (const v of verdicts.filter((v) => !v.a.spreadAware)) {
        const failing = (["totalSeconds", "downtimeSeconds", "bytes"] as const).filter((k) =>
          !v.a[k].spreadAware
        );
        assert.deepEqual(failing, KNOWN_FAILURES[v.id], v.id);
      }
    },
  );

  await t.step("per figure, strict: total time 18, downtime 3, bytes 36 of 39 points", () => {
    assert.equal(verdicts.filter((v) => v.a.totalSeconds.strict).length, 18);
    assert.equal(verdicts.filter((v) => v.a.downtimeSeconds.strict).length, 3);
    assert.equal(verdicts.filter((v) => v.a.bytes.strict).length, 36);
  });

  await t.step(
    "post-copy points (hybrid, 1 round, pull uncapped): total and bytes within 15 %",
    () => {
      // Known failure, counted: their downtime (0.3 ms of device state against QEMU's
      // 1-3 ms, which also covers the postcopy switch's discard bitmap and handshake).
      const post = groupQemuRuns(record.runs).filter((g) => g.point.technique === "post-copy");
      assert.equal(post.length, 4);
      for (const { point, runs } of post) {
        const { vm, link } = qemuPointToEngineInputs(point, runs, {
          bandwidthBytesPerSecond: loopback,
          stateBytes,
        });
        const r = migrate(vm, link, {
          technique: "hybrid",
          seed: 1,
          preCopyRounds: 1,
          preset: qemuPointPreset(point, runs),
        });
        const c = compareWithQemuRuns(
          point.id,
          { ...r, bytesSent: r.bytesSent - stateBytes },
          runs,
        );
        assert.ok(c.convergenceAgrees, point.id);
        assert.ok(Math.abs(c.relativeError!.totalSeconds!) <= 0.15, `${point.id} total`);
        assert.ok(Math.abs(c.relativeError!.bytes!) <= 0.15, `${point.id} bytes`);
        assert.ok(c.relativeError!.downtimeSeconds! < -0.7, `${point.id} downtime (known failure)`);
      }
    },
  );
});
