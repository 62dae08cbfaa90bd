/**
 * Validation of a lifetime distribution under the caller's own field name (so a
 * component's lifetime is reported as `blocks[1].lifetime`, not as `dist`).
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { knownKeys, object, oneOf, positive } from "../_validate.ts";
import type { LifetimeDistribution } from "./lifetime.ts";

/** Checks `value` is a lifetime distribution; errors name `field`. */
export function checkLifetime(
  action: string,
  field: string,
  value: unknown,
): LifetimeDistribution {
  const dist = object(action, field, value);
  const kind = oneOf(action, `${field}.kind`, dist.kind, ["exponential", "weibull"] as const);
  if (kind === "exponential") {
    knownKeys(action, field, dist, ["kind", "ratePerSecond"]);
    positive(action, `${field}.ratePerSecond`, dist.ratePerSecond);
  } else {
    knownKeys(action, field, dist, ["kind", "shape", "scaleSeconds"]);
    positive(action, `${field}.shape`, dist.shape);
    positive(action, `${field}.scaleSeconds`, dist.scaleSeconds);
  }
  return value as LifetimeDistribution;
}

/**
 * A key equal for equal laws whatever the order of their fields (JSON.stringify would
 * tell `{ kind, ratePerSecond }` from `{ ratePerSecond, kind }`); for a checked lifetime.
 */
export function lifetimeKey(dist: LifetimeDistribution): string {
  return dist.kind === "exponential"
    ? `exponential(${dist.ratePerSecond})`
    : `weibull(${dist.shape}, ${dist.scaleSeconds})`;
}
