import {
  nonNegative,
  object,
  oneOf,
  optionNames,
  options as checkOptions,
  positive,
} from "../_validate.ts";
import { phaseRate } from "./_phase_rate.ts";
import type { Bitset } from "./bitset.ts";
import type { LinkSpec } from "./link_spec.ts";
import {
  accountPageBatch,
  accountPhaseBytes,
  countZeroPages,
  emptyLinkTotals,
} from "./_link_totals.ts";
import { validateLink } from "./validate.ts";

/**
 * Which phases the cap `maxBandwidthBytesPerSecond` binds:
 *
 * - `"all-phases"` (default): the live push, the stop-and-copy and the pull all
 *   send at `min(bandwidth, cap)`.
 * - `"live-only"`: the cap binds the live (pre-copy) phase only. The final
 *   stop-and-copy and the post-copy pull run at the full link bandwidth (QEMU:
 *   `migration_completion_precopy` in `migration/migration.c` calls
 *   `migration_rate_set(RATE_LIMIT_DISABLED)` once the guest is stopped, and
 *   `postcopy_start` sets the rate to `max-postcopy-bandwidth`, whose default
 *   `DEFAULT_MIGRATE_MAX_POSTCOPY_BANDWIDTH` 0 means unlimited, `migration/options.c`).
 */
export type CapSemantics = "all-phases" | "live-only";

/**
 * When a message pays the link's one-way latency:
 *
 * - `"final-arrival"` (default): messages of a phase leave back to back with no
 *   gap; latency is paid once, when the last message of the stop-and-copy (or a
 *   post-copy page or request) lands. This is a pipelined TCP stream.
 * - `"per-message"`: every message (a push round, the final copy, an
 *   acknowledgement) takes `latency + bytes / rate`, and the sender waits for it
 *   before the next one (SimGrid: `MigrationTx::sendMigrationData` in
 *   `src/plugins/vm/VmLiveMigration.cpp` waits on each `Comm`, and SimGrid charges
 *   the route latency to every communication).
 */
export type LatencyConvention = "final-arrival" | "per-message";

/** The phase a message belongs to, for rates and byte accounting. */
export type LinkPhase = "live" | "stop-and-copy" | "pull";

/** How a link treats the cap and latency (the part of a preset that concerns the link). */
export interface LinkSettings {
  /**
   * Which phases the cap binds (see {@link CapSemantics}).
   * @default {"all-phases"}
   */
  capSemantics?: CapSemantics;
  /**
   * When latency is paid (see {@link LatencyConvention}).
   * @default {"final-arrival"}
   */
  latencyConvention?: LatencyConvention;
  /**
   * Pages that hold only zeros (bit p set iff page p is all zeros), kept up to date
   * by the workload (`Workload.zeroPages`). A zero page costs only its header
   * (`pageOverheadBytes`) on the wire. Not copied: read when each batch is sent.
   */
  zeroPages?: Bitset | undefined;
  /**
   * Bytes a zero page carries after its header (QEMU sends one byte,
   * `save_zero_page_to_file` in `migration/ram.c`).
   * @default {0}
   */
  zeroPagePayloadBytes?: number;
}

/** Bytes a link carried, per phase, and the pages among them. */
export interface LinkTotals {
  /** Bytes sent while the VM ran at the source (push rounds, setup messages). */
  liveBytes: number;
  /** Bytes sent while the VM was paused (final pages and state). */
  stopAndCopyBytes: number;
  /** Bytes sent while the VM ran at the destination (post-copy pull). */
  pullBytes: number;
  /** Memory pages sent, zero pages included. */
  pagesSent: number;
  /** Zero pages among them (sent as a header only). */
  zeroPagesSent: number;
}

/** What sending a batch of pages cost. */
export interface PageBatch {
  /** Bytes put on the wire. */
  bytes: number;
  /** Seconds the batch occupies the link (latency included only under `"per-message"`). */
  seconds: number;
  /** Zero pages in the batch. */
  zeroPages: number;
}

/**
 * A link that carries a migration's messages: page batches, the vCPU and device
 * state, requests and acknowledgements. It is the one place that turns bytes into
 * wire bytes (page headers, zero pages) and wire bytes into seconds (rate, cap,
 * latency), and it counts what it carried per phase.
 *
 * Today's implementation ({@link createLink}) has a fixed rate per phase. The
 * interface is the seam where several migrations will share one link: every call
 * says when the message leaves (`atSeconds`, on the migration's clock), so a
 * shared link can answer the same calls with a rate that changes when other
 * transfers start or finish (max-min sharing on the event queue). The fixed-rate
 * link ignores `atSeconds`.
 */
export interface MigrationLink {
  /** Wire bytes of a page that is not all zeros: page plus header. */
  readonly pageWireBytes: number;
  /** Wire bytes of a zero page: the header (and the preset's zero-page payload, if any). */
  readonly zeroPageWireBytes: number;
  /** One-way latency, seconds. */
  readonly latencySeconds: number;
  /** Sender seconds per zero page (`LinkSpec.zeroPageSeconds`; absent = 0). */
  readonly zeroPageSeconds?: number;
  /** The latency convention in force. */
  readonly latencyConvention: LatencyConvention;
  /** Whether the cap is below the bandwidth, i.e. the live phase is rate-limited. */
  readonly liveCapped: boolean;
  /** Rate of a phase in bytes per second (the cap applied per {@link CapSemantics}). */
  bytesPerSecond(phase: LinkPhase): number;
  /**
   * Sends `count` pages, the members of `pages` (or `count` pages that are not
   * zero pages when `pages` is undefined), and returns bytes, seconds and zero pages.
   */
  sendPages(
    phase: LinkPhase,
    pages: Bitset | undefined,
    count: number,
    atSeconds?: number,
  ): PageBatch;
  /** Sends `count` pages of which `zeroPages` are zero pages (counted by the caller). */
  sendCounted(phase: LinkPhase, count: number, zeroPages: number, atSeconds?: number): PageBatch;
  /** Sends a message of `bytes` (state, request, acknowledgement); returns its seconds. */
  sendMessage(phase: LinkPhase, bytes: number, atSeconds?: number): number;
  /**
   * Seconds that `bytes` already accounted for (by `sendPages` / `sendMessage`)
   * occupy the link when they travel as one message: `bytes / rate`, plus the
   * latency under `"per-message"`.
   */
  transferSeconds(phase: LinkPhase, bytes: number, atSeconds?: number): number;
  /** Bytes and pages carried so far. */
  readonly totals: LinkTotals;
}

/**
 * Wire bytes of one page that is not all zeros: `pageSizeBytes + pageOverheadBytes`.
 * Used by the closed forms, which have no link object.
 *
 * @param pageSizeBytes Bytes per page.
 * @param link The link spec.
 * @returns Bytes on the wire per page.
 *
 * @example A 4 KiB page with an 8-byte header
 * ```ts
 * import { pageWireBytes } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(pageWireBytes(4096, { bandwidthBytesPerSecond: 1e9, pageOverheadBytes: 8 }), 4104);
 * ```
 */
export function pageWireBytes(pageSizeBytes: number, link: LinkSpec): number {
  positive("compute the wire bytes of a page", "pageSizeBytes", pageSizeBytes);
  validateLink(link);
  return pageSizeBytes + (link.pageOverheadBytes ?? 0);
}

/**
 * The rate of a phase in bytes per second: `min(bandwidth, cap)`, except for the
 * stop-and-copy and the pull under `"live-only"` cap semantics, which run at the
 * full bandwidth.
 *
 * @param link The link spec.
 * @param phase The phase.
 * @param capSemantics Which phases the cap binds.
 * @returns Bytes per second.
 *
 * @example QEMU lifts `max-bandwidth` for the final copy
 * ```ts
 * import { phaseBytesPerSecond } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const link = { bandwidthBytesPerSecond: 1e9, maxBandwidthBytesPerSecond: 32e6 };
 * assert.equal(phaseBytesPerSecond(link, "live", "live-only"), 32e6);
 * assert.equal(phaseBytesPerSecond(link, "stop-and-copy", "live-only"), 1e9);
 * assert.equal(phaseBytesPerSecond(link, "stop-and-copy", "all-phases"), 32e6);
 * ```
 */
export function phaseBytesPerSecond(
  link: LinkSpec,
  phase: LinkPhase,
  capSemantics: CapSemantics = "all-phases",
): number {
  validateLink(link);
  oneOf("compute a phase rate", "phase", phase, ["live", "stop-and-copy", "pull"]);
  oneOf("compute a phase rate", "capSemantics", capSemantics, ["all-phases", "live-only"]);
  return phaseRate(link, phase, capSemantics);
}

/** A link of fixed rate per phase (see {@link MigrationLink}). */
class FixedRateLink implements MigrationLink {
  readonly pageWireBytes: number;
  readonly zeroPageWireBytes: number;
  readonly latencySeconds: number;
  readonly zeroPageSeconds: number;
  readonly latencyConvention: LatencyConvention;
  readonly liveCapped: boolean;
  readonly totals: LinkTotals = emptyLinkTotals();
  readonly #live: number;
  readonly #final: number;
  readonly #pull: number;
  readonly #zero: Bitset | undefined;
  readonly #perMessage: number;

  constructor(spec: LinkSpec, pageSizeBytes: number, settings: LinkSettings) {
    const {
      capSemantics = "all-phases",
      latencyConvention = "final-arrival",
      zeroPages,
      zeroPagePayloadBytes = 0,
    } = settings;
    this.pageWireBytes = pageWireBytes(pageSizeBytes, spec);
    this.zeroPageWireBytes = (spec.pageOverheadBytes ?? 0) + zeroPagePayloadBytes;
    this.latencySeconds = spec.latencySeconds ?? 0;
    this.zeroPageSeconds = spec.zeroPageSeconds ?? 0;
    this.latencyConvention = latencyConvention;
    // the spec and capSemantics were checked by createLink
    this.#live = phaseRate(spec, "live", capSemantics);
    this.#final = phaseRate(spec, "stop-and-copy", capSemantics);
    this.#pull = phaseRate(spec, "pull", capSemantics);
    this.#zero = zeroPages;
    this.liveCapped = (spec.maxBandwidthBytesPerSecond ?? Infinity) < spec.bandwidthBytesPerSecond;
    this.#perMessage = latencyConvention === "per-message" ? this.latencySeconds : 0;
  }

  bytesPerSecond(phase: LinkPhase): number {
    return phase === "live" ? this.#live : phase === "stop-and-copy" ? this.#final : this.#pull;
  }

  sendPages(phase: LinkPhase, pages: Bitset | undefined, count: number): PageBatch {
    return this.sendCounted(phase, count, countZeroPages(pages, count, this.#zero));
  }

  sendCounted(phase: LinkPhase, count: number, zero: number): PageBatch {
    const bytes = accountPageBatch(
      this.totals,
      phase,
      count,
      zero,
      this.pageWireBytes,
      this.zeroPageWireBytes,
    );
    return {
      bytes,
      seconds: bytes / this.bytesPerSecond(phase) + zero * this.zeroPageSeconds +
        this.#perMessage,
      zeroPages: zero,
    };
  }

  sendMessage(phase: LinkPhase, bytes: number): number {
    accountPhaseBytes(this.totals, phase, bytes);
    return bytes / this.bytesPerSecond(phase) + this.#perMessage;
  }

  transferSeconds(phase: LinkPhase, bytes: number): number {
    return bytes / this.bytesPerSecond(phase) + this.#perMessage;
  }
}

/**
 * Creates the fixed-rate link of one migration from a link spec: page batches cost
 * `pageSizeBytes + pageOverheadBytes` per page (a zero page, per
 * `settings.zeroPages`, costs `pageOverheadBytes`), the live phase and the pull send
 * at `min(bandwidth, cap)`, the stop-and-copy at the rate {@link CapSemantics}
 * gives, and latency is paid per {@link LatencyConvention}.
 *
 * @param spec The link spec (validated here).
 * @param pageSizeBytes Bytes per page of the VM.
 * @param settings Cap semantics, latency convention and the zero-page set.
 * @returns A link that counts what it carries.
 *
 * @example Two page batches and the state, counted per phase
 * ```ts
 * import { createBitset, createLink } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const zero = createBitset(8);
 * zero.set(0);
 * const link = createLink({ bandwidthBytesPerSecond: 1e6, pageOverheadBytes: 8 }, 4096, {
 *   zeroPages: zero,
 * });
 * const all = createBitset(8);
 * all.fill();
 * const batch = link.sendPages("live", all, 8);
 * assert.equal(batch.bytes, 7 * 4104 + 8);
 * assert.equal(batch.zeroPages, 1);
 * link.sendMessage("stop-and-copy", 1000);
 * assert.deepEqual(link.totals, {
 *   liveBytes: 28736, stopAndCopyBytes: 1000, pullBytes: 0, pagesSent: 8, zeroPagesSent: 1,
 * });
 * ```
 */
export function createLink(
  spec: LinkSpec,
  pageSizeBytes: number,
  settings: LinkSettings = {},
): MigrationLink {
  validateLink(spec);
  // checks of their own (every migration and closed form builds a link): the messages come
  // from the shared checks, called only to name what is wrong
  object("migrate", "settings", settings);
  for (const key in settings) {
    if (!LINK_SETTINGS.includes(key)) checkOptions("migrate", "settings", settings, LINK_SETTINGS);
  }
  const { capSemantics, latencyConvention, zeroPagePayloadBytes } = settings;
  if (
    capSemantics !== undefined && capSemantics !== "all-phases" && capSemantics !== "live-only"
  ) {
    oneOf("migrate", "settings.capSemantics", capSemantics, ["all-phases", "live-only"]);
  }
  if (
    latencyConvention !== undefined && latencyConvention !== "final-arrival" &&
    latencyConvention !== "per-message"
  ) {
    oneOf("migrate", "settings.latencyConvention", latencyConvention, [
      "final-arrival",
      "per-message",
    ]);
  }
  if (zeroPagePayloadBytes !== undefined) {
    nonNegative("migrate", "settings.zeroPagePayloadBytes", zeroPagePayloadBytes);
  }
  return new FixedRateLink(spec, pageSizeBytes, settings);
}

/** {@link LinkSettings}' names. */
const LINK_SETTINGS = optionNames<LinkSettings>({
  capSemantics: 0,
  latencyConvention: 0,
  zeroPages: 0,
  zeroPagePayloadBytes: 0,
});
