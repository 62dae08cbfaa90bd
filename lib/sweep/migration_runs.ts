import { migrate, type MigrateOptions, TECHNIQUE_NAMES } from "../migration/migrate.ts";
import { QEMU_STOP_RULES, type StopRule, XEN_STOP_RULES } from "../migration/stop_rules.ts";
import { SAMPLER_OPTIONS, type SamplerOption } from "../migration/sampler.ts";
import type { WorkloadSpec } from "../workload/spec.ts";
import type { RunKind, SweepParameter, SweepRecord } from "./run_kind.ts";

const positive = { type: "number", min: 0, minExclusive: true } as const;
const nonNegative = { type: "number", min: 0 } as const;
const probability = { type: "number", min: 0, max: 1 } as const;

/**
 * Sweeps of single VM migrations through `migrate()`: one run migrates one VM of
 * `memoryBytes` over one link with one technique, and reports the summary of its
 * `MigrationResult`. Parameters and their defaults (the default VM is 1 GiB of 4 KiB
 * pages with 256 KiB of state and a uniform 20,000 writes/s workload, on 1 Gbit/s
 * with 100 µs latency and 8 bytes of overhead per page, migrated by pre-copy under
 * QEMU's 300 ms rule with a 30-round cap) are listed in `parameters`.
 *
 * `stopRules: "qemu"` means `[max-downtime maxDowntimeSeconds, max-rounds maxRounds]`
 * (QEMU's `downtime-limit`, default 300 ms); `"xen"` is `XEN_STOP_RULES`.
 *
 * @example Two runs of the migration kind: a faster link lowers the downtime
 * ```ts
 * import { MIGRATION_RUNS } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const defaults = Object.fromEntries(
 *   Object.entries(MIGRATION_RUNS.parameters).map(([k, p]) => [k, p.default]),
 * );
 * const small = { ...defaults, memoryBytes: 64 * 2 ** 20, writesPerSecond: 5000 };
 * const slow = MIGRATION_RUNS.run({ ...small, bandwidthBytesPerSecond: 12.5e6 }, 1);
 * const fast = MIGRATION_RUNS.run({ ...small, bandwidthBytesPerSecond: 125e6 }, 1);
 * assert.ok(Number(fast.downtimeSeconds) < Number(slow.downtimeSeconds));
 * ```
 */
export const MIGRATION_RUNS: RunKind = Object.freeze<RunKind>({
  name: "migration",
  description: "one VM migration through migrate(): times, traffic, rounds, convergence",
  parameters: Object.freeze<Record<string, SweepParameter>>({
    memoryBytes: {
      description: "VM memory in bytes (a multiple of pageSizeBytes)",
      default: 2 ** 30,
      check: positive,
    },
    pageSizeBytes: {
      description: "bytes per page",
      default: 4096,
      check: { type: "number", min: 1, integer: true },
    },
    stateBytes: {
      description: "vCPU and device state in bytes",
      default: 262144,
      check: nonNegative,
    },
    workload: {
      description: "how the VM picks the pages it touches",
      default: "uniform",
      check: { type: "choice", values: ["idle", "uniform", "hot-cold", "zipf"] },
    },
    writesPerSecond: { description: "page writes per second", default: 20000, check: nonNegative },
    readsPerSecond: { description: "page reads per second", default: 0, check: nonNegative },
    hotFraction: {
      description: "hot-cold: share of the pages in the hot set",
      default: 0.05,
      check: { type: "number", min: 0, minExclusive: true, max: 1 },
    },
    hotShare: {
      description: "hot-cold: share of accesses to the hot set",
      default: 0.9,
      check: probability,
    },
    zipfExponent: { description: "zipf: exponent s", default: 1, check: positive },
    bandwidthBytesPerSecond: {
      description: "link bandwidth in bytes per second",
      default: 125e6,
      check: positive,
    },
    latencySeconds: {
      description: "one-way link latency in seconds",
      default: 1e-4,
      check: nonNegative,
    },
    pageOverheadBytes: {
      description: "protocol bytes per page sent",
      default: 8,
      check: nonNegative,
    },
    technique: {
      description: "migration technique",
      default: "pre-copy",
      check: { type: "choice", values: TECHNIQUE_NAMES },
    },
    fidelity: {
      description: "page-level simulator or closed form",
      default: "page",
      check: { type: "choice", values: ["page", "closed-form"] },
    },
    sampler: {
      description:
        "page level: auto (fastest exact), counts, per-page or per-write (the oracle); offline runs per-write; hybrid has no counts",
      default: "auto",
      check: { type: "choice", values: [...SAMPLER_OPTIONS] },
    },
    stopRules: {
      description: "pre-copy stop rules: qemu (downtime target and round cap) or xen",
      default: "qemu",
      check: { type: "choice", values: ["qemu", "xen"] },
    },
    maxDowntimeSeconds: {
      description: "qemu rules: downtime target in seconds",
      default: QEMU_STOP_RULES[0]!.kind === "max-downtime" ? QEMU_STOP_RULES[0]!.seconds : 0.3,
      check: positive,
    },
    maxRounds: {
      description: "qemu rules: cap on push rounds",
      default: 30,
      check: { type: "number", min: 1, integer: true },
    },
    fetch: {
      description: "post-copy and hybrid: how pages are fetched",
      default: "prepaging",
      check: { type: "choice", values: ["demand", "active-push", "prepaging"] },
    },
    preCopyRounds: {
      description: "hybrid: pre-copy rounds before post-copy",
      default: 1,
      check: { type: "number", min: 0, integer: true },
    },
  }),
  metrics: Object.freeze([
    "totalSeconds",
    "downtimeSeconds",
    "bytesSent",
    "pagesSent",
    "rounds",
    "converged",
    "stopReason",
    "remoteFaults",
    "stallSeconds",
    "pagesMissing",
  ]),
  check(p: Readonly<SweepRecord>): void {
    const memory = p.memoryBytes as number;
    const page = p.pageSizeBytes as number;
    if (!Number.isInteger(memory / page)) {
      throw new RangeError(
        `Cannot run a sweep as memoryBytes must be a multiple of pageSizeBytes (${page}): current value is ${memory}`,
      );
    }
    if (p.technique === "offline" && p.sampler !== "auto" && p.sampler !== "per-write") {
      throw new RangeError(
        `Cannot run a sweep as sampler must be "auto" or "per-write" for technique ${p.technique}: current value is "${p.sampler}"`,
      );
    }
    // the combinations migrate() refuses, refused before any run (not at the first to meet one)
    if (p.technique === "hybrid" && (p.preCopyRounds as number) < 1) {
      throw new RangeError(
        `Cannot run a sweep as preCopyRounds must be >= 1 for technique hybrid: current value is ${p.preCopyRounds}`,
      );
    }
    if (p.fidelity === "page" && p.sampler === "counts" && p.technique !== "pre-copy") {
      throw new RangeError(
        `Cannot run a sweep as sampler "counts" needs technique pre-copy (the others need per-page state): current value is "${p.technique}"`,
      );
    }
    if (p.fidelity === "closed-form") {
      if (!["offline", "pre-copy", "post-copy"].includes(p.technique as string)) {
        throw new RangeError(
          `Cannot run a sweep as technique must be offline, pre-copy or post-copy for fidelity closed-form (the others have no closed form): current value is "${p.technique}"`,
        );
      }
      if (p.technique === "post-copy" && p.fetch === "demand") {
        throw new RangeError(
          `Cannot run a sweep as fetch must be active-push or prepaging for a closed-form post-copy (demand fetching has none): current value is "demand"`,
        );
      }
    }
  },
  run(p: Readonly<SweepRecord>, seed: number): SweepRecord {
    const r = migrate(vmOf(p), {
      bandwidthBytesPerSecond: p.bandwidthBytesPerSecond as number,
      latencySeconds: p.latencySeconds as number,
      pageOverheadBytes: p.pageOverheadBytes as number,
    }, optionsOf(p, seed));
    return {
      totalSeconds: r.totalSeconds,
      downtimeSeconds: r.downtimeSeconds,
      bytesSent: r.bytesSent,
      pagesSent: r.pagesSent,
      rounds: r.rounds,
      converged: r.converged,
      stopReason: r.stopReason,
      remoteFaults: r.remoteFaults,
      stallSeconds: r.stallSeconds,
      pagesMissing: r.pagesMissing,
    };
  },
});

function vmOf(p: Readonly<SweepRecord>) {
  const rates = {
    writesPerSecond: p.writesPerSecond as number,
    readsPerSecond: p.readsPerSecond as number,
  };
  const workload: WorkloadSpec = p.workload === "idle"
    ? { kind: "idle" }
    : p.workload === "hot-cold"
    ? {
      kind: "hot-cold",
      ...rates,
      hotFraction: p.hotFraction as number,
      hotShare: p.hotShare as number,
    }
    : p.workload === "zipf"
    ? { kind: "zipf", ...rates, exponent: p.zipfExponent as number }
    : { kind: "uniform", ...rates };
  return {
    pageCount: (p.memoryBytes as number) / (p.pageSizeBytes as number),
    pageSizeBytes: p.pageSizeBytes as number,
    stateBytes: p.stateBytes as number,
    workload,
  };
}

function optionsOf(p: Readonly<SweepRecord>, seed: number): MigrateOptions {
  const fidelity = p.fidelity as "page" | "closed-form";
  const stopRules: readonly StopRule[] = p.stopRules === "xen" ? XEN_STOP_RULES : [
    { kind: "max-downtime", seconds: p.maxDowntimeSeconds as number },
    { kind: "max-rounds", rounds: p.maxRounds as number },
  ];
  const fetch = p.fetch as "demand" | "active-push" | "prepaging";
  const sampler = p.sampler as SamplerOption;
  switch (p.technique) {
    case "offline":
      return { technique: "offline", seed, fidelity };
    case "post-copy":
      return { technique: "post-copy", seed, fidelity, fetch, sampler };
    case "hybrid":
      return {
        technique: "hybrid",
        seed,
        fidelity,
        fetch,
        preCopyRounds: p.preCopyRounds as number,
        sampler,
      };
    case "time-series-pre-copy":
      return { technique: "time-series-pre-copy", seed, fidelity, stopRules, sampler };
    default:
      return { technique: "pre-copy", seed, fidelity, stopRules, sampler };
  }
}
