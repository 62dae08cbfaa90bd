import {
  func,
  integer,
  knownKeys,
  nonNegative,
  object,
  oneOf,
  options as checkOptions,
  requiredOptions,
  show,
} from "../_validate.ts";

/** Most migrations one study may run (workloads x techniques x seeds), checked before any. */
const MAX_STUDY_RUNS = 1_000_000;
import type { LinkSpec } from "../migration/link_spec.ts";
import {
  DEFAULT_TECHNIQUE_VARIANTS,
  migrate,
  type MigrateOptions,
  TECHNIQUE_NAMES,
  type TechniqueVariant,
} from "../migration/migrate.ts";
import { MIGRATE_OPTION_NAMES } from "../migration/_option_names.ts";
import type { MigrationResult } from "../migration/result.ts";
import type { Seed } from "../random/prng.ts";
import { MAX_PAGE_COUNT, validateWorkload } from "../workload/validate_workload.ts";
import type { WorkloadSpec } from "../workload/spec.ts";

/** A named workload of a study. */
export interface StudyWorkload {
  /** Name used in rows, tables and figures, e.g. `hot-cold`. */
  name: string;
  /** What the VM does while it migrates. */
  spec: WorkloadSpec;
}

/**
 * A study: one VM size and link, several workloads, several technique variants and
 * several seeds. Every run is `workload x technique x seed`, in that nesting order.
 */
export interface StudyConfig {
  /** Number of memory pages of the VM (integer >= 1). */
  pageCount: number;
  /** Bytes per page (integer >= 1). */
  pageSizeBytes: number;
  /** vCPU and device state sent while the VM is paused (bytes >= 0). */
  stateBytes: number;
  /** The link between source and destination. */
  link: LinkSpec;
  /** The workloads to run, each name given once (rows are grouped by name). */
  workloads: readonly StudyWorkload[];
  /**
   * The technique variants to compare, each label given once (rows are grouped by label);
   * their techniques and option names are checked before any run.
   */
  techniques: readonly TechniqueVariant[];
  /** The seeds, each given once; each run records its seed. */
  seeds: readonly Seed[];
}

/**
 * One run of a study as a flat record, ready for CSV and Plot: its workload's name, then the
 * migration result's scalar fields (see {@link MigrationResult}; in closed form `remoteFaults`
 * and `stallSeconds` are expected values, possibly fractional).
 */
export interface StudyRow extends
  Pick<
    MigrationResult,
    | "label"
    | "technique"
    | "seed"
    | "fidelity"
    | "totalSeconds"
    | "downtimeSeconds"
    | "bytesSent"
    | "pagesSent"
    | "rounds"
    | "converged"
    | "stopReason"
    | "remoteFaults"
    | "stallSeconds"
  > {
  /** Workload name. */
  workload: string;
}

/** Progress report passed to {@link StudyOptions.onProgress} after each run. */
export interface StudyProgress {
  /** Runs finished so far, including this one (1-based). */
  completed: number;
  /** Runs in the study. */
  total: number;
  /** The row of the run that just finished. */
  row: StudyRow;
  /** The full result of that run (round rows and timeline included). */
  result: MigrationResult;
}

/** Options of {@link runStudy}. */
export interface StudyOptions {
  /**
   * Called after every run, in run order.
   * @default {undefined}
   */
  onProgress?: (progress: StudyProgress) => void;
}

/**
 * The default study: a 4 GiB VM (1,048,576 pages of 4 KiB) with 256 KiB of vCPU and
 * device state, on a 1 Gbit/s link (125,000,000 B/s) with 100 µs latency and an
 * 8-byte header per page (QEMU's per-page `ram_addr | flags` word), under three
 * workloads (idle; uniform with 20,000 writes/s and 20,000 reads/s; hot-cold where
 * 5% of the pages take 90% of 20,000 writes/s and 20,000 reads/s), every default
 * technique variant, and seed 1.
 */
export const DEFAULT_STUDY_CONFIG: Readonly<StudyConfig> = Object.freeze({
  pageCount: 1048576,
  pageSizeBytes: 4096,
  stateBytes: 262144,
  link: Object.freeze({
    bandwidthBytesPerSecond: 125e6,
    latencySeconds: 1e-4,
    pageOverheadBytes: 8,
  }),
  workloads: Object.freeze([
    { name: "idle", spec: { kind: "idle" } },
    {
      name: "uniform",
      spec: { kind: "uniform", writesPerSecond: 20000, readsPerSecond: 20000 },
    },
    {
      name: "hot-cold",
      spec: {
        kind: "hot-cold",
        hotFraction: 0.05,
        hotShare: 0.9,
        writesPerSecond: 20000,
        readsPerSecond: 20000,
      },
    },
  ]) as readonly StudyWorkload[],
  techniques: DEFAULT_TECHNIQUE_VARIANTS,
  seeds: Object.freeze([1]),
});

/**
 * Runs every `workload x technique x seed` of a study and returns one flat row per
 * run, in that nesting order. The rows depend only on the config, never on timing.
 *
 * @param config The VM, link, workloads, technique variants and seeds.
 * @param options A progress callback.
 * @returns One {@link StudyRow} per run.
 *
 * @example A 16 MiB VM, one workload, two techniques
 * ```ts
 * import { DEFAULT_STUDY_CONFIG, runStudy } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const rows = runStudy({
 *   ...DEFAULT_STUDY_CONFIG,
 *   pageCount: 4096,
 *   workloads: [{ name: "idle", spec: { kind: "idle" } }],
 *   techniques: DEFAULT_STUDY_CONFIG.techniques.slice(0, 2),
 * });
 * assert.deepEqual(rows.map((r) => r.label), ["offline", "pre-copy/qemu"]);
 * assert.equal(rows[0]!.downtimeSeconds, rows[0]!.totalSeconds);
 * ```
 */
export function runStudy(
  config: StudyConfig,
  options: StudyOptions = {},
): StudyRow[] {
  const action = "run a study";
  const { onProgress } = checkOptions(action, "options", options, ["onProgress"]) as StudyOptions;
  if (onProgress !== undefined) func(action, "options.onProgress", onProgress);
  object(action, "config", config);
  knownKeys(action, "config", config as unknown as Record<string, unknown>, [
    "pageCount",
    "pageSizeBytes",
    "stateBytes",
    "link",
    "workloads",
    "techniques",
    "seeds",
  ]);
  integer(action, "config.pageCount", config.pageCount, 1, MAX_PAGE_COUNT);
  integer(action, "config.pageSizeBytes", config.pageSizeBytes, 1);
  nonNegative(action, "config.stateBytes", config.stateBytes);
  object(action, "config.link", config.link);
  for (const field of ["workloads", "techniques", "seeds"] as const) {
    if (!Array.isArray(config[field])) {
      throw new TypeError(
        `Cannot ${action} as config.${field} must be an array: current value is ${
          show(config[field])
        }`,
      );
    }
  }
  config.seeds.forEach((seed, i) => {
    if (typeof seed === "number" ? !Number.isFinite(seed) : typeof seed !== "string") {
      throw new TypeError(
        `Cannot ${action} as config.seeds[${i}] must be a string or a finite number: current value is ${
          show(seed)
        }`,
      );
    }
    // a seed twice is one run counted twice in summarizeStudy's means (which refuses it)
    const j = config.seeds.indexOf(seed);
    if (j < i) {
      throw new RangeError(
        `Cannot ${action} as config.seeds[${i}] must not repeat config.seeds[${j}]: current value is ${
          show(seed)
        }`,
      );
    }
  });
  const names = new Set<string>();
  config.workloads.forEach((workload, i) => {
    const at = `config.workloads[${i}]`;
    requiredOptions(action, at, workload, ["name", "spec"]);
    text(action, `config.workloads[${i}].name`, workload.name);
    // summarizeStudy groups rows by name: two workloads of one name would merge into one cell
    unique(action, `${at}.name`, workload.name, names);
    // checked before any run: a typo in the last workload failed after every run before it
    validateWorkload(workload.spec, config.pageCount, `${at}.spec`, action);
  });
  const labels = new Set<string>();
  config.techniques.forEach((variant, i) => {
    const at = `config.techniques[${i}]`;
    requiredOptions(action, at, variant, ["label", "options"]);
    text(action, `config.techniques[${i}].label`, variant.label);
    unique(action, `${at}.label`, variant.label, labels);
    const options = object(action, `${at}.options`, variant.options);
    // checked before any run, as the workloads are: a typo in the last variant failed only
    // after every run before it (migrate checks the option values themselves)
    const technique = oneOf(action, `${at}.options.technique`, options.technique, TECHNIQUE_NAMES);
    const fidelity = oneOf(
      action,
      `${at}.options.fidelity`,
      options.fidelity === undefined ? "page" : options.fidelity,
      ["page", "closed-form"] as const,
    );
    knownKeys(action, `${at}.options`, options, MIGRATE_OPTION_NAMES[technique][fidelity]);
  });
  const total = config.workloads.length * config.techniques.length *
    config.seeds.length;
  if (total > MAX_STUDY_RUNS) {
    throw new RangeError(
      `Cannot ${action} as workloads x techniques x seeds must be <= ${MAX_STUDY_RUNS}: current value is ${total}`,
    );
  }
  const rows: StudyRow[] = [];
  for (const [i, workload] of config.workloads.entries()) {
    const vm = {
      pageCount: config.pageCount,
      pageSizeBytes: config.pageSizeBytes,
      stateBytes: config.stateBytes,
      workload: workload.spec,
    };
    for (const [j, variant] of config.techniques.entries()) {
      for (const seed of config.seeds) {
        const result = named(
          action,
          `config.techniques[${j}] (${show(variant.label)}) on config.workloads[${i}] (${
            show(workload.name)
          }), seed ${show(seed)}`,
          () =>
            migrate(vm, config.link, {
              ...variant.options,
              seed,
              label: variant.label,
            } as MigrateOptions),
        );
        const row = toStudyRow(workload.name, result);
        rows.push(row);
        onProgress?.({ completed: rows.length, total, row, result });
      }
    }
  }
  return rows;
}

/**
 * `run()`, its error (a TypeError or RangeError: the run's options or the link refused) told
 * as the study's, naming the run.
 */
function named<T>(action: string, run: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof RangeError) {
      throw new RangeError(`Cannot ${action}: ${run}: ${error.message}`);
    }
    if (error instanceof TypeError) {
      throw new TypeError(`Cannot ${action}: ${run}: ${error.message}`);
    }
    throw error;
  }
}

/** Requires a value not in `seen` (then adds it): rows are grouped by name and label. */
function unique(action: string, field: string, value: string, seen: Set<string>): void {
  if (seen.has(value)) {
    throw new RangeError(
      `Cannot ${action} as ${field} must be unique: current value is ${show(value)}, given before`,
    );
  }
  seen.add(value);
}

/** Requires a string. */
function text(action: string, field: string, value: unknown): void {
  if (typeof value !== "string") {
    throw new TypeError(
      `Cannot ${action} as ${field} must be a string: current value is ${show(value)}`,
    );
  }
}

/** Flattens a result into a study row. */
function toStudyRow(workload: string, result: MigrationResult): StudyRow {
  return {
    workload,
    label: result.label,
    technique: result.technique,
    seed: result.seed,
    fidelity: result.fidelity,
    totalSeconds: result.totalSeconds,
    downtimeSeconds: result.downtimeSeconds,
    bytesSent: result.bytesSent,
    pagesSent: result.pagesSent,
    rounds: result.rounds,
    converged: result.converged,
    stopReason: result.stopReason,
    remoteFaults: result.remoteFaults,
    stallSeconds: result.stallSeconds,
  };
}
