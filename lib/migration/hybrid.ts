import { integer, object, oneOf, positive } from "../_validate.ts";
import { createContext } from "./_context.ts";
import { resumeAndPull } from "./_post_copy.ts";
import { DEFAULT_MAX_WRITES, pushRounds } from "./_push.ts";
import type { LinkSpec } from "./link_spec.ts";
import {
  POST_COPY_FETCHES,
  POST_COPY_MAX_EVENTS,
  POST_COPY_MAX_SECONDS,
  type PostCopyOptions,
} from "./post_copy.ts";
import type { MigrationResult, RoundRow, TimelineEvent } from "./result.ts";
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
 * re-dirtied pages; the push always ends after `preCopyRounds` rounds (in QEMU the
 * switch to post-copy is the user's `migrate-start-postcopy`).
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
  object("simulate hybrid migration", "options", options);
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
  const ctx = createContext("hybrid", vm, link, options);
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
  return resumeAndPull(ctx, rows, timeline, push.endSeconds, push.remaining, {
    fetch,
    maxSeconds,
    maxEvents,
  });
}
