/**
 * A misspelt field of a reliability model or a real-time input is refused, naming it, instead
 * of leaving the field at its default (`coverge: 0.5` ran with perfect coverage).
 */
import {
  accumulatedReward,
  applyBetaFactor,
  blockReliability,
  coldStandbyMttf,
  migrationSystemReliability,
  repairableUnitAvailability,
  warmStandbyMttf,
} from "../../lib/reliability/mod.ts";
import {
  failDuringMigration,
  scheduleAffordableDowntime,
  simulateSchedule,
  supplyBound,
} from "../../lib/realtime/mod.ts";
import { migrate } from "../../lib/migration/mod.ts";
import { bad, refuses } from "../_refuses.ts";

const image = {
  pageCount: 1,
  pageSizeBytes: 4096,
  stateBytes: 0,
  workload: { kind: "idle" as const },
};
const platform = {
  processors: [{
    name: "p0",
    capacity: 1,
    ramBytes: 2 ** 30,
    link: { bandwidthBytesPerSecond: 1e8 },
  }],
  vms: [{
    name: "a",
    scheduler: "edf" as const,
    server: { periodSeconds: 1, budgetSeconds: 0.5 },
    tasks: [{ name: "t", periodSeconds: 4, wcetSeconds: 1, deadlineSeconds: 4 }],
    image,
  }],
  placement: [0],
};

Deno.test("reliability models and real-time inputs refuse a misspelt field, naming it", async (t) => {
  const cases: [string, () => unknown, string][] = [
    [
      "cold standby",
      () => coldStandbyMttf(bad({ failureRatePerSecond: 1, coverge: 0.5 })),
      '"coverge" must be a known key of system',
    ],
    [
      "warm standby",
      () =>
        warmStandbyMttf(
          bad({
            failureRatePerSecond: 1,
            standbyFailureRatePerSecond: 0.1,
            switchSuccessProbabilty: 0.5,
          }),
        ),
      '"switchSuccessProbabilty" must be a known key of system',
    ],
    [
      "repairable unit",
      () =>
        repairableUnitAvailability(
          bad({ failureRatePerSecond: 1, repairRatePerSecond: 2, repairRate: 3 }),
          1,
        ),
      '"repairRate" must be a known key of unit',
    ],
    [
      "migration system",
      () =>
        migrationSystemReliability(bad({ processors: 3, componentReliability: 0.9, coverge: 0.5 })),
      '"coverge" must be a known key of system',
    ],
    [
      "Markov reward model",
      () =>
        accumulatedReward(
          bad({ chain: { states: 2, rates: [[0, 1, 1], [1, 0, 3]] }, rewardRatePerSecond: [1, 0] }),
          0.5,
        ),
      '"rewardRatePerSecond" must be a known key of model',
    ],
    [
      "beta-factor group",
      () =>
        applyBetaFactor(
          {
            kind: "and",
            inputs: [
              { kind: "event", name: "a", lifetime: { kind: "exponential", ratePerSecond: 1e-4 } },
              { kind: "event", name: "b", lifetime: { kind: "exponential", ratePerSecond: 1e-4 } },
            ],
          },
          bad({ events: ["a", "b"], beta: 0.1, nme: "pumps" }),
        ),
      '"nme" must be a known key of group',
    ],
    [
      "a block",
      () =>
        blockReliability(
          { kind: "series", blocks: [bad({ kind: "component", reliability: 0.9, nme: "x" })] },
          1,
        ),
      '"nme" must be a known key of block.blocks[0]',
    ],
    [
      "a periodic server",
      () => supplyBound(bad({ periodSeconds: 5, budgetSeconds: 2, budgetSecond: 1 }), 3),
      '"budgetSecond" must be a known key of server',
    ],
    [
      "scheduleAffordableDowntime",
      () =>
        scheduleAffordableDowntime(
          platform,
          bad({ vm: 0, fromSeconds: 0, spanSeconds: 4, outageSecond: 1 }),
        ),
      '"outageSecond" must be a known key of options',
    ],
    [
      "an outage",
      () =>
        simulateSchedule(platform, {
          horizonSeconds: 8,
          outages: [bad({ vm: 0, fromSeconds: 0, toSeconds: 5, toSecond: 6 })],
        }),
      '"toSecond" must be a known key of options.outages[0]',
    ],
    [
      "an in-flight failure",
      () =>
        failDuringMigration(
          migrate(image, { bandwidthBytesPerSecond: 1e8 }, { technique: "pre-copy", seed: 1 }),
          bad({ processor: "source", timeSeconds: 0, timeSecond: 1 }),
        ),
      '"timeSecond" must be a known key of failure',
    ],
  ];
  for (const [label, run, part] of cases) await t.step(label, () => refuses(label, run, part));
});
