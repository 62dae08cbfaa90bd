import { nonNegative, object, oneOf, requiredOptions } from "../_validate.ts";
import type { MigrationResult } from "../migration/result.ts";

/** A fail-stop of one end of a migration, at a time from the migration's start. */
export interface InFlightFailure {
  /** Which end fails. */
  processor: "source" | "destination";
  /** Seconds from the migration's start (>= 0). */
  timeSeconds: number;
}

/** What {@link failDuringMigration} returns. */
export interface InFlightFailureOutcome {
  /**
   * `"completed"`: the failure came after the migration ended (out of its scope);
   * `"stays-at-source"`: the destination failed while the source still held the whole
   * VM, which keeps running there (the migration can be retried elsewhere);
   * `"lost"`: the VM's state was on, or split with, the failed processor.
   */
  outcome: "completed" | "stays-at-source" | "lost";
  /** Where the VM runs right after the failure. */
  host: "source" | "destination" | "none";
  /** Seconds from the migration's start at which the VM runs at the destination. */
  resumeSeconds: number;
}

/**
 * What a fail-stop of the source or the destination does to a VM whose migration is in
 * flight (the review's comparison of pre-copy and post-copy under failure).
 *
 * - The source fails before the migration ends: the VM is lost whatever the technique.
 *   Pre-copy and offline still run it (or hold its only consistent image) at the
 *   source; post-copy has resumed it at the destination but the pages not yet pushed
 *   exist only at the source.
 * - The destination fails before the VM resumes there (pre-copy and offline: before
 *   the end; post-copy: during the short state transfer): the source still holds the
 *   whole VM, which stays (or resumes) at the source.
 * - The destination fails after post-copy's resume but before the end: the VM runs at
 *   the failed destination and part of its memory is there: lost.
 * - A failure at or after the end (`totalSeconds`) is after the migration (a later
 *   fault of the destination is the reliability model's next processor failure).
 *
 * @param result The migration (`migrate()`), whose timeline gives the resume time.
 * @param failure Which end fails and when.
 * @returns The outcome and where the VM runs.
 * @throws {RangeError} If the time is negative or not finite.
 * @throws {TypeError} If the processor is not "source" or "destination".
 *
 * @example Pre-copy keeps the VM at the source; post-copy loses it
 * ```ts
 * import { migrate } from "../../mod.ts";
 * import { failDuringMigration } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const vm = { pageCount: 1024, pageSizeBytes: 4096, stateBytes: 4096, workload: { kind: "idle" as const } };
 * const link = { bandwidthBytesPerSecond: 1e8 };
 * const pre = migrate(vm, link, { technique: "pre-copy", seed: 1 });
 * const post = migrate(vm, link, { technique: "post-copy", seed: 1 });
 * const halfway = { processor: "destination" as const, timeSeconds: pre.totalSeconds / 2 };
 * assert.equal(failDuringMigration(pre, halfway).outcome, "stays-at-source");
 * assert.equal(failDuringMigration(post, halfway).outcome, "lost");
 * ```
 */
export function failDuringMigration(
  result: MigrationResult,
  failure: InFlightFailure,
): InFlightFailureOutcome {
  const action = "fail a processor during a migration";
  object(action, "result", result);
  requiredOptions(action, "failure", failure, ["processor", "timeSeconds"]);
  oneOf(action, "failure.processor", failure.processor, ["source", "destination"] as const);
  nonNegative(action, "failure.timeSeconds", failure.timeSeconds);
  const resumeSeconds = result.timeline.find((e) => e.kind === "resume")?.timeSeconds ??
    result.totalSeconds;
  const t = failure.timeSeconds;
  if (t >= result.totalSeconds) return { outcome: "completed", host: "destination", resumeSeconds };
  if (failure.processor === "source") return { outcome: "lost", host: "none", resumeSeconds };
  if (t < resumeSeconds) return { outcome: "stays-at-source", host: "source", resumeSeconds };
  return { outcome: "lost", host: "none", resumeSeconds };
}
