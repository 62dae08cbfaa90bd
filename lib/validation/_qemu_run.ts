/**
 * Entry checks of a recorded QEMU run's fields, shared by the readers and calibrations
 * that take runs or points from their caller rather than from `parseQemuRecord`:
 * each checks only the fields its caller reads, in the order it reads them, so that a
 * run missing a field the caller never reaches is still accepted. Internal.
 *
 * @module
 */
import { array, boolean, nonNegative, object, oneOf, positive, string } from "../_validate.ts";

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

/**
 * The field of a run a calibration has chosen from `runs`: `runs[i]` at its first index
 * (the same object at a later index holds the same values).
 */
function chosenField(runs: readonly unknown[], run: unknown): string {
  return `runs[${runs.indexOf(run)}]`;
}

/** Requires `run[key]` of a run chosen from `runs` to be a finite number >= 0. */
export function runFigure(
  action: string,
  runs: readonly unknown[],
  run: object,
  key: string,
): number {
  const x = (run as Record<string, unknown>)[key];
  // the run's index (a search of `runs`) only for the message
  if (typeof x === "number" && x >= 0 && x < Infinity) return x;
  return nonNegative(action, `${chosenField(runs, run)}.${key}`, x);
}

/**
 * Requires `run[key]` of a run chosen from `runs` to be null, absent or a finite number
 * >= 0 (a figure the run may lack); null when it lacks it.
 */
export function optionalRunFigure(
  action: string,
  runs: readonly unknown[],
  run: object,
  key: string,
): number | null {
  const x = (run as Record<string, unknown>)[key];
  if (x === null || x === undefined) return null;
  return runFigure(action, runs, run, key);
}

/**
 * The sending milliseconds of a run chosen from `runs` as QEMU computes `mbps` over them,
 * `round((totalSeconds - setupSeconds) x 1000)` (no setup figure: 0), requiring
 * `totalSeconds` and, when present, `setupSeconds` to be finite numbers >= 0.
 */
export function sendingMilliseconds(
  action: string,
  runs: readonly unknown[],
  run: object,
): number {
  const total = runFigure(action, runs, run, "totalSeconds");
  const setup = optionalRunFigure(action, runs, run, "setupSeconds") ?? 0;
  return Math.round((total - setup) * 1000);
}

/**
 * `queryMigrate.ram["downtime-bytes"]` of a run chosen from `runs` when QEMU reported it,
 * else undefined (no `ram`, or the field absent or null: the calibrations leave such a run
 * out rather than take it as 0). Requires `queryMigrate` to be a plain object, `ram`
 * absent or one, and the field, when present, a finite number >= 0.
 */
export function reportedRunDowntimeBytes(
  action: string,
  runs: readonly unknown[],
  run: object,
): number | undefined {
  // the run's index (a search of `runs`) only for a message
  return downtimeBytesOf(action, run, () => chosenField(runs, run));
}

/**
 * `queryMigrate.ram["downtime-bytes"]` of `run`, named `name()` in a message: undefined when
 * QEMU did not report it (no `ram`, or the field absent or null); requires `queryMigrate` to
 * be a plain object, `ram` absent or one, and the field, when present, a finite number >= 0.
 */
export function downtimeBytesOf(
  action: string,
  run: object,
  name: () => string,
): number | undefined {
  const q = (run as Record<string, unknown>).queryMigrate;
  if (!isObject(q)) object(action, `${name()}.queryMigrate`, q);
  const ram = (q as Record<string, unknown>).ram;
  if (ram === undefined) return undefined;
  if (!isObject(ram)) object(action, `${name()}.queryMigrate.ram`, ram);
  const x = (ram as Record<string, unknown>)["downtime-bytes"];
  if (x === undefined || x === null) return undefined;
  if (typeof x === "number" && x >= 0 && x < Infinity) return x;
  return nonNegative(action, `${name()}.queryMigrate.ram["downtime-bytes"]`, x);
}

/** What `object` accepts: not null, not an array. */
function isObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * `point.maxBandwidthBytesPerSecond` of a run chosen from `runs` (its point already checked
 * to be a plain object): null (no cap) or a finite number > 0, as the record holds it.
 */
export function bandwidthCapOf(
  action: string,
  runs: readonly unknown[],
  run: { point: object },
): number | null {
  const cap = (run.point as Record<string, unknown>).maxBandwidthBytesPerSecond;
  if (cap === null) return null;
  return positive(action, `${chosenField(runs, run)}.point.maxBandwidthBytesPerSecond`, cap);
}
