/**
 * `qemuAcceptance` on hand-made repeats: which recorded figures count.
 */
import assert from "node:assert/strict";
import { qemuAcceptance, type QemuRun } from "../../lib/validation/mod.ts";

const run = (total: number, anomalies: string[] = []) =>
  ({
    converged: true,
    totalSeconds: total,
    downtimeSeconds: 0.02,
    transferredBytes: 1e6,
    anomalies,
  }) as QemuRun;
const sim = { totalSeconds: 1.95, downtimeSeconds: 0.02, bytesSent: 1e6, converged: true };

Deno.test("qemuAcceptance() leaves a total time QEMU reported impossibly out, as compareWithQemuRuns does", () => {
  // runs_quiet.jsonl, pre-256M-r2000-fill-bw128M-dl300: repeat 1 reported total-time 0 ms
  // after 1.949 s of wall time.
  const runs = [
    run(1.955),
    run(0, ["total-time 0 ms after 1.949 s of wall time"]),
    run(1.946),
    run(1.963),
    run(1.951),
  ];
  const a = qemuAcceptance(sim, runs)!;
  assert.equal(a.totalSeconds.mean, (1.955 + 1.946 + 1.963 + 1.951) / 4); // not 1.563
  assert.equal(a.totalSeconds.min, 1.946); // not 0
  assert.ok(a.totalSeconds.repeatsSelfError < 0.005); // not 1
  assert.equal(a.totalSeconds.strict, true);
  // 0.5 s is far outside 15 % of 1.954 s and QEMU's repeats agree: no spread to hide in
  // (with the 0 s repeat, the widened range [0, 2.26] s took it).
  assert.equal(
    qemuAcceptance({ ...sim, totalSeconds: 0.5 }, runs)!.totalSeconds.spreadAware,
    false,
  );
  // Downtime and bytes still count every completed repeat.
  assert.equal(a.bytes.mean, 1e6);
});

Deno.test("qemuAcceptance() keeps anomalous total times when every completed repeat has one", () => {
  const a = qemuAcceptance(sim, [run(0, ["total-time 0 ms after 2 s of wall time"])])!;
  assert.equal(a.totalSeconds.mean, 0);
});

Deno.test("qemuAcceptance() names a simulated figure that is not a finite number >= 0", () => {
  // NaN gave a verdict (strict false) instead of an error.
  assert.throws(() => qemuAcceptance({ ...sim, totalSeconds: NaN }, [run(1)]), {
    name: "RangeError",
    message: "Cannot apply the QEMU acceptance rule as figures.totalSeconds must be a finite " +
      "number >= 0: current value is NaN",
  });
  assert.throws(
    () => qemuAcceptance({ ...sim, converged: "yes" as unknown as boolean }, [run(1)]),
    /figures\.converged must be a boolean: current value is "yes"/,
  );
});

Deno.test("qemuAcceptance() gives no recorded downtime, and no pass on it, when no completed repeat has one", async (t) => {
  // Both repeats completed, but QEMU reported each downtime impossibly (null in the
  // record): the verdict read a recorded downtime of 0 s (mean, min and max 0) and let a
  // simulated downtime of 0 pass the strict rule on no data.
  const runs = [run(1.95), run(1.96)].map((r) => ({ ...r, downtimeSeconds: null }));
  await t.step("the statistics are NaN, not 0", () => {
    const down = qemuAcceptance(sim, runs)!.downtimeSeconds;
    assert.ok(Number.isNaN(down.mean), `mean ${down.mean}`);
    assert.ok(Number.isNaN(down.min), `min ${down.min}`);
    assert.ok(Number.isNaN(down.max), `max ${down.max}`);
    assert.ok(Number.isNaN(down.repeatsSelfError), `repeatsSelfError ${down.repeatsSelfError}`);
    assert.equal(down.simulated, 0.02);
  });
  await t.step("a simulated downtime of 0 does not pass on it", () => {
    const a = qemuAcceptance({ ...sim, downtimeSeconds: 0 }, runs)!;
    assert.equal(a.downtimeSeconds.strict, false);
    assert.equal(a.downtimeSeconds.spreadAware, false);
    assert.equal(a.strict, false);
    assert.equal(a.spreadAware, false);
    // the other figures are still held to the repeats
    assert.equal(a.totalSeconds.strict, true);
    assert.equal(a.bytes.strict, true);
  });
  await t.step("one repeat with a downtime is enough", () => {
    const a = qemuAcceptance(sim, [runs[0]!, run(1.96)])!;
    assert.equal(a.downtimeSeconds.mean, 0.02);
    assert.equal(a.downtimeSeconds.strict, true);
  });
});
