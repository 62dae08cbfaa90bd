import type { WorkloadSpec } from "../workload/spec.ts";

/**
 * A virtual machine as the migration engine sees it: its memory pages, the small
 * vCPU and device state, and what it does while it migrates. Storage is assumed to
 * be on shared network storage and is not moved (review, section 4).
 */
export interface VmSpec {
  /** Number of memory pages (integer >= 1). */
  pageCount: number;
  /** Bytes per page (integer >= 1), typically 4096. */
  pageSizeBytes: number;
  /** vCPU registers and device state sent while the VM is paused (bytes >= 0). */
  stateBytes: number;
  /** How the VM touches its pages. */
  workload: WorkloadSpec;
}

/** Default page size: 4 KiB. */
export const DEFAULT_PAGE_SIZE_BYTES = 4096;

/** Default vCPU and device state: 256 KiB. */
export const DEFAULT_STATE_BYTES = 262144;
