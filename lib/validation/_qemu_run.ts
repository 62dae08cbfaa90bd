/**
 * Entry checks of a recorded QEMU run's fields, shared by the readers and calibrations
 * that take runs or points from their caller rather than from `parseQemuRecord`:
 * each checks only the fields its caller reads, in the order it reads them, so that a
 * run missing a field the caller never reaches is still accepted. Internal.
 *
 * @module
 */
import { array, boolean, nonNegative, object, oneOf, string } from "../_validate.ts";

/** The techniques of a grid point. */
const TECHNIQUES = ["pre-copy", "post-copy"] as const;

/** Requires `runs` to be an array (of anything; each run is checked where it is read). */
export function runList(action: string, runs: unknown): readonly unknown[] {
  return array(action, "runs", runs);
}

/** Requires a run (or point) to be a plain object. */
export function record(action: string, field: string, value: unknown): Record<string, unknown> {
  return object(action, field, value);
}

/** Requires `run.point` to be a plain object. */
export function pointOf(
  action: string,
  field: string,
  run: Record<string, unknown>,
): Record<string, unknown> {
  return object(action, `${field}.point`, run.point);
}

/** Requires `point.technique` to be a technique. */
export function techniqueOf(
  action: string,
  field: string,
  point: Record<string, unknown>,
): "pre-copy" | "post-copy" {
  return oneOf(action, `${field}.technique`, point.technique, TECHNIQUES);
}

/** Requires `point.workload` to be a plain object. */
export function workloadOf(
  action: string,
  field: string,
  point: Record<string, unknown>,
): Record<string, unknown> {
  return object(action, `${field}.workload`, point.workload);
}

/** Requires `run.converged` to be a boolean. */
export function convergedOf(action: string, field: string, run: Record<string, unknown>): boolean {
  return boolean(action, `${field}.converged`, run.converged);
}

/** Requires `value` to be null, undefined or a finite number >= 0 (a figure QEMU may omit). */
export function optionalNonNegative(action: string, field: string, value: unknown): number | null {
  return value === null || value === undefined ? null : nonNegative(action, field, value);
}

/**
 * Requires the figures a comparison reads of a completed run: `totalSeconds` and
 * `transferredBytes` finite numbers >= 0, `downtimeSeconds` null or one, `anomalies`
 * absent or an array of strings.
 */
export function completedFigures(
  action: string,
  field: string,
  run: Record<string, unknown>,
): void {
  nonNegative(action, `${field}.totalSeconds`, run.totalSeconds);
  if (run.downtimeSeconds !== null) {
    nonNegative(action, `${field}.downtimeSeconds`, run.downtimeSeconds);
  }
  nonNegative(action, `${field}.transferredBytes`, run.transferredBytes);
  if (run.anomalies !== undefined) {
    const anomalies = array(action, `${field}.anomalies`, run.anomalies);
    for (let i = 0; i < anomalies.length; i++) {
      string(action, `${field}.anomalies[${i}]`, anomalies[i]);
    }
  }
}

/**
 * Requires what every calibration reads of each run before it chooses it: the run a plain
 * object with a boolean `converged`, and a completed run's `point` (given to the
 * calibration-point test) and, when `queryMigrate` is true (the calibration reads
 * `ram.downtime-bytes`), its `queryMigrate` plain objects.
 */
export function calibrationRuns(
  action: string,
  runs: readonly unknown[],
  queryMigrate = true,
): void {
  for (let i = 0; i < runs.length; i++) {
    const field = `runs[${i}]`;
    const r = record(action, field, runs[i]);
    if (!convergedOf(action, field, r)) continue;
    pointOf(action, field, r);
    if (queryMigrate) object(action, `${field}.queryMigrate`, r.queryMigrate);
  }
}
