/**
 * Continuous-time Markov chains as plain data, and their steady state.
 *
 * @module
 */
import { show } from "../_validate.ts";
import { DENSE_CHAIN_STATES, validateCtmc } from "./_ctmc.ts";

/** One transition of a chain: from state, to state, rate in transitions per second. */
export type CtmcTransition = readonly [from: number, to: number, ratePerSecond: number];

/**
 * A continuous-time Markov chain on states 0..states-1, given by its transition
 * rates (the off-diagonal entries of the generator Q; repeated pairs add up). The
 * diagonal is q_ii = -Σ_{j≠i} q_ij.
 */
export interface Ctmc {
  /** Number of states (integer >= 1). */
  states: number;
  /** Transitions `[from, to, ratePerSecond]`, from ≠ to, rates finite and >= 0. */
  rates: readonly CtmcTransition[];
}

/**
 * Computes the steady-state (stationary) probabilities π of a chain: the solution of
 * πQ = 0 with Σπ = 1.
 *
 * Algorithm: one balance equation of Qᵀπ = 0 is redundant, so the last one is
 * replaced by Σπ_i = 1 and the system is solved by Gaussian elimination with partial
 * pivoting (Stewart, "Introduction to the Numerical Solution of Markov Chains", 1994,
 * §2.3). The solution is unique iff the chain has exactly one closed communicating
 * class (e.g. it is irreducible); otherwise a pivot vanishes and a RangeError is
 * thrown. Tiny negative round-off is clamped to 0. Dense: O(states³), meant for
 * small models.
 *
 * @param chain The chain.
 * @returns π, one probability per state, summing to 1.
 * @throws {RangeError} If the steady state is not unique, or an index or rate is out of range.
 * @throws {TypeError} If the chain has the wrong shape.
 *
 * @example Repairable unit: A = μ/(λ+μ)
 * ```ts
 * import { steadyState } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const [up, down] = steadyState({ states: 2, rates: [[0, 1, 0.001], [1, 0, 0.1]] });
 * assert.ok(Math.abs(up! - 0.1 / 0.101) < 1e-15);
 * assert.ok(Math.abs(down! - 0.001 / 0.101) < 1e-15);
 * ```
 */
export function steadyState(chain: Ctmc): number[] {
  const action = "compute steady state";
  const { n, from, to, rate, exit } = validateCtmc(action, chain, DENSE_CHAIN_STATES);
  // a = Qᵀ/s (row j: inflow balance of state j), augmented with b. Dividing by the
  // largest exit rate s leaves π unchanged and makes the pivot test independent of
  // the time unit (rates of 1e-14 per second are as valid as rates of 1 per second).
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, exit[i]!);
  if (scale === 0) scale = 1;
  const a = Array.from({ length: n }, () => new Float64Array(n + 1));
  for (let i = 0; i < from.length; i++) a[to[i]!]![from[i]!]! += rate[i]! / scale;
  for (let i = 0; i < n; i++) a[i]![i] = -exit[i]! / scale;
  const last = a[n - 1]!;
  last.fill(1);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) {
      if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    }
    const p = a[pivot]![col]!;
    if (!(Math.abs(p) > 1e-13)) {
      throw new RangeError(
        `Cannot ${action} as chain must have exactly one closed class of states: current value is ${
          show(chain)
        }`,
      );
    }
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const pr = a[col]!;
    for (let row = col + 1; row < n; row++) {
      const r = a[row]!;
      const f = r[col]! / p;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) r[c] = r[c]! - f * pr[c]!;
    }
  }
  const pi = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    const r = a[row]!;
    let s = r[n]!;
    for (let c = row + 1; c < n; c++) s -= r[c]! * pi[c]!;
    pi[row] = s / r[row]!;
  }
  return pi.map((x) => Math.max(0, x));
}
