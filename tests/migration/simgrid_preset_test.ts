/**
 * The `simgrid` preset against SimGrid 3.32 itself: every run of the recorded grid
 * (`data/validation/simgrid/grid.jsonl`, made by SimGrid's own live-migration plugin
 * under `network/model:CM02` without corrections, see its README) is replayed through
 * `simulatePreCopy(..., { preset })`. Convergence and the number of stage-2 rounds
 * must match exactly; total time, downtime and bytes within 0.1 %.
 */
import assert from "node:assert/strict";
import { SIMGRID_PRESET, simulatePreCopy, type VmSpec } from "../../mod.ts";
import { readSimgridRecord, type SimgridRun } from "../../lib/validation/mod.ts";

const RECORD = new URL("../../data/validation/simgrid/grid.jsonl", import.meta.url);
const DEFAULTS_RECORD = new URL(
  "../../data/validation/simgrid/grid_defaults.jsonl",
  import.meta.url,
);
const PAGE = 4096;

/**
 * The link one SimGrid message sees under its default network options (LV08 with
 * crosstraffic and a 4 MiB TCP window, `src/kernel/resource/models/network_cm02.cpp`):
 * latency x 13.01, and the rate 0.97 x min(B / 1.05, V / 0.97, gamma / (2 L)), as the
 * record's README derives.
 */
function lv08Link(run: SimgridRun) {
  const p = run.params;
  const f = 0.97;
  const L = p.latencySeconds;
  return {
    bandwidthBytesPerSecond: f * Math.min(
      p.bandwidthBytesPerSecond / 1.05,
      p.migrationSpeedBytesPerSecond / f,
      L > 0 ? 4194304 / (2 * L) : Infinity,
    ),
    latencySeconds: 13.01 * L,
  };
}

/** The engine's inputs for one recorded run. */
function replay(run: SimgridRun, network: "raw" | "lv08" = "raw") {
  const p = run.params;
  // SimGrid dirties intensity x migration speed bytes per second of computation; the
  // engine dirties writesPerSecond x pageSizeBytes.
  const writesPerSecond = (p.intensity * p.migrationSpeedBytesPerSecond) / PAGE;
  const vm: VmSpec = {
    pageCount: p.ramBytes / PAGE,
    pageSizeBytes: PAGE,
    stateBytes: 0,
    workload: writesPerSecond === 0 ? { kind: "idle" } : { kind: "uniform", writesPerSecond },
  };
  const link = network === "lv08" ? lv08Link(run) : {
    bandwidthBytesPerSecond: p.bandwidthBytesPerSecond,
    latencySeconds: p.latencySeconds,
    maxBandwidthBytesPerSecond: p.migrationSpeedBytesPerSecond,
  };
  const preset = { ...SIMGRID_PRESET, workingSetFraction: p.workingSetBytes / p.ramBytes };
  return simulatePreCopy(vm, link, { seed: 1, preset });
}

/** Relative error, 0 when both are 0. */
function relative(a: number, b: number): number {
  return a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

/** Replays every run of a record; returns the worst relative error. */
function replayAll(runs: SimgridRun[], network: "raw" | "lv08"): number {
  let worst = 0;
  for (const run of runs) {
    const r = replay(run, network);
    const stage2 = r.roundRows.filter((row) => row.phase === "push").length - 1;
    assert.equal(r.converged, run.converged, `${run.id}: converged`);
    if (!run.converged) {
      // Both give up after 1000 stage-2 rounds (the harness records the one it cut).
      assert.equal(stage2, 1000, `${run.id}: stage-2 rounds`);
      continue;
    }
    assert.equal(stage2, run.stage2Rounds, `${run.id}: stage-2 rounds`);
    for (
      const [name, mine, theirs] of [
        ["totalSeconds", r.totalSeconds, run.totalSeconds!],
        ["downtimeSeconds", r.downtimeSeconds, run.downtimeSeconds!],
        ["bytesSent", r.bytesSent, run.bytesSent!],
        ["stage-3 bytes", r.stopAndCopyBytesSent, run.stage3Bytes!],
      ] as const
    ) {
      const e = relative(mine, theirs);
      worst = Math.max(worst, e);
      assert.ok(e <= 1e-3, `${run.id}: ${name} ${mine} vs SimGrid ${theirs}`);
    }
  }
  return worst;
}

Deno.test('preset "simgrid" reproduces every run of SimGrid 3.32\'s recorded grid', async () => {
  const runs = await readSimgridRecord(RECORD);
  assert.ok(runs.length >= 360);
  // Measured when written: 5.6e-7 over the 360 runs (floating-point order only).
  assert.ok(replayAll(runs, "raw") < 1e-5);
});

Deno.test('preset "simgrid" reproduces SimGrid\'s default-network grid given the effective link', async () => {
  const runs = await readSimgridRecord(DEFAULTS_RECORD);
  assert.ok(runs.length >= 96);
  // Measured when written: 6.3e-10 over the 96 runs.
  assert.ok(replayAll(runs, "lv08") < 1e-5);
});

Deno.test('preset "simgrid" refuses mechanisms by name instead of ignoring them (review)', () => {
  // A controller that aborts after 1 s per GiB (0.016 s here) gave the same 3694 s run
  // as no mechanism at all, with no result.mechanisms.
  const vm: VmSpec = {
    pageCount: 4096,
    pageSizeBytes: 4096,
    stateBytes: 0,
    workload: { kind: "uniform", writesPerSecond: 5000 },
  };
  for (
    const mechanisms of [
      { controller: { completionTimeoutSecondsPerGiB: 1, timeoutAction: "abort" as const } },
      { autoConverge: true },
    ]
  ) {
    assert.throws(
      () =>
        simulatePreCopy(vm, { bandwidthBytesPerSecond: 4096e3 }, {
          seed: 1,
          preset: "simgrid",
          mechanisms,
        }),
      {
        name: "TypeError",
        message: /^Cannot migrate as options\.mechanisms is not modelled with preset "simgrid"/,
      },
    );
  }
});
