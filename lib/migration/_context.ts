/**
 * Numbers every technique derives from a VM, a link and the base options, computed
 * once. Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { nonNegative, object, show } from "../_validate.ts";
import { createPrng, type Seed } from "../random/prng.ts";
import { createWorkload } from "../workload/create_workload.ts";
import { workloadModel } from "../workload/models.ts";
import type { Workload } from "../workload/workload.ts";
import { DestinationChecker } from "./_checker.ts";
import { mechanismLink, setMechanismZeroPages } from "./_mechanism_link.ts";
import { MechanismState } from "./_mechanism_state.ts";
import { resolveMechanisms } from "./mechanisms.ts";
import type { Bitset } from "./bitset.ts";
import type { BaseMigrationOptions } from "./base_options.ts";
import { createLink, type MigrationLink } from "./link.ts";
import type { LinkSpec } from "./link_spec.ts";
import { type MigrationPreset, presetDowntimeLimitSeconds, resolvePreset } from "./presets.ts";
import type { RoundRow, TechniqueName, TimelineEvent } from "./result.ts";
import type { StopRule } from "./stop_rules.ts";
import type { SamplerName } from "./sampler.ts";
import { validateVm } from "./validate.ts";
import type { VmSpec } from "./vm_spec.ts";

/** Derived numbers of one migration. */
export interface Context {
  /** The technique that runs. */
  technique: TechniqueName;
  /** Label of the run. */
  label: string;
  /** Seed of the run. */
  seed: Seed;
  /** Memory pages. */
  pageCount: number;
  /** Bytes per page. */
  pageSizeBytes: number;
  /** pageCount x pageSizeBytes. */
  memoryBytes: number;
  /** vCPU and device state bytes. */
  stateBytes: number;
  /** Bytes on the wire per (non-zero) page: page + overhead. */
  wirePageBytes: number;
  /** Live-phase bandwidth: min(link bandwidth, cap). */
  bytesPerSecond: number;
  /** One-way latency. */
  latencySeconds: number;
  /** The link that carries every message. */
  link: MigrationLink;
  /** The preset in force (stop rules resolved against the options). */
  preset: MigrationPreset;
  /** Setup seconds in force. */
  setupSeconds: number;
  /** Resume seconds in force. */
  resumeSeconds: number;
  /** Stale-page tracker of checked mode, or undefined. */
  checker: DestinationChecker | undefined;
  /** The VM's running workload, on stream `createPrng(seed, "workload")`. */
  workload: Workload;
  /** The mechanisms' state when `options.mechanisms` turned one on, else undefined. */
  mech: MechanismState | undefined;
}

/**
 * The stand-in workload of a context without page-level state: rates only (no zero
 * pages: the counts sampler never runs with them); drawing from it is a bug.
 */
function countsOnlyWorkload(spec: VmSpec["workload"]): Workload {
  const rates = workloadModel(spec).rates(spec);
  const fail = (): never => {
    throw new Error("internal: a counts-sampled migration drew a page-level write");
  };
  return {
    accessesPerSecond: rates.writesPerSecond + rates.readsPerSecond,
    writesPerSecond: rates.writesPerSecond,
    write: fail,
    accesses: fail,
  };
}

/**
 * Validates the inputs and derives the context of a migration; `sampler` says how the
 * workload is drawn: write by write, page by page (`createWorkload`'s `"per-page"`),
 * or not at all (`"counts"`: no page-level workload is created).
 */
export function createContext(
  technique: TechniqueName,
  vm: VmSpec,
  linkSpec: LinkSpec,
  options: BaseMigrationOptions & { stopRules?: readonly StopRule[] },
  sampler: SamplerName = "per-write",
): Context {
  object("migrate", "options", options);
  validateVm(vm);
  const { seed, label = technique, checked = false } = options;
  if (typeof label !== "string") {
    throw new TypeError(
      `Cannot migrate as options.label must be a string: current value is ${show(label)}`,
    );
  }
  if (typeof checked !== "boolean") {
    throw new TypeError(
      `Cannot migrate as options.checked must be a boolean: current value is ${show(checked)}`,
    );
  }
  const preset = resolvePreset(options.preset, options.stopRules);
  const changed = (vm.workload as { changedBytesPerWrite?: number }).changedBytesPerWrite;
  const resolved = resolveMechanisms(
    options.mechanisms,
    vm.pageCount * vm.pageSizeBytes,
    changed,
  );
  let setupSeconds = options.setupSeconds ?? preset.setupSeconds;
  const resumeSeconds = options.resumeSeconds ?? preset.resumeSeconds;
  nonNegative("migrate", "options.setupSeconds", setupSeconds);
  nonNegative("migrate", "options.resumeSeconds", resumeSeconds);
  // Without page-level state (the counts sampler) no workload is drawn from.
  const workload = sampler === "counts"
    ? countsOnlyWorkload(vm.workload)
    : createWorkload(vm.workload, vm.pageCount, createPrng(seed, "workload"), sampler);
  let link = createLink(linkSpec, vm.pageSizeBytes, {
    capSemantics: preset.capSemantics,
    latencyConvention: preset.latencyConvention,
    zeroPages: workload.zeroPages,
    zeroPagePayloadBytes: preset.zeroPagePayloadBytes,
  });
  let mech: MechanismState | undefined;
  if (resolved !== undefined) {
    mech = new MechanismState(
      resolved,
      vm.pageCount,
      vm.pageSizeBytes,
      workload.writesPerSecond,
    );
    link = mechanismLink(link, vm.pageSizeBytes, resolved, mech.report);
    setMechanismZeroPages(link, workload.zeroPages);
    setupSeconds += mech.report.handshakeSeconds;
    mech.report.downtimeLimitSeconds = mech.downtimeLimit(0, presetDowntimeLimitSeconds(preset));
  }
  return {
    technique,
    label,
    seed,
    pageCount: vm.pageCount,
    pageSizeBytes: vm.pageSizeBytes,
    memoryBytes: vm.pageCount * vm.pageSizeBytes,
    stateBytes: vm.stateBytes,
    wirePageBytes: link.pageWireBytes,
    bytesPerSecond: link.bytesPerSecond("live"),
    latencySeconds: link.latencySeconds,
    link,
    preset,
    setupSeconds,
    resumeSeconds,
    checker: checked ? new DestinationChecker(vm.pageCount) : undefined,
    workload,
    mech,
  };
}

/**
 * Appends the stop-and-copy round that starts at `startSeconds` with the VM paused:
 * the pages of `pages` (`count` of them) and the state go out back to back through
 * the link at its stop-and-copy rate, and the last byte lands one latency later.
 * Returns the downtime.
 */
export function stopAndCopy(
  ctx: Context,
  pages: Bitset | undefined,
  count: number,
  startSeconds: number,
  rows: RoundRow[],
  timeline: TimelineEvent[],
): number {
  const { link } = ctx;
  const mech = ctx.mech;
  const batch = mech !== undefined && mech.xbzrle && pages !== undefined
    ? mech.sendFinal(link, pages, count, startSeconds, ctx.workload.zeroPages)
    : link.sendPages("stop-and-copy", pages, count, startSeconds);
  const stateSeconds = link.sendMessage("stop-and-copy", ctx.stateBytes, startSeconds);
  if (pages !== undefined) ctx.checker?.sent(pages);
  // Pages and state leave back to back as one message; its last byte lands one
  // latency later (under "per-message" the link's seconds already hold it).
  const bytes = batch.bytes + ctx.stateBytes;
  // the wire, plus the sender's scan of each zero page it sends as a header (as every batch)
  let wireSeconds = link.transferSeconds("stop-and-copy", bytes, startSeconds) +
    batch.zeroPages * (link.zeroPageSeconds ?? 0);
  if (ctx.mech !== undefined) {
    // Pages bound by the channels' CPU, then the state (each part's own bound).
    const perMessageLatency = link.latencyConvention === "per-message" ? link.latencySeconds : 0;
    wireSeconds = Math.max(wireSeconds, batch.seconds + stateSeconds - perMessageLatency);
  }
  const perMessage = link.latencyConvention === "per-message";
  const sendSeconds = perMessage ? wireSeconds - link.latencySeconds : wireSeconds;
  const downtime = perMessage ? wireSeconds : wireSeconds + link.latencySeconds;
  const round = rows.length + 1;
  rows.push({
    round,
    phase: "stop-and-copy",
    startSeconds,
    endSeconds: startSeconds + sendSeconds,
    pagesSent: count,
    bytesSent: bytes,
    pagesDirtied: 0,
    writes: 0,
    zeroPagesSent: batch.zeroPages,
  });
  timeline.push(
    { timeSeconds: startSeconds, kind: "suspend", round, host: "none" },
    {
      timeSeconds: startSeconds + downtime,
      kind: "resume",
      round,
      host: "destination",
    },
  );
  return downtime;
}
