/**
 * migrate-lab: simulate virtual-machine migration (offline, pre-copy, post-copy,
 * hybrid and time-series pre-copy) at page granularity or in closed form, and
 * compare downtime, total time and traffic.
 *
 * @example Migrate an idle 64 MiB VM offline over 1 Gbit/s
 * ```ts
 * import { migrate } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const result = migrate(
 *   { pageCount: 16384, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" } },
 *   { bandwidthBytesPerSecond: 125e6 },
 *   { technique: "offline", seed: 1 },
 * );
 * assert.equal(result.downtimeSeconds, result.totalSeconds);
 * ```
 *
 * @module
 */
export * from "./lib/random/prng.ts";
export * from "./lib/migration/bitset.ts";
export * from "./lib/migration/vm_spec.ts";
export * from "./lib/migration/link_spec.ts";
export * from "./lib/migration/result.ts";
export * from "./lib/workload/spec.ts";
export * from "./lib/workload/workload.ts";
export * from "./lib/migration/stop_rules.ts";
export * from "./lib/migration/validate.ts";
export * from "./lib/workload/create_workload.ts";
export * from "./lib/migration/offline.ts";
export * from "./lib/migration/pre_copy.ts";
export * from "./lib/migration/time_series_pre_copy.ts";
export * from "./lib/random/exponential.ts";
export * from "./lib/random/poisson.ts";
export * from "./lib/random/zipf.ts";
export * from "./lib/random/uniform.ts";
export * from "./lib/random/integer.ts";
export * from "./lib/random/weibull.ts";
export * from "./lib/random/normal.ts";
export * from "./lib/events/event_queue.ts";
export * from "./lib/plot/figure.ts";
export * from "./lib/plot/technique_comparison.ts";
export * from "./lib/plot/rounds.ts";
export * from "./lib/plot/timeline.ts";
export * from "./lib/workload/expected_dirty_pages.ts";
export * from "./lib/migration/closed_form_offline.ts";
export * from "./lib/migration/closed_form_pre_copy.ts";
export * from "./lib/migration/closed_form_post_copy.ts";
export * from "./lib/migration/closed_form.ts";
export * from "./lib/migration/migrate.ts";
export * from "./lib/study/default_study.ts";
export * from "./lib/study/csv.ts";
export * from "./lib/study/table.ts";
export * from "./lib/migration/post_copy.ts";
export * from "./lib/units/bytes.ts";
export * from "./lib/units/rate.ts";
export * from "./lib/units/duration.ts";
export * from "./lib/workload/trace_format.ts";
export * from "./lib/workload/read_trace.ts";
export * from "./lib/workload/write_trace.ts";
export * from "./lib/workload/record_trace.ts";
export * from "./lib/migration/hybrid.ts";
export * from "./lib/study/summarize.ts";
export * from "./lib/realtime/model.ts";
export * from "./lib/placement/model.ts";
