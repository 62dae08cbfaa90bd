/**
 * A misspelt option of the validation mappings and the sweeps is refused, naming it
 * (`autoConverj` dropped the mechanism, `resume: "yes"` ran as true).
 */
import assert from "node:assert/strict";
import {
  qemuMechanismOptions,
  qemuPointToEngineInputs,
  simulateQemuMechanismPoint,
  simulateQemuPoint,
} from "../../lib/validation/mod.ts";
import { migrationFeasibilitySpec, runSweep } from "../../lib/sweep/mod.ts";
import { bad, refuses } from "../_refuses.ts";

Deno.test("the QEMU mappings and the sweeps refuse a misspelt option, naming it", async (t) => {
  const cases: [string, () => unknown, string][] = [
    [
      "qemuMechanismOptions",
      () =>
        qemuMechanismOptions(
          bad({ autoConverj: { initialPercent: 20, incrementPercent: 10 } }),
          false,
        ),
      '"autoConverj" must be a known key of settings',
    ],
    [
      "qemuMechanismOptions, nested",
      () =>
        qemuMechanismOptions(
          bad({ autoConverge: { initialPercnt: 20, incrementPercent: 10 } }),
          false,
        ),
      '"initialPercnt" must be a known key of settings.autoConverge',
    ],
    [
      "qemuPointToEngineInputs",
      () => qemuPointToEngineInputs(bad({}), [], bad({ bandwidthBytesPerSecond: 1, stateByte: 0 })),
      '"stateByte" must be a known key of options',
    ],
    [
      "simulateQemuPoint",
      () =>
        simulateQemuPoint(
          bad({}),
          [],
          bad({ bandwidthBytesPerSecond: 1, stateBytes: 0, downtimeFixedSecond: 1 }),
        ),
      '"downtimeFixedSecond" must be a known key of options',
    ],
    [
      "simulateQemuMechanismPoint",
      () =>
        simulateQemuMechanismPoint(
          [bad({})],
          bad({ bandwidthBytesPerSecond: 1, stateBytes: 0, hostCore: 2 }),
        ),
      '"hostCore" must be a known key of options',
    ],
    [
      "migrationFeasibilitySpec",
      () =>
        migrationFeasibilitySpec(bad({
          pageCounts: [1],
          writesPerSecond: [0],
          periodsSeconds: [1],
          link: { bandwidthBytesPerSecond: 1e6 },
          seed: 1,
          utilisation: 0.3,
        })),
      '"utilisation" must be a known key of config',
    ],
  ];
  for (const [label, run, part] of cases) await t.step(label, () => refuses(label, run, part));
  await t.step("runSweep: resume must be a boolean", async () => {
    await assert.rejects(
      runSweep(bad({ kind: "migration", grid: {} }), bad({ resume: "yes", runner: "inline" })),
      /options\.resume must be a boolean: current value is "yes"/,
    );
  });
});
