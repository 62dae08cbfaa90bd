/**
 * Where the validation guest's walk stands when the harness sends `migrate`. The engine
 * continues the walk from there with the sequential writer's `startVisit` (the writes
 * made by then), as `simulateQemuPoint` (`walkStartSeconds`) and
 * `simulateQemuMechanismPoint` (`guestSecondsAtMigrate`) do.
 *
 * The guest (`validation/qemu/guest.S`) adds `rate` to an accumulator every guest
 * millisecond and makes one write per 1000 of it, so after `T` ms of guest time it has
 * made exactly `rate x T / 1000` writes, catching up or not; write `j` goes to visit `j
 * mod m` of the region's pass. It prints a progress line every `report` ms; the
 * harness (`validation/qemu/harness.ts`) sends `migrate` once it has seen
 * `max(2, round(warmup / report) + 1)` lines, i.e. at guest time lines x report (0.8 s
 * for the recorded `reportMs` 200 and `warmupSeconds` 0.6), plus a few milliseconds
 * of QMP round trips. The recorded runs agree: the last progress line printed before
 * the stop (`guest.lastSourceWrites`) less the migration's live time puts `migrate`
 * between 0.80 and 0.83 s of guest time in nearly every completed run.
 *
 * The phase matters where the scan barely outruns the walk: on the recorded multifd
 * point (8,000 writes/s against 8,960 pages/s sent) the engine ends after 13.8 s
 * with the walk starting at the region's first page, and between 9.0 and 13.8 s over
 * the other phases.
 *
 * @module
 */
import { nonNegative, object, positive } from "../_validate.ts";
import type { QemuRecordMeta } from "./qemu_record.ts";

/**
 * Guest seconds at which the harness sent `migrate`: the time of the last warm-up
 * progress line, from the record's `meta.guest` (`reportMs`, `warmupSeconds`).
 *
 * @param meta The record's meta line.
 * @returns Seconds of guest time.
 *
 * @example The recorded harness: 4 lines of 200 ms
 * ```ts
 * import { qemuGuestSecondsAtMigrate, type QemuRecordMeta } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const meta = { raw: { guest: { reportMs: 200, warmupSeconds: 0.6 } } } as unknown as QemuRecordMeta;
 * assert.equal(qemuGuestSecondsAtMigrate(meta), 0.8);
 * ```
 */
export function qemuGuestSecondsAtMigrate(meta: QemuRecordMeta): number {
  const action = "find the guest time at migrate";
  const guest = object(action, "meta.raw.guest", meta?.raw?.guest);
  const report = positive(action, "meta.raw.guest.reportMs", guest.reportMs as number);
  const warmup = nonNegative(action, "meta.raw.guest.warmupSeconds", guest.warmupSeconds as number);
  const lines = Math.max(2, Math.round((warmup * 1000) / report) + 1);
  return (lines * report) / 1000;
}
