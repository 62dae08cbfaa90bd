import { integer, nonNegative, options as checkOptions, positive } from "../_validate.ts";
import type { Prng } from "../random/prng.ts";
import { createWorkload } from "./create_workload.ts";
import type { TraceAccess, TraceWorkload, WorkloadSpec } from "./spec.ts";

/** Options of {@link recordTrace}. */
export interface RecordTraceOptions {
  /**
   * Times are rounded to the nearest multiple of this many seconds, as a tracer's
   * clock would, which keeps trace files short; 0 keeps full precision.
   * @default {1e-6}
   */
  timeResolutionSeconds?: number;
  /**
   * Largest number of accesses to record; more throws, so that a typo in a rate
   * cannot fill the memory.
   * @default {10_000_000}
   */
  maxAccesses?: number;
}

/**
 * Records the access stream of a workload over `[0, durationSeconds)` as a
 * replayable trace, so the toolkit can make its own traces.
 *
 * The accesses are those of `createWorkload(spec, pageCount, prng).accesses(0)`, in
 * order, with times rounded to `timeResolutionSeconds` (rounding keeps them
 * non-decreasing and at most `durationSeconds`).
 *
 * @param spec The workload to record (any kind).
 * @param pageCount Pages of the VM (integer >= 1).
 * @param durationSeconds Length of the recording, in seconds (> 0).
 * @param prng The workload's random stream.
 * @param options Time resolution and size limit.
 * @returns The trace workload.
 * @throws {RangeError} If an argument is out of range or the trace would exceed
 * `maxAccesses`.
 *
 * @example Record 2 s of a uniform workload
 * ```ts
 * import { createPrng, recordTrace } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const trace = recordTrace(
 *   { kind: "uniform", writesPerSecond: 100, readsPerSecond: 100 },
 *   64,
 *   2,
 *   createPrng(1),
 * );
 * assert.equal(trace.kind, "trace");
 * assert.equal(trace.durationSeconds, 2);
 * assert.ok(trace.accesses.length > 300 && trace.accesses.length < 500);
 * assert.ok(trace.accesses.every((a) => a.timeSeconds <= 2 && a.page < 64));
 * ```
 */
export function recordTrace(
  spec: WorkloadSpec,
  pageCount: number,
  durationSeconds: number,
  prng: Prng,
  options: RecordTraceOptions = {},
): TraceWorkload {
  const action = "record trace";
  checkOptions(action, "options", options, ["timeResolutionSeconds", "maxAccesses"]);
  const { timeResolutionSeconds = 1e-6, maxAccesses = 10_000_000 } = options;
  integer(action, "pageCount", pageCount, 1);
  positive(action, "durationSeconds", durationSeconds);
  nonNegative(action, "options.timeResolutionSeconds", timeResolutionSeconds);
  integer(action, "options.maxAccesses", maxAccesses, 0);
  // Multiply by an integer 1 / resolution where there is one (1e-9 gives 999999999.99...),
  // so that times are the doubles nearest to decimal multiples and print short.
  const inverse = timeResolutionSeconds === 0 ? 0 : 1 / timeResolutionSeconds;
  const scale = Math.abs(inverse - Math.round(inverse)) < 1e-6 * inverse
    ? Math.round(inverse)
    : inverse;
  const cursor = createWorkload(spec, pageCount, prng).accesses(0);
  const accesses: TraceAccess[] = [];
  for (; cursor.timeSeconds < durationSeconds; cursor.advance()) {
    if (accesses.length === maxAccesses) {
      throw new RangeError(
        `Cannot ${action} as the number of accesses must be <= options.maxAccesses: current value is more than ${maxAccesses}`,
      );
    }
    const t = scale === 0 ? cursor.timeSeconds : Math.round(cursor.timeSeconds * scale) / scale;
    accesses.push({
      timeSeconds: Math.min(t, durationSeconds),
      page: cursor.page,
      write: cursor.write,
    });
  }
  return { kind: "trace", durationSeconds, accesses };
}
