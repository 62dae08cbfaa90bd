import { finiteResult, nonNegative, object, oneOf, requiredOptions } from "../_validate.ts";
import { CLOSED_FORM_PRE_COPY_OPTION_NAMES } from "./_option_names.ts";
import type { Seed } from "../random/prng.ts";
import { closedFormPreset } from "./_closed_form_preset.ts";
import { closedFormInitialZeroPages, closedFormZeroingShare } from "./_closed_form_zero_pages.ts";
import { buildResult, SECONDS_INPUTS } from "./_result_builder.ts";
import { phaseRate } from "./_phase_rate.ts";
import { createLink, pageWireBytes } from "./link.ts";
import { distinctPagesModel } from "../workload/_distinct_pages.ts";
import { workloadModel } from "../workload/models.ts";
import { chargeMechanismCpu, mechanismLink } from "./_mechanism_link.ts";
import { MechanismState } from "./_mechanism_state.ts";
import { type MigrationMechanisms, resolveMechanisms } from "./mechanisms.ts";
import type { LinkSpec } from "./link_spec.ts";
import { type MigrationPreset, presetDowntimeLimitSeconds, type PresetName } from "./presets.ts";
import type { MigrationResult, RoundRow, StopReason, TimelineEvent } from "./result.ts";
import { compileStopRules, decideStop, type StopDecision } from "./_compiled_stop_rules.ts";
import { MAX_PUSH_ROUNDS, type RoundState, type StopRule } from "./stop_rules.ts";
import { validateLink, validateVm } from "./validate.ts";
import type { VmSpec } from "./vm_spec.ts";

/**
 * How the pre-copy closed form predicts the pages dirtied during a round:
 * `"rate"`, a constant dirty rate in bytes per second (every write dirties a new
 * page); `"pages"`, the expected number of distinct pages the round's writes hit,
 * which saturates at the working set.
 */
export type PreCopyModel = "rate" | "pages";

/** Options of {@link closedFormPreCopy} and {@link estimatePreCopy}. */
export interface ClosedFormPreCopyOptions {
  /**
   * Seed recorded in the result. Closed forms draw nothing; the field is accepted so
   * that the options of the simulator can be passed unchanged.
   * @default {0}
   */
  seed?: Seed;
  /**
   * The stop rules, applied after every push round with `checkStopRules`, exactly
   * as the simulator applies them (resolved against the preset as the simulator does).
   * @default {the preset's; QEMU_STOP_RULES for "default"}
   */
  stopRules?: readonly StopRule[];
  /**
   * The dirty-page model (see {@link PreCopyModel}).
   * @default {"pages"}
   */
  model?: PreCopyModel;
  /**
   * Label of the variant in results.
   * @default {"pre-copy"}
   */
  label?: string;
  /**
   * Preset: the closed form follows presets that switch over at the end of a round
   * (`"default"`, `"xen"`): their stop rules and cap semantics. It refuses
   * `"qemu"`, `"xen-legacy"` and `"simgrid"` with a TypeError naming
   * `options.preset`.
   * @default {"default"}
   */
  preset?: PresetName | MigrationPreset;
  /**
   * Setup seconds added before the first byte, as in the simulator.
   * @default {the preset's (0)}
   */
  setupSeconds?: number;
  /**
   * Resume seconds added to downtime and total, as in the simulator.
   * @default {the preset's (0)}
   */
  resumeSeconds?: number;
  /**
   * Mechanisms whose expected-value algebra is direct: `autoConverge`, `dirtyLimit`
   * and `dirtyLogging` scale the guest's time (so its expected writes) round by
   * round with the simulator's rules; `multifd`, `compression` and
   * `secureTransport` change a page's wire bytes and the rate. `xbzrle`,
   * `postCopySwitch` and `controller` are refused by name.
   * @default {none}
   */
  mechanisms?: MigrationMechanisms;
}

/** The summary numbers of a pre-copy migration, as {@link estimatePreCopy} returns them. */
export interface PreCopyEstimate {
  /** From the start until the VM runs at the destination, in seconds. */
  totalSeconds: number;
  /** Stop-and-copy time plus latency, in seconds. */
  downtimeSeconds: number;
  /** Bytes on the wire: all rounds' pages with overhead, plus the state. */
  bytesSent: number;
  /** Push rounds plus the stop-and-copy round (as `MigrationResult.rounds`). */
  rounds: number;
  /** Whether a target stop rule ended the push phase. */
  converged: boolean;
}

const ACTION = "compute the pre-copy closed form";
const MODELS: readonly PreCopyModel[] = ["rate", "pages"];
const COVERED_KINDS = ["idle", "uniform", "hot-cold", "zipf", "sequential"] as const;

/** Scratch state handed to the stop rules, reused so the round loop allocates nothing. */
const SCRATCH: RoundState = {
  round: 0,
  bytesSent: 0,
  memoryBytes: 0,
  dirtyPages: 0,
  pagesSentLastRound: 0,
  pagesDirtiedLastRound: 0,
  wirePageBytes: 0,
  bytesPerSecond: 0,
};

/** Everything the iteration finds, before it is shaped into a result. */
interface Outcome extends PreCopyEstimate {
  pagesSent: number;
  stopReason: StopReason;
  preset: MigrationPreset;
  mech: MechanismState | undefined;
}

const CLOSED_FORM_MECHANISMS: readonly string[] = [
  "autoConverge",
  "dirtyLimit",
  "dirtyLogging",
  "multifd",
  "compression",
  "secureTransport",
];

/**
 * Runs the closed-form iteration. Appends round rows and timeline events when the
 * arrays are given; the arithmetic is the same either way, so the lean estimate
 * and the full result agree exactly.
 */
function iterate(
  vm: VmSpec,
  link: LinkSpec,
  options: ClosedFormPreCopyOptions,
  rows: RoundRow[] | undefined,
  timeline: TimelineEvent[] | undefined,
): Outcome {
  checkClosedFormPreCopyOptions(options);
  const { model = "pages" } = options;
  validateVm(vm);
  validateLink(link);
  oneOf(ACTION, "options.model", model, MODELS);
  const preset = closedFormPreset(ACTION, options.preset, options.stopRules);
  const stopRules = preset.stopRules;
  const spec = vm.workload;
  oneOf(ACTION, "vm.workload.kind", spec.kind, COVERED_KINDS);
  const pageCount = vm.pageCount;
  let wirePageBytes = pageWireBytes(vm.pageSizeBytes, link);
  let bytesPerSecond = phaseRate(link, "live", preset.capSemantics);
  let finalBytesPerSecond = phaseRate(link, "stop-and-copy", preset.capSemantics);
  let stateSeconds = vm.stateBytes / finalBytesPerSecond;
  let mech: MechanismState | undefined;
  // The link of the simulator, for batches that hold zero pages (a header each).
  let wire = createLink(link, vm.pageSizeBytes, {
    capSemantics: preset.capSemantics,
    zeroPagePayloadBytes: preset.zeroPagePayloadBytes,
  });
  // Zero pages: round 1 reads the memory of time 0 (before any write); a page re-sent
  // later was written since, and is zero with probability zeroingWriteShare.
  let zero = closedFormInitialZeroPages(vm);
  const zeroing = closedFormZeroingShare(vm);
  // (Phased and trace workloads were rejected just above.)
  const writesPerSecond = workloadModel(spec).rates(spec).writesPerSecond;
  const resolved = resolveMechanisms(options.mechanisms, vm.pageCount * vm.pageSizeBytes);
  if (resolved !== undefined) {
    for (const k of Object.keys(options.mechanisms!)) {
      if (!CLOSED_FORM_MECHANISMS.includes(k)) {
        throw new TypeError(
          `Cannot ${ACTION} as options.mechanisms.${k} must be left out (the page-level engine models it: use fidelity "page"): current value is ${
            JSON.stringify((options.mechanisms as Record<string, unknown>)[k])
          }`,
        );
      }
    }
    mech = new MechanismState(resolved, pageCount, vm.pageSizeBytes, writesPerSecond);
    mech.report.downtimeLimitSeconds = presetDowntimeLimitSeconds(preset);
    // The same link the simulator uses: wire bytes and rates, CPU bounds included.
    const l = mechanismLink(
      wire,
      vm.pageSizeBytes,
      resolved,
      { cpuSeconds: 0, cipherCpuSeconds: 0 },
    );
    wire = l;
    wirePageBytes = l.pageWireBytes;
    bytesPerSecond = l.bytesPerSecond("live");
    finalBytesPerSecond = l.bytesPerSecond("stop-and-copy");
    stateSeconds = Math.max(
      stateSeconds,
      vm.stateBytes / (resolved.secureTransport?.cipherBytesPerSecondPerCore ?? Infinity),
    );
  }
  const distinct = model === "pages" && writesPerSecond > 0
    ? distinctPagesModel(spec, pageCount)
    : undefined;
  const state = SCRATCH;
  state.memoryBytes = pageCount * vm.pageSizeBytes;
  state.wirePageBytes = wirePageBytes;
  state.bytesPerSecond = bytesPerSecond;

  let send = pageCount;
  let t = 0;
  let bytes = 0;
  let pagesSent = 0;
  let zeroPagesSent = 0;
  let round = 0;
  const compiled = compileStopRules(stopRules);
  let stop: StopDecision | undefined;
  for (;;) {
    round++;
    // Without zero pages, the bytes and seconds as they always were (to the bit).
    const batch = zero === 0 ? undefined : wire.sendCounted("live", send, zero, t);
    const sendBytes = batch === undefined ? send * wirePageBytes : batch.bytes;
    const seconds = batch === undefined ? (send * wirePageBytes) / bytesPerSecond : batch.seconds;
    const writes = writesPerSecond * (mech === undefined ? seconds : mech.exec(t, seconds));
    // The rate model's volume grows without bound when D > R; no round can dirty
    // more pages than the VM has.
    const dirtied = distinct === undefined ? Math.min(writes, pageCount) : distinct(writes);
    bytes += sendBytes;
    pagesSent += send;
    zeroPagesSent += zero;
    if (rows !== undefined && timeline !== undefined) {
      timeline.push({
        timeSeconds: t,
        kind: "round-start",
        round,
        host: "source",
      });
      rows.push({
        round,
        phase: "push",
        startSeconds: t,
        endSeconds: t + seconds,
        pagesSent: send,
        bytesSent: sendBytes,
        pagesDirtied: dirtied,
        writes,
        zeroPagesSent: zero,
      });
    }
    t += seconds;
    state.round = round;
    state.bytesSent = bytes;
    state.dirtyPages = dirtied;
    state.pagesSentLastRound = send;
    state.pagesDirtiedLastRound = dirtied;
    // QEMU's throttle trigger on the expected dirtied and sent bytes of the round.
    mech?.sync(t, dirtied * vm.pageSizeBytes, sendBytes, dirtied);
    stop = decideStop(compiled, state, MAX_PUSH_ROUNDS);
    send = dirtied;
    zero = zeroing * dirtied;
    if (stop !== undefined) break;
  }

  // Stop-and-copy: the VM is paused (it writes nothing); the last dirty pages and
  // the state go out back to back and land one latency later.
  const last = zero === 0 ? undefined : wire.sendCounted("stop-and-copy", send, zero, t);
  const lastBytes = (last === undefined ? send * wirePageBytes : last.bytes) + vm.stateBytes;
  const sendSeconds = mech === undefined
    ? lastBytes / finalBytesPerSecond + zero * (link.zeroPageSeconds ?? 0)
    : last === undefined
    ? (send * wirePageBytes) / finalBytesPerSecond + stateSeconds
    : last.seconds + stateSeconds;
  const downtimeSeconds = sendSeconds + (link.latencySeconds ?? 0);
  round++;
  if (rows !== undefined && timeline !== undefined) {
    rows.push({
      round,
      phase: "stop-and-copy",
      startSeconds: t,
      endSeconds: t + sendSeconds,
      pagesSent: send,
      bytesSent: lastBytes,
      pagesDirtied: 0,
      writes: 0,
      zeroPagesSent: zero,
    });
    timeline.push(
      { timeSeconds: t, kind: "suspend", round, host: "none" },
      {
        timeSeconds: t + downtimeSeconds,
        kind: "resume",
        round,
        host: "destination",
      },
    );
  }
  if (mech !== undefined) {
    // The sending threads' CPU, as the simulator's link charges it batch by batch: every
    // non-zero page sent, and the state as a message.
    const nonZero = pagesSent + send - (zeroPagesSent + zero);
    chargeMechanismCpu(wire, nonZero, vm.stateBytes, mech.report);
  }
  return {
    totalSeconds: t + downtimeSeconds,
    downtimeSeconds,
    bytesSent: bytes + lastBytes,
    pagesSent: pagesSent + send,
    rounds: round,
    converged: stop.converged,
    stopReason: stop.reason,
    preset,
    mech,
  };
}

/**
 * Computes pre-copy migration in closed form: the expected-value counterpart of
 * the page-level simulator, with the same conventions and stop rules.
 *
 * With `P` pages, wire page bytes `S + o`, migration bandwidth
 * `R = min(bandwidth, cap)`, latency `L` and `lambda` writes per second, push round
 * `i` sends `n_i` pages in `T_i = n_i (S + o) / R` seconds (`n_1 = P`), rounds run
 * back to back, and the VM dirties `d_i` pages meanwhile:
 *
 * - `"rate"` (Liu et al. 2011, "Performance and energy modeling for live migration
 *   of virtual machines", HPDC; Akoush et al. 2010, "Predicting the performance of
 *   virtual machine migration", MASCOTS): a constant dirty rate
 *   `D = lambda (S + o)` bytes per second, so `d_i = lambda T_i` and the round
 *   volumes `V_i = n_i (S + o)` form the geometric series `V_i = M (D/R)^(i-1)`
 *   with `M = P (S + o)`, capped at `M` (a round cannot dirty more pages than exist).
 *   This is the basic constant-rate model; Liu et al.'s abstract also names a refined model
 *   (learned from the workload at the hypervisor) that is not implemented here, and their
 *   equations themselves could not be reached (only the abstract; issue 11 papers session).
 * - `"pages"` (default): `d_i` is the expected number of distinct pages hit by
 *   `lambda T_i` writes (`expectedDistinctPages`, e.g. `P (1 - (1 - 1/P)^w)` for a
 *   uniform workload), which saturates at the working set.
 *
 * After round `i` the stop rules are checked with the simulator's own rule check (the very
 * function the simulator calls) on `d_i` dirty pages; if none holds,
 * `n_(i+1) = d_i`. Once one holds after round `n`, the stop-and-copy round sends
 * the `d_n` remaining pages and the state while the VM is paused (it writes
 * nothing): downtime `= (d_n (S + o) + stateBytes) / R + L` and total
 * `= sum T_i + downtime`, latency paid once, at the end.
 *
 * Zero pages (`vm.workload.zeroPages`) cost a header each (`o` plus the preset's
 * zero-page payload), as the simulator's link charges them: round 1 reads memory
 * before the VM writes, so it finds the `Z = round(initialShare x P)` zero pages of
 * time 0 exactly; a page sent again (in round `i > 1` or the stop-and-copy) was
 * written since, so `zeroingWriteShare x n_i` of them are zero (none by default).
 * A round with zero pages takes the link's time for them (the scan's
 * `zeroPageSeconds` included), which shortens `T_i` and so the writes it sees.
 *
 * Page counts are expectations, so round rows may hold fractional pages; rows add
 * up (`bytesSent` and `pagesSent` are their sums). Phased and trace workloads are
 * not covered (TypeError), nor is time-series pre-copy, which has no closed form
 * here: its withholding depends on the history of individual pages.
 *
 * @param vm The VM to migrate (idle, uniform, hot-cold, zipf or sequential workload).
 * @param link The link it crosses.
 * @param options Stop rules, dirty-page model, label and seed.
 * @returns The migration result with `fidelity: "closed-form"`.
 *
 * @example Dirtying at half the link rate halves every round
 * ```ts
 * import { closedFormPreCopy } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const r = closedFormPreCopy(
 *   { pageCount: 1000, pageSizeBytes: 1000, stateBytes: 0,
 *     workload: { kind: "uniform", writesPerSecond: 500 } },
 *   { bandwidthBytesPerSecond: 1e6 },
 *   { model: "rate", stopRules: [{ kind: "max-rounds", rounds: 3 }] },
 * );
 * assert.deepEqual(r.roundRows.map((row) => row.pagesSent), [1000, 500, 250, 125]);
 * assert.equal(r.downtimeSeconds, 0.125);
 * assert.equal(r.totalSeconds, 1.875);
 * assert.equal(r.fidelity, "closed-form");
 * ```
 */
export function closedFormPreCopy(
  vm: VmSpec,
  link: LinkSpec,
  options: ClosedFormPreCopyOptions = {},
): MigrationResult {
  checkClosedFormPreCopyOptions(options);
  const { seed = 0, label = "pre-copy" } = options;
  const roundRows: RoundRow[] = [];
  const timeline: TimelineEvent[] = [
    { timeSeconds: 0, kind: "start", round: 0, host: "source" },
  ];
  const outcome = iterate(vm, link, options, roundRows, timeline);
  const { setup, resume } = setupAndResume(options, outcome);
  const timing = { setupSeconds: setup, resumeSeconds: resume };
  return buildResult({
    technique: "pre-copy",
    label,
    fidelity: "closed-form",
    seed,
    preset: outcome.preset.name,
    endSeconds: outcome.totalSeconds,
    downtimeSeconds: outcome.downtimeSeconds,
    converged: outcome.converged,
    stopReason: outcome.stopReason,
    rows: roundRows,
    timeline,
    ...timing,
    mechanisms: outcome.mech,
  });
}

/**
 * The setup seconds (the option's or the preset's, plus a secure transport's handshake) and
 * the resume seconds of a run, checked.
 */
function setupAndResume(
  options: ClosedFormPreCopyOptions,
  outcome: ReturnType<typeof iterate>,
): { setup: number; resume: number } {
  return {
    setup: nonNegative(
      ACTION,
      "options.setupSeconds",
      options.setupSeconds ?? outcome.preset.setupSeconds,
    ) + (outcome.mech?.report.handshakeSeconds ?? 0),
    resume: nonNegative(
      ACTION,
      "options.resumeSeconds",
      options.resumeSeconds ?? outcome.preset.resumeSeconds,
    ),
  };
}

/**
 * Computes the summary numbers of {@link closedFormPreCopy} without its rows and
 * timeline, for parameter sweeps: the same iteration and the same numbers (setup, secure
 * handshake and resume included), with no allocation in the round loop. Uniform and hot-cold workloads cost O(1) per round
 * (over a million configurations per second on one core); Zipf costs O(pageCount)
 * per round.
 *
 * @param vm The VM to migrate (idle, uniform, hot-cold, zipf or sequential workload).
 * @param link The link it crosses.
 * @param options Stop rules and dirty-page model (`seed` and `label` are ignored).
 * @returns Total time, downtime, bytes sent, rounds and convergence.
 *
 * @example A VM that dirties faster than the link never converges
 * ```ts
 * import { estimatePreCopy } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const e = estimatePreCopy(
 *   { pageCount: 1000, pageSizeBytes: 4096, stateBytes: 0,
 *     workload: { kind: "uniform", writesPerSecond: 50_000 } },
 *   { bandwidthBytesPerSecond: 125e6 },
 *   { model: "rate", stopRules: [{ kind: "dirty-rate-exceeds-link" }] },
 * );
 * assert.equal(e.converged, false);
 * assert.equal(e.rounds, 2);
 * ```
 */
export function estimatePreCopy(
  vm: VmSpec,
  link: LinkSpec,
  options: ClosedFormPreCopyOptions = {},
): PreCopyEstimate {
  const o = iterate(vm, link, options, undefined, undefined);
  // the setup (with a secure transport's handshake) and resume, as closedFormPreCopy's result
  const { setup, resume } = setupAndResume(options, o);
  // as closedFormPreCopy, seconds that overflow are an error, not a total of Infinity
  const total = finiteResult(
    ACTION,
    "totalSeconds",
    o.totalSeconds + setup + resume,
    SECONDS_INPUTS,
  );
  return {
    totalSeconds: total,
    downtimeSeconds: o.downtimeSeconds + resume,
    bytesSent: o.bytesSent,
    rounds: o.rounds,
    converged: o.converged,
  };
}

/** The options checked: an object of known names only (its own loop: a hot path). */
function checkClosedFormPreCopyOptions(options: ClosedFormPreCopyOptions): void {
  object(ACTION, "options", options);
  for (const key in options) {
    if (!CLOSED_FORM_PRE_COPY_OPTION_NAMES.includes(key)) {
      requiredOptions(ACTION, "options", options, CLOSED_FORM_PRE_COPY_OPTION_NAMES);
    }
  }
}
