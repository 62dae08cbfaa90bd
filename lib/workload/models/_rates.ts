/**
 * Rate checks shared by the Poisson workload models. Internal: not re-exported.
 *
 * @module
 */
import { nonNegative, within } from "../../_validate.ts";
import type { AccessRates, PageRun, WorkloadRates } from "../model.ts";

/**
 * Checks `writesPerSecond` and the optional `readsPerSecond` and `changedBytesPerWrite`
 * (each finite and >= 0, the rule migrate applies to `changedBytesPerWrite`).
 */
export function validateRates(spec: AccessRates, field: string, action: string): void {
  nonNegative(action, `${field}.writesPerSecond`, spec.writesPerSecond);
  if (spec.readsPerSecond !== undefined) {
    nonNegative(action, `${field}.readsPerSecond`, spec.readsPerSecond);
  }
  if (spec.changedBytesPerWrite !== undefined) {
    nonNegative(action, `${field}.changedBytesPerWrite`, spec.changedBytesPerWrite);
  }
}

/** The rates of a spec with `writesPerSecond` and optional `readsPerSecond`. */
export function ratesOf(spec: AccessRates): WorkloadRates {
  return { writesPerSecond: spec.writesPerSecond, readsPerSecond: spec.readsPerSecond ?? 0 };
}

/** One run over every page with the given shares. */
export function oneRun(pageCount: number, share: number): PageRun[] {
  return [{ pages: pageCount, writeShare: share, accessShare: share }];
}

/** Requires a number in (0, 1]. */
export function shareAboveZero(action: string, field: string, value: unknown): number {
  const v = within(action, field, value, 0, 1);
  if (v === 0) {
    throw new RangeError(`Cannot ${action} as ${field} must be in (0, 1]: current value is 0`);
  }
  return v;
}

/** Requires a number in [0, 1). */
export function shareBelowOne(action: string, field: string, value: unknown): number {
  const v = within(action, field, value, 0, 1);
  if (v === 1) {
    throw new RangeError(`Cannot ${action} as ${field} must be in [0, 1): current value is 1`);
  }
  return v;
}
