import { object } from "../_validate.ts";
import type { Seed } from "../random/prng.ts";
import { createContext, stopAndCopy, totals } from "./_context.ts";
import type { LinkSpec } from "./link_spec.ts";
import type { MigrationResult, RoundRow, TimelineEvent } from "./result.ts";
import type { VmSpec } from "./vm_spec.ts";

/** Options of {@link simulateOffline}. */
export interface OfflineOptions {
  /** Seed of the run (offline migration draws nothing, but results record it). */
  seed: Seed;
  /**
   * Label of the variant in results.
   * @default {"offline"}
   */
  label?: string;
}

/**
 * Simulates offline (cold) migration: the VM is suspended, every page and the state
 * are sent in one stop-and-copy round, and the VM resumes at the destination.
 *
 * Downtime = total time = (pageCount x (pageSizeBytes + pageOverheadBytes) +
 * stateBytes) / bandwidth + latency.
 *
 * @param vm The VM to migrate.
 * @param link The link it crosses.
 * @param options The seed and label.
 * @returns The migration result.
 *
 * @example 1 GiB over 1 Gbit/s takes 8.59 s, all of it downtime
 * ```ts
 * import { simulateOffline } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const r = simulateOffline(
 *   { pageCount: 262144, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" } },
 *   { bandwidthBytesPerSecond: 125e6 },
 *   { seed: 1 },
 * );
 * assert.equal(r.downtimeSeconds, 2 ** 30 / 125e6);
 * assert.equal(r.totalSeconds, r.downtimeSeconds);
 * ```
 */
export function simulateOffline(
  vm: VmSpec,
  link: LinkSpec,
  options: OfflineOptions,
): MigrationResult {
  object("migrate", "options", options);
  const { seed, label = "offline" } = options;
  const ctx = createContext(vm, link, seed);
  const rows: RoundRow[] = [];
  const timeline: TimelineEvent[] = [
    { timeSeconds: 0, kind: "start", round: 0, host: "source" },
  ];
  const downtime = stopAndCopy(ctx, ctx.pageCount, 0, rows, timeline);
  timeline.push({
    timeSeconds: downtime,
    kind: "end",
    round: 0,
    host: "destination",
  });
  return {
    technique: "offline",
    label,
    fidelity: "page",
    seed,
    totalSeconds: downtime,
    downtimeSeconds: downtime,
    ...totals(rows),
    rounds: rows.length,
    converged: true,
    stopReason: "offline",
    remoteFaults: 0,
    stallSeconds: 0,
    pagesMissing: 0,
    roundRows: rows,
    timeline,
  };
}
