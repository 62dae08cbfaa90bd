/**
 * migrate-lab: simulate virtual-machine migration (offline, pre-copy, post-copy,
 * hybrid and time-series pre-copy) at page granularity or in closed form, and
 * compare downtime, total time and traffic.
 *
 * This root entry point is the engine: units, seeded randomness, the event kernel,
 * bitsets, workloads, migration and studies. It loads one npm package, seedrandom. The other areas have their
 * own entry points (`deno.json` `exports`), so that their dependencies load only when used:
 * `./plot` (`lib/plot/mod.ts`: figures; loads Observable Plot and linkedom), `./placement`
 * (`lib/placement/mod.ts`; HiGHS loads on the first ILP solve), `./datacenter`,
 * `./realtime` and `./reliability`. Each area's `lib/<area>/mod.ts` lists its public files.
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
export * from "./lib/units/mod.ts";
export * from "./lib/bitset/mod.ts";
export * from "./lib/random/mod.ts";
export * from "./lib/events/mod.ts";
export * from "./lib/workload/mod.ts";
export * from "./lib/migration/mod.ts";
export * from "./lib/study/mod.ts";
