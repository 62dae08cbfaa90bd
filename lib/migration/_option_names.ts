/**
 * The option names each migration entry point takes, listed once per options type
 * (`optionNames` holds each list to its type): a misspelt option is refused by name instead of
 * leaving the option at its default. Internal.
 *
 * @module
 */
import { optionNames } from "../_validate.ts";
import type { BaseMigrationOptions } from "./base_options.ts";
import type { ClosedFormOptions } from "./closed_form.ts";
import type { ClosedFormOfflineOptions } from "./closed_form_offline.ts";
import type { ClosedFormPostCopyOptions } from "./closed_form_post_copy.ts";
import type { ClosedFormPreCopyOptions } from "./closed_form_pre_copy.ts";
import type { HybridOptions } from "./hybrid.ts";
import type { CompressionOptions } from "./mechanisms.ts";
import type { OfflineOptions } from "./offline.ts";
import type { PostCopyOptions } from "./post_copy.ts";
import type { PreCopyOptions } from "./pre_copy.ts";
import type { TechniqueName } from "./result.ts";
import type { TimeSeriesPreCopyOptions } from "./time_series_pre_copy.ts";

const BASE = {
  seed: 0,
  label: 0,
  preset: 0,
  checked: 0,
  setupSeconds: 0,
  resumeSeconds: 0,
  mechanisms: 0,
} as const satisfies Record<keyof BaseMigrationOptions, 0>;
const PRE_COPY = { ...BASE, stopRules: 0, maxWrites: 0, sampler: 0 } as const;
const POST_COPY = { ...BASE, fetch: 0, maxSeconds: 0, maxEvents: 0, sampler: 0 } as const;

/** The page-level techniques' options, by technique (`simulatePreCopy`'s, ...). */
export const TECHNIQUE_OPTION_NAMES: Readonly<Record<TechniqueName, readonly string[]>> = Object
  .freeze({
    "offline": optionNames<OfflineOptions>({ ...BASE, sampler: 0 }),
    "pre-copy": optionNames<PreCopyOptions>(PRE_COPY),
    "time-series-pre-copy": optionNames<TimeSeriesPreCopyOptions>({
      ...PRE_COPY,
      historyRounds: 0,
      threshold: 0,
      countWithheldInStopRules: 0,
    }),
    "post-copy": optionNames<PostCopyOptions>(POST_COPY),
    "hybrid": optionNames<HybridOptions>({ ...POST_COPY, preCopyRounds: 0 }),
  });

const CLOSED_FORM_BASE = {
  seed: 0,
  label: 0,
  preset: 0,
  setupSeconds: 0,
  resumeSeconds: 0,
} as const satisfies Record<keyof ClosedFormOfflineOptions, 0>;

/** The entries of `options` whose names are in `names` (the options a callee takes). */
export function pickOptions<T extends object>(options: T, names: readonly string[]): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([key]) => names.includes(key)),
  ) as Partial<T>;
}

/** `closedFormOffline`'s options. */
export const CLOSED_FORM_OFFLINE_OPTION_NAMES: readonly string[] = optionNames<
  ClosedFormOfflineOptions
>(CLOSED_FORM_BASE);
/** `closedFormPostCopy`'s options. */
export const CLOSED_FORM_POST_COPY_OPTION_NAMES: readonly string[] = optionNames<
  ClosedFormPostCopyOptions
>({ ...CLOSED_FORM_BASE, fetch: 0 });
/** `closedFormPreCopy`'s and `estimatePreCopy`'s options. */
export const CLOSED_FORM_PRE_COPY_OPTION_NAMES: readonly string[] = optionNames<
  ClosedFormPreCopyOptions
>({ ...CLOSED_FORM_BASE, stopRules: 0, model: 0, mechanisms: 0 });
/** `closedForm`'s options: the technique and every closed form's own. */
export const CLOSED_FORM_OPTION_NAMES: readonly string[] = optionNames<ClosedFormOptions>({
  ...CLOSED_FORM_BASE,
  stopRules: 0,
  model: 0,
  mechanisms: 0,
  technique: 0,
  fetch: 0,
});

/**
 * `migrate`'s options by technique and fidelity: the technique and fidelity, the technique's
 * own options, and under the closed form the closed forms' too (built once: `migrate` checks
 * them at every call).
 */
export const MIGRATE_OPTION_NAMES: Readonly<
  Record<TechniqueName, Readonly<Record<"page" | "closed-form", readonly string[]>>>
> = Object.freeze(
  Object.fromEntries(
    Object.entries(TECHNIQUE_OPTION_NAMES).map(([technique, names]) => {
      const page = ["technique", "fidelity", ...names];
      return [technique, { page, "closed-form": [...page, ...CLOSED_FORM_OPTION_NAMES] }];
    }),
  ) as unknown as Record<TechniqueName, Record<"page" | "closed-form", readonly string[]>>,
);

/** The fields of `mechanisms.compression` (and of the advisor's `options.compression`). */
export const COMPRESSION_OPTION_NAMES = optionNames<CompressionOptions>({
  algorithm: 0,
  ratio: 0,
  bytesPerSecondPerCore: 0,
});
