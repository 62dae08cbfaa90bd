/**
 * SimGrid 3.32's live-migration model derived by hand (an independent reference computation that
 * follows `src/plugins/vm/VmLiveMigration.cpp`, `MigrationTx::operator()`, and
 * `src/plugins/vm/dirty_page_tracking.cpp`), held to the recorded grid within 0.1 %.
 * It is also the oracle for the engine's `simgrid` preset. See data/validation/simgrid/README.md.
 */
import assert from "node:assert/strict";
import {
  readSimgridRecord,
  type SimgridRun,
  type SimgridRunParams,
} from "../../lib/validation/mod.ts";

const RECORD = new URL("../../data/validation/simgrid/grid.jsonl", import.meta.url);
const DEFAULTS_RECORD = new URL(
  "../../data/validation/simgrid/grid_defaults.jsonl",
  import.meta.url,
);
const META = new URL("../../data/validation/simgrid/meta.json", import.meta.url);

/** What the reference predicts for one run. */
interface Prediction {
  converged: boolean;
  totalSeconds: number;
  downtimeSeconds: number;
  bytesSent: number;
  stage2Rounds: number;
  stage3Bytes: number;
  thresholdsBytes: number[];
  messageBytes: number[];
}

/** SimGrid's network options that shape one message (`src/surf/network_cm02.cpp`, v3.32). */
interface NetworkModel {
  /** `network/latency-factor` (lines 379-384). */
  latencyFactor: number;
  /** `network/bandwidth-factor` (lines 351-359, 371-377). */
  bandwidthFactor: number;
  /** `network/crosstraffic`: a reverse flow of 5 % on the same link (lines 248-260). */
  crosstraffic: boolean;
  /** `network/TCP-gamma`, the bound gamma / (2 latency) on a flow (lines 407-415). */
  tcpGammaBytes: number;
}

/** The record's options: CM02, no crosstraffic, an unbounded window. */
const CM02_PLAIN: NetworkModel = {
  latencyFactor: 1,
  bandwidthFactor: 1,
  crosstraffic: false,
  tcpGammaBytes: Infinity,
};

/** SimGrid's defaults: LV08 (lines 48-57), crosstraffic on, a 4 MiB window. */
const LV08_DEFAULTS: NetworkModel = {
  latencyFactor: 13.01,
  bandwidthFactor: 0.97,
  crosstraffic: true,
  tcpGammaBytes: 4194304,
};

/**
 * The plugin's algorithm. A message of `s` bytes takes `latencyFactor x L + s / R`, where the
 * flow's rate `R` is the bandwidth factor times the max-min share of its variable: bounded by the
 * link (which the 5 % crosstraffic also loads), by the user rate `V / bandwidthFactor`, and by
 * `gamma / (2 L)`.
 */
function simgridReference(
  p: SimgridRunParams,
  maxRounds: number,
  net: NetworkModel = CM02_PLAIN,
): Prediction {
  const f = net.bandwidthFactor;
  const L = p.latencySeconds;
  const rate = f * Math.min(
    p.bandwidthBytesPerSecond / (net.crosstraffic ? 1.05 : 1),
    p.migrationSpeedBytesPerSecond / f,
    L > 0 ? net.tcpGammaBytes / (2 * L) : Infinity,
  );
  const send = (bytes: number) => net.latencyFactor * L + bytes / rate;
  // VmLiveMigration.cpp:132-133: bytes dirtied per flop the VM computes.
  const dpRate = (p.migrationSpeedBytesPerSecond * p.intensity) / p.hostFlops;
  // VmLiveMigration.cpp:82-91: the flops computed during a message (the guest runs at full host
  // speed) times dpRate, truncated to an integer and capped at the working set.
  const updated = (seconds: number) =>
    Math.min(Math.trunc(p.hostFlops * seconds * dpRate), p.workingSetBytes);
  const maxDowntime = 0.03; // VmLiveMigration.cpp:152-155 (and dirty_page_tracking.cpp:21)
  const messageBytes = [p.ramBytes];
  const thresholdsBytes: number[] = [];
  // Stage 1 (lines 157-194): all of memory, then bandwidth = ram / duration, latency included.
  let t = send(p.ramBytes);
  let threshold = Math.trunc((p.ramBytes / t) * maxDowntime);
  thresholdsBytes.push(threshold);
  let remaining = updated(t);
  let rounds = 0;
  // Stage 2 (lines 196-249): re-send what was dirtied during the previous message.
  while (threshold < remaining) {
    if (rounds + 1 > maxRounds) return notConverged(rounds + 1, thresholdsBytes, messageBytes);
    const d = send(remaining);
    messageBytes.push(remaining);
    t += d;
    threshold = Math.trunc((remaining / d) * maxDowntime);
    thresholdsBytes.push(threshold);
    rounds++;
    remaining = updated(d);
  }
  if (rounds + 1 > maxRounds) return notConverged(rounds + 1, thresholdsBytes, messageBytes);
  // Stage 3 (lines 251-264): suspended, send the rest; the receiver resumes the VM on arrival
  // (lines 32-48), then acknowledges with a 0-byte message to the issuer (lines 73-77).
  const downtime = send(remaining);
  messageBytes.push(remaining);
  return {
    converged: true,
    totalSeconds: t + downtime + send(0),
    downtimeSeconds: downtime,
    bytesSent: messageBytes.reduce((s, b) => s + b, 0),
    stage2Rounds: rounds,
    stage3Bytes: remaining,
    thresholdsBytes,
    messageBytes,
  };
}

function notConverged(
  rounds: number,
  thresholdsBytes: number[],
  messageBytes: number[],
): Prediction {
  return {
    converged: false,
    totalSeconds: NaN,
    downtimeSeconds: NaN,
    bytesSent: NaN,
    stage2Rounds: rounds,
    stage3Bytes: NaN,
    thresholdsBytes,
    messageBytes,
  };
}

/** Relative difference, with an absolute floor of 1 microsecond / 1 byte for values near zero. */
function close(actual: number, expected: number, tolerance = 1e-3, floor = 1e-6): boolean {
  return Math.abs(actual - expected) <= Math.max(tolerance * Math.abs(expected), floor);
}

const runs: SimgridRun[] = await readSimgridRecord(RECORD);
const defaultRuns: SimgridRun[] = await readSimgridRecord(DEFAULTS_RECORD);
const meta = JSON.parse(await Deno.readTextFile(META));

Deno.test("SimGrid reference reproduces every recorded run within 0.1 %", async (t) => {
  const maxRounds: number = meta.grid.maxRounds;
  let checked = 0;
  for (const run of runs) {
    const want = simgridReference(run.params, maxRounds);
    assert.equal(want.converged, run.converged, `${run.id}: convergence`);
    if (!run.converged) {
      assert.equal(want.stage2Rounds, run.stage2Rounds, `${run.id}: rounds before the guard`);
      continue;
    }
    assert.equal(want.stage2Rounds, run.stage2Rounds, `${run.id}: stage-2 rounds`);
    assert.ok(
      close(run.totalSeconds!, want.totalSeconds),
      `${run.id}: total ${run.totalSeconds} vs ${want.totalSeconds}`,
    );
    assert.ok(
      close(run.downtimeSeconds!, want.downtimeSeconds),
      `${run.id}: downtime ${run.downtimeSeconds} vs ${want.downtimeSeconds}`,
    );
    assert.ok(
      close(run.bytesSent!, want.bytesSent, 1e-3, 1),
      `${run.id}: bytes ${run.bytesSent} vs ${want.bytesSent}`,
    );
    assert.ok(close(run.stage3Bytes!, want.stage3Bytes, 1e-3, 1), `${run.id}: stage 3 bytes`);
    checked++;
  }
  await t.step("every converged run was compared", () => {
    assert.equal(checked, runs.filter((r) => r.converged).length);
    assert.ok(checked > 300);
  });
});

Deno.test("SimGrid reference with LV08, crosstraffic and the TCP window reproduces the defaults grid", () => {
  let checked = 0;
  for (const run of defaultRuns) {
    const want = simgridReference(run.params, meta.defaults.grid.maxRounds, LV08_DEFAULTS);
    assert.equal(want.converged, run.converged, `${run.id}: convergence`);
    assert.equal(want.stage2Rounds, run.stage2Rounds, `${run.id}: rounds`);
    if (!run.converged) continue;
    assert.ok(
      close(run.totalSeconds!, want.totalSeconds),
      `${run.id}: total ${run.totalSeconds} vs ${want.totalSeconds}`,
    );
    assert.ok(close(run.downtimeSeconds!, want.downtimeSeconds), `${run.id}: downtime`);
    assert.ok(close(run.bytesSent!, want.bytesSent, 1e-3, 1), `${run.id}: bytes`);
    checked++;
  }
  assert.equal(checked, defaultRuns.filter((run) => run.converged).length);
  assert.ok(checked > 40);
  // The defaults do change the answer: the plain model misses most of this grid.
  const missed = defaultRuns.filter((run) => {
    const plain = simgridReference(run.params, meta.defaults.grid.maxRounds);
    return run.converged && !close(run.totalSeconds!, plain.totalSeconds);
  }).length;
  assert.ok(missed > checked / 2, `${missed} of ${checked} runs differ`);
});

Deno.test("SimGrid reference matches each recorded message and threshold", () => {
  let worst = 0;
  for (const run of runs.filter((r) => r.converged)) {
    const want = simgridReference(run.params, meta.grid.maxRounds);
    const got = run.messages.filter((m) => m.stage !== "ack").map((m) => m.bytes);
    assert.equal(got.length, want.messageBytes.length, run.id);
    got.forEach((b, i) => {
      const e = want.messageBytes[i]!;
      worst = Math.max(worst, Math.abs(b - e) / Math.max(e, 1));
      assert.ok(close(b, e, 1e-3, 1), `${run.id} message ${i}: ${b} vs ${e}`);
    });
    run.thresholdsBytes.forEach((b, i) =>
      assert.ok(close(b, want.thresholdsBytes[i]!, 1e-3, 1), `${run.id} threshold ${i}`)
    );
  }
  assert.ok(worst < 1e-3);
});

Deno.test("SimGrid reference: hand-computed cases of the plugin's formulas", async (t) => {
  const base: SimgridRunParams = {
    ramBytes: 1e9,
    intensity: 0,
    workingSetBytes: 1e9,
    bandwidthBytesPerSecond: 1e8,
    latencySeconds: 0,
    migrationSpeedBytesPerSecond: 1e8,
    hostFlops: 1e9,
  };
  await t.step("an idle VM: one 10 s stage 1, an empty stage 3, no downtime", () => {
    const r = simgridReference(base, 1000);
    assert.deepEqual(r.messageBytes, [1e9, 0]);
    assert.equal(r.totalSeconds, 10);
    assert.equal(r.downtimeSeconds, 0);
  });
  await t.step("latency is charged on stage 1, stage 3 and the acknowledgement", () => {
    const r = simgridReference({ ...base, latencySeconds: 0.01 }, 1000);
    assert.equal(r.downtimeSeconds, 0.01);
    assert.ok(Math.abs(r.totalSeconds - (10.01 + 0.01 + 0.01)) < 1e-12);
    // The threshold sees ram / (latency + ram / rate), not the link rate.
    assert.equal(r.thresholdsBytes[0], Math.trunc((1e9 / 10.01) * 0.03));
  });
  await t.step(
    "intensity 0.5: stage 2 sends half of the previous message until under 30 ms",
    () => {
      const r = simgridReference({ ...base, intensity: 0.5 }, 1000);
      // 5e8 bytes dirtied in 10 s; then 2.5e8, ... each half, until <= 3e6 = 1e8 x 0.03.
      assert.deepEqual(r.messageBytes.slice(0, 4), [1e9, 5e8, 2.5e8, 1.25e8]);
      assert.equal(r.stage3Bytes <= 3e6, true);
      assert.equal(r.stage3Bytes > 3e6 / 2, true);
    },
  );
  await t.step("the working set caps the bytes re-sent per round", () => {
    const r = simgridReference({ ...base, intensity: 0.9, workingSetBytes: 2e8 }, 1000);
    assert.equal(r.messageBytes[1], 2e8);
    assert.equal(r.messageBytes[2], 1.8e8); // 0.9 x 1e8 B/s x 2 s, under the cap
  });
  await t.step("a latency floor can keep the rest above the threshold for ever", () => {
    const r = simgridReference({ ...base, intensity: 0.9, latencySeconds: 0.01 }, 1000);
    assert.equal(r.converged, false);
  });
});
