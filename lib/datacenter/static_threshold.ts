import { nonNegative, options as checkOptions, within } from "../_validate.ts";

/** Options of {@link isOverloadedStaticThreshold}. */
export interface StaticThresholdOptions {
  /**
   * The utilisation above which a host is overloaded (THR; Beloglazov and Buyya use 0.8).
   * @default {0.8}
   */
  threshold?: number;
}

/**
 * Static-threshold (THR) overload detection: a host is overloaded when its CPU utilisation
 * (requested MIPS over capacity) is strictly above a fixed threshold.
 *
 * @param utilization The host's current CPU utilisation (>= 0; may exceed 1 when oversubscribed).
 * @param options The threshold.
 * @returns Whether the host is overloaded.
 *
 * @example 85 % is over the 80 % threshold
 * ```ts
 * import { isOverloadedStaticThreshold } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(isOverloadedStaticThreshold(0.85), true);
 * assert.equal(isOverloadedStaticThreshold(0.8), false);
 * ```
 */
export function isOverloadedStaticThreshold(
  utilization: number,
  options: StaticThresholdOptions = {},
): boolean {
  checkOptions("detect overload", "options", options, ["threshold"]);
  const { threshold = 0.8 } = options;
  nonNegative("detect overload", "utilization", utilization);
  within("detect overload", "options.threshold", threshold, 0, 1);
  return utilization > threshold;
}
