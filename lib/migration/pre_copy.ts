import type { BaseMigrationOptions } from "./base_options.ts";
import { requiredOptions } from "../_validate.ts";
import { TECHNIQUE_OPTION_NAMES } from "./_option_names.ts";
import { runPreCopy } from "./_pre_copy.ts";
import type { LinkSpec } from "./link_spec.ts";
import type { MigrationResult } from "./result.ts";
import type { SamplerOption } from "./sampler.ts";
import type { StopRule } from "./stop_rules.ts";
import type { VmSpec } from "./vm_spec.ts";

/** Options of {@link simulatePreCopy}. */
export interface PreCopyOptions extends BaseMigrationOptions {
  /**
   * When to stop pushing (see `stop_rules.ts`). With no preset (or `"default"`) any
   * rules may be given, e.g. `XEN_STOP_RULES`; with another preset they must equal
   * the preset's own (an error names `options.stopRules` otherwise). At most
   * `MAX_PUSH_ROUNDS` rounds run whatever the rules say.
   * @default {the preset's stop rules; QEMU_STOP_RULES for "default"}
   */
  stopRules?: readonly StopRule[];
  /**
   * Cap on simulated page writes; when the next push round would pass it (at the
   * workload's mean write rate), the push phase stops with reason `"event-cap"` and
   * the stop-and-copy sends what is left. This bounds the work of any configuration.
   * Not given, the per-write engine stops at 1e9 writes and the samplers (whose work
   * does not grow with writes) run without a cap.
   * @default {1e9 for "per-write", none for "per-page" and "counts"}
   */
  maxWrites?: number;
  /**
   * How the workload's writes are drawn (see `SamplerOption`): `"per-write"` runs
   * the page-write engine; `"per-page"` draws the pages each window dirties page by
   * page (cost grows with pages touched); `"counts"` draws counts per run of pages of
   * equal probability (cost independent of memory size); both exact in distribution,
   * an error names this field where one is not exact. `"auto"`, the default, runs
   * the fastest exact one (`chooseSampler`); the result's `sampler` records which ran
   * when it was not `"per-write"`. Pass `"per-write"` for a seed's results as the
   * engine made them before samplers.
   * @default {"auto"}
   */
  sampler?: SamplerOption;
}

/**
 * Simulates pre-copy live migration (Clark et al. 2005) page by page: iterative push
 * rounds while the VM runs and dirties pages, then a short stop-and-copy of the pages
 * still dirty and of the vCPU and device state.
 *
 * Push rounds follow the dirty-log model: round 1 sends every page; round i + 1
 * sends the pages written while round i was sending. After each round the stop rules
 * decide; the stop-and-copy round then sends the remaining pages and the state with
 * the VM paused, and the VM resumes when the last byte lands (one latency later).
 *
 * Presets (`options.preset`) change when and how this happens: `"qemu"` decides the
 * switch-over during a pass from the pending dirty pages and the measured
 * bandwidth, with a bitmap sync, and lifts the bandwidth cap for the final copy
 * (one push row per bitmap-sync interval); `"xen"` and `"xen-legacy"` apply their
 * stop rules, the latter skipping pages re-dirtied within the round; `"simgrid"`
 * runs SimGrid's byte-level stages (no page headers or state; rows hold bytes /
 * page size, possibly fractional; checked mode does not apply; mechanisms are refused
 * with a TypeError naming `options.mechanisms`). See `PRESETS`.
 *
 * Mechanisms (`options.mechanisms`, see `MigrationMechanisms`) act at each sync
 * (end of a round, or a QEMU bitmap sync): auto-converge and dirty-limit slow the
 * guest, a post-copy switch ends the push and pulls the rest (also when the stop
 * rules end pre-copy without converging), a controller raises the downtime limit
 * or acts at its timeout (`stopReason` `"aborted"` or `"controller-pause"`).
 *
 * @param vm The VM to migrate.
 * @param link The link it crosses.
 * @param options Seed, stop rules and caps.
 * @returns The migration result.
 *
 * @example An idle VM needs one full round and an empty stop-and-copy
 * ```ts
 * import { simulatePreCopy } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const r = simulatePreCopy(
 *   { pageCount: 1024, pageSizeBytes: 4096, stateBytes: 4096, workload: { kind: "idle" } },
 *   { bandwidthBytesPerSecond: 1e8 },
 *   { seed: 1 },
 * );
 * assert.deepEqual(r.roundRows.map((row) => row.pagesSent), [1024, 0]);
 * assert.equal(r.downtimeSeconds, 4096 / 1e8);
 * ```
 *
 * @example QEMU stops an idle 1000-page guest with 250 pages still to send
 * ```ts
 * import { simulatePreCopy } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const r = simulatePreCopy(
 *   { pageCount: 1000, pageSizeBytes: 1000, stateBytes: 0, workload: { kind: "idle" } },
 *   { bandwidthBytesPerSecond: 1e6 },
 *   { seed: 1, preset: "qemu" },
 * );
 * assert.deepEqual(r.roundRows.map((row) => row.pagesSent), [750, 250]);
 * ```
 */
export function simulatePreCopy(
  vm: VmSpec,
  link: LinkSpec,
  options: PreCopyOptions,
): MigrationResult {
  requiredOptions("migrate", "options", options, TECHNIQUE_OPTION_NAMES["pre-copy"]);
  return runPreCopy("pre-copy", vm, link, options, undefined);
}
