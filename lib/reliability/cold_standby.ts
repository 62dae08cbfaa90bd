/**
 * The two-unit cold standby system: one unit operates, an identical spare waits
 * unpowered (it cannot fail while waiting) and is switched in when the operating unit
 * fails (Trivedi 2002, §3.5 and §8.3; Rausand & Høyland 2004, §6.4 and §8.8).
 *
 * @module
 */
import { nonNegative, optionNames, positive, requiredOptions, within } from "../_validate.ts";
import type { Ctmc } from "./ctmc.ts";

/** A two-unit cold standby system. */
export interface ColdStandby {
  /** Failure rate λ of the operating unit, per second (> 0). */
  failureRatePerSecond: number;
  /**
   * Probability c that the switch-over to the spare succeeds; an uncovered
   * switch-over fails the system.
   * @default {1}
   */
  coverage?: number;
  /**
   * Repair rate μ of a failed unit while the other one operates, per second (>= 0;
   * 0 means no repair). One repair crew; a system failure is absorbing.
   * @default {0}
   */
  repairRatePerSecond?: number;
}

function check(action: string, system: ColdStandby): [number, number, number] {
  requiredOptions(
    action,
    "system",
    system,
    optionNames<ColdStandby>({ failureRatePerSecond: 0, coverage: 0, repairRatePerSecond: 0 }),
  );
  return [
    positive(action, "system.failureRatePerSecond", system.failureRatePerSecond),
    within(action, "system.coverage", system.coverage ?? 1, 0, 1),
    nonNegative(action, "system.repairRatePerSecond", system.repairRatePerSecond ?? 0),
  ];
}

/**
 * Builds the chain of a two-unit cold standby system: state 0 (one operating, spare
 * ready), 1 (one operating, the other failed and under repair), 2 (system failed,
 * absorbing). Rates: 0 → 1 at cλ, 0 → 2 at (1-c)λ, 1 → 2 at λ, 1 → 0 at μ.
 *
 * @param system The rates and coverage.
 * @returns The chain; the reliability at t is 1 - P(state 2 at t) starting in state 0.
 * @throws {RangeError} If a rate or the coverage is out of range.
 * @throws {TypeError} If `system` is not an object.
 *
 * @example Four transitions on three states
 * ```ts
 * import { coldStandbyChain } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const chain = coldStandbyChain({ failureRatePerSecond: 2, coverage: 0.9, repairRatePerSecond: 5 });
 * assert.equal(chain.states, 3);
 * assert.ok(Math.abs(chain.rates[0]![2] - 1.8) < 1e-15);
 * ```
 */
export function coldStandbyChain(system: ColdStandby): Ctmc {
  const [lambda, c, mu] = check("build cold standby chain", system);
  return {
    states: 3,
    rates: [[0, 1, c * lambda], [0, 2, (1 - c) * lambda], [1, 2, lambda], [1, 0, mu]],
  };
}

/**
 * Computes the reliability R(t) of a two-unit cold standby system. Without repair it
 * is the closed form R(t) = e^(-λt)(1 + cλt) (perfect switching, c = 1:
 * e^(-λt)(1 + λt), the Erlang-2 survival function). With repair it is
 * 1 - P(state 2 at t) of {@link coldStandbyChain} in closed form: the transient
 * generator [[-λ, cλ], [μ, -(λ+μ)]] has the eigenvalues r₁ > r₂ with
 * r₁ + r₂ = -(2λ + μ), r₁r₂ = λ² + (1-c)λμ and r₁ - r₂ = √D, D = μ² + 4cλμ
 * (Trivedi 2002, §8.3, for c = 1), so
 *
 * R(t) = e^(r₁t) [1 + 2c²λ² / (√D + μ + 2cλ) · (1 - e^(-√D t)) / √D],
 *
 * a sum of positive terms (no cancellation; it tends to e^(-λt)(1 + cλt) as μ → 0),
 * with r₁ = -2(λ² + (1-c)λμ) / (2λ + μ + √D). Any mission length is fine.
 *
 * @param system The rates and coverage.
 * @param tSeconds The mission time in seconds (>= 0).
 * @returns R(t) in [0, 1].
 * @throws {RangeError} If a rate, the coverage or t is out of range.
 * @throws {TypeError} If `system` is not an object.
 *
 * @example Perfect switching at λt = 1: 2/e
 * ```ts
 * import { coldStandbyReliability } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const r = coldStandbyReliability({ failureRatePerSecond: 0.01 }, 100);
 * assert.ok(Math.abs(r - 2 / Math.E) < 1e-15);
 * ```
 */
export function coldStandbyReliability(system: ColdStandby, tSeconds: number): number {
  const action = "compute cold standby reliability";
  const [lambda, c, mu] = check(action, system);
  nonNegative(action, "tSeconds", tSeconds);
  if (mu === 0) {
    // e^(-λt) (1 + cλt): 0 once e^(-λt) underflows (λt past 745, or overflowing: 0 · Infinity)
    const decay = Math.exp(-lambda * tSeconds);
    return decay === 0 ? 0 : decay * (1 + c * lambda * tSeconds);
  }
  const root = Math.sqrt(mu * (mu + 4 * c * lambda)); // √D > 0
  const slow = (-2 * lambda * (lambda + (1 - c) * mu)) / (2 * lambda + mu + root); // r₁
  const x = root * tSeconds;
  const window = x === 0 ? tSeconds : -Math.expm1(-x) / root; // (1 - e^(-√D t))/√D
  const weight = (2 * c * c * lambda * lambda) / (root + mu + 2 * c * lambda);
  const decay = Math.exp(slow * tSeconds);
  return decay === 0 ? 0 : Math.min(1, decay * (1 + weight * window));
}

/**
 * Computes the MTTF of a two-unit cold standby system from state 0, by first-step
 * analysis of {@link coldStandbyChain}: T0 = 1/λ + c·T1 and
 * T1 = 1/(λ+μ) + μ/(λ+μ)·T0, so
 *
 * MTTF = (λ + μ + cλ) / (λ(λ + (1 - c)μ)),
 *
 * which is 2/λ with perfect switching and no repair, (1 + c)/λ with coverage c, and
 * (2λ + μ)/λ² with perfect switching and repair.
 *
 * @param system The rates and coverage.
 * @returns The MTTF in seconds.
 * @throws {RangeError} If a rate or the coverage is out of range.
 * @throws {TypeError} If `system` is not an object.
 *
 * @example Perfect switching, no repair: 2/λ
 * ```ts
 * import { coldStandbyMttf } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(coldStandbyMttf({ failureRatePerSecond: 0.5 }), 4);
 * ```
 */
export function coldStandbyMttf(system: ColdStandby): number {
  const [lambda, c, mu] = check("compute cold standby MTTF", system);
  // numerator and the bracket scaled by the larger rate, so that neither overflows (λ of
  // 1e308 gave Infinity / Infinity); the same value, 2/λ exactly with perfect switching
  const m = Math.max(lambda, mu);
  const top = lambda / m + mu / m + c * (lambda / m);
  return top / lambda / (lambda / m + (1 - c) * (mu / m));
}
