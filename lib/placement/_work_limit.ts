/**
 * The check of `PLACEMENT_WORK_LIMITS` (`work_limits.ts`). Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
/**
 * Throws a `RangeError` naming `what` (the product, e.g. `vms.length × hosts.length`), the
 * limit and the value when `value` exceeds `limit`.
 */
export function checkWorkLimit(action: string, what: string, value: number, limit: number): void {
  if (value > limit) {
    throw new RangeError(
      `Cannot ${action} as ${what} must be <= ${limit} (PLACEMENT_WORK_LIMITS): current value is ${value}`,
    );
  }
}
