import type { QemuRun } from "./qemu_record.ts";

/**
 * `ram.downtime-bytes` of a run when QEMU reported it (a finite number), else undefined: the
 * calibrations that classify or subtract by it leave such a run out rather than take it as 0
 * (a run without the field is not known to have sent nothing in its downtime). Internal.
 */
export function reportedDowntimeBytes(run: QemuRun): number | undefined {
  const ram = run.queryMigrate.ram as Record<string, unknown> | undefined;
  const x = ram?.["downtime-bytes"];
  return typeof x === "number" && Number.isFinite(x) ? x : undefined;
}
