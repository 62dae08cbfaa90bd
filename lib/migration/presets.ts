import {
  integer,
  nonNegative,
  object,
  oneOf,
  optionNames,
  positive,
  requiredOptions,
  show,
} from "../_validate.ts";
import type { CapSemantics, LatencyConvention } from "./link.ts";
import { type StopRule, validateStopRules } from "./stop_rules.ts";

/**
 * When the push phase may switch over to the stop-and-copy:
 *
 * - `"end-of-round"`: the stop rules are checked after each push round (the
 *   dirty-log model of Clark et al. 2005 and Xen).
 * - `"mid-pass"` (QEMU): the pending estimate, the pages still dirty in the bitmap
 *   including the unsent rest of the current pass, is compared with the measured
 *   bandwidth x downtime limit after every iteration step; under it the bitmap is
 *   synced and, if still under, the guest stops (`migration_iteration_run` in
 *   `migration/migration.c`, `ram_state_pending_estimate` /
 *   `ram_state_pending_exact` in `migration/ram.c`).
 * - `"simgrid-stages"`: SimGrid's byte-level model (stage 1 sends the whole RAM,
 *   stage 2 re-sends the updated bytes while they exceed bandwidth x 30 ms, stage 3
 *   stops the VM; `MigrationTx::operator()` in `src/plugins/vm/VmLiveMigration.cpp`).
 */
export type SwitchoverTiming = "end-of-round" | "mid-pass" | "simgrid-stages";

/**
 * A fidelity preset: how one real system decides, times and charges a migration.
 * A plain object; `PRESETS` holds the built-in ones and a custom object of this
 * shape may be passed as `options.preset`.
 */
export interface MigrationPreset {
  /** Name reported in results. */
  name: string;
  /** Pre-copy stop rules (for `"mid-pass"`: one `max-downtime` rule, the downtime limit). */
  stopRules: readonly StopRule[];
  /** When the switch-over is decided (see {@link SwitchoverTiming}). */
  switchover: SwitchoverTiming;
  /** Which phases the bandwidth cap binds. */
  capSemantics: CapSemantics;
  /** When latency is paid. */
  latencyConvention: LatencyConvention;
  /**
   * Xen's `xc_domain_save`: a page due in a live round is skipped when the guest has
   * already dirtied it again in the same round (it goes out next round), checked
   * before every batch of `batchPages`; the 50-page rule then counts the pages sent
   * plus skipped in the last round.
   */
  skipRedirtied: boolean;
  /** Pages per batch (Xen's `MAX_BATCH_SIZE`, 1024), for `skipRedirtied`. */
  batchPages: number;
  /** `"mid-pass"`: window over which bandwidth is measured (QEMU's `BUFFER_DELAY`, 100 ms). */
  bandwidthWindowSeconds: number;
  /** `"mid-pass"`: longest iteration step between two pending checks (QEMU's `MAX_WAIT`, 50 ms). */
  iterationSeconds: number;
  /** `"simgrid-stages"`: working set as a fraction of memory; bytes re-sent per round are capped at it. */
  workingSetFraction: number;
  /** Bytes a zero page carries after its header (QEMU: 1). */
  zeroPagePayloadBytes: number;
  /** Seconds of migration setup before the first page is sent (VM runs). */
  setupSeconds: number;
  /** Seconds from the arrival of the last byte to the VM running at the destination. */
  resumeSeconds: number;
  /** Where each value comes from: field name to repository and file. */
  sources: Readonly<Record<string, string>>;
}

/** Names of the built-in presets. */
export type PresetName = "default" | "qemu" | "xen" | "xen-legacy" | "simgrid";

const QEMU_MIGRATION = "github.com/qemu/qemu migration/migration.c";
const QEMU_RAM = "github.com/qemu/qemu migration/ram.c";
const QEMU_OPTIONS = "github.com/qemu/qemu migration/options.c";
const XEN_SAVE = "github.com/xen-project/xen tools/libs/guest/xg_sr_save.c";
const XEN_LEGACY = "github.com/xen-project/xen tools/libxc/xc_domain_save.c (removed 2017)";
const SIMGRID_MIG = "github.com/simgrid/simgrid src/plugins/vm/VmLiveMigration.cpp";
const SIMGRID_DP = "github.com/simgrid/simgrid src/plugins/vm/dirty_page_tracking.cpp";

const COMMON = {
  skipRedirtied: false,
  batchPages: 1024,
  bandwidthWindowSeconds: 0.1,
  iterationSeconds: 0.05,
  workingSetFraction: 1,
  zeroPagePayloadBytes: 0,
  setupSeconds: 0,
  resumeSeconds: 0,
} as const;

/** Today's engine: QEMU's 300 ms rule checked after each round, a 30-round cap, cap on every phase, latency once. */
export const DEFAULT_PRESET: MigrationPreset = Object.freeze({
  ...COMMON,
  name: "default",
  stopRules: Object.freeze([
    Object.freeze({ kind: "max-downtime", seconds: 0.3 }),
    Object.freeze({ kind: "max-rounds", rounds: 30 }),
  ]) as readonly StopRule[],
  switchover: "end-of-round",
  capSemantics: "all-phases",
  latencyConvention: "final-arrival",
  sources: Object.freeze({
    stopRules: "QEMU's downtime-limit default (300 ms), " + QEMU_OPTIONS +
      "; the 30-round cap is the engine's own",
  }),
});

/**
 * QEMU (7.2 to current): mid-pass switch-over, measured bandwidth, cap lifted at
 * completion, zero pages as header + 1 byte. Pass `link.pageOverheadBytes: 8` for
 * QEMU's page header. Another `downtime-limit` is another `max-downtime` rule.
 *
 * @example A 100 ms downtime limit and a measured setup time
 * ```ts
 * import { QEMU_PRESET, simulatePreCopy } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const preset = {
 *   ...QEMU_PRESET,
 *   stopRules: [{ kind: "max-downtime" as const, seconds: 0.1 }],
 *   setupSeconds: 0.015,
 * };
 * const r = simulatePreCopy(
 *   { pageCount: 1000, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" } },
 *   { bandwidthBytesPerSecond: 1e8, pageOverheadBytes: 8 },
 *   { seed: 1, preset },
 * );
 * assert.equal(r.preset, "qemu");
 * assert.equal(r.setupSeconds, 0.015);
 * ```
 */
export const QEMU_PRESET: MigrationPreset = Object.freeze({
  ...COMMON,
  name: "qemu",
  stopRules: Object.freeze([
    Object.freeze({ kind: "max-downtime", seconds: 0.3 }),
  ]) as readonly StopRule[],
  switchover: "mid-pass",
  capSemantics: "live-only",
  latencyConvention: "final-arrival",
  zeroPagePayloadBytes: 1,
  sources: Object.freeze({
    stopRules: "downtime-limit default 300 ms (DEFAULT_MIGRATE_SET_DOWNTIME), " + QEMU_OPTIONS,
    switchover: "migration_iteration_run, " + QEMU_MIGRATION +
      "; ram_state_pending_estimate / ram_state_pending_exact (bitmap sync), " + QEMU_RAM,
    capSemantics: "migration_completion_precopy: migration_rate_set(RATE_LIMIT_DISABLED), " +
      "postcopy_start: rate max-postcopy-bandwidth, " + QEMU_MIGRATION +
      "; DEFAULT_MIGRATE_MAX_POSTCOPY_BANDWIDTH 0 (unlimited), " + QEMU_OPTIONS,
    bandwidthWindowSeconds: "BUFFER_DELAY 100 ms in migration_update_counters, " +
      QEMU_MIGRATION,
    iterationSeconds: "MAX_WAIT 50 ms in ram_save_iterate, " + QEMU_RAM,
    zeroPagePayloadBytes: "save_zero_page_to_file: header, then one byte, " + QEMU_RAM,
    link: "pass link.pageOverheadBytes 8: save_page_header writes a be64 offset|flags " +
      "(plus the block name on a block's first page), " + QEMU_RAM,
  }),
});

/** Xen (4.10 on): stop after 5 live iterations or under 50 dirty pages. */
export const XEN_PRESET: MigrationPreset = Object.freeze({
  ...COMMON,
  name: "xen",
  stopRules: Object.freeze([
    Object.freeze({ kind: "dirty-pages-below", pages: 50 }),
    Object.freeze({ kind: "max-rounds", rounds: 5 }),
  ]) as readonly StopRule[],
  switchover: "end-of-round",
  capSemantics: "all-phases",
  latencyConvention: "final-arrival",
  sources: Object.freeze({
    stopRules: "simple_precopy_policy: SPP_MAX_ITERATIONS 5, SPP_TARGET_DIRTY_COUNT 50, " +
      XEN_SAVE,
  }),
});

/** Xen's older `xc_domain_save`: 29 rounds, 3x memory, under 50 pages, re-dirtied pages skipped. */
export const XEN_LEGACY_PRESET: MigrationPreset = Object.freeze({
  ...COMMON,
  name: "xen-legacy",
  stopRules: Object.freeze([
    Object.freeze({ kind: "dirty-pages-below", pages: 50 }),
    Object.freeze({ kind: "max-rounds", rounds: 29 }),
    Object.freeze({ kind: "max-bytes", memoryFactor: 3 }),
  ]) as readonly StopRule[],
  switchover: "end-of-round",
  capSemantics: "all-phases",
  latencyConvention: "final-arrival",
  skipRedirtied: true,
  sources: Object.freeze({
    stopRules: "DEF_MAX_ITERS 29, DEF_MAX_FACTOR 3, sent_this_iter + skip_this_iter < 50, " +
      XEN_LEGACY,
    skipRedirtied: "to_skip peeked (XEN_DOMCTL_SHADOW_OP_PEEK) before each batch, " + XEN_LEGACY,
    batchPages: "MAX_BATCH_SIZE 1024, " + XEN_LEGACY,
  }),
});

/** SimGrid's live-migration plugin (3.x): its byte-level stages, latency on every message. */
export const SIMGRID_PRESET: MigrationPreset = Object.freeze({
  ...COMMON,
  name: "simgrid",
  stopRules: Object.freeze([
    Object.freeze({ kind: "max-downtime", seconds: 0.03 }),
  ]) as readonly StopRule[],
  switchover: "simgrid-stages",
  capSemantics: "all-phases",
  latencyConvention: "per-message",
  workingSetFraction: 0.9,
  sources: Object.freeze({
    stopRules: "max_downtime default 0.03 s, " + SIMGRID_DP + " and " + SIMGRID_MIG,
    switchover: "MigrationTx::operator() stages 1-3, " + SIMGRID_MIG,
    latencyConvention: "sendMigrationData waits on each Comm; the stage-4 ack, " + SIMGRID_MIG,
    workingSetFraction: "sg_vm_create_migratable: working set = 90 % of ramsize, " +
      SIMGRID_MIG,
    link: "bandwidth and latency as one communication sees them: the platform's under " +
      "network/model:raw; LV08 (default) scales latency x 13.01 and bandwidth x 0.97, " +
      "github.com/simgrid/simgrid src/kernel/resource/models/network_cm02.cpp",
  }),
});

/** The built-in presets by name. */
export const PRESETS: Readonly<Record<PresetName, MigrationPreset>> = Object.freeze({
  "default": DEFAULT_PRESET,
  "qemu": QEMU_PRESET,
  "xen": XEN_PRESET,
  "xen-legacy": XEN_LEGACY_PRESET,
  "simgrid": SIMGRID_PRESET,
});

/** Built-in preset names, in documentation order. */
export const PRESET_NAMES: readonly PresetName[] = Object.freeze(
  Object.keys(PRESETS) as PresetName[],
);

const SWITCHOVERS: readonly SwitchoverTiming[] = ["end-of-round", "mid-pass", "simgrid-stages"];
const CAPS: readonly CapSemantics[] = ["all-phases", "live-only"];
const LATENCIES: readonly LatencyConvention[] = ["final-arrival", "per-message"];

/**
 * Resolves `options.preset` (a name, a preset object, or undefined for `"default"`)
 * against `options.stopRules`, checking every field. Stop rules given with a preset
 * other than `"default"` must equal the preset's own (change the preset object
 * instead); with `"default"` they replace its rules, as before presets existed.
 *
 * @param preset The preset name or object.
 * @param stopRules Stop rules given in the options, if any.
 * @returns The preset in force, with the stop rules to apply.
 *
 * @example Unknown names and contradictory stop rules are errors naming the field
 * ```ts
 * import { resolvePreset } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(resolvePreset("qemu").capSemantics, "live-only");
 * // deno-lint-ignore no-explicit-any
 * assert.throws(() => resolvePreset("vmware" as any), /options\.preset/);
 * assert.throws(
 *   () => resolvePreset("xen", [{ kind: "max-rounds", rounds: 29 }]),
 *   /options\.stopRules must be left out or equal preset "xen"'s own/,
 * );
 * ```
 */
export function resolvePreset(
  preset: PresetName | MigrationPreset | undefined,
  stopRules?: readonly StopRule[],
): MigrationPreset {
  const action = "migrate";
  let p: MigrationPreset;
  if (preset === undefined || typeof preset === "string") {
    p = PRESETS[oneOf(action, "options.preset", preset ?? "default", PRESET_NAMES)];
  } else {
    p = validatePreset(preset);
  }
  if (stopRules === undefined || stopRules === p.stopRules) return p;
  validateStopRules(stopRules);
  if (p.name === "default" && p === DEFAULT_PRESET) return { ...p, stopRules };
  if (JSON.stringify(stopRules) !== JSON.stringify(p.stopRules)) {
    throw new TypeError(
      `Cannot ${action} as options.stopRules must be left out or equal preset "${p.name}"'s own, ${
        show(p.stopRules)
      } (pass a preset object with the rules you want): current value is ${show(stopRules)}`,
    );
  }
  return p;
}

/** A preset's fields (a preset object of one's own must give each). */
const PRESET_FIELDS = optionNames<MigrationPreset>({
  name: 0,
  stopRules: 0,
  switchover: 0,
  capSemantics: 0,
  latencyConvention: 0,
  skipRedirtied: 0,
  batchPages: 0,
  bandwidthWindowSeconds: 0,
  iterationSeconds: 0,
  workingSetFraction: 0,
  zeroPagePayloadBytes: 0,
  setupSeconds: 0,
  resumeSeconds: 0,
  sources: 0,
});

/**
 * Checks a preset object field by field, throwing an error that names the field.
 *
 * @param preset The preset to check.
 * @returns The same preset.
 *
 * @example A mid-pass preset needs a downtime limit
 * ```ts
 * import { QEMU_PRESET, validatePreset } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.throws(
 *   () => validatePreset({ ...QEMU_PRESET, stopRules: [{ kind: "max-rounds", rounds: 3 }] }),
 *   /options\.preset\.stopRules must hold one max-downtime rule/,
 * );
 * ```
 */
export function validatePreset(preset: MigrationPreset): MigrationPreset {
  const action = "migrate";
  const at = "options.preset";
  requiredOptions(action, at, preset, PRESET_FIELDS);
  if (typeof preset.name !== "string" || preset.name === "") {
    throw new TypeError(
      `Cannot ${action} as ${at}.name must be a non-empty string: current value is ${
        show(preset.name)
      }`,
    );
  }
  validateStopRules(preset.stopRules);
  const sw = oneOf(action, `${at}.switchover`, preset.switchover, SWITCHOVERS);
  oneOf(action, `${at}.capSemantics`, preset.capSemantics, CAPS);
  oneOf(action, `${at}.latencyConvention`, preset.latencyConvention, LATENCIES);
  if (typeof preset.skipRedirtied !== "boolean") {
    throw new TypeError(
      `Cannot ${action} as ${at}.skipRedirtied must be a boolean: current value is ${
        show(preset.skipRedirtied)
      }`,
    );
  }
  integer(action, `${at}.batchPages`, preset.batchPages, 1);
  positive(action, `${at}.bandwidthWindowSeconds`, preset.bandwidthWindowSeconds);
  positive(action, `${at}.iterationSeconds`, preset.iterationSeconds);
  positive(action, `${at}.workingSetFraction`, preset.workingSetFraction);
  nonNegative(action, `${at}.zeroPagePayloadBytes`, preset.zeroPagePayloadBytes);
  if (preset.workingSetFraction > 1) {
    throw new RangeError(
      `Cannot ${action} as ${at}.workingSetFraction must be at most 1: current value is ${preset.workingSetFraction}`,
    );
  }
  nonNegative(action, `${at}.setupSeconds`, preset.setupSeconds);
  nonNegative(action, `${at}.resumeSeconds`, preset.resumeSeconds);
  object(action, `${at}.sources`, preset.sources);
  if (sw !== "end-of-round") {
    const limits = preset.stopRules.filter((r) => r.kind === "max-downtime");
    const others = preset.stopRules.filter((r) =>
      r.kind !== "max-downtime" && r.kind !== "max-rounds"
    );
    if (limits.length !== 1 || others.length > 0) {
      throw new TypeError(
        `Cannot ${action} as ${at}.stopRules must hold one max-downtime rule (and at most a max-rounds cap) when ${at}.switchover is "${sw}": current value is ${
          show(preset.stopRules)
        }`,
      );
    }
  }
  if (sw === "simgrid-stages" && preset.latencyConvention !== "per-message") {
    throw new TypeError(
      `Cannot ${action} as ${at}.latencyConvention must be "per-message" when ${at}.switchover is "simgrid-stages": current value is ${
        show(preset.latencyConvention)
      }`,
    );
  }
  return preset;
}

/**
 * The downtime limit of a preset's `max-downtime` rule, seconds (Infinity if none).
 *
 * @param preset The preset.
 * @returns Seconds.
 *
 * @example
 * ```ts
 * import { presetDowntimeLimitSeconds, QEMU_PRESET, SIMGRID_PRESET } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(presetDowntimeLimitSeconds(QEMU_PRESET), 0.3);
 * assert.equal(presetDowntimeLimitSeconds(SIMGRID_PRESET), 0.03);
 * ```
 */
export function presetDowntimeLimitSeconds(preset: MigrationPreset): number {
  validatePreset(preset);
  for (const r of preset.stopRules) if (r.kind === "max-downtime") return r.seconds;
  return Infinity;
}

/**
 * The `max-rounds` cap of a preset, or `fallback`.
 *
 * @param preset The preset.
 * @param fallback Rounds when the preset has no cap.
 * @returns Rounds.
 *
 * @example
 * ```ts
 * import { presetMaxRounds, QEMU_PRESET, XEN_PRESET } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(presetMaxRounds(XEN_PRESET, 1000), 5);
 * assert.equal(presetMaxRounds(QEMU_PRESET, 1000), 1000);
 * ```
 */
export function presetMaxRounds(preset: MigrationPreset, fallback: number): number {
  validatePreset(preset);
  integer("read a preset's round cap", "fallback", fallback, 0);
  for (const r of preset.stopRules) if (r.kind === "max-rounds") return r.rounds;
  return fallback;
}
