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
}
