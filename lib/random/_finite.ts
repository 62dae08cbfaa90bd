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

/** Requires a function (the Prng). */
export function source(action: string, value: unknown): void {
  if (typeof value !== "function") {
    throw new TypeError(
      `Cannot ${action} as prng must be a function returning numbers in [0, 1): current value is ${
        show(value)
      }`,
    );
  }
}
