import {
  boolean,
  finiteResult,
  integer,
  nonNegative,
  object,
  oneOf,
  positive,
  string,
} from "../_validate.ts";
import { validateWorkload } from "../workload/validate_workload.ts";
import { workloadModel } from "../workload/models.ts";
import type { WorkloadSpec } from "../workload/spec.ts";
import type { MigrationPreset } from "./presets.ts";
import { MAX_PUSH_ROUNDS } from "./stop_rules.ts";
import { presetMaxRounds, validatePreset } from "./presets.ts";

/**
 * How a page-level technique draws what the workload does:
 *
 * - `"per-write"`: the engine simulates every page write (the oracle; the only one
 *   for traces, per-page state, checked mode, zero pages and Xen's within-round
 *   skip);
 * - `"counts"`: plain pre-copy from counts per run of pages of equal probability
 *   (one binomial draw per run and round; no draws at all for the sequential
 *   writer), exact in distribution, at a cost independent of memory size; under
 *   QEMU's mid-pass switch-over, counts per stretch of a run in memory order, at a
 *   cost that grows with the 50 ms steps, not with pages or writes;
 * - `"auto"`: the fastest exact one for the technique and workload
 *   ({@link chooseSampler}).
 */
export type SamplerOption = "per-write" | "counts" | "auto";

/**
 * The sampler when `options.sampler` is not given: `"per-write"`, so that results of
 * a seed stay those of the engine before samplers (golden study files and recorded
 * Slurm runs compare per seed). Pass `"auto"` for the fastest exact one.
 */
export const DEFAULT_SAMPLER: SamplerOption = "per-write";

/** The sampler that ran, as recorded in a result. */
export type SamplerName = "per-write" | "counts";

/** Every accepted {@link SamplerOption}. */
export const SAMPLER_OPTIONS: readonly SamplerOption[] = Object.freeze([
  "per-write",
  "counts",
  "auto",
]);

/** What decides whether the counts sampler is exact for a pre-copy run. */
export interface SamplerCase {
  /** The technique: only `"pre-copy"` has a counts sampler. */
  technique: string;
  /** The VM's workload. */
  workload: WorkloadSpec;
  /** Pages of the VM. */
  pageCount: number;
  /** The preset in force. */
  preset: MigrationPreset;
  /** Whether checked mode is on (it tracks every page). */
  checked: boolean;
  /**
   * Whether `options.mechanisms` turned a mechanism on (throttling, XBZRLE's cache,
   * the post-copy switch and the controllers act on per-page and per-sync state).
   */
  mechanisms?: boolean;
  /** The write cap in force (`options.maxWrites`). */
  maxWrites: number;
  /** Upper bound on the live seconds of the push phase (see {@link liveSecondsBound}). */
  liveSecondsBound: number;
}

/**
 * Why the counts sampler is not exact for a case, or undefined when it is.
 *
 * Counts are exact for plain pre-copy because within a run of pages of equal
 * probability the pages are exchangeable and the set a round sends does not depend
 * on which of them were written: each page of run `j` is written in a round of `s`
 * seconds with probability `1 - exp(-λⱼ·s)`, independently, so the next round's
 * count is a sum of binomial draws. They are not exact when per-page state or order
 * matters:
 *
 * - another technique (time-series pre-copy keeps each page's history; post-copy,
 *   hybrid and prepaging follow the access order);
 * - a trace or a phased mix (writes are not independent draws from fixed runs);
 * - zero pages (which pages are zero changes bytes page by page);
 * - checked mode (it tracks each page at the destination);
 * - `"xen-legacy"` (its within-round skip depends on which due pages are re-dirtied
 *   before their batch);
 * - under a mid-pass switch-over (`"qemu"`), whose cursor sends pages in memory
 *   order, a scattered hot set or the sequential writer: the counts then need to know
 *   where each page lies (a contiguous run of equal probability is enough, see
 *   `_counts_qemu_push.ts`);
 * - a write cap that can bind (the cap reads the writes so far, which counts draw
 *   only in distribution, not jointly with the pages dirtied).
 *
 * @param c The case.
 * @returns A reason naming the field, or undefined.
 *
 * @example Xen's within-round skip needs per-page state
 * ```ts
 * import { countsInexactReason, PRESETS } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const c = {
 *   technique: "pre-copy", pageCount: 1000, checked: false, maxWrites: 1e9, liveSecondsBound: 10,
 *   workload: { kind: "uniform" as const, writesPerSecond: 100 },
 * };
 * assert.equal(countsInexactReason({ ...c, preset: PRESETS.default }), undefined);
 * assert.match(countsInexactReason({ ...c, preset: PRESETS["xen-legacy"] })!, /skipRedirtied/);
 * ```
 */
export function countsInexactReason(c: SamplerCase): string | undefined {
  const action = "choose a sampler";
  object(action, "case", c);
  string(action, "case.technique", c.technique);
  integer(action, "case.pageCount", c.pageCount, 1);
  validateWorkload(c.workload, c.pageCount, "case.workload", action);
  validatePreset(c.preset);
  boolean(action, "case.checked", c.checked);
  if (c.mechanisms !== undefined) boolean(action, "case.mechanisms", c.mechanisms);
  // Infinity: no write cap (callers that never stop on writes, such as the fleet).
  if (c.maxWrites !== Infinity) nonNegative(action, "case.maxWrites", c.maxWrites);
  nonNegative(action, "case.liveSecondsBound", c.liveSecondsBound);
  if (c.technique !== "pre-copy") {
    return `technique ${c.technique} needs per-page state (only plain pre-copy has counts)`;
  }
  const kind = c.workload.kind;
  if (kind === "trace" || kind === "phased") {
    return `vm.workload.kind "${kind}" is not a set of independent runs`;
  }
  if (c.workload.zeroPages !== undefined) {
    return "vm.workload.zeroPages needs per-page state";
  }
  if (c.checked) return "options.checked tracks every page";
  if (c.mechanisms) return "options.mechanisms act on per-page and per-sync state";
  if (c.preset.switchover === "simgrid-stages") return undefined;
  if (c.preset.skipRedirtied) {
    return `options.preset "${c.preset.name}" has skipRedirtied (within-round skip is per page)`;
  }
  if (c.preset.switchover === "mid-pass") {
    const placement = (c.workload as { placement?: { kind: string } }).placement;
    if (placement?.kind === "scattered") {
      return `vm.workload.placement "scattered" under options.preset "${c.preset.name}" (a mid-pass cursor sends pages in memory order)`;
    }
    if (workloadModel(c.workload).walk !== undefined) {
      return `vm.workload.kind "${kind}" under options.preset "${c.preset.name}" (its walk and the mid-pass cursor interleave page by page)`;
    }
  }
  const rate = workloadModel(c.workload).rates(c.workload).writesPerSecond;
  if (rate * c.liveSecondsBound > c.maxWrites) {
    return `options.maxWrites (${c.maxWrites}) can bind (the cap is per write)`;
  }
  return undefined;
}

/**
 * An upper bound on the live seconds of a round-based push phase: every round sends
 * at most every page, and at most the preset's round cap (or `MAX_PUSH_ROUNDS`) rounds
 * run.
 *
 * @param pageCount Pages of the VM.
 * @param wirePageBytes Wire bytes per page.
 * @param liveBytesPerSecond Live rate of the link.
 * @param preset The preset in force.
 * @returns Seconds.
 *
 * @example
 * ```ts
 * import { liveSecondsBound, PRESETS } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(liveSecondsBound(1000, 4096, 1e8, PRESETS.default) >= 4096e3 / 1e8);
 * ```
 */
export function liveSecondsBound(
  pageCount: number,
  wirePageBytes: number,
  liveBytesPerSecond: number,
  preset: MigrationPreset,
): number {
  const action = "bound the live seconds";
  integer(action, "pageCount", pageCount, 0);
  nonNegative(action, "wirePageBytes", wirePageBytes);
  positive(action, "liveBytesPerSecond", liveBytesPerSecond);
  const rounds = presetMaxRounds(preset, MAX_PUSH_ROUNDS) + 1;
  return finiteResult(
    action,
    "the bound",
    (rounds * pageCount * wirePageBytes) / liveBytesPerSecond,
    "pageCount, wirePageBytes and liveBytesPerSecond",
  );
}

/**
 * The sampler that runs for an option and a case: `"auto"` picks `"counts"` when it
 * is exact ({@link countsInexactReason} is undefined) and `"per-write"` otherwise
 * (and for Zipf under a mid-pass switch-over, where both are exact but counts are
 * slower: one piece per run of its thousands of runs); an
 * explicit `"counts"` where it is not exact is an error naming `options.sampler` and
 * the reason.
 *
 * @param option `options.sampler` (undefined means {@link DEFAULT_SAMPLER}).
 * @param c The case.
 * @returns The sampler to run.
 * @throws {RangeError} On an unknown name, or `"counts"` where counts are not exact.
 *
 * @example
 * ```ts
 * import { chooseSampler, PRESETS } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const c = {
 *   technique: "pre-copy", pageCount: 1000, checked: false, maxWrites: 1e9, liveSecondsBound: 10,
 *   workload: { kind: "uniform" as const, writesPerSecond: 100 }, preset: PRESETS.default,
 * };
 * assert.equal(chooseSampler("auto", c), "counts");
 * assert.equal(chooseSampler(undefined, c), "per-write");
 * assert.equal(chooseSampler("auto", { ...c, checked: true }), "per-write");
 * assert.throws(() => chooseSampler("counts", { ...c, checked: true }), /options.sampler/);
 * ```
 */
export function chooseSampler(option: SamplerOption | undefined, c: SamplerCase): SamplerName {
  const chosen = option ?? DEFAULT_SAMPLER;
  oneOf("migrate", "options.sampler", chosen, SAMPLER_OPTIONS);
  if (chosen === "per-write") return "per-write";
  const reason = countsInexactReason(c);
  if (chosen === "auto") {
    if (reason !== undefined) return "per-write";
    // Both are exact here; under a mid-pass cursor a Zipf workload's thousands of
    // runs become thousands of pieces per step, slower than drawing the writes.
    if (c.preset.switchover === "mid-pass" && c.workload.kind === "zipf") return "per-write";
    return "counts";
  }
  if (reason !== undefined) {
    throw new RangeError(
      `Cannot migrate as options.sampler "counts" is not exact here: ${reason}`,
    );
  }
  return "counts";
}
