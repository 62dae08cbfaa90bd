/**
 * Mean time to absorption and absorption probabilities of any continuous-time
 * Markov chain with absorbing states.
 *
 * @module
 */
import { options as checkOptions, show } from "../_validate.ts";
import { classify, solveTransient } from "./_absorption.ts";
import { DENSE_CHAIN_STATES, validateCtmc, validateInitial } from "./_ctmc.ts";
import type { Ctmc } from "./ctmc.ts";

/** Options of {@link meanTimeToAbsorption}. */
export interface AbsorptionOptions {
  /**
   * The state probabilities at time 0 (length `chain.states`, summing to 1).
   * @default {state 0 with probability 1}
   */
  initial?: readonly number[];
}

/** Result of {@link meanTimeToAbsorption}. */
export interface AbsorptionResult {
  /** Mean time to absorption from the initial distribution, in seconds (Infinity if absorption is not certain). */
  meanSeconds: number;
  /**
   * Mean time to absorption from each state, in seconds: 0 for absorbing states,
   * Infinity for states from which absorption is not certain.
   */
  stateMeanSeconds: number[];
  /** The absorbing states (exit rate 0), ascending. */
  absorbingStates: number[];
  /**
   * Probability of ending in each state from the initial distribution: non-zero only
   * for absorbing states; sums to less than 1 when absorption is not certain.
   */
  absorptionProbabilities: number[];
}

/**
 * Computes the mean time to absorption (e.g. the MTTF, with the failed states
 * absorbing) and the absorption probabilities of a chain. The absorbing states are
 * those with no outgoing rate.
 *
 * Method: with T the transient states and N = (-Q_TT)⁻¹ the fundamental matrix, the
 * mean times are τ = N·1 and the absorption probabilities B = N·Q_TA (Kemeny & Snell,
 * "Finite Markov Chains", 1960, ch. 3; Trivedi 2002, ch. 8). They are found without
 * forming N, by solving e_i τ_i = 1 + Σ_j q_ij τ_j with a subtraction-free state
 * reduction (Grassmann, Taksar & Heyman 1985), which stays accurate when rates span
 * many orders of magnitude (fast repair, rare failure). States from which some path
 * leads to a closed set without absorbing states have an infinite mean; the others
 * are solved exactly. Dense: O(states³).
 *
 * @param chain The chain (at least one absorbing state).
 * @param options The initial distribution.
 * @returns The mean from the initial distribution and from each state, the absorbing
 * states and the absorption probabilities.
 * @throws {RangeError} If no state is absorbing, or an index, rate or probability is out of range.
 * @throws {TypeError} If the chain or the initial distribution has the wrong shape.
 *
 * @example Two units in parallel with one repair crew: MTTF = (3λ + μ) / (2λ²)
 * ```ts
 * import { meanTimeToAbsorption } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const [l, m] = [1e-4, 1e-1];
 * // 0: both up, 1: one up (repair under way), 2: both down (absorbing).
 * const chain = { states: 3, rates: [[0, 1, 2 * l], [1, 0, m], [1, 2, l]] as const };
 * const { meanSeconds } = meanTimeToAbsorption(chain);
 * assert.ok(Math.abs(meanSeconds / ((3 * l + m) / (2 * l * l)) - 1) < 1e-13);
 * ```
 */
export function meanTimeToAbsorption(
  chain: Ctmc,
  options: AbsorptionOptions = {},
): AbsorptionResult {
  checkOptions("run meanTimeToAbsorption()", "options", options, ["initial"]);
  const action = "compute mean time to absorption";
  const { n, from, to, rate, exit } = validateCtmc(action, chain, DENSE_CHAIN_STATES);
  const initial = validateInitial(action, options.initial, n);
  const { absorbing, transient, uncertain } = classify(n, from, to, rate, exit);
  const absorbingStates = absorbing.flatMap((a, i) => (a ? [i] : []));
  if (absorbingStates.length === 0) {
    throw new RangeError(
      `Cannot ${action} as chain must have an absorbing state (no outgoing rate): current value is ${
        show(chain)
      }`,
    );
  }
  const ones = new Float64Array(n).fill(1);
  const toAbsorbing = absorbingStates.map((a) => {
    const col = new Float64Array(n);
    for (let e = 0; e < from.length; e++) {
      if (to[e] === a) col[from[e]!] = col[from[e]!]! + rate[e]!;
    }
    return col;
  });
  const [times, ...probabilities] = solveTransient(n, from, to, rate, transient, [
    ones,
    ...toAbsorbing,
  ]);
  const stateMeanSeconds = Array.from(
    { length: n },
    (_, i) => (absorbing[i] ? 0 : uncertain[i] ? Infinity : times![i]!),
  );
  let meanSeconds = 0;
  for (let i = 0; i < n; i++) {
    if (initial[i]! > 0) meanSeconds += initial[i]! * stateMeanSeconds[i]!;
  }
  const absorptionProbabilities = new Array<number>(n).fill(0);
  absorbingStates.forEach((a, c) => {
    let p = initial[a]!;
    for (let i = 0; i < n; i++) if (transient[i]) p += initial[i]! * probabilities[c]![i]!;
    absorptionProbabilities[a] = Math.min(1, p);
  });
  return { meanSeconds, stateMeanSeconds, absorbingStates, absorptionProbabilities };
}
