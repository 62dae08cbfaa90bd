/**
 * A link seen through multifd, compression and an encrypted transport: the pages'
 * wire size and the CPU throughput of the sending threads. Internal: not
 * re-exported from `mod.ts`.
 *
 * Model: each of `channels` threads (QEMU's multifd send threads, one core each)
 * takes a page, packs it at `packBytesPerSecondPerChannel`, compresses it at
 * `bytesPerSecondPerCore` to `ratio` of its size, and encrypts the wire bytes at
 * `cipherBytesPerSecondPerCore`. The channels share the link: a batch lasts
 * `max(wire bytes / link rate, CPU time / channels)`. Zero pages are detected, not
 * compressed, and cost only their header and the sender's scan (`LinkSpec.zeroPageSeconds`),
 * added to the batch as on the plain link: the migration thread finds them before a page
 * goes to a channel (QEMU 7.2's `ram_save_target_page` calls `save_zero_page` before the
 * multifd path, `migration/ram.c`);
 * messages (state, deltas) go on the main channel, encrypted when the transport is.
 * With `multifd.packets` a page carries its share of a packet header instead of the
 * link's page header, and is counted uncompressed where QEMU 7.2 counts it so (the
 * CPU still compresses it).
 *
 * @module
 */
import type { Bitset } from "./bitset.ts";
import type { LinkPhase, LinkTotals, MigrationLink, PageBatch } from "./link.ts";
import type { ResolvedMechanisms } from "./mechanisms.ts";
import {
  accountPageBatch,
  accountPhaseBytes,
  countZeroPages,
  emptyLinkTotals,
} from "./_link_totals.ts";

/** Wraps `inner` when multifd, compression or secure transport is on; else returns it. */
export function mechanismLink(
  inner: MigrationLink,
  pageSizeBytes: number,
  m: ResolvedMechanisms | undefined,
  report: { cpuSeconds: number; cipherCpuSeconds: number },
): MigrationLink {
  if (m === undefined || (!m.multifd && !m.compression && !m.secureTransport)) return inner;
  return new MechanismLink(inner, pageSizeBytes, m, report);
}

class MechanismLink implements MigrationLink {
  readonly pageWireBytes: number;
  readonly zeroPageWireBytes: number;
  readonly zeroPageSeconds: number;
  readonly latencySeconds: number;
  readonly latencyConvention: MigrationLink["latencyConvention"];
  readonly liveCapped: boolean;
  readonly totals: LinkTotals;
  readonly #inner: MigrationLink;
  readonly #channels: number;
  /** CPU seconds (summed over cores) per non-zero page. */
  readonly #cpuPerPage: number;
  /** CPU seconds per wire byte of a message. */
  readonly #cpuPerMessageByte: number;
  readonly #perMessage: number;
  readonly #report: { cpuSeconds: number; cipherCpuSeconds: number };
  /** CPU seconds of the cipher per non-zero page. */
  readonly #cipherPerPage: number;

  constructor(
    inner: MigrationLink,
    pageSizeBytes: number,
    m: ResolvedMechanisms,
    report: { cpuSeconds: number; cipherCpuSeconds: number },
  ) {
    this.#inner = inner;
    this.#report = report;
    // Multifd packets replace the per-page header by a packet header shared by
    // `pages` pages; QEMU 7.2 charges them at their uncompressed size.
    const packets = m.multifd?.packets;
    const header = packets === undefined
      ? inner.pageWireBytes - pageSizeBytes
      : packets.headerBytes / packets.pages;
    const ratio = packets?.countsUncompressedBytes ? 1 : m.compression?.ratio ?? 1;
    this.pageWireBytes = header + pageSizeBytes * ratio;
    this.zeroPageWireBytes = inner.zeroPageWireBytes;
    this.zeroPageSeconds = inner.zeroPageSeconds ?? 0;
    this.latencySeconds = inner.latencySeconds;
    this.latencyConvention = inner.latencyConvention;
    this.liveCapped = inner.liveCapped;
    this.#channels = m.multifd?.channels ?? 1;
    const pack = m.multifd?.packBytesPerSecondPerChannel ?? Infinity;
    const comp = m.compression?.bytesPerSecondPerCore ?? Infinity;
    const cipher = m.secureTransport?.cipherBytesPerSecondPerCore ?? Infinity;
    this.#cpuPerPage = pageSizeBytes / pack + pageSizeBytes / comp + this.pageWireBytes / cipher;
    this.#cpuPerMessageByte = 1 / cipher;
    this.#cipherPerPage = this.pageWireBytes / cipher;
    this.#perMessage = inner.latencyConvention === "per-message" ? inner.latencySeconds : 0;
    this.totals = emptyLinkTotals();
  }

  bytesPerSecond(phase: LinkPhase): number {
    const link = this.#inner.bytesPerSecond(phase);
    if (this.#cpuPerPage === 0) return link;
    return Math.min(link, (this.#channels * this.pageWireBytes) / this.#cpuPerPage);
  }

  sendPages(phase: LinkPhase, pages: Bitset | undefined, count: number, at?: number): PageBatch {
    return this.sendCounted(phase, count, countZeroPages(pages, count, this.#zeroSet), at);
  }

  #zeroSet: Bitset | undefined;

  /** The workload's zero pages (set by the context). */
  setZeroPages(z: Bitset | undefined): void {
    this.#zeroSet = z;
  }

  sendCounted(phase: LinkPhase, count: number, zero: number, at?: number): PageBatch {
    const bytes = accountPageBatch(
      this.totals,
      phase,
      count,
      zero,
      this.pageWireBytes,
      this.zeroPageWireBytes,
    );
    const wireSeconds = this.#inner.sendMessage(phase, bytes, at);
    const cpu = (count - zero) * this.#cpuPerPage;
    this.#report.cpuSeconds += cpu;
    this.#report.cipherCpuSeconds += (count - zero) * this.#cipherPerPage;
    return {
      bytes,
      seconds: Math.max(wireSeconds, cpu / this.#channels + this.#perMessage) +
        zero * this.zeroPageSeconds,
      zeroPages: zero,
    };
  }

  sendMessage(phase: LinkPhase, bytes: number, at?: number): number {
    const wireSeconds = this.#inner.sendMessage(phase, bytes, at);
    const cpu = bytes * this.#cpuPerMessageByte;
    this.#report.cpuSeconds += cpu;
    this.#report.cipherCpuSeconds += cpu;
    accountPhaseBytes(this.totals, phase, bytes);
    return Math.max(wireSeconds, cpu + this.#perMessage);
  }

  /** Adds the CPU of `pages` non-zero pages and `messageBytes` of messages to `report`. */
  chargeCpu(
    pages: number,
    messageBytes: number,
    report: { cpuSeconds: number; cipherCpuSeconds: number },
  ): void {
    const messages = messageBytes * this.#cpuPerMessageByte;
    report.cpuSeconds += pages * this.#cpuPerPage + messages;
    report.cipherCpuSeconds += pages * this.#cipherPerPage + messages;
  }

  transferSeconds(phase: LinkPhase, bytes: number, at?: number): number {
    const wire = this.#inner.transferSeconds(phase, bytes, at);
    return Math.max(wire, bytes * this.#cpuPerMessageByte + this.#perMessage);
  }
}

/**
 * Adds to `report` the CPU a link made by {@link mechanismLink} spends on `pages` non-zero
 * pages and `messageBytes` bytes of messages, as its sends would (no-op for another link):
 * for closed forms, which charge the CPU once from their totals.
 */
export function chargeMechanismCpu(
  link: MigrationLink,
  pages: number,
  messageBytes: number,
  report: { cpuSeconds: number; cipherCpuSeconds: number },
): void {
  if (link instanceof MechanismLink) link.chargeCpu(pages, messageBytes, report);
}

/** Sets the zero-page set of a link made by {@link mechanismLink} (no-op otherwise). */
export function setMechanismZeroPages(link: MigrationLink, z: Bitset | undefined): void {
  if (link instanceof MechanismLink) link.setZeroPages(z);
}
