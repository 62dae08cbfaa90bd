import { createPrng, type Seed } from "../random/prng.ts";
import { knownKeys, show } from "../_validate.ts";
import { checkSweepValue, type RunKind, type SweepRecord, type SweepValue } from "./run_kind.ts";
import { SWEEP_RUN_KINDS } from "./run_kinds.ts";

/** A named bundle of parameter values, e.g. a technique with its options. */
export interface SweepVariant {
  /** Name shown in rows (column `variant`), unique within the sweep. */
  label: string;
  /** Parameter values of the variant. */
  parameters: SweepRecord;
}

/**
 * A sweep as plain data (JSON): every combination of `points` x `grid` x `variants`
 * x `replicates` is one run of the run kind named by `kind`.
 *
 * Expansion order, outermost first: points, then the grid (its keys in the order
 * given, the first key outermost), then variants, then replicates. Run ids are the
 * positions in that order (0, 1, ...); rows are always written in id order.
 */
export interface SweepSpec {
  /** Run kind, a key of `SWEEP_RUN_KINDS` (e.g. `"migration"`). */
  kind: string;
  /** The sweep seed; every run's seed derives from it and the run's parameters. */
  seed: Seed;
  /**
   * Optional name, recorded in the output's sidecar (with the spec, as given).
   * @default {undefined} (no name in the sidecar's spec)
   */
  name?: string;
  /**
   * Values every run shares (not a grid parameter's).
   * @default {{}}
   */
  fixed?: SweepRecord;
  /**
   * Parameter name -> the values to cross (each a non-empty array of distinct values).
   * @default {{}}
   */
  grid?: Record<string, readonly SweepValue[]>;
  /**
   * An explicit list of parameter rows, each crossed with the grid (a row must not
   * set a grid parameter, nor repeat another row).
   * @default {[{}]}
   */
  points?: readonly SweepRecord[];
  /**
   * Named bundles of parameters (e.g. techniques), each crossed with every grid point.
   * @default {[{ label: "default", parameters: {} }]}
   */
  variants?: readonly SweepVariant[];
  /**
   * Repetitions of every combination with different seeds (integer >= 1).
   * @default {1}
   */
  replicates?: number;
}

/** One run of an expanded sweep. */
export interface SweepRun {
  /** Position in expansion order; the row's `run` column. */
  id: number;
  /** Label of the run's variant. */
  variant: string;
  /** Replicate number, 0-based. */
  replicate: number;
  /**
   * The run's seed: an unsigned 32-bit integer drawn from the stream
   * `createPrng(sweep seed, "sweep-run", <grid-point parameters as sorted JSON>, replicate)`.
   * It depends on the sweep seed, the parameters and the replicate, never on the
   * run's position, and variants of one grid point share it (common random numbers).
   */
  seed: number;
  /** The parameters the spec sets for this run (fixed, point, grid, variant). */
  parameters: SweepRecord;
}

/** A sweep expanded: the spec, its run kind, the row columns and every run. */
export interface ExpandedSweep {
  /** The spec as given (validated). */
  spec: SweepSpec;
  /** The run kind. */
  kind: RunKind;
  /** Names of the parameters the spec sets, in the kind's declaration order. */
  parameterColumns: string[];
  /** Every column of a row: run, variant, replicate, seed, parameters, metrics. */
  columns: string[];
  /** Every run, in id order. */
  runs: SweepRun[];
}

const ACTION = "run a sweep";

/**
 * Most runs one sweep lists (a study beyond it is several sweeps): a million runs' records
 * take some hundreds of MB before any of them runs.
 */
const MAX_SWEEP_RUNS = 1_000_000;
const SPEC_KEYS = ["kind", "seed", "name", "fixed", "grid", "points", "variants", "replicates"];

/**
 * Validates a sweep spec and lists its runs: a deterministic, ordered list whose ids
 * and seeds depend only on the spec. Errors name the field and the value (unknown
 * parameter, empty grid, bad value, duplicate label).
 *
 * @param spec The sweep.
 * @returns The run kind, columns and runs.
 *
 * @example Two bandwidths x two techniques x two replicates is eight runs
 * ```ts
 * import { expandSweep } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const sweep = expandSweep({
 *   kind: "migration",
 *   seed: 1,
 *   grid: { bandwidthBytesPerSecond: [125e6, 1.25e9] },
 *   variants: [
 *     { label: "pre-copy", parameters: { technique: "pre-copy" } },
 *     { label: "post-copy", parameters: { technique: "post-copy" } },
 *   ],
 *   replicates: 2,
 * });
 * assert.equal(sweep.runs.length, 8);
 * assert.equal(sweep.runs[0]!.seed, sweep.runs[2]!.seed); // variants share seeds
 * assert.notEqual(sweep.runs[0]!.seed, sweep.runs[1]!.seed); // replicates do not
 * assert.throws(() => expandSweep({ kind: "migration", seed: 1, grid: { bandwith: [1] } }), {
 *   message: /grid key must be a parameter of run kind "migration".*current value is "bandwith"/,
 * });
 * ```
 */
export function expandSweep(spec: SweepSpec): ExpandedSweep {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    throw new TypeError(
      `Cannot ${ACTION} as spec must be an object: current value is ${show(spec)}`,
    );
  }
  for (const key of Object.keys(spec)) {
    if (!SPEC_KEYS.includes(key)) {
      throw new TypeError(
        `Cannot ${ACTION} as every spec key must be one of ${
          SPEC_KEYS.join(", ")
        }: current value is ${show(key)}`,
      );
    }
  }
  const kindNames = Object.keys(SWEEP_RUN_KINDS);
  if (typeof spec.kind !== "string" || !kindNames.includes(spec.kind)) {
    throw new TypeError(
      `Cannot ${ACTION} as kind must be one of ${
        kindNames.map((k) => `"${k}"`).join(", ")
      }: current value is ${show(spec.kind)}`,
    );
  }
  const kind = SWEEP_RUN_KINDS[spec.kind]!;
  if (
    typeof spec.seed === "number" ? !Number.isFinite(spec.seed) : typeof spec.seed !== "string"
  ) {
    throw new TypeError(
      `Cannot ${ACTION} as seed must be a string or a finite number: current value is ${
        show(spec.seed) ?? String(spec.seed)
      }`,
    );
  }
  if (spec.name !== undefined && typeof spec.name !== "string") {
    throw new TypeError(
      `Cannot ${ACTION} as name must be a string: current value is ${show(spec.name)}`,
    );
  }
  const {
    fixed = {},
    grid = {},
    points = [{}],
    variants = [{ label: "default", parameters: {} }],
    replicates = 1,
  } = spec;
  if (!Number.isInteger(replicates) || replicates < 1) {
    throw new RangeError(
      `Cannot ${ACTION} as replicates must be an integer >= 1: current value is ${
        show(replicates)
      }`,
    );
  }
  const parameter = (field: string, name: string) => {
    const declared = kind.parameters[name];
    if (declared === undefined || !Object.hasOwn(kind.parameters, name)) {
      throw new TypeError(
        `Cannot ${ACTION} as ${field} key must be a parameter of run kind "${kind.name}" (${
          Object.keys(kind.parameters).join(", ")
        }): current value is ${show(name)}`,
      );
    }
    return declared;
  };
  const record = (field: string, value: unknown): SweepRecord => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new TypeError(
        `Cannot ${ACTION} as ${field} must be an object: current value is ${show(value)}`,
      );
    }
    for (const [name, v] of Object.entries(value)) {
      checkSweepValue(ACTION, `${field}.${name}`, parameter(field, name), v);
    }
    return value as SweepRecord;
  };
  record("fixed", fixed);
  if (typeof grid !== "object" || grid === null || Array.isArray(grid)) {
    throw new TypeError(
      `Cannot ${ACTION} as grid must be an object: current value is ${show(grid)}`,
    );
  }
  const gridKeys = Object.keys(grid);
  for (const name of gridKeys) {
    const declared = parameter("grid", name);
    const values: unknown = grid[name];
    if (!Array.isArray(values) || values.length === 0) {
      throw new RangeError(
        `Cannot ${ACTION} as grid.${name} must be a non-empty array: current value is ${
          show(values)
        }`,
      );
    }
    values.forEach((v, i) => {
      checkSweepValue(ACTION, `grid.${name}[${i}]`, declared, v);
      // a value twice is the same runs twice, with the same seeds
      const j = values.indexOf(v);
      if (j < i) {
        throw new TypeError(
          `Cannot ${ACTION} as grid.${name}[${i}] must not repeat grid.${name}[${j}]: current value is ${
            show(v)
          }`,
        );
      }
    });
  }
  // the grid's values would replace the fixed one in every run
  const fixedInGrid = Object.keys(fixed).find((name) => gridKeys.includes(name));
  if (fixedInGrid !== undefined) {
    throw new TypeError(
      `Cannot ${ACTION} as fixed must not set a grid parameter: current value is ${
        show(fixedInGrid)
      }`,
    );
  }
  if (!Array.isArray(points) || points.length === 0) {
    throw new RangeError(
      `Cannot ${ACTION} as points must be a non-empty array: current value is ${show(points)}`,
    );
  }
  const pointKeys: string[] = [];
  points.forEach((p, i) => {
    record(`points[${i}]`, p);
    // a point twice (over fixed) is the same runs twice, with the same seeds
    const merged: SweepRecord = { ...fixed, ...p };
    const pointKey = JSON.stringify(Object.keys(merged).sort().map((name) => [name, merged[name]]));
    const j = pointKeys.indexOf(pointKey);
    if (j >= 0) {
      throw new TypeError(
        `Cannot ${ACTION} as points[${i}] must not repeat points[${j}] (with fixed): current value is ${
          show(p)
        }`,
      );
    }
    pointKeys.push(pointKey);
    // the grid's value would replace the point's in every run
    const inGrid = Object.keys(p).find((name) => gridKeys.includes(name));
    if (inGrid !== undefined) {
      throw new TypeError(
        `Cannot ${ACTION} as points[${i}] must not set a grid parameter: current value is ${
          show(inGrid)
        }`,
      );
    }
  });
  if (!Array.isArray(variants) || variants.length === 0) {
    throw new RangeError(
      `Cannot ${ACTION} as variants must be a non-empty array: current value is ${show(variants)}`,
    );
  }
  const labels = new Set<string>();
  variants.forEach((v, i) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) {
      throw new TypeError(
        `Cannot ${ACTION} as variants[${i}] must be an object: current value is ${show(v)}`,
      );
    }
    if (typeof v.label !== "string" || v.label === "") {
      throw new TypeError(
        `Cannot ${ACTION} as variants[${i}].label must be a non-empty string: current value is ${
          show(v?.label)
        }`,
      );
    }
    if (labels.has(v.label)) {
      throw new TypeError(
        `Cannot ${ACTION} as variants[${i}].label must be unique: current value is ${
          show(v.label)
        }`,
      );
    }
    labels.add(v.label);
    knownKeys(ACTION, `variants[${i}]`, v as unknown as Record<string, unknown>, [
      "label",
      "parameters",
    ]);
    record(`variants[${i}].parameters`, v.parameters);
    for (const name of Object.keys(v.parameters)) {
      if (gridKeys.includes(name)) {
        throw new TypeError(
          `Cannot ${ACTION} as variants[${i}].parameters must not set a grid parameter: current value is ${
            show(name)
          }`,
        );
      }
    }
  });

  const set = new Set<string>([
    ...Object.keys(fixed),
    ...gridKeys,
    ...points.flatMap((p) => Object.keys(p)),
    ...variants.flatMap((v) => Object.keys(v.parameters)),
  ]);
  const parameterColumns = Object.keys(kind.parameters).filter((name) => set.has(name));
  const columns = ["run", "variant", "replicate", "seed", ...parameterColumns, ...kind.metrics];
  const defaults = Object.fromEntries(
    Object.entries(kind.parameters).map(([name, p]) => [name, p.default]),
  );

  // counted before any run is listed (8.6e278 replicates ran the machine out of memory)
  let count = points.length * variants.length * replicates;
  for (const name of gridKeys) count *= grid[name]!.length;
  if (count > MAX_SWEEP_RUNS) {
    throw new RangeError(
      `Cannot ${ACTION} as its runs (points x grid combinations x variants x replicates) must be <= ${MAX_SWEEP_RUNS}: current value is ${count}`,
    );
  }
  const runs: SweepRun[] = [];
  for (const point of points) {
    for (const combination of gridCombinations(grid, gridKeys)) {
      const base: SweepRecord = { ...fixed, ...point, ...combination };
      const key = JSON.stringify(Object.keys(base).sort().map((name) => [name, base[name]]));
      for (const variant of variants) {
        const parameters: SweepRecord = { ...base, ...variant.parameters };
        kind.check?.({ ...defaults, ...parameters });
        for (let replicate = 0; replicate < replicates; replicate++) {
          const seed = Math.floor(createPrng(spec.seed, "sweep-run", key, replicate)() * 2 ** 32);
          runs.push({ id: runs.length, variant: variant.label, replicate, seed, parameters });
        }
      }
    }
  }
  return { spec, kind, parameterColumns, columns, runs };
}

/** Every combination of the grid's values, the first key outermost. */
function* gridCombinations(
  grid: Record<string, readonly SweepValue[]>,
  keys: readonly string[],
): Generator<SweepRecord> {
  const index = keys.map(() => 0);
  while (true) {
    yield Object.fromEntries(keys.map((k, i) => [k, grid[k]![index[i]!]!]));
    let i = keys.length - 1;
    while (i >= 0 && ++index[i]! === grid[keys[i]!]!.length) index[i--] = 0;
    if (i < 0) return;
  }
}
