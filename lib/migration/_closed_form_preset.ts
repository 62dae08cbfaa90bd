/**
 * Which presets the closed forms follow. Internal: not re-exported from `mod.ts`.
 *
 * The closed forms follow presets that switch over at the end of a round without
 * skipping pages (`"default"`, `"xen"`, or custom presets of that kind): their stop
 * rules, cap semantics and latency (paid once). They refuse the others with an
 * error naming `options.preset`: QEMU's mid-pass switch-over, Xen's skipping of
 * re-dirtied pages and SimGrid's stages have no closed form here.
 *
 * @module
 */
import type { CapSemantics } from "./link.ts";
import { type MigrationPreset, type PresetName, resolvePreset } from "./presets.ts";
import type { StopRule } from "./stop_rules.ts";

/** Resolves a preset for a closed form, or throws naming `options.preset`. */
export function closedFormPreset(
  action: string,
  preset: PresetName | MigrationPreset | undefined,
  stopRules?: readonly StopRule[],
): MigrationPreset & { capSemantics: CapSemantics } {
  const p = resolvePreset(preset, stopRules);
  if (
    p.switchover !== "end-of-round" || p.skipRedirtied || p.latencyConvention !== "final-arrival"
  ) {
    throw new TypeError(
      `Cannot ${action} as options.preset "${p.name}" has no closed form (switchover ${p.switchover}, skipRedirtied ${p.skipRedirtied}, latency ${p.latencyConvention}); use fidelity "page"`,
    );
  }
  return p;
}
