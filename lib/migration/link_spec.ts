/**
 * The network path between source and destination host that carries a migration.
 *
 * A page costs `pageSizeBytes + pageOverheadBytes` on the wire; the link sends at
 * `min(bandwidthBytesPerSecond, maxBandwidthBytesPerSecond)` and every transfer
 * arrives `latencySeconds` after it was sent.
 */
export interface LinkSpec {
  /** Link bandwidth in bytes per second (> 0). */
  bandwidthBytesPerSecond: number;
  /**
   * One-way latency in seconds (>= 0).
   * @default {0}
   */
  latencySeconds?: number;
  /**
   * Protocol bytes added to every page sent (page number, headers) (>= 0).
   * @default {0}
   */
  pageOverheadBytes?: number;
  /**
   * Cap on the bandwidth the migration may use (like QEMU's `max-bandwidth`), > 0.
   * @default {Infinity}
   */
  maxBandwidthBytesPerSecond?: number;
  /**
   * Sender seconds spent per zero page to find that it is zero (>= 0), added to the
   * seconds of every batch that holds zero pages. QEMU reads a page whole before it
   * sends it as a zero page (`save_zero_page_to_file` calls `buffer_is_zero`,
   * `migration/ram.c`; `buffer_is_zero` stops at the first 64-byte block that is not zero,
   * `util/bufferiszero.c`, so a page that is not zero costs almost nothing): on a
   * fast link the scan, not the wire, sets the pace of a memory full of zero pages.
   * @default {0}
   */
  zeroPageSeconds?: number;
}
