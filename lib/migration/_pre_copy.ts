/**
 * Pre-copy with an optional withholder, shared by pre-copy and time-series pre-copy.
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { createContext, stopAndCopy } from "./_context.ts";
import { countsPushRounds, dirtyCounter } from "./_counts_pre_copy.ts";
import { countsQemuPush } from "./_counts_qemu_push.ts";
import { chooseSampler, liveSecondsBound } from "./sampler.ts";
import { createPrng } from "../random/prng.ts";
import { DEFAULT_MAX_WRITES, pushRounds, pushSecondsBound, type Withholder } from "./_push.ts";
import { qemuPush } from "./_qemu_push.ts";
import { abortedResult, buildResult, contextParts } from "./_result_builder.ts";
import { simgridPreCopy } from "./_simgrid_pre_copy.ts";
import type { LinkSpec } from "./link_spec.ts";
import type { PreCopyOptions } from "./pre_copy.ts";
import type { MigrationResult, RoundRow, TechniqueName, TimelineEvent } from "./result.ts";
import { nonNegative } from "../_validate.ts";
import { resumeAndPull } from "./_post_copy.ts";
import { POST_COPY_MAX_EVENTS, POST_COPY_MAX_SECONDS } from "./post_copy.ts";
import type { VmSpec } from "./vm_spec.ts";

/** Runs pre-copy, holding back the pages `withholder` chooses. */
export function runPreCopy(
  technique: TechniqueName,
  vm: VmSpec,
  link: LinkSpec,
  options: PreCopyOptions,
  withholder: Withholder | undefined,
): MigrationResult {
  // A context without page-level state decides the sampler; the per-write engine
  // then gets its full context (workload and zero pages).
  const probe = createContext(technique, vm, link, options, "counts");
  if (options.maxWrites !== undefined) nonNegative("migrate", "maxWrites", options.maxWrites);
  const rows: RoundRow[] = [];
  const timeline: TimelineEvent[] = [
    { timeSeconds: 0, kind: "start", round: 0, host: "source" },
  ];
  // one round of every page must take finite seconds (else an error naming the inputs)
  pushSecondsBound(probe.pageCount, probe.wirePageBytes, probe.bytesPerSecond, 1);
  const sampler = chooseSampler(options.sampler, {
    technique,
    workload: vm.workload,
    pageCount: vm.pageCount,
    preset: probe.preset,
    checked: probe.checker !== undefined,
    mechanisms: probe.mech !== undefined,
    maxWrites: options.maxWrites,
    liveSecondsBound: liveSecondsBound(
      probe.pageCount,
      probe.wirePageBytes,
      probe.bytesPerSecond,
      probe.preset,
    ),
  });
  // Without a cap given, the samplers (whose work does not grow with writes) run
  // without one; the per-write engine's default bounds its work.
  const maxWrites = options.maxWrites ?? (sampler === "per-write" ? DEFAULT_MAX_WRITES : Infinity);
  const ctx = sampler === "counts" ? probe : createContext(technique, vm, link, options, sampler);
  const switchover = ctx.preset.switchover;
  if (sampler === "counts" && switchover !== "simgrid-stages") {
    const prng = createPrng(ctx.seed, "counts");
    const push = switchover === "mid-pass"
      ? countsQemuPush(ctx, vm.workload, prng, rows, timeline, maxWrites)
      : countsPushRounds(
        ctx,
        dirtyCounter(vm.workload, vm.pageCount),
        prng,
        rows,
        timeline,
        maxWrites,
      );
    const downtime = stopAndCopy(
      ctx,
      undefined,
      push.remainingPages,
      push.endSeconds,
      rows,
      timeline,
    );
    return buildResult({
      ...contextParts(ctx),
      sampler,
      endSeconds: push.endSeconds + downtime,
      downtimeSeconds: downtime,
      converged: push.converged,
      stopReason: push.stopReason,
      rows,
      timeline,
    });
  }
  if (switchover === "simgrid-stages") {
    if (withholder !== undefined) {
      throw new TypeError(
        `Cannot migrate as options.preset "${ctx.preset.name}" models SimGrid's pre-copy only: current technique is ${technique}`,
      );
    }
    if (ctx.mech !== undefined) {
      // SimGrid's stages have no bitmap sync, channels or controller: every mechanism
      // would be ignored (a controller's abort, a throttle) and none reported.
      throw new TypeError(
        `Cannot migrate as options.mechanisms is not modelled with preset "${ctx.preset.name}" (SimGrid's byte-level stages): current value is ${
          JSON.stringify(ctx.mech.report.enabled)
        }`,
      );
    }
    const result = simgridPreCopy(ctx, vm, link, rows, timeline);
    if (sampler !== "per-write") result.sampler = sampler;
    return result;
  }
  if (switchover === "mid-pass" && withholder !== undefined) {
    throw new TypeError(
      `Cannot migrate as options.preset "${ctx.preset.name}" switches over mid-pass, which time-series pre-copy does not model: current technique is ${technique}`,
    );
  }
  const push = switchover === "mid-pass"
    ? qemuPush(ctx, rows, timeline, maxWrites)
    : pushRounds(ctx, ctx.preset.stopRules, rows, timeline, maxWrites, withholder);
  const mech = ctx.mech;
  if (mech !== undefined && push.stopReason === "post-copy") {
    mech.report.postCopySwitchSeconds = push.endSeconds + ctx.setupSeconds;
    return resumeAndPull(ctx, rows, timeline, push.endSeconds, push.remaining, {
      fetch: mech.m.postCopySwitch?.fetch ?? "active-push",
      maxSeconds: POST_COPY_MAX_SECONDS,
      maxEvents: POST_COPY_MAX_EVENTS,
    }, mech.execSeconds);
  }
  if (mech !== undefined && push.stopReason === "aborted") {
    return abortedResult(ctx, push.endSeconds, rows, timeline);
  }
  const remaining = push.remaining;
  const downtime = stopAndCopy(
    ctx,
    remaining,
    remaining.count(),
    push.endSeconds,
    rows,
    timeline,
  );
  ctx.checker?.verify(technique, 0);
  return buildResult({
    ...contextParts(ctx),
    sampler,
    endSeconds: push.endSeconds + downtime,
    downtimeSeconds: downtime,
    converged: push.converged,
    stopReason: push.stopReason,
    rows,
    timeline,
    mechanisms: mech,
  });
}
