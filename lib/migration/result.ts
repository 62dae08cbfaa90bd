import type { SamplerName } from "./sampler.ts";
import type { Seed } from "../random/prng.ts";
import type { MechanismReport } from "./mechanisms.ts";

/** Names of the migration techniques (see `TECHNIQUES`). */
export type TechniqueName =
  | "offline"
  | "pre-copy"
  | "time-series-pre-copy"
  | "post-copy"
  | "hybrid";

/** Which model produced a result. */
export type Fidelity = "page" | "closed-form";

/** Why a migration stopped its push phase (or finished). */
export type StopReason =
  | "offline"
  | "max-rounds"
  | "max-bytes"
  | "dirty-pages-below"
  | "dirty-rate-exceeds-link"
  | "max-downtime"
  | "withheld"
  | "post-copy"
  | "all-pages-received"
  | "time-cap"
  | "event-cap"
  | "aborted"
  | "controller-pause";

/** The phase a round belongs to (review, section 5). */
export type Phase = "push" | "stop-and-copy" | "pull";

/** One round of a migration: a push round, the stop-and-copy, or the pull phase. */
export interface RoundRow {
  /** 1-based round number. */
  round: number;
  /** Phase of the round. */
  phase: Phase;
  /** When the round started sending, in seconds from the migration start. */
  startSeconds: number;
  /** When the round's last byte was sent (pull: when the last page arrived). */
  endSeconds: number;
  /** Memory pages sent in the round. */
  pagesSent: number;
  /** Bytes put on the wire in the round: pages with overhead, plus state in stop-and-copy. */
  bytesSent: number;
  /** Distinct pages the VM dirtied while the round was sending (0 while paused). */
  pagesDirtied: number;
  /** Page writes the VM made while the round was sending. */
  writes: number;
  /**
   * Zero pages among `pagesSent` (each sent as a header only). Always set by the
   * engine; optional so that rows written by hand (plots, fixtures) may omit it.
   */
  zeroPagesSent?: number;
}

/** Kinds of timeline event. */
export type TimelineKind =
  | "start"
  | "round-start"
  | "suspend"
  | "resume"
  | "end";

/** A point in a migration's timeline. */
export interface TimelineEvent {
  /** Seconds from the migration start. */
  timeSeconds: number;
  /** What happened. */
  kind: TimelineKind;
  /** Round number the event belongs to (0 for start and end). */
  round: number;
  /** Where the VM runs from this event on. */
  host: "source" | "destination" | "none";
}

/**
 * The result of one migration, the same shape for every technique and fidelity.
 *
 * Invariants: `bytesSent` is the sum of the rounds' `bytesSent` and also of
 * `liveBytesSent + stopAndCopyBytesSent + pullBytesSent`, `pagesSent` the sum of
 * their `pagesSent`, and `totalSeconds >= downtimeSeconds >= 0`. Results are made by
 * one builder (`buildResult`), for every technique and fidelity.
 */
export interface MigrationResult {
  /** The technique that ran. */
  technique: TechniqueName;
  /** Label of the technique variant (e.g. `post-copy/prepaging`). */
  label: string;
  /** Which model produced the numbers. */
  fidelity: Fidelity;
  /** The seed the run used. */
  seed: Seed;
  /** From the start of the migration until the destination holds every page and runs the VM. */
  totalSeconds: number;
  /** How long the VM ran nowhere (paused at the source, not yet resumed at the destination). */
  downtimeSeconds: number;
  /** Bytes put on the wire: pages with per-page overhead, plus the vCPU and device state. */
  bytesSent: number;
  /** Memory pages sent, counting resends. */
  pagesSent: number;
  /** Number of rounds in `roundRows`. */
  rounds: number;
  /** Whether the push phase met its target (false when a cap or the dirty rate stopped it). */
  converged: boolean;
  /** Why the push phase stopped. */
  stopReason: StopReason;
  /** Post-copy: accesses that found their page missing at the destination. */
  remoteFaults: number;
  /** Post-copy: seconds the vCPU stalled waiting for faulted pages. */
  stallSeconds: number;
  /** Pages never received at the destination (non-zero only when a cap stopped post-copy). */
  pagesMissing: number;
  /** Name of the fidelity preset in force (`"default"` unless `options.preset` says otherwise). */
  preset: string;
  /** Seconds of setup before the first byte was sent (included in `totalSeconds`). */
  setupSeconds: number;
  /** Seconds from the last byte landing to the VM running (included in `downtimeSeconds`). */
  resumeSeconds: number;
  /** Zero pages sent (as a header only), included in `pagesSent`. */
  zeroPagesSent: number;
  /** Bytes sent while the VM ran at the source (push rounds). */
  liveBytesSent: number;
  /** Bytes sent while the VM was paused (final pages and state). */
  stopAndCopyBytesSent: number;
  /** Bytes sent while the VM ran at the destination (post-copy pull). */
  pullBytesSent: number;
  /**
   * The sampler that drew the workload when it was not the page-write engine
   * (`"counts"` or `"per-page"`, in pre-copy, time-series pre-copy, post-copy and
   * hybrid alike); absent for `"per-write"` (and offline, which draws nothing), so results
   * of the engine keep their shape.
   */
  sampler?: SamplerName;
  /** Per-round rows. */
  roundRows: RoundRow[];
  /** Start, rounds, suspend, resume and end, in time order. */
  timeline: TimelineEvent[];
  /**
   * What the mechanisms did and cost; present only when `options.mechanisms`
   * turned one on.
   */
  mechanisms?: MechanismReport;
}
