/**
 * Input checks shared by the figure helpers, in the message grammar of `lib/_validate.ts`.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { show } from "../_validate.ts";

/**
 * Throws a TypeError unless `value` is an array. `format` renders the value in the
 * message (`show` by default; a few helpers have always used `String`).
 */
export function requireArray(
  action: string,
  field: string,
  value: unknown,
  format: (value: unknown) => string = show,
): void {
  if (!Array.isArray(value)) {
    throw new TypeError(
      `Cannot ${action} as ${field} must be an array: current value is ${format(value)}`,
    );
  }
}

/**
 * Returns `value` if it is a finite number and throws a TypeError otherwise. `format`
 * renders the value in the message (`show` by default).
 */
export function requireFinite(
  action: string,
  field: string,
  value: unknown,
  format: (value: unknown) => string = show,
): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new TypeError(
      `Cannot ${action} as ${field} must be a finite number: current value is ${format(value)}`,
    );
  }
  return value;
}
