/**
 * The one builder of `MigrationResult`, used by every technique and closed form.
 * Internal: not re-exported from `mod.ts`.
 *
 * @module
 */
import { finiteResult, show } from "../_validate.ts";
import type { SamplerName } from "./sampler.ts";
import type { Seed } from "../random/prng.ts";
import type { MechanismState } from "./_mechanism_state.ts";
import type { Context } from "./_context.ts";
import type {
  Fidelity,
  MigrationResult,
  RoundRow,
  StopReason,
  TechniqueName,
  TimelineEvent,
} from "./result.ts";

/** What a technique knows at its end, before setup and resume are added. */
export interface ResultParts {
  technique: TechniqueName;
  label: string;
  fidelity: Fidelity;
  seed: Seed;
  /** Preset name. */
  preset: string;
  /** Pre-copy: the sampler that ran. */
  sampler?: SamplerName;
  /** End of the migration on the technique's own clock (setup and resume excluded). */
  endSeconds: number;
  /** Downtime without the resume. */
  downtimeSeconds: number;
  converged: boolean;
  stopReason: StopReason;
  remoteFaults?: number;
  stallSeconds?: number;
  pagesMissing?: number;
  /** Rows on the technique's clock (first byte at 0). */
  rows: RoundRow[];
  /** Timeline on the technique's clock, without the final "end" event. */
  timeline: TimelineEvent[];
  /** Setup seconds: every time after the start moves by this much. */
  setupSeconds: number;
  /** Resume seconds: the resume, the pull and the end move by this much more. */
  resumeSeconds: number;
  /** The mechanisms' state, when any is on. */
  mechanisms?: MechanismState | undefined;
}

/** The parts every page-level result takes from its migration's context. */
export type ContextParts = Pick<
  ResultParts,
  "technique" | "label" | "fidelity" | "seed" | "preset" | "setupSeconds" | "resumeSeconds"
>;

/** The identity, preset and setup/resume of a page-level run, for {@link buildResult}. */
export function contextParts(ctx: Context): ContextParts {
  return {
    technique: ctx.technique,
    label: ctx.label,
    fidelity: "page",
    seed: ctx.seed,
    preset: ctx.preset.name,
    setupSeconds: ctx.setupSeconds,
    resumeSeconds: ctx.resumeSeconds,
  };
}

/** The inputs whose seconds add up to a result's total, for an overflow's error. */
export const SECONDS_INPUTS =
  "vm.pageCount, vm.pageSizeBytes, vm.stateBytes, link.bandwidthBytesPerSecond, link.maxBandwidthBytesPerSecond, link.latencySeconds, options.setupSeconds and options.resumeSeconds";

/**
 * Builds the result: sums pages, bytes and zero pages over rows, splits bytes per
 * phase, shifts times by setup (and by resume from the resume on), and appends
 * the "end" event. A closed form's label that is not a string, or seed that is neither a
 * string nor a finite number, is a TypeError naming it. A total that is not a finite number (seconds that overflow: a
 * bandwidth of 1e-310, a latency or setup of 1e308) is a RangeError naming the inputs.
 */
export function buildResult(p: ResultParts): MigrationResult {
  const { rows, timeline, setupSeconds: setup, resumeSeconds: resume } = p;
  if (p.fidelity === "closed-form") {
    // The closed forms draw nothing and only record the seed and label: held to the
    // types the page level's checks give them (createContext, createPrng).
    if (typeof p.label !== "string") {
      throw new TypeError(
        `Cannot compute a closed form as options.label must be a string: current value is ${
          show(p.label)
        }`,
      );
    }
    const seed: unknown = p.seed;
    if (typeof seed === "number" ? !Number.isFinite(seed) : typeof seed !== "string") {
      throw new TypeError(
        `Cannot compute a closed form as options.seed must be a string or a finite number: current value is ${
          show(seed)
        }`,
      );
    }
  }
  let pagesSent = 0;
  let bytesSent = 0;
  let zeroPagesSent = 0;
  let live = 0;
  let final = 0;
  let pull = 0;
  for (const r of rows) {
    pagesSent += r.pagesSent;
    bytesSent += r.bytesSent;
    zeroPagesSent += r.zeroPagesSent ?? 0;
    if (r.phase === "push") live += r.bytesSent;
    else if (r.phase === "stop-and-copy") final += r.bytesSent;
    else pull += r.bytesSent;
    if (setup !== 0 || resume !== 0) {
      const shift = r.phase === "pull" ? setup + resume : setup;
      r.startSeconds += shift;
      r.endSeconds += shift;
    }
  }
  if (setup !== 0 || resume !== 0) {
    let resumed = false;
    for (const e of timeline) {
      if (e.kind === "start") continue;
      if (e.kind === "resume") resumed = true;
      e.timeSeconds += setup + (resumed ? resume : 0);
    }
  }
  const total = p.endSeconds + setup + resume;
  finiteResult(
    p.fidelity === "page" ? "migrate" : "compute a closed form",
    "totalSeconds",
    total,
    SECONDS_INPUTS,
  );
  timeline.push({ timeSeconds: total, kind: "end", round: 0, host: "destination" });
  const result: MigrationResult = {
    technique: p.technique,
    label: p.label,
    fidelity: p.fidelity,
    seed: p.seed,
    totalSeconds: total,
    downtimeSeconds: p.downtimeSeconds + resume,
    bytesSent,
    pagesSent,
    rounds: rows.length,
    converged: p.converged,
    stopReason: p.stopReason,
    remoteFaults: p.remoteFaults ?? 0,
    stallSeconds: p.stallSeconds ?? 0,
    pagesMissing: p.pagesMissing ?? 0,
    preset: p.preset,
    setupSeconds: setup,
    resumeSeconds: resume,
    zeroPagesSent,
    liveBytesSent: live,
    stopAndCopyBytesSent: final,
    pullBytesSent: pull,
    ...(p.sampler === undefined || p.sampler === "per-write" ? {} : { sampler: p.sampler }),
    roundRows: rows,
    timeline,
  };
  if (p.mechanisms !== undefined) {
    const report = p.mechanisms.finish(setup);
    if (report.aborted) {
      // The VM never left the source.
      result.downtimeSeconds = 0;
      timeline[timeline.length - 1]!.host = "source";
    }
    result.mechanisms = report;
  }
  return result;
}

/**
 * The result of a push that a controller aborted at its timeout, for pre-copy and hybrid
 * alike: the VM keeps running at the source (no stop-and-copy, no downtime, no resume).
 */
export function abortedResult(
  ctx: Context,
  endSeconds: number,
  rows: RoundRow[],
  timeline: TimelineEvent[],
): MigrationResult {
  return buildResult({
    ...contextParts(ctx),
    endSeconds,
    downtimeSeconds: 0,
    converged: false,
    stopReason: "aborted",
    rows,
    timeline,
    resumeSeconds: 0,
    mechanisms: ctx.mech,
  });
}
