/**
 * The one way the QEMU calibrations pool final copies: the grid's host profile
 * (`calibrateQemuHostProfile`) and the warm destination's rate
 * (`calibrateQemuWarmFinalCopyBytesPerSecond`).
 *
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { QEMU_FINAL_COPY_MIN_BYTES, qemuDowntimeBytes } from "./qemu_host_profile.ts";
import type { QemuRun } from "./qemu_record.ts";

/**
 * A final copy's bytes and seconds pooled over runs (completed ones): each with at least
 * {@link QEMU_FINAL_COPY_MIN_BYTES} in its downtime adds `ram.downtime-bytes` and its
 * downtime less the fixed costs (when positive).
 */
export function pooledFinalCopy(
  runs: readonly QemuRun[],
  fixedSeconds: number,
): { bytes: number; seconds: number; runs: number } {
  let bytes = 0;
  let seconds = 0;
  let n = 0;
  for (const r of runs) {
    const b = qemuDowntimeBytes(r);
    if (r.downtimeSeconds === null || b < QEMU_FINAL_COPY_MIN_BYTES) continue;
    const s = r.downtimeSeconds - fixedSeconds;
    if (!(s > 0)) continue;
    bytes += b;
    seconds += s;
    n++;
  }
  return { bytes, seconds, runs: n };
}
