/**
 * The final-copy options that both QEMU point simulations (`simulateQemuPoint` and
 * `simulateQemuMechanismPoint`) take, validated once with the project's error grammar.
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { nonNegative, positive } from "../_validate.ts";

/** The options this validates (a subset of either simulation's options). */
export interface FinalCopyOptions {
  stateBytes: number;
  downtimeFixedSeconds?: number;
  finalCopyBytesPerSecond?: number;
  firstTouchSecondsPerPage?: number;
}

/** The validated values: device state, fixed downtime, final-copy rate, first-touch cost. */
export interface FinalCopySettings {
  stateBytes: number;
  fixedSeconds: number;
  finalRate: number | undefined;
  firstTouchSeconds: number;
}

/**
 * Validates the final-copy options under `action` (the error's "Cannot <action>"): the state
 * and fixed cost non-negative, the rate positive when given, and a first-touch cost only
 * with a final-copy rate (it is charged on top of that copy).
 */
export function finalCopySettings(action: string, options: FinalCopyOptions): FinalCopySettings {
  const stateBytes = nonNegative(action, "stateBytes", options.stateBytes);
  const fixedSeconds = nonNegative(
    action,
    "downtimeFixedSeconds",
    options.downtimeFixedSeconds ?? 0,
  );
  const finalRate = options.finalCopyBytesPerSecond === undefined
    ? undefined
    : positive(action, "finalCopyBytesPerSecond", options.finalCopyBytesPerSecond);
  const firstTouchSeconds = nonNegative(
    action,
    "firstTouchSecondsPerPage",
    options.firstTouchSecondsPerPage ?? 0,
  );
  if (firstTouchSeconds > 0 && finalRate === undefined) {
    throw new RangeError(
      `Cannot ${action} as firstTouchSecondsPerPage needs finalCopyBytesPerSecond: current value is ${firstTouchSeconds} without it`,
    );
  }
  return { stateBytes, fixedSeconds, finalRate, firstTouchSeconds };
}
