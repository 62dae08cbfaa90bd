/**
 * Warm standby: one unit operates, the spares wait partly powered and may fail while
 * waiting at a lower rate; a spare is switched in when the operating unit fails, and
 * the switch may fail (Trivedi 2002, ch. 8; Rausand & Høyland 2004, ch. 8).
 *
 * @module
 */
import {
  integer,
  nonNegative,
  optionNames,
  positive,
  requiredOptions,
  show,
  within,
} from "../_validate.ts";
import type { Ctmc } from "./ctmc.ts";
import { transientProbabilities } from "./ctmc_transient.ts";
import { logGamma } from "./_log_gamma.ts";
import { meanTimeToAbsorption } from "./mean_time_to_absorption.ts";

/** A warm standby system of identical units without repair. */
export interface WarmStandby {
  /** Failure rate λ of the operating unit, per second (> 0). */
  failureRatePerSecond: number;
  /**
   * Failure rate λ_s of a waiting spare, per second, in [0, λ]: 0 is cold standby,
   * λ is hot (active) redundancy.
   */
  standbyFailureRatePerSecond: number;
  /**
   * Number of units, the operating one included (integer >= 1).
   * @default {2}
   */
  units?: number;
  /**
   * Probability c that switching a spare in after the operating unit fails succeeds;
   * a failed switch fails the system. Spare failures while waiting need no switch.
   * @default {1}
   */
  switchSuccessProbability?: number;
}

function check(action: string, system: WarmStandby): [number, number, number, number] {
  requiredOptions(
    action,
    "system",
    system,
    optionNames<WarmStandby>({
      failureRatePerSecond: 0,
      standbyFailureRatePerSecond: 0,
      units: 0,
      switchSuccessProbability: 0,
    }),
  );
  const lambda = positive(action, "system.failureRatePerSecond", system.failureRatePerSecond);
  const ls = nonNegative(
    action,
    "system.standbyFailureRatePerSecond",
    system.standbyFailureRatePerSecond,
  );
  if (ls > lambda) {
    throw new RangeError(
      `Cannot ${action} as system.standbyFailureRatePerSecond must be <= system.failureRatePerSecond (${lambda}): current value is ${
        show(ls)
      }`,
    );
  }
  return [
    lambda,
    ls,
    integer(action, "system.units", system.units ?? 2, 1),
    within(action, "system.switchSuccessProbability", system.switchSuccessProbability ?? 1, 0, 1),
  ];
}

/**
 * Builds the chain of a warm standby system of n units: state i (i = 0..n-1) has i
 * failed units, so one operating and n-1-i waiting; state n is system failure
 * (absorbing). From state i < n-1 the operating unit fails at λ and the switch-over
 * succeeds with probability c (to i+1) or not (to n), and each of the n-1-i spares
 * fails at λ_s (to i+1); from state n-1 the last unit fails at λ (to n).
 *
 * @param system The rates, number of units and switching success probability.
 * @returns The chain; R(t) = 1 - P(state n at t) starting in state 0.
 * @throws {RangeError} If a rate, the unit count or c is out of range (λ_s > λ included).
 * @throws {TypeError} If `system` is not an object.
 *
 * @example Two units: three states
 * ```ts
 * import { warmStandbyChain } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const chain = warmStandbyChain({ failureRatePerSecond: 2, standbyFailureRatePerSecond: 0.5 });
 * assert.equal(chain.states, 3);
 * assert.deepEqual(chain.rates, [[0, 1, 2], [0, 1, 0.5], [0, 2, 0], [1, 2, 2]]);
 * ```
 */
export function warmStandbyChain(system: WarmStandby): Ctmc {
  const [lambda, ls, n, c] = check("build warm standby chain", system);
  const rates: [number, number, number][] = [];
  for (let i = 0; i < n - 1; i++) {
    rates.push([i, i + 1, c * lambda], [i, i + 1, (n - 1 - i) * ls], [i, n, (1 - c) * lambda]);
  }
  rates.push([n - 1, n, lambda]);
  return { states: n + 1, rates };
}

/**
 * Computes the reliability R(t) of a warm standby system. For two units it is the
 * closed form (first-failure decomposition; Trivedi 2002, ch. 8)
 *
 * R(t) = e^(-λt) + c (λ/λ_s) (e^(-λt) - e^(-(λ+λ_s)t)), and e^(-λt)(1 + cλt) at λ_s = 0;
 *
 * otherwise P(system up at t) of {@link warmStandbyChain} by uniformization, summed
 * over the up states (error <= 1e-12, and R is never overestimated, so that small values
 * keep their digits), or 0 without it when the bound R(t) <= P(Poisson(λt) <= n - 1)
 * (the operating unit fails at rate λ while the system is up) underflows, so that long
 * missions need no more steps than the cap of `transientProbabilities`.
 *
 * @param system The rates, number of units and switching success probability.
 * @param tSeconds The mission time in seconds (>= 0).
 * @returns R(t) in [0, 1].
 * @throws {RangeError} If a value is out of range.
 * @throws {TypeError} If `system` is not an object.
 *
 * @example Hot redundancy (λ_s = λ) with perfect switching is a parallel pair
 * ```ts
 * import { warmStandbyReliability } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const r = warmStandbyReliability({ failureRatePerSecond: 1e-3, standbyFailureRatePerSecond: 1e-3 }, 500);
 * const unit = Math.exp(-0.5);
 * assert.ok(Math.abs(r - (1 - (1 - unit) ** 2)) < 1e-15);
 * ```
 */
export function warmStandbyReliability(system: WarmStandby, tSeconds: number): number {
  const action = "compute warm standby reliability";
  const [lambda, ls, n, c] = check(action, system);
  nonNegative(action, "tSeconds", tSeconds);
  if (n === 1) return Math.exp(-lambda * tSeconds);
  if (n === 2) {
    const e = Math.exp(-lambda * tSeconds);
    // e^(-λt) (1 + cλ·window) <= e^(-λt) (1 + λt): 0 once e^(-λt) underflows.
    if (e === 0) return 0;
    // (e^(-λt) - e^(-(λ+λs)t)) / λs = e^(-λt) (1 - e^(-λs t)) / λs, → t e^(-λt) as λs → 0.
    const x = ls * tSeconds;
    const window = x === 0 ? tSeconds : -Math.expm1(-x) / ls;
    return Math.min(1, e * (1 + c * lambda * window));
  }
  // While the system is up its operating unit fails at rate λ, and it is down after n
  // such failures: R(t) <= P(Poisson(λt) <= n - 1). When that bound underflows, R is 0
  // without the ~Λt uniformization steps (millions for a long mission).
  const lt = lambda * tSeconds;
  let logBound = -Infinity;
  for (let j = 0; j < n; j++) {
    const term = -lt + (j === 0 ? 0 : j * Math.log(lt)) - logGamma(j + 1);
    logBound = Math.max(logBound, term) + Math.log1p(Math.exp(-Math.abs(logBound - term)));
  }
  if (logBound < -746) return 0;
  const { probabilities } = transientProbabilities(warmStandbyChain(system), tSeconds);
  // Summed over the up states (each a sum of non-negative terms), not 1 - P(failed),
  // whose rounding and truncation error (about 1e-12) would swamp a small R.
  let up = 0;
  for (let i = 0; i < n; i++) up += probabilities[i]!;
  return Math.min(1, up);
}

/**
 * Computes the MTTF of a warm standby system: the mean time to absorption of
 * {@link warmStandbyChain} from state 0. By first-step analysis it is
 * Σ_{i=0}^{n-1} (Π_{j<i} p_j) / (λ + (n-1-i)λ_s), with p_j = (cλ + (n-1-j)λ_s) / (λ +
 * (n-1-j)λ_s) the probability of surviving the j-th failure; two units give
 * 1/λ + c/(λ + λ_s) (cold standby 1/λ + c/λ, hot 1/λ + c/(2λ)).
 *
 * @param system The rates, number of units and switching success probability.
 * @returns The MTTF in seconds.
 * @throws {RangeError} If a value is out of range.
 * @throws {TypeError} If `system` is not an object.
 *
 * @example Two units, perfect switching: 1/λ + 1/(λ + λ_s)
 * ```ts
 * import { warmStandbyMttf } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const mttf = warmStandbyMttf({ failureRatePerSecond: 1e-3, standbyFailureRatePerSecond: 2.5e-4 });
 * assert.ok(Math.abs(mttf - (1000 + 800)) < 1e-9);
 * ```
 */
export function warmStandbyMttf(system: WarmStandby): number {
  check("compute warm standby MTTF", system);
  return meanTimeToAbsorption(warmStandbyChain(system)).meanSeconds;
}
