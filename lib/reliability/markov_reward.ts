/**
 * Markov reward models: a continuous-time Markov chain with a reward rate in each
 * state (e.g. 1 in the up states for up time, a cost per second of outage) and a
 * reward at each transition (e.g. the cost of a repair), and their expected rewards
 * (Howard, "Dynamic Probabilistic Systems", vol. II, 1971; Reibman, Smith & Trivedi,
 * "Markov and Markov reward model transient analysis", EJOR 40, 1989; Trivedi 2002,
 * ch. 8).
 *
 * A transition reward w on i → j is earned q_ij times per second spent in i, so both
 * kinds combine into one effective rate ρ_i = r_i + Σ_j w_ij q_ij per state.
 *
 * @module
 */
import {
  nonNegative,
  optionNames,
  options as checkOptions,
  requiredOptions,
  show,
} from "../_validate.ts";
import { classify, solveTransient } from "./_absorption.ts";
import { DENSE_CHAIN_STATES, SPARSE_CHAIN_STATES, validateCtmc, validateInitial } from "./_ctmc.ts";
import type { Ctmc } from "./ctmc.ts";
import { steadyState } from "./ctmc.ts";
import { intervalProbabilities, type TransientOptions } from "./ctmc_transient.ts";
import type { AbsorptionOptions } from "./mean_time_to_absorption.ts";

/** A reward earned at each `from → to` transition. */
export type ImpulseReward = readonly [from: number, to: number, reward: number];

/** A chain with rewards. */
export interface MarkovRewardModel {
  /** The chain. */
  chain: Ctmc;
  /**
   * Reward earned per second in each state (length `chain.states`, finite numbers).
   * @default {0 in every state}
   */
  rewardRatesPerSecond?: readonly number[];
  /**
   * Rewards earned at each transition `[from, to, reward]`; the pair must be a
   * transition of the chain (its rates added up).
   * @default {[]}
   */
  impulseRewards?: readonly ImpulseReward[];
}

/** Expected reward accumulated over [0, t], with its truncation error bound. */
export interface AccumulatedReward {
  /** E[reward earned in [0, t]]. */
  expectedReward: number;
  /** Bound on the error from truncating the uniformization series. */
  errorBound: number;
}

function finite(action: string, field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new (typeof value === "number" ? RangeError : TypeError)(
      `Cannot ${action} as ${field} must be a finite number: current value is ${show(value)}`,
    );
  }
  return value;
}

/**
 * The chain's arrays and the parts of the effective reward rates ρ_i = r_i + Σ_j w_ij q_ij:
 * the reward rates r_i and each impulse's state, summed rate q_ij and reward w_ij (their
 * sum by {@link effectiveRho}).
 */
function effectiveRates(action: string, model: MarkovRewardModel, maxStates: number) {
  requiredOptions(
    action,
    "model",
    model,
    optionNames<MarkovRewardModel>({ chain: 0, rewardRatesPerSecond: 0, impulseRewards: 0 }),
  );
  const chain = validateCtmc(action, model.chain, maxStates);
  const { n, from, to, rate } = chain;
  const rates = new Float64Array(n);
  const impulses: { state: number; rate: number; reward: number }[] = [];
  const { rewardRatesPerSecond, impulseRewards = [] } = model;
  if (rewardRatesPerSecond !== undefined) {
    if (!Array.isArray(rewardRatesPerSecond) || rewardRatesPerSecond.length !== n) {
      throw new TypeError(
        `Cannot ${action} as model.rewardRatesPerSecond must be an array of ${n} numbers: current value is ${
          show(rewardRatesPerSecond)
        }`,
      );
    }
    rewardRatesPerSecond.forEach((r, i) => {
      rates[i] = finite(action, `model.rewardRatesPerSecond[${i}]`, r);
    });
  }
  if (!Array.isArray(impulseRewards)) {
    throw new TypeError(
      `Cannot ${action} as model.impulseRewards must be an array: current value is ${
        show(impulseRewards)
      }`,
    );
  }
  impulseRewards.forEach((impulse, k) => {
    const field = `model.impulseRewards[${k}]`;
    if (!Array.isArray(impulse) || impulse.length !== 3) {
      throw new TypeError(
        `Cannot ${action} as ${field} must be [from, to, reward]: current value is ${
          show(impulse)
        }`,
      );
    }
    const [i, j] = impulse;
    const w = finite(action, `${field}[2]`, impulse[2]);
    let q = 0;
    let found = false;
    for (let e = 0; e < from.length; e++) {
      if (from[e] === i && to[e] === j) {
        q += rate[e]!;
        found = true;
      }
    }
    if (!found) {
      throw new RangeError(
        `Cannot ${action} as ${field} must name a transition of the chain: current value is ${
          show(impulse)
        }`,
      );
    }
    impulses.push({ state: i as number, rate: q, reward: w });
  });
  return { ...chain, rates, impulses };
}

/**
 * `scale` ρ_i of every state, summed as `scale` r_i plus each impulse's (`scale` q_ij) w_ij in
 * the model's order: ρ itself at 1, and for a horizon t the t ρ_i that stays finite where
 * ρ_i alone overflows (and is 0 at t = 0).
 */
function effectiveRho(
  parts: Pick<ReturnType<typeof effectiveRates>, "rates" | "impulses">,
  scale = 1,
): Float64Array {
  const rho = parts.rates.map((r) => scale * r);
  for (const { state, rate, reward } of parts.impulses) rho[state]! += scale * rate * reward;
  return rho;
}

/**
 * Σ_i ρ_i p_i for state weights p (probabilities or time-averaged ones), each impulse
 * weighted as its flow (p_i q_ij) w_ij: a rate of 1e308 in a state of probability 1e-311
 * has a finite flow, where ρ_i = r_i + w_ij q_ij would overflow first. Refused, naming the
 * result, when the sum itself overflows.
 */
function weightedReward(
  action: string,
  parts: Pick<ReturnType<typeof effectiveRates>, "rates" | "impulses">,
  p: ArrayLike<number>,
): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += parts.rates[i]! * p[i]!;
  for (const { state, rate, reward } of parts.impulses) sum += p[state]! * rate * reward;
  if (!Number.isFinite(sum)) {
    throw new RangeError(
      `Cannot ${action} as the reward per second must be finite (rewards or rates so large that it overflows): current value is ${sum}`,
    );
  }
  return sum;
}

/**
 * Computes the expected reward accumulated over [0, t]:
 * E[Y(t)] = Σ_i ρ_i ∫_0^t π_i(s) ds = t Σ_i ρ_i Ā_i(t), with the time-averaged state
 * probabilities Ā(t) from uniformization (`intervalProbabilities`). With reward 1 in
 * the up states this is the expected up time; with a cost rate in the down states and
 * a cost per repair transition, the expected cost.
 *
 * @param model The chain and its rewards.
 * @param tSeconds The horizon t in seconds (>= 0).
 * @param options The initial distribution, tolerance and step cap of the uniformization.
 * @returns The expected reward and a bound on its truncation error
 * (t · max|ρ_i| · the L1 bound).
 * @throws {RangeError} If a value is out of range, an impulse names no transition, or the
 * reward per second overflows.
 * @throws {TypeError} If the model has the wrong shape.
 *
 * @example Expected up time of a repairable unit: t·Ā(t)
 * ```ts
 * import { accumulatedReward } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const model = { chain: { states: 2, rates: [[0, 1, 1], [1, 0, 3]] as const }, rewardRatesPerSecond: [1, 0] };
 * const { expectedReward } = accumulatedReward(model, 0.5);
 * assert.ok(Math.abs(expectedReward - 0.5 * (0.75 + (1 / 8) * (1 - Math.exp(-2)))) < 1e-12);
 * ```
 */
export function accumulatedReward(
  model: MarkovRewardModel,
  tSeconds: number,
  options: TransientOptions = {},
): AccumulatedReward {
  checkOptions("run accumulatedReward()", "options", options, ["initial", "maxSteps", "tolerance"]);
  const action = "compute accumulated reward";
  const parts = effectiveRates(action, model, SPARSE_CHAIN_STATES);
  nonNegative(action, "tSeconds", tSeconds);
  const { probabilities, errorBound } = intervalProbabilities(model.chain, tSeconds, options);
  const expectedReward = tSeconds * weightedReward(action, parts, probabilities);
  if (!Number.isFinite(expectedReward)) {
    throw new RangeError(
      `Cannot ${action} as the expected reward must be finite (a horizon so long that it overflows): current value is ${expectedReward}`,
    );
  }
  let largest = 0;
  for (const x of effectiveRho(parts, tSeconds)) largest = Math.max(largest, Math.abs(x));
  return { expectedReward, errorBound: largest * errorBound };
}

/**
 * Computes the long-run reward rate Σ_i ρ_i π_i, with π the steady state
 * (`steadyState`): e.g. the steady-state availability with reward 1 in the up
 * states, or the long-run cost per second.
 *
 * @param model The chain (with one closed class) and its rewards.
 * @returns The reward per second in the long run.
 * @throws {RangeError} If a value is out of range, an impulse names no transition, the
 * steady state is not unique, or the reward per second overflows.
 * @throws {TypeError} If the model has the wrong shape.
 *
 * @example Long-run cost of a repairable unit: 50 per hour down plus 200 per repair
 * ```ts
 * import { steadyStateRewardRate } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const [l, m] = [1e-4, 1e-2];
 * const model = {
 *   chain: { states: 2, rates: [[0, 1, l], [1, 0, m]] as const },
 *   rewardRatesPerSecond: [0, 50 / 3600],
 *   impulseRewards: [[1, 0, 200]] as const,
 * };
 * const down = l / (l + m);
 * assert.ok(Math.abs(steadyStateRewardRate(model) - (down * 50 / 3600 + down * m * 200)) < 1e-15);
 * ```
 */
export function steadyStateRewardRate(model: MarkovRewardModel): number {
  const action = "compute steady-state reward rate";
  const parts = effectiveRates(action, model, DENSE_CHAIN_STATES);
  return weightedReward(action, parts, steadyState(model.chain));
}

/**
 * Computes the expected reward accumulated until absorption, e.g. the expected up
 * time or cost before a system failure: y solves e_i y_i = ρ_i + Σ_j q_ij y_j over the
 * transient states (y = N ρ with N the fundamental matrix), by the same
 * subtraction-free state reduction as `meanTimeToAbsorption` (reward 1 everywhere
 * gives the mean time to absorption).
 *
 * @param model The chain (absorption certain from the initial states) and its rewards.
 * @param options The initial distribution.
 * @returns The expected reward until absorption.
 * @throws {RangeError} If a value is out of range, an impulse names no transition, or
 * absorption is not certain from the initial distribution.
 * @throws {TypeError} If the model has the wrong shape.
 *
 * @example Expected number of repairs before a duplex system fails
 * ```ts
 * import { rewardUntilAbsorption } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const [l, m] = [1e-3, 1e-1];
 * const chain = { states: 3, rates: [[0, 1, 2 * l], [1, 0, m], [1, 2, l]] as const };
 * // Each visit to state 1 ends in a repair with probability m/(m+l): geometric count.
 * const repairs = rewardUntilAbsorption({ chain, impulseRewards: [[1, 0, 1]] });
 * assert.ok(Math.abs(repairs - m / l) < 1e-9);
 * ```
 */
export function rewardUntilAbsorption(
  model: MarkovRewardModel,
  options: AbsorptionOptions = {},
): number {
  checkOptions("run rewardUntilAbsorption()", "options", options, ["initial"]);
  const action = "compute reward until absorption";
  const parts = effectiveRates(action, model, DENSE_CHAIN_STATES);
  const { n, from, to, rate, exit } = parts;
  const initial = validateInitial(action, options.initial, n);
  const { absorbing, transient, uncertain } = classify(n, from, to, rate, exit);
  for (let i = 0; i < n; i++) {
    if (initial[i]! > 0 && uncertain[i] && !absorbing[i]) {
      throw new RangeError(
        `Cannot ${action} as absorption must be certain from every initial state: current value is state ${i}`,
      );
    }
  }
  const [y] = solveTransient(n, from, to, rate, transient, [effectiveRho(parts)]);
  let total = 0;
  for (let i = 0; i < n; i++) if (transient[i]) total += initial[i]! * y![i]!;
  if (!Number.isFinite(total)) {
    throw new RangeError(
      `Cannot ${action} as the expected reward must be finite (rates so small that it overflows): current value is ${total}`,
    );
  }
  return total;
}
