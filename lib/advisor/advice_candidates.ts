import type { DistributiveOmit, MigrateOptions } from "../migration/migrate.ts";
import { PRESETS } from "../migration/presets.ts";
import { type StopRule, XEN_STOP_RULES } from "../migration/stop_rules.ts";

/**
 * One setting the advisor may recommend: a technique with its options, as plain
 * data. New mechanisms plug in as new entries (their options in `options`).
 */
export interface AdviceCandidate {
  /** Name shown in the ranking, e.g. `pre-copy/qemu/downtime=300ms`. */
  label: string;
  /** The technique and its options (everything but the seed and fidelity). */
  options: DistributiveOmit<MigrateOptions, "seed" | "fidelity">;
  /**
   * Skip the closed-form pruning and always confirm at page level: for options the
   * closed forms do not model (e.g. a mechanism they ignore), whose estimate would
   * mislead.
   * @default {false}
   */
  alwaysConfirm?: boolean;
}

/** Downtime targets (seconds) the advisor tries as stop-rule knobs, besides the goal's own. */
export const ADVICE_DOWNTIME_KNOBS_SECONDS: readonly number[] = Object.freeze([0.03, 0.1, 0.3, 1]);

/** Push rounds the advisor tries for hybrid migration. */
export const ADVICE_HYBRID_ROUNDS: readonly number[] = Object.freeze([1, 2, 3]);

/**
 * Every technique and setting the advisor weighs, as data: offline; pre-copy with
 * the default preset (downtime targets, and Xen's rules), with the `qemu` preset
 * (mid-pass switch-over, each downtime target) and the `xen` preset; time-series
 * pre-copy (each downtime target); post-copy with demand paging, active push and
 * prepaging; hybrid after 1-3 push rounds, with active push or prepaging.
 *
 * Downtime targets are {@link ADVICE_DOWNTIME_KNOBS_SECONDS} plus the goal's
 * maximum downtime, if any. Pre-copy with the default preset also stops after 30
 * rounds (QEMU_STOP_RULES' cap).
 *
 * @param maxDowntimeSeconds The goal's maximum downtime, added to the targets.
 * @returns The candidates, in a fixed order.
 *
 * @example The goal's downtime becomes a knob
 * ```ts
 * import { adviceCandidates } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const labels = adviceCandidates(0.05).map((c) => c.label);
 * assert.ok(labels.includes("pre-copy/qemu/downtime=50ms"));
 * assert.ok(labels.includes("post-copy/prepaging"));
 * assert.equal(new Set(labels).size, labels.length);
 * ```
 */
export function adviceCandidates(maxDowntimeSeconds?: number): AdviceCandidate[] {
  const knobs = [...ADVICE_DOWNTIME_KNOBS_SECONDS];
  if (
    maxDowntimeSeconds !== undefined && Number.isFinite(maxDowntimeSeconds) &&
    maxDowntimeSeconds > 0 && !knobs.includes(maxDowntimeSeconds)
  ) {
    knobs.push(maxDowntimeSeconds);
  }
  knobs.sort((a, b) => a - b);
  const ms = (s: number) => `${Math.round(s * 1e6) / 1e3}ms`;
  const downtime = (s: number): StopRule => ({ kind: "max-downtime", seconds: s });
  const out: AdviceCandidate[] = [{ label: "offline", options: { technique: "offline" } }];
  for (const s of knobs) {
    out.push({
      label: `pre-copy/default/downtime=${ms(s)}`,
      options: {
        technique: "pre-copy",
        stopRules: [downtime(s), { kind: "max-rounds", rounds: 30 }],
      },
    });
  }
  out.push({
    label: "pre-copy/default/xen-rules",
    options: { technique: "pre-copy", stopRules: XEN_STOP_RULES },
  });
  for (const s of knobs) {
    out.push({
      label: `pre-copy/qemu/downtime=${ms(s)}`,
      options: { technique: "pre-copy", preset: { ...PRESETS.qemu, stopRules: [downtime(s)] } },
    });
  }
  out.push({ label: "pre-copy/xen", options: { technique: "pre-copy", preset: "xen" } });
  for (const s of knobs) {
    out.push({
      label: `time-series-pre-copy/downtime=${ms(s)}`,
      options: {
        technique: "time-series-pre-copy",
        stopRules: [downtime(s), { kind: "max-rounds", rounds: 30 }],
      },
    });
  }
  for (const fetch of ["demand", "active-push", "prepaging"] as const) {
    out.push({ label: `post-copy/${fetch}`, options: { technique: "post-copy", fetch } });
  }
  for (const rounds of ADVICE_HYBRID_ROUNDS) {
    for (const fetch of ["active-push", "prepaging"] as const) {
      out.push({
        label: `hybrid/${rounds}-round${rounds > 1 ? "s" : ""}/${fetch}`,
        options: { technique: "hybrid", preCopyRounds: rounds, fetch },
      });
    }
  }
  return out;
}
