/**
 * Workload specifications: plain data that says how a VM touches its memory pages.
 *
 * Each kind is one model file under `lib/workload/models/` that defines its spec,
 * validates it and describes its page distribution (see `WorkloadModel`); this
 * file gathers them. The Poisson workloads (uniform, hot-cold, Zipf) make
 * `writesPerSecond` writes per second of VM execution time (each dirties a page,
 * which pre-copy must resend) and `readsPerSecond` reads (which only matter to
 * post-copy, where any access to a page not yet received faults); writes and reads
 * pick their page from the same distribution. The sequential writer walks a region;
 * a trace replays recorded accesses; a phased workload cycles through Poisson ones.
 * Any of them may carry `zeroPages` (see `ZeroPagesSpec`).
 *
 * Defaults, in one place: `readsPerSecond` 0; hot-set and Zipf `placement`
 * `{ kind: "start" }`; sequential `regionStartFraction` 0, `regionFraction` 1,
 * `stridePages` 1; `zeroPages` absent (no page treated as zero), and when present
 * `placement` `{ kind: "top" }` and `zeroingWriteShare` 0.
 *
 * @module
 */
import type { HotColdWorkload } from "./models/hot_cold.ts";
import type { IdleWorkload } from "./models/idle.ts";
import type { PhasedWorkload } from "./models/phased.ts";
import type { SequentialWorkload } from "./models/sequential.ts";
import type { TraceWorkload } from "./models/trace.ts";
import type { UniformWorkload } from "./models/uniform.ts";
import type { ZipfWorkload } from "./models/zipf.ts";

export type { AccessRates } from "./model.ts";
export type { HotColdWorkload } from "./models/hot_cold.ts";
export type { IdleWorkload } from "./models/idle.ts";
export type { PhasedWorkload, WorkloadPhase } from "./models/phased.ts";
export type { SequentialWorkload } from "./models/sequential.ts";
export type { TraceAccess, TraceWorkload } from "./models/trace.ts";
export type { UniformWorkload } from "./models/uniform.ts";
export type { ZipfWorkload } from "./models/zipf.ts";

/** Any workload the engine can run. */
export type WorkloadSpec =
  | IdleWorkload
  | UniformWorkload
  | HotColdWorkload
  | ZipfWorkload
  | SequentialWorkload
  | PhasedWorkload
  | TraceWorkload;

/** Names of the workload kinds. */
export type WorkloadKind = WorkloadSpec["kind"];

/** Every workload kind, in documentation order. */
export const WORKLOAD_KINDS: readonly WorkloadKind[] = [
  "idle",
  "uniform",
  "hot-cold",
  "zipf",
  "sequential",
  "phased",
  "trace",
];
