/**
 * Where the validation guest's walk stands when the harness sends `migrate`, and the
 * engine workload that continues it from there.
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
import { integer, nonNegative, object, positive } from "../_validate.ts";
import type { TraceAccess, TraceWorkload } from "../workload/models/trace.ts";
import type { WorkloadSpec } from "../workload/spec.ts";
import type { QemuEngineInputs } from "./qemu_engine_inputs.ts";
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

/**
 * The guest's walk as the engine's workload, continuing from the visit it had reached
 * when `migrate` was sent: one pass of the region as a trace (write `k` at `k /
 * writesPerSecond`, to the visit `(startWrites + k) mod m`) that loops every `m /
 * writesPerSecond` seconds, with the zero pages of the engine inputs' workload
 * (`qemuPointToEngineInputs`). With `startWrites` 0 it writes what their sequential
 * writer writes.
 *
 * @param inputs The point's engine inputs (a guest that writes).
 * @param startWrites Writes the guest had made when `migrate` was sent.
 * @returns A trace workload spec.
 *
 * @example Ten pages from page 4, entered at the third visit
 * ```ts
 * import { type QemuEngineInputs, qemuWalkAtMigrate } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const sequential = { kind: "sequential" as const, writesPerSecond: 10, regionStartPage: 4,
 *   regionPages: 10, stridePages: 1, fill: true };
 * const inputs = { sequential, vm: { workload: { kind: "sequential" } } } as QemuEngineInputs;
 * const w = qemuWalkAtMigrate(inputs, 22);
 * assert.equal(w.kind, "trace");
 * if (w.kind === "trace") {
 *   assert.equal(w.durationSeconds, 1);
 *   assert.deepEqual(w.accesses.slice(0, 2).map((a) => a.page), [6, 7]);
 *   assert.equal(w.accesses[7]!.page, 13);
 *   assert.equal(w.accesses[8]!.page, 4);
 * }
 * ```
 */
export function qemuWalkAtMigrate(inputs: QemuEngineInputs, startWrites: number): WorkloadSpec {
  const action = "continue the QEMU guest's walk";
  object(action, "inputs.sequential", inputs?.sequential);
  const sequential = inputs.sequential;
  const rate = positive(action, "inputs.sequential.writesPerSecond", sequential.writesPerSecond);
  integer(action, "startWrites", startWrites, 0);
  const base = inputs.vm.workload;
  const { regionStartPage: start, regionPages, stridePages: stride } = sequential;
  const m = Math.ceil(regionPages / stride);
  const first = startWrites % m;
  const accesses: TraceAccess[] = new Array(m);
  for (let k = 0; k < m; k++) {
    accesses[k] = { timeSeconds: k / rate, page: start + ((first + k) % m) * stride, write: true };
  }
  const spec: TraceWorkload = { kind: "trace", durationSeconds: m / rate, accesses };
  if (base.zeroPages !== undefined) spec.zeroPages = base.zeroPages;
  return spec;
}
