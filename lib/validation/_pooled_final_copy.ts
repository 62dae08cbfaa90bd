/**
 * The one way the QEMU calibrations pool final copies: the grid's host profile
 * (`calibrateQemuHostProfile`) and the warm destination's rate
 * (`calibrateQemuWarmFinalCopyBytesPerSecond`).
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { QEMU_FINAL_COPY_MIN_BYTES } from "./qemu_host_profile.ts";
import type { QemuRun } from "./qemu_record.ts";
import { optionalRunFigure, reportedRunDowntimeBytes } from "./_qemu_run.ts";

/**
 * A final copy's bytes and seconds pooled over the chosen runs (completed ones): each with
 * at least {@link QEMU_FINAL_COPY_MIN_BYTES} in its downtime adds `ram.downtime-bytes` and
 * its downtime less the fixed costs (when positive). Each chosen run's
 * `ram.downtime-bytes` (absent: 0, left out) and `downtimeSeconds` must be null, absent
 * or finite numbers >= 0, named by their index in `runs`.
 */
export function pooledFinalCopy(
  action: string,
  runs: readonly QemuRun[],
  chosen: readonly QemuRun[],
  fixedSeconds: number,
): { bytes: number; seconds: number; runs: number } {
  let bytes = 0;
  let seconds = 0;
  let n = 0;
  for (const r of chosen) {
    const b = reportedRunDowntimeBytes(action, runs, r) ?? 0;
    const downtime = optionalRunFigure(action, runs, r, "downtimeSeconds");
    if (downtime === null || b < QEMU_FINAL_COPY_MIN_BYTES) continue;
    const s = downtime - fixedSeconds;
    if (!(s > 0)) continue;
    bytes += b;
    seconds += s;
    n++;
  }
  return { bytes, seconds, runs: n };
}
