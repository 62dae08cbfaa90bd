/**
 * Validation of continuous-time Markov chains shared by the chain solvers.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { integer, nonNegative, object, show, within } from "../_validate.ts";
import type { Ctmc } from "./ctmc.ts";

/**
 * Most states of a chain whose solver works on a dense matrix (the steady state, absorption):
 * n² doubles, 200 MB at 5,000, and some n³ / 3 operations. Reliability models of a few
 * machines have tens to hundreds of states.
 */
export const DENSE_CHAIN_STATES = 5_000;

/**
 * Most states of a chain solved by uniformization (transient and interval probabilities,
 * accumulated reward): a few vectors of n doubles, 80 MB each at 10 million.
 */
export const SPARSE_CHAIN_STATES = 10_000_000;

/**
 * Validates a chain and returns its transitions as parallel arrays. `maxStates` bounds its
 * states ({@link DENSE_CHAIN_STATES} or {@link SPARSE_CHAIN_STATES} by the solver), before
 * anything of that size is allocated (10⁹ states ran the machine out of memory).
 */
export function validateCtmc(
  action: string,
  chain: Ctmc,
  maxStates: number,
): { n: number; from: Int32Array; to: Int32Array; rate: Float64Array; exit: Float64Array } {
  object(action, "chain", chain);
  const n = integer(action, "chain.states", chain.states, 1, maxStates);
  if (!Array.isArray(chain.rates)) {
    throw new TypeError(
      `Cannot ${action} as chain.rates must be an array: current value is ${show(chain.rates)}`,
    );
  }
  const m = chain.rates.length;
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  const rate = new Float64Array(m);
  const exit = new Float64Array(n);
  chain.rates.forEach((transition, i) => {
    if (!Array.isArray(transition) || transition.length !== 3) {
      throw new TypeError(
        `Cannot ${action} as chain.rates[${i}] must be [from, to, ratePerSecond]: current value is ${
          show(transition)
        }`,
      );
    }
    from[i] = integer(action, `chain.rates[${i}][0]`, transition[0], 0, n - 1);
    to[i] = integer(action, `chain.rates[${i}][1]`, transition[1], 0, n - 1);
    if (from[i] === to[i]) {
      throw new RangeError(
        `Cannot ${action} as chain.rates[${i}] must join two different states: current value is ${
          show(transition)
        }`,
      );
    }
    rate[i] = nonNegative(action, `chain.rates[${i}][2]`, transition[2]);
    exit[from[i]!] = exit[from[i]!]! + rate[i]!;
  });
  return { n, from, to, rate, exit };
}

/**
 * Validates an initial distribution of `n` states (default: state 0 with probability 1).
 */
export function validateInitial(
  action: string,
  initial: readonly number[] | undefined,
  n: number,
): Float64Array {
  const v = new Float64Array(n);
  if (initial === undefined) {
    v[0] = 1;
    return v;
  }
  if (!Array.isArray(initial) || initial.length !== n) {
    throw new TypeError(
      `Cannot ${action} as options.initial must be an array of ${n} probabilities: current value is ${
        show(initial)
      }`,
    );
  }
  let sum = 0;
  initial.forEach((p, i) => {
    v[i] = within(action, `options.initial[${i}]`, p, 0, 1);
    sum += p;
  });
  if (Math.abs(sum - 1) > 1e-9) {
    throw new RangeError(
      `Cannot ${action} as options.initial must sum to 1: current value is ${sum}`,
    );
  }
  return v;
}
