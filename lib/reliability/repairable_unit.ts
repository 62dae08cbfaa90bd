/**
 * The repairable single unit: a two-state CTMC (0 up, 1 down) with failure rate λ and
 * repair rate μ (Trivedi 2002, §8.2; Rausand & Høyland 2004, §8.2).
 *
 * @module
 */
import { nonNegative, optionNames, positive, requiredOptions } from "../_validate.ts";
import type { Ctmc } from "./ctmc.ts";

/** A unit that fails at rate λ and is repaired at rate μ (exponential times). */
export interface RepairableUnit {
  /** Failure rate λ in failures per second (> 0). */
  failureRatePerSecond: number;
  /** Repair rate μ in repairs per second (> 0); mean repair time 1/μ. */
  repairRatePerSecond: number;
}

/** Availability figures of a repairable unit that starts up at time 0. */
export interface RepairableUnitAvailability {
  /** Steady-state availability A = μ/(λ+μ). */
  steadyState: number;
  /** Point availability A(t) = μ/(λ+μ) + λ/(λ+μ) e^(-(λ+μ)t). */
  point: number;
  /** Interval availability Ā(t) = μ/(λ+μ) + λ/((λ+μ)² t)(1 - e^(-(λ+μ)t)); 1 at t = 0. */
  interval: number;
}

function check(action: string, unit: RepairableUnit): [number, number] {
  requiredOptions(
    action,
    "unit",
    unit,
    optionNames<RepairableUnit>({ failureRatePerSecond: 0, repairRatePerSecond: 0 }),
  );
  return [
    positive(action, "unit.failureRatePerSecond", unit.failureRatePerSecond),
    positive(action, "unit.repairRatePerSecond", unit.repairRatePerSecond),
  ];
}

/**
 * Builds the two-state chain of a repairable unit: state 0 (up) → 1 (down) at λ,
 * 1 → 0 at μ, for the chain solvers.
 *
 * @param unit The failure and repair rates.
 * @returns The chain.
 * @throws {RangeError} If a rate is not a finite number > 0.
 * @throws {TypeError} If `unit` is not an object.
 *
 * @example The chain's steady state is μ/(λ+μ)
 * ```ts
 * import { repairableUnitChain, steadyState } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const chain = repairableUnitChain({ failureRatePerSecond: 1e-4, repairRatePerSecond: 1e-2 });
 * assert.ok(Math.abs(steadyState(chain)[0]! - 1e-2 / 1.01e-2) < 1e-15);
 * ```
 */
export function repairableUnitChain(unit: RepairableUnit): Ctmc {
  const [lambda, mu] = check("build repairable unit chain", unit);
  return { states: 2, rates: [[0, 1, lambda], [1, 0, mu]] };
}

/**
 * Computes the steady-state, point and interval availability of a repairable unit
 * that is up at time 0, in closed form (the solution of the two-state Kolmogorov
 * equations; Trivedi 2002, §8.2, eq. for A(t) and its time average).
 *
 * @param unit The failure and repair rates.
 * @param tSeconds The time t in seconds (>= 0).
 * @returns A, A(t) and Ā(t).
 * @throws {RangeError} If a rate is not a finite number > 0 or t < 0.
 * @throws {TypeError} If `unit` is not an object.
 *
 * @example MTTF 1000 h, MTTR 10 h: A = 1000/1010
 * ```ts
 * import { repairableUnitAvailability } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const a = repairableUnitAvailability({ failureRatePerSecond: 1 / 3.6e6, repairRatePerSecond: 1 / 3.6e4 }, 0);
 * assert.ok(Math.abs(a.steadyState - 1000 / 1010) < 1e-15);
 * assert.equal(a.point, 1);
 * assert.equal(a.interval, 1);
 * ```
 */
export function repairableUnitAvailability(
  unit: RepairableUnit,
  tSeconds: number,
): RepairableUnitAvailability {
  const action = "compute repairable unit availability";
  const [lambda, mu] = check(action, unit);
  nonNegative(action, "tSeconds", tSeconds);
  const s = lambda + mu;
  const steady = mu / s;
  const x = s * tSeconds;
  return {
    steadyState: steady,
    point: steady + (lambda / s) * Math.exp(-x),
    // (1 - e^(-x))/x by -expm1(-x)/x, → 1 as x → 0.
    interval: x === 0 ? 1 : steady + (lambda / s) * (-Math.expm1(-x) / x),
  };
}
