// PLACEHOLDER: the lead replaces this file once lib/migration/_pull.ts exists.
import type { LinkSpec } from "./link_spec.ts";
import type { PostCopyOptions } from "./post_copy.ts";
import type { MigrationResult } from "./result.ts";
import type { VmSpec } from "./vm_spec.ts";

/** Options of simulateHybrid. */
export interface HybridOptions extends PostCopyOptions {
  /** Pre-copy rounds before switching to post-copy. */
  preCopyRounds?: number;
}

/** Placeholder. */
export function simulateHybrid(
  _vm: VmSpec,
  _link: LinkSpec,
  _options: HybridOptions,
): MigrationResult {
  throw new Error("hybrid is not written yet");
}
