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
 *   for traces, phased mixes, mechanisms and caps that can bind);
 * - `"per-page"`: the pages a window dirties drawn page by page (geometric skips over
 *   runs of equal probability, thinning where probabilities vary) and, in a pull,
 *   each page's first access; the engine's page-level state (bitsets, Xen's skip,
 *   QEMU's cursor, time-series history, checked mode, zero pages) runs unchanged on
 *   them, at a cost that grows with the pages touched, not the writes (see
 *   `lib/workload/_per_page.ts`);
 * - `"counts"`: plain pre-copy from counts per run of pages of equal probability
 *   (one binomial draw per run and round; no draws at all for the sequential
 *   writer), exact in distribution, at a cost independent of memory size; under
 *   QEMU's mid-pass switch-over, counts per stretch of a run in memory order, at a
 *   cost that grows with the 50 ms steps, not with pages or writes;
 * - `"auto"`: the fastest exact one for the technique and workload
 *   ({@link chooseSampler}).
 */
export type SamplerOption = "per-write" | "per-page" | "counts" | "auto";

/**
 * The sampler when `options.sampler` is not given: `"auto"`, the fastest exact one.
 * Pass `"per-write"` for the results of a seed as the engine made them before
 * samplers.
 */
export const DEFAULT_SAMPLER: SamplerOption = "auto";

/** The sampler that ran, as recorded in a result. */
export type SamplerName = "per-write" | "per-page" | "counts";

/** Every accepted {@link SamplerOption}. */
export const SAMPLER_OPTIONS: readonly SamplerOption[] = Object.freeze([
  "per-write",
  "per-page",
  "counts",
  "auto",
]);

/** What decides whether the counts sampler is exact for a pre-copy run. */
export interface SamplerCase {
  /**
   * The technique: `"pre-copy"` has every sampler; `"time-series-pre-copy"`,
   * `"post-copy"` and `"hybrid"` have `"per-page"` too.
   */
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
  /**
   * The write cap in force (`options.maxWrites`); undefined when not given: the
   * samplers then run without one (their cost does not grow with writes) and the
   * per-write engine with `DEFAULT_MAX_WRITES`.
   */
  maxWrites: number | undefined;
  /** Upper bound on the live seconds of the push phase (see {@link liveSecondsBound}). */
  liveSecondsBound: number;
  /**
   * Post-copy: the access cap in force (`options.maxEvents`) and an upper bound on
   * the execution seconds of the pull (its time cap, or the push's end).
   */
  pull?: { maxEvents: number; execSecondsBound: number };
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
 * - a write cap that can bind (the per-write engine stops at the write that passes
 *   it, inside a round; counts draw a round's writes at its end).
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
  checkSamplerCase(c);
  return countsReason(c);
}

/** {@link countsInexactReason} on a checked case. */
function countsReason(c: SamplerCase): string | undefined {
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
  return capReason(c);
}

/**
 * Why a cap that reads the writes (or accesses) so far can bind, or undefined: the
 * per-write engine stops at the write (or access) that passes it, inside a window;
 * the samplers draw a window's counts at its end.
 */
function capReason(c: SamplerCase): string | undefined {
  const rates = workloadModel(c.workload).rates(c.workload);
  if (c.maxWrites !== undefined && rates.writesPerSecond * c.liveSecondsBound > c.maxWrites) {
    // Hybrid has no option for it: its push runs under the engine's own cap.
    const cap = c.technique === "hybrid" ? "the push's write cap" : "options.maxWrites";
    return `${cap} (${c.maxWrites}) can bind (the cap is per write)`;
  }
  if (c.pull !== undefined) {
    const mean = (rates.writesPerSecond + rates.readsPerSecond) * c.pull.execSecondsBound;
    // Twelve standard deviations above the mean: the Poisson count passes it with
    // probability below 1e-30.
    if (mean + 12 * Math.sqrt(mean) + 12 > c.pull.maxEvents) {
      return `options.maxEvents (${c.pull.maxEvents}) can bind (the cap is per access)`;
    }
  }
  return undefined;
}

/**
 * Why the per-page sampler is not exact for a case, or undefined when it is.
 *
 * Per-page draws are exact for the stationary Poisson workloads (each page written,
 * and accessed, at its own rate, independently of the others and of the past) and
 * for the sequential writer (which draws nothing); the engine's page-level state runs
 * on them unchanged. They are not exact:
 *
 * - for offline (not covered) or another technique;
 * - for a trace or a phased mix (writes are not independent draws from fixed runs);
 * - with mechanisms (throttling and XBZRLE read the writes per dirty page);
 * - where a write or access cap can bind (the engine stops at the write or access
 *   that passes it, inside a window; the samplers draw a window's counts at its end).
 *
 * @param c The case.
 * @returns A reason naming the field, or undefined.
 *
 * @example Time-series pre-copy keeps page histories: per-page, not counts
 * ```ts
 * import { countsInexactReason, perPageInexactReason, PRESETS } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const c = {
 *   technique: "time-series-pre-copy", pageCount: 1000, checked: false, maxWrites: 1e9,
 *   liveSecondsBound: 10, preset: PRESETS.default,
 *   workload: { kind: "uniform" as const, writesPerSecond: 100 },
 * };
 * assert.equal(perPageInexactReason(c), undefined);
 * assert.match(countsInexactReason(c)!, /technique/);
 * ```
 */
export function perPageInexactReason(c: SamplerCase): string | undefined {
  checkSamplerCase(c);
  return perPageReason(c);
}

/** {@link perPageInexactReason} on a checked case. */
function perPageReason(c: SamplerCase): string | undefined {
  if (!PER_PAGE_TECHNIQUES.includes(c.technique)) {
    return `technique ${c.technique} has no per-page sampler`;
  }
  const kind = c.workload.kind;
  if (kind === "trace" || kind === "phased") {
    return `vm.workload.kind "${kind}" is not a set of independent runs`;
  }
  if (c.mechanisms) return "options.mechanisms act on per-write state";
  return capReason(c);
}

/** Techniques with a per-page sampler. */
const PER_PAGE_TECHNIQUES: readonly string[] = [
  "pre-copy",
  "time-series-pre-copy",
  "post-copy",
  "hybrid",
];

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
 * is exact ({@link countsInexactReason} is undefined; not for Zipf under a mid-pass
 * switch-over, where counts are slower: one piece per run of its thousands of runs),
 * else `"per-page"` when it is exact ({@link perPageInexactReason}), else
 * `"per-write"`; an explicit `"counts"` or `"per-page"` where it is not exact is an
 * error naming `options.sampler` and the reason.
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
 * assert.equal(chooseSampler(undefined, c), "counts");
 * assert.equal(chooseSampler("per-write", c), "per-write");
 * assert.equal(chooseSampler("auto", { ...c, checked: true }), "per-page");
 * assert.throws(() => chooseSampler("counts", { ...c, checked: true }), /options.sampler/);
 * ```
 */
export function chooseSampler(option: SamplerOption | undefined, c: SamplerCase): SamplerName {
  const chosen = option ?? DEFAULT_SAMPLER;
  oneOf("migrate", "options.sampler", chosen, SAMPLER_OPTIONS);
  checkSamplerCase(c);
  if (chosen === "per-write") return "per-write";
  if (chosen === "auto") {
    // Under a mid-pass cursor a Zipf workload's thousands of runs become thousands
    // of pieces per step: counts are exact there but slower than per-page.
    const zipfMidPass = c.preset.switchover === "mid-pass" && c.workload.kind === "zipf";
    if (!zipfMidPass && countsReason(c) === undefined) return "counts";
    return perPageReason(c) === undefined ? "per-page" : "per-write";
  }
  const reason = chosen === "counts" ? countsReason(c) : perPageReason(c);
  if (reason !== undefined) {
    throw new RangeError(
      `Cannot migrate as options.sampler "${chosen}" is not exact here: ${reason}`,
    );
  }
  return chosen;
}

/** Validates a {@link SamplerCase} at the boundary of the exported sampler choices. */
function checkSamplerCase(c: SamplerCase): void {
  const action = "choose a sampler";
  object(action, "case", c);
  string(action, "case.technique", c.technique);
  integer(action, "case.pageCount", c.pageCount, 1);
  validateWorkload(c.workload, c.pageCount, "case.workload", action);
  validatePreset(c.preset);
  boolean(action, "case.checked", c.checked);
  if (c.mechanisms !== undefined) boolean(action, "case.mechanisms", c.mechanisms);
  // Undefined (not given) or Infinity (the fleet, which never stops on writes): no cap.
  if (c.maxWrites !== undefined && c.maxWrites !== Infinity) {
    nonNegative(action, "case.maxWrites", c.maxWrites);
  }
  nonNegative(action, "case.liveSecondsBound", c.liveSecondsBound);
}
