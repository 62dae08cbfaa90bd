/**
 * Transient and time-averaged state probabilities of a continuous-time Markov chain
 * by uniformization.
 *
 * @module
 */
import {
  integer,
  nonNegative,
  options as checkOptions,
  positive,
  show,
  within,
} from "../_validate.ts";
import { SPARSE_CHAIN_STATES, validateCtmc } from "./_ctmc.ts";
import { logGamma } from "./_log_gamma.ts";
import type { Ctmc } from "./ctmc.ts";

/** Options of {@link transientProbabilities} and {@link intervalProbabilities}. */
export interface TransientOptions {
  /**
   * The state probabilities at time 0 (length `chain.states`, summing to 1).
   * @default {state 0 with probability 1}
   */
  initial?: readonly number[];
  /**
   * Bound on the L1 truncation error of the result.
   * @default {1e-12}
   */
  tolerance?: number;
  /**
   * Most uniformization steps (about Λt + a few √(Λt)); more throws a RangeError.
   * @default {1e6}
   */
  maxSteps?: number;
}

/** State probabilities from uniformization, with the truncation error bound. */
export interface TransientResult {
  /** One probability per state. */
  probabilities: number[];
  /** Bound on Σ_i |exact_i - probabilities_i| from truncating the Poisson series. */
  errorBound: number;
  /** Number of terms of the series that were summed. */
  steps: number;
}

/**
 * P(N > k) for N ~ Poisson(Λt) and k = 0..K, with K the last term the time-averaged
 * series needs (the same stopping rule as below), each summed from the top as
 * P(N > K) + w_{K+1} + ... + w_{k+1}: all terms positive, where 1 - P(N <= k) would
 * cancel (to 0 for Λt below 1e-16, so the interval probabilities came out 0).
 */
function poissonTails(
  action: string,
  lt: number,
  weight: (k: number) => number,
  tolerance: number,
  maxSteps: number,
): Float64Array {
  let last = 0;
  for (;; last++) {
    if (last >= maxSteps) {
      throw new RangeError(
        `Cannot ${action} as the number of uniformization steps must be <= options.maxSteps (${maxSteps}): current value is Λt = ${lt}`,
      );
    }
    const rho = lt / (last + 3);
    if (rho < 1 && weight(last + 2) / (1 - rho) ** 2 / lt <= tolerance) break;
  }
  const tails = new Float64Array(last + 1);
  // P(N > last) = Σ_{i>last} w_i; the ratio w_{i+1}/w_i = Λt/(i+1) is below 1 here.
  let term = weight(last + 1);
  let sum = 0;
  for (let i = last + 1; term > sum * Number.EPSILON; i++) {
    sum += term;
    term *= lt / (i + 1);
  }
  tails[last] = sum;
  for (let k = last - 1; k >= 0; k--) tails[k] = tails[k + 1]! + weight(k + 1);
  return tails;
}

function uniformize(
  action: string,
  chain: Ctmc,
  tSeconds: number,
  options: TransientOptions,
  cumulative: boolean,
): TransientResult {
  const { tolerance = 1e-12, maxSteps = 1e6 } = options;
  const { n, from, to, rate, exit } = validateCtmc(action, chain, SPARSE_CHAIN_STATES);
  nonNegative(action, "tSeconds", tSeconds);
  positive(action, "options.tolerance", tolerance);
  integer(action, "options.maxSteps", maxSteps, 1);
  let v = new Float64Array(n);
  if (options.initial === undefined) v[0] = 1;
  else {
    if (!Array.isArray(options.initial) || options.initial.length !== n) {
      throw new TypeError(
        `Cannot ${action} as options.initial must be an array of ${n} probabilities: current value is ${
          show(options.initial)
        }`,
      );
    }
    let sum = 0;
    options.initial.forEach((p, i) => {
      v[i] = within(action, `options.initial[${i}]`, p, 0, 1);
      sum += p;
    });
    if (Math.abs(sum - 1) > 1e-9) {
      throw new RangeError(
        `Cannot ${action} as options.initial must sum to 1: current value is ${sum}`,
      );
    }
  }
  let lambda = 0;
  for (let i = 0; i < n; i++) lambda = Math.max(lambda, exit[i]!);
  const lt = lambda * tSeconds;
  if (lt === 0) return { probabilities: Array.from(v), errorBound: 0, steps: 0 };
  const logLt = Math.log(lt);
  const weight = (k: number): number => Math.exp(-lt + k * logLt - logGamma(k + 1));
  const out = new Float64Array(n);
  let next = new Float64Array(n);
  const tails = cumulative ? poissonTails(action, lt, weight, tolerance, maxSteps) : undefined;
  for (let k = 0;; k++) {
    if (k >= maxSteps) {
      throw new RangeError(
        `Cannot ${action} as the number of uniformization steps must be <= options.maxSteps (${maxSteps}): current value is Λt = ${lt}`,
      );
    }
    const w = weight(k);
    // Time-averaged: (1/Λt) Σ P(N > k) π0 Pᵏ; transient: Σ P(N = k) π0 Pᵏ.
    const coef = tails !== undefined ? tails[k]! / lt : w;
    for (let i = 0; i < n; i++) out[i] = out[i]! + coef * v[i]!;
    // Rigorous tails past the mode, with ρ = Λt/(k + 3) bounding w_{i+1}/w_i for i > k + 1:
    // Σ_{i>k} w_i <= w_{k+1}/(1 - Λt/(k+2)) and Σ_{i>k} P(N > i) <= w_{k+2}/(1 - ρ)².
    const rho = lt / (k + (cumulative ? 3 : 2));
    if (rho < 1) {
      const bound = cumulative ? weight(k + 2) / (1 - rho) ** 2 / lt : weight(k + 1) / (1 - rho);
      if (bound <= tolerance) {
        return { probabilities: Array.from(out), errorBound: bound, steps: k + 1 };
      }
    }
    // v ← v P with P = I + Q/Λ.
    next.set(v);
    for (let e = 0; e < from.length; e++) {
      const flow = (v[from[e]!]! * rate[e]!) / lambda;
      next[to[e]!] = next[to[e]!]! + flow;
      next[from[e]!] = next[from[e]!]! - flow;
    }
    [v, next] = [next, v];
  }
}

/**
 * Computes the state probabilities π(t) = π(0) e^(Qt) of a chain at time t by
 * uniformization (Jensen's method; Grassmann 1977; Trivedi 2002, §8.4):
 *
 * π(t) = Σ_{k≥0} e^(-Λt) (Λt)^k / k! · π(0) Pᵏ, with P = I + Q/Λ and Λ = max_i |q_ii|.
 *
 * Every term is non-negative, so there is no cancellation. The series is cut after
 * the first K terms (K > Λt) whose Poisson tail bound w_{K+1}/(1 - Λt/(K+2)) is
 * <= `tolerance`; since ‖π(0)Pᵏ‖₁ = 1 this bounds the L1 error, and it is returned.
 * The Poisson weights are formed from logs (no underflow of e^(-Λt)). Cost: about
 * Λt + O(√(Λt)) vector–matrix products.
 *
 * @param chain The chain.
 * @param tSeconds The time t in seconds (>= 0).
 * @param options The initial distribution, tolerance and step cap.
 * @returns The probabilities, the truncation error bound and the number of terms.
 * @throws {RangeError} If t, the tolerance or the initial distribution is out of range,
 * or more than `maxSteps` terms are needed.
 * @throws {TypeError} If the chain or the initial distribution has the wrong shape.
 *
 * @example Repairable unit: A(t) = μ/(λ+μ) + λ/(λ+μ) e^(-(λ+μ)t)
 * ```ts
 * import { transientProbabilities } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const chain = { states: 2, rates: [[0, 1, 1], [1, 0, 3]] as const };
 * const { probabilities, errorBound } = transientProbabilities(chain, 0.5);
 * assert.ok(Math.abs(probabilities[0]! - (0.75 + 0.25 * Math.exp(-2))) < 1e-12);
 * assert.ok(errorBound <= 1e-12);
 * ```
 */
export function transientProbabilities(
  chain: Ctmc,
  tSeconds: number,
  options: TransientOptions = {},
): TransientResult {
  checkOptions("run transientProbabilities()", "options", options, [
    "initial",
    "maxSteps",
    "tolerance",
  ]);
  return uniformize("compute transient probabilities", chain, tSeconds, options, false);
}

/**
 * Computes the time-averaged state probabilities (1/t) ∫_0^t π(s) ds over [0, t],
 * e.g. the interval availability as the sum over the up states (Trivedi 2002, §8.4;
 * Reibman & Trivedi 1988). Integrating the uniformization series term by term:
 *
 * (1/t) ∫_0^t π(s) ds = (1/(Λt)) Σ_{k≥0} P(N > k) · π(0) Pᵏ, N ~ Poisson(Λt),
 *
 * cut when the bound w_{K+2}/((1 - Λt/(K+3))² Λt) on the rest is <= `tolerance`
 * (returned as the L1 error bound). At t = 0 it returns π(0).
 *
 * @param chain The chain.
 * @param tSeconds The interval length t in seconds (>= 0).
 * @param options The initial distribution, tolerance and step cap.
 * @returns The time-averaged probabilities, the truncation error bound and the number of terms.
 * @throws {RangeError} If t, the tolerance or the initial distribution is out of range,
 * or more than `maxSteps` terms are needed.
 * @throws {TypeError} If the chain or the initial distribution has the wrong shape.
 *
 * @example Interval availability of a repairable unit
 * ```ts
 * import { intervalProbabilities } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * // Ā(t) = μ/(λ+μ) + λ/((λ+μ)² t) (1 - e^(-(λ+μ)t)) with λ = 1, μ = 3, t = 0.5
 * const chain = { states: 2, rates: [[0, 1, 1], [1, 0, 3]] as const };
 * const [available] = intervalProbabilities(chain, 0.5).probabilities;
 * assert.ok(Math.abs(available! - (0.75 + (1 / 8) * (1 - Math.exp(-2)))) < 1e-12);
 * ```
 */
export function intervalProbabilities(
  chain: Ctmc,
  tSeconds: number,
  options: TransientOptions = {},
): TransientResult {
  checkOptions("run intervalProbabilities()", "options", options, [
    "initial",
    "maxSteps",
    "tolerance",
  ]);
  return uniformize("compute interval probabilities", chain, tSeconds, options, true);
}
