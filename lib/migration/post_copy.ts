// PLACEHOLDER written by the lead so mod.ts type-checks; helper B replaces this whole file.
import type { Seed } from "../random/prng.ts";
import type { LinkSpec } from "./link_spec.ts";
import type { MigrationResult } from "./result.ts";
import type { VmSpec } from "./vm_spec.ts";

/** Options of simulatePostCopy. */
export interface PostCopyOptions {
  /** Seed. */
  seed: Seed;
  /** Fetch variant. */
  fetch?: "demand" | "active-push" | "prepaging";
  /** Cap. */
  maxSeconds?: number;
  /** Label. */
  label?: string;
}

/** Placeholder. */
export function simulatePostCopy(
  _vm: VmSpec,
  _link: LinkSpec,
  _options: PostCopyOptions,
): MigrationResult {
  throw new Error("post-copy is not written yet");
}
