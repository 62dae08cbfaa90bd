import { options as checkOptions } from "../_validate.ts";
import { checkCompression } from "./_compression_check.ts";
import {
  type CompressionOptions,
  MECHANISM_DEFAULTS,
  type MigrationMechanisms,
  POSTCOPY_AFTER_PRECOPY,
} from "../migration/mechanisms.ts";
import type { MigrateOptions } from "../migration/migrate.ts";
import { PRESETS } from "../migration/presets.ts";
import { type StopRule, XEN_STOP_RULES } from "../migration/stop_rules.ts";
import { formatBytes } from "../units/bytes.ts";

/**
 * One setting the advisor may recommend: a technique with its options, as plain
 * data. New mechanisms plug in as new entries (their options in `options`).
 */
export interface AdviceCandidate {
  /** Name shown in the ranking, e.g. `pre-copy/qemu/downtime=300ms`. */
  label: string;
  /** The technique and its options (everything but the seed and fidelity). */
  options: MigrateOptions extends infer T ? T extends unknown ? Omit<T, "seed" | "fidelity"> : never
    : never;
  /**
   * Skip the closed-form estimate and confirm at page level unless a lower bound
   * (the first pass) rules it out: for options the closed forms do not model
   * (e.g. XBZRLE), whose estimate would mislead.
   * @default {false}
   */
  alwaysConfirm?: boolean;
  /**
   * The mechanisms it turns on, in words with their settings (e.g. `auto-converge
   * 50/20+10..99 %`); empty when none.
   * @default {""}
   */
  settings?: string;
}

/** Options of {@link adviceCandidates}. */
export interface AdviceCandidatesOptions {
  /**
   * The VM's compressibility as zstd level 1 (QEMU's `multifd-zstd-level`) does on
   * its pages: ratio and CPU throughput, e.g. from `measureCompression` at the
   * pages' entropy. Without it no compression setting is weighed.
   */
  compression?: CompressionOptions;
}

/** Multifd channel counts the advisor tries (QEMU's default is 2). */
export const ADVICE_MULTIFD_CHANNELS: readonly number[] = Object.freeze([2, 4, 8]);

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
 * Mechanisms (pre-copy with the default preset, downtime target the goal's, else
 * QEMU's 300 ms `downtime-limit`, at most 30 rounds): auto-converge and
 * dirty-limit with QEMU's defaults ({@link MECHANISM_DEFAULTS}); the switch to
 * post-copy after the first pass (libvirt's `--postcopy-after-precopy`,
 * {@link POSTCOPY_AFTER_PRECOPY}); multifd with {@link ADVICE_MULTIFD_CHANNELS}
 * channels, and with zstd on each channel when `options.compression` gives the
 * VM's compressibility; XBZRLE with QEMU's 64 MiB cache (no closed form: always
 * confirmed at page level); and auto-converge with 4 multifd channels (with zstd
 * when given), the combination operators run.
 *
 * Downtime targets are {@link ADVICE_DOWNTIME_KNOBS_SECONDS} plus the goal's
 * maximum downtime, if any. Pre-copy with the default preset also stops after 30
 * rounds (QEMU_STOP_RULES' cap).
 *
 * @param maxDowntimeSeconds The goal's maximum downtime, added to the targets.
 * @param options The VM's compressibility (for the compression settings).
 * @returns The candidates, in a fixed order.
 * @throws {TypeError | RangeError} If `options.compression` has a missing or unknown field,
 *   an unknown algorithm, a ratio outside (0, 1] or a rate that is not a finite number > 0.
 *
 * @example The goal's downtime becomes a knob
 * ```ts
 * import { adviceCandidates } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const labels = adviceCandidates(0.05).map((c) => c.label);
 * assert.ok(labels.includes("pre-copy/qemu/downtime=50ms"));
 * assert.ok(labels.includes("post-copy/prepaging"));
 * assert.ok(labels.includes("pre-copy/auto-converge/downtime=50ms"));
 * assert.ok(labels.includes("pre-copy/postcopy-after-precopy"));
 * assert.equal(new Set(labels).size, labels.length);
 * ```
 *
 * @example With the VM's compressibility, multifd with zstd is weighed
 * ```ts
 * import { adviceCandidates } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const compression = { algorithm: "zstd" as const, ratio: 0.5, bytesPerSecondPerCore: 300e6 };
 * const c = adviceCandidates(undefined, { compression })
 *   .find((x) => x.label === "pre-copy/multifd=8+zstd/downtime=300ms")!;
 * assert.equal(c.settings, "multifd 8 channels, zstd-1 ratio 0.5 at 300 MB/s per core");
 * ```
 */
export function adviceCandidates(
  maxDowntimeSeconds?: number,
  options: AdviceCandidatesOptions = {},
): AdviceCandidate[] {
  const action = "list advice candidates";
  checkOptions(action, "options", options, ["compression"]);
  const { compression } = options;
  // copied into the candidates and their labels
  if (compression !== undefined) checkCompression(action, compression);
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
  out.push(...mechanismCandidates(maxDowntimeSeconds, options.compression));
  return out;
}

/** The mechanism settings (see {@link adviceCandidates}). */
function mechanismCandidates(
  maxDowntimeSeconds: number | undefined,
  compression: CompressionOptions | undefined,
): AdviceCandidate[] {
  const target = maxDowntimeSeconds !== undefined && Number.isFinite(maxDowntimeSeconds) &&
      maxDowntimeSeconds > 0
    ? maxDowntimeSeconds
    : QEMU_DOWNTIME_LIMIT_SECONDS;
  const at = `downtime=${Math.round(target * 1e6) / 1e3}ms`;
  const stopRules: StopRule[] = [
    { kind: "max-downtime", seconds: target },
    { kind: "max-rounds", rounds: 30 },
  ];
  const ac = MECHANISM_DEFAULTS.autoConverge;
  const dl = MECHANISM_DEFAULTS.dirtyLimit;
  const x = MECHANISM_DEFAULTS.xbzrle;
  const words = {
    autoConverge:
      `auto-converge ${ac.triggerThresholdPercent}/${ac.initialPercent}+${ac.incrementPercent}..${ac.maxPercent} %`,
    dirtyLimit: `dirty-limit ${mbps(dl.vcpuDirtyLimitBytesPerSecond)} per vCPU`,
    xbzrle: `XBZRLE cache ${formatBytes(x.cacheBytes)}`,
    multifd: (n: number) => `multifd ${n} channels`,
    zstd: (c: CompressionOptions) =>
      `${c.algorithm}-${MECHANISM_DEFAULTS.compressionLevel} ratio ${
        Math.round(c.ratio * 1000) / 1000
      } at ${mbps(c.bytesPerSecondPerCore)} per core`,
  };
  const pre = (
    name: string,
    mechanisms: MigrationMechanisms,
    settings: string,
    rules: StopRule[] | undefined = stopRules,
    alwaysConfirm = false,
  ): AdviceCandidate => ({
    label: `pre-copy/${name}`,
    options: {
      technique: "pre-copy",
      ...(rules === undefined ? {} : { stopRules: rules }),
      mechanisms,
    },
    settings,
    ...(alwaysConfirm ? { alwaysConfirm } : {}),
  });
  const out: AdviceCandidate[] = [
    pre(`auto-converge/${at}`, { autoConverge: true }, words.autoConverge),
    pre(`dirty-limit/${at}`, { dirtyLimit: true }, words.dirtyLimit),
    pre(
      "postcopy-after-precopy",
      { postCopySwitch: { ...POSTCOPY_AFTER_PRECOPY } },
      `post-copy after ${POSTCOPY_AFTER_PRECOPY.afterPasses} pass (active push)`,
      [{ kind: "max-downtime", seconds: target }],
    ),
  ];
  for (const n of ADVICE_MULTIFD_CHANNELS) {
    out.push(pre(`multifd=${n}/${at}`, { multifd: { channels: n } }, words.multifd(n)));
  }
  if (compression !== undefined) {
    for (const n of ADVICE_MULTIFD_CHANNELS) {
      out.push(
        pre(
          `multifd=${n}+${compression.algorithm}/${at}`,
          { multifd: { channels: n }, compression: { ...compression } },
          `${words.multifd(n)}, ${words.zstd(compression)}`,
        ),
      );
    }
  }
  out.push(pre(`xbzrle/${at}`, { xbzrle: true }, words.xbzrle, stopRules, true));
  out.push(
    pre(
      `auto-converge+multifd=4/${at}`,
      { autoConverge: true, multifd: { channels: 4 } },
      `${words.autoConverge}, ${words.multifd(4)}`,
    ),
  );
  if (compression !== undefined) {
    out.push(
      pre(
        `auto-converge+multifd=4+${compression.algorithm}/${at}`,
        { autoConverge: true, multifd: { channels: 4 }, compression: { ...compression } },
        `${words.autoConverge}, ${words.multifd(4)}, ${words.zstd(compression)}`,
      ),
    );
  }
  return out;
}

/** A rate in MB/s (10^6 bytes), one decimal, as QEMU states its rates. */
function mbps(bytesPerSecond: number): string {
  return `${Math.round(bytesPerSecond / 1e5) / 10} MB/s`;
}

/** QEMU's default `downtime-limit`, 300 ms (`DEFAULT_MIGRATE_SET_DOWNTIME`, migration/options.c). */
const QEMU_DOWNTIME_LIMIT_SECONDS = 0.3;
