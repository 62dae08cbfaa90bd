/**
 * The fields of each workload kind, listed once per spec type (`optionNames` holds each list to
 * its type), so that a misspelt field is refused by name instead of leaving it at its default.
 * Internal.
 *
 * @module
 */
import { knownKeys, optionNames } from "../_validate.ts";
import type { HotColdWorkload } from "./models/hot_cold.ts";
import type { IdleWorkload } from "./models/idle.ts";
import type { PhasedWorkload } from "./models/phased.ts";
import type { SequentialWorkload } from "./models/sequential.ts";
import type { TraceWorkload } from "./models/trace.ts";
import type { UniformWorkload } from "./models/uniform.ts";
import type { ZipfWorkload } from "./models/zipf.ts";
import type { WorkloadKind } from "./spec.ts";

const RATES = { writesPerSecond: 0, readsPerSecond: 0, changedBytesPerWrite: 0 } as const;

/** Each workload kind's fields. */
export const WORKLOAD_FIELDS: Readonly<Record<WorkloadKind, readonly string[]>> = {
  "idle": optionNames<IdleWorkload>({ kind: 0, zeroPages: 0 }),
  "uniform": optionNames<UniformWorkload>({ kind: 0, zeroPages: 0, ...RATES }),
  "hot-cold": optionNames<HotColdWorkload>({
    kind: 0,
    zeroPages: 0,
    ...RATES,
    hotFraction: 0,
    hotShare: 0,
    placement: 0,
  }),
  "zipf": optionNames<ZipfWorkload>({
    kind: 0,
    zeroPages: 0,
    ...RATES,
    exponent: 0,
    placement: 0,
  }),
  "sequential": optionNames<SequentialWorkload>({
    kind: 0,
    zeroPages: 0,
    writesPerSecond: 0,
    regionStartFraction: 0,
    regionFraction: 0,
    stridePages: 0,
    startVisit: 0,
  }),
  "phased": optionNames<PhasedWorkload>({ kind: 0, zeroPages: 0, phases: 0 }),
  "trace": optionNames<TraceWorkload>({ kind: 0, zeroPages: 0, durationSeconds: 0, accesses: 0 }),
};

/** Refuses a field that workload `spec` (of a known kind) does not have, naming it. */
export function checkWorkloadFields(
  spec: { kind: WorkloadKind },
  field: string,
  action: string,
): void {
  const fields = WORKLOAD_FIELDS[spec.kind];
  // a loop of its own (few shapes of spec here: fast), knownKeys only to name a stranger
  for (const key in spec) {
    if (!fields.includes(key)) knownKeys(action, field, spec as never, fields);
  }
}
