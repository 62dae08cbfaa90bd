/**
 * Closed-form estimates of a candidate, for the advisor's pruning. Internal: not
 * re-exported from `mod.ts`.
 *
 * Exact closed forms where the project has them (offline; pre-copy under the
 * `"default"` and `"xen"` presets; post-copy with active push or prepaging), proxies
 * otherwise: the `qemu` preset and time-series pre-copy as end-of-round pre-copy
 * with the same downtime rule; hybrid as k closed-form push rounds followed by
 * post-copy of what is left; demand paging as the coupon-collector time of touching
 * every page at the guest's access rate plus one fault per page. Mechanisms the
 * pre-copy closed form models (auto-converge, dirty-limit, dirty logging, multifd,
 * compression, secure transport) go to it; a switch to post-copy after k passes
 * takes the hybrid proxy; XBZRLE and the other triggers have no estimate. Zero
 * pages (`zeroPages`) are in the closed forms (a header each, as the engine sends
 * them), and in the proxies through them.
 *
 * @module
 */
import { workloadModel } from "../workload/models.ts";
import type { AdviceCandidate } from "./advice_candidates.ts";
import { closedForm } from "../migration/closed_form.ts";
import { closedFormPostCopy } from "../migration/closed_form_post_copy.ts";
import { closedFormPreCopy } from "../migration/closed_form_pre_copy.ts";
import { pageWireBytes } from "../migration/link.ts";
import type { LinkSpec } from "../migration/link_spec.ts";
import { type MigrationPreset, resolvePreset } from "../migration/presets.ts";
import type { MigrationResult } from "../migration/result.ts";
import type { StopRule } from "../migration/stop_rules.ts";
import type { VmSpec } from "../migration/vm_spec.ts";

/** The four metrics the advisor weighs. */
export interface Metrics {
  totalSeconds: number;
  downtimeSeconds: number;
  bytesSent: number;
  /** Share of the guest's running time during the migration lost to stalls, in [0, 1]. */
  slowdown: number;
}

/**
 * Slowdown of a result: guest time lost while the migration ran (dirty logging,
 * throttling, dirty limits and post-copy stalls, `result.mechanisms
 * .guestSlowdownSeconds`; without mechanisms, the post-copy stalls) over the time
 * the guest was meant to run (total minus downtime).
 */
export function slowdownOf(r: MigrationResult): number {
  const lost = r.mechanisms?.guestSlowdownSeconds ?? r.stallSeconds;
  const running = r.totalSeconds - r.downtimeSeconds;
  return lost > 0 && running > 0 ? Math.min(1, lost / running) : 0;
}

function metrics(r: MigrationResult): Metrics {
  return {
    totalSeconds: r.totalSeconds,
    downtimeSeconds: r.downtimeSeconds,
    bytesSent: r.bytesSent,
    slowdown: slowdownOf(r),
  };
}

const EULER_GAMMA = 0.5772156649015329;

/** Estimates a candidate's metrics, or undefined when no closed form or proxy covers it. */
export function estimate(vm: VmSpec, link: LinkSpec, c: AdviceCandidate): Metrics | undefined {
  const o = c.options;
  try {
    // The candidate's setup and resume seconds (its own, else its preset's), which the
    // page-level run adds: the closed forms take them, the proxies add them below.
    const given = resolvePreset(o.preset);
    const setupSeconds = o.setupSeconds ?? given.setupSeconds;
    const resumeSeconds = o.resumeSeconds ?? given.resumeSeconds;
    const timing = { setupSeconds, resumeSeconds };
    switch (o.technique) {
      case "offline":
        return metrics(closedForm(vm, link, {
          technique: "offline",
          ...(o.preset === undefined ? {} : { preset: o.preset }),
          ...timing,
        }));
      case "pre-copy":
      case "time-series-pre-copy": {
        const preset = o.preset;
        const mechanisms = o.technique === "pre-copy" ? o.mechanisms : undefined;
        const sw = mechanisms?.postCopySwitch;
        if (sw !== undefined) {
          // Switch after k passes: k closed-form push rounds, then post-copy (the
          // hybrid proxy); other triggers have no closed form.
          const { postCopySwitch: _, ...rest } = mechanisms!;
          if (
            sw.afterPasses === undefined || sw.afterSeconds !== undefined ||
            sw.stallSeconds !== undefined || Object.keys(rest).length > 0
          ) return undefined;
          return hybridProxy(vm, link, sw.afterPasses, sw.fetch, timing);
        }
        const named = preset === undefined || preset === "default" || preset === "xen";
        if (o.technique === "pre-copy" && named) {
          return metrics(closedFormPreCopy(vm, link, {
            ...(preset === undefined ? {} : { preset }),
            ...(o.stopRules === undefined ? {} : { stopRules: o.stopRules }),
            ...(mechanisms === undefined ? {} : { mechanisms }),
            ...timing,
          }));
        }
        const rules: readonly StopRule[] = o.stopRules ??
          (typeof preset === "object" ? (preset as MigrationPreset).stopRules : undefined) ??
          [];
        return metrics(closedFormPreCopy(vm, link, {
          stopRules: [...rules, { kind: "max-rounds", rounds: 30 }],
          ...(mechanisms === undefined ? {} : { mechanisms }),
          ...timing,
        }));
      }
      case "post-copy": {
        const fetch = o.fetch ?? "active-push";
        if (fetch !== "demand") {
          return metrics(closedFormPostCopy(vm, link, {
            fetch,
            ...(o.preset === undefined ? {} : { preset: o.preset }),
            ...timing,
          }));
        }
        return demandProxy(vm, link, timing);
      }
      case "hybrid":
        return hybridProxy(vm, link, o.preCopyRounds ?? 1, o.fetch, timing);
    }
  } catch (error) {
    // A workload or preset no closed form covers: confirm at page level instead.
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}

const FLOOR_MECHANISMS = ["xbzrle", "postCopySwitch", "autoConverge", "dirtyLimit", "dirtyLogging"];

/**
 * A lower bound on a pre-copy candidate's total time and traffic when it has no
 * estimate: its first pass, which sends every page in full whatever these
 * mechanisms do (XBZRLE's cache serves from the second pass on; a throttle or a
 * switch to post-copy does not shrink a page). Undefined when other mechanisms
 * (compression, multifd, secure transport) or the workload rule it out.
 */
export function floorOf(vm: VmSpec, link: LinkSpec, c: AdviceCandidate): Metrics | undefined {
  const o = c.options;
  if (o.technique !== "pre-copy") return undefined;
  const on = Object.keys(o.mechanisms ?? {});
  if (!on.every((k) => FLOOR_MECHANISMS.includes(k))) return undefined;
  try {
    const first = closedFormPreCopy(vm, link, { stopRules: [{ kind: "max-rounds", rounds: 1 }] })
      .roundRows[0]!;
    return {
      totalSeconds: first.endSeconds,
      downtimeSeconds: 0,
      bytesSent: first.bytesSent,
      slowdown: 0,
    };
  } catch (error) {
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}

/** Setup seconds before the first byte, resume seconds added to downtime (and total). */
interface Timing {
  setupSeconds: number;
  resumeSeconds: number;
}

/**
 * Hybrid proxy: k closed-form push rounds (after the setup), then post-copy of what is left
 * (its downtime with the resume).
 */
function hybridProxy(
  vm: VmSpec,
  link: LinkSpec,
  k: number,
  fetch: "demand" | "active-push" | "prepaging" | undefined,
  timing: Timing,
): Metrics {
  const pre = closedFormPreCopy(vm, link, {
    stopRules: [{ kind: "max-rounds", rounds: k }],
    setupSeconds: timing.setupSeconds,
  });
  const post = closedFormPostCopy(vm, link, {
    fetch: fetch === "demand" ? "active-push" : fetch ?? "active-push",
    resumeSeconds: timing.resumeSeconds,
  });
  const last = pre.roundRows[pre.roundRows.length - 1]!;
  const share = last.pagesSent / vm.pageCount;
  const push = last.startSeconds;
  const wire = pageWireBytes(vm.pageSizeBytes, link);
  const rate = Math.min(link.bandwidthBytesPerSecond, link.maxBandwidthBytesPerSecond ?? Infinity);
  // The pull sends what the last round would have (its zero pages a header each).
  const pullBytes = (last.zeroPagesSent ?? 0) === 0
    ? last.pagesSent * wire
    : last.bytesSent - vm.stateBytes;
  const total = push + post.downtimeSeconds + pullBytes / rate + (link.latencySeconds ?? 0);
  const stall = post.stallSeconds * share;
  const running = total - post.downtimeSeconds;
  return {
    totalSeconds: total,
    downtimeSeconds: post.downtimeSeconds,
    bytesSent: pre.bytesSent,
    slowdown: running > 0 ? Math.min(1, stall / running) : 0,
  };
}

/**
 * Demand paging proxy: every page arrives on a fault. Touching all `P` pages
 * uniformly at `a` accesses per second takes `P (ln P + gamma) / a` seconds of guest
 * time (coupon collector), and each fault stalls a round trip plus a page.
 */
function demandProxy(vm: VmSpec, link: LinkSpec, timing: Timing): Metrics {
  const w = vm.workload;
  const rates = workloadModel(w).rates(w);
  const a = rates.writesPerSecond + rates.readsPerSecond;
  const post = closedFormPostCopy(vm, link, {
    fetch: "active-push",
    resumeSeconds: timing.resumeSeconds,
  });
  const P = vm.pageCount;
  const rate = Math.min(link.bandwidthBytesPerSecond, link.maxBandwidthBytesPerSecond ?? Infinity);
  // A fault's reply is a page, or a header when the page is zero (the mean of the pull).
  const pageBytes = post.zeroPagesSent === 0
    ? pageWireBytes(vm.pageSizeBytes, link)
    : post.roundRows[1]!.bytesSent / P;
  const stallPerFault = 2 * (link.latencySeconds ?? 0) + pageBytes / rate;
  const touch = a > 0 ? (P * (Math.log(P) + EULER_GAMMA)) / a : Infinity;
  const stall = P * stallPerFault;
  const total = timing.setupSeconds + post.downtimeSeconds + touch + stall;
  return {
    totalSeconds: total,
    downtimeSeconds: post.downtimeSeconds,
    bytesSent: post.bytesSent,
    slowdown: Number.isFinite(total) ? stall / (total - post.downtimeSeconds) : 1,
  };
}
