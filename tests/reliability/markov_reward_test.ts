import assert from "node:assert/strict";
import type { Ctmc } from "../../lib/reliability/ctmc.ts";
import {
  accumulatedReward,
  type MarkovRewardModel,
  rewardUntilAbsorption,
  steadyStateRewardRate,
} from "../../lib/reliability/markov_reward.ts";
import { meanTimeToAbsorption } from "../../lib/reliability/mean_time_to_absorption.ts";
import { repairableUnitAvailability } from "../../lib/reliability/repairable_unit.ts";
import { createPrng } from "../../lib/random/prng.ts";
import { meanAndError, simulatePath } from "./_ctmc_simulation.ts";

/** Reward of one simulated path over [0, horizon]. */
function pathReward(model: MarkovRewardModel, horizon: number, seed: string, count: number) {
  const prng = createPrng(11, "reward", seed);
  const r = model.rewardRatesPerSecond ?? [];
  const w = new Map((model.impulseRewards ?? []).map(([f, t, x]) => [`${f},${t}`, x]));
  return Array.from({ length: count }, () => {
    const path = simulatePath(model.chain, 0, horizon, prng);
    let total = 0;
    path.forEach((step, k) => {
      const end = k + 1 < path.length ? path[k + 1]!.enter : horizon;
      const rate = r[step.state] ?? 0;
      if (rate !== 0) total += rate * (Math.min(end, horizon) - step.enter);
      if (k > 0) total += w.get(`${path[k - 1]!.state},${step.state}`) ?? 0;
    });
    return total;
  });
}

// Duplex with one repair crew: 0 both up, 1 one up, 2 both down (repairable).
const duplex: Ctmc = { states: 3, rates: [[0, 1, 0.2], [1, 0, 1], [1, 2, 0.1], [2, 1, 0.5]] };
const costModel: MarkovRewardModel = {
  chain: duplex,
  rewardRatesPerSecond: [0, 1, 10], // cost per second degraded and down
  impulseRewards: [[1, 0, 3], [2, 1, 3]], // cost per repair
};

Deno.test("accumulatedReward() expected up time equals t·Ā(t) of the repairable unit", () => {
  const unit = { failureRatePerSecond: 0.3, repairRatePerSecond: 2 };
  const model = {
    chain: { states: 2, rates: [[0, 1, 0.3], [1, 0, 2]] as const },
    rewardRatesPerSecond: [1, 0],
  };
  for (const t of [0, 0.1, 1, 10, 50]) {
    const want = t * repairableUnitAvailability(unit, t).interval;
    const got = accumulatedReward(model, t);
    assert.ok(Math.abs(got.expectedReward - want) < 1e-10 * Math.max(1, want), `t ${t}`);
    assert.ok(got.errorBound <= 1e-12 * Math.max(1, t));
  }
});

Deno.test("accumulatedReward() with rate and impulse rewards agrees with simulated paths (4σ)", () => {
  const horizon = 20;
  const { mean, error } = meanAndError(pathReward(costModel, horizon, "accumulated", 20_000));
  const exact = accumulatedReward(costModel, horizon).expectedReward;
  assert.ok(Math.abs(mean - exact) < 4 * error, `${mean} ± ${error} vs ${exact}`);
});

Deno.test("steadyStateRewardRate() is the long-run slope of accumulatedReward()", () => {
  const rate = steadyStateRewardRate(costModel);
  const a = accumulatedReward(costModel, 2000).expectedReward;
  const b = accumulatedReward(costModel, 1000).expectedReward;
  assert.ok(Math.abs((a - b) / 1000 - rate) < 1e-9);
  // Closed form by balance: π1 = 0.2 π0, π2 = 0.2 π1 (0.1/0.5).
  const pi = [1, 0.2, 0.04].map((x) => x / 1.24);
  const want = pi[1]! * (1 + 3 * 1) + pi[2]! * (10 + 3 * 0.5);
  assert.ok(Math.abs(rate - want) < 1e-14);
});

Deno.test("rewardUntilAbsorption() gives the MTTA with reward 1 and up time by simulation", () => {
  const chain: Ctmc = { states: 3, rates: [[0, 1, 0.2], [1, 0, 1], [1, 2, 0.1]] };
  const ones = rewardUntilAbsorption({ chain, rewardRatesPerSecond: [1, 1, 1] });
  assert.ok(Math.abs(ones / meanTimeToAbsorption(chain).meanSeconds - 1) < 1e-14);
  const model = { chain, rewardRatesPerSecond: [1, 0, 0], impulseRewards: [[1, 0, 2]] as const };
  const { mean, error } = meanAndError(pathReward(model, Infinity, "absorption", 20_000));
  const exact = rewardUntilAbsorption(model);
  assert.ok(Math.abs(mean - exact) < 4 * error, `${mean} ± ${error} vs ${exact}`);
});

Deno.test("Markov reward functions reject malformed rewards with the field", async (t) => {
  await t.step(
    "impulse on a missing transition",
    () =>
      assert.throws(() => steadyStateRewardRate({ chain: duplex, impulseRewards: [[0, 2, 1]] }), {
        name: "RangeError",
        message:
          "Cannot compute steady-state reward rate as model.impulseRewards[0] must name a transition of the chain: current value is [0,2,1]",
      }),
  );
  await t.step(
    "NaN reward rate",
    () =>
      assert.throws(
        () => accumulatedReward({ chain: duplex, rewardRatesPerSecond: [0, NaN, 0] }, 1),
        {
          name: "RangeError",
          message:
            "Cannot compute accumulated reward as model.rewardRatesPerSecond[1] must be a finite number: current value is NaN",
        },
      ),
  );
  await t.step(
    "wrong length",
    () =>
      assert.throws(() => accumulatedReward({ chain: duplex, rewardRatesPerSecond: [1] }, 1), {
        name: "TypeError",
        message: /model.rewardRatesPerSecond must be an array of 3 numbers/,
      }),
  );
  await t.step(
    "absorption not certain",
    () =>
      assert.throws(
        () => rewardUntilAbsorption({ chain: duplex, rewardRatesPerSecond: [1, 1, 1] }),
        {
          name: "RangeError",
          message:
            "Cannot compute reward until absorption as absorption must be certain from every initial state: current value is state 0",
        },
      ),
  );
});

Deno.test("steadyStateRewardRate() and accumulatedReward() weigh an impulse by its flow, finite where ρ = r + w·q overflows", () => {
  // a state left at 1e308 per second holds probability ~1e-311: its repair impulse of 200 flows
  // at π1·q = π0·0.001 per second, 0.2 per second in all; ρ1 = 200 · 1e308 alone is Infinity
  const model = {
    chain: { states: 2, rates: [[0, 1, 0.001], [1, 0, 1e308]] as const },
    rewardRatesPerSecond: [1, 0],
    impulseRewards: [[1, 0, 200]] as const,
  };
  const rate = steadyStateRewardRate(model);
  assert.ok(Math.abs(rate - 1.2) < 1e-9, `reward rate ${rate}`);
  // over [0, 0] nothing is earned and nothing is uncertain (the bound was 0 · Infinity = NaN)
  assert.deepEqual(accumulatedReward(model, 0), { expectedReward: 0, errorBound: 0 });
  // a long-run reward that does overflow is refused, naming it
  const huge = {
    chain: { states: 2, rates: [[0, 1, 1], [1, 0, 1]] as const },
    rewardRatesPerSecond: [1e308, 1e308],
    impulseRewards: [[0, 1, 1e308], [1, 0, 1e308]] as const,
  };
  assert.throws(() => steadyStateRewardRate(huge), {
    name: "RangeError",
    message:
      "Cannot compute steady-state reward rate as the reward per second must be finite (rewards or rates so large that it overflows): current value is Infinity",
  });
});
