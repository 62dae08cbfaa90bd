import { oneOf, requiredOptions } from "../_validate.ts";
import { createContext, stopAndCopy } from "./_context.ts";
import { TECHNIQUE_OPTION_NAMES } from "./_option_names.ts";
import { buildResult, contextParts } from "./_result_builder.ts";
import type { BaseMigrationOptions } from "./base_options.ts";
import { createBitset } from "./bitset.ts";
import type { LinkSpec } from "./link_spec.ts";
import type { MigrationResult, RoundRow, TimelineEvent } from "./result.ts";
import { SAMPLER_OPTIONS, type SamplerOption } from "./sampler.ts";
import type { VmSpec } from "./vm_spec.ts";

/** Options of {@link simulateOffline}. */
export interface OfflineOptions extends BaseMigrationOptions {
  /**
   * Taken so that one options object serves every technique: the VM is paused for the whole
   * copy, so no write is drawn and the sampler changes nothing.
   */
  sampler?: SamplerOption;
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
  requiredOptions("migrate", "options", options, TECHNIQUE_OPTION_NAMES.offline);
  if (options.sampler !== undefined) {
    oneOf("migrate", "options.sampler", options.sampler, SAMPLER_OPTIONS);
  }
  const ctx = createContext("offline", vm, link, options);
  const rows: RoundRow[] = [];
  const timeline: TimelineEvent[] = [
    { timeSeconds: 0, kind: "start", round: 0, host: "source" },
  ];
  const all = createBitset(ctx.pageCount);
  all.fill();
  const downtime = stopAndCopy(ctx, all, ctx.pageCount, 0, rows, timeline);
  ctx.checker?.verify("offline", 0);
  return buildResult({
    ...contextParts(ctx),
    endSeconds: downtime,
    downtimeSeconds: downtime,
    converged: true,
    stopReason: "offline",
    rows,
    timeline,
    // what the mechanisms cost (a secure transport's cipher CPU, multifd's packing)
    mechanisms: ctx.mech,
  });
}
