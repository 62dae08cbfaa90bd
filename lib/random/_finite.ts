/**
 * Checks shared by the distributions that lib/_validate.ts does not cover: any finite
 * number, and an interval whose upper end must exceed its lower end.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { show } from "../_validate.ts";

/** Requires a finite number of any sign; TypeError for non-numbers, RangeError otherwise. */
export function finite(action: string, field: string, value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(
      `Cannot ${action} as ${field} must be a number: current value is ${show(value)}`,
    );
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(
      `Cannot ${action} as ${field} must be a finite number: current value is ${show(value)}`,
    );
  }
  return value;
}

/** Requires `high > low`, both already validated as finite, with a finite difference. */
export function above(
  action: string,
  field: string,
  high: number,
  lowField: string,
  low: number,
): number {
  if (!(high > low) || !Number.isFinite(high - low)) {
    throw new RangeError(
      `Cannot ${action} as ${field} must be > ${lowField} (${
        show(low)
      }) with a finite difference: current value is ${show(high)}`,
    );
  }
  return high;
}

/**
 * Most draws one sample may take. Rejection samplers (normal, Poisson, Zipf) accept
 * a draw with probability well above 1/2 for any valid generator, so 1e6 draws is
 * only reached by a degenerate generator (a constant), which would otherwise loop
 * forever.
 */
export const MAX_DRAWS_PER_SAMPLE = 1_000_000;

/**
 * Requires a function (the Prng) and returns it wrapped so that every draw is checked
 * to be a number in [0, 1) (a NaN or 1 would turn into NaN or Infinity, or make a
 * rejection loop spin) and at most {@link MAX_DRAWS_PER_SAMPLE} draws are taken.
 */
export function source(
  action: string,
  value: unknown,
  maxDraws: number = MAX_DRAWS_PER_SAMPLE,
): () => number {
  if (typeof value !== "function") {
    throw new TypeError(
      `Cannot ${action} as prng must be a function returning numbers in [0, 1): current value is ${
        show(value)
      }`,
    );
  }
  const prng = value as () => unknown;
  let draws = 0;
  return () => {
    if (++draws > maxDraws) {
      throw new RangeError(
        `Cannot ${action} as prng must return varied numbers in [0, 1) (no sample after ${maxDraws} draws): current value is a generator stuck at ${
          show(prng())
        }`,
      );
    }
    const u = prng();
    if (typeof u !== "number" || !(u >= 0 && u < 1)) {
      throw new RangeError(
        `Cannot ${action} as prng must return numbers in [0, 1): current value is a draw of ${
          show(u)
        }`,
      );
    }
    return u;
  };
}

/** Requires a finite sample (a guard against overflow from extreme but finite parameters). */
export function finiteSample(action: string, value: number, parameters: string): number {
  if (!Number.isFinite(value)) {
    throw new RangeError(
      `Cannot ${action} as ${parameters} must give a finite sample: current value is ${
        show(value)
      }`,
    );
  }
  return value;
}
