import { type LifetimeObservation, summarizeObservations } from "./fit_observations.ts";

/** One step of a Kaplan–Meier survival curve, at a time where failures were observed. */
export interface KaplanMeierStep {
  /** The failure time tⱼ in seconds. */
  timeSeconds: number;
  /** Units at risk just before tⱼ: observations with time >= tⱼ. */
  atRisk: number;
  /** Failures dⱼ observed at tⱼ. */
  failures: number;
  /** Units censored at tⱼ (still counted at risk at tⱼ). */
  censored: number;
  /** Estimated survival Ŝ(tⱼ) = Π_{i <= j} (1 - dᵢ/nᵢ), right-continuous. */
  survival: number;
  /**
   * Greenwood standard error `Ŝ(tⱼ) sqrt(Σ_{i <= j} dᵢ / (nᵢ (nᵢ - dᵢ)))`; 0 once the
   * survival reaches 0 (Greenwood's sum is undefined there).
   */
  standardError: number;
}

/**
 * Computes the Kaplan–Meier (product-limit) estimate of the survival function from
 * right-censored lifetimes.
 *
 * At each distinct failure time tⱼ, with nⱼ units at risk and dⱼ failures,
 * `Ŝ(tⱼ) = Ŝ(tⱼ₋₁)(1 - dⱼ/nⱼ)` (Kaplan & Meier 1958, JASA 53(282)). A unit censored at
 * the same time as a failure is taken to outlive it (the usual convention), so it counts
 * at risk at that time. Ŝ is constant between steps and 1 before the first one; with no
 * censoring it is one minus the empirical CDF.
 *
 * @param observations Lifetimes in seconds; the input is not modified.
 * @returns One step per distinct failure time, in increasing time (empty if nothing failed).
 * @throws {RangeError} If `observations` is empty or a time is negative or not finite.
 * @throws {TypeError} If an observation has the wrong shape.
 *
 * @example Failures at 1, 3 and 4; one unit censored at 2
 * ```ts
 * import { kaplanMeier } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const steps = kaplanMeier([
 *   { timeSeconds: 3, censored: false },
 *   { timeSeconds: 1, censored: false },
 *   { timeSeconds: 2, censored: true },
 *   { timeSeconds: 4, censored: false },
 * ]);
 * assert.deepEqual(steps.map((s) => s.survival), [3 / 4, (3 / 4) * (1 / 2), 0]);
 * ```
 */
export function kaplanMeier(observations: readonly LifetimeObservation[]): KaplanMeierStep[] {
  const { n } = summarizeObservations(observations, "estimate Kaplan-Meier survival");
  const sorted = observations
    .map((o) => ({ timeSeconds: o.timeSeconds, censored: o.censored }))
    .sort((a, b) => a.timeSeconds - b.timeSeconds);
  const steps: KaplanMeierStep[] = [];
  let atRisk = n;
  let survival = 1;
  let greenwood = 0;
  let i = 0;
  while (i < sorted.length) {
    const timeSeconds = sorted[i]!.timeSeconds;
    let failures = 0;
    let censored = 0;
    while (i < sorted.length && sorted[i]!.timeSeconds === timeSeconds) {
      if (sorted[i]!.censored) censored++;
      else failures++;
      i++;
    }
    if (failures > 0) {
      survival *= 1 - failures / atRisk;
      greenwood += failures === atRisk ? Infinity : failures / (atRisk * (atRisk - failures));
      steps.push({
        timeSeconds,
        atRisk,
        failures,
        censored,
        survival,
        standardError: survival === 0 ? 0 : survival * Math.sqrt(greenwood),
      });
    }
    atRisk -= failures + censored;
  }
  return steps;
}
