/**
 * What a sweep runs: a run kind turns one flat row of parameter values (and a seed)
 * into one flat row of metrics. Sweeps of migrations, reliability missions and any
 * other study share the expansion, workers, shards, resume and output; only the
 * run kind differs. `SWEEP_RUN_KINDS` (see `run_kinds.ts`) names the built-in ones.
 *
 * @module
 */
import { label, object } from "../_validate.ts";

/** A value of a sweep parameter or metric: flat, so rows fit CSV and JSON Lines. */
export type SweepValue = string | number | boolean;

/** A flat record of named values. */
export type SweepRecord = Record<string, SweepValue>;

/** The values a parameter accepts. */
export type SweepParameterCheck =
  | {
    /** A number. */
    type: "number";
    /** Least value allowed. */
    min?: number;
    /** Whether `min` itself is excluded. */
    minExclusive?: boolean;
    /** Greatest value allowed (inclusive). */
    max?: number;
    /** Whether the number must be an integer. */
    integer?: boolean;
  }
  | {
    /** One of a list of names. */
    type: "choice";
    /** The names allowed. */
    values: readonly string[];
  };

/** A parameter of a run kind: its meaning (with unit), default and accepted values. */
export interface SweepParameter {
  /** What the parameter means, with its unit. */
  description: string;
  /** Value when the sweep does not set it. */
  default: SweepValue;
  /** Values accepted. */
  check: SweepParameterCheck;
}

/**
 * A kind of run: its parameters with defaults, its metrics, and the function from a
 * parameter row and a seed to a metrics row.
 */
export interface RunKind {
  /** Name used in sweep specs (`kind`). */
  name: string;
  /** One line on what a run computes. */
  description: string;
  /** Every parameter, in the order rows list them. */
  parameters: Readonly<Record<string, SweepParameter>>;
  /** Metric names, in the order rows list them. */
  metrics: readonly string[];
  /**
   * Checks a complete parameter row for constraints between parameters, throwing a
   * RangeError naming the fields (single values are checked from `parameters`).
   */
  check?: (parameters: Readonly<SweepRecord>) => void;
  /**
   * Runs once: a pure function of the parameters and seed.
   *
   * @param parameters Every parameter of the kind (defaults filled in).
   * @param seed The run's seed (an unsigned 32-bit integer).
   * @returns One value per metric.
   */
  run: (parameters: Readonly<SweepRecord>, seed: number) => SweepRecord;
}

/**
 * Checks one parameter value against its declared check.
 *
 * @param action The action named in the error, e.g. `"run a sweep"`.
 * @param field Where the value sits in the spec, e.g. `"grid.writesPerSecond[2]"`.
 * @param parameter The parameter's declaration.
 * @param value The value to check.
 * @returns The value.
 *
 * @example A technique outside the choices is rejected
 * ```ts
 * import { checkSweepValue } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const technique = { description: "technique", default: "pre-copy",
 *   check: { type: "choice" as const, values: ["offline", "pre-copy"] } };
 * assert.equal(checkSweepValue("run a sweep", "technique", technique, "offline"), "offline");
 * assert.throws(() => checkSweepValue("run a sweep", "technique", technique, "pre-cpy"), {
 *   message: 'Cannot run a sweep as technique must be one of "offline", "pre-copy": current value is "pre-cpy"',
 * });
 * ```
 */
export function checkSweepValue(
  action: string,
  field: string,
  parameter: SweepParameter,
  value: unknown,
): SweepValue {
  label("check a sweep value", "action", action);
  label("check a sweep value", "field", field);
  object(action, `${field} parameter`, parameter);
  object(action, `${field} parameter.check`, parameter.check);
  const check = parameter.check;
  if (check.type === "choice") {
    if (typeof value !== "string" || !check.values.includes(value)) {
      throw new TypeError(
        `Cannot ${action} as ${field} must be one of ${
          check.values.map((v) => `"${v}"`).join(", ")
        }: current value is ${JSON.stringify(value) ?? String(value)}`,
      );
    }
    return value;
  }
  if (typeof value !== "number") {
    throw new TypeError(
      `Cannot ${action} as ${field} must be a number: current value is ${
        JSON.stringify(value) ?? String(value)
      }`,
    );
  }
  const { min, max, minExclusive = false, integer = false } = check;
  const bad = !Number.isFinite(value) || (integer && !Number.isInteger(value)) ||
    (min !== undefined && (minExclusive ? !(value > min) : !(value >= min))) ||
    (max !== undefined && !(value <= max));
  if (bad) {
    const parts = [integer ? "an integer" : "a finite number"];
    if (min !== undefined) parts.push(`${minExclusive ? ">" : ">="} ${min}`);
    if (max !== undefined) parts.push(`${min !== undefined ? "and " : ""}<= ${max}`);
    throw new RangeError(
      `Cannot ${action} as ${field} must be ${parts.join(" ")}: current value is ${value}`,
    );
  }
  return value;
}
