import type { Seed } from "../random/prng.ts";
import type { MigrationMechanisms } from "./mechanisms.ts";
import type { MigrationPreset, PresetName } from "./presets.ts";

/**
 * Options every technique takes (offline, pre-copy, time-series pre-copy,
 * post-copy, hybrid); each technique's own options extend these.
 */
export interface BaseMigrationOptions {
  /** Seed of the run; the workload draws from stream `(seed, "workload")`. */
  seed: Seed;
  /**
   * Label of the variant in results.
   * @default {the technique's name, or `post-copy/${fetch}` for post-copy}
   */
  label?: string;
  /**
   * Fidelity preset: a name from `PRESETS` or a preset object (see
   * `MigrationPreset`). `"default"` is the engine as it was before presets.
   * @default {"default"}
   */
  preset?: PresetName | MigrationPreset;
  /**
   * Checked mode: track which pages at the destination are stale and throw when the
   * migration ends with a stale page (the destination must hold the latest version
   * of every page it claims to have). For tests; costs a bitset operation per batch.
   * The `"simgrid"` preset models bytes, not pages, and is not checked.
   * @default {false}
   */
  checked?: boolean;
  /**
   * Seconds of setup before the first byte is sent (QEMU's `setup-time`).
   * @default {the preset's `setupSeconds` (0)}
   */
  setupSeconds?: number;
  /**
   * Seconds from the last byte of the stop-and-copy landing to the VM running at the
   * destination; added to downtime and total.
   * @default {the preset's `resumeSeconds` (0)}
   */
  resumeSeconds?: number;
  /**
   * Mechanisms of real hypervisors and controllers (auto-converge, dirty-limit,
   * switch to post-copy, multifd, compression, XBZRLE, controller, secure transport,
   * dirty-logging overhead); see `MigrationMechanisms`. What they did and cost is in
   * `result.mechanisms`.
   * @default {none}
   */
  mechanisms?: MigrationMechanisms;
}
