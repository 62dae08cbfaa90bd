import { integer, oneOf, positive, requiredOptions } from "../_validate.ts";
import { TECHNIQUE_OPTION_NAMES } from "./_option_names.ts";

import { createContext } from "./_context.ts";
import { resumeAndPull } from "./_post_copy.ts";
import { DEFAULT_MAX_WRITES, pushRounds, pushSecondsBound } from "./_push.ts";
import { abortedResult } from "./_result_builder.ts";
import type { LinkSpec } from "./link_spec.ts";
import {
  POST_COPY_FETCHES,
  POST_COPY_MAX_EVENTS,
  POST_COPY_MAX_SECONDS,
  type PostCopyOptions,
} from "./post_copy.ts";
import type { MigrationResult, RoundRow, TimelineEvent } from "./result.ts";
import { chooseSampler } from "./sampler.ts";
import { MAX_PUSH_ROUNDS } from "./stop_rules.ts";
import type { VmSpec } from "./vm_spec.ts";

/** Options of {@link simulateHybrid}. */
export interface HybridOptions extends PostCopyOptions {
  /**
   * Pre-copy push rounds before the switch to post-copy (integer >= 1).
   * @default {1}
   */
  preCopyRounds?: number;
}

/**
 * Simulates hybrid migration (Hines & Gopalan 2009; Sahni & Varma 2012): a few
 * pre-copy push rounds while the VM runs at the source, then post-copy. After
 * `preCopyRounds` rounds (fewer if no page is left dirty) the VM is suspended, its
 * state is sent (downtime = stateBytes / bandwidth + latency, as in post-copy) and it
 * resumes at the destination, where only the pages dirtied since they were last
 * pushed are missing; those are pulled as in {@link simulatePostCopy} with the chosen
 * fetch variant. The push rounds follow the dirty-log model of `simulatePreCopy`.
 * A preset brings its link settings (cap semantics, latency) and Xen's skipping of
 * re-dirtied pages; the push ends after `preCopyRounds` rounds (in QEMU the
 * switch to post-copy is the user's `migrate-start-postcopy`). With `mechanisms`, a
 * controller that aborts at its timeout leaves the VM at the source (`stopReason`
 * `"aborted"`, no downtime, no pull, as in pre-copy); `postCopySwitch` or the
 * controller's `"post-copy"` action ends the push early (reported as
 * `postCopySwitchSeconds`), and so does its `"pause"` (the VM is suspended for the
 * switch); the pull runs on the guest's own clock, behind the wall's when throttled.
 *
 * Samplers (`options.sampler`): `"per-page"` runs the push rounds on pre-copy's
 * per-page draws (the pages each round dirties) and the pull on post-copy's (each
 * page's first access, then the pull's later writes at the end), exact in
 * distribution because the workload writes and accesses each page as an independent
 * Poisson process: what the push draws and what the pull draws fall in disjoint
 * windows of time, and a page's first access after the switch does not depend on its
 * past (as in pre-copy, a window's write count is drawn given the pages it dirties,
 * so rows are exact jointly, their sum over rows too). `"auto"` (the
 * default) runs it where it is exact (not for traces, phased
 * mixes, mechanisms, or a write or access cap that can bind; see
 * `perPageInexactReason`), else `"per-write"`; `"counts"` is never exact here (the
 * pull follows the access order). The result's `sampler` records which ran.
 *
 * @param vm The VM to migrate.
 * @param link The link it crosses.
 * @param options Post-copy options plus the number of pre-copy rounds.
 * @returns The migration result.
 *
 * @example One round then post-copy: short downtime, few faults
 * ```ts
 * import { simulateHybrid, simulatePostCopy } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const vm = { pageCount: 16384, pageSizeBytes: 4096, stateBytes: 65536,
 *   workload: { kind: "hot-cold" as const, writesPerSecond: 5000, readsPerSecond: 5000,
 *     hotFraction: 0.05, hotShare: 0.9 } };
 * const link = { bandwidthBytesPerSecond: 125e6, latencySeconds: 1e-4 };
 * const hybrid = simulateHybrid(vm, link, { seed: 1 });
 * const post = simulatePostCopy(vm, link, { seed: 1 });
 * assert.equal(hybrid.downtimeSeconds, post.downtimeSeconds);
 * assert.ok(hybrid.remoteFaults < post.remoteFaults);
 * ```
 */
export function simulateHybrid(
  vm: VmSpec,
  link: LinkSpec,
  options: HybridOptions,
): MigrationResult {
  requiredOptions("simulate hybrid migration", "options", options, TECHNIQUE_OPTION_NAMES.hybrid);
  const {
    preCopyRounds = 1,
    fetch = "active-push",
    maxSeconds = POST_COPY_MAX_SECONDS,
    maxEvents = POST_COPY_MAX_EVENTS,
  } = options;
  const action = "simulate hybrid migration";
  integer(action, "options.preCopyRounds", preCopyRounds, 1);
  oneOf(action, "options.fetch", fetch, POST_COPY_FETCHES);
  positive(action, "options.maxSeconds", maxSeconds);
  integer(action, "options.maxEvents", maxEvents, 0);
  // A context without page-level state decides the sampler (as in post-copy); the
  // run then gets its full context.
  const probe = createContext("hybrid", vm, link, options, "counts");
  const rounds = Math.min(preCopyRounds, MAX_PUSH_ROUNDS);
  const pullSeconds = fetch === "demand"
    ? Infinity
    : vm.pageCount * probe.wirePageBytes / probe.link.bytesPerSecond("pull") +
      probe.latencySeconds;
  const sampler = chooseSampler(options.sampler, {
    technique: "hybrid",
    workload: vm.workload,
    pageCount: vm.pageCount,
    preset: probe.preset,
    checked: probe.checker !== undefined,
    mechanisms: probe.mech !== undefined,
    // The push always runs under the engine's write cap (hybrid has no option for it).
    maxWrites: DEFAULT_MAX_WRITES,
    // Each push round sends at most every page, at the live rate.
    liveSecondsBound: pushSecondsBound(
      vm.pageCount,
      probe.wirePageBytes,
      probe.bytesPerSecond,
      rounds,
    ),
    pull: { maxEvents, execSecondsBound: Math.min(maxSeconds, pullSeconds) },
  });
  const ctx = createContext("hybrid", vm, link, options, sampler);
  const rows: RoundRow[] = [];
  const timeline: TimelineEvent[] = [
    { timeSeconds: 0, kind: "start", round: 0, host: "source" },
  ];
  const push = pushRounds(
    ctx,
    [{ kind: "max-rounds", rounds: preCopyRounds }],
    rows,
    timeline,
    DEFAULT_MAX_WRITES,
  );
  const mech = ctx.mech;
  if (mech !== undefined && push.stopReason === "aborted") {
    // The controller gave up before the switch: the pull never starts.
    return abortedResult(ctx, push.endSeconds, rows, timeline);
  }
  // A mechanism's switch to post-copy (or the controller's pause or post-copy action at its
  // timeout) ends the push early; hybrid then switches as it would after its rounds.
  if (mech !== undefined && push.stopReason === "post-copy") {
    mech.report.postCopySwitchSeconds = push.endSeconds + ctx.setupSeconds;
  }
  const result = resumeAndPull(ctx, rows, timeline, push.endSeconds, push.remaining, {
    fetch,
    maxSeconds,
    maxEvents,
  }, push.execSeconds ?? push.endSeconds);
  if (sampler !== "per-write") result.sampler = sampler;
  return result;
}
