import { knownKeys, object, oneOf, show } from "../_validate.ts";
import { CLOSED_FORM_OPTION_NAMES, MIGRATE_OPTION_NAMES, pickOptions } from "./_option_names.ts";
import { closedForm, type ClosedFormOptions } from "./closed_form.ts";
import type { HybridOptions } from "./hybrid.ts";
import { simulateHybrid } from "./hybrid.ts";
import type { LinkSpec } from "./link_spec.ts";
import { type OfflineOptions, simulateOffline } from "./offline.ts";
import { type PostCopyOptions, simulatePostCopy } from "./post_copy.ts";
import { type PreCopyOptions, simulatePreCopy } from "./pre_copy.ts";
import type { Fidelity, MigrationResult, TechniqueName } from "./result.ts";
import { QEMU_STOP_RULES, XEN_STOP_RULES } from "./stop_rules.ts";
import {
  simulateTimeSeriesPreCopy,
  type TimeSeriesPreCopyOptions,
} from "./time_series_pre_copy.ts";
import type { VmSpec } from "./vm_spec.ts";

/** Options of {@link migrate}: the technique, the fidelity, and that technique's options. */
export type MigrateOptions =
  & (
    | ({ technique: "offline" } & OfflineOptions)
    | ({ technique: "pre-copy" } & PreCopyOptions)
    | ({ technique: "time-series-pre-copy" } & TimeSeriesPreCopyOptions)
    | ({ technique: "post-copy" } & PostCopyOptions)
    | ({ technique: "hybrid" } & HybridOptions)
  )
  & {
    /**
     * `"page"` runs the page-level simulator; `"closed-form"` the analytic model
     * (offline, pre-copy and post-copy with active push only).
     * @default {"page"}
     */
    fidelity?: Fidelity;
  };

/** Each technique's options, by technique name. */
export interface TechniqueOptionsMap {
  /** Options of `simulateOffline`. */
  "offline": OfflineOptions;
  /** Options of `simulatePreCopy`. */
  "pre-copy": PreCopyOptions;
  /** Options of `simulateTimeSeriesPreCopy`. */
  "time-series-pre-copy": TimeSeriesPreCopyOptions;
  /** Options of `simulatePostCopy`. */
  "post-copy": PostCopyOptions;
  /** Options of `simulateHybrid`. */
  "hybrid": HybridOptions;
}

/** A technique as a function of the common signature, typed by its options. */
export type TechniqueFunction<K extends TechniqueName = TechniqueName> = (
  vm: VmSpec,
  link: LinkSpec,
  options: TechniqueOptionsMap[K],
) => MigrationResult;

/**
 * Every technique by name: the typed registry that sweeps and studies call. Every
 * technique's options extend `BaseMigrationOptions` (seed, label, preset, checked,
 * setupSeconds, resumeSeconds).
 */
export const TECHNIQUES: { readonly [K in TechniqueName]: TechniqueFunction<K> } = Object.freeze({
  "offline": simulateOffline,
  "pre-copy": simulatePreCopy,
  "time-series-pre-copy": simulateTimeSeriesPreCopy,
  "post-copy": simulatePostCopy,
  "hybrid": simulateHybrid,
});

/**
 * Runs the named technique from the registry with its typed options.
 *
 * @param technique The technique.
 * @param vm The VM to migrate.
 * @param link The link it crosses.
 * @param options That technique's options.
 * @returns The migration result.
 *
 * @example
 * ```ts
 * import { runTechnique } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const r = runTechnique("offline",
 *   { pageCount: 16, pageSizeBytes: 4096, stateBytes: 0, workload: { kind: "idle" } },
 *   { bandwidthBytesPerSecond: 65536 }, { seed: 1 });
 * assert.equal(r.totalSeconds, 1);
 * ```
 */
export function runTechnique<K extends TechniqueName>(
  technique: K,
  vm: VmSpec,
  link: LinkSpec,
  options: TechniqueOptionsMap[K],
): MigrationResult {
  oneOf("run a technique", "technique", technique, TECHNIQUE_NAMES);
  const run: TechniqueFunction<K> = TECHNIQUES[technique];
  return run(vm, link, options);
}

/** Technique names, in documentation order. */
export const TECHNIQUE_NAMES: readonly TechniqueName[] = Object.freeze(
  Object.keys(TECHNIQUES) as TechniqueName[],
);

/**
 * Migrates a VM with the named technique: one entry point for every technique and
 * both fidelities.
 *
 * @param vm The VM to migrate.
 * @param link The link it crosses.
 * @param options The technique, seed, fidelity and technique options.
 * @returns The migration result.
 *
 * @example Pre-copy beats offline on downtime for a lightly loaded VM
 * ```ts
 * import { migrate } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const vm = { pageCount: 65536, pageSizeBytes: 4096, stateBytes: 65536,
 *   workload: { kind: "uniform" as const, writesPerSecond: 1000 } };
 * const link = { bandwidthBytesPerSecond: 125e6, latencySeconds: 1e-4 };
 * const off = migrate(vm, link, { technique: "offline", seed: 1 });
 * const pre = migrate(vm, link, { technique: "pre-copy", seed: 1 });
 * assert.ok(pre.downtimeSeconds < off.downtimeSeconds / 10);
 * assert.ok(pre.totalSeconds > off.totalSeconds);
 * ```
 */
export function migrate(
  vm: VmSpec,
  link: LinkSpec,
  options: MigrateOptions,
): MigrationResult {
  object("migrate", "options", options);
  oneOf(
    "migrate",
    "options.technique",
    options.technique,
    TECHNIQUE_NAMES,
  );
  const fidelity = oneOf(
    "migrate",
    "options.fidelity",
    options.fidelity === undefined ? "page" : options.fidelity,
    [
      "page",
      "closed-form",
    ] as const,
  );
  const seed: unknown = options.seed;
  if (typeof seed === "number" ? !Number.isFinite(seed) : typeof seed !== "string") {
    throw new TypeError(
      `Cannot migrate as options.seed must be a string or a finite number: current value is ${
        show(seed)
      }`,
    );
  }
  if (options.label !== undefined && typeof options.label !== "string") {
    throw new TypeError(
      `Cannot migrate as options.label must be a string: current value is ${show(options.label)}`,
    );
  }
  // the technique's own options; under the closed form those of the closed forms too (the
  // technique's page-level options, such as the sampler, mean nothing there and are dropped)
  knownKeys(
    "migrate",
    "options",
    options as unknown as Record<string, unknown>,
    MIGRATE_OPTION_NAMES[options.technique][fidelity],
  );
  const { fidelity: _f, technique: _t, ...rest } = options;
  if (fidelity === "closed-form") {
    // The closed form checks the options it reads (e.g. `model`, or post-copy's fetch
    // "demand", rejected by name).
    const cf = { ...pickOptions(rest, CLOSED_FORM_OPTION_NAMES), technique: options.technique };
    return closedForm(vm, link, cf as ClosedFormOptions);
  }
  switch (options.technique) {
    case "offline":
      return runTechnique("offline", vm, link, rest as OfflineOptions);
    case "pre-copy":
      return runTechnique("pre-copy", vm, link, rest as PreCopyOptions);
    case "time-series-pre-copy":
      return runTechnique("time-series-pre-copy", vm, link, rest as TimeSeriesPreCopyOptions);
    case "post-copy":
      return runTechnique("post-copy", vm, link, rest as PostCopyOptions);
    case "hybrid":
      return runTechnique("hybrid", vm, link, rest as HybridOptions);
  }
}

/** A named technique configuration, as compared by studies. */
export interface TechniqueVariant {
  /** Name shown in tables and figures. */
  label: string;
  /** The technique and its options (everything but the seed), one member of {@link MigrateOptions}. */
  options: MigrateOptions extends infer T ? T extends unknown ? Omit<T, "seed"> : never : never;
}

/**
 * The technique variants a default study compares: offline; pre-copy with QEMU's
 * and Xen's stop rules; time-series pre-copy; post-copy with active push and with
 * prepaging; hybrid (one pre-copy round, then post-copy with prepaging).
 *
 * `pre-copy/qemu` and `pre-copy/xen` are the stop rules alone (`QEMU_STOP_RULES`,
 * `XEN_STOP_RULES`: the classic 29 rounds, 3x memory, under 50 dirty pages) on the
 * default preset's end-of-round model, not the `"qemu"` and `"xen"` presets, which also
 * follow those hypervisors' switch-over, cap and round rules (the `"xen"` preset is
 * today's Xen: 5 iterations). For a hypervisor's own behaviour, add a variant with
 * `preset: "qemu"` or `"xen"`.
 */
export const DEFAULT_TECHNIQUE_VARIANTS: readonly TechniqueVariant[] = Object
  .freeze([
    { label: "offline", options: { technique: "offline" } },
    {
      label: "pre-copy/qemu",
      options: { technique: "pre-copy", stopRules: QEMU_STOP_RULES },
    },
    {
      label: "pre-copy/xen",
      options: { technique: "pre-copy", stopRules: XEN_STOP_RULES },
    },
    {
      label: "time-series-pre-copy",
      options: {
        technique: "time-series-pre-copy",
        stopRules: QEMU_STOP_RULES,
      },
    },
    {
      label: "post-copy/active-push",
      options: { technique: "post-copy", fetch: "active-push" },
    },
    {
      label: "post-copy/prepaging",
      options: { technique: "post-copy", fetch: "prepaging" },
    },
    {
      label: "hybrid",
      options: { technique: "hybrid", preCopyRounds: 1, fetch: "prepaging" },
    },
  ]);
